# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Phone API helpers shared by cloudagent_phone and cloudagent_phone_info.

A phone is a dict {'name', 'number'} as the server holds it, plus 'skills' (a sorted list, or None when
unknown) where the known-state store is involved. The API cannot read skills back (api-reference A.1).
"""

from __future__ import annotations

from dataclasses import dataclass

from ansible_collections.ozonetel.cloudagent.plugins.module_utils.engine import ItemFailure, Plan
from ansible_collections.ozonetel.cloudagent.plugins.module_utils.validate import (
    name_key, number_key, phone_name, phone_number, skill_set)

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
    phone = {'name': desired.get('name'), 'number': desired.get('number'),
             'skills': sorted(skills) if isinstance(skills, list) else None}
    if (record.get('server') or {}).get('skills_unconfirmed'):
        phone['skills_complete'] = False
    return phone


def record_phone(ledger, key, phone):
    ledger.put(key, desired=record_fields(phone))


def record_fields(phone):
    """The record's desired part for what the server confirmed: name, number and skills (None: unknown, re-sent
    by the next run)."""
    return {'name': phone['name'], 'number': phone['number'], 'skills': phone.get('skills')}


def records(item, state):
    """The item's record for a state the server confirmed (forgotten when it is gone); after a rename, the old
    name's record forgotten."""
    found = {item['key']: None}
    if state is not None:
        # Under its own name: a read-back may show the phone kept its old name (the item's record is forgotten).
        found[name_key(state['name'])] = {'desired': record_fields(state)}
        if state.get('skills_complete') is False and state.get('skills') is not None:
            # The phone holds at least these skills; others set before this collection knew it may remain.
            found[name_key(state['name'])]['server'] = {'skills_unconfirmed': True}
    if state is not None and state.get('renamed_from'):
        found[name_key(state['renamed_from'])] = None
    return found


def view(name, phone):
    """The documented public view of one phone (phone None: absent)."""
    if phone is None:
        return {'name': name, 'number': None, 'skills': None, 'state': 'absent'}
    skills = phone.get('skills')
    return {'name': phone['name'], 'number': phone['number'],
            'skills': list(skills) if skills is not None else None, 'state': 'present'}


# ---- legacy delete: tombstones -------------------------------------------------------------------

def tombstone_fields(phone):
    """The record of a phone the server confirmed gone (the legacy API cannot read): reruns send nothing."""
    return {'name': phone['name'], 'number': phone['number'], 'skills': None, 'state': 'absent'}


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
        if held['skills'] is not None and after.get('skills_complete') is False:
            held['skills_complete'] = False
    message = ("%s phone %s: CloudAgent answered success, but reading it back by name shows %s, not %s; only what "
               "was read is recorded" % (verb, after['name'], seen, _shown(after)))
    if verb == 'edit' and any(key in body for key in RENAME_KEYS) and (found is None or
                                                                       name_key(found['name']) != name_key(after['name'])):
        message += ' (the server ignored the new name sent as %s)' % ' and '.join(RENAME_KEYS)
    return held, message


# ---- planning: pure functions from (item, what was read) to a Plan of Steps ------------------------------

@dataclass(frozen=True)
class Step:
    """One write: verb create, edit or delete; the request body; for a rename, the phone being renamed."""
    verb: str
    body: dict
    renamed: dict = None

    @property
    def skills_sent(self):
        return (self.body.get('skill') or self.body.get('assignSkill') or '').replace(',', ', ')

    @property
    def carries_skills(self):
        return any(key in self.body for key in ('skill', 'assignSkill', 'unAssignSkill'))


def canonical_item(raw, where, problems, default_state):
    """The item in canonical form ({name, key, number, skills, state, rename_from}), or None (problems added)."""
    def field(name):
        return '%s.%s' % (where, name) if where else name
    before = len(problems.messages)
    state = raw.get('state') or default_state
    name = problems.check(phone_name, raw.get('name'), field('name'))
    number = raw.get('number')
    if number is None and state == 'present':
        problems.add(field('number'), 'is required when state is present')
    elif number is not None:
        number = problems.check(phone_number, number, field('number'))
    skills = raw.get('skills')
    if skills is not None and state == 'absent':
        problems.add(field('skills'), 'cannot be used with state absent (deleting a phone removes its skills)')
    elif skills is not None:
        skills = problems.check(skill_set, skills, field('skills'))
    rename_from = raw.get('rename_from')
    if rename_from is not None:
        if state == 'absent':
            problems.add(field('rename_from'), 'cannot be used with state absent (delete the phone by its name)')
        rename_from = problems.check(phone_name, rename_from, field('rename_from'))
    if len(problems.messages) > before or name is None:
        return None
    if rename_from is not None and name_key(rename_from) == name_key(name):
        rename_from = None
    return {'name': name, 'key': name_key(name), 'number': number, 'skills': skills, 'state': state,
            'rename_from': rename_from}


def claims(item):
    """What no two phones of one task may share: the number of a present phone, and every name a rename involves."""
    found = [('name', item['key'], 'name')]
    if item['state'] == 'present':
        # 9876500201 and +919876500201 are one line: two phones of one task cannot share it.
        found.append(('number', number_key(item['number']), 'number'))
    if item['rename_from'] is not None:
        found.append(('name', name_key(item['rename_from']), 'rename_from'))
    return found


def known_skills(record, phone):
    """Recorded skills, trusted only while the record describes the phone the server holds."""
    if record is None or record['number'] != phone['number']:
        return None
    return record['skills']


def skills_delta(desired, known, force):
    """(assign, unassign, skills after, uncertain) for the desired skills against what is known."""
    if desired is None:
        return [], [], known, False
    if known is None:
        return list(desired), [], list(desired) if desired else None, bool(desired)
    assign = list(desired) if force else sorted(set(desired) - set(known))
    return assign, sorted(set(known) - set(desired)), list(desired), False


def skills_uncertain(item, state):
    """The task asks for skills, and the phone may hold others beyond the ones recorded (skills_complete False)."""
    return item.get('skills') is not None and state is not None and state.get('skills_complete') is False


def skills_warning(item, state):
    """Why the skills of a phone are not confirmed, and the two ways out."""
    return ("phone %s: skills not confirmed (uncertain): there was no record of this phone's skills and the API cannot "
            "read them, so skills it held before (set in the CloudAgent admin UI or by another tool) stay beside %s. "
            "Check its skills in the admin UI, then record them: ozonetel.cloudagent.cloudagent_ledger: {kind: phone, "
            'identity: "%s", desired: {name: "%s", number: "%s", skills: [...]}, server: {}}; or delete the phone and '
            "create it again with its skills (a create sets exactly those)" % (
                state['name'], ', '.join(state['skills']) if state.get('skills') else 'the ones asked for (none)',
                state['name'], state['name'], state['number']))


def converge(item, source, known, rename, force, complete=True):
    """The plan editing `source` (the server's phone) into the item, or no write when it already is.

    complete: the known skills are all the phone holds (False: a record made when its skills were unknown)."""
    assign, unassign, skills, uncertain = skills_delta(item['skills'], known, force)
    warnings = []
    if item['skills'] == [] and known is None:
        warnings.append("phone %s: skills [] cannot remove skills of a phone without a record (the API cannot read "
                        "them); adopt a record with cloudagent_ledger" % item['name'])
    before = dict(source, skills=known)
    after = {'name': item['name'] if rename else source['name'], 'number': item['number'], 'skills': skills}
    if known is not None and not complete:
        before['skills_complete'] = False
    if item['skills'] is None and not complete or item['skills'] is not None and (known is None or not complete):
        # Assigning to a phone whose skills were unknown: it holds these at least; which others, nobody can read.
        after['skills_complete'] = False
    if rename:
        after['renamed_from'] = source['name']
    if not rename and source['number'] == item['number'] and not assign and not unassign:
        unsure = skills_uncertain(item, before)
        return Plan(before=before, after=before, uncertain=unsure,
                    warnings=warnings + ([skills_warning(item, before)] if unsure else []))
    if skills_uncertain(item, after):
        warnings.append(skills_warning(item, after))
    body = edit_body(source, after['name'], item['number'], assign, unassign)
    return Plan(before=before, after=after, steps=[Step('edit', body, source if rename else None)],
                uncertain=uncertain or skills_uncertain(item, after), warnings=warnings)


def create_plan(item, uncertain=False):
    skills = item['skills'] or []
    after = {'name': item['name'], 'number': item['number'], 'skills': list(skills)}
    return Plan(before=None, after=after, uncertain=uncertain,
                steps=[Step('create', create_body(item['name'], item['number'], skills))])


def held_by(item, holder, state):
    """The failure for a number another phone holds; state is the phone as it stays (None: not created)."""
    return ItemFailure(
        "number %s is already held by phone '%s', so phone '%s' cannot have it: numbers are never taken over; "
        "renumber or delete '%s' first (or rename it to '%s' with rename_from)" % (
            item['number'], holder['name'], state['name'] if state else item['name'], holder['name'], item['name']),
        after=state, details={'kind': 'already_exists', 'code': 'number_held', 'holder': holder})


def plan_current(item, current, force):
    """The plan from what the current API showed: current = {phone, record, old, old_record, holder}."""
    phone = current['phone']
    if item['state'] == 'absent':
        if phone is None:
            return Plan(before=None, after=None)
        before = dict(phone, skills=known_skills(current['record'], phone))
        if item['number'] is not None and item['number'] != phone['number']:
            raise ItemFailure(
                "phone %s holds number %s, not %s, so it was not deleted: give its number, or omit number to delete it "
                "whatever it holds" % (phone['name'], phone['number'], item['number']), after=before)
        return Plan(before=before, after=None, steps=[Step('delete', delete_body(phone))])
    # The phone to edit: the one with the name, else the one to rename (rename_from), else none (create).
    if phone is not None:
        source, record, rename = phone, current['record'], False
    else:
        source, record, rename = current['old'], current.get('old_record'), True
    known = known_skills(record, source) if source is not None else None
    if current['holder'] is not None:
        raise held_by(item, current['holder'], None if source is None else dict(source, skills=known))
    if source is not None:
        return converge(item, source, known, rename, force, complete=(record or {}).get('skills_complete', True))
    return create_plan(item)


def plan_legacy(item, current, force):
    """The plan from the store alone (the legacy API cannot read): current = {record, old_record}."""
    record = current['record']
    if item['state'] == 'absent':
        if record is not None:
            return Plan(before=record, after=None, steps=[Step('delete', delete_body(record))])
        if item['number'] is None:
            raise ItemFailure('api_flavor=legacy cannot delete phone %s: there is no record of its number and the '
                              'legacy API cannot read phones; give number' % item['name'])
        guess = {'name': item['name'], 'number': item['number'], 'skills': None}
        return Plan(before=guess, after=None, uncertain=True, steps=[Step('delete', delete_body(guess))])
    source = record or current['old_record']
    if source is None:
        return create_plan(item, uncertain=True)
    plan = converge(item, source, source['skills'], record is None, force, complete=source.get('skills_complete', True))
    if force and not plan.steps:
        body = edit_body(source, source['name'], item['number'], item['skills'] or [])
        plan = Plan(before=plan.before, after=plan.after, steps=[Step('edit', body)], uncertain=True)
    return plan


def adoption_plan(item):
    """Legacy create answered "already exist": adopt the phone by an edit to the same number."""
    phone = {'name': item['name'], 'number': item['number']}
    body = edit_body(phone, item['name'], item['number'], item['skills'] or [])
    after = dict(phone, skills=item['skills'])
    if item['skills'] is not None:
        after['skills_complete'] = False   # the phone existed: skills it held before stay beside these
    return Plan(before=None, after=after, steps=[Step('edit', body)], uncertain=skills_uncertain(item, after))
