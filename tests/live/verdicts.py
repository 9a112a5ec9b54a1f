# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""One verdict per assumption: confirmed, contradicted or not checked, with what was observed.

A test checks one assumption inside ``with live.check('3') as check:``. The block ends as
confirmed (every expectation held; the test passes), contradicted (an expectation failed; the test fails)
or not checked (``check.not_checked(reason)`` or an error; the test is skipped or errors).
"""

from __future__ import annotations

import pytest

from ansible_collections.ozonetel.cloudagent.tests.live.assumptions import ASSUMPTIONS, BY_ID

CONFIRMED = 'confirmed'
CONTRADICTED = 'contradicted'
NOT_CHECKED = 'not checked'
VERDICTS = (CONFIRMED, CONTRADICTED, NOT_CHECKED)


class NotChecked(Exception):
    """Raised inside a check when the assumption cannot be checked safely on this account or run."""


class Verdicts:
    """The report's rows, pre-filled as "not checked" so a check that never ran is reported as such."""

    def __init__(self):
        self.rows = {item.id: {'id': item.id, 'title': item.title, 'expected': item.expected, 'verdict': NOT_CHECKED,
                               'reason': 'the check did not run', 'observed': [], 'notes': []}
                     for item in ASSUMPTIONS}

    def record(self, assumption_id, verdict, reason, observed, notes):
        if verdict not in VERDICTS:
            raise ValueError('unknown verdict %r' % verdict)
        self.rows[assumption_id].update(verdict=verdict, reason=reason, observed=[o.to_dict() for o in observed],
                                        notes=list(notes))

    def ordered(self):
        return [self.rows[item.id] for item in ASSUMPTIONS]

    def counts(self):
        counts = dict.fromkeys(VERDICTS, 0)
        for row in self.rows.values():
            counts[row['verdict']] += 1
        return counts


class Check:
    """The context of one assumption's check: observations made, expectations that failed, notes."""

    def __init__(self, verdicts, assumption_id, redact):
        if assumption_id not in BY_ID:
            raise ValueError('no assumption %r in tests/live/assumptions.py' % assumption_id)
        self.verdicts = verdicts
        self.id = assumption_id
        self.redact = redact
        self.observed = []
        self.failures = []
        self.notes = []

    def add(self, observation):
        """Keep an observation for the report; returns it."""
        self.observed.append(observation)
        return observation

    def expect(self, condition, description):
        """Record an expectation of the assumption; False adds it to the failures (the verdict: contradicted)."""
        if not condition:
            self.failures.append(self.redact(description))
        return bool(condition)

    def note(self, text):
        self.notes.append(self.redact(text))

    def not_checked(self, reason):
        raise NotChecked(reason)

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, traceback):
        if exc_type is not None and issubclass(exc_type, NotChecked):
            reason = self.redact(str(exc))
            self.verdicts.record(self.id, NOT_CHECKED, reason, self.observed, self.notes)
            pytest.skip('assumption %s not checked: %s' % (self.id, reason))
        if exc_type is not None:
            reason = 'error: %s: %s' % (exc_type.__name__, self.redact(str(exc)))
            self.verdicts.record(self.id, NOT_CHECKED, reason, self.observed, self.notes)
            return False
        if self.failures:
            reason = '; '.join(self.failures)
            self.verdicts.record(self.id, CONTRADICTED, reason, self.observed, self.notes)
            pytest.fail('assumption %s contradicted: %s' % (self.id, reason), pytrace=False)
        self.verdicts.record(self.id, CONFIRMED, 'as assumed', self.observed, self.notes)
        return False
