# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""cloudagent_agent under every reading of Q1, Q2, Q4 and Q6 the simulator implements.

For each combination one onboarding scenario runs twice: with the default options, and with the options that
match the reading. After every step: an agent the module reports as done (not failed) is exactly what was
asked in the simulator (0 silent successes), and no password changed unless the task asked to set one. With
the matching options every step succeeds.
"""

from __future__ import annotations

import hashlib
import itertools

import pytest

from ansible_collections.ozonetel.cloudagent.plugins.module_utils import engine
from ansible_collections.ozonetel.cloudagent.plugins.modules import cloudagent_agent
from ansible_collections.ozonetel.cloudagent.tests.unit.module_runner import clear_cloudagent_environment, run_module
from ansible_collections.ozonetel.cloudagent.tests.unit.plugins.modules.agent_sim_client import sim_clock_client

API_KEY = 'KKdemo00000000000000000000000001'
READINGS = list(itertools.product(('documented', 'all'), ('already_exists', 'agent_not_found', 'overwrite'),
                                  ('agent_id', 'name_email_password'), ('skillName', 'name', 'csv')))
NEW = {'agent_id': 'neha03', 'name': 'Neha', 'email': 'neha@example.com', 'password': 'First-pass-1'}


@pytest.fixture(autouse=True)
def fresh(sim, monkeypatch, tmp_path):
    sim.reset()
    clear_cloudagent_environment(monkeypatch)
    monkeypatch.setattr(engine.Context, '_make_client', sim_clock_client(sim, str(tmp_path / 'pacing')))


def sha(text):
    return hashlib.sha256(text.encode()).hexdigest()


def agents_of(sim):
    user = next(u for u in sim.state()['users'] if u['userName'] == 'demo_user')
    return {a['agentId']: a for a in user['agents']}


def steps():
    """(task args, {agent id: password the task asks to set or None}, what a success must leave)."""
    create = dict(NEW, skills=['Sales', 'Support'], locked=True, groups=['Night'])
    return [
        (create, {'neha03': 'First-pass-1'}, {'neha03': {'skills': ['Sales', 'Support'], 'locked': True,
                                                         'groups': ['Night']}}),
        (create, {}, {'neha03': {'skills': ['Sales', 'Support']}}),
        (dict(NEW, skills=['Billing']), {}, {'neha03': {'skills': ['Billing']}}),
        # An existing agent: the password given is for creation only and must not be sent.
        ({'agent_id': 'asha01', 'name': 'Asha_K', 'password': 'Not-to-send-1', 'email': 'asha@example.com',
          'skills': ['General']}, {}, {'asha01': {'name': 'Asha_K', 'skills': ['General']}}),
        (dict(NEW, password='Rotated-pass-2', update_password='always'), {'neha03': 'Rotated-pass-2'}, {}),
        ({'agent_id': 'neha03', 'state': 'absent'}, {}, {'neha03': None}),
    ]


def check(sim, before, result, asked, expect, given, full):
    """given: the password of the task; full: update_body=full, documented to set it with every update."""
    after = agents_of(sim)
    for agent_id, old in before.items():
        new = after.get(agent_id)
        if new is not None and agent_id not in asked and new['passwordSets'] != old['passwordSets']:
            # Only update_body=full may send a password the task did not ask to set, and only the one it gave.
            assert full and new['passwordHash'] == sha(given), 'password of %s changed unasked' % agent_id
    for agent_id, password in asked.items():
        if agent_id in after and after[agent_id]['passwordSets'] != before.get(agent_id, {}).get('passwordSets', 0):
            assert after[agent_id]['passwordHash'] == sha(password)
    if result.get('failed'):
        assert result['msg']
        return False
    for agent_id, wanted in expect.items():
        if wanted is None:
            assert agent_id not in after
            continue
        held = after[agent_id]
        assert sorted(s['name'] for s in held['skills']) == wanted['skills'], 'silent success: %s' % result
        for key in ('name', 'locked', 'groups'):
            if key in wanted:
                assert held['agentName' if key == 'name' else key] == wanted[key], 'silent success: %s' % result
    for agent_id, password in asked.items():
        assert after[agent_id]['passwordHash'] == sha(password)
    return True


@pytest.mark.parametrize('create_fields, create_existing, update_requires, skill_schema', READINGS,
                         ids=['-'.join(r) for r in READINGS])
def test_no_silent_success_and_no_unasked_password(capsys, sim, tmp_path, create_fields, create_existing,
                                                   update_requires, skill_schema):
    matching = {'update_body': 'full' if update_requires == 'name_email_password' else 'partial',
                'skill_format': skill_schema}
    for label, options in (('defaults', {}), ('matching', matching)):
        sim.reset()
        state = sim.state()
        state['behaviour'].update(agent_create_fields=create_fields, agent_create_existing=create_existing,
                                  agent_update_requires=update_requires, agent_skill_schema=skill_schema)
        sim.set_state(state)
        ledger = str(tmp_path / label)
        for args, asked, expect in steps():
            before = agents_of(sim)
            full = dict(args, username='demo_user', api_key=API_KEY, base_url=sim.base_url, ledger=ledger, **options)
            result = run_module(capsys, cloudagent_agent, full, secrets=[API_KEY] + ([args['password']] if 'password' in args else []))
            ok = check(sim, before, result, asked, expect, args.get('password'), options.get('update_body') == 'full')
            if label == 'matching':
                assert ok, (args, result.get('msg'))
