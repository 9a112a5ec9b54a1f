# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Phone API helpers shared by cloudagent_phone and cloudagent_phone_info.

A phone is a dict {'name', 'number'} as the server holds it, plus 'skills' (a sorted list, or None when
unknown) where the known-state store is involved. The API cannot read skills back (api-reference A.1).
"""

from __future__ import annotations

from ansible_collections.ozonetel.cloudagent.plugins.module_utils.validate import name_key

KIND = 'phone'
# The new-name key of an edit is spelled PhoneNameNew in seed 001's table and the current API's table, and
# phoneNameNew in the current sample (api-reference section 5 #9). Every edit that renames sends both: a
# server ignores the key it does not know, so the request means the same under either reading.
RENAME_KEYS = ('PhoneNameNew', 'phoneNameNew')


def _pick(found, name=None, number=None):
    for entry in found or []:
        if not isinstance(entry, dict):
            continue
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
        body.update((key, name) for key in RENAME_KEYS)
    if assign:
        body['assignSkill'] = ','.join(sorted(assign))
    if unassign:
        body['unAssignSkill'] = ','.join(sorted(unassign))
    return body


def delete_body(phone):
    return {'phoneNumber': phone['number'], 'phoneName': phone['name']}


def recorded_phone(ledger, key):
    """The phone last applied according to the store ({name, number, skills}), or None without a record
    (a tombstone, see record_tombstone, is no phone)."""
    record = ledger.get(key)
    if not record:
        return None
    desired = record.get('desired') or {}
    if desired.get('state') == 'absent':
        return None
    skills = desired.get('skills')
    return {'name': desired.get('name'), 'number': desired.get('number'),
            'skills': sorted(skills) if isinstance(skills, list) else None}


def record_phone(ledger, key, phone):
    """Record what the server confirmed: name, number and skills (None: unknown, re-sent by the next run)."""
    ledger.put(key, desired={'name': phone['name'], 'number': phone['number'], 'skills': phone.get('skills')})


def view(name, phone):
    """The documented public view of one phone (phone None: absent)."""
    if phone is None:
        return {'name': name, 'number': None, 'skills': None, 'state': 'absent'}
    skills = phone.get('skills')
    return {'name': phone['name'], 'number': phone['number'],
            'skills': list(skills) if skills is not None else None, 'state': 'present'}


# ---- legacy delete: tombstones -------------------------------------------------------------------

def record_tombstone(ledger, key, phone):
    """Record that the server confirmed this phone gone (the legacy API cannot read): reruns send nothing."""
    ledger.put(key, desired={'name': phone['name'], 'number': phone['number'], 'skills': None, 'state': 'absent'})


def tombstone(ledger, key):
    """The phone a confirmed legacy delete removed ({name, number}), or None."""
    record = ledger.get(key)
    desired = (record or {}).get('desired') or {}
    if desired.get('state') != 'absent':
        return None
    return {'name': desired.get('name'), 'number': desired.get('number')}


def deleted_before(item, record, gone):
    """A legacy state=absent item whose phone a confirmed delete removed (gone: its tombstone) and nothing since."""
    return (item['state'] == 'absent' and record is None and gone is not None
            and item.get('number') in (None, gone['number']))


# ---- read-back after a write the current API can read ---------------------------------------------

def changes_identity(verb, body):
    """A create, or an edit that renames or renumbers: what a get can confirm (skills it cannot)."""
    if verb == 'create':
        return True
    return verb == 'edit' and (body.get('phoneNumberNew') != body.get('phoneNumber')
                               or any(key in body for key in RENAME_KEYS))


def _shown(phone):
    return "phone '%s' with number %s" % (phone['name'], phone['number'])


def read_back(client, verb, body, before, after, skills_applied=True):
    """None when a get by the new name shows `after` ({name, number, skills}); otherwise (held, message).

    held is the phone the server shows instead, or None when no such phone is seen: the only thing the caller
    may record. Its name and number are as read; its skills, which no request can read, are what the write's
    answer reported (after's), or unknown (None) when the answer said the skills were rejected.
    """
    found = get_phone(client, name=after['name'])
    if found is not None and found['number'] == after['number']:
        return None
    if found is None and before is not None and name_key(before['name']) != name_key(after['name']):
        found = get_phone(client, name=before['name'])   # the rename did not happen: where is the phone now?
    if found is None:
        holder = get_phone(client, number=after['number'])
        seen = 'no phone named %s; number %s is held by %s' % (
            after['name'], after['number'], _shown(holder) if holder else 'no phone')
        held = None
    else:
        seen = _shown(found)
        held = dict(found, skills=after.get('skills') if skills_applied else None)
    message = ("%s phone %s: CloudAgent answered success, but reading it back by name shows %s, not %s; only what "
               "was read is recorded" % (verb, after['name'], seen, _shown(after)))
    if verb == 'edit' and any(key in body for key in RENAME_KEYS) and (found is None or
                                                                       name_key(found['name']) != name_key(after['name'])):
        message += ' (the server ignored the new name sent as %s)' % ' and '.join(RENAME_KEYS)
    return held, message
