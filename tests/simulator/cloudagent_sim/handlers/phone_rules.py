# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Phone create/edit/delete/get on one account, shared by the current and the legacy API (api-reference A.1, A.2)."""

import collections
import threading

from cloudagent_sim import replies
from cloudagent_sim.validation import phone_name_error, phone_number_error, split_list, text

MSG_SAVED = 'record inserted successfully'
MSG_SKILLS_FAILED = 'record inserted successfully and failed to insert skills please pass the valid skills'
MSG_AUTH = 'userName or apiKey not valid'
MSG_ACTION = 'action not valid'
MSG_NUMBER_EMPTY = 'phoneNumber cannot be empty'
MSG_NAME_EMPTY = 'phoneName cannot be empty'
MSG_DUPLICATE = 'phone_name or phone_number already exist'
MSG_LIMIT = (" Phone Number Limit Exceeded. Please refer to the 'Phone Number Creation Limit' option under "
             "'Edit Profile' for reference. ")
MSG_NOT_FOUND = 'no record found'   # decisions 3 and 6
# Behaviour phone_delete_missing: the other wordings a delete of a missing phone may answer with.
DELETE_MISSING = {
    'no_record': (MSG_NOT_FOUND, 'error'),
    'success': (MSG_SAVED, 'success'),
    'does_not_exist': ('Phone number does not exist', 'error'),
    'not_exists': ('phoneNumber not exists', 'error'),
}


def auth_failed():
    return replies.status_error(MSG_AUTH, 'auth_failed')


def _invalid(message):
    return replies.status_error(message, 'invalid_input')


def _required_number(params, key='phoneNumber'):
    number = text(params.get(key))
    if not number:
        return None, _invalid(MSG_NUMBER_EMPTY)
    error = phone_number_error(number)
    return (None, _invalid(error)) if error else (number, None)


def _required_name(params, key='phoneName'):
    name = text(params.get(key))
    if not name:
        return None, _invalid(MSG_NAME_EMPTY)
    error = phone_name_error(name)
    return (None, _invalid(error)) if error else (name, None)


def _as_stored(number, behaviour):
    """Decision 7: numbers are kept as sent; behaviour phone_number_storage=strip_plus drops a leading '+' (in
    writes and look-ups alike), as a server that normalises numbers would."""
    if (behaviour or {}).get('phone_number_storage') == 'strip_plus':
        return number.lstrip('+')
    return number


# Look-ups by number and by name, per account's phone list: a scan of the list per request made a bulk run of
# 5,000 phones quadratic in the simulator (about 0.6-1.0 ms of its CPU per request at 5,000 phones against 0.16
# at 300). An index answers as the scan did (the first phone in list order with that number or lower-case
# name). It is used only for the very list it was built from and while that list has the length it was built
# at; create adds to it, edit and delete drop it (rebuilt at the next look-up), and a hit is checked against the
# phone itself. Every change of a list that is not create, edit or delete goes through set_state, which makes
# a new list. The few most recent lists are kept, under one lock: simulators of several tests may share this
# process.
_INDEXES = collections.OrderedDict()
_INDEXES_KEPT = 8
_INDEXES_LOCK = threading.Lock()
_Index = collections.namedtuple('_Index', 'phones length by_number by_name')


def _index(user):
    phones = user['phones']
    with _INDEXES_LOCK:
        found = _INDEXES.get(id(phones))
        if found is not None and found.phones is phones and found.length == len(phones):
            _INDEXES.move_to_end(id(phones))
            return found
        by_number, by_name = {}, {}
        for phone in phones:
            by_number.setdefault(phone['number'], phone)
            by_name.setdefault(phone['name'].lower(), phone)
        found = _Index(phones, len(phones), by_number, by_name)
        _INDEXES[id(phones)] = found
        while len(_INDEXES) > _INDEXES_KEPT:
            _INDEXES.popitem(last=False)
        return found


def _added(user, phone):
    """create appended phone: the index of the list (if current) gains it."""
    phones = user['phones']
    with _INDEXES_LOCK:
        found = _INDEXES.get(id(phones))
        if found is not None and found.phones is phones and found.length == len(phones) - 1:
            found.by_number.setdefault(phone['number'], phone)
            found.by_name.setdefault(phone['name'].lower(), phone)
            _INDEXES[id(phones)] = found._replace(length=len(phones))


def _changed(user):
    """edit or delete changed a phone's keys or the list: its index is rebuilt at the next look-up."""
    with _INDEXES_LOCK:
        _INDEXES.pop(id(user['phones']), None)


def _by_number(user, number):
    phone = _index(user).by_number.get(number)
    if phone is not None and phone['number'] != number:
        _changed(user)
        return next((p for p in user['phones'] if p['number'] == number), None)
    return phone


def _by_name(user, name):
    # phoneName is not case-sensitive (documented).
    wanted = name.lower()
    phone = _index(user).by_name.get(wanted)
    if phone is not None and phone['name'].lower() != wanted:
        _changed(user)
        return next((p for p in user['phones'] if p['name'].lower() == wanted), None)
    return phone


def _skills(user, value):
    """(known skills, all valid?) for a comma-separated value; an empty value counts as invalid (documented)."""
    wanted = split_list(value)
    known = [skill for skill in wanted if skill in user['skills']]
    return known, bool(wanted) and len(known) == len(wanted)


def _saved(skills_ok):
    if skills_ok:
        return replies.status_success(MSG_SAVED)
    # Decision 8: the phone is written, known skills applied, unknown ones ignored.
    return replies.status_success(MSG_SKILLS_FAILED, outcome='partial')


def create(user, params, behaviour=None):
    number, error = _required_number(params)
    if error:
        return error
    number = _as_stored(number, behaviour)
    name, error = _required_name(params)
    if error:
        return error
    if _by_number(user, number) or _by_name(user, name):
        return replies.status_error(MSG_DUPLICATE, 'already_exists')
    if len(user['phones']) >= int(user['phoneLimit']):
        return replies.status_error(MSG_LIMIT, 'error')
    skills, skills_ok = ([], True)
    if 'skill' in params:
        skills, skills_ok = _skills(user, params['skill'])
    phone = {'name': name, 'number': number, 'skills': sorted(set(skills))}
    user['phones'].append(phone)
    _added(user, phone)
    return _saved(skills_ok)


def _new_name(params, behaviour):
    """The new name under behaviour phone_rename_key: a server that knows one spelling ignores the other."""
    reading = (behaviour or {}).get('phone_rename_key', 'both')
    keys = ('phoneNameNew', 'PhoneNameNew') if reading == 'both' else (reading,)
    return next((text(params.get(key)) for key in keys if text(params.get(key))), '')


def edit(user, params, behaviour=None):
    number, error = _required_number(params)
    if error:
        return error
    name, error = _required_name(params)
    if error:
        return error
    new_number, error = _required_number(params, 'phoneNumberNew')
    if error:
        return error
    number, new_number = _as_stored(number, behaviour), _as_stored(new_number, behaviour)
    new_name = _new_name(params, behaviour)
    if new_name:
        error = phone_name_error(new_name)
        if error:
            return _invalid(error)
    phone = _by_number(user, number)
    if phone is None or phone['name'].lower() != name.lower():
        return replies.status_error(MSG_NOT_FOUND, 'not_found')
    holder = _by_number(user, new_number)
    name_holder = _by_name(user, new_name) if new_name else None
    if (holder not in (None, phone)) or (name_holder not in (None, phone)):
        return replies.status_error(MSG_DUPLICATE, 'already_exists')
    skills_ok = True
    skills = set(phone['skills'])
    if 'assignSkill' in params:
        known, ok = _skills(user, params['assignSkill'])
        skills.update(known)
        skills_ok = skills_ok and ok
    if 'unAssignSkill' in params:
        known, ok = _skills(user, params['unAssignSkill'])
        skills.difference_update(known)
        skills_ok = skills_ok and ok
    phone.update(number=new_number, name=new_name or phone['name'], skills=sorted(skills))
    _changed(user)
    return _saved(skills_ok)


def _delete_missing(behaviour):
    message, status = DELETE_MISSING[(behaviour or {}).get('phone_delete_missing', 'no_record')]
    if status == 'success':
        return replies.Reply({'status': 'success', 'message': message}, 'success', applied=False)
    return replies.status_error(message, 'not_found')


def delete(user, params, behaviour=None):
    number, error = _required_number(params)
    if error:
        return error
    number = _as_stored(number, behaviour)
    phone = _by_number(user, number)
    name = text(params.get('phoneName'))
    if phone is None or (name and phone['name'].lower() != name.lower()):
        return _delete_missing(behaviour)
    user['phones'].remove(phone)
    _changed(user)
    # The documented delete success text really is "record inserted successfully".
    return replies.status_success(MSG_SAVED)


def get(user, params, behaviour):
    """Decision 5: a non-empty phoneNumber is looked up by number, else phoneName by name."""
    number = text(params.get('phoneNumber'))
    name = text(params.get('phoneName'))
    if number:
        error = phone_number_error(number)
        if error:
            return _invalid(error)
        phone = _by_number(user, _as_stored(number, behaviour))
    elif name:
        phone = _by_name(user, name)
    else:
        return _invalid(MSG_NUMBER_EMPTY)
    if phone is None:
        if behaviour['phone_get_not_found'] == 'empty':
            return replies.Reply({'status': 'success', 'message': []}, 'not_found')
        return replies.status_error(MSG_NOT_FOUND, 'not_found')
    found = {'phoneNumber': phone['number'], 'phoneName': phone['name']}
    if behaviour['phone_get_shape'] == 'bare':
        return replies.Reply(found, 'success')
    if behaviour['phone_get_shape'] == 'data':
        return replies.Reply({'status': 'success', 'data': found}, 'success')
    return replies.Reply({'status': 'success', 'message': [found]}, 'success')


WRITE_ACTIONS = {'create': create, 'edit': edit, 'delete': delete}


def write(user, action, params, behaviour=None):
    """create/edit/delete, accepted in any letter case; anything else is "action not valid"."""
    handler = WRITE_ACTIONS.get(action.lower()) if isinstance(action, str) else None
    if handler is None:
        return _invalid(MSG_ACTION)
    return handler(user, params, behaviour)
