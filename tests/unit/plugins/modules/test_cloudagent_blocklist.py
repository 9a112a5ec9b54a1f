# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""cloudagent_blocklist: main() against a real simulator; every branch with its exact request list."""

from __future__ import annotations

import pytest

from ansible_collections.ozonetel.cloudagent.plugins.module_utils.ledger import LedgerKey, open_ledger
from ansible_collections.ozonetel.cloudagent.plugins.modules import cloudagent_blocklist
# run_module and clear_cloudagent_environment: kept for tests that call them directly
from ansible_collections.ozonetel.cloudagent.tests.unit.module_runner import clear_cloudagent_environment, run_module  # pylint: disable=unused-import
from ansible_collections.ozonetel.cloudagent.tests.unit.module_runner import (  # noqa: F401 pylint: disable=unused-import
    CAPTURED, DEMO_KEY as API_KEY)  # API_KEY: the name tests of this file use for demo_user's key

from cloudagent_sim import replies, routes
from cloudagent_sim.handlers import blocklist as sim_blocklist

EXPIRY = '2030-12-31 23:59:59'


@pytest.fixture(autouse=True)
def fresh(sim, in_process):  # pylint: disable=unused-argument  # the simulator reset, CAPTURED filled
    pass


def numbers(count, start=0):
    """count distinct Indian numbers in the server's form."""
    return ['+91%010d' % (9000000000 + start + i) for i in range(count)]


def run(args, check=False, diff=False, failed=False):
    return CAPTURED.fresh_run(cloudagent_blocklist, CAPTURED.connection(**args), check=check, diff=diff, failed=failed)


def calls():
    """(method, path, body without credentials) of every request since the run started."""
    found = []
    for entry in CAPTURED['sim'].journal():
        body = {k: v for k, v in (entry['body'] or {}).items() if k not in ('userName', 'apiKey')}
        found.append((entry['method'], entry['path'].rsplit('/', 1)[-1], body))
    return found


def warnings(result):
    """Warning texts, whether the result holds strings or ansible-core 2.19 WarningSummary objects."""
    return [w if isinstance(w, str) else w['event']['msg'] for w in result.get('warnings', [])]


def group(name='VIP'):
    user = next(u for u in CAPTURED['sim'].state()['users'] if u['userName'] == 'demo_user')
    return next((g for g in user['blockGroups'] if g['name'] == name), None)


def record(name='VIP'):
    return open_ledger(CAPTURED['ledger']).get(LedgerKey(CAPTURED['sim'].base_url, 'demo_user', 'blocklist', name))


def vip(nums, **extra):
    args = {'name': 'VIP', 'description': 'VIP callers', 'expiry': EXPIRY, 'numbers': nums}
    args.update(extra)
    return args


def put_group(nums, name='VIP', group_id=7, description='Made in UI'):
    state = CAPTURED['sim'].state()
    user = next(u for u in state['users'] if u['userName'] == 'demo_user')
    user['blockGroups'].append({'id': group_id, 'name': name, 'description': description, 'expiryDate': EXPIRY,
                                'numbers': list(nums)})
    CAPTURED['sim'].set_state(state)


# ---------------------------------------------------------------- create, chunking, rerun

def test_create_250_is_three_requests_then_rerun_is_none():
    nums = numbers(250)
    result = run(vip(list(reversed(nums))), diff=True)
    assert result['changed'] is True
    sent = calls()
    assert [(m, p) for m, p, _b in sent] == [('POST', 'createBlockNumber'), ('PUT', 'updateBlockNumbers'),
                                             ('PUT', 'updateBlockNumbers')]
    assert sent[0][2] == {'name': 'VIP', 'description': 'VIP callers', 'expiryDate': EXPIRY,
                          'blockNumbers': nums[:100]}
    assert sent[1][2] == {'groupName': 'VIP', 'id': 1, 'description': 'VIP callers', 'expiryDate': EXPIRY,
                          'blockNumbers': nums[100:200]}
    assert sent[2][2]['blockNumbers'] == nums[200:]
    view = result['blocklist']
    assert view['numbers'] == nums and view['count'] == 250 and view['added'] == nums
    assert view['id'] == 1 and view['removed'] == [] and view['rejected'] == []
    assert sorted(group()['numbers']) == nums
    assert record()['desired']['numbers'] == nums and record()['server'] == {'id': 1}
    assert result['diff']['before'] == {} and result['diff']['after']['count'] == 250
    assert result['api_requests']['write'] == 3

    again = run(vip(nums), diff=True)
    assert again['changed'] is False and calls() == [] and 'api_requests' not in again
    assert again['blocklist']['numbers'] == nums and again['blocklist']['added'] == []


def test_normalisation_and_duplicates_collapse():
    result = run(vip(['9876543210', '09876543210', '919876543210', '+91 98765-43210', '(987) 654.3211']))
    assert calls()[0][2]['blockNumbers'] == ['+919876543210', '+919876543211']
    assert result['blocklist']['numbers'] == ['+919876543210', '+919876543211']
    assert run(vip(['+919876543211', '9876543210']))['changed'] is False and calls() == []


def test_invalid_numbers_all_named_before_any_request():
    result = run(vip(['12345', '+91987654321', 'abc', '9876543210', '']), failed=True)
    assert calls() == []
    for bad in ("numbers[0]: '12345'", "numbers[2]: 'abc'", 'numbers[4]'):
        assert bad in ' '.join(result['errors'])  # the message summarises; errors holds each
    assert 'numbers[1]' not in result['msg'] and 'numbers[3]' not in result['msg']
    assert len(result['errors']) == 3


def test_create_needs_description_and_expiry():
    result = run({'name': 'VIP', 'numbers': ['9876543210']}, failed=True)
    assert 'description and expiry' in result['msg'] and calls() == []
    assert record() is None


def test_absent_without_numbers_is_refused():
    result = run({'name': 'VIP', 'state': 'absent'}, failed=True)
    assert 'cannot delete a whole group' in result['msg'] and calls() == []


# ---------------------------------------------------------------- changes with a record

def test_add_and_remove_check_mode_then_real():
    nums = numbers(20)
    run(vip(nums))
    desired = nums[5:] + numbers(10, start=100)
    predicted = run(vip(desired, purge=True), check=True, diff=True)
    assert predicted['changed'] is True and calls() == []
    assert predicted['blocklist']['added'] == numbers(10, start=100)
    assert predicted['blocklist']['removed'] == nums[:5]
    assert predicted['diff']['before']['numbers'] == nums and predicted['diff']['after']['numbers'] == sorted(desired)
    assert record()['desired']['numbers'] == nums

    result = run(vip(desired, purge=True), diff=True)
    sent = calls()
    assert [(m, p) for m, p, _b in sent] == [('PUT', 'updateBlockNumbers'), ('DELETE', 'deleteBlockNumber')]
    assert sent[0][2]['blockNumbers'] == numbers(10, start=100)
    assert sent[1][2] == {'id': 1, 'groupName': 'VIP', 'blockNumbers': nums[:5]}
    assert result['blocklist']['added'] == numbers(10, start=100) and result['blocklist']['removed'] == nums[:5]
    assert result['diff'] == predicted['diff']
    assert sorted(group()['numbers']) == sorted(desired) and record()['desired']['numbers'] == sorted(desired)


def test_without_purge_unlisted_numbers_stay():
    run(vip(numbers(3)))
    result = run(vip(numbers(1)))
    assert result['changed'] is False and calls() == []
    assert result['blocklist']['numbers'] == numbers(3)


def test_purge_to_empty_in_chunks():
    run(vip(numbers(150)))
    result = run(vip([], purge=True))
    sent = calls()
    expected = [('DELETE', 'deleteBlockNumber', 100), ('DELETE', 'deleteBlockNumber', 50)]
    assert [(m, p, len(b['blockNumbers'])) for m, p, b in sent] == expected
    assert result['blocklist']['numbers'] == [] and group()['numbers'] == []
    assert run(vip([], purge=True))['changed'] is False and calls() == []


def test_absent_removes_only_recorded_members():
    run(vip(numbers(5)))
    result = run({'name': 'vip', 'state': 'absent', 'numbers': numbers(2) + numbers(1, start=50)})
    assert calls() == [('DELETE', 'deleteBlockNumber', {'id': 1, 'groupName': 'VIP', 'blockNumbers': numbers(2)})]
    assert result['blocklist']['removed'] == numbers(2) and result['blocklist']['numbers'] == numbers(5)[2:]
    assert run({'name': 'VIP', 'state': 'absent', 'numbers': numbers(2)})['changed'] is False and calls() == []


def test_description_and_expiry_change_resends_the_recorded_numbers():
    run(vip(numbers(2)))
    result = run({'name': 'VIP', 'description': 'New text', 'expiry': '2031-01-01 00:00:00'}, diff=True)
    # The expiry may belong to each number (seed 002): every recorded number is re-sent with the new values.
    assert calls() == [('PUT', 'updateBlockNumbers', {'groupName': 'VIP', 'id': 1, 'description': 'New text',
                                                      'expiryDate': '2031-01-01 00:00:00', 'blockNumbers': numbers(2)})]
    assert result['changed'] is True and result['diff']['after']['description'] == 'New text'
    assert group()['description'] == 'New text' and group()['expiryDate'] == '2031-01-01 00:00:00'
    assert record()['desired']['description'] == 'New text' and record()['desired']['numbers'] == numbers(2)


def test_force_resends_and_counters_decide_changed():
    run(vip(numbers(3)))
    same = run(vip(numbers(3), force=True))
    # A confirmed forced re-send applied the description and expiry to every listed number again.
    assert same['changed'] is True
    assert [(m, p) for m, p, _b in calls()] == [('PUT', 'updateBlockNumbers')]
    # A number removed in the UI: force puts it back and the server's `new` counter says so.
    state = CAPTURED['sim'].state()
    next(u for u in state['users'] if u['userName'] == 'demo_user')['blockGroups'][0]['numbers'].pop(0)
    CAPTURED['sim'].set_state(state)
    assert run(vip(numbers(3), force=True))['changed'] is True
    assert sorted(group()['numbers']) == numbers(3)


# ---------------------------------------------------------------- no record

def test_group_made_outside_converges_by_adding():
    put_group(numbers(2, start=500))
    result = run(vip(numbers(3)))
    sent = calls()
    assert [(m, p) for m, p, _b in sent] == [('POST', 'createBlockNumber'), ('PUT', 'updateBlockNumbers')]
    assert sent[1][2]['blockNumbers'] == numbers(3)
    assert result['changed'] is True and any('already existed' in w for w in warnings(result))
    assert sorted(group()['numbers']) == sorted(numbers(2, start=500) + numbers(3))
    assert record()['desired']['numbers'] == numbers(3)
    assert record()['server'] == {'id': 7, 'members_complete': False, 'known_absent': []}
    assert result['blocklist']['complete'] is False
    assert run(vip(numbers(3)))['changed'] is False and calls() == []


def test_check_mode_without_record_predicts_change_and_writes_nothing(tmp_path):
    result = run(vip(numbers(120)), check=True, diff=True)
    assert result['changed'] is True and calls() == []
    assert result['blocklist']['added'] == numbers(120)
    assert result['blocklist']['assumed_new'] is True and result['diff']['after']['assumed_new'] is True
    assert record() is None
    assert not (tmp_path / 'ledger').exists() or not list((tmp_path / 'ledger').rglob('*.json'))


def test_absent_without_record_uses_group_name():
    put_group(numbers(3), group_id=9)
    result = run({'name': 'VIP', 'state': 'absent', 'numbers': numbers(1)})
    assert calls() == [('DELETE', 'deleteBlockNumber', {'groupName': 'VIP', 'blockNumbers': numbers(1)})]
    assert result['changed'] is True and result['blocklist']['removed'] == numbers(1)
    missing = run({'name': 'Nope', 'state': 'absent', 'numbers': numbers(1)})
    assert missing['changed'] is False


def test_remove_number_already_gone_warns():
    run(vip(numbers(3)))
    state = CAPTURED['sim'].state()
    next(u for u in state['users'] if u['userName'] == 'demo_user')['blockGroups'][0]['numbers'].remove(numbers(1)[0])
    CAPTURED['sim'].set_state(state)
    result = run({'name': 'VIP', 'state': 'absent', 'numbers': numbers(1)})
    assert result['changed'] is False and any('not in the group' in w for w in warnings(result))
    assert record()['desired']['numbers'] == numbers(3)[1:]


# ---------------------------------------------------------------- rejections and partial failures

@pytest.fixture
def server_rejects(monkeypatch):
    """Fault injection: the simulator's normalisation rejects these (valid-looking) numbers."""
    bad = set(numbers(2, start=7000))
    real = sim_blocklist.normalise_block_number
    monkeypatch.setattr(sim_blocklist, 'normalise_block_number', lambda raw: None if raw in bad else real(raw))
    return sorted(bad)


def test_rejected_numbers_fail_the_task_but_the_rest_is_recorded(server_rejects):
    nums = numbers(130) + server_rejects
    result = run(vip(nums), failed=True)
    assert [(m, p) for m, p, _b in calls()] == [('POST', 'createBlockNumber'), ('PUT', 'updateBlockNumbers')]
    for bad in server_rejects:
        assert bad + ': rejected by updateBlockNumbers' in result['msg']
    assert result['changed'] is True and result['failed_items'] == ['VIP']
    assert result['blocklist']['rejected'] == server_rejects and result['blocklist']['numbers'] == numbers(130)
    assert record()['desired']['numbers'] == numbers(130)
    # The rerun sends only what is missing (the rejected numbers), and fails again naming them.
    again = run(vip(nums), failed=True)
    assert calls() == [('PUT', 'updateBlockNumbers', {'groupName': 'VIP', 'id': 1, 'description': 'VIP callers',
                                                      'expiryDate': EXPIRY, 'blockNumbers': server_rejects})]
    assert again['changed'] is False


@pytest.fixture
def update_fails_on(monkeypatch):
    """Fault injection: the simulator answers request N of updateBlockNumbers with a whole-request error."""
    seen = {'count': 0, 'fail_on': None}
    real = sim_blocklist.update

    def flaky(ctx):
        seen['count'] += 1
        if seen['count'] == seen['fail_on']:
            return replies.status_error('Parameters are mandatory', 'invalid_input')
        return real(ctx)
    monkeypatch.setitem(routes.ROUTES['/ca_apis/updateBlockNumbers'], 'PUT', (flaky, 'write'))

    def arm(number):
        seen.update(count=0, fail_on=number)
    return arm


def test_chunk_three_of_five_fails_the_rest_still_run_and_are_recorded(update_fails_on):
    run(vip(numbers(1)))
    update_fails_on(3)
    wanted = numbers(1) + numbers(500, start=1000)
    result = run(vip(wanted), failed=True)
    # Updates are idempotent: one refused chunk does not stop the others.
    assert [p for _m, p, _b in calls()] == ['updateBlockNumbers'] * 5
    assert 'updateBlockNumbers request 3 of 5 failed' in result['msg'] and 'Parameters are mandatory' in result['msg']
    assert result['changed'] is True and result['code'] == 'missing_parameters'
    assert record()['desired']['numbers'] == sorted(set(wanted) - set(numbers(100, start=1200)))
    assert record()['server']['pending_add'] == numbers(100, start=1200)
    assert result['blocklist']['numbers'] == record()['desired']['numbers']
    update_fails_on(None)
    rerun = run(vip(wanted))
    assert [len(b['blockNumbers']) for _m, _p, b in calls()] == [100]
    assert not warnings(rerun) and 'pending_add' not in record()['server']
    assert rerun['changed'] is True and sorted(group()['numbers']) == sorted(wanted)


def test_unknown_outcome_of_second_chunk(sim):
    sim.set_faults([{'path': '/ca_apis/updateBlockNumbers', 'kind': 'http500', 'rate': 1.0}])
    result = run(vip(numbers(250)), failed=True)
    assert [p for _m, p, _b in calls()] == ['createBlockNumber', 'updateBlockNumbers', 'updateBlockNumbers']
    assert 'updateBlockNumbers request 2 of 3 failed' in result['msg']
    assert 'updateBlockNumbers request 3 of 3 failed' in result['msg']
    assert result['applied'] is None and result['changed'] is True
    assert record()['desired']['numbers'] == numbers(100)
    assert record()['server']['pending_add'] == numbers(150, start=100)


def test_store_that_fails_part_way_stops_the_group_and_says_what_is_recorded(monkeypatch):
    from ansible_collections.ozonetel.cloudagent.plugins.module_utils.ledger import LedgerError
    from ansible_collections.ozonetel.cloudagent.plugins.module_utils.ledger_file import DirectoryLedger
    real_put, puts = DirectoryLedger.put, []

    def put(store, key, desired=None, server=None):
        puts.append(server)
        if len(puts) == 3:  # the intent and the create's answer are recorded, the first update's is not
            raise LedgerError('ledger: disk full')
        return real_put(store, key, desired=desired, server=server)
    monkeypatch.setattr(DirectoryLedger, 'put', put)
    result = run(vip(numbers(250)), failed=True)
    # The group stops at the store's failure: a third request would be sent with nothing to record it.
    assert [p for _m, p, _b in calls()] == ['createBlockNumber', 'updateBlockNumbers']
    assert result['changed'] is True and len(puts) == 3  # the failed record is not tried again
    assert ("applied block group 'VIP', but writing the known-state store failed (ledger: disk full); the next run "
            'sends the same again') in result['msg']
    assert result['msg'].endswith('(200 number change(s) applied)')  # not "and recorded": the last one is not
    assert record()['desired']['numbers'] == numbers(100)
    assert record()['server']['pending_add'] == numbers(150, start=100)
    monkeypatch.setattr(DirectoryLedger, 'put', real_put)
    again = run(vip(numbers(250)))
    assert [len(b['blockNumbers']) for _m, _p, b in calls()] == [100, 50]
    assert not warnings(again) and sorted(group()['numbers']) == numbers(250)
    assert 'pending_add' not in record()['server']


def test_store_that_cannot_take_the_intent_sends_nothing(monkeypatch):
    from ansible_collections.ozonetel.cloudagent.plugins.module_utils.ledger import LedgerError
    from ansible_collections.ozonetel.cloudagent.plugins.module_utils.ledger_file import DirectoryLedger

    def put(store, key, desired=None, server=None):
        raise LedgerError('ledger: disk full')
    monkeypatch.setattr(DirectoryLedger, 'put', put)
    result = run(vip(numbers(2)), failed=True)
    assert calls() == [] and result['changed'] is False and result['applied'] is False
    assert result['msg'] == 'VIP: nothing was sent: the known-state store cannot be written (ledger: disk full)'


def test_create_answer_unknown_keeps_the_intent_and_the_rerun_probes(sim):
    sim.set_faults([{'path': '/ca_apis/createBlockNumber', 'kind': 'http500', 'rate': 1.0}])
    result = run(vip(numbers(2)), failed=True)
    assert result['changed'] is False and 'createBlockNumber request 1 of 1 failed' in result['msg']
    # The intent record says the group is this collection's, whatever the server did.
    assert record()['server'] == {'creating': True, 'pending_add': numbers(2)}
    assert record()['desired']['numbers'] == []
    sim.set_faults([])
    again = run(vip(numbers(2)))
    # Probe by update (never a second create, which could make a duplicate), then create as it was not there.
    assert [p for _m, p, _b in calls()] == ['updateBlockNumbers', 'createBlockNumber']
    assert again['changed'] is True and not warnings(again)
    assert record()['server'] == {'id': 1} and record()['desired']['numbers'] == numbers(2)
    assert sorted(group()['numbers']) == numbers(2)


def test_create_refused_nothing_recorded():
    result = run(vip(['+919000000000'], description='x'), failed=True)
    assert calls() == [] and record() is None
    result = run(vip(numbers(1), expiry='2030-01-01 00:00:00'), diff=True)
    assert result['blocklist']['assumed_new'] is True and result['diff']['after']['assumed_new'] is True
    assert warnings(result) == ['no record of group VIP: created as new; if CloudAgent already had a group of this '
                                'name it may now hold two; adopt existing groups first']


# ---------------------------------------------------------------- bulk

def test_bulk_groups_in_parallel():
    items = [{'name': 'G%d' % i, 'description': 'Group %d' % i, 'expiry': EXPIRY, 'numbers': numbers(150, start=i * 1000)}
             for i in range(4)]
    result = run({'blocklists': items, 'parallel': 4}, diff=True)
    assert result['changed'] is True and len(result['blocklists']) == 4 and len(result['diff']) == 4
    assert len(calls()) == 8 and result['api_requests']['write'] == 8
    for i in range(4):
        assert sorted(group('G%d' % i)['numbers']) == numbers(150, start=i * 1000)
    again = run({'blocklists': items, 'purge': True})
    assert again['changed'] is False and calls() == []


def test_bulk_validation_names_every_item_and_duplicates():
    items = [{'name': 'A', 'numbers': ['1']}, {'name': 'a', 'description': 'x' * 60, 'numbers': []},
             {'name': 'B', 'state': 'absent'}]
    result = run({'blocklists': items}, failed=True)
    assert calls() == []
    errors = ' '.join(result['errors'])  # the message summarises; errors holds each
    assert "blocklists[0].numbers[0]: '1'" in errors and 'blocklists[1].description' in errors
    assert 'blocklists[2].numbers' in errors


def test_bulk_one_group_fails_others_applied(server_rejects):
    items = [{'name': 'Good', 'description': 'Good one', 'expiry': EXPIRY, 'numbers': numbers(3)},
             {'name': 'Bad', 'description': 'Bad one', 'expiry': EXPIRY, 'numbers': server_rejects}]
    result = run({'blocklists': items}, failed=True)
    assert result['failed_items'] == ['Bad'] and '1 of 2 blocklists failed' in result['msg']
    assert result['blocklists'][0]['changed'] is True and result['blocklists'][1]['rejected'] == server_rejects
    assert sorted(group('Good')['numbers']) == numbers(3)


# ---------------------------------------------------------------- review findings

def test_other_spelling_of_the_name_writes_to_the_recorded_group():
    run(vip(numbers(1)))
    result = run({'name': 'vip', 'numbers': numbers(2)})
    assert result['changed'] is True
    assert [(m, p, b['groupName']) for m, p, b in calls()] == [('PUT', 'updateBlockNumbers', 'VIP')]
    assert group()['numbers'] == numbers(2) and result['blocklist']['name'] == 'VIP'


def test_unblocking_a_number_of_an_adopted_group_reaches_the_server():
    put_group(['+918888888888'], name='Outside', group_id=9)
    adopted = run(vip(numbers(1), name='Outside'))
    assert adopted['blocklist']['complete'] is False
    result = run({'name': 'Outside', 'state': 'absent', 'numbers': ['+918888888888']})
    assert result['changed'] is True and result['blocklist']['removed'] == ['+918888888888']
    assert [(m, p) for m, p, _b in calls()] == [('DELETE', 'deleteBlockNumber')]
    assert group('Outside')['numbers'] == numbers(1)
    again = run({'name': 'Outside', 'state': 'absent', 'numbers': ['+918888888888']})
    assert again['changed'] is False and calls() == []  # confirmed absent: recorded, nothing to send


def test_server_rejections_fail_naming_each_number_and_keep_the_rest():
    state = CAPTURED['sim'].state()
    next(u for u in state['users'] if u['userName'] == 'demo_user')['unblockable'] = numbers(2, start=3)
    CAPTURED['sim'].set_state(state)
    result = run(vip(numbers(150)), failed=True)
    assert result['changed'] is True
    assert 'the server rejected 2 number(s): %s: rejected by createBlockNumber' % numbers(1, start=3)[0] in result['msg']
    assert numbers(1, start=4)[0] in result['msg']
    assert result['blocklist']['rejected'] == numbers(2, start=3)
    kept = [n for n in numbers(150) if n not in numbers(2, start=3)]
    assert group()['numbers'] == kept and record()['desired']['numbers'] == kept


def test_purge_with_state_absent_is_refused():
    result = run(vip(numbers(1), state='absent', purge=True), failed=True)
    assert 'purge: applies to state=present only' in result['msg'] and calls() == []


def test_diff_of_a_new_group_lists_each_number_once():
    result = run(vip(numbers(300)), diff=True)
    assert 'added' not in result['diff']['after'] and result['diff']['after']['numbers'] == numbers(300)
    assert result['blocklist']['added'] == numbers(300)  # the result keeps the lists


def test_result_of_a_huge_group_is_a_summary_unless_asked():
    nums = numbers(1200)
    result = run(vip(nums), diff=True)
    view = result['blocklist']
    assert 'numbers' not in view and view['summarised'] is True and view['count'] == 1200
    assert view['added'] == nums and view['removed'] == []
    assert result['diff']['after']['numbers'] == nums  # the diff was asked for: the whole sorted list
    more = run(vip(nums + numbers(1, start=5000)))
    assert more['blocklist']['added'] == numbers(1, start=5000) and 'numbers' not in more['blocklist']
    full = run(vip(nums, return_numbers=True))
    assert full['blocklist']['numbers'] == sorted(nums + numbers(1, start=5000)) and 'summarised' not in full['blocklist']
    small = run(dict(vip(numbers(3)), name='Small'))
    assert small['blocklist']['numbers'] == numbers(3) and 'summarised' not in small['blocklist']
