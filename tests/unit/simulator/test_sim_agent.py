# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Agent endpoints (shared/agents-api.md 2.1-2.4): documented rows verbatim, per-account state, and every
reading of the open questions Q1, Q2, Q4, Q6, Q11 behind its behaviour switch."""

import hashlib

import pytest

from sim_helpers import DEMO_KEY, TOKEN_KEY, user_of

CREATE = '/ca_apis/createAgent'
UPDATE = '/ca_apis/updateAgent'
DELETE = '/ca_apis/deleteAgent'
DETAILS = '/ca_apis/AgentDetails'
NEW = {'userName': 'demo_user', 'agentId': 'neha03', 'agentName': 'Neha', 'password': 'secret-3', 'email': 'neha@example.com'}
NOT_FOUND = {'status': 'error', 'message': 'Agent not found'}
NAME_RULES = {'Status': 'Fail', 'Message': {'agentName': 'The agent name must not be empty and it should be between 2 '
                                            'and 50 alphanumeric characters and allow special characters such as., @, _, -'}}


def sha(text):
    return hashlib.sha256(text.encode()).hexdigest()


def switch(sim, **values):
    state = sim.state()
    state['behaviour'].update(values)
    sim.set_state(state)


def agent(sim, agent_id, user='demo_user'):
    return next((item for item in user_of(sim.state(), user)['agents'] if item['agentId'] == agent_id), None)


def err(message):
    return {'status': 'error', 'message': message}


def test_create_success_row_and_state(api, sim):
    assert api.json('POST', CREATE, NEW) == {'Status': 'Success', 'Message': 'Agent Created Successfully'}
    made = agent(sim, 'neha03')
    assert made['agentName'] == 'Neha' and made['email'] == 'neha@example.com'
    assert made['passwordHash'] == sha('secret-3') and made['passwordSets'] == 1
    assert 'secret-3' not in str(sim.state()) and 'secret-3' not in str(sim.journal())


@pytest.mark.parametrize('change, expected', [
    ({'agentId': ''}, NOT_FOUND),
    ({'agentId': None}, NOT_FOUND),
    ({'agentName': ''}, err('Agent Name is required')),
    ({'agentName': 'N'}, NAME_RULES),
    ({'agentName': 'Neha K'}, NAME_RULES),
    ({'password': ''}, {'message': 'Password is required', 'status': 'error'}),
    ({'password': 'ab'}, {'message': 'Password length must be between 3 and 50 characters', 'status': 'error'}),
    ({'email': ''}, {'message': 'Email should not be null or empty', 'status': 'error'}),
    ({'email': 'neha'}, {'message': 'Invalid email format', 'status': 'error'}),
    ({'agentData': 'a b'}, err('Agent data must be between 2 and 100 characters using only letters, numbers, and special '
                               'characters like ., @, _, -')),
    ({'screenRecording': 'yes'}, err('Invalid sipLocation')),   # Q3, verbatim
])
def test_create_error_rows(api, sim, change, expected):
    body = dict(NEW, **change)
    assert api.json('POST', CREATE, {k: v for k, v in body.items() if v is not None}) == expected
    assert agent(sim, body['agentId'] or 'x') is None


def test_create_missing_email_key(api):
    body = {k: v for k, v in NEW.items() if k != 'email'}
    assert api.json('POST', CREATE, body) == err('Email should not be null or empty')


@pytest.mark.parametrize('user, key, expected', [
    ('demo_user', 'KKwrong', {'status': 'false', 'message': 'Invalid User Details', 'data': None}),
    ('nobody', DEMO_KEY, {'status': 'false', 'message': 'Invalid User Details', 'data': None}),
    ('demo_user', None, {'status': 'false', 'message': 'Api Key Should Not be Null or Empty.', 'data': None}),
])
@pytest.mark.parametrize('method, path', [('POST', CREATE), ('PUT', UPDATE), ('DELETE', DELETE)])
def test_write_auth_rows(api, sim, user, key, expected, method, path):
    body = dict(NEW, userName=user, agentId='asha01')
    assert api.json(method, path, body, api_key=key) == expected
    assert agent(sim, 'asha01')['passwordSets'] == 1


def test_token_account(api, sim):
    token = api.token()
    body = dict(NEW, userName='token_user')
    assert api.json('POST', CREATE, body, api_key=None, bearer=token)['Status'] == 'Success'
    assert agent(sim, 'neha03', 'token_user') is not None
    assert agent(sim, 'neha03') is None   # per-account state
    assert api.json('POST', CREATE, body, api_key=TOKEN_KEY)['message'] == 'Invalid action.'


@pytest.mark.parametrize('reading, expected', [
    ('already_exists', err('Agent Already Exists')),
    ('agent_not_found', NOT_FOUND),
])
def test_q2_create_existing_refused(api, sim, reading, expected):
    switch(sim, agent_create_existing=reading)
    assert api.json('POST', CREATE, dict(NEW, agentId='asha01')) == expected
    asha = agent(sim, 'asha01')
    assert asha['agentName'] == 'Asha' and asha['passwordHash'] == sha('fixture-pass-1')


def test_q2_create_existing_overwrites(api, sim):
    switch(sim, agent_create_existing='overwrite')
    assert api.json('POST', CREATE, dict(NEW, agentId='asha01'))['Status'] == 'Success'
    asha = agent(sim, 'asha01')
    assert asha['agentName'] == 'Neha' and asha['passwordHash'] == sha('secret-3') and asha['skills'] == []


EXTRA = {'assignSkills': [{'skillName': 'Sales', 'priority': 2}], 'assignAgentGroups': 'Night', 'inbound': True,
         'locked': True}


def test_q1_documented_create_ignores_update_fields(api, sim):
    assert api.json('POST', CREATE, dict(NEW, **EXTRA))['Status'] == 'Success'
    made = agent(sim, 'neha03')
    assert made['skills'] == [] and made['groups'] == [] and made['modes'] == {} and made['locked'] is False


def test_q1_create_takes_all_fields(api, sim):
    switch(sim, agent_create_fields='all')
    api.json('POST', CREATE, dict(NEW, **EXTRA))
    made = agent(sim, 'neha03')
    assert made['skills'] == [{'name': 'Sales', 'priority': 2}] and made['groups'] == ['Night']
    assert made['modes'] == {'inbound': True} and made['locked'] is True


def test_update_partial_keeps_password(api, sim):
    body = {'userName': 'demo_user', 'agentId': 'ravi02', 'assignSkills': [{'skillName': 'Billing'}]}
    assert api.json('PUT', UPDATE, body) == {'status': 'success', 'message': 'Agent Updated Successfully'}
    ravi = agent(sim, 'ravi02')
    assert [s['name'] for s in ravi['skills']] == ['Support', 'Billing']
    assert ravi['passwordHash'] == sha('fixture-pass-2') and ravi['passwordSets'] == 1


def test_update_unknown_agent(api):
    assert api.json('PUT', UPDATE, {'userName': 'demo_user', 'agentId': 'ghost'}) == NOT_FOUND


@pytest.mark.parametrize('missing, expected', [
    ('agentName', err('Agent Name is required')),
    ('password', {'message': 'Password is required', 'status': 'error'}),
    ('email', {'message': 'Email should not be null or empty', 'status': 'error'}),
])
def test_q4_update_requires_name_email_password(api, sim, missing, expected):
    switch(sim, agent_update_requires='name_email_password')
    body = {'userName': 'demo_user', 'agentId': 'ravi02', 'agentName': 'Ravi', 'password': 'pw-new', 'email': 'r@x.io',
            'assignSkills': [{'skillName': 'Billing'}]}
    del body[missing]
    assert api.json('PUT', UPDATE, body) == expected
    ravi = agent(sim, 'ravi02')
    assert [s['name'] for s in ravi['skills']] == ['Support'] and ravi['passwordSets'] == 1


def test_q4_full_update_applies(api, sim):
    switch(sim, agent_update_requires='name_email_password')
    body = {'userName': 'demo_user', 'agentId': 'ravi02', 'agentName': 'Ravi', 'password': 'pw-new', 'email': 'r@x.io'}
    assert api.json('PUT', UPDATE, body)['status'] == 'success'
    ravi = agent(sim, 'ravi02')
    assert ravi['passwordHash'] == sha('pw-new') and ravi['passwordSets'] == 2 and ravi['email'] == 'r@x.io'


@pytest.mark.parametrize('reading, understood, misread', [
    ('skillName', [{'skillName': 'Billing', 'priority': 3}], [{'name': 'Billing'}]),
    ('name', [{'name': 'Billing', 'priority': 3}], [{'skillName': 'Billing'}]),
    ('csv', 'Billing', [{'skillName': 'Billing'}]),
])
def test_q6_skill_schema(api, sim, reading, understood, misread):
    switch(sim, agent_skill_schema=reading)
    base = {'userName': 'demo_user', 'agentId': 'ravi02'}
    # An entry the reading does not understand is ignored, and the answer is still success: only a read shows it.
    assert api.json('PUT', UPDATE, dict(base, assignSkills=misread))['status'] == 'success'
    assert [s['name'] for s in agent(sim, 'ravi02')['skills']] == ['Support']
    api.json('PUT', UPDATE, dict(base, assignSkills=understood))
    assert [s['name'] for s in agent(sim, 'ravi02')['skills']] == ['Support', 'Billing']
    unassign = 'Support' if reading == 'csv' else [{reading: 'Support'}]
    api.json('PUT', UPDATE, dict(base, unAssignSkills=unassign))
    assert [s['name'] for s in agent(sim, 'ravi02')['skills']] == ['Billing']


def test_unknown_skill_ignored_and_groups(api, sim):
    body = {'userName': 'demo_user', 'agentId': 'ravi02', 'assignSkills': [{'skillName': 'Nope'}],
            'assignAgentGroups': 'Night, Weekend', 'agentNameNew': 'Ravi_K'}
    assert api.json('PUT', UPDATE, body)['status'] == 'success'
    api.json('PUT', UPDATE, {'userName': 'demo_user', 'agentId': 'ravi02', 'unAssignAgentGroups': 'night'})
    ravi = agent(sim, 'ravi02')
    assert [s['name'] for s in ravi['skills']] == ['Support'] and ravi['groups'] == ['Weekend']
    assert ravi['agentName'] == 'Ravi_K'


def test_delete_then_already_deleted(api, sim):
    body = {'userName': 'demo_user', 'agentId': 'ravi02'}
    assert api.json('DELETE', DELETE, body) == {'Status': 'Success', 'Message': 'Agent ravi02 Deleted Successfully'}
    assert agent(sim, 'ravi02') is None
    assert api.json('DELETE', DELETE, body) == {'status': 'error', 'messages': 'Invalid agent details or Agent is already deleted'}
    assert api.json('DELETE', DELETE, dict(body, agentId='ghost')) == {'messages': 'Invalid Agent Details', 'status': 'error'}


def test_details_success_row(api):
    body = api.json('POST', DETAILS, {'userName': 'demo_user', 'agentId': 'asha01'})
    assert body == {'message': [{'State': 'READY', 'Since': '00:06:54', 'Skill': 'General, Sales', 'AgentName': 'Asha',
                                 'PhoneNumber': '9180000101', 'AgentId': 'asha01', 'Mode': 'Manual'}],
                    'status': 'success'}
    assert list(body['message'][0]) == ['State', 'Since', 'Skill', 'AgentName', 'PhoneNumber', 'AgentId', 'Mode']


@pytest.mark.parametrize('user, key, expected', [
    ('', DEMO_KEY, 'userName should not be empty'),
    ('demo_user', None, 'apiKey should not be empty'),
    ('demo_user', 'KKwrong', 'userName or apiKey is Invalid'),
])
def test_details_error_rows(api, user, key, expected):
    assert api.json('POST', DETAILS, {'userName': user, 'agentId': 'asha01'}, api_key=key) == err(expected)


@pytest.mark.parametrize('not_found, logged_out, unknown_reply, away_listed', [
    ('agent_not_found', 'listed', NOT_FOUND, True),
    ('empty', 'listed', {'status': 'success', 'message': []}, True),
    ('agent_not_found', 'not_found', NOT_FOUND, False),
])
def test_q11_details_readings(api, sim, not_found, logged_out, unknown_reply, away_listed):
    switch(sim, agent_details_not_found=not_found, agent_details_logged_out=logged_out)
    assert api.json('POST', DETAILS, {'userName': 'demo_user', 'agentId': 'ghost'}) == unknown_reply
    away = api.json('POST', DETAILS, {'userName': 'demo_user', 'agentId': 'ravi02'})
    if away_listed:
        assert away['message'][0]['State'] == 'LOGGED OUT' and away['message'][0]['Skill'] == 'Support'
    else:
        assert away == unknown_reply


def _create(api, index, user='demo_user', key=DEMO_KEY):
    return api.call('POST', CREATE, dict(NEW, userName=user, agentId='burst%d' % index), api_key=key)


def test_five_writes_a_minute_per_account_and_endpoint(api, sim):
    for index in range(5):
        assert _create(api, index).json()['Status'] == 'Success'
    refused = _create(api, 5)
    assert refused.status_code == 429 and refused.json() == {'message': 'Max limit exceeded', 'status': 'error'}
    assert 1 <= int(refused.headers['Retry-After']) <= 60
    assert agent(sim, 'burst5') is None
    # Another endpoint and another account have their own buckets.
    assert api.json('PUT', UPDATE, {'userName': 'demo_user', 'agentId': 'burst0'})['status'] == 'success'
    other = api.call('POST', CREATE, dict(NEW, userName='token_user'), bearer=api.token())
    assert other.json()['Status'] == 'Success'
    sim.advance_clock(int(refused.headers['Retry-After']))
    assert _create(api, 5).json()['Status'] == 'Success'


def test_rate_limit_status_200_switch(api, sim):
    switch(sim, rate_limit_status=200)
    for index in range(5):
        _create(api, index)
    refused = _create(api, 5)
    assert refused.status_code == 200 and refused.json() == {'message': 'Max limit exceeded', 'status': 'error'}


def test_account_scope_shares_write_bucket(api, sim):
    switch(sim, agent_rate_scope='account')
    for index in range(3):
        _create(api, index)
    for index in range(2):
        api.json('PUT', UPDATE, {'userName': 'demo_user', 'agentId': 'burst%d' % index})
    refused = api.call('DELETE', DELETE, {'userName': 'demo_user', 'agentId': 'burst0'}, api_key=DEMO_KEY)
    assert refused.status_code == 429 and agent(sim, 'burst0') is not None


@pytest.mark.parametrize('reading, allowed, window, message', [
    ('ten_per_minute', 10, 60, 'Max limit exceeded'),
    ('one_per_5min', 1, 300, 'only 1 hit will be allowed within a time frame of 5mins'),
])
def test_details_limit_readings(api, sim, reading, allowed, window, message):
    switch(sim, agent_details_limit=reading)
    body = {'userName': 'demo_user', 'agentId': 'asha01'}
    for _attempt in range(allowed):
        assert api.json('POST', DETAILS, body)['status'] == 'success'
    refused = api.call('POST', DETAILS, body, api_key=DEMO_KEY)
    assert refused.status_code == 429 and refused.json()['message'] == message
    sim.advance_clock(window)
    assert api.json('POST', DETAILS, body)['status'] == 'success'


def test_invalid_json_and_journal_kinds(api, sim):
    sim.clear_journal()
    response = api.call('POST', CREATE, data='{not json', api_key=DEMO_KEY)
    assert response.json() == {'status': 'false', 'message': 'Invalid Json Pass Valid Json', 'data': None}
    api.json('POST', DETAILS, {'userName': 'demo_user', 'agentId': 'asha01'})
    assert [entry['kind'] for entry in sim.journal()] == ['write', 'read']
