# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""POST /APIServices/dynamic/did/update (api-reference A.5, decisions 18-20)."""

import pytest

from sim_helpers import DEMO_KEY, NODID_KEY, TOKEN_KEY, user_of

PATH = '/APIServices/dynamic/did/update'
UPDATED = {'Message': 'Dynamic DIDs updated successfully'}
AUTH = {'Message': 'Authentication failed.'}


def body(**fields):
    data = dict({'username': 'demo_user', 'apiKey': DEMO_KEY, 'campaignName': 'Inbound_Sales',
                 'dynamicDIDs': '8040000001,8040000002', 'fallbackDynamicDIDs': '8040000003'}, **fields)
    return {key: value for key, value in data.items() if value is not None}


def update(api, **fields):
    return api.json('POST', PATH, body(**fields), api_key=None)


def campaign(sim, name='Inbound_Sales', user='demo_user'):
    return next(item for item in user_of(sim.state(), user)['campaigns'] if item['CampaignName'] == name)


ROWS = [
    ('success', {}, UPDATED),
    ('spaces around DIDs', {'dynamicDIDs': ' 8040000001 , 8040000002 '}, UPDATED),
    ('invalid username value', {'username': 'nobody'}, AUTH),
    ('missing username key', {'username': None}, AUTH),
    ('userName is not the key', {'username': None, 'userName': 'demo_user'}, AUTH),
    ('invalid apiKey value', {'apiKey': 'KKwrong'}, AUTH),
    ('unknown campaign', {'campaignName': 'Nope'}, {'Message': 'Campaign not found.'}),
    ('missing campaignName key', {'campaignName': None}, {'Message': 'Campaign not found.'}),
    ('campaign name is exact', {'campaignName': 'inbound_sales'}, {'Message': 'Campaign not found.'}),
    ('DID not on the account', {'dynamicDIDs': '8040000001,9999999999'}, {'Message': 'Please enter the Valid DIDs assigned to the account.'}),
    ('fallback DID not on the account', {'fallbackDynamicDIDs': '1234567890'}, {'Message': 'Please enter the Valid FallbackDIDs assigned to the account.'}),
    ('missing dynamicDIDs key', {'dynamicDIDs': None}, {'Message': 'DIDs is required'}),
    ('empty dynamicDIDs (decision 18)', {'dynamicDIDs': ''}, {'Message': 'DIDs is required'}),
    ('missing fallbackDynamicDIDs key', {'fallbackDynamicDIDs': None}, {'Message': 'fallbackDIDs is required'}),
    ('empty fallbackDynamicDIDs', {'fallbackDynamicDIDs': ''}, {'Message': 'fallbackDIDs is required'}),
    ('feature off (decision 19)', {'username': 'nodid_user', 'apiKey': NODID_KEY},
     {'Message': 'Dynamic DID for Campaign is not enabled for this account.'}),
    ('token account (decision 20)', {'username': 'token_user', 'apiKey': TOKEN_KEY}, UPDATED),
]


@pytest.mark.parametrize('fields, expected', [row[1:] for row in ROWS], ids=[row[0] for row in ROWS])
def test_rows(api, fields, expected):
    assert update(api, **fields) == expected


def test_missing_apikey_key_is_a_spring_500(api):
    response = api.call('POST', PATH, body(apiKey=None, api_key=DEMO_KEY))
    assert response.status_code == 500
    data = response.json()
    assert {key: data[key] for key in ('status', 'error', 'path')} == {'status': 500, 'error': 'Internal Server Error', 'path': PATH}
    assert len(data['timestamp']) == len('2023-10-18T09:48:01.703+0000')


def test_full_replacement_of_both_lists(api, sim):
    assert update(api) == UPDATED
    assert campaign(sim)['dynamicDIDs'] == ['8040000001', '8040000002']
    assert update(api, dynamicDIDs='8040000010', fallbackDynamicDIDs='8040000011,8040000012') == UPDATED
    stored = campaign(sim)
    assert (stored['dynamicDIDs'], stored['fallbackDynamicDIDs']) == (['8040000010'], ['8040000011', '8040000012'])


def test_failed_update_changes_nothing(api, sim):
    update(api, fallbackDynamicDIDs='1234567890')
    assert campaign(sim)['dynamicDIDs'] == []


def test_ambiguous_names_are_separate_campaigns(api, sim):
    assert update(api, campaignName='dup_name') == UPDATED
    assert campaign(sim, 'Dup_Name')['dynamicDIDs'] == [] and campaign(sim, 'dup_name')['dynamicDIDs'] != []


def test_journal_masks_body_apikey(api, sim):
    update(api)
    entry = sim.journal()[0]
    assert (entry['auth'], entry['kind'], entry['body']['apiKey'], entry['user']) == ('body_apikey', 'write', '***', 'demo_user')
