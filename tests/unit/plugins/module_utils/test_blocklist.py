# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""module_utils/blocklist.py: input rules, the write plan, and how responses are counted."""

from __future__ import annotations

from collections import namedtuple

import pytest

from ansible_collections.ozonetel.cloudagent.plugins.module_utils import blocklist, blocklist_writer
from ansible_collections.ozonetel.cloudagent.plugins.module_utils.engine import Problems

EXPIRY = '2030-12-31 23:59:59'


def nums(count, start=0):
    return ['+91%010d' % (9000000000 + start + i) for i in range(count)]


def item(**extra):
    raw = {'name': 'VIP', 'description': 'VIP callers', 'expiry': EXPIRY, 'numbers': [], 'state': None,
           'purge': None, 'force': None}
    raw.update(extra)
    problems = Problems()
    result = blocklist.canonical_item(raw, '', problems)
    assert not problems, problems.messages
    return result


def recorded(numbers, **extra):
    state = {'name': 'VIP', 'id': 4, 'description': 'VIP callers', 'expiry': EXPIRY, 'numbers': sorted(numbers),
             'complete': True, 'known_absent': [], 'pending_add': [], 'pending_remove': [], 'creating': False}
    state.update(extra)
    return state


def shape(steps):
    return [(action, len(chunk)) for action, chunk in steps]


def test_canonical_numbers_sorted_unique():
    assert item(numbers=['9876543211', '+919876543210', '09876543211', '+44 20 7946 0958'])['numbers'] == [
        '+442079460958', '+919876543210', '+919876543211']


def test_every_problem_is_collected():
    problems = Problems()
    raw = {'name': 'V', 'description': 'ok desc', 'expiry': 'tomorrow', 'numbers': ['1', '2', '9876543210'],
           'state': 'present', 'purge': False, 'force': False}
    assert blocklist.canonical_item(raw, 'blocklists[3]', problems) is None
    fields = [m.split(':')[0] for m in problems.messages]
    assert fields == ['blocklists[3].name', 'blocklists[3].expiry', 'blocklists[3].numbers[0]', 'blocklists[3].numbers[1]']


def test_defaults_come_from_the_task():
    problems = Problems()
    raw = {'name': 'VIP', 'numbers': [], 'state': None, 'purge': None, 'force': True}
    result = blocklist.canonical_item(raw, '', problems, {'state': 'present', 'purge': True, 'force': False})
    assert (result['purge'], result['force']) == (True, True)


def test_create_plan_chunks_5000_numbers():
    steps, after = blocklist.plan_writes(item(numbers=nums(5000)), None)
    assert shape(steps) == [('create', 100)] + [('update', 100)] * 49
    assert [n for _a, chunk in steps for n in chunk] == nums(5000)
    assert after['numbers'] == nums(5000) and after['added'] == nums(5000)


def test_create_with_no_numbers_is_one_request():
    assert shape(blocklist.plan_writes(item(), None)[0]) == [('create', 0)]


def test_nothing_to_do():
    steps, after = blocklist.plan_writes(item(numbers=nums(3)), recorded(nums(5)))
    assert steps == [] and after['numbers'] == nums(5) and after['added'] == []


def test_add_and_purge():
    steps, after = blocklist.plan_writes(item(numbers=nums(150, start=2), purge=True), recorded(nums(101)))
    assert steps == [('update', nums(51, start=101)), ('delete', nums(2))]
    assert after['removed'] == nums(2) and after['numbers'] == nums(150, start=2)


def test_meta_only_resends_the_recorded_numbers():
    # The expiry may be per number (seed 002): only numbers that carry the new values are sure to have them.
    steps, _after = blocklist.plan_writes(item(numbers=None, description='Other'), recorded(nums(3)))
    assert steps == [('update', nums(3))]
    steps, _after = blocklist.plan_writes(item(numbers=None, description='Other'), recorded(nums(250)))
    assert shape(steps) == [('update', 100), ('update', 100), ('update', 50)]
    steps, _after = blocklist.plan_writes(item(numbers=None, description='Other'), recorded([]))
    assert steps == [('update', [])]


def test_kept_description_and_expiry_when_omitted():
    steps, after = blocklist.plan_writes(item(numbers=nums(1), description=None, expiry=None), recorded(nums(1)))
    assert steps == [] and after['description'] == 'VIP callers'


def test_force_resends_everything():
    steps, _after = blocklist.plan_writes(item(numbers=nums(120), force=True), recorded(nums(120)))
    assert shape(steps) == [('update', 100), ('update', 20)]
    steps, _after = blocklist.plan_writes(item(numbers=nums(2), force=True, state='absent'), recorded([]))
    assert steps == [('delete', nums(2))]


def test_absent_plans():
    steps, after = blocklist.plan_writes(item(numbers=nums(3), state='absent'), recorded(nums(2)))
    assert steps == [('delete', nums(2))] and after['numbers'] == []
    steps, after = blocklist.plan_writes(item(numbers=nums(3), state='absent'), None)
    assert steps == [('delete', nums(3))] and after['numbers'] is None


Resp = namedtuple('Resp', 'kind body')


class FakeClient:
    def __init__(self, *answers):
        self.answers = list(answers)
        self.sent = []

    def call(self, endpoint, body, operation=None, allow=()):
        self.sent.append((endpoint, body))
        return self.answers.pop(0)


def test_update_counters_and_rejections():
    output = {'succes': nums(2), 'error': ['+91000'], 'new': 1, 'inserted': 1}
    client = FakeClient(Resp('success', {'input': {'id': 4}, 'output': output}))
    writer = blocklist_writer.GroupWriter(client, item(numbers=nums(2)), recorded(nums(1)))
    writer.run([('update', nums(2) + ['+91000'])])
    assert writer.changed and writer.added == nums(2)[1:] and writer.rejected == ['+91000']
    assert writer.confirmed()['numbers'] == nums(2) and writer.group_id == 4
    assert '+91000: rejected by updateBlockNumbers' in writer.rejection_text()


def test_update_with_nothing_new_is_unchanged():
    client = FakeClient(Resp('success', {'input': {'id': 4}, 'output': {'succes': nums(2), 'error': [], 'new': 0}}))
    writer = blocklist_writer.GroupWriter(client, item(numbers=nums(2)), recorded(nums(2)))
    writer.run([('update', nums(2))])
    assert not writer.changed


def test_delete_counters():
    output = {'success': nums(1), 'error': nums(1, start=1), 'deleted': 1}
    client = FakeClient(Resp('success', {'input': {'id': 4}, 'output': output}))
    writer = blocklist_writer.GroupWriter(client, item(numbers=nums(2), state='absent'), recorded(nums(3)))
    writer.run([('delete', nums(2))])
    assert client.sent[0][1] == {'id': 4, 'groupName': 'VIP', 'blockNumbers': nums(2)}
    assert writer.changed and writer.removed == nums(1) and writer.confirmed()['numbers'] == nums(3)[2:]
    assert writer.warnings and writer.rejected == []


def test_create_answer():
    client = FakeClient(Resp('success', {'output': {'affectedRows': 1, 'lastInsertId': 12, 'succes': nums(2), 'error': []}}))
    writer = blocklist_writer.GroupWriter(client, item(numbers=nums(2)), None)
    writer.run([('create', nums(2))])
    assert client.sent[0][1]['blockNumbers'] == nums(2)  # an array: the same under every reading
    assert writer.confirmed() == {'name': 'VIP', 'id': 12, 'description': 'VIP callers', 'expiry': EXPIRY,
                                  'numbers': nums(2), 'complete': True, 'known_absent': [], 'pending_add': [],
                                  'pending_remove': [], 'creating': False}
    assert writer.assumed_new is True and writer.state()['assumed_new'] is True


@pytest.mark.parametrize('record, expected', [
    (None, None),
    ({'desired': {'name': 'VIP', 'numbers': ['+2', '+1']}, 'server': {'id': 3}},
     {'name': 'VIP', 'id': 3, 'description': None, 'expiry': None, 'numbers': ['+1', '+2'], 'complete': True,
      'known_absent': [], 'pending_add': [], 'pending_remove': [], 'creating': False}),
    # A group adopted from the server: its other members are unknown, and some numbers are confirmed absent.
    ({'desired': {'name': 'VIP', 'numbers': ['+1']}, 'server': {'members_complete': False, 'known_absent': ['+9', '+3']}},
     {'name': 'VIP', 'id': None, 'description': None, 'expiry': None, 'numbers': ['+1'], 'complete': False,
      'known_absent': ['+3', '+9'], 'pending_add': [], 'pending_remove': [], 'creating': False}),
    # Sent without a seen answer: an intent of a create, and numbers whose fate is unknown.
    ({'desired': {'name': 'VIP', 'numbers': []}, 'server': {'creating': True, 'pending_add': ['+2', '+1']}},
     {'name': 'VIP', 'id': None, 'description': None, 'expiry': None, 'numbers': [], 'complete': True,
      'known_absent': [], 'pending_add': ['+1', '+2'], 'pending_remove': [], 'creating': True}),
])
def test_record_state(record, expected):
    state = blocklist.record_state(record, 'vip')
    assert state == expected
    if state is not None:  # and the record written for a state reads back as that state
        desired, server = blocklist.record_fields(state)
        assert blocklist.record_state({'desired': desired, 'server': server}, 'vip') == state


def test_absent_on_an_adopted_group_deletes_numbers_it_may_hold():
    adopted = recorded(nums(1), complete=False, known_absent=nums(1, start=5))
    steps, after = blocklist.plan_writes(item(numbers=nums(1) + nums(2, start=4), state='absent'), adopted)
    # recorded +0, unknown +4 and (already confirmed absent) +5: only the first two are sent
    assert steps == [('delete', [nums(1)[0], nums(1, start=4)[0]])]
    assert after['known_absent'] == nums(1) + nums(2, start=4) and after['numbers'] == []
    complete = recorded(nums(1))
    steps, _after = blocklist.plan_writes(item(numbers=nums(1) + nums(2, start=4), state='absent'), complete)
    assert steps == [('delete', nums(1))]  # a group this collection made: the record knows every member


def test_update_counter_decides_changed_and_added():
    output = {'succes': nums(2), 'error': [], 'new': 0, 'inserted': 0}
    writer = blocklist_writer.GroupWriter(FakeClient(Resp('success', {'input': {'id': 4}, 'output': output})),
                                          item(numbers=nums(2)), recorded(nums(1)))
    writer.run([('update', nums(2, start=1))])
    assert (writer.changed, writer.added) == (False, [])  # the record lacked +1, but the server had it already
    assert 'the server added 0 number(s) where the record expected 1' in writer.warnings[0]
    assert writer.confirmed()['numbers'] == nums(2)


def test_adopting_records_nothing_when_the_update_is_refused():
    from ansible_collections.ozonetel.cloudagent.plugins.module_utils.classify import Outcome
    from ansible_collections.ozonetel.cloudagent.plugins.module_utils.errors import CloudAgentError

    class Refusing(FakeClient):
        def call(self, endpoint, body=None, operation=None, allow=()):
            self.sent.append((endpoint, body))
            if endpoint == 'block_create':
                return Resp('already_exists', {'status': 'error', 'message': 'Group name already exists'})
            raise CloudAgentError(operation, Outcome('invalid_input', 'missing_parameters', 'Parameters are mandatory'))
    writer = blocklist_writer.GroupWriter(Refusing(), item(numbers=nums(2)), None)
    writer.run([('create', nums(2))])
    assert writer.changed is False and len(writer.failures) == 1 and 'cloudagent_ledger' in str(writer.failures[0])
    assert writer.confirmed() is None and writer.forget  # nothing of this collection's is there: no record


@pytest.mark.parametrize('message', ['Group name already exists', 'group name already exist.', 'GROUP NAME ALREADY EXISTS!',
                                     'Group Name Already Exist.', 'The group "VIP" already exists'])
def test_already_exists_by_meaning(message):
    assert blocklist_writer.means_already_exists(message)


@pytest.mark.parametrize('message', ['Invalid group id', 'Parameters are mandatory', None, 'exists'])
def test_other_refusals_are_not_already_exists(message):
    assert not blocklist_writer.means_already_exists(message)


def test_no_counter_warning_for_a_group_whose_members_are_not_all_known():
    output = {'succes': nums(2), 'error': [], 'new': 0, 'inserted': 0}
    adopted = recorded(nums(1), complete=False)
    writer = blocklist_writer.GroupWriter(FakeClient(Resp('success', {'input': {'id': 4}, 'output': output})),
                                          item(numbers=nums(2)), adopted)
    writer.run([('update', nums(2, start=1))])
    assert writer.warnings == [] and (writer.changed, writer.added) == (False, [])


class Echoing(FakeClient):
    """Answers every create and update as the server would, accepting every number."""

    def call(self, endpoint, body, operation=None, allow=()):
        self.sent.append((endpoint, body))
        numbers = list(body['blockNumbers'])
        if endpoint == 'block_create':
            return Resp('success', {'output': {'lastInsertId': 9, 'succes': numbers, 'error': []}})
        return Resp('success', {'input': {'id': 9}, 'output': {'succes': numbers, 'error': [], 'new': len(numbers)}})


@pytest.mark.parametrize('count', [2000, 20000])
def test_records_as_it_goes_and_every_record_is_true(count):
    """A group of up to 2,000 numbers is recorded after every request; a bigger one after every tenth of its size
    (linear cost). Every record holds only confirmed numbers; the rest of what is being sent stays pending."""
    records = []
    wanted = nums(count)
    steps, _after = blocklist.plan_writes(item(numbers=wanted), None)
    writer = blocklist_writer.GroupWriter(Echoing(), item(numbers=wanted), None, record=records.append)
    writer.run(steps)
    if count <= 2000:
        assert len(records) >= len(steps) + 1  # the intent, then one per request
    else:
        assert len(records) <= 13 < len(steps)  # the intent, ten tenths, the last
    for state in records:
        assert set(state['numbers']) | set(state['pending_add']) == set(wanted)
        assert not set(state['numbers']) & set(state['pending_add'])
    assert records[0]['creating'] is True and records[0]['numbers'] == []
    assert records[-1]['numbers'] == wanted and records[-1]['pending_add'] == [] and records[-1]['id'] == 9


def test_unconfirmed_writes_of_an_earlier_run_are_sent_again():
    current = recorded(nums(3), pending_add=nums(2, start=10), pending_remove=nums(1))
    # Wanted present: the unconfirmed additions and the unconfirmed removal are re-sent as additions.
    steps, after = blocklist.plan_writes(item(numbers=nums(3) + nums(2, start=10)), current)
    assert steps == [('update', sorted(nums(1) + nums(2, start=10)))] and after['pending_add'] == []
    # Purged: an unconfirmed addition no longer wanted is removed, since it may have landed.
    steps, _after = blocklist.plan_writes(item(numbers=nums(3)[1:], purge=True), current)
    assert steps == [('delete', sorted(nums(1) + nums(2, start=10)))]
    # Asked absent: so is a number only pending.
    steps, _after = blocklist.plan_writes(item(numbers=nums(1, start=11), state='absent'), current)
    assert steps == [('delete', nums(1, start=11))]
