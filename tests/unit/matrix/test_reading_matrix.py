# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The reading matrix (issue 14): every module scenario family under every reading of every behaviour switch.

A cell fails if any goal ends with the module reporting success while the simulator holds something else, if
the known-state store records what the server does not hold, if check mode writes, if a converged goal's rerun
is not a no-op, or if a goal fails without naming its cause. The table in docs/api-contract.md ("Readings")
is rendered from these cells and compared: CLOUDAGENT_WRITE_MATRIX=1 rewrites it.

Switches come from the simulator's one registry (state.BEHAVIOUR_CHOICES), explained in readings.QUESTIONS.
"""

from __future__ import annotations

import os

import pytest

from cloudagent_sim.readings import ALL, FAMILIES, QUESTIONS, Question, readings, unexplained
from cloudagent_sim.state import BEHAVIOUR_CHOICES

from ansible_collections.ozonetel.cloudagent.plugins.module_utils import engine
from ansible_collections.ozonetel.cloudagent.tests.unit.matrix.oracle import CAUSES, run_cell, verdict
from ansible_collections.ozonetel.cloudagent.tests.unit.matrix.scenarios import FAMILIES as SCENARIOS
from ansible_collections.ozonetel.cloudagent.tests.unit.module_runner import clear_cloudagent_environment
from ansible_collections.ozonetel.cloudagent.tests.unit.plugins.modules.agent_sim_client import sim_clock_client

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
CONTRACT = os.path.join(ROOT, 'docs', 'api-contract.md')
BEGIN = '<!-- reading-matrix:begin -->'
END = '<!-- reading-matrix:end -->'
TITLES = {'phone': 'phone', 'phone_legacy': 'phone (legacy)', 'blocklist': 'blocklist', 'did': 'did',
          'campaign_info': 'campaign_info', 'agent': 'agent'}
_RESULTS = {}
# Read at import: the tests clear every CLOUDAGENT_* variable before running modules.
WRITE_TABLE = os.environ.get('CLOUDAGENT_WRITE_MATRIX') == '1'


def question(switch):
    return QUESTIONS.get(switch) or Question('(not explained in readings.py yet)', '?', ALL)


def _cells():
    cells = [(family, None, None) for family in FAMILIES]
    for switch, reading, default in readings():
        if not default:
            cells.extend((family, switch, reading) for family in question(switch).families)
    return cells


def _cell(sim, tmp_path_factory, capsys, family, switch, reading):
    key = (family, switch, reading)
    if key not in _RESULTS:
        behaviour = {switch: reading} if switch else {}
        ledger = str(tmp_path_factory.mktemp('ledger'))
        original = engine.Context._make_client
        if family == 'agent':   # 5 writes a minute: wait on the simulator's clock, not the test's
            engine.Context._make_client = sim_clock_client(sim, str(tmp_path_factory.mktemp('pacing')))
        try:
            _RESULTS[key] = run_cell(sim, SCENARIOS[family], behaviour, ledger, capsys, CAUSES.get((switch, reading)))
        finally:
            engine.Context._make_client = original
    return _RESULTS[key]


@pytest.fixture
def clean_env(monkeypatch, tmp_path):
    clear_cloudagent_environment(monkeypatch)
    monkeypatch.setenv('HOME', str(tmp_path))


@pytest.mark.parametrize('family,switch,reading', _cells(),
                         ids=lambda v: 'default' if v is None else str(v))
def test_no_silent_success(sim, tmp_path_factory, capsys, clean_env, family, switch, reading):  # pylint: disable=unused-argument
    cell = _cell(sim, tmp_path_factory, capsys, family, switch, reading)
    assert cell.violations == []


def test_every_switch_is_explained():
    assert unexplained() == [], ('behaviour switches without a Question in tests/simulator/cloudagent_sim/readings.py '
                                 '(add one line each: what the pages leave open, and which scenario families its '
                                 'readings can change)')
    assert set(FAMILIES) == set(SCENARIOS)


def cell(outcome, q, family, switch, reading, default):
    """One table cell: the family's verdict under the reading (the default reading: the baseline run), the reason
    no request can reveal it (q.limits), or a dash when the reading cannot change the family's requests."""
    if family in q.families:
        return outcome(family, None, None) if default else outcome(family, switch, reading)
    if family in q.limits:
        return outcome(family, None, None) if default else q.limits[family]
    return '—'


def render(outcome):
    """The Markdown table: one row per switch and reading, one column per scenario family."""
    lines = ['| Question | Reading | %s |' % ' | '.join(TITLES[f] for f in FAMILIES),
             '|---|---|%s' % ('---|' * len(FAMILIES))]
    for switch, reading, default in readings():
        q = question(switch)
        cells = [cell(outcome, q, f, switch, reading, default) for f in FAMILIES]
        assumed = ' (assumed)' if default else ''
        lines.append('| %s (%s) | `%s: %s`%s | %s |' % (q.text, q.where, switch, reading, assumed, ' | '.join(cells)))
    return '\n'.join(lines)


def test_contract_table_is_the_matrix(sim, tmp_path_factory, capsys, clean_env):  # pylint: disable=unused-argument
    table = render(lambda f, s, r: verdict(_cell(sim, tmp_path_factory, capsys, f, s, r), CAUSES.get((s, r))))
    with open(CONTRACT, encoding='utf-8') as handle:
        text = handle.read()
    assert BEGIN in text and END in text, 'docs/api-contract.md lost its %s ... %s markers' % (BEGIN, END)
    head, rest = text.split(BEGIN, 1)
    current, tail = rest.split(END, 1)
    if WRITE_TABLE:
        with open(CONTRACT, 'w', encoding='utf-8') as handle:
            handle.write('%s%s\n%s\n%s%s' % (head, BEGIN, table, END, tail))
        return
    assert current.strip() == table, ('docs/api-contract.md "Readings" table differs from the matrix; rerun with '
                                      'CLOUDAGENT_WRITE_MATRIX=1 to rewrite it:\n%s' % table)


def test_registry_is_the_simulators():
    """The matrix reads the one registry: every reading it runs is a choice the simulator accepts."""
    assert [(s, r) for s, r, _default in readings()] == [(s, r) for s, cs in BEHAVIOUR_CHOICES.items() for r in cs]


def test_the_oracle_catches_the_rename_it_was_built_for(sim, tmp_path, capsys, clean_env, monkeypatch):  # pylint: disable=unused-argument
    """The matrix can fail: the collection as it was before issue 14 (one rename spelling, no read-back) is a
    silent success under the table's spelling, and the store then records a rename the server never made."""
    from ansible_collections.ozonetel.cloudagent.plugins.module_utils import phone
    from ansible_collections.ozonetel.cloudagent.plugins.modules import cloudagent_phone

    def one_spelling(old, name, number, assign=(), unassign=()):
        body = {'phoneNumber': old['number'], 'phoneName': old['name'], 'phoneNumberNew': number}
        if name != old['name']:
            body['phoneNameNew'] = name
        return body
    monkeypatch.setattr(phone, 'edit_body', one_spelling)
    monkeypatch.setattr(cloudagent_phone.PhoneResource, '_confirm', lambda *args, **kwargs: None)
    cell = run_cell(sim, SCENARIOS['phone'], {'phone_rename_key': 'PhoneNameNew'}, str(tmp_path / 'ledger'), capsys)
    assert any('rename run 1: SILENT SUCCESS' in v for v in cell.violations), cell.violations
    assert any('the store records what the server does not hold' in v for v in cell.violations), cell.violations
