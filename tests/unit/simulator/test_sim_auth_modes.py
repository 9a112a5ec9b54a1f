# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Auth style vs account mode on /ca_apis/* (api-reference 2.4, decisions 1, 22, 26)."""

import pytest

from sim_helpers import DEMO_KEY, TOKEN_KEY

PHONE_GET = ('GET', '/ca_apis/PhoneManageV2', {'action': 'get', 'phoneNumber': '9180000001'})
BLOCK_CREATE = ('POST', '/ca_apis/createBlockNumber', {'name': 'Group', 'description': 'Desc', 'blockNumbers': '9876543210'})
CAMPAIGN = ('GET', '/ca_apis/campaignStatus', {'campaignName': 'Inbound_Sales'})
ENDPOINTS = {'phone': PHONE_GET, 'block': BLOCK_CREATE, 'campaign': CAMPAIGN}
OWN_FAILURE = {
    'phone': {'status': 'error', 'message': 'userName or apiKey not valid'},
    'block': {'status': 'error', 'message': 'Authentication failed'},
    'campaign': {'status': 'failure', 'message': 'userName or apiKey not valid'},
}


def false(message):
    return {'status': 'false', 'message': message, 'data': None}


def call(api, endpoint, user, api_key=None, bearer=None):
    method, path, body = ENDPOINTS[endpoint]
    return api.json(method, path, dict(body, userName=user), api_key=api_key, bearer=bearer)


@pytest.mark.parametrize('endpoint', sorted(ENDPOINTS))
def test_token_account_apikey_header_only(api, endpoint):
    assert call(api, endpoint, 'token_user', api_key=TOKEN_KEY) == false('Invalid action.')


@pytest.mark.parametrize('endpoint', sorted(ENDPOINTS))
def test_token_account_no_credentials(api, endpoint):
    assert call(api, endpoint, 'token_user') == false('Token Should Not be Null or Empty.')


@pytest.mark.parametrize('endpoint', sorted(ENDPOINTS))
def test_token_account_unknown_token(api, endpoint):
    assert call(api, endpoint, 'token_user', bearer='not-a-token') == false('Invalid Token')


@pytest.mark.parametrize('endpoint', sorted(ENDPOINTS))
def test_basic_account_bearer_only(api, endpoint):
    token = api.token()
    assert call(api, endpoint, 'demo_user', bearer=token) == false('Api Key Should Not be Null or Empty.')


@pytest.mark.parametrize('endpoint', sorted(ENDPOINTS))
def test_basic_account_wrong_key(api, endpoint):
    assert call(api, endpoint, 'demo_user', api_key='KKwrong') == OWN_FAILURE[endpoint]


@pytest.mark.parametrize('endpoint', sorted(ENDPOINTS))
def test_unknown_user(api, endpoint):
    assert call(api, endpoint, 'nobody', api_key=DEMO_KEY) == OWN_FAILURE[endpoint]


@pytest.mark.parametrize('endpoint', sorted(ENDPOINTS))
def test_both_modes_succeed_with_their_own_style(api, endpoint):
    assert call(api, endpoint, 'demo_user', api_key=DEMO_KEY)['status'] != 'false'
    assert call(api, endpoint, 'token_user', bearer=api.token())['status'] != 'false'


def test_token_is_bound_to_its_user(api, sim):
    state = sim.state()
    state['users'].append({'userName': 'token_two', 'apiKey': 'KKtwo', 'authMode': 'TOKEN_AUTH'})
    sim.set_state(state)
    token = api.token()
    assert call(api, 'phone', 'token_two', bearer=token) == false('Invalid Token')


def test_journal_auth_styles(api, sim):
    call(api, 'phone', 'demo_user', api_key=DEMO_KEY)
    call(api, 'phone', 'token_user', bearer=api.token())
    styles = [entry['auth'] for entry in sim.journal()]
    assert styles == ['apikey_header', 'apikey_header', 'bearer']
    assert [entry['outcome'] for entry in sim.journal()] == ['not_found', 'success', 'not_found']


@pytest.mark.parametrize('api_key, body, status', [
    ('KKwrong', {'userName': 'demo_user', 'action': 'get', 'phoneNumber': '123'}, 401),
    (DEMO_KEY, {'userName': 'demo_user', 'action': 'get', 'phoneNumber': '12'}, 400),
    (DEMO_KEY, {'userName': 'demo_user', 'action': 'get', 'phoneNumber': '123'}, 404),
])
def test_http_errors_rest_switch(api, sim, api_key, body, status):
    state = sim.state()
    state['behaviour']['http_errors'] = 'rest'
    sim.set_state(state)
    response = api.call('GET', '/ca_apis/PhoneManageV2', body, api_key=api_key)
    assert response.status_code == status
    assert response.json()['status'] == 'error'


def test_documented_errors_are_http_200_by_default(api):
    response = api.call('GET', '/ca_apis/PhoneManageV2', {'userName': 'demo_user', 'action': 'get', 'phoneNumber': '123'}, api_key='KKx')
    assert response.status_code == 200
