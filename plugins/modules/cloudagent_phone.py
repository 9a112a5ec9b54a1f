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
extends_documentation_fragment: [ozonetel.cloudagent.connection, ozonetel.cloudagent.ledger, ozonetel.cloudagent.bulk]
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
  - "Concurrent runs (forks, loops, playbooks, AWX jobs sharing a Redis O(ledger)): each phone is written under the
    known-state store's lock on its name (and on O(rename_from)); a run that finds, under the lock, that another run
    changed the phone's record reads and plans again, and reports the phone unchanged when that run already made it
    as asked. A store that cannot be written fails the task before any request."
  - "O(api_flavor=legacy): the legacy API has no read. The module trusts the store only: a phone whose record matches
    is left alone (no request at all); a phone without a record is created, and when the API answers that the name or
    number already exists, the phone is adopted by an edit to the same number (assigning O(skills)) and recorded.
    Changes made outside these modules are invisible; use O(force). Deleting a phone without a record needs O(number).
    Check mode predicts from the store alone."
  - Removing skills from a phone without a record is impossible (the API cannot say which it has). Skills assigned to
    such a phone are reported RV(phone.uncertain) with a warning, and recorded as not confirmed, until the skills the
    admin UI shows are recorded with M(ozonetel.cloudagent.cloudagent_ledger).
author:
  - ozonetel.cloudagent contributors (@ozonetel)
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
      description:
        - Whether the write that failed took effect - V(true), V(false), or null when nobody can know (its answer was
          lost and no read-back could tell; it was not resent).
      type: bool
      returned: when this phone failed
    uncertain:
      description:
        - In check mode, true when the prediction is a guess - the known-state store has no record of this phone and
          the API cannot read skills (with V(api_flavor=legacy) nothing at all), so a change is predicted.
        - In check mode and in a real run, true when O(skills) is given and the phone's skills are not confirmed - it
          existed before this collection recorded its skills (made in the CloudAgent UI, or a record without skills),
          so skills it held before stay beside the ones assigned, and no request can read them. A warning says so and
          how to end it - record the skills the admin UI shows with M(ozonetel.cloudagent.cloudagent_ledger) (the next
          run then removes those not in O(skills)), or delete the phone and create it again. The item is not failed.
      type: bool
      returned: when the prediction cannot be sure, or the skills are not confirmed
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
applied:
  description: The single form's failure repeats RV(phone.applied) here.
  returned: when the single form (O(name)) failed
  type: bool
http_status:
  description: The single form's failure repeats this field of RV(phone.error) here (null when no HTTP answer came).
  returned: when the single form failed on a request
  type: int
kind:
  description: The single form's failure repeats this field of RV(phone.error) here (the classified outcome).
  returned: when the single form failed on a request or a conflict
  type: str
code:
  description: The single form's failure repeats this field of RV(phone.error) here (the documented row).
  returned: when the single form failed on a request or a conflict
  type: str
endpoint:
  description: The single form's failure repeats this field of RV(phone.error) here.
  returned: when the single form failed on a request
  type: str
response:
  description: The single form's failure repeats this field of RV(phone.error) here (secrets removed).
  returned: when the single form failed on a request
  type: raw
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


from ansible_collections.ozonetel.cloudagent.plugins.module_utils import engine, item_specs, phone as api
from ansible_collections.ozonetel.cloudagent.plugins.module_utils.errors import CloudAgentError
from ansible_collections.ozonetel.cloudagent.plugins.module_utils.ledger import LedgerError
from ansible_collections.ozonetel.cloudagent.plugins.module_utils.validate import name_key

LEGACY_CHECK_WARNING = ('api_flavor=legacy: check mode predicts from the known-state store only (the legacy API '
                        'cannot read phones)')


class PhoneResource(engine.Resource):
    """Current flavor: /ca_apis/PhoneManageV2 with reads. Planning is phone.plan_current's."""

    kind = api.KIND
    singular = 'phone'
    plural = 'phones'
    endpoints = {'create': 'phone_create', 'edit': 'phone_edit', 'delete': 'phone_delete'}

    def __init__(self, state, force):
        self.default_state = state
        self.force = force

    def validate(self, item, path, problems):
        return api.canonical_item(item, path, problems, self.default_state)

    def claims(self, item):
        return api.claims(item)

    def identity(self, item):
        return item['key']

    def label(self, item):
        return item['name']

    def show(self, item, state):
        return None if state is None else api.view(item['name'], state)

    def absent(self, item):
        return api.view(item['name'], None)

    def lock_identities(self, item):
        return [item['key']] + ([name_key(item['rename_from'])] if item['rename_from'] else [])

    def to_record(self, item, state):
        return api.records(item, state)

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

    def plan(self, ctx, item, current):
        return api.plan_current(item, current, self.force)

    def _write(self, ctx, item, step, allow=()):
        operation = '%s phone %s' % (step.verb, item['name'])
        return ctx.client.call(self.endpoints[step.verb], step.body, operation=operation, allow=allow)

    def _apply_write(self, ctx, item, plan):
        step = plan.steps[0]
        try:
            response = self._write(ctx, item, step, allow=('not_found',) if step.verb == 'delete' else ())
        except CloudAgentError as exc:
            if exc.applied is not None:
                raise
            return self._resolve(ctx, item, plan, exc)
        self._confirm(ctx, item, plan, step, skills_applied=response.code != 'skills_rejected')
        if response.code == 'skills_rejected':
            raise engine.ItemFailure(
                "phone %s was written but the API rejected skills (tried to assign: %s): %s; skills are recorded as "
                "unknown, so the next run sends them again" % (item['name'], step.skills_sent, response.message),
                after=dict(plan.after, skills=None), changed=True, details={'code': response.code, 'response': response.body})
        return engine.Applied(after=plan.after, changed=response.kind != 'not_found')

    def _confirm(self, ctx, item, plan, step, skills_applied=True):
        """After a create, rename or renumber, a get must show it (phone.read_back); else fail with what it shows,
        which is all the engine then records (phone.records)."""
        if not api.changes_identity(step.verb, step.body):
            return
        try:
            check = api.read_back(ctx.client, step.verb, step.body, plan.before, plan.after, skills_applied)
        except CloudAgentError as exc:
            raise engine.ItemFailure('%s phone %s was answered success, but reading it back failed: %s; nothing was '
                                     'recorded, so the next run reads it again' % (step.verb, item['name'], exc),
                                     changed=True, details=exc.to_result()) from None
        if check is not None:
            held, message = check
            raise engine.ItemFailure(message, after=held, changed=True,
                                     details={'kind': 'unexpected', 'code': 'not_confirmed', 'server': held})

    def apply(self, ctx, item, plan):
        try:
            return self._honest(ctx, item, self._apply_write(ctx, item, plan))
        except CloudAgentError as exc:
            if exc.code != 'phone_exists':
                raise
            raise self._conflict(ctx, item, plan, exc) from None

    @staticmethod
    def _honest(ctx, item, applied):
        """Skills assigned to a phone whose skills were unknown are not confirmed: the item says uncertain, and why."""
        if api.skills_uncertain(item, applied.after):
            ctx.warn(api.skills_warning(item, applied.after))
            applied.uncertain = True
        return applied

    def _conflict(self, ctx, item, plan, error):
        """The API refused the create or edit: "phone_name or phone_number already exist". Say who holds what."""
        source = plan.before
        try:
            holder = api.get_phone(ctx.client, number=item['number'])
        except CloudAgentError as exc:
            return engine.ItemFailure('%s; reading which phone holds number %s also failed: %s'
                                      % (error, item['number'], exc), details=error.to_result())
        if holder is not None and (source is None or name_key(holder['name']) != name_key(source['name'])):
            return api.held_by(item, holder, source)
        return engine.ItemFailure('%s; no other phone holds number %s, so the name %s was taken meanwhile'
                                  % (error, item['number'], item['name']), details=error.to_result())

    def _resolve(self, ctx, item, plan, error):
        """A write whose answer was lost: read the phone again instead of resending."""
        try:
            found = api.get_phone(ctx.client, name=item['name'])
        except CloudAgentError as exc:
            raise engine.ItemFailure(error.resolved('the request may have been applied, so it was not resent; reading the '
                                                    'phone back to learn whether it was applied also failed: %s' % exc),
                                     applied=None, details=error.to_result()) from None
        step, wanted = plan.steps[0], plan.after
        applied = found is None if wanted is None else (found is not None and found['number'] == wanted['number'])
        if not applied:
            raise engine.ItemFailure(error.resolved('a read shows it was not applied'), applied=False,
                                     details=error.to_result())
        if wanted is not None:
            wanted = dict(wanted, name=found['name'], skills=None if step.carries_skills else wanted['skills'])
        ctx.warn('phone %s: the answer to the %s was lost; a read shows it applied%s' % (
            item['name'], step.verb, '' if wanted is None or wanted['skills'] is not None else
            ' (skills recorded as unknown: the next run sends them again)'))
        return engine.Applied(after=wanted, changed=True)


class LegacyPhoneResource(PhoneResource):
    """Legacy flavor: /CAServices/PhoneManageV2.php, no read; the known-state store is the only source."""

    endpoints = {'create': 'legacy_phone_create', 'edit': 'legacy_phone_edit', 'delete': 'legacy_phone_delete'}

    def __init__(self, state, force):
        super().__init__(state, force)
        self._gone = {}   # identity -> the phone a delete of this run removed (its tombstone, see to_record)

    def _confirm(self, ctx, item, plan, step, skills_applied=True):
        """The legacy API cannot read: nothing to confirm against."""

    def to_record(self, item, state):
        """A confirmed delete (or "no such phone") leaves a tombstone: the legacy API cannot read, so without it a
        rerun would delete again and depend on how the server words a missing phone."""
        gone = self._gone.pop(item['key'], None) if state is None else None
        if gone is not None:
            return {item['key']: {'desired': api.tombstone_fields(gone)}}
        return super().to_record(item, state)

    def read(self, ctx, item):
        current = {'record': api.recorded_phone(ctx.ledger, ctx.key(item['key'])), 'old_record': None,
                   'tombstone': api.tombstone(ctx.ledger, ctx.key(item['key']))}
        if current['record'] is None and item['rename_from']:
            current['old_record'] = api.recorded_phone(ctx.ledger, ctx.key(name_key(item['rename_from'])))
        return current

    def plan(self, ctx, item, current):
        if ctx.check_mode:
            ctx.warn(LEGACY_CHECK_WARNING)
        if api.deleted_before(item, current['record'], current['tombstone']):
            return engine.Plan(before=None, after=None)   # a confirmed delete: nothing to send
        return api.plan_legacy(item, current, self.force)

    def apply(self, ctx, item, plan):
        if plan.steps[0].verb == 'delete':
            self._gone[item['key']] = plan.before
        try:
            return self._honest(ctx, item, self._apply_write(ctx, item, plan))
        except CloudAgentError as exc:
            if plan.steps[0].verb != 'create' or exc.code != 'phone_exists':
                raise
        adopt = api.adoption_plan(item)
        try:
            applied = self._apply_write(ctx, item, adopt)
        except CloudAgentError as exc:
            if exc.code != 'no_record':
                raise
            raise engine.ItemFailure(
                'create phone %s: phone_name or phone_number already exist, but no phone named %s holds number %s (the '
                'legacy API cannot tell which phone holds them; use api_flavor=current to find out)'
                % (item['name'], item['name'], item['number']), changed=False) from None
        return self._honest(ctx, item, engine.Applied(after=applied.after, changed=bool(item['skills'])))

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


def resource_for(params):
    flavor = LegacyPhoneResource if params['api_flavor'] == 'legacy' else PhoneResource
    return flavor(params['state'], params['force'])


def main():
    engine.main(item_specs.PHONE, resource_for)


if __name__ == '__main__':
    main()
