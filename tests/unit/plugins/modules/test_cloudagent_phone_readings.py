# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""cloudagent_phone under the readings the vendor pages allow (issue 14): rename spelling, read-back, legacy
delete of a missing phone, unknown get shapes. Every test asserts the simulator's state, not only `changed`."""

from __future__ import annotations

import pytest

from ansible_collections.ozonetel.cloudagent.tests.unit.plugins.modules.test_cloudagent_phone import (  # noqa: F401 pylint: disable=unused-import
    by_name, by_number, env)

SAVED = {'status': 'success', 'message': 'record inserted successfully'}


def reading(env, **switches):  # pylint: disable=redefined-outer-name
    state = env.sim.state()
    state['behaviour'].update(switches)
    env.sim.set_state(state)
    env.sim.clear_journal()


def success_without_applying(env, action):  # pylint: disable=redefined-outer-name
    """The next POST to PhoneManageV2 answers the documented success but changes nothing (a server that did
    not understand the request the way we meant it)."""
    env.sim.set_faults([{'path': '/ca_apis/PhoneManageV2', 'methods': ['POST'], 'rate': 1.0, 'kind': 'reply',
                         'body': SAVED, 'count': 1}])
    assert action  # documents which write the fault meets


@pytest.mark.parametrize('spelling', ['both', 'PhoneNameNew', 'phoneNameNew'])
def test_rename_converges_in_one_run_under_every_spelling(env, spelling):
    env.add('desk1', '12345', ['Sales'])
    reading(env, phone_rename_key=spelling)
    result = env.run(name='desk9', rename_from='desk1', number='12345')
    assert result['changed'] is True and 'failed' not in result
    assert env.phones() == [('desk9', '12345', ('Sales',))]
    edit = [body for _kind, action, body in env.requests() if action == 'edit'][0]
    assert edit['PhoneNameNew'] == edit['phoneNameNew'] == 'desk9'
    again = env.run(name='desk9', rename_from='desk1', number='12345')
    assert again['changed'] is False and env.requests() == [by_name('desk9')]


def test_create_that_does_not_read_back_fails_and_records_nothing(env):
    success_without_applying(env, 'create')
    result = env.run(fail=True, name='desk1', number='12345')
    assert result['changed'] is True
    assert ('create phone desk1: CloudAgent answered success, but reading it back by name shows no phone named '
            'desk1; number 12345 is held by no phone') in result['msg']
    assert env.phones() == [] and env.record('desk1') is None
    env.sim.set_faults([])
    env.requests()
    assert env.run(name='desk1', number='12345')['changed'] is True and env.phones() == [('desk1', '12345', ())]


def test_rename_the_server_ignored_fails_naming_what_it_holds(env):
    env.run(name='desk1', number='12345', skills=['Sales'])
    success_without_applying(env, 'edit')
    result = env.run(fail=True, name='desk9', rename_from='desk1', number='55555')
    assert "reading it back by name shows phone 'desk1' with number 12345, not phone 'desk9' with number 55555" in \
        result['msg']
    assert 'the server ignored the new name sent as PhoneNameNew and phoneNameNew' in result['msg']
    assert result['phone']['name'] == 'desk1' and result['phone']['number'] == '12345'
    # Only what was read is recorded: the phone keeps its old name and number; its skills are still known
    # because the edit carried none.
    assert env.record('desk9') is None
    assert env.record('desk1')['desired'] == {'name': 'desk1', 'number': '12345', 'skills': ['Sales']}
    assert env.phones() == [('desk1', '12345', ('Sales',))]


def test_renumber_that_does_not_read_back_records_the_number_read(env):
    env.run(name='desk1', number='12345', skills=['Sales'])
    success_without_applying(env, 'edit')
    result = env.run(fail=True, name='desk1', number='55555', skills=['General'])
    assert "shows phone 'desk1' with number 12345, not phone 'desk1' with number 55555" in result['msg']
    # The number is recorded as read; skills, which no request can read, as the write's answer reported them.
    assert env.record('desk1')['desired'] == {'name': 'desk1', 'number': '12345', 'skills': ['General']}
    env.sim.set_faults([])
    assert env.run(name='desk1', number='55555')['changed'] is True
    assert [p[:2] for p in env.phones()] == [('desk1', '55555')]


def test_a_server_that_normalises_numbers_fails_the_create_naming_what_it_holds(env):
    reading(env, phone_number_storage='strip_plus')
    result = env.run(fail=True, name='desk1', number='+919876543210', skills=['Sales'])
    assert ("reading it back by name shows phone 'desk1' with number 919876543210, not phone 'desk1' with number "
            '+919876543210') in result['msg']
    assert env.record('desk1')['desired'] == {'name': 'desk1', 'number': '919876543210', 'skills': ['Sales']}
    assert env.phones() == [('desk1', '919876543210', ('Sales',))]


def test_skill_only_edit_is_not_read_back(env):
    env.run(name='desk1', number='12345', skills=['Sales'])
    env.requests()
    env.run(name='desk1', number='12345', skills=['Sales', 'General'])
    assert [action for _kind, action, _body in env.requests()] == ['get', 'edit']   # a get cannot show skills


def test_unknown_get_shape_fails_naming_the_operation(env):
    env.add('desk1', '12345')
    reading(env, phone_get_shape='data')
    result = env.run(fail=True, name='desk1', number='12345')
    assert ("get phone by name 'desk1' failed: answer not understood: "
            '{"data":{"phoneName":"desk1","phoneNumber":"12345"},"status":"success"}; not retried') in result['msg']
    assert 'AttributeError' not in result['msg']
    assert len(env.sim.journal()) == 1 and env.sim.writes() == []   # not retried: the same answer would come


def test_empty_object_is_retried_once_then_fails(env):
    env.sim.set_faults([{'path': '/ca_apis/PhoneManageV2', 'rate': 1.0, 'kind': 'reply', 'body': {}}])
    result = env.run(fail=True, name='desk1', number='12345')
    assert 'empty JSON object' in result['msg']
    assert len(env.sim.journal()) == 2 and env.sim.writes() == []


@pytest.mark.parametrize('wording,changed', [('no_record', False), ('does_not_exist', False), ('not_exists', False),
                                             ('success', True)])
def test_legacy_delete_of_a_missing_phone_under_every_wording(env, wording, changed):
    reading(env, phone_delete_missing=wording)
    result = env.run(api_flavor='legacy', name='gone1', number='12345', state='absent')
    assert 'failed' not in result and result['changed'] is changed
    assert env.record('gone1')['desired']['state'] == 'absent'
    env.requests()
    again = env.run(api_flavor='legacy', name='gone1', number='12345', state='absent')
    assert again['changed'] is False and env.sim.journal() == []


def test_legacy_tombstone_does_not_block_a_later_create(env):
    env.run(api_flavor='legacy', name='leg1', number='12345')
    env.run(api_flavor='legacy', name='leg1', state='absent')
    assert env.phones() == []
    result = env.run(api_flavor='legacy', name='leg1', number='12345', skills=['Sales'])
    assert result['changed'] is True and env.phones() == [('leg1', '12345', ('Sales',))]
    assert env.record('leg1')['desired'] == {'name': 'leg1', 'number': '12345', 'skills': ['Sales']}


def test_current_delete_of_a_phone_that_vanished_under_other_wording_is_already_absent(env):
    env.add('desk1', '12345')
    reading(env, phone_delete_missing='does_not_exist')
    # The phone disappears between the read and the delete (another client): the delete answers "does not exist".
    env.sim.set_faults([{'path': '/ca_apis/PhoneManageV2', 'methods': ['POST'], 'rate': 1.0, 'kind': 'reply',
                         'body': {'status': 'error', 'message': 'Phone number does not exist'}, 'count': 1}])
    result = env.run(name='desk1', state='absent')
    assert 'failed' not in result and result['changed'] is False
