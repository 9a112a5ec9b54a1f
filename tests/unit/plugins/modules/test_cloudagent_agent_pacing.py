# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""100 new agents from 3 concurrent processes sharing one pacing store, on the simulator's clock: the simulator
(which enforces 5 writes and 10 AgentDetails a minute per account) never refuses a request, and the run takes
the time the write limit implies."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from ansible_collections.ozonetel.cloudagent.tests.unit.plugins.modules import agent_pacing_worker

WORKER = agent_pacing_worker.__file__
AGENTS = 100
PROCESSES = 3


@pytest.mark.parametrize('skills', [None, ['Sales']], ids=['plain', 'with-skills'])
def test_hundred_agents_three_processes_no_429_and_five_writes_a_minute(sim, tmp_path, skills):
    """Measured: 1178 s plain (200 requests), 1179 s with skills (400: read, create, update, read-back each)."""
    team = [{'agent_id': 'pace%03d' % i, 'name': 'Pace%03d' % i, 'email': 'p%d@example.com' % i,
             'password': 'Pace-pass-%03d' % i, 'skills': skills} for i in range(AGENTS)]
    shares = [team[index::PROCESSES] for index in range(PROCESSES)]
    sim.reset()   # no request of an earlier test in the simulator's windows
    sim.expect_actors(PROCESSES)
    started = sim.now()
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
    procs = []
    for share in shares:
        cfg = {'base_url': sim.base_url, 'ledger': str(tmp_path / 'ledger'), 'pacing_dir': str(tmp_path / 'pacing'),
               'agents': share}
        procs.append(subprocess.Popen([sys.executable, WORKER, json.dumps(cfg)], env=env, stdout=subprocess.PIPE,
                                      stderr=subprocess.PIPE, text=True))
    results = []
    for proc in procs:
        out, err = proc.communicate(timeout=600)
        assert proc.returncode == 0, err[-3000:]
        results.append(json.loads(out))
    elapsed = sim.now() - started
    sim.expect_actors(0)
    assert all(item['changed'] and not item.get('failed') for result in results for item in result['agents'])
    journal = sim.journal()
    assert [entry for entry in journal if entry['outcome'] == 'rate_limited'] == []
    creates = [entry for entry in journal if entry['path'] == '/ca_apis/createAgent']
    assert len(creates) == AGENTS
    assert len([e for e in journal if e['path'] == '/ca_apis/updateAgent']) == (AGENTS if skills else 0)
    user = next(u for u in sim.state()['users'] if u['userName'] == 'demo_user')
    assert len([a for a in user['agents'] if a['agentId'].startswith('pace')]) == AGENTS
    implied = AGENTS / 5 * 60.0   # 100 writes per write endpoint at 5 a minute
    assert abs(elapsed - implied) <= 0.1 * implied, elapsed
