#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
module: cloudagent_blocklist
short_description: Manage the numbers of CloudAgent block-number groups
version_added: 0.1.0
description:
  - Creates a block-number group and adds or removes its numbers, for one group (O(name)) or several
    (O(blocklists)) in one task.
  - Numbers are normalised the way the server stores them before any comparison (V(9876543210),
    V(09876543210), V(919876543210) and V(+91 98765-43210) are all V(+919876543210)); duplicates collapse.
    Invalid numbers are rejected before any request, all of them named in one message.
  - Writes are split into requests of at most 100 numbers (the API's limit), so a list of 5,000 numbers is one
    task. A new group is created with its first 100 numbers (C(createBlockNumber)); the rest, and later
    additions, go through C(updateBlockNumbers); removals through C(deleteBlockNumber).
  - The CloudAgent API cannot read a group or its members back. The module keeps what the server confirmed
    (group id, description, expiry and numbers) in the known-state store (the "ledger", kind C(blocklist),
    identity the lower-cased group name) and compares the next task with that record. A rerun with nothing
    to change makes no request at all. Edits made in the CloudAgent UI are invisible to the record; use
    O(force) after such edits.
  - The API cannot delete a whole group. Empty one with O(state=present), O(numbers=[]) and O(purge=true).
extends_documentation_fragment: [ozonetel.cloudagent.connection, ozonetel.cloudagent.ledger, ozonetel.cloudagent.bulk]
attributes:
  check_mode:
    support: full
    description:
      - Predicts from the ledger record; makes no request and writes nothing to the ledger.
      - Without a record the module cannot know the group's members and predicts a change.
  diff_mode:
    support: full
    description:
      - Shows description, expiry and the sorted numbers before and after, plus the added, removed and
        rejected numbers. The sorted list makes the diff of a large group show only the changed numbers.
options:
  name:
    description:
      - The block-number group's name, 2 to 50 characters. Compared without regard to case (see the notes).
      - Required unless O(blocklists) is given; mutually exclusive with it.
    type: str
  description:
    description:
      - The group's description, 2 to 50 characters.
      - Required when the ledger has no record of the group (the API requires it on create). When omitted,
        the recorded description is kept.
    type: str
  expiry:
    description:
      - Until when the numbers stay blocked, as V(YYYY-MM-DD HH:MM:SS) (the API's C(expiryDate)).
      - Required when the ledger has no record of the group. When omitted, the recorded expiry is kept.
    type: str
  numbers:
    description:
      - The numbers this task is about. As +<country code><number> (8 to 15 digits) or an Indian number as
        10 digits, V(0) + 10 digits or V(91) + 10 digits. Spaces, dashes, dots and brackets are ignored.
      - With O(state=present), the numbers that must be in the group; with O(state=absent), the numbers that
        must not be.
      - Omit with O(state=present) to change only O(description) or O(expiry).
    type: list
    elements: str
  state:
    description:
      - V(present) adds O(numbers) to the group, creating the group when needed.
      - V(absent) removes O(numbers) from the group. The group itself stays (the API cannot delete it), so
        O(numbers) must not be empty.
      - In the O(blocklists) form, the default for items that do not set their own.
    type: str
    choices: [present, absent]
    default: present
  purge:
    description:
      - With O(state=present), also remove the numbers recorded in the ledger for this group (added by these
        modules earlier) that are not in O(numbers).
      - Numbers added outside this collection are unknown and never removed.
      - In the O(blocklists) form, the default for items that do not set their own.
    type: bool
    default: false
  force:
    description:
      - Send the whole desired state even when the ledger record says nothing changed, for example after edits
        in the CloudAgent UI. With O(state=present) every listed number is re-sent with the description and
        expiry, and a confirmed re-send reports C(changed) (it applied them to every listed number again, which
        the API cannot tell apart from no change); with O(state=absent) every listed number is removed and the
        server's counters decide C(changed).
      - In the O(blocklists) form, the default for items that do not set their own.
    type: bool
    default: false
  return_numbers:
    description:
      - List every number of a group in RV(blocklist.numbers) even when it holds more than 1,000 numbers.
      - By default the result of such a group is a summary - RV(blocklist.count) and the numbers this task added,
        removed or had rejected - with RV(blocklist.summarised) true, which keeps the result of a 50,000-number
        group small (Ansible copies and sanitises every result). The diff always shows the whole sorted list.
    type: bool
    default: false
  blocklists:
    description:
      - Several groups in one task, processed in parallel (O(parallel)); the requests of one group are sent
        one after the other. Every group is attempted; the task fails at the end listing each failed group.
      - Mutually exclusive with O(name), O(description), O(expiry) and O(numbers).
    type: list
    elements: dict
    suboptions:
      name:
        description: The group's name, as O(name).
        type: str
        required: true
      description:
        description: As O(description).
        type: str
      expiry:
        description: As O(expiry).
        type: str
      numbers:
        description: As O(numbers).
        type: list
        elements: str
      state:
        description: As O(state); defaults to the task's O(state).
        type: str
        choices: [present, absent]
      purge:
        description: As O(purge); defaults to the task's O(purge).
        type: bool
      force:
        description: As O(force); defaults to the task's O(force).
        type: bool
notes:
  - B(Before a first run against a live account, adopt the groups that already exist there) with
    M(ozonetel.cloudagent.cloudagent_ledger) (their id as C(server.id)). The API cannot list groups, and the
    pages do not say whether a second group of one name is refused. A group the ledger has no record of is created
    as new, marked RV(blocklist.assumed_new) in the result and diff, with a warning (C(no record of group X), created
    as new; if CloudAgent already had a group of this name it may now hold two; adopt existing groups first).
  - When the server refuses the create because the group already exists (any wording that says so, whatever its case
    or punctuation), the module adds the numbers to that group with C(updateBlockNumbers), warns that its other
    members are unknown, and records what it applied with RV(blocklist.complete) false. Adopt the full membership
    with M(ozonetel.cloudagent.cloudagent_ledger) if O(purge) must see it. Any refusal that means the server does
    not know the group as sent (or a removal without a recorded id, where the server wants one) fails with that
    next step as a ready-to-paste task.
  - Requests mean the same under every reading of the API pages (see C(docs/api-contract.md)) - numbers are sent as a
    JSON array, the group id in the type the server returned it, and updates and removals carry both the id (when
    recorded) and the name. A description or expiry change re-sends every recorded number with the new values,
    since the pages define the expiry "for the number".
  - Each confirmed request is recorded as it lands, and before the first write the record says what is being
    sent (for a create, that the group is this collection's). After a crash or a lost answer the next run re-sends
    only the unconfirmed part, probes a group whose create it never saw confirmed with an update (never a second
    create), and does not mistake its own unconfirmed writes for changes made outside this collection. A failed
    update or removal does not stop the group's other requests (they are idempotent).
  - Requests name a group with the spelling recorded when the group was created or adopted, so O(name=vip) and
    O(name=VIP) manage the same group (the ledger compares names without regard to case).
  - A number the server rejects (listed in a response's per-number C(error) array) fails the task, naming each
    rejected number; the numbers the server accepted are still applied, recorded and reported.
  - When a request fails part-way through a long list, the numbers the server confirmed are recorded, so a rerun
    sends only the rest.
  - Numbers to remove that the server says are not in the group give a warning when the record held them (it was
    out of date), never a failure; they are not blocked, which is what was asked.
  - C(changed) follows what was asked and confirmed - numbers added (the server's C(new)/C(inserted) counter decides
    when it gives one), a description or expiry (re)sent, numbers removed (C(deleted)); a warning says when a counter
    disagrees with the record for a reason other than this collection's own unconfirmed writes (the group was changed
    outside this collection).
  - With O(state=absent) and no record, C(deleteBlockNumber) is sent by group name every time (the module cannot
    know the members); an unknown group means nothing to remove.
seealso:
  - module: ozonetel.cloudagent.cloudagent_ledger
  - module: ozonetel.cloudagent.cloudagent_ledger_info
author:
  - ozonetel.cloudagent contributors (@ozonetel)
'''

EXAMPLES = r'''
- name: Block numbers for every CloudAgent task in this play
  module_defaults:
    group/ozonetel.cloudagent.cloudagent:
      username: demo_user
      api_key: "{{ vault_cloudagent_api_key }}"
      ledger: redis://ledger.example.com:6379/0
  block:
    - name: Create or extend the group VIP
      ozonetel.cloudagent.cloudagent_blocklist:
        name: VIP
        description: Callers blocked by the VIP desk
        expiry: "2030-12-31 23:59:59"
        numbers:
          - "+919876543210"
          - "09876543211"

    - name: Keep exactly these numbers (remove those this collection added earlier)
      ozonetel.cloudagent.cloudagent_blocklist:
        name: VIP
        numbers: "{{ lookup('ansible.builtin.file', 'vip_numbers.txt').splitlines() }}"
        purge: true

    - name: Unblock two numbers
      ozonetel.cloudagent.cloudagent_blocklist:
        name: VIP
        state: absent
        numbers: ["+919876543210", "+919876543211"]

    - name: Empty the group (the API cannot delete a group)
      ozonetel.cloudagent.cloudagent_blocklist:
        name: VIP
        numbers: []
        purge: true

    - name: Re-send everything after edits in the CloudAgent UI
      ozonetel.cloudagent.cloudagent_blocklist:
        name: VIP
        numbers: "{{ vip_numbers }}"
        force: true

    - name: Several groups in one task
      ozonetel.cloudagent.cloudagent_blocklist:
        parallel: 4
        purge: true
        blocklists:
          - name: Spam
            description: Reported spam callers
            expiry: "2030-06-30 00:00:00"
            numbers: "{{ spam_numbers }}"
          - name: Fraud
            description: Fraud desk
            expiry: "2027-01-01 00:00:00"
            numbers: "{{ fraud_numbers }}"
          - name: VIP
            state: absent
            numbers: ["+919876543212"]
'''

RETURN = r'''
blocklist:
  description: The group after the task (single form), as recorded; in check mode, the prediction.
  returned: when O(name) is given
  type: dict
  contains:
    name:
      description: The group name as given.
      type: str
      sample: VIP
    id:
      description:
        - The server's group id (from the create answer or the update/delete echo), in the type the server sent it (a
          number from C(createBlockNumber)); null when unknown.
      type: raw
      sample: 42
    description:
      description: The group's description; null when unknown.
      type: str
      sample: Callers blocked by the VIP desk
    expiry:
      description: The group's expiry date; null when unknown.
      type: str
      sample: "2030-12-31 23:59:59"
    numbers:
      description:
        - Every number of the group known to the ledger, sorted, in the server's form. Numbers added outside this
          collection are not included. Null when nothing is recorded.
        - Absent for a group of more than 1,000 numbers unless O(return_numbers) is true (RV(blocklist.summarised)).
      type: list
      elements: str
      sample: ["+919876543210", "+919876543211"]
    summarised:
      description:
        - Present and true when RV(blocklist.numbers) is left out because the group holds more than 1,000 numbers and
          O(return_numbers) is false; RV(blocklist.count), RV(blocklist.added), RV(blocklist.removed) and
          RV(blocklist.rejected) are still given.
      type: bool
      returned: for groups of more than 1,000 numbers
      sample: true
    count:
      description: How many numbers RV(blocklist.numbers) holds; null when unknown.
      type: int
      sample: 2
    complete:
      description:
        - True when RV(blocklist.numbers) holds every member of the group (this collection created it). False for a
          group that existed on the server before (made in the UI or by another controller) - its other members are
          unknown, so O(purge) cannot remove them, and O(state=absent) sends every listed number that is not known to
          be absent. Null when nothing is recorded.
      type: bool
      sample: true
    assumed_new:
      description:
        - Present and true when the group was (or, in check mode, would be) created without a record in the ledger;
          if CloudAgent already had a group of this name, it may now hold two (see the notes).
      type: bool
      returned: when a group without a record is created
      sample: true
    added:
      description:
        - Numbers the server added to the group (in check mode, that would be added). After adopting a group
          that already existed, every number sent and accepted.
      type: list
      elements: str
      sample: ["+919876543211"]
    removed:
      description: Numbers the server removed from the group (in check mode, that would be removed).
      type: list
      elements: str
      sample: []
    rejected:
      description: Numbers the server rejected (the task then fails).
      type: list
      elements: str
      sample: []
    changed:
      description: Whether this group changed.
      type: bool
      sample: true
    failed:
      description: Present and true when this group failed.
      type: bool
      returned: on failure
    msg:
      description: Why this group failed.
      type: str
      returned: on failure
    applied:
      description:
        - Whether the write that failed took effect - V(true), V(false), or null when nobody can know (its answer was
          lost and no read-back could tell; it was not resent).
      type: bool
      returned: when this group failed
    uncertain:
      description:
        - Check mode only, true when the prediction is a guess - the known-state store has no record of this group and
          the API cannot read groups, so a change is predicted.
      type: bool
      returned: in check mode, when the prediction cannot be sure
    error:
      description:
        - Why this group failed, as structured fields - the C(http_status), classified C(kind), C(code), C(endpoint)
          and C(response) (secrets removed) of the request that failed, or the C(kind) and C(code) of a conflict the
          module found itself.
      type: dict
      returned: when this group failed
      sample: {http_status: 200, kind: invalid_input, code: invalid_data, endpoint: PUT /ca_apis/updateBlockNumbers}
blocklists:
  description: One entry per group, in the order of O(blocklists), each as RV(blocklist).
  returned: when O(blocklists) is given
  type: list
  elements: dict
applied:
  description: The single form's failure repeats RV(blocklist.applied) here.
  returned: when the single form (O(name)) failed
  type: bool
http_status:
  description: The single form's failure repeats this field of RV(blocklist.error) here (null when no HTTP answer came).
  returned: when the single form failed on a request
  type: int
kind:
  description: The single form's failure repeats this field of RV(blocklist.error) here (the classified outcome).
  returned: when the single form failed on a request or a conflict
  type: str
code:
  description: The single form's failure repeats this field of RV(blocklist.error) here (the documented row).
  returned: when the single form failed on a request or a conflict
  type: str
endpoint:
  description: The single form's failure repeats this field of RV(blocklist.error) here.
  returned: when the single form failed on a request
  type: str
response:
  description: The single form's failure repeats this field of RV(blocklist.error) here (secrets removed).
  returned: when the single form failed on a request
  type: raw
api_requests:
  description: How many requests were made, by kind (C(read), C(write), C(token)). Absent when none was needed.
  returned: when a request was made
  type: dict
  sample: {"read": 0, "write": 3, "token": 0}
failed_items:
  description: The names of the groups that failed.
  returned: on failure
  type: list
  elements: str
  sample: [VIP]
'''


from ansible_collections.ozonetel.cloudagent.plugins.module_utils import blocklist, engine, item_specs, validate
from ansible_collections.ozonetel.cloudagent.plugins.module_utils.blocklist_writer import GroupWriter
from ansible_collections.ozonetel.cloudagent.plugins.module_utils.errors import CloudAgentError
from ansible_collections.ozonetel.cloudagent.plugins.module_utils.summary import summarise

REJECTED_LIMIT = 240  # characters of the rejected-numbers part, so the line still says what was applied


class Blocklist(engine.Resource):
    kind = blocklist.KIND
    singular = 'blocklist'
    plural = 'blocklists'

    def __init__(self, defaults, return_numbers=False):
        self.defaults = defaults
        self.return_numbers = return_numbers

    def validate(self, item, path, problems):
        return blocklist.canonical_item(item, path, problems, self.defaults)

    def identity(self, item):
        return validate.name_key(item['name'])

    def label(self, item):
        return item['name']

    def read(self, ctx, item):
        return blocklist.record_state(ctx.ledger.get(ctx.key(self.identity(item))), item['name'])

    def plan(self, ctx, item, current):
        missing = blocklist.missing_for_create(item)
        if current is None and item['state'] == 'present' and missing:
            raise engine.ItemFailure(
                "block group '%s' has no record in the ledger, so it is created, and the API requires %s on create: "
                'give %s (or adopt the group with ozonetel.cloudagent.cloudagent_ledger)'
                % (item['name'], ' and '.join(missing), ' and '.join(missing)), after=None)
        steps, after = blocklist.plan_writes(item, current)
        return engine.Plan(before=current, after=after, steps=steps, uncertain=current is None)

    def apply(self, ctx, item, plan):
        # Under the engine's lock, planned from the record as it is now; each state the writer hands over is
        # recorded at once (the intent before the first request, then what each request confirmed).
        writer = GroupWriter(ctx.client, item, plan.before, record=lambda state: ctx.save(item, state))
        recorded = ' and recorded'
        try:
            writer.run(plan.steps)
        except engine.NotRecorded as exc:  # the group stopped at once
            if not writer.saves:
                raise engine.ItemFailure('nothing was sent: the known-state store cannot be written (%s)'
                                         % exc.reason) from exc
            writer.failures.append(str(exc))
            recorded = ''  # the last confirmed request is not in the record
        for warning in writer.warnings:
            ctx.warn(warning)
        if writer.assumed_new:
            ctx.warn(blocklist.ASSUMED_NEW_WARNING % writer.name)
        after = writer.state()
        problems = [str(failure) for failure in writer.failures]
        if writer.rejected:
            problems.append(summarise('the server rejected %d number(s)' % len(writer.rejected), [
                '%s: %s' % (number, writer.reasons[number]) for number in writer.rejected], 'blocklist.rejected',
                limit=REJECTED_LIMIT))
        if problems:
            applied = len(writer.added) + len(writer.removed)
            first = next((f.error for f in writer.failures if isinstance(getattr(f, 'error', None), CloudAgentError)), None)
            details = first.to_result() if first is not None else {}
            raise engine.ItemFailure('%s (%d number change(s) applied%s)' % ('; '.join(problems), applied, recorded),
                                     after=after, changed=writer.changed, details=details)
        return engine.Applied(after=after, changed=writer.changed)

    def subject(self, item):
        return "block group '%s'" % item['name']

    def to_record(self, item, state):
        if state is None or state.get('numbers') is None:
            return {self.identity(item): None}  # nothing of the group is known to exist: forget it
        desired, server = blocklist.record_fields(state)
        return {self.identity(item): {'desired': desired, 'server': server}}

    def show(self, item, state):
        return blocklist.show(state, full=self.return_numbers)

    def diff_view(self, item, state):
        return blocklist.show(state, changes=False)


def main():
    engine.main(item_specs.BLOCKLIST, lambda params: Blocklist({key: params[key] for key in ('state', 'purge', 'force')},
                                                               params['return_numbers']))


if __name__ == '__main__':
    main()
