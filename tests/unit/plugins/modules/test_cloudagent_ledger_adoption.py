# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Typed adoption: cloudagent_ledger records `desired` only in the shape and canonical form the owning module
records, so the owning module's next run finds nothing to do; and the module's own EXAMPLES do what they say."""

from __future__ import annotations

import os

import pytest
import yaml

from ansible_collections.ozonetel.cloudagent.plugins.module_utils.adoption import record_spec
from ansible_collections.ozonetel.cloudagent.plugins.module_utils.item_specs import RECORDED, RECORDED_ONLY
from ansible_collections.ozonetel.cloudagent.plugins.module_utils.ledger import LedgerKey, open_ledger
from ansible_collections.ozonetel.cloudagent.plugins.modules import (
    cloudagent_agent, cloudagent_blocklist, cloudagent_did, cloudagent_ledger, cloudagent_phone)
# run_module and clear_cloudagent_environment: kept for tests that call them directly
from ansible_collections.ozonetel.cloudagent.tests.unit.module_runner import clear_cloudagent_environment, run_module  # pylint: disable=unused-import

DEMO_KEY = 'KKdemo00000000000000000000000001'


@pytest.fixture
def env(sim, in_process, tmp_path, monkeypatch):  # pylint: disable=unused-argument  # sim: reset, in in_process
    monkeypatch.setenv('HOME', str(tmp_path))

    def run(module, failed=False, **args):
        return in_process.run(module, in_process.connection(**args), failed=failed, secrets=())
    run.ledger = in_process['ledger']
    return run


def test_the_record_spec_is_the_owning_modules_item_spec():
    for kind, (module_name, options, fields) in RECORDED.items():
        spec = record_spec(kind)
        assert sorted(spec) == sorted(fields)
        for name, value in spec.items():
            declared = options.item.get(name) or RECORDED_ONLY[name]
            assert {k: v for k, v in value.items() if k != 'required'} == {
                k: v for k, v in declared.items() if k != 'required'}, (module_name, name)


def test_a_field_the_module_does_not_record_is_refused_before_the_store_is_touched(env):
    result = env(cloudagent_ledger, failed=True, kind='did', identity='Inbound_Sales',
                 desired={'campaign': 'Inbound_Sales', 'dids': ['8040000001'], 'fallback_dids': ['8040000003']})
    assert 'dids not recorded by cloudagent_did for kind did' in result['msg']
    assert 'missing required arguments: dynamic_dids' in result['msg']
    assert not os.path.exists(env.ledger)


def test_bad_values_are_named_each(env):
    result = env(cloudagent_ledger, failed=True, kind='blocklist', identity='VIP',
                 desired={'name': 'VIP', 'numbers': ['12', '+919876543210', 'abc'], 'expiry': 'tomorrow'})
    assert result['msg'].startswith('Invalid input (3 problems: ')
    for where in ('desired.numbers[0]', 'desired.numbers[2]', 'desired.expiry'):
        assert where in result['msg']


def test_the_name_must_be_the_identity(env):
    result = env(cloudagent_ledger, failed=True, kind='phone', identity='desk-1',
                 desired={'name': 'desk-2', 'number': '12345'})
    assert "desired.name: 'desk-2' is not the record's identity 'desk-1'" in result['msg']


def test_adopted_did_record_makes_the_did_module_a_no_op(env, sim):
    lists = {'dynamic_dids': ['80400-00001', '8040000002'], 'fallback_dids': ['8040000003']}
    adopted = env(cloudagent_ledger, kind='did', identity='inbound_sales', desired=dict(lists, campaign='Inbound_Sales'))
    assert adopted['record']['desired']['dynamic_dids'] == ['8040000001', '8040000002']  # the did module's form
    sim.clear_journal()
    result = env(cloudagent_did, campaign='Inbound_Sales', **lists)
    assert result['changed'] is False and sim.writes() == []


def test_adopted_phone_and_group_records_make_their_modules_no_ops(env, sim):
    phone = env(cloudagent_phone, name='desk-1', number='12345', skills=['Sales'])
    assert phone['changed'] is True
    env(cloudagent_ledger, kind='phone', identity='desk-1', state='absent')
    # Adopt it back by hand, spelled as a user would: the module's next run has nothing to send.
    env(cloudagent_ledger, kind='phone', identity='DESK-1', desired={'name': 'desk-1', 'number': '123 45',
                                                                     'skills': ['Sales', 'Sales']})
    sim.clear_journal()
    assert env(cloudagent_phone, name='desk-1', number='12345', skills=['Sales'])['changed'] is False
    assert sim.writes() == []
    env(cloudagent_blocklist, name='VIP', description='VIP callers', expiry='2030-01-01 00:00:00',
        numbers=['9876543210'])
    record = open_ledger(env.ledger).get(LedgerKey(sim.base_url, 'demo_user', 'blocklist', 'vip'))
    env(cloudagent_ledger, kind='blocklist', identity='vip', desired={
        'name': 'VIP', 'description': 'VIP callers', 'expiry': '2030-01-01 00:00:00', 'numbers': ['09876543210']},
        server=record['server'])
    sim.clear_journal()
    again = env(cloudagent_blocklist, name='VIP', numbers=['+919876543210'])
    assert again['changed'] is False and sim.journal() == []


def test_adopted_agent_record_makes_the_agent_module_send_nothing(env, sim):
    """An agent made in the UI: without a record its write-only options are sent once (unknown); adopted with
    them, the agent module only reads."""
    adopted = env(cloudagent_ledger, kind='agent', identity='asha01', desired={
        'name': 'Asha', 'skills': ['sales', 'General'],
        'write_only': {'email': 'asha@example.com', 'locked': False, 'groups': ['Night']}})
    assert adopted['record']['desired'] == {'name': 'Asha', 'skills': ['General', 'sales'],
                                            'write_only': {'email': 'asha@example.com', 'locked': False,
                                                           'groups': ['Night']}}
    sim.clear_journal()
    result = env(cloudagent_agent, agent_id='asha01', name='Asha', skills=['General', 'Sales'],
                 email='asha@example.com', locked=False, groups=['Night'])
    assert result['changed'] is False and sim.writes() == []
    sim.clear_journal()
    assert env(cloudagent_agent, agent_id='asha01', email='asha@new.example.com')['changed'] is True
    assert [entry['body'].get('email') for entry in sim.writes()] == ['asha@new.example.com']


def test_agent_adoption_refuses_the_password_and_unknown_options(env):
    result = env(cloudagent_ledger, failed=True, kind='agent', identity='asha01', desired={
        'name': 'Asha', 'write_only': {'password': 'Secret-pass-1'}})
    assert 'refusing to record desired.write_only.password' in result['msg'] and 'Secret-pass-1' not in str(result)
    result = env(cloudagent_ledger, failed=True, kind='agent', identity='asha 01', desired={
        'name': 'Asha', 'write_only': {'colour': 'blue', 'email': 'not-an-email'}})
    assert 'colour not write-only options of cloudagent_agent' in result['msg']
    assert 'desired.write_only.email' in result['msg'] and 'identity' in result['msg']
    assert not os.path.exists(env.ledger)


def examples():
    return yaml.safe_load(cloudagent_ledger.EXAMPLES)


def test_every_example_runs_and_does_what_it_says(env, sim, tmp_path):
    tasks = examples()
    assert len(tasks) >= 3
    for task in tasks:
        args = dict(task['ozonetel.cloudagent.cloudagent_ledger'])
        args['ledger'] = env.ledger  # the examples' Redis server is not here; the directory store is
        result = env(cloudagent_ledger, **args)
        assert result['changed'] is (args.get('state') != 'absent'), task['name']
        # The owning module of an adopted record finds nothing to change (or to send) for what was adopted.
        if args.get('kind') == 'did':
            desired = args['desired']
            sim.clear_journal()
            did = env(cloudagent_did, campaign=desired['campaign'], dynamic_dids=desired['dynamic_dids'],
                      fallback_dids=desired['fallback_dids'])
            assert did['changed'] is False and sim.writes() == [], task['name']
        if args.get('kind') == 'agent':
            desired = args['desired']
            sim.clear_journal()
            agent = env(cloudagent_agent, agent_id=args['identity'], name=desired['name'], skills=desired['skills'],
                        **desired['write_only'])
            assert agent['changed'] is False and sim.writes() == [], task['name']
        if args.get('kind') == 'blocklist' and args.get('state') != 'absent':
            sim.clear_journal()
            group = env(cloudagent_blocklist, name=args['identity'], numbers=args['desired']['numbers'])
            assert group['changed'] is False and sim.journal() == [], task['name']
