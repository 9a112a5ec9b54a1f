# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""GET /CAServices/PhoneManageV2.php, the query-string API (api-reference A.2, decision 25)."""

import pytest

from sim_helpers import DEMO_KEY, TOKEN_KEY, user_of

PATH = '/CAServices/PhoneManageV2.php'
SAVED = {'status': 'success', 'message': 'record inserted successfully'}


def legacy(api, **params):
    query = dict({'action': 'create', 'apiKey': DEMO_KEY, 'userName': 'demo_user', 'phoneNumber': '9180000001', 'phoneName': 'Alice'}, **params)
    query = {key: value for key, value in query.items() if value is not None}
    response = api.call('GET', PATH, params=query)
    assert response.status_code == 200
    return response.json()


@pytest.mark.parametrize('params, expected', [
    ({}, SAVED),
    ({'apiKey': None, 'api_key': DEMO_KEY}, SAVED),
    ({'apiKey': 'KKwrong'}, {'status': 'error', 'message': 'userName or apiKey not valid'}),
    ({'userName': 'nobody'}, {'status': 'error', 'message': 'userName or apiKey not valid'}),
    ({'action': 'get'}, {'status': 'error', 'message': 'action not valid'}),
    ({'action': 'Create'}, SAVED),
    ({'phoneNumber': 'abc'}, {'status': 'error', 'message': 'phoneNumber must be numeric'}),
    ({'phoneName': ''}, {'status': 'error', 'message': 'phoneName cannot be empty'}),
    ({'skill': 'General,Nope'}, {'status': 'success', 'message': 'record inserted successfully and failed to insert skills please pass the valid skills'}),
    ({'userName': 'token_user', 'apiKey': TOKEN_KEY}, SAVED),   # decision 25: both account modes
])
def test_create_rows(api, params, expected):
    assert legacy(api, **params) == expected


def test_plus_must_be_encoded(api, sim):
    # requests encodes '+' as %2B: accepted. A raw '+' in the query is a space, so not numeric.
    assert legacy(api, phoneNumber='+919876543210') == SAVED
    raw = api.session.get(api.sim.base_url + PATH + '?action=create&apiKey=%s&userName=demo_user&phoneNumber=+91987&phoneName=Bob' % DEMO_KEY)
    assert raw.json() == {'status': 'error', 'message': 'phoneNumber must be numeric'}
    assert user_of(sim.state(), 'demo_user')['phones'][0]['number'] == '+919876543210'


def test_edit_and_delete(api, sim):
    legacy(api)
    assert legacy(api, action='edit', phoneNumberNew='9180000002', PhoneNameNew='Alicia', assignSkill='Sales') == SAVED
    assert user_of(sim.state(), 'demo_user')['phones'] == [{'name': 'Alicia', 'number': '9180000002', 'skills': ['Sales']}]
    assert legacy(api, action='delete', phoneNumber='9180000002', phoneName='alicia') == SAVED
    assert user_of(sim.state(), 'demo_user')['phones'] == []


def test_journal_kind_and_masked_query(api, sim):
    legacy(api)
    legacy(api, action='get')
    entries = sim.journal()
    assert [entry['kind'] for entry in entries] == ['write', 'read']
    assert entries[0]['auth'] == 'query' and entries[0]['body']['apiKey'] == '***'


def test_post_is_not_allowed(api):
    assert api.call('POST', PATH).status_code == 405
