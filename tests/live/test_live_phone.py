# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Assumptions 3-8, 28 and 'rename': PhoneManageV2 get/create/edit/delete on the suite's own ``ca-live-`` phones.

Each check judges only its own assumption: whether a phone was found is taken from the collection's
classifier (which understands every shape the contract allows), and only the assumption under test is
compared with the exact body it predicts.
"""

from __future__ import annotations

from ansible_collections.ozonetel.cloudagent.tests.live.live_config import PREFIX
from ansible_collections.ozonetel.cloudagent.tests.live.own_phones import EDIT_TARGET_SUFFIX

NOT_FOUND = {'status': 'error', 'message': 'no record found'}
SKILLS_FAILED = 'record inserted successfully and failed to insert skills please pass the valid skills'
MAIN, GONE, PLUS, SKILLS = PREFIX + 'main', PREFIX + 'gone', PREFIX + 'plus', PREFIX + 'skills'
DUP, OTHER = PREFIX + 'dup', PREFIX + 'other'
RENAME, RENAMED = PREFIX + 'rename', PREFIX + 'renamed'
RENAME_KEYS = ('PhoneNameNew', 'phoneNameNew')
DUPLICATE = {'status': 'error', 'message': 'phone_name or phone_number already exist'}


def _get(live, check, label, number='', name=''):
    return check.add(live.observe('phone_get', {'phoneNumber': number, 'phoneName': name}, label))


def _created(check, seen, what):
    if seen.kind != 'success':
        check.not_checked('could not create %s: %s' % (what, seen.short()))


def _found(seen):
    """The phones a get returned, in either success shape the contract allows (list in message, or bare)."""
    body = seen.body if isinstance(seen.body, dict) else {}
    if seen.kind != 'success':
        return []
    if 'phoneNumber' in body and 'status' not in body:
        return [body]
    message = body.get('message')
    return [entry for entry in (message if isinstance(message, list) else [message]) if isinstance(entry, dict)]


def _gone_number(live, check):
    """A number known to be absent: the suite creates ca-live-gone with it and deletes it again."""
    phones = live.phones
    number = phones.number(GONE)
    _created(check, phones.create(check, GONE, number, 'create %s' % GONE), GONE)
    deleted = phones.delete(check, GONE, number, 'delete %s' % GONE)
    if deleted.kind != 'success':
        check.not_checked('could not delete %s again: %s' % (GONE, deleted.short()))
    return number


def test_get_not_found(live):
    with live.check('3') as check:
        number = _gone_number(live, check)
        seen = _get(live, check, 'get the number just deleted', number=number)
        check.expect(seen.body == NOT_FOUND, 'expected %s; got %s' % (NOT_FOUND, seen.short()))


def test_get_success_shape(live):
    with live.check('4') as check:
        number = live.phones.number(MAIN)
        _created(check, live.phones.ensure(check, MAIN, number, 'create %s' % MAIN), MAIN)
        seen = _get(live, check, 'get it by number', number=number)
        expected = {'status': 'success', 'message': [{'phoneNumber': number, 'phoneName': MAIN}]}
        check.expect(seen.body == expected, 'expected %s; got %s' % (expected, seen.short()))


def test_get_keys(live):
    with live.check('5') as check:
        number = live.phones.number(MAIN)
        _created(check, live.phones.ensure(check, MAIN, number, 'create %s' % MAIN), MAIN)
        by_name = _get(live, check, 'get by the name in upper case, empty number', name=MAIN.upper())
        check.expect([p.get('phoneNumber') for p in _found(by_name)] == [number],
                     'lookup by name (other letter case) did not find %s: %s' % (MAIN, by_name.short()))
        both = _get(live, check, 'get by number with a name that does not exist', number=number, name=PREFIX + 'nobody')
        check.expect([p.get('phoneName') for p in _found(both)] == [MAIN],
                     'a non-empty phoneNumber was not looked up by number: %s' % both.short())
        neither = _get(live, check, 'get with neither key')
        expected = {'status': 'error', 'message': 'phoneNumber cannot be empty'}
        check.expect(neither.body == expected, 'neither key: expected %s; got %s' % (expected, neither.short()))


def test_edit_and_delete_of_missing_phone(live):
    with live.check('6') as check:
        number = _gone_number(live, check)
        new_number = live.config.number(EDIT_TARGET_SUFFIX)
        live.phones.track(GONE, new_number)  # should the edit create something after all, the clean-up removes it
        edit = check.add(live.observe('phone_edit', {'phoneNumber': number, 'phoneName': GONE, 'phoneNumberNew': new_number},
                                      'edit the missing phone'))
        check.expect(edit.body == NOT_FOUND, 'edit: expected %s; got %s' % (NOT_FOUND, edit.short()))
        delete = live.phones.delete(check, GONE, number, 'delete the missing phone')
        check.expect(delete.body == NOT_FOUND, 'delete: expected %s; got %s' % (NOT_FOUND, delete.short()))
        if delete.body != NOT_FOUND:
            check.note('cloudagent_phone takes a delete answered "does not exist" in any wording as already absent; a '
                       'success answer for a missing phone makes the current flavor report changed once')


def test_numbers_stored_as_sent(live):
    with live.check('7') as check:
        plus = live.phones.number(PLUS, plus=True)
        _created(check, live.phones.create(check, PLUS, plus, 'create %s as %s' % (PLUS, plus)), PLUS)
        exact = _get(live, check, 'get it as sent', number=plus)
        check.expect([p.get('phoneNumber') for p in _found(exact)] == [plus],
                     'the number did not come back exactly as sent (%s): %s' % (plus, exact.short()))
        other = _get(live, check, 'get it without the +', number=plus[1:])
        check.expect(_found(other) == [], '%s found %s: the server normalised the number (%s)'
                     % (plus[1:], plus, other.short()))


def test_unknown_skill(live):
    with live.check('8') as check:
        number = live.phones.number(SKILLS)
        seen = live.phones.create(check, SKILLS, number, 'create with an unknown skill', skill=PREFIX + 'no-such-skill')
        check.expect(seen.body == {'status': 'success', 'message': SKILLS_FAILED},
                     'expected status success with "%s"; got %s' % (SKILLS_FAILED, seen.short()))
        after = _get(live, check, 'get it', number=number)
        check.expect([p.get('phoneName') for p in _found(after)] == [SKILLS], 'the phone was not written: %s' % after.short())
        check.note('that known skills are still applied cannot be read through the API (the phone get returns no skills)')


def test_number_held_by_another_phone_is_refused(live):
    with live.check('28') as check:
        phones = live.phones
        held = phones.number(MAIN)
        _created(check, phones.ensure(check, MAIN, held, 'create %s' % MAIN), MAIN)
        phones.track(DUP, held)  # should the server accept it after all, the clean-up removes it
        # Not phones.create: that first makes room, deleting whichever ca-live- phone holds the number.
        create = check.add(live.observe('phone_create', {'phoneNumber': held, 'phoneName': DUP},
                                        "create %s with %s's number" % (DUP, MAIN)))
        check.expect(create.body == DUPLICATE, 'create: expected %s; got %s' % (DUPLICATE, create.short()))
        own = phones.number(OTHER)
        _created(check, phones.create(check, OTHER, own, 'create %s' % OTHER), OTHER)
        phones.track(OTHER, held)
        edit = check.add(live.observe('phone_edit', {'phoneNumber': own, 'phoneName': OTHER, 'phoneNumberNew': held},
                                      "edit %s onto %s's number" % (OTHER, MAIN)))
        check.expect(edit.body == DUPLICATE, 'edit: expected %s; got %s' % (DUPLICATE, edit.short()))
        owner = _get(live, check, 'get the number: still %s' % MAIN, number=held)
        check.expect([p.get('phoneName') for p in _found(owner)] == [MAIN],
                     'the number no longer belongs to %s: %s' % (MAIN, owner.short()))


def test_rename_key(live):
    """Which spelling of the new-name key renames a phone (seed 001's table: PhoneNameNew; the sample: phoneNameNew).

    The collection sends both, so renames work either way; this settles which page is right."""
    with live.check('rename') as check:
        phones = live.phones
        number = phones.number(RENAME)
        phones.make_room(RENAMED, number)
        _created(check, phones.create(check, RENAME, number, 'create %s' % RENAME), RENAME)
        phones.track(RENAMED, number)
        current, honoured, ignored = RENAME, [], []
        for key in RENAME_KEYS:
            wanted = RENAMED if current == RENAME else RENAME
            edit = check.add(live.observe('phone_edit', {'phoneNumber': number, 'phoneName': current,
                                                         'phoneNumberNew': number, key: wanted},
                                          'rename %s to %s sending only %s' % (current, wanted, key)))
            names = [p.get('phoneName') for p in _found(_get(live, check, 'get the number after the %s edit' % key,
                                                             number=number))]
            if names == [wanted]:
                honoured.append(key)
                current = wanted
            else:
                ignored.append('%s (answered %s; the phone is still named %s)' % (key, edit.short(), names or 'nothing'))
        check.note('the server renamed with: %s' % (', '.join(honoured) or 'neither key'))
        check.expect(not ignored, 'the server ignored %s; cloudagent_phone sends both keys and reads every rename back'
                     % '; '.join(ignored))
