# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The issue-14 reading switches of the simulator, request by request (the matrix runs the modules on them)."""

import pytest

from cloudagent_sim.readings import unexplained
from sim_helpers import user_of

PHONE = '/ca_apis/PhoneManageV2'


def _reading(sim, **switches):
    state = sim.state()
    state['behaviour'].update(switches)
    user_of(state, 'demo_user')['phones'] = [{'name': 'desk1', 'number': '12345', 'skills': []}]
    sim.set_state(state)


def _phones(sim):
    return [(p['name'], p['number']) for p in user_of(sim.state(), 'demo_user')['phones']]


@pytest.mark.parametrize('reading,sent,renamed', [
    ('both', 'PhoneNameNew', True), ('both', 'phoneNameNew', True),
    ('PhoneNameNew', 'PhoneNameNew', True), ('PhoneNameNew', 'phoneNameNew', False),
    ('phoneNameNew', 'phoneNameNew', True), ('phoneNameNew', 'PhoneNameNew', False)])
def test_rename_key_reading(api, sim, reading, sent, renamed):
    _reading(sim, phone_rename_key=reading)
    body = {'userName': 'demo_user', 'action': 'edit', 'phoneNumber': '12345', 'phoneName': 'desk1',
            'phoneNumberNew': '12345', sent: 'desk9'}
    # An ignored key still gets the documented success: that is what makes the reading dangerous.
    assert api.json('POST', PHONE, body) == {'status': 'success', 'message': 'record inserted successfully'}
    assert _phones(sim) == [('desk9' if renamed else 'desk1', '12345')]


@pytest.mark.parametrize('reading,answer', [
    ('no_record', {'status': 'error', 'message': 'no record found'}),
    ('success', {'status': 'success', 'message': 'record inserted successfully'}),
    ('does_not_exist', {'status': 'error', 'message': 'Phone number does not exist'}),
    ('not_exists', {'status': 'error', 'message': 'phoneNumber not exists'})])
def test_delete_missing_reading_on_both_apis(api, sim, reading, answer):
    _reading(sim, phone_delete_missing=reading)
    body = {'userName': 'demo_user', 'action': 'delete', 'phoneNumber': '99999', 'phoneName': 'ghost'}
    assert api.json('POST', PHONE, body) == answer
    legacy = api.call('GET', '/CAServices/PhoneManageV2.php', params=dict(body, apiKey='KKdemo00000000000000000000000001'))
    assert legacy.json() == answer and _phones(sim) == [('desk1', '12345')]
    assert sim.writes()[-1]['applied'] is False


def test_get_shape_data(api, sim):
    _reading(sim, phone_get_shape='data')
    body = {'userName': 'demo_user', 'action': 'get', 'phoneNumber': '', 'phoneName': 'desk1'}
    assert api.json('GET', PHONE, body) == {'status': 'success', 'data': {'phoneNumber': '12345', 'phoneName': 'desk1'}}


@pytest.mark.parametrize('reading,listed', [('all', 5), ('refused', None)])
def test_campaign_list_without_name(api, sim, reading, listed):
    _reading(sim, campaign_list_without_name=reading)
    body = api.json('GET', '/ca_apis/campaignStatus', {'userName': 'demo_user', 'campaignName': ''})
    if listed is None:
        assert body == {'status': 'failure', 'message': 'All parameters are mandatory'}
    else:
        assert len(body['message']) == listed
    named = api.json('GET', '/ca_apis/campaignStatus', {'userName': 'demo_user', 'campaignName': 'Support_Line'})
    assert [row['CampaignName'] for row in named['message']] == ['Support_Line']


def test_every_switch_has_a_question():
    assert unexplained() == []
