# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""cloudagent_phone bulk form, legacy flavor and cloudagent_phone_info against a real simulator."""

from __future__ import annotations

import json

from ansible_collections.ozonetel.cloudagent.plugins.modules import cloudagent_phone_info
from ansible_collections.ozonetel.cloudagent.tests.unit.module_runner import run_module
from ansible_collections.ozonetel.cloudagent.tests.unit.plugins.modules.test_cloudagent_phone import (  # noqa: F401 pylint: disable=unused-import
    DEMO_KEY, env)


def phones_of(count, start=0, skills=('General',)):
    return [{'name': 'bulk%03d' % i, 'number': '90000%05d' % i, 'skills': list(skills)} for i in range(start, start + count)]


# ---------------------------------------------------------------- bulk

def test_bulk_create_rerun_and_partial_failure(env):
    items = phones_of(50)
    check = env.run(check=True, phones=items, parallel=8)
    assert check['changed'] is True and env.sim.writes() == [] and len(check['diff']) == 50
    assert env.sim.journal(kind='read') and len(env.sim.journal()) == 100  # get by name + by number each
    env.requests()
    result = env.run(phones=items, parallel=8)
    # the API's minimum plus one read-back per created phone (issue 14: a create is confirmed by a get)
    assert result['api_requests'] == {'read': 100, 'write': 50, 'token': 0}
    assert all(p['changed'] for p in result['phones']) and len(env.phones()) == 50
    env.requests()
    again = env.run(phones=items, parallel=8)
    assert again['changed'] is False and again['diff'] == []
    assert again['api_requests'] == {'read': 50, 'write': 0, 'token': 0}
    # two items now collide with numbers held by phones outside the list; the rest change skills
    env.add('outside1', '8888800001')
    env.add('outside2', '8888800002')
    changed = [dict(p, skills=['Sales']) for p in items]
    changed[3]['number'] = '8888800001'
    changed[7]['number'] = '8888800002'
    result = env.run(fail=True, phones=changed, parallel=8)
    assert result['failed_items'] == ['bulk003', 'bulk007']
    assert '2 of 50 phones failed (48 applied, 48 changed)' in result['msg']
    assert "held by phone 'outside1'" in result['msg'] and "held by phone 'outside2'" in result['msg']
    assert result['changed'] is True and len(result['diff']) == 50
    assert sum(1 for p in env.phones() if p[2] == ('Sales',)) == 48


def test_bulk_mixed_states_and_item_defaults(env):
    env.add('gone1', '7000000001')
    result = env.run(phones=[{'name': 'new1', 'number': '7000000002'}, {'name': 'gone1', 'state': 'absent'},
                             {'name': 'never', 'state': 'absent'}], parallel=2)
    assert [p['changed'] for p in result['phones']] == [True, True, False]
    assert [p['state'] for p in result['phones']] == ['present', 'absent', 'absent']
    assert len(result['diff']) == 2
    assert env.phones() == [('new1', '7000000002', ())]


def test_bulk_invalid_items_rejected_before_any_request(env):
    items = phones_of(20)
    items[2]['number'] = 'abc'
    items[5]['name'] = '-bad'
    items[9]['number'] = items[1]['number']
    items[11]['name'] = items[0]['name'].upper()
    items[12].pop('number')
    result = env.run(fail=True, phones=items)
    assert result['msg'].startswith('Invalid input (5 problems: ')
    for where in ('phones[2].number', 'phones[5].name', 'phones[9].number', 'phones[11]', 'phones[12].number'):
        assert where in result['msg']
    assert env.sim.journal() == []


# ---------------------------------------------------------------- legacy flavor

def legacy(body):
    return {k: v for k, v in body.items() if k not in ('apiKey', 'userName')}


def test_legacy_create_rerun_edit_delete(env):
    check = env.run(check=True, api_flavor='legacy', name='leg1', number='12345', skills=['Sales'])
    assert check['changed'] is True and env.sim.journal() == []
    assert 'predicts from the known-state store only' in json.dumps(check['warnings'])
    result = env.run(api_flavor='legacy', name='leg1', number='12345', skills=['Sales'])
    assert result['changed'] is True and result['api_requests'] == {'read': 0, 'write': 1, 'token': 0}
    entry = env.sim.journal()[0]
    assert entry['method'] == 'GET' and entry['path'] == '/CAServices/PhoneManageV2.php'
    assert legacy(entry['body']) == {'action': 'create', 'phoneNumber': '12345', 'phoneName': 'leg1', 'skill': 'Sales'}
    env.requests()
    again = env.run(api_flavor='legacy', name='leg1', number='12345', skills=['Sales'])
    assert again['changed'] is False and env.sim.journal() == []
    edit = env.run(api_flavor='legacy', name='leg1', number='123456', skills=['General'])
    assert edit['diff']['before']['number'] == '12345' and edit['diff']['after']['number'] == '123456'
    assert legacy(env.sim.journal()[0]['body']) == {
        'action': 'edit', 'phoneNumber': '12345', 'phoneName': 'leg1', 'phoneNumberNew': '123456',
        'assignSkill': 'General', 'unAssignSkill': 'Sales'}
    env.requests()
    gone = env.run(api_flavor='legacy', name='leg1', state='absent')
    assert gone['changed'] is True and env.phones() == []
    assert legacy(env.sim.journal()[0]['body']) == {'action': 'delete', 'phoneNumber': '123456', 'phoneName': 'leg1'}
    # A confirmed delete leaves a tombstone: the rerun sends nothing, whatever a missing phone would answer.
    assert env.record('leg1')['desired'] == {'name': 'leg1', 'number': '123456', 'skills': None, 'state': 'absent'}
    env.requests()
    rerun = env.run(api_flavor='legacy', name='leg1', state='absent')
    assert rerun['changed'] is False and env.sim.journal() == []
    assert env.run(api_flavor='legacy', name='leg1', number='123456', state='absent')['changed'] is False
    assert env.sim.journal() == []


def test_legacy_adopts_existing_phone(env):
    env.add('leg1', '12345', ['Billing'])
    result = env.run(api_flavor='legacy', name='leg1', number='12345', skills=['Sales'])
    assert result['changed'] is True
    assert [legacy(e['body'])['action'] for e in env.sim.journal()] == ['create', 'edit']
    assert legacy(env.sim.journal()[1]['body']) == {'action': 'edit', 'phoneNumber': '12345', 'phoneName': 'leg1',
                                                    'phoneNumberNew': '12345', 'assignSkill': 'Sales'}
    assert env.record('leg1')['desired'] == {'name': 'leg1', 'number': '12345', 'skills': ['Sales']}
    # The phone existed: its Billing stays, and nothing can read skills, so neither the item nor the record claims them.
    assert result['phone']['uncertain'] is True and env.record('leg1')['server'] == {'skills_unconfirmed': True}
    assert 'phone leg1: skills not confirmed (uncertain)' in json.dumps(result['warnings'])
    env.requests()
    again = env.run(api_flavor='legacy', name='leg1', number='12345', skills=['Sales'])
    assert again['changed'] is False and again['phone']['uncertain'] is True
    assert env.sim.journal() == []


def test_legacy_adopt_impossible_when_number_held_elsewhere(env):
    env.add('other', '12345')
    result = env.run(fail=True, api_flavor='legacy', name='leg1', number='12345')
    assert 'no phone named leg1 holds number 12345' in result['msg'] and env.record('leg1') is None


def test_legacy_delete_without_record_needs_number(env):
    result = env.run(fail=True, api_flavor='legacy', name='leg1', state='absent')
    assert 'give number' in result['msg'] and env.sim.journal() == []
    env.add('leg1', '12345')
    gone = env.run(api_flavor='legacy', name='leg1', number='12345', state='absent')
    assert gone['changed'] is True and env.phones() == []
    nothing = env.run(api_flavor='legacy', name='leg1', number='12345', state='absent')
    assert nothing['changed'] is False


def test_legacy_lost_answer_forgets_record(env):
    env.run(api_flavor='legacy', name='leg1', number='12345')
    env.sim.set_faults([{'path': '/CAServices/', 'kind': 'reset_after', 'count': 1}])
    result = env.run(fail=True, api_flavor='legacy', name='leg1', number='55555')
    assert 'not resent' in result['msg'] and env.record('leg1') is None
    env.requests()
    healed = env.run(api_flavor='legacy', name='leg1', number='55555')
    assert healed['changed'] is False and env.phones() == [('leg1', '55555', ())]
    assert [legacy(e['body'])['action'] for e in env.sim.journal()] == ['create', 'edit']


# ---------------------------------------------------------------- cloudagent_phone_info

def info(env, fail=False, **args):
    params = {'username': 'demo_user', 'api_key': DEMO_KEY, 'base_url': env.sim.base_url}
    params.update(args)
    return run_module(env.capsys, cloudagent_phone_info, params, check=True, failed=fail)


def test_info_finds_and_lists_missing(env):
    env.add('desk1', '12345')
    result = info(env, names=['DESK1', 'nope1', 'desk1'], numbers=['12345', '999-99'])
    assert result['phones'] == [{'name': 'desk1', 'number': '12345'}]
    assert result['missing'] == [{'name': 'nope1'}, {'number': '99999'}]
    assert result['changed'] is False and result['api_requests'] == {'read': 4, 'write': 0, 'token': 0}


def test_info_rejects_bad_input_before_requests(env):
    result = info(env, fail=True, names=['x'], numbers=['abc'])
    assert 'names[0]' in result['msg'] and 'numbers[0]' in result['msg'] and env.sim.journal() == []
