# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Live smoke suite wiring: skip without CLOUDAGENT_LIVE=1 and credentials, one LiveSession per run,
clean-up at the end, the report written at session finish and summarised in the terminal.

How to run it, what it changes and its opt-ins: docs/live-suite.md.
"""

from __future__ import annotations

import datetime
import os

import pytest

from ansible_collections.ozonetel.cloudagent.tests.live import live_config, report
from ansible_collections.ozonetel.cloudagent.tests.live.own_agents import OwnAgents
from ansible_collections.ozonetel.cloudagent.tests.live.own_group import OwnGroup
from ansible_collections.ozonetel.cloudagent.tests.live.own_phones import OwnPhones
from ansible_collections.ozonetel.cloudagent.tests.live.session import LiveSession

HERE = os.path.dirname(os.path.abspath(__file__))
SESSION = pytest.StashKey()
REPORT_PATHS = pytest.StashKey()
SKIPPED = pytest.StashKey()


def _is_live(item):
    return os.path.dirname(str(item.path)).startswith(HERE)


def pytest_collection_modifyitems(config, items):
    live_items = [item for item in items if _is_live(item)]
    if not live_items:
        return
    reason = live_config.skip_reason()
    if reason is None:
        try:
            live_config.load()
        except live_config.LiveConfigError as exc:
            raise pytest.UsageError('live suite: %s' % exc) from None
        return
    config.stash[SKIPPED] = reason
    for item in live_items:
        item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(scope='session')
def live(pytestconfig):
    session = LiveSession(live_config.load())
    session.started = datetime.datetime.now(datetime.timezone.utc).isoformat(timespec='seconds')
    session.phones = OwnPhones(session)
    session.group = OwnGroup(session)
    session.agents = OwnAgents(session)
    pytestconfig.stash[SESSION] = session
    yield session
    failures = []
    for name, step in (('phones', session.phones.cleanup), ('block group', session.group.cleanup),
                       ('agents', session.agents.cleanup)):
        try:
            step()
        except Exception as exc:  # pylint: disable=broad-exception-caught  # report every clean-up failure
            text = session.redactor.text('%s: %s' % (type(exc).__name__, exc))
            session.cleanup_log.append(('clean-up of the %s' % name, 'FAILED: %s' % text))
            failures.append(text)
    session.close()
    if failures:
        pytest.fail('live suite clean-up failed (see the report): %s' % '; '.join(failures), pytrace=False)


def pytest_sessionfinish(session):
    live = session.config.stash.get(SESSION, None)
    if live is None:
        return
    data = report.build(live, live.started)
    session.config.stash[REPORT_PATHS] = (data, report.write(data, live.config.report_dir, live.secrets()))


def pytest_terminal_summary(terminalreporter, config):
    reason = config.stash.get(SKIPPED, None)
    if reason is not None:
        terminalreporter.write_line('skipped: %s' % reason)
        return
    written = config.stash.get(REPORT_PATHS, None)
    if written is None:
        return
    data, paths = written
    terminalreporter.section('CloudAgent live suite: assumptions of docs/api-contract.md')
    for line in report.table(data):
        terminalreporter.write_line(line)
    terminalreporter.write_line('%(confirmed)d confirmed, %(contradicted)d contradicted, %(not checked)d not checked'
                                % data['counts'])
    for path in paths:
        terminalreporter.write_line('report: %s' % path)
