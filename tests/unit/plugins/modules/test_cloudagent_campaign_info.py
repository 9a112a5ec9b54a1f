# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""cloudagent_campaign_info: main() against a real simulator, with the exact request list."""

from __future__ import annotations

import json

import pytest

from ansible_collections.ozonetel.cloudagent.plugins.modules import cloudagent_campaign_info
# run_module and clear_cloudagent_environment: kept for tests that call them directly
from ansible_collections.ozonetel.cloudagent.tests.unit.module_runner import clear_cloudagent_environment, run_module  # pylint: disable=unused-import
from ansible_collections.ozonetel.cloudagent.tests.unit.module_runner import CAPTURED, DEMO_KEY as API_KEY

ALL = [
    {'name': 'Inbound_Sales', 'id': 101, 'position': 'READY'},
    {'name': 'Outbound_Collections', 'id': 102, 'position': 'RUNNING'},
    {'name': 'Support_Line', 'id': 103, 'position': 'COMPLETED'},
    {'name': 'Dup_Name', 'id': 104, 'position': 'READY'},
    {'name': 'dup_name', 'id': 105, 'position': 'READY'},
]


@pytest.fixture(autouse=True)
def setup(sim, in_process):  # pylint: disable=unused-argument  # the simulator reset, CAPTURED filled
    pass


def run(check=False, failed=False, **extra):
    module_args = {'username': 'demo_user', 'api_key': API_KEY, 'base_url': CAPTURED['base_url'], 'retries': 0}
    module_args.update(extra)
    return CAPTURED.run(cloudagent_campaign_info, module_args, check=check, failed=failed)


def bodies(sim):
    assert all((e['method'], e['path'], e['kind']) == ('GET', '/ca_apis/campaignStatus', 'read') for e in sim.journal())
    return [e['body']['campaignName'] for e in sim.journal()]


@pytest.mark.parametrize('check', [False, True])
def test_lists_every_campaign_in_one_request(sim, check):
    result = run(check=check)
    assert result['changed'] is False and result['campaigns'] == ALL and result['missing'] == []
    assert result['api_requests'] == {'read': 1, 'write': 0, 'token': 0}
    assert bodies(sim) == ['']


def test_names_case_insensitive_with_missing_and_repeats(sim):
    result = run(names=['inbound_sales', 'No_Such', 'DUP_NAME', 'Inbound_Sales', 'dup_name'])
    assert result['campaigns'] == [ALL[0], ALL[3], ALL[4]]
    assert result['missing'] == ['No_Such']
    assert bodies(sim) == ['inbound_sales', 'No_Such', 'DUP_NAME']


def test_invalid_names_rejected_before_any_request(sim):
    result = run(names=['', 'Inbound_Sales', '  '], failed=True)
    assert result['msg'] == 'Invalid input (2 problems: names[0], names[2]): names[0]: must not be empty; names[2]: must not be empty'
    assert sim.journal() == []


def test_authentication_failure(sim):
    result = run(api_key='KKwrong0000000000000000000000000', failed=True)
    assert result['msg'] == ('list campaigns: authentication failed: userName or apiKey not valid; check username and '
                             'api_key (and that auth_mode matches the account)')
    assert result['kind'] == 'auth_failed' and 'KKwrong' not in json.dumps(result)


def test_account_without_campaigns(sim):
    result = run(username='tiny_user', api_key='KKtiny00000000000000000000000003')
    assert result['campaigns'] == [] and result['missing'] == []


def test_server_error_reported(sim):
    sim.set_faults([{'path': '/ca_apis/campaignStatus', 'kind': 'http500'}])
    result = run(failed=True)
    assert result['kind'] == 'server_error' and 'list campaigns (campaignStatus) failed' in result['msg']


def test_a_server_that_refuses_a_listing_without_a_name_says_so(sim):
    state = sim.state()
    state['behaviour']['campaign_list_without_name'] = 'refused'
    sim.set_state(state)
    result = run(failed=True)
    assert result['msg'].startswith('list campaigns: this CloudAgent server treats campaignName as mandatory '
                                    "(it answered 'All parameters are mandatory' to a request without one)")
    assert 'give the campaign names' in result['msg']
    named = run(names=['inbound_sales'])
    assert named['campaigns'] == [ALL[0]]
