# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The agent probes of the live suite, proved against the simulator: every reading of each agent switch
contradicts exactly its own assumption; probes that depend on what it changes become "not checked", never
"confirmed" by accident. The suite waits by moving the simulator's clock (CLOUDAGENT_LIVE_WAIT=simulator)."""

from __future__ import annotations

import pytest

from cloudagent_sim import Simulator
from cloudagent_sim.state import load_fixture

from ansible_collections.ozonetel.cloudagent.tests.unit.live_suite.live_runner import (
    AGENT_OPT_IN,
    account_env,
    run_suite,
    verdicts,
)

# (switch, value, the assumption it contradicts, agent assumptions it leaves unchecked)
AGENT_FLIPS = [
    ('agent_create_fields', 'all', 'agent-Q1', set()),
    ('agent_create_existing', 'already_exists', None, set()),
    ('agent_create_existing', 'agent_not_found', 'agent-Q2', set()),
    ('agent_create_existing', 'overwrite', 'agent-Q2', set()),
    ('agent_update_requires', 'name_email_password', 'agent-Q4', {'agent-Q6', 'agent-Q5', 'agent-Q8'}),
    ('agent_skill_schema', 'name', 'agent-Q6', set()),
    ('agent_skill_schema', 'csv', 'agent-Q6', set()),
    ('agent_details_not_found', 'empty', 'agent-Q11-unknown', set()),
    ('agent_details_logged_out', 'not_found', 'agent-Q11-logged-out',
     {'agent-Q1', 'agent-Q2', 'agent-Q5', 'agent-Q6'}),
    ('agent_details_limit', 'one_per_5min', 'agent-Q11-limit', set()),   # paced reads wait and retry once
    ('agent_rate_scope', 'account', 'agent-Q18-scope', set()),
    ('agent_rename_key', 'agent_name', 'agent-Q5', set()),
    ('agent_rename_key', 'match_key', None, set()),
    ('agent_update_reply', 'reworded', None, set()),
]


def _agent_verdicts(run):
    assert run.report is not None, run.stdout[-3000:]
    return {key: verdict for key, verdict in verdicts(run.report).items() if key.startswith('agent-')}


@pytest.mark.parametrize('switch, value, contradicted, unchecked', AGENT_FLIPS,
                         ids=['%s=%s' % (flip[0], flip[1]) for flip in AGENT_FLIPS])
def test_agent_switch_contradicts_exactly_its_assumption(tmp_path, switch, value, contradicted, unchecked):
    fixture = load_fixture()
    fixture['behaviour'][switch] = value
    with Simulator(fixture=fixture) as sim:
        run = run_suite(tmp_path, account_env(sim, 'demo_user', opt_ins=AGENT_OPT_IN))
        left = [a['agentId'] for u in sim.state()['users'] for a in u['agents'] if a['agentId'].startswith('calive')]
    found = _agent_verdicts(run)
    assert {key for key, verdict in found.items() if verdict == 'contradicted'} == ({contradicted} - {None}), \
        run.stdout[-3000:]
    assert {key for key, verdict in found.items() if verdict == 'not checked'} == unchecked, run.stdout[-3000:]
    assert left == []   # every agent the suite made is gone, whatever the reading


def test_without_the_opt_in_only_the_read_runs(tmp_path):
    with Simulator() as sim:
        run = run_suite(tmp_path, account_env(sim, 'demo_user'))
        writes = [entry for entry in sim.journal() if entry['path'].endswith(('createAgent', 'updateAgent', 'deleteAgent'))]
    found = _agent_verdicts(run)
    assert found.pop('agent-Q11-unknown') == 'confirmed'
    assert set(found.values()) == {'not checked'}
    assert writes == []
    assert 'CLOUDAGENT_LIVE_AGENTS=1' in str(run.report)


def test_token_account_and_pacing_on_the_simulator_clock(tmp_path):
    """token_user: every agent probe confirmed with a Bearer token; no request the suite paced was refused."""
    with Simulator() as sim:
        env = account_env(sim, 'token_user', 'token', dict(AGENT_OPT_IN, CLOUDAGENT_LIVE_TOKEN='1'))
        run = run_suite(tmp_path, env)
        journal = [entry for entry in sim.journal() if '/ca_apis/' in entry['path'] and 'Agent' in entry['path']]
    assert set(_agent_verdicts(run).values()) == {'confirmed'}, run.stdout[-3000:]
    refused = [entry['body'].get('agentId') for entry in journal if entry['outcome'] == 'rate_limited']
    assert refused == ['calive900', 'calive016']  # only the last request of each burst
    assert all(entry['auth'] == 'bearer' for entry in journal)
