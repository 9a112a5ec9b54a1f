# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""GET /ca_apis/campaignStatus with a JSON body (api-reference A.6, decisions 21, 22)."""

import pytest

from sim_helpers import DEMO_KEY

PATH = '/ca_apis/campaignStatus'


def row(cid, name, position, user='demo_user'):
    return {'CampaignID': cid, 'CampaignName': name, 'UserName': user, 'Position': position}


ALL = [row(101, 'Inbound_Sales', 'READY'), row(102, 'Outbound_Collections', 'RUNNING'), row(103, 'Support_Line', 'COMPLETED'),
       row(104, 'Dup_Name', 'READY'), row(105, 'dup_name', 'READY')]


@pytest.mark.parametrize('body, expected', [
    ({'userName': 'demo_user', 'campaignName': 'Inbound_Sales'}, {'status': 'success', 'message': [ALL[0]]}),
    ({'userName': 'demo_user', 'campaignName': 'inbound_sales'}, {'status': 'success', 'message': [ALL[0]]}),
    ({'userName': 'demo_user', 'campaignName': 'DUP_NAME'}, {'status': 'success', 'message': ALL[3:]}),
    ({'userName': 'demo_user', 'campaignName': ''}, {'status': 'success', 'message': ALL}),
    ({'userName': 'demo_user'}, {'status': 'success', 'message': ALL}),
    ({'userName': 'demo_user', 'campaignName': 'Nope'}, {'status': 'failure', 'message': 'no record found'}),
    ({'campaignName': 'Inbound_Sales'}, {'status': 'failure', 'message': 'All parameters are mandatory'}),
])
def test_rows(api, body, expected):
    assert api.json('GET', PATH, body) == expected


def test_wrong_key(api):
    body = {'userName': 'demo_user', 'campaignName': 'Inbound_Sales'}
    assert api.json('GET', PATH, body, api_key='KKwrong') == {'status': 'failure', 'message': 'userName or apiKey not valid'}


def test_token_account(api):
    body = api.json('GET', PATH, {'userName': 'token_user', 'campaignName': 'Support_Line'}, api_key=None, bearer=api.token())
    assert body == {'status': 'success', 'message': [row(203, 'Support_Line', 'COMPLETED', 'token_user')]}


def test_is_a_read(api, sim):
    api.json('GET', PATH, {'userName': 'demo_user'}, api_key=DEMO_KEY)
    assert sim.writes() == [] and sim.journal()[0]['kind'] == 'read'


def test_name_ignored_switch_lists_every_campaign(api, sim):
    state = sim.state()
    state['behaviour']['campaign_status_name'] = 'ignored'
    sim.set_state(state)
    assert api.json('GET', PATH, {'userName': 'demo_user', 'campaignName': 'Inbound_Sales'}) == {
        'status': 'success', 'message': ALL}
