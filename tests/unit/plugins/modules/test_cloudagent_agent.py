# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""cloudagent_agent: main() against the simulator; requests, simulator state and the record, branch by branch.

The simulator enforces 5 agent writes and 10 AgentDetails a minute; the client's waits move its clock.
"""

from __future__ import annotations

import hashlib

import pytest

from ansible_collections.ozonetel.cloudagent.plugins.module_utils import engine
from ansible_collections.ozonetel.cloudagent.plugins.module_utils.ledger import LedgerKey, open_ledger
from ansible_collections.ozonetel.cloudagent.plugins.modules import cloudagent_agent
from ansible_collections.ozonetel.cloudagent.tests.unit.module_runner import clear_cloudagent_environment, run_module
from ansible_collections.ozonetel.cloudagent.tests.unit.plugins.modules.agent_sim_client import sim_clock_client

API_KEY = 'KKdemo00000000000000000000000001'
PASSWORD = 'Pw-neha-0001'
NEW = {'agent_id': 'neha03', 'name': 'Neha', 'email': 'neha@example.com', 'password': PASSWORD}
CAPTURED = {}


@pytest.fixture(autouse=True)
def fresh(sim, capsys, monkeypatch, tmp_path):
    sim.reset()
    CAPTURED.update(capsys=capsys, ledger=str(tmp_path / 'ledger'), sim=sim, slept=[])
    clear_cloudagent_environment(monkeypatch)

    monkeypatch.setattr(engine.Context, '_make_client', sim_clock_client(sim, str(tmp_path / 'pacing'), CAPTURED['slept']))


def switch(**values):
    state = CAPTURED['sim'].state()
    state['behaviour'].update(values)
    CAPTURED['sim'].set_state(state)


def run(args, check=False, diff=False, failed=False):
    full = {'username': 'demo_user', 'api_key': API_KEY, 'base_url': CAPTURED['sim'].base_url,
            'ledger': CAPTURED['ledger']}
    full.update(args)
    CAPTURED['sim'].clear_journal()
    return run_module(CAPTURED['capsys'], cloudagent_agent, full, check=check, diff=diff, failed=failed,
                      secrets=(API_KEY, PASSWORD))


def calls():
    found = []
    for entry in CAPTURED['sim'].journal():
        body = {k: v for k, v in (entry['body'] or {}).items() if k != 'userName'}
        found.append((entry['path'].rsplit('/', 1)[-1], body))
    return found


def sim_agent(agent_id):
    user = next(u for u in CAPTURED['sim'].state()['users'] if u['userName'] == 'demo_user')
    return next((a for a in user['agents'] if a['agentId'] == agent_id), None)


def record(agent_id):
    return open_ledger(CAPTURED['ledger']).get(LedgerKey(CAPTURED['sim'].base_url, 'demo_user', 'agent', agent_id))


def sha(text):
    return hashlib.sha256(text.encode()).hexdigest()


def skills_of(agent_id):
    return [skill['name'] for skill in sim_agent(agent_id)['skills']]


def test_create_plain_agent_one_write_then_rerun_reads_only():
    result = run(NEW)
    assert result['changed'] and result['agent']['name'] == 'Neha' and result['agent']['skills'] == []
    assert [c[0] for c in calls()] == ['AgentDetails', 'createAgent']   # create's own fields need no read-back
    made = sim_agent('neha03')
    assert made['passwordHash'] == sha(PASSWORD) and made['email'] == 'neha@example.com'
    assert result['agent']['requests'] == {'read': 1, 'write': 1}
    again = run(NEW)
    assert not again['changed'] and [c[0] for c in calls()] == ['AgentDetails']
    assert sim_agent('neha03')['passwordSets'] == 1
    assert PASSWORD not in repr(record('neha03'))


def test_create_with_skills_is_create_then_update():
    args = dict(NEW, skills=['Sales', {'name': 'Support', 'priority': 2}], modes={'inbound': True}, groups=['Night'])
    result = run(args)
    assert [c[0] for c in calls()] == ['AgentDetails', 'createAgent', 'updateAgent', 'AgentDetails']
    update = calls()[2][1]
    assert update == {'agentId': 'neha03', 'assignSkills': [{'skillName': 'Sales'}, {'skillName': 'Support', 'priority': 2}],
                      'assignAgentGroups': 'Night', 'inbound': True}
    assert sorted(skills_of('neha03')) == ['Sales', 'Support'] and sim_agent('neha03')['modes'] == {'inbound': True}
    assert result['agent']['requests'] == {'read': 2, 'write': 2}
    assert not run(args)['changed'] and len(calls()) == 1


def test_check_mode_reads_and_predicts():
    result = run(dict(NEW, skills=['Sales']), check=True, diff=True)
    assert result['changed'] and result['agent']['skills'] == ['Sales']
    assert [c[0] for c in calls()] == ['AgentDetails'] and sim_agent('neha03') is None
    assert result['diff']['after']['skills'] == ['Sales'] and record('neha03') is None


def test_existing_agent_skills_diffed_and_password_left_alone():
    result = run({'agent_id': 'asha01', 'skills': ['General', 'Billing'], 'password': 'Other-pass-9'}, diff=True)
    assert result['changed']
    assert calls()[1] == ('updateAgent', {'agentId': 'asha01', 'assignSkills': [{'skillName': 'Billing'}],
                                          'unAssignSkills': [{'skillName': 'Sales'}]})
    asha = sim_agent('asha01')
    assert asha['passwordHash'] == sha('fixture-pass-1') and asha['passwordSets'] == 1
    assert result['diff']['before']['skills'] == ['General', 'Sales']
    assert result['diff']['after']['skills'] == ['Billing', 'General']


def test_update_password_always():
    args = {'agent_id': 'asha01', 'password': 'Rotated-1', 'update_password': 'always'}
    first = run(args)
    second = run(args)
    assert first['changed'] and second['changed']
    assert calls() == [('AgentDetails', {'agentId': 'asha01'}), ('updateAgent', {'agentId': 'asha01', 'password': '***'})]
    assert sim_agent('asha01')['passwordHash'] == sha('Rotated-1') and sim_agent('asha01')['passwordSets'] == 3


def test_write_only_fields_follow_the_record():
    run(dict(NEW, locked=False))
    assert not run(dict(NEW, locked=False))['changed']
    changed = run(dict(NEW, locked=True))
    assert changed['changed'] and calls()[1] == ('updateAgent', {'agentId': 'neha03', 'locked': True})
    assert sim_agent('neha03')['locked'] is True
    assert record('neha03')['desired']['write_only']['locked'] is True


def test_existing_agent_without_record_sends_write_only_once_uncertain_in_check():
    predicted = run({'agent_id': 'asha01', 'email': 'asha@example.com'}, check=True)
    assert predicted['agent']['uncertain'] is True
    run({'agent_id': 'asha01', 'email': 'asha@example.com'})
    assert not run({'agent_id': 'asha01', 'email': 'asha@example.com'})['changed']


def test_delete_then_rerun_no_write():
    assert run({'agent_id': 'ravi02', 'state': 'absent'})['changed']
    assert sim_agent('ravi02') is None
    again = run({'agent_id': 'ravi02', 'state': 'absent'})
    assert not again['changed'] and [c[0] for c in calls()] == ['AgentDetails']


def test_delete_of_recorded_agent_that_details_cannot_see():
    run(NEW)
    switch(agent_details_logged_out='not_found')
    result = run({'agent_id': 'neha03', 'state': 'absent'})
    assert result['changed'] and sim_agent('neha03') is None and record('neha03')['desired'] == {'state': 'absent'}


def test_delete_of_an_agent_neither_listed_nor_recorded_still_asks_deleteagent():
    """AgentDetails may leave out logged-out agents (Q11): unlisted is not absent, so deleteAgent decides; its
    tombstone then keeps reruns to the one read."""
    switch(agent_details_logged_out='not_found')
    check = run({'agent_id': 'ravi02', 'state': 'absent'}, check=True)
    assert check['changed'] and check['agent']['uncertain'] and sim_agent('ravi02') is not None
    result = run({'agent_id': 'ravi02', 'state': 'absent'})
    assert result['changed'] and sim_agent('ravi02') is None
    assert [c[0] for c in calls()] == ['AgentDetails', 'deleteAgent']
    again = run({'agent_id': 'ravi02', 'state': 'absent'})
    assert not again['changed'] and [c[0] for c in calls()] == ['AgentDetails']


def test_delete_of_an_agent_that_never_existed_is_ok_and_remembered():
    result = run({'agent_id': 'nobody9', 'state': 'absent'})
    assert not result['changed'] and [c[0] for c in calls()] == ['AgentDetails', 'deleteAgent']
    assert record('nobody9')['desired'] == {'state': 'absent'}
    assert not run({'agent_id': 'nobody9', 'state': 'absent'})['changed'] and [c[0] for c in calls()] == ['AgentDetails']


def test_a_deleted_agent_can_be_created_again():
    run({'agent_id': 'ravi02', 'state': 'absent'})
    result = run(dict(NEW, agent_id='ravi02', name='Ravi'))
    assert result['changed'] and sim_agent('ravi02')['agentName'] == 'Ravi'
    assert record('ravi02')['desired']['name'] == 'Ravi'


def test_recorded_agent_not_listed_is_not_recreated():
    run(NEW)
    switch(agent_details_logged_out='not_found', agent_create_existing='overwrite')
    result = run(dict(NEW, password='Would-reset-1'), failed=True)
    assert 'not created again' in result['msg'] and [c[0] for c in calls()] == ['AgentDetails']
    assert sim_agent('neha03')['passwordHash'] == sha(PASSWORD)


@pytest.mark.parametrize('reading', ['already_exists', 'agent_not_found'])
def test_create_refused_as_existing_fails_clearly(reading):
    switch(agent_details_logged_out='not_found', agent_create_existing=reading)
    result = run(dict(NEW, agent_id='ravi02', name='Ravi'), failed=True)
    assert "createAgent answered" in result['msg'] and 'Nothing was changed' in result['msg']
    assert sim_agent('ravi02')['passwordHash'] == sha('fixture-pass-2')


def test_q4_partial_update_refused_by_a_full_account():
    switch(agent_update_requires='name_email_password')
    result = run({'agent_id': 'asha01', 'skills': ['Billing']}, failed=True)
    assert 'Agent Name is required' in result['msg']
    assert skills_of('asha01') == ['General', 'Sales'] and sim_agent('asha01')['passwordSets'] == 1


def test_q4_full_without_password_fails_before_sending():
    switch(agent_update_requires='name_email_password')
    result = run({'agent_id': 'asha01', 'skills': ['Billing'], 'update_body': 'full'}, failed=True)
    assert 'nothing was sent' in result['msg'] and [c[0] for c in calls()] == ['AgentDetails']


def test_q4_full_with_password_applies():
    switch(agent_update_requires='name_email_password')
    result = run({'agent_id': 'asha01', 'skills': ['Billing'], 'update_body': 'full', 'email': 'asha@example.com',
                  'password': 'fixture-pass-1'})
    assert result['changed'] and skills_of('asha01') == ['Billing']
    assert sim_agent('asha01')['passwordHash'] == sha('fixture-pass-1')


@pytest.mark.parametrize('reading, fmt', [('name', 'skillName'), ('csv', 'skillName'), ('skillName', 'name')])
def test_q6_wrong_skill_format_is_caught_by_the_read_back(reading, fmt):
    switch(agent_skill_schema=reading)
    result = run({'agent_id': 'asha01', 'skills': ['General', 'Sales', 'Billing'], 'skill_format': fmt}, failed=True)
    assert 'AgentDetails shows skills' in result['msg'] and 'agents-api.md Q6' in result['msg']
    assert record('asha01')['desired']['skills'] == ['General', 'Sales']


@pytest.mark.parametrize('reading', ['skillName', 'name', 'csv'])
def test_q6_matching_skill_format_applies(reading):
    switch(agent_skill_schema=reading)
    result = run({'agent_id': 'asha01', 'skills': ['Billing'], 'skill_format': reading})
    assert result['changed'] and skills_of('asha01') == ['Billing']


def test_q1_create_that_takes_everything_still_correct():
    switch(agent_create_fields='all')
    run(dict(NEW, skills=['Sales']))
    assert skills_of('neha03') == ['Sales']


def test_unknown_skill_fails_not_silently():
    result = run({'agent_id': 'asha01', 'skills': ['General', 'Sales', 'NoSuchSkill']}, failed=True)
    assert 'AgentDetails shows skills' in result['msg']


def test_bad_input_before_any_request():
    result = run({'agents': [dict(NEW, name='Bad Name'), {'agent_id': 'x1', 'password': 'ab'}]}, failed=True)
    assert 'agents[0].name' in result['msg'] and 'agents[1].password' in result['msg']
    assert calls() == []


def test_bulk_ten_agents_paced_on_the_simulator_clock():
    team = [dict(agent_id='team%02d' % i, name='Team%02d' % i, email='t%d@example.com' % i, password='Team-pass-%02d' % i,
                 skills=['Sales']) for i in range(10)]
    result = run({'agents': team, 'parallel': 2})
    assert all(item['changed'] for item in result['agents'])
    assert all(skills_of('team%02d' % i) == ['Sales'] for i in range(10))
    assert CAPTURED['slept']   # 20 writes at 5 a minute: the client waited
    again = run({'agents': team})
    served = [entry['path'] for entry in CAPTURED['sim'].journal() if entry['outcome'] != 'rate_limited']
    assert not again['changed'] and served == ['/ca_apis/AgentDetails'] * 10


def test_acceptance_ten_agents_skills_password_offboarding():
    """The issue's acceptance scenario, on the simulator's clock: each step asserts the simulator's state."""
    team = [dict(agent_id='crew%02d' % i, name='Crew%02d' % i, email='c%d@example.com' % i, password='Crew-pass-%02d' % i,
                 skills=['General']) for i in range(10)]
    predicted = run({'agents': team}, check=True)
    assert all(item['changed'] for item in predicted['agents'])
    assert all(c[0] == 'AgentDetails' for c in calls()) and all(sim_agent(a['agent_id']) is None for a in team)
    run({'agents': team})
    assert all(skills_of(a['agent_id']) == ['General'] for a in team)
    rerun = run({'agents': team})
    assert not rerun['changed'] and not [e for e in CAPTURED['sim'].journal() if e['kind'] == 'write']
    for member in team[:3]:
        member['skills'] = ['Sales', 'Billing']
    changed = run({'agents': team})
    assert [item['agent_id'] for item in changed['agents'] if item['changed']] == ['crew00', 'crew01', 'crew02']
    assert all(sorted(skills_of('crew%02d' % i)) == ['Billing', 'Sales'] for i in range(3))
    assert skills_of('crew03') == ['General']
    rotated = run({'agent_id': 'crew05', 'password': 'Crew-rotated-5', 'update_password': 'always'})
    assert rotated['changed'] and sim_agent('crew05')['passwordHash'] == sha('Crew-rotated-5')
    assert all(sim_agent(a['agent_id'])['passwordSets'] == 1 for a in team if a['agent_id'] != 'crew05')
    gone = [{'agent_id': 'crew08', 'state': 'absent'}, {'agent_id': 'crew09', 'state': 'absent'}]
    assert run({'agents': gone})['changed'] and sim_agent('crew08') is None and sim_agent('crew09') is None
    again = run({'agents': gone})
    assert not again['changed'] and not [e for e in CAPTURED['sim'].journal() if e['kind'] == 'write']


def test_check_mode_of_many_agents_says_how_long_first():
    team = [dict(NEW, agent_id='many%02d' % i, name='Many%02d' % i) for i in range(11)]
    result = run({'agents': team}, check=True)
    texts = [w if isinstance(w, str) else w['event']['msg'] for w in result.get('warnings', [])]
    assert any('reads each of the 11 agents once (AgentDetails, 10 per 60 s' in text and 'at least 1 min' in text for text in texts)
    assert not [e for e in CAPTURED['sim'].journal() if e['kind'] == 'write']


def test_trust_record_skips_the_read_and_cannot_see_ui_drift():
    args = dict(NEW, skills=['Sales'])
    run(args)
    trusted = run(dict(args, trust_record=True))
    assert not trusted['changed'] and calls() == [] and trusted['agent']['source'] == 'record'
    # A skill removed in the UI: invisible when the record is trusted, seen and repaired by a normal run.
    state = CAPTURED['sim'].state()
    user = next(u for u in state['users'] if u['userName'] == 'demo_user')
    next(a for a in user['agents'] if a['agentId'] == 'neha03')['skills'] = []
    CAPTURED['sim'].set_state(state)
    assert not run(dict(args, trust_record=True))['changed'] and skills_of('neha03') == []
    repaired = run(args)
    assert repaired['changed'] and skills_of('neha03') == ['Sales']
    # A task that differs from the record is read as usual.
    run(dict(args, skills=['Billing'], trust_record=True))
    assert calls()[0][0] == 'AgentDetails' and skills_of('neha03') == ['Billing']


@pytest.mark.parametrize('reading, updates', [('agent_name_new', 1), ('match_key', 1), ('agent_name', 2)])
def test_rename_converges_under_every_reading_of_q5(reading, updates):
    """agentName (the current name) + agentNameNew; where the server takes agentName for the name to set, the
    read-back shows the old name and the rename is sent again with the new name in both keys."""
    run(NEW)
    switch(agent_rename_key=reading)
    result = run(dict(NEW, name='Neha_R'))
    assert result['changed'] and sim_agent('neha03')['agentName'] == 'Neha_R'
    assert [c[0] for c in calls()].count('updateAgent') == updates
    assert record('neha03')['desired']['name'] == 'Neha_R'
    assert not run(dict(NEW, name='Neha_R'))['changed'] and [c[0] for c in calls()] == ['AgentDetails']


def test_update_answered_in_other_words_is_a_success_by_meaning():
    switch(agent_update_reply='reworded')
    result = run({'agent_id': 'asha01', 'skills': ['Billing']})
    assert result['changed'] and [s['name'] for s in sim_agent('asha01')['skills']] == ['Billing']
