# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Failures people can act on: one line with the operation and the API's own words, plus structure."""

from __future__ import annotations

from ansible_collections.ozonetel.cloudagent.plugins.module_utils.redact import Redactor


class ValidationError(ValueError):
    """A local input error found before any request: str() is '<field>: <message>'."""

    def __init__(self, field, message, rule=None, value=None):
        super().__init__('%s: %s' % (field, message))
        self.field = field
        self.message = message
        self.rule = rule
        self.value = value


class OutcomeFields:
    """kind and code of the classify.Outcome held in self.outcome: the same on a response and on an error."""

    __slots__ = ()

    @property
    def kind(self):
        return self.outcome.kind

    @property
    def code(self):
        return self.outcome.code


class CloudAgentError(OutcomeFields, Exception):
    """A call that did not succeed.

    outcome is a classify.Outcome (kind, code, message, data); applied is True, False, or None when the
    request may or may not have taken effect (a write whose answer was lost: never resent). Every text
    and the body are redacted at construction, so nothing that reads the error can leak a secret.
    """

    def __init__(self, operation, outcome, http_status=None, endpoint=None, body=None, applied=False,
                 redactor=None, note=None):
        redactor = redactor or Redactor()
        self.operation = operation
        self.outcome = outcome._replace(message=redactor.text(outcome.message), data=redactor.obj(outcome.data))
        self.http_status = http_status
        self.endpoint = endpoint
        self.body = redactor.obj(body)
        self.applied = applied
        self.note = redactor.text(note) if note else None
        super().__init__(self._line())

    def _line(self):
        message = self.outcome.message or self.outcome.kind
        if self.note:
            message = '%s; %s' % (message, self.note)
        where = 'HTTP %s' % self.http_status if self.http_status is not None else 'no HTTP response'
        return '%s failed: %s (%s, %s)' % (self.operation, message, where, self.outcome.kind)

    def __str__(self):
        return self._line()

    def resolved(self, note):
        """The one-line message with the note replaced: for an outcome a read-back settled (so the client's
        "may have been applied" no longer holds)."""
        message = self.outcome.message or self.outcome.kind
        where = 'HTTP %s' % self.http_status if self.http_status is not None else 'no HTTP response'
        return '%s failed: %s; %s (%s, %s)' % (self.operation, message, note, where, self.outcome.kind)

    def to_result(self):
        """Keyword arguments for module.fail_json (already redacted)."""
        return {
            'msg': self._line(),
            'http_status': self.http_status,
            'kind': self.outcome.kind,
            'code': self.outcome.code,
            'endpoint': self.endpoint,
            'response': self.body,
            'applied': self.applied,
        }
