# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Phone API helpers shared by cloudagent_phone and cloudagent_phone_info.

A phone is a dict {'name', 'number'} as the server holds it, plus 'skills' (a sorted list, or None when
unknown) where the known-state store is involved. The API cannot read skills back (api-reference A.1).
"""

from __future__ import annotations

from ansible_collections.ozonetel.cloudagent.plugins.module_utils.validate import name_key

KIND = 'phone'


def _pick(found, name=None, number=None):
    for entry in found or []:
        phone = {'name': str(entry.get('phoneName') or ''), 'number': str(entry.get('phoneNumber') or '')}
        if number is not None and phone['number'] == number:
            return phone
        if number is None and name is not None and name_key(phone['name']) == name_key(name):
            return phone
    return None


def get_phone(client, name=None, number=None):
    """The phone with this name (or, when number is given, holding this number); None when there is none.

    Both keys are sent (decision #5): a non-empty phoneNumber is looked up by number, else phoneName by name.
    """
    body = {'phoneNumber': number or '', 'phoneName': '' if number else name}
    what = 'number %s' % number if number else "name '%s'" % name
    response = client.call('phone_get', body, operation='get phone by %s' % what, allow=('not_found',))
    if response.kind == 'not_found':
        return None
    return _pick(response.data, name=name, number=number)


def create_body(name, number, skills):
    body = {'phoneNumber': number, 'phoneName': name}
    if skills:
        body['skill'] = ','.join(skills)
    return body


def edit_body(old, name, number, assign=(), unassign=()):
    """Edit the phone `old` ({name, number} as the server holds it) into name/number with a skills delta."""
    body = {'phoneNumber': old['number'], 'phoneName': old['name'], 'phoneNumberNew': number}
    if name != old['name']:
        body['phoneNameNew'] = name
    if assign:
        body['assignSkill'] = ','.join(sorted(assign))
    if unassign:
        body['unAssignSkill'] = ','.join(sorted(unassign))
    return body


def delete_body(phone):
    return {'phoneNumber': phone['number'], 'phoneName': phone['name']}


def recorded_phone(ledger, key):
    """The phone last applied according to the store ({name, number, skills}), or None without a record."""
    record = ledger.get(key)
    if not record:
        return None
    desired = record.get('desired') or {}
    skills = desired.get('skills')
    return {'name': desired.get('name'), 'number': desired.get('number'),
            'skills': sorted(skills) if isinstance(skills, list) else None}


def record_fields(phone):
    """The record's desired part for what the server confirmed: name, number and skills (None: unknown, re-sent
    by the next run)."""
    return {'name': phone['name'], 'number': phone['number'], 'skills': phone.get('skills')}


def view(name, phone):
    """The documented public view of one phone (phone None: absent)."""
    if phone is None:
        return {'name': name, 'number': None, 'skills': None, 'state': 'absent'}
    skills = phone.get('skills')
    return {'name': phone['name'], 'number': phone['number'],
            'skills': list(skills) if skills is not None else None, 'state': 'present'}
