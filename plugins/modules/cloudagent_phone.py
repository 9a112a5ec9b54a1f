#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
module: cloudagent_phone
short_description: Manage CloudAgent phone numbers (one phone or many in one task)
version_added: 0.1.0
description:
  - Creates, renumbers, renames and deletes phone numbers of an Ozonetel CloudAgent account, and assigns their skills.
  - A phone is identified by its name, compared without regard to case as the API does. O(number) is the number it
    should have.
  - A number already held by another phone is a failure naming both phones; a number is never taken over silently.
    Renaming a phone happens only through O(rename_from).
  - The API cannot read skills back, so the skills last applied are kept in the known-state store (see O(ledger)) and
    only the difference is sent. Without a record the whole desired set is assigned and the task reports a change.
  - The bulk form O(phones) handles many phones in one task over one HTTP session, O(parallel) requests at a time.
    Every item is attempted; if any fails, the task fails at the end listing each failed item and its reason, and
    still reports what changed.
author:
  - ozonetel.cloudagent contributors (@ozonetel)
extends_documentation_fragment:
  - ozonetel.cloudagent.connection
  - ozonetel.cloudagent.ledger
  - ozonetel.cloudagent.bulk
attributes:
  check_mode:
    support: full
    description:
      - Check mode only reads (phones from the API, skills from the store) and returns the predicted phone(s).
      - With O(api_flavor=legacy) the prediction comes from the store alone, and a warning says so.
  diff_mode:
    support: full
    description:
      - The diff shows each phone before and after (name, number, skills, state); the bulk form gives a list with one
        diff per phone that changes or fails.
options:
  name:
    description:
      - The phone's name (C(phoneName)), 2 to 50 letters, digits and C(+ . @ _ -), not starting or ending with a special
        character. Compared without regard to case.
      - Exactly one of O(name) and O(phones) is required.
    type: str
  number:
    description:
      - The number the phone should have, digits with an optional leading C(+), 3 to 17 digits. Spaces, C(-), C(.) and
        parentheses are removed.
      - Required when O(state=present).
    type: str
  skills:
    description:
      - The skill names the phone should have. Omitted leaves skills alone; V([]) means no skills.
      - Only the difference with the skills last applied (from the store) is sent. Unknown skill names are
        rejected by the API after the phone itself was written; the task then fails naming the skills it tried.
    type: list
    elements: str
  state:
    description:
      - V(present) creates or edits the phone; V(absent) deletes it.
      - In the bulk form, the default for items that give no O(phones[].state).
    type: str
    choices: [present, absent]
    default: present
  rename_from:
    description:
      - The phone's current name when it should be renamed to O(name). If a phone named O(rename_from) exists and none
        named O(name) does, it is edited to the new name and O(number). If O(name) already exists, the rename is
        considered done and only number and skills are converged. If neither exists, the phone is created.
      - Not allowed with O(state=absent).
    type: str
  phones:
    description:
      - The bulk form, instead of O(name), O(number), O(skills) and O(rename_from). Names and the numbers of
        V(present) items must be unique within the list (checked before any request).
    type: list
    elements: dict
    suboptions:
      name:
        description: As O(name).
        type: str
        required: true
      number:
        description: As O(number).
        type: str
      skills:
        description: As O(skills).
        type: list
        elements: str
      state:
        description: As O(state); defaults to O(state).
        type: str
        choices: [present, absent]
      rename_from:
        description: As O(rename_from).
        type: str
  api_flavor:
    description:
      - V(current) uses C(/ca_apis/PhoneManageV2), which can read phones.
      - V(legacy) uses the deprecated C(/CAServices/PhoneManageV2.php) query-string API, which cannot read phones. See
        the notes for what idempotence and check mode can promise then.
    type: str
    choices: [current, legacy]
    default: current
  force:
    description:
      - Ignore the skills recorded in the store and assign the whole O(skills) set again (after skills were changed in
        the CloudAgent UI). With O(api_flavor=legacy) every phone is also written again.
    type: bool
    default: false
seealso:
  - module: ozonetel.cloudagent.cloudagent_phone_info
  - module: ozonetel.cloudagent.cloudagent_ledger
notes:
  - "Reads: one C(get) by name per phone, and with O(rename_from) one more for the old name. An unchanged phone costs
    no write; a new phone one read and one write, the fewest the API allows."
  - "The API refuses a create or edit to a number another phone holds (C(phone_name or phone_number already exist));
    the module then reads which phone holds it and fails naming both. Check mode reads that holder up front (a
    C(get) by number for each phone that would get a new number) so the prediction shows the conflict."
  - A write whose answer was lost is never resent; the phone is read again to learn whether it was applied.
  - "O(api_flavor=legacy): the legacy API has no read. The module trusts the store only: a phone whose record matches
    is left alone (no request at all); a phone without a record is created, and when the API answers that the name or
    number already exists, the phone is adopted by an edit to the same number (assigning O(skills)) and recorded.
    Changes made outside these modules are invisible; use O(force). Deleting a phone without a record needs O(number).
    Check mode predicts from the store alone."
  - Removing skills from a phone without a record is impossible (the API cannot say which it has); the module warns.
'''

EXAMPLES = r'''
- name: One phone with two skills
  ozonetel.cloudagent.cloudagent_phone:
    username: demo_user
    api_key: "{{ vault_cloudagent_api_key }}"
    name: desk-101
    number: "+919876543210"
    skills: [General, Sales]

- name: Many phones in one task, connection options from module_defaults
  module_defaults:
    group/ozonetel.cloudagent.cloudagent:
      username: demo_user
      api_key: "{{ vault_cloudagent_api_key }}"
  block:
    - name: Phones of the support floor
      ozonetel.cloudagent.cloudagent_phone:
        parallel: 8
        phones:
          - {name: desk-201, number: "9876500201", skills: [Support]}
          - {name: desk-202, number: "9876500202", skills: [Support, Billing]}
          - {name: desk-299, state: absent}

    - name: Rename a phone and give it a new number
      ozonetel.cloudagent.cloudagent_phone:
        name: desk-301
        rename_from: desk-201
        number: "9876500301"

    - name: Delete a phone
      ozonetel.cloudagent.cloudagent_phone:
        name: desk-202
        state: absent
'''

RETURN = r'''
phone:
  description: The phone after the task (in check mode, as predicted). Returned by the single form.
  returned: when O(name) is given
  type: dict
  contains:
    name:
      description: The phone's name as the server holds it.
      type: str
      sample: desk-101
    number:
      description: The phone's number; null when absent.
      type: str
      sample: "+919876543210"
    skills:
      description: The skills last applied (from the store); null when unknown or absent.
      type: list
      elements: str
      sample: [General, Sales]
    state:
      description: V(present) or V(absent).
      type: str
      sample: present
    changed:
      description: Whether this phone was (or in check mode would be) changed.
      type: bool
    failed:
      description: Present and true when this phone failed.
      type: bool
    msg:
      description: Why this phone failed.
      type: str
    applied:
      description: V(unknown) when a write's answer was lost and the phone could not be read back to find out.
      type: str
      returned: when a write's outcome is unknown
    uncertain:
      description:
        - Check mode only, true when the prediction is a guess - the known-state store has no record of this phone and
          the API cannot read skills (with V(api_flavor=legacy) nothing at all), so a change is predicted.
      type: bool
      returned: in check mode, when the prediction cannot be sure
    error:
      description:
        - Why this phone failed, as structured fields - the C(http_status), classified C(kind), C(code), C(endpoint)
          and C(response) (secrets removed) of the request that failed, or the C(kind) and C(code) of a conflict the
          module found itself.
      type: dict
      returned: when this phone failed
      sample: {http_status: 200, kind: invalid_input, code: phone_limit, endpoint: POST /ca_apis/PhoneManageV2}
  sample: {name: desk-101, number: "+919876543210", skills: [General, Sales], state: present, changed: true}
phones:
  description: One entry per item of O(phones), in order, each shaped like RV(phone).
  returned: when O(phones) is given
  type: list
  elements: dict
  sample: [{name: desk-201, number: "9876500201", skills: [Support], state: present, changed: false}]
api_requests:
  description: How many HTTP requests the task made, by kind.
  returned: when a request was made
  type: dict
  sample: {read: 2, write: 1, token: 0}
failed_items:
  description: The names of the phones that failed.
  returned: on failure
  type: list
  elements: str
  sample: [desk-202]
'''


from ansible_collections.ozonetel.cloudagent.plugins.module_utils import engine, phone as api
from ansible_collections.ozonetel.cloudagent.plugins.module_utils.errors import CloudAgentError
from ansible_collections.ozonetel.cloudagent.plugins.module_utils.ledger import LedgerError
from ansible_collections.ozonetel.cloudagent.plugins.module_utils.module import CloudAgentModule
from ansible_collections.ozonetel.cloudagent.plugins.module_utils.validate import (
    name_key, phone_name, phone_number, skill_set)

ITEM_OPTIONS = {
    'name': {'type': 'str', 'required': True},
    'number': {'type': 'str'},
    'skills': {'type': 'list', 'elements': 'str'},
    'state': {'type': 'str', 'choices': ['present', 'absent']},
    'rename_from': {'type': 'str'},
}
OWN_OPTIONS = {
    'name': {'type': 'str'},
    'number': {'type': 'str'},
    'skills': {'type': 'list', 'elements': 'str'},
    'state': {'type': 'str', 'choices': ['present', 'absent'], 'default': 'present'},
    'rename_from': {'type': 'str'},
    'phones': {'type': 'list', 'elements': 'dict', 'options': ITEM_OPTIONS},
    'api_flavor': {'type': 'str', 'choices': ['current', 'legacy'], 'default': 'current'},
    'force': {'type': 'bool', 'default': False},
}
LEGACY_CHECK_WARNING = ('api_flavor=legacy: check mode predicts from the known-state store only (the legacy API '
                        'cannot read phones)')


class PhoneResource(engine.Resource):
    """Current flavor: /ca_apis/PhoneManageV2 with reads."""

    kind = api.KIND
    singular = 'phone'
    plural = 'phones'
    endpoints = {'create': 'phone_create', 'edit': 'phone_edit', 'delete': 'phone_delete'}

    def __init__(self, state, force):
        self.default_state = state
        self.force = force
        self._numbers = {}
        self._renames = {}
        self._names = {}

    # ---- validation ---------------------------------------------------------------------------

    def validate(self, item, path, problems):
        def where(field):
            return '%s.%s' % (path, field) if path else field
        before = len(problems.messages)
        state = item.get('state') or self.default_state
        name = problems.check(phone_name, item.get('name'), where('name'))
        number = item.get('number')
        if number is None and state == 'present':
            problems.add(where('number'), 'is required when state is present')
        elif number is not None:
            number = problems.check(phone_number, number, where('number'))
        skills = item.get('skills')
        if skills is not None and state == 'absent':
            problems.add(where('skills'), 'cannot be used with state absent (deleting a phone removes its skills)')
        elif skills is not None:
            skills = problems.check(skill_set, skills, where('skills'))
        rename_from = item.get('rename_from')
        if rename_from is not None:
            if state == 'absent':
                problems.add(where('rename_from'), 'cannot be used with state absent (delete the phone by its name)')
            rename_from = problems.check(phone_name, rename_from, where('rename_from'))
        if len(problems.messages) > before or name is None:
            return None
        key = name_key(name)
        if rename_from is not None and name_key(rename_from) == key:
            rename_from = None
        if not self._unique(path, where, key, number if state == 'present' else None, rename_from, problems):
            return None
        return {'name': name, 'key': key, 'number': number, 'skills': skills, 'state': state,
                'rename_from': rename_from}

    def _unique(self, path, where, key, number, rename_from, problems):
        """Numbers of present items and the names involved in renames must be unique within one list."""
        ok = True
        if number is not None:
            if number in self._numbers:
                problems.add(where('number'), "'%s' is also the number of %s" % (number, self._numbers[number]))
                ok = False
            self._numbers.setdefault(number, path or 'name')
        if rename_from is not None:
            old = name_key(rename_from)
            other = self._renames.get(old) or self._names.get(old)
            if other:
                problems.add(where('rename_from'), "'%s' is also named by %s" % (rename_from, other))
                ok = False
            self._renames.setdefault(old, where('rename_from'))
        if key in self._renames:
            problems.add(where('name'), "is also the rename_from of %s" % self._renames[key])
            ok = False
        self._names.setdefault(key, where('name'))
        return ok

    def identity(self, item):
        return item['key']

    def label(self, item):
        return item['name']

    def show(self, item, state):
        return None if state is None else api.view(item['name'], state)

    def absent(self, item):
        return api.view(item['name'], None)

    # ---- shared plumbing ------------------------------------------------------------------------

    def _record(self, ctx, item, after, old=None):
        """Record what the server confirmed; a failing store fails the item, still reported as changed."""
        def write():
            if old is not None and name_key(old['name']) != item['key']:
                ctx.ledger.delete(ctx.key(name_key(old['name'])))
            if after is None:
                ctx.ledger.delete(ctx.key(item['key']))
            else:
                api.record_phone(ctx.ledger, ctx.key(item['key']), after)
        ctx.record(write, after, 'phone %s' % item['name'])

    @staticmethod
    def _delta(desired, known, force):
        """(assign, unassign, skills after, uncertain) for the desired skills against what is known."""
        if desired is None:
            return [], [], known, False
        if known is None:
            return list(desired), [], list(desired) if desired else None, bool(desired)
        assign = list(desired) if force else sorted(set(desired) - set(known))
        return assign, sorted(set(known) - set(desired)), list(desired), False

    def _converge(self, ctx, item, source, known, rename):
        """The plan editing `source` (the server's phone) into the item, or no write when it already is."""
        assign, unassign, skills, uncertain = self._delta(item['skills'], known, self.force)
        if item['skills'] == [] and known is None:
            ctx.warn("phone %s: skills [] cannot remove skills of a phone without a record (the API cannot "
                     "read them); adopt a record with cloudagent_ledger" % item['name'])
        name = item['name'] if rename else source['name']
        before = dict(source, skills=known)
        after = {'name': name, 'number': item['number'], 'skills': skills}
        if not rename and source['number'] == item['number'] and not assign and not unassign:
            return engine.Plan(before=before, after=before)
        body = api.edit_body(source, name, item['number'], assign, unassign)
        return engine.Plan(before=before, after=after, steps=[('edit', body, source if rename else None)],
                           uncertain=uncertain)

    def _write(self, ctx, item, verb, body, allow=()):
        operation = '%s phone %s' % (verb, item['name'])
        return ctx.client.call(self.endpoints[verb], body, operation=operation, allow=allow)

    def _skills_rejected(self, ctx, item, plan, response, old):
        after = dict(plan.after, skills=None)
        self._record(ctx, item, after, old)
        tried = plan.steps[0][1].get('skill') or plan.steps[0][1].get('assignSkill') or ''
        raise engine.ItemFailure(
            "phone %s was written but the API rejected skills (tried to assign: %s): %s; skills are recorded as "
            "unknown, so the next run sends them again" % (item['name'], tried.replace(',', ', '), response.message),
            after=after, changed=True, details={'code': response.code, 'response': response.body})

    def _apply_write(self, ctx, item, plan):
        verb, body, old = plan.steps[0]
        try:
            response = self._write(ctx, item, verb, body, allow=('not_found',) if verb == 'delete' else ())
        except CloudAgentError as exc:
            if exc.applied is not None:
                raise
            return self._resolve(ctx, item, plan, exc)
        self._confirm(ctx, item, plan, verb, body, skills_applied=response.code != 'skills_rejected')
        if response.code == 'skills_rejected':
            self._skills_rejected(ctx, item, plan, response, old)
        self._record(ctx, item, plan.after, old)
        return engine.Applied(after=plan.after, changed=response.kind != 'not_found')

    def _confirm(self, ctx, item, plan, verb, body, skills_applied=True):
        """After a create, rename or renumber, a get must show it (phone.read_back); else record what it shows, fail."""
        if not api.changes_identity(verb, body):
            return
        try:
            check = api.read_back(ctx.client, verb, body, plan.before, plan.after, skills_applied)
        except CloudAgentError as exc:
            raise engine.ItemFailure('%s phone %s was answered success, but reading it back failed: %s; nothing was '
                                     'recorded, so the next run reads it again' % (verb, item['name'], exc),
                                     changed=True, details=exc.to_result()) from None
        if check is None:
            return
        held, message = check

        def write():
            ctx.ledger.delete(ctx.key(item['key']))
            if held is not None:
                api.record_phone(ctx.ledger, ctx.key(name_key(held['name'])), held)
        ctx.record(write, held, 'what phone %s reads back as' % item['name'])
        raise engine.ItemFailure(message, after=held, changed=True,
                                 details={'kind': 'unexpected', 'code': 'not_confirmed', 'server': held})

    # ---- the resource, current flavor -------------------------------------------------------

    def read(self, ctx, item):
        client, ledger = ctx.client, ctx.ledger
        current = {'phone': api.get_phone(client, name=item['name']), 'old': None, 'holder': None}
        current['record'] = api.recorded_phone(ledger, ctx.key(item['key']))
        if item['state'] == 'absent':
            return current
        if current['phone'] is None and item['rename_from']:
            current['old'] = api.get_phone(client, name=item['rename_from'])
            if current['old'] is not None:
                current['old_record'] = api.recorded_phone(ledger, ctx.key(name_key(item['rename_from'])))
        moving = all(p is None or p['number'] != item['number'] for p in (current['phone'], current['old']))
        if moving and ctx.check_mode:
            # Only a prediction needs this read: a real create or edit is rejected by the API when another
            # phone holds the number, and the holder is read then (_conflict), saving a read per new phone.
            current['holder'] = api.get_phone(client, number=item['number'])
        return current

    @staticmethod
    def _known(record, phone):
        """Recorded skills, trusted only while the record describes the phone the server holds."""
        if record is None or record['number'] != phone['number']:
            return None
        return record['skills']

    def plan(self, ctx, item, current):
        phone = current['phone']
        if item['state'] == 'absent':
            if phone is None:
                return engine.Plan(before=None, after=None)
            before = dict(phone, skills=self._known(current['record'], phone))
            if item['number'] is not None and item['number'] != phone['number']:
                raise engine.ItemFailure(
                    "phone %s holds number %s, not %s, so it was not deleted: give its number, or omit number to "
                    "delete it whatever it holds" % (phone['name'], phone['number'], item['number']), after=before)
            return engine.Plan(before=before, after=None, steps=[('delete', api.delete_body(phone), None)])
        # The phone to edit: the one with the name, else the one to rename (rename_from), else none (create).
        if phone is not None:
            source, record, rename = phone, current['record'], False
        else:
            source, record, rename = current['old'], current.get('old_record'), True
        known = self._known(record, source) if source is not None else None
        if current['holder'] is not None:
            raise self._held_by(item, current['holder'], None if source is None else dict(source, skills=known))
        if source is not None:
            return self._converge(ctx, item, source, known, rename)
        skills = item['skills'] or []
        after = {'name': item['name'], 'number': item['number'], 'skills': list(skills)}
        return engine.Plan(before=None, after=after,
                           steps=[('create', api.create_body(item['name'], item['number'], skills), None)])

    @staticmethod
    def _held_by(item, holder, state):
        """The failure for a number another phone holds; state is the phone as it stays (None: not created)."""
        return engine.ItemFailure(
            "number %s is already held by phone '%s', so phone '%s' cannot have it: numbers are never taken over; "
            "renumber or delete '%s' first (or rename it to '%s' with rename_from)" % (
                item['number'], holder['name'], state['name'] if state else item['name'], holder['name'],
                item['name']), after=state, details={'kind': 'already_exists', 'code': 'number_held', 'holder': holder})

    def apply(self, ctx, item, plan):
        try:
            return self._apply_write(ctx, item, plan)
        except CloudAgentError as exc:
            if exc.code != 'phone_exists':
                raise
            raise self._conflict(ctx, item, plan, exc) from None

    def _conflict(self, ctx, item, plan, error):
        """The API refused the create or edit: "phone_name or phone_number already exist". Say who holds what."""
        source = plan.before
        try:
            holder = api.get_phone(ctx.client, number=item['number'])
        except CloudAgentError as exc:
            return engine.ItemFailure('%s; reading which phone holds number %s also failed: %s'
                                      % (error, item['number'], exc), details=error.to_result())
        if holder is not None and (source is None or name_key(holder['name']) != name_key(source['name'])):
            return self._held_by(item, holder, source)
        return engine.ItemFailure('%s; no other phone holds number %s, so the name %s was taken meanwhile'
                                  % (error, item['number'], item['name']), details=error.to_result())

    def _resolve(self, ctx, item, plan, error):
        """A write whose answer was lost: read the phone again instead of resending."""
        try:
            found = api.get_phone(ctx.client, name=item['name'])
        except CloudAgentError as exc:
            raise engine.ItemFailure('%s; reading the phone back to learn whether it was applied also failed: %s'
                                     % (error, exc), changed=False, details=error.to_result()) from None
        verb, body, old = plan.steps[0]
        wanted = plan.after
        applied = found is None if wanted is None else (found is not None and found['number'] == wanted['number'])
        if not applied:
            raise engine.ItemFailure('%s; a read shows it was not applied' % error, changed=False,
                                     details=error.to_result())
        if wanted is not None and any(k in body for k in ('skill', 'assignSkill', 'unAssignSkill')):
            wanted = dict(wanted, skills=None)
        if wanted is not None:
            wanted = dict(wanted, name=found['name'])
        ctx.warn('phone %s: the answer to the %s was lost; a read shows it applied%s' % (
            item['name'], verb, '' if wanted is None or wanted['skills'] is not None else
            ' (skills recorded as unknown: the next run sends them again)'))
        self._record(ctx, item, wanted, old)
        return engine.Applied(after=wanted, changed=True)


class LegacyPhoneResource(PhoneResource):
    """Legacy flavor: /CAServices/PhoneManageV2.php, no read; the known-state store is the only source."""

    endpoints = {'create': 'legacy_phone_create', 'edit': 'legacy_phone_edit', 'delete': 'legacy_phone_delete'}

    def _confirm(self, ctx, item, plan, verb, body, skills_applied=True):
        """The legacy API cannot read: nothing to confirm against."""

    def _apply_write(self, ctx, item, plan):
        """A confirmed delete (or "no such phone") leaves a tombstone: the legacy API cannot read, so without it a
        rerun would delete again and depend on how the server words a missing phone."""
        applied = super()._apply_write(ctx, item, plan)
        if plan.steps[0][0] == 'delete':
            gone = plan.before
            ctx.record(lambda: api.record_tombstone(ctx.ledger, ctx.key(item['key']), gone), None,
                       'phone %s' % item['name'])
        return applied

    def read(self, ctx, item):
        ledger = ctx.ledger
        current = {'record': api.recorded_phone(ledger, ctx.key(item['key'])), 'old_record': None,
                   'tombstone': api.tombstone(ledger, ctx.key(item['key']))}
        if current['record'] is None and item['rename_from']:
            current['old_record'] = api.recorded_phone(ledger, ctx.key(name_key(item['rename_from'])))
        return current

    def plan(self, ctx, item, current):
        if ctx.check_mode:
            ctx.warn(LEGACY_CHECK_WARNING)
        record = current['record']
        if api.deleted_before(item, record, current['tombstone']):
            return engine.Plan(before=None, after=None)   # a confirmed delete: nothing to send
        if item['state'] == 'absent':
            if record is not None:
                return engine.Plan(before=record, after=None, steps=[('delete', api.delete_body(record), None)])
            if item['number'] is None:
                raise engine.ItemFailure(
                    'api_flavor=legacy cannot delete phone %s: there is no record of its number and the legacy API '
                    'cannot read phones; give number' % item['name'])
            guess = {'name': item['name'], 'number': item['number'], 'skills': None}
            return engine.Plan(before=guess, after=None, uncertain=True,
                               steps=[('delete', api.delete_body(guess), None)])
        source = record or current['old_record']
        if source is not None:
            plan = self._converge(ctx, item, source, source['skills'], record is None)
            if self.force and not plan.steps:
                body = api.edit_body(source, source['name'], item['number'], item['skills'] or [])
                plan = engine.Plan(before=plan.before, after=plan.after, steps=[('edit', body, None)], uncertain=True)
            return plan
        skills = item['skills'] or []
        after = {'name': item['name'], 'number': item['number'], 'skills': list(skills)}
        return engine.Plan(before=None, after=after, uncertain=True,
                           steps=[('create', api.create_body(item['name'], item['number'], skills), None)])

    def apply(self, ctx, item, plan):
        verb = plan.steps[0][0]
        try:
            return self._apply_write(ctx, item, plan)
        except CloudAgentError as exc:
            if verb != 'create' or exc.code != 'phone_exists':
                raise
        return self._adopt(ctx, item, plan)

    def _adopt(self, ctx, item, plan):
        """Create answered "already exist": adopt the phone by an edit to the same number, then record it."""
        skills = item['skills']
        phone = {'name': item['name'], 'number': item['number']}
        body = api.edit_body(phone, item['name'], item['number'], skills or [])
        adopt = engine.Plan(before=None, after=dict(phone, skills=skills), steps=[('edit', body, None)])
        try:
            response = self._write(ctx, item, 'edit', body)
        except CloudAgentError as exc:
            if exc.code == 'no_record':
                raise engine.ItemFailure(
                    'create phone %s: phone_name or phone_number already exist, but no phone named %s holds number %s '
                    '(the legacy API cannot tell which phone holds them; use api_flavor=current to find out)'
                    % (item['name'], item['name'], item['number']), changed=False) from None
            if exc.applied is not None:
                raise
            return self._resolve(ctx, item, adopt, exc)
        if response.code == 'skills_rejected':
            self._skills_rejected(ctx, item, adopt, response, None)
        self._record(ctx, item, adopt.after)
        return engine.Applied(after=adopt.after, changed=bool(skills))

    def _resolve(self, ctx, item, plan, error):
        """No read exists: forget the record so the next run creates (adopting an existing phone), and fail."""
        try:
            ctx.ledger.delete(ctx.key(item['key']))
            forgotten = 'the record of phone %s was forgotten: the next run creates it again (adopting it if it ' \
                        'exists)' % item['name']
        except LedgerError as exc:
            forgotten = 'forgetting the record of phone %s also failed (%s): check the phone in CloudAgent and run ' \
                        'again with force' % (item['name'], exc)
        raise engine.ItemFailure('%s; the legacy API cannot read phones, so the request was not resent and %s'
                                 % (error, forgotten), changed=False, details=error.to_result())


def main():
    module = CloudAgentModule(
        argument_spec=engine.argument_spec(OWN_OPTIONS, ledger=True, bulk=True),
        mutually_exclusive=[('name', 'phones'), ('phones', 'number'), ('phones', 'skills'), ('phones', 'rename_from')],
        required_one_of=[('name', 'phones')],
        supports_check_mode=True,
    )
    params = module.params
    flavor = LegacyPhoneResource if params['api_flavor'] == 'legacy' else PhoneResource
    resource = flavor(params['state'], params['force'])
    if params['phones'] is not None:
        engine.run(module, resource, params['phones'], single=False, path='phones')
    item = {k: params[k] for k in ('name', 'number', 'skills', 'state', 'rename_from')}
    engine.run(module, resource, [item], single=True)


if __name__ == '__main__':
    main()
