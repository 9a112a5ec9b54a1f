# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Assumptions 9-17: createBlockNumber, updateBlockNumbers and deleteBlockNumber on the suite's one group.

Every number is one of the suite's own (CLOUDAGENT_LIVE_NUMBER_PREFIX + 3 digits); the group is emptied of
all of them before the checks and at the end (own_group.py).
"""

from __future__ import annotations

from ansible_collections.ozonetel.cloudagent.tests.live import own_group
from ansible_collections.ozonetel.cloudagent.tests.live.live_config import PREFIX

MANDATORY = {'status': 'error', 'message': 'Parameters are mandatory'}
INVALID_GROUP = {'status': 'error', 'message': 'Invalid group id'}
BAD_FORMAT = {'status': 'error', 'message': 'invalid data',
              'errors': {'blockNumbers': 'Blocknumbers data contains invalid format of numbers'}}
TOO_MANY = {'status': 'error', 'message': 'Maximum 100 numbers allowed per request'}
DUPLICATE = {'status': 'error', 'message': 'Group name already exists'}


def _output(seen):
    body = seen.body if isinstance(seen.body, dict) else {}
    return body.get('output') if isinstance(body.get('output'), dict) else {}


def _plus(numbers):
    return ['+91' + number for number in numbers]


def _ready(live, check, seen, what):
    """NotChecked unless a preparatory write succeeded."""
    if seen.kind != 'success':
        check.not_checked('%s failed: %s' % (what, seen.short()))


def test_duplicate_group_name(live):
    group = live.group
    with live.check('9') as check:
        group.ensure()
        if group.created_now:
            check.add(group.create_observation)
            seen = check.add(live.observe('block_create', {
                'name': group.name, 'description': own_group.DESCRIPTION, 'expiryDate': own_group.expiry(),
                'blockNumbers': group.number(own_group.DUPLICATE_SUFFIX)}, 'create the same group name again'))
            if seen.kind == 'success':
                extra = _output(seen).get('lastInsertId')
                if extra is not None:
                    group.extra_ids.append(str(extra))  # emptied at the end like the suite group
                check.note('a second group named %s now exists (id %s); the API cannot delete groups' % (group.name, extra))
        else:
            seen = check.add(group.create_observation)
            check.note('the group existed from an earlier run; this run\'s create is the duplicate')
        check.expect(seen.body == DUPLICATE, 'expected %s; got %s' % (DUPLICATE, seen.short()))


def test_group_identifier_on_delete(live):
    group = live.group
    with live.check('10') as check:
        group.ensure()
        by_name, by_id, neither, unknown = (group.number(s) for s in own_group.IDENTIFIER_SUFFIXES)
        _ready(live, check, group.update(check, [by_name, by_id, neither], 'add three numbers'), 'adding the numbers')
        seen = group.delete(check, [by_name], 'delete with groupName only', target={'groupName': group.name})
        check.expect(seen.kind == 'success' and _output(seen).get('success') == _plus([by_name]),
                     'delete by groupName did not remove %s: %s' % (by_name, seen.short()))
        if group.id:
            seen = group.delete(check, [by_id], 'delete with id only', target={'id': group.id})
            check.expect(seen.kind == 'success' and _output(seen).get('success') == _plus([by_id]),
                         'delete by id did not remove %s: %s' % (by_id, seen.short()))
        else:
            check.note('the server never echoed the group id, so a delete by id was not tried')
        seen = group.delete(check, [neither], 'delete with neither id nor groupName', target={})
        check.expect(seen.body == MANDATORY, 'neither: expected %s; got %s' % (MANDATORY, seen.short()))
        seen = group.delete(check, [unknown], 'delete from a group name that does not exist',
                            target={'groupName': PREFIX + 'no-such-group'})
        check.expect(seen.body == INVALID_GROUP, 'unknown group: expected %s; got %s' % (INVALID_GROUP, seen.short()))


def test_block_numbers_string_on_create(live):
    group = live.group
    with live.check('11') as check:
        group.ensure()
        if not group.created_now:
            check.not_checked('the group %s already existed, so no create succeeded in this run (the run that created '
                              'it checked this); a new CLOUDAGENT_LIVE_GROUP name checks it again, at the cost of one '
                              'more empty group' % group.name)
        seen = check.add(group.create_observation)
        expected = _plus(group.number(s) for s in own_group.CREATE_SUFFIXES)
        check.expect(_output(seen).get('succes') == expected and _output(seen).get('error') == [],
                     'expected output.succes %s and no error; got %s' % (expected, seen.short()))


def test_server_normalisation(live):
    group = live.group
    with live.check('12') as check:
        group.ensure()
        plain, zero, ninety_one, plus, spaced = (group.number(s) for s in own_group.NORMALISE_SUFFIXES)
        short = group.short_number()
        seen = group.update(check, [plain, '0' + zero, '91' + ninety_one, '+91' + plus, short], 'add numbers in five forms')
        expected = _plus([plain, zero, ninety_one, plus])
        check.expect(_output(seen).get('succes') == expected and _output(seen).get('error') == [short],
                     'expected succes %s and error [%s]; got %s' % (expected, short, seen.short()))
        written = '%s %s-%s' % (spaced[:3], spaced[3:6], spaced[6:])
        seen = group.update(check, [written], 'add a number written with a space and a dash')
        check.expect(_output(seen).get('succes') == _plus([spaced]),
                     'expected succes %s; got %s' % (_plus([spaced]), seen.short()))


def test_non_numeric_number_rejects_request(live):
    group = live.group
    with live.check('13') as check:
        group.ensure()
        number = group.number(own_group.NON_NUMERIC_SUFFIX)
        seen = group.update(check, [number, 'abc'], 'add a valid and a non-numeric number')
        check.expect(seen.body == BAD_FORMAT, 'expected %s; got %s' % (BAD_FORMAT, seen.short()))
        after = group.delete(check, [number], 'remove the valid one again')
        check.expect(_output(after).get('deleted') == 0, 'the valid number had been written: %s' % after.short())


def test_more_than_100_numbers(live):
    group = live.group
    with live.check('14') as check:
        group.ensure()
        numbers = [group.number(s) for s in own_group.TOO_MANY_SUFFIXES]
        seen = group.update(check, numbers, 'add 101 numbers in one request')
        check.expect(seen.body == TOO_MANY, 'expected %s; got %s' % (TOO_MANY, seen.short()))
        after = group.delete(check, numbers[:100], 'remove the first 100 again')
        check.expect(_output(after).get('deleted') == 0, 'numbers had been written: %s' % after.short())


def test_update_counters(live):
    group = live.group
    with live.check('15') as check:
        group.ensure()
        old, new = (group.number(s) for s in own_group.COUNTER_SUFFIXES)
        _ready(live, check, group.update(check, [old], 'add one number'), 'adding the first number')
        seen = group.update(check, [old, new], 'add it again with a new one')
        output = _output(seen)
        check.expect(output.get('succes') == _plus([old, new]), 'succes: expected %s; got %s'
                     % (_plus([old, new]), seen.short()))
        check.expect(output.get('new') == 1 and output.get('inserted') == 1, 'new and inserted: expected 1 and 1; got %s'
                     % seen.short())
        check.expect(output.get('error') == [], 'error: expected []; got %s' % seen.short())


def test_delete_counters(live):
    group = live.group
    with live.check('16') as check:
        group.ensure()
        present, absent = (group.number(s) for s in own_group.DELETE_SUFFIXES)
        _ready(live, check, group.update(check, [present], 'add one number'), 'adding the number')
        seen = group.delete(check, [present, absent], 'remove it and one that is not in the group')
        expected = {'success': _plus([present]), 'error': [absent], 'deleted': 1}
        check.expect(_output(seen) == expected, 'expected output %s; got %s' % (expected, seen.short()))


def test_update_with_empty_list(live):
    group = live.group
    with live.check('17') as check:
        group.ensure()
        description = 'ca-live suite: description of check 17'
        seen = group.update(check, [], 'update description and expiry with an empty blockNumbers array',
                            description=description, days=2)
        check.expect(seen.kind == 'success' and seen.body.get('message') == 'updated',
                     'an empty blockNumbers array was refused: %s' % seen.short())
        check.note("the API cannot read a group back: in the admin UI, group %s should now have the description '%s' "
                   "and an expiry two days from the run; if not, the description/expiry half of assumption 17 is wrong"
                   % (group.name, description))
