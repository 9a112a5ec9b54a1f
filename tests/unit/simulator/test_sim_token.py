# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""generateToken (api-reference 2.3): rows, 60-minute life, revocation, 10 per hour (decisions 23, 24)."""

import pytest

from sim_helpers import DEMO_KEY, TOKEN_KEY

PATH = '/ca_apis/CAToken/generateToken'
PHONE = '/ca_apis/PhoneManageV2'
GET_BODY = {'userName': 'token_user', 'action': 'get', 'phoneNumber': '9180000001'}
NOT_FOUND = {'status': 'error', 'message': 'no record found'}
MAX_LIMIT = {'message': 'Max limit exceeded', 'status': 'error'}


def false(message):
    return {'status': 'false', 'message': message, 'data': None}


def test_success_shape(api):
    body = api.json('POST', PATH, {'userName': 'token_user'}, api_key=TOKEN_KEY)
    assert set(body) == {'token', 'message'} and body['message'] == ''
    assert body['token'].count('.') == 2
    assert api.json('GET', PHONE, GET_BODY, api_key=None, bearer=body['token']) == NOT_FOUND


@pytest.mark.parametrize('body, api_key, expected', [
    ({'username': 'token_user'}, TOKEN_KEY, false('UserName is null')),
    ({}, TOKEN_KEY, false('UserName is null')),
    ({'userName': 'nobody'}, TOKEN_KEY, false('Invalid userName or apiKey')),
    ({'userName': 'token_user'}, 'KKwrong', false('Invalid userName or apiKey')),
    ({'userName': 'token_user'}, None, false('Invalid userName or apiKey')),
    ({'userName': 'demo_user'}, DEMO_KEY, false('Invalid action.')),   # decision 23
])
def test_error_rows(api, body, api_key, expected):
    assert api.json('POST', PATH, body, api_key=api_key) == expected


def test_new_token_revokes_older(api):
    first = api.token()
    second = api.token()
    assert api.json('GET', PHONE, GET_BODY, api_key=None, bearer=first) == false('Invalid Token')
    assert api.json('GET', PHONE, GET_BODY, api_key=None, bearer=second) == NOT_FOUND


def test_token_expires_after_60_minutes(api, sim):
    token = api.token()
    sim.advance_clock(3599)
    assert api.json('GET', PHONE, GET_BODY, api_key=None, bearer=token) == NOT_FOUND
    sim.advance_clock(1)
    assert api.json('GET', PHONE, GET_BODY, api_key=None, bearer=token) == false('Token Expired')


def test_ten_per_hour_then_rate_limited(api, sim):
    for _attempt in range(10):
        api.token()
        sim.advance_clock(60)
    response = api.call('POST', PATH, {'userName': 'token_user'}, api_key=TOKEN_KEY)
    assert response.status_code == 429
    assert response.json() == MAX_LIMIT
    # The oldest of the ten was issued 600 s ago: its slot frees in 3000 s (decision 24).
    assert int(response.headers['Retry-After']) == 3000
    assert sim.journal()[-1]['outcome'] == 'rate_limited'
    sim.advance_clock(2999)
    assert api.call('POST', PATH, {'userName': 'token_user'}, api_key=TOKEN_KEY).status_code == 429
    sim.advance_clock(1)
    assert api.token()


def test_rejected_attempts_do_not_consume_the_window(api, sim):
    for _attempt in range(10):
        api.token()
    for _attempt in range(3):
        assert api.call('POST', PATH, {'userName': 'token_user'}, api_key=TOKEN_KEY).status_code == 429
    sim.advance_clock(3600)
    assert api.token()


def test_rate_limit_status_switch(api, sim):
    state = sim.state()
    state['behaviour']['rate_limit_status'] = 200
    sim.set_state(state)
    for _attempt in range(10):
        api.token()
    response = api.call('POST', PATH, {'userName': 'token_user'}, api_key=TOKEN_KEY)
    assert response.status_code == 200 and response.json() == MAX_LIMIT
    assert 'Retry-After' in response.headers


def test_journal_kind_and_masking(api, sim):
    api.token()
    entry = sim.journal()[0]
    assert entry['kind'] == 'token' and entry['auth'] == 'apikey_header' and entry['outcome'] == 'success'
    assert TOKEN_KEY not in repr(sim.journal())
