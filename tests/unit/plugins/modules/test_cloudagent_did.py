# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""cloudagent_did: main() against a real simulator; every branch checked with the exact request list."""

from __future__ import annotations

import json

import pytest

from ansible_collections.ozonetel.cloudagent.plugins.module_utils.ledger import LedgerKey, open_ledger
from ansible_collections.ozonetel.cloudagent.plugins.modules import cloudagent_did
# run_module and clear_cloudagent_environment: kept for tests that call them directly
from ansible_collections.ozonetel.cloudagent.tests.unit.module_runner import clear_cloudagent_environment, run_module  # pylint: disable=unused-import
from ansible_collections.ozonetel.cloudagent.tests.unit.module_runner import CAPTURED

API_KEY = 'KKdemo00000000000000000000000001'
NODID_KEY = 'KKnodid0000000000000000000000004'
STATUS = ('GET', '/ca_apis/campaignStatus')
UPDATE = ('POST', '/APIServices/dynamic/did/update')


@pytest.fixture(autouse=True)
def setup(sim, in_process, monkeypatch, tmp_path):  # pylint: disable=unused-argument  # CAPTURED filled
    monkeypatch.setenv('HOME', str(tmp_path / 'home'))


def args(**extra):
    return CAPTURED.connection(**dict({'retries': 0}, **extra))


def single(campaign='Inbound_Sales', dids=('8040000001', '8040000002'), fallback=('8040000003',), **extra):
    return args(campaign=campaign, dynamic_dids=list(dids), fallback_dids=list(fallback), **extra)


def run(module_args, check=False, diff=False, failed=False):
    return run_module(CAPTURED['capsys'], cloudagent_did, module_args, check=check, diff=diff, failed=failed,
                      secrets=(API_KEY, NODID_KEY))


def requests_made(sim):
    return [(e['method'], e['path']) for e in sim.journal()]


def campaign_state(sim, name='Inbound_Sales', user='demo_user'):
    account = next(u for u in sim.state()['users'] if u['userName'] == user)
    found = next(c for c in account['campaigns'] if c['CampaignName'] == name)
    return found['dynamicDIDs'], found['fallbackDynamicDIDs']


def record(name, user='demo_user'):
    return open_ledger(CAPTURED['ledger']).get(LedgerKey(CAPTURED['base_url'], user, 'did', name))


def apply_first(sim):
    run(single())
    sim.clear_journal()


# ---------------------------------------------------------------- single form

def test_check_mode_predicts_and_writes_nothing(sim, tmp_path):
    result = run(single(), check=True, diff=True)
    assert result['changed'] is True
    # No record yet: the prediction is a change, and it says it cannot be sure (the API cannot read DIDs).
    assert result['campaign'] == {'campaign': 'Inbound_Sales', 'campaign_id': 101, 'position': 'READY',
                                  'dynamic_dids': ['8040000001', '8040000002'], 'fallback_dids': ['8040000003'],
                                  'changed': True, 'uncertain': True}
    assert result['diff']['before']['dynamic_dids'] is None and result['diff']['before']['fallback_dids'] is None
    assert result['diff']['after']['dynamic_dids'] == ['8040000001', '8040000002']
    assert requests_made(sim) == [STATUS]
    assert sim.journal()[0]['body']['campaignName'] == 'Inbound_Sales'
    assert sim.writes() == []
    assert campaign_state(sim) == ([], [])
    assert not (tmp_path / 'ledger').exists()


def test_apply_records_then_rerun_is_idempotent(sim):
    result = run(single(), diff=True)
    assert result['changed'] is True and result['api_requests'] == {'read': 1, 'write': 1, 'token': 0}
    assert requests_made(sim) == [STATUS, UPDATE]
    write = sim.writes()[0]
    assert write['auth'] == 'body_apikey'
    assert write['body'] == {'campaignName': 'Inbound_Sales', 'dynamicDIDs': '8040000001,8040000002',
                             'fallbackDynamicDIDs': '8040000003', 'apiKey': '***', 'username': 'demo_user'}
    assert campaign_state(sim) == (['8040000001', '8040000002'], ['8040000003'])
    rec = record('Inbound_Sales')
    assert rec['desired'] == {'campaign': 'Inbound_Sales', 'dynamic_dids': ['8040000001', '8040000002'],
                              'fallback_dids': ['8040000003']}
    assert rec['server'] == {'campaign_id': 101}
    sim.clear_journal()
    again = run(single(), diff=True)
    assert again['changed'] is False and again['campaign']['dynamic_dids'] == ['8040000001', '8040000002']
    assert again['diff'] == {'before': {}, 'after': {}}
    assert requests_made(sim) == [STATUS] and sim.writes() == []


def test_dids_are_normalised_before_comparing(sim):
    apply_first(sim)
    result = run(single(dids=(' 804-000-0001', '(804) 000 0002'), fallback=('804.000.0003',)))
    assert result['changed'] is False and sim.writes() == []


def test_order_is_kept_and_compared(sim):
    apply_first(sim)
    changed = single(dids=('8040000002', '8040000001'))
    result = run(changed, check=True, diff=True)
    assert result['changed'] is True and sim.writes() == []
    assert result['diff']['before']['dynamic_dids'] == ['8040000001', '8040000002']
    assert result['diff']['after']['dynamic_dids'] == ['8040000002', '8040000001']
    assert result['diff']['before']['fallback_dids'] == result['diff']['after']['fallback_dids'] == ['8040000003']
    assert record('Inbound_Sales')['desired']['dynamic_dids'] == ['8040000001', '8040000002']
    result = run(changed)
    assert result['changed'] is True and requests_made(sim) == [STATUS, STATUS, UPDATE]
    assert campaign_state(sim)[0] == ['8040000002', '8040000001']
    assert record('Inbound_Sales')['desired']['dynamic_dids'] == ['8040000002', '8040000001']


def test_force_resends_matching_lists(sim):
    apply_first(sim)
    result = run(single(force=True), diff=True)
    assert result['changed'] is True and requests_made(sim) == [STATUS, UPDATE]
    assert result['diff']['before'] == result['diff']['after']


def test_name_matched_case_insensitively_and_sent_as_the_server_spells_it(sim):
    result = run(single(campaign=' inbound_sales '))
    assert result['campaign']['campaign'] == 'Inbound_Sales'
    assert sim.writes()[0]['body']['campaignName'] == 'Inbound_Sales'
    assert record('INBOUND_SALES')['desired']['campaign'] == 'Inbound_Sales'


def test_invalid_input_is_reported_at_once_before_any_request(sim):
    result = run(single(campaign=' ', dids=('80400000x1', '8040000001', '804-000-0001'), fallback=()), failed=True)
    assert result['msg'].startswith('Invalid input (3 problems: ')
    for part in ('campaign: must not be empty', "dynamic_dids[0]: '80400000x1' is not a phone number",
                 "fallback_dids: must be a non-empty list"):
        assert part in result['msg']
    assert sim.journal() == []


def test_duplicate_did_rejected(sim):
    result = run(single(dids=('8040000001', '804-000-0001')), failed=True)
    assert "dynamic_dids[1]: '804-000-0001' is listed twice" in result['msg'] and sim.journal() == []


def test_missing_lists_named(sim):
    result = run(args(campaign='Inbound_Sales'), failed=True)
    assert 'dynamic_dids: must be a non-empty list' in result['msg'] and 'fallback_dids: must be' in result['msg']
    assert sim.journal() == []


def test_unknown_campaign_fails_before_any_write(sim):
    result = run(single(campaign='No_Such'), check=False, failed=True)
    assert result['msg'] == ("No_Such: campaign 'No_Such' not found: campaignStatus lists no campaign of that name "
                             'on this account')
    assert result['campaign']['campaign_id'] is None and result['changed'] is False
    assert requests_made(sim) == [STATUS] and sim.writes() == []


@pytest.mark.parametrize('name', ['Dup_Name', 'dup_name', 'DUP_NAME'])
def test_ambiguous_campaign_lists_the_matches(sim, name):
    result = run(single(campaign=name), failed=True)
    assert "is ambiguous: campaignStatus matches 2 campaigns" in result['msg']
    assert "'Dup_Name' (id 104), 'dup_name' (id 105)" in result['msg']
    assert requests_made(sim) == [STATUS] and sim.writes() == []


def test_dids_not_on_account_lists_what_was_sent(sim):
    result = run(single(dids=('8040000001', '9990000001')), failed=True)
    assert result['msg'] == ("Inbound_Sales: the API rejected the dynamic DIDs with 'Please enter the Valid DIDs "
                             "assigned to the account.' without saying which; sent: 8040000001, 9990000001; every DID "
                             'must be assigned to the account')
    assert result['code'] == 'dids_not_on_account' and result['changed'] is False
    assert requests_made(sim) == [STATUS, UPDATE]
    assert campaign_state(sim) == ([], []) and record('Inbound_Sales') is None


def test_fallback_dids_not_on_account(sim):
    apply_first(sim)
    result = run(single(fallback=('9990000009',)), failed=True)
    assert "rejected the fallback DIDs with 'Please enter the Valid FallbackDIDs" in result['msg']
    assert 'sent: 9990000009' in result['msg']
    # The record keeps what was last confirmed.
    assert record('Inbound_Sales')['desired']['fallback_dids'] == ['8040000003']
    assert result['campaign']['fallback_dids'] == ['8040000003']


def test_feature_disabled(sim):
    state = sim.state()
    user = next(u for u in state['users'] if u['userName'] == 'nodid_user')
    user['campaigns'] = [{'CampaignID': 401, 'CampaignName': 'NoDid_Campaign', 'Position': 'READY'}]
    sim.set_state(state)
    result = run(single(campaign='NoDid_Campaign', username='nodid_user', api_key=NODID_KEY), failed=True)
    assert result['msg'] == ("NoDid_Campaign: the API answered 'Dynamic DID for Campaign is not enabled for this "
                             "account.': turn on the account's 'Dynamic DID for Campaign' admin setting")
    assert result['code'] == 'feature_disabled'
    assert requests_made(sim) == [STATUS, UPDATE]
    assert record('NoDid_Campaign', user='nodid_user') is None


def test_authentication_failure(sim):
    result = run(single(api_key='KKwrong0000000000000000000000000'), failed=True)
    assert 'authentication failed: userName or apiKey not valid; check username and api_key' in result['msg']
    assert 'KKwrong' not in json.dumps(result)
    assert requests_made(sim) == [STATUS] and sim.writes() == []


def test_did_endpoint_rejects_credentials(sim, monkeypatch):
    # campaignStatus accepted the key but the DID endpoint did not (only reachable with another body key).
    from ansible_collections.ozonetel.cloudagent.plugins.module_utils import client as client_module
    original = client_module.CloudAgentClient._need_api_key

    def wrong_key_for_did(self, ep):
        return 'KKother000000000000000000000000' if ep.name == 'did_update' else original(self, ep)
    monkeypatch.setattr(client_module.CloudAgentClient, '_need_api_key', wrong_key_for_did)
    result = run(single(), failed=True)
    assert "the API answered 'Authentication failed.': check username and api_key" in result['msg']
    assert record('Inbound_Sales') is None


def test_unknown_write_outcome_is_not_resent(sim):
    sim.set_faults([{'path': '/APIServices/dynamic/did/update', 'kind': 'reset_after', 'count': 1}])
    result = run(single(), failed=True)
    assert result['campaign']['applied'] is None and result['applied'] is None
    assert 'the request may have been applied, so it was not resent' in result['msg']
    assert requests_made(sim) == [STATUS, UPDATE]
    # The simulator applied it; nothing is recorded, so the next run sends the lists again.
    assert campaign_state(sim)[0] == ['8040000001', '8040000002'] and record('Inbound_Sales') is None
    sim.clear_journal()
    assert run(single())['changed'] is True and requests_made(sim) == [STATUS, UPDATE]


def test_token_mode_uses_bearer_for_campaign_status_and_body_key_for_dids(sim):
    result = run(single(username='token_user', api_key='KKtoken0000000000000000000000002', auth_mode='token'))
    assert result['changed'] is True
    kinds = [(e['path'], e['auth']) for e in sim.journal()]
    assert kinds == [('/ca_apis/CAToken/generateToken', 'apikey_header'), ('/ca_apis/campaignStatus', 'bearer'),
                     ('/APIServices/dynamic/did/update', 'body_apikey')]
    assert campaign_state(sim, user='token_user') == (['8040000001', '8040000002'], ['8040000003'])


def test_ledger_write_failure_after_apply_is_reported(sim, monkeypatch):
    from ansible_collections.ozonetel.cloudagent.plugins.module_utils import ledger_file
    from ansible_collections.ozonetel.cloudagent.plugins.module_utils.ledger import LedgerError

    def broken_put(self, key, desired=None, server=None):
        raise LedgerError('ledger: disk full')
    monkeypatch.setattr(ledger_file.DirectoryLedger, 'put', broken_put)
    result = run(single(), failed=True)
    assert ("applied the DIDs of campaign 'Inbound_Sales', but writing the known-state store failed "
            "(ledger: disk full)") in result['msg']
    assert result['changed'] is True and result['campaign']['dynamic_dids'] == ['8040000001', '8040000002']
    assert requests_made(sim) == [STATUS, UPDATE]


# ---------------------------------------------------------------- bulk form

def bulk(items, **extra):
    return args(campaigns=items, **extra)


ITEMS = [
    {'campaign': 'Inbound_Sales', 'dynamic_dids': ['8040000001'], 'fallback_dids': ['8040000002']},
    {'campaign': 'Outbound_Collections', 'dynamic_dids': ['8040000003', '8040000004'], 'fallback_dids': ['8040000005']},
    {'campaign': 'Support_Line', 'dynamic_dids': ['8040000006'], 'fallback_dids': ['8040000007']},
]


def test_bulk_apply_then_idempotent(sim):
    result = run(bulk(ITEMS), diff=True)
    assert result['changed'] is True and [c['campaign'] for c in result['campaigns']] == [i['campaign'] for i in ITEMS]
    assert [c['campaign_id'] for c in result['campaigns']] == [101, 102, 103]
    assert len(result['diff']) == 3 and result['api_requests'] == {'read': 3, 'write': 3, 'token': 0}
    assert sorted(requests_made(sim)) == sorted([STATUS] * 3 + [UPDATE] * 3)
    assert campaign_state(sim, 'Outbound_Collections') == (['8040000003', '8040000004'], ['8040000005'])
    sim.clear_journal()
    again = run(bulk(ITEMS), diff=True)
    assert again['changed'] is False and again['diff'] == [] and sim.writes() == []
    assert requests_made(sim) == [STATUS] * 3


def test_bulk_check_mode_only_changed_items_in_diff(sim):
    run(bulk(ITEMS[:1]))
    sim.clear_journal()
    result = run(bulk(ITEMS), check=True, diff=True)
    assert [c['changed'] for c in result['campaigns']] == [False, True, True]
    assert [d['before_header'] for d in result['diff']] == ['campaign Outbound_Collections', 'campaign Support_Line']
    assert sim.writes() == []


def test_bulk_partial_failure_lists_failed_items_and_applies_the_others(sim):
    items = ITEMS[:2] + [{'campaign': 'No_Such', 'dynamic_dids': ['8040000001'], 'fallback_dids': ['8040000002']},
                         {'campaign': 'Support_Line', 'dynamic_dids': ['9990000001'], 'fallback_dids': ['8040000002']}]
    result = run(bulk(items, parallel=2), failed=True)
    assert result['msg'].startswith('2 of 4 campaigns failed (2 applied, 2 changed): ')
    assert result['failed_items'] == ['No_Such', 'Support_Line']
    assert result['changed'] is True
    assert [c.get('failed', False) for c in result['campaigns']] == [False, False, True, True]
    assert len(sim.writes()) == 3  # Inbound_Sales, Outbound_Collections, the rejected Support_Line
    assert record('Inbound_Sales') and record('Support_Line') is None


def test_bulk_validation_names_every_item_and_duplicates(sim):
    items = [ITEMS[0], dict(ITEMS[0], campaign='INBOUND_SALES'), {'campaign': 'X', 'dynamic_dids': [], 'fallback_dids': ['1']},
             {'dynamic_dids': ['8040000001'], 'fallback_dids': ['8040000002']}]
    result = run(bulk(items), failed=True)
    msg = ' '.join(result['errors'])  # the message summarises; errors holds each
    assert "campaigns[1]: 'INBOUND_SALES' appears twice (also at campaigns[0])" in msg
    assert 'campaigns[2].dynamic_dids: must be a non-empty list' in msg
    assert "campaigns[2].fallback_dids[0]: '1' is not a phone number" in msg
    assert 'campaigns[3].campaign: is required' in msg
    assert sim.journal() == []


def test_bulk_force_default_and_item_override(sim):
    run(bulk(ITEMS))
    sim.clear_journal()
    items = [dict(ITEMS[0]), dict(ITEMS[1], force=False), dict(ITEMS[2])]
    result = run(bulk(items, force=True))
    assert [c['changed'] for c in result['campaigns']] == [True, False, True]
    assert len(sim.writes()) == 2


def test_bulk_empty_list_does_nothing(sim):
    result = run(bulk([]))
    assert result['changed'] is False and result['campaigns'] == [] and 'api_requests' not in result
    assert sim.journal() == []


def test_options_are_exclusive(sim):
    result = run(dict(single(), campaigns=ITEMS), failed=True)
    assert 'mutually exclusive' in result['msg'] and sim.journal() == []


def test_campaign_status_listing_every_campaign_still_finds_the_one(sim):
    """The documented sample answers a query for one name with several campaigns: only the asked-for one counts."""
    state = sim.state()
    state['behaviour']['campaign_status_name'] = 'ignored'
    sim.set_state(state)
    result = run(single(campaign='inbound_sales'))
    assert result['changed'] is True and result['campaign']['campaign'] == 'Inbound_Sales'
    assert campaign_state(sim) == (['8040000001', '8040000002'], ['8040000003'])
    ambiguous = run(single(campaign='dup_name'), failed=True)
    assert "matches 2 campaigns" in ambiguous['msg'] and 'Inbound_Sales' not in ambiguous['msg']
