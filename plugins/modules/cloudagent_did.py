#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
module: cloudagent_did
short_description: Set the dynamic and fallback dynamic DIDs of CloudAgent campaigns
version_added: 0.1.0
description:
  - Sets the dynamic DIDs (dialled round-robin) and the fallback dynamic DIDs of a campaign through
    C(POST /APIServices/dynamic/did/update). An update replaces both lists.
  - The campaign must exist. It is looked up with C(campaignStatus) before anything is written; an unknown
    campaign fails with a clear message and no write.
  - Campaign names are matched without regard to case, as C(campaignStatus) does. A name that matches
    several campaigns (names that differ only in case) is an error listing them, even when one has exactly
    the requested spelling, because neither the API's lookup nor the known-state store can tell them apart.
  - The API cannot read a campaign's DIDs back. The module remembers the lists it last applied in the
    known-state store (kind C(did), identity the case-folded campaign name) and reports C(changed) only
    when the requested lists differ from that record, or with O(force). Without a record it applies the
    lists, reports C(changed) and records them.
  - The vendor pages do not say whether an update replaces the lists or adds the DIDs sent to them. An update that
    only appends DIDs to the recorded lists means the same under both readings and is applied. One sent without a
    record of the lists, or one that removes or reorders recorded DIDs, is reported RV(campaign.uncertain) with a
    warning, and the record notes both possible outcomes; see RV(campaign.uncertain) for what to do.
  - DIDs are validated and normalised (separators removed, digits with an optional leading C(+)) before
    they are compared. Order matters and is kept.
  - Use O(campaigns) to set the DIDs of many campaigns in one task.
extends_documentation_fragment: [ozonetel.cloudagent.connection, ozonetel.cloudagent.ledger, ozonetel.cloudagent.bulk]
attributes:
  check_mode:
    support: full
    description: Check mode looks the campaign up and reads the store, writes nothing, and returns the predicted lists.
  diff_mode:
    support: full
    description: The diff shows both lists before (as recorded; null when nothing is recorded) and after, per campaign.
options:
  campaign:
    description:
      - Name of the campaign. Mutually exclusive with O(campaigns); one of the two is required.
    type: str
  dynamic_dids:
    description:
      - The campaign's dynamic DIDs, in the order they are dialled. Required with O(campaign).
      - The API requires a non-empty list. Each DID must be assigned to the account; duplicates are rejected.
    type: list
    elements: str
  fallback_dids:
    description:
      - The campaign's fallback dynamic DIDs, used when the primary trunk is down. Required with O(campaign).
      - The API requires a non-empty list. Each DID must be assigned to the account; duplicates are rejected.
    type: list
    elements: str
  force:
    description:
      - Send the lists even when the store says they are already applied, and record them again.
      - Use it after the DIDs were changed in the CloudAgent UI, which the module cannot see.
      - In the O(campaigns) form, the default for items that do not set their own O(campaigns[].force).
    type: bool
    default: false
  campaigns:
    description:
      - Many campaigns in one task, over one HTTP session and in bounded parallel (see O(parallel)).
      - Every item is validated before any request; a campaign listed twice is rejected.
      - Every item is attempted; when some fail, the task fails at the end listing each failed campaign.
    type: list
    elements: dict
    suboptions:
      campaign:
        description: Name of the campaign (required).
        type: str
      dynamic_dids:
        description: The campaign's dynamic DIDs, in order (required, non-empty).
        type: list
        elements: str
      fallback_dids:
        description: The campaign's fallback dynamic DIDs, in order (required, non-empty).
        type: list
        elements: str
      force:
        description: Send this item's lists even when the store says they are applied. Defaults to O(force).
        type: bool
notes:
  - The DID endpoint always authenticates with the API key in the request body, also with O(auth_mode=token),
    so O(api_key) is required.
  - The account's C(Dynamic DID for Campaign) admin setting must be on.
  - When the API rejects DIDs it does not say which ones; the message lists the DIDs that were sent.
seealso:
  - module: ozonetel.cloudagent.cloudagent_campaign_info
  - module: ozonetel.cloudagent.cloudagent_ledger_info
author:
  - ozonetel.cloudagent contributors (@ozonetel)
'''

EXAMPLES = r'''
- name: Set the dynamic DIDs of one campaign
  ozonetel.cloudagent.cloudagent_did:
    username: demo_user
    api_key: "{{ vault_cloudagent_api_key }}"
    campaign: Inbound_Sales
    dynamic_dids: ["8040000001", "8040000002"]
    fallback_dids: ["8040000003"]

- name: Many campaigns in one task, with shared connection options
  module_defaults:
    group/ozonetel.cloudagent.cloudagent:
      username: demo_user
      api_key: "{{ vault_cloudagent_api_key }}"
      ledger: redis://ledger.example.com:6379/0
  block:
    - name: Apply the DID plan
      ozonetel.cloudagent.cloudagent_did:
        campaigns:
          - campaign: Inbound_Sales
            dynamic_dids: ["8040000001", "8040000002"]
            fallback_dids: ["8040000003"]
          - campaign: Support_Line
            dynamic_dids: ["8040000004"]
            fallback_dids: ["8040000005"]
            force: true
      register: dids

- name: Re-send after the DIDs were edited in the CloudAgent UI
  ozonetel.cloudagent.cloudagent_did:
    username: demo_user
    campaign: Inbound_Sales
    dynamic_dids: ["8040000001", "8040000002"]
    fallback_dids: ["8040000003"]
    force: true
'''

RETURN = r'''
campaign:
  description: The campaign's DIDs after the task (predicted in check mode), with O(campaign).
  returned: when O(campaign) is used
  type: dict
  sample:
    campaign: Inbound_Sales
    campaign_id: 101
    position: READY
    dynamic_dids: ["8040000001", "8040000002"]
    fallback_dids: ["8040000003"]
    changed: true
  contains:
    campaign:
      description: The campaign name as CloudAgent spells it (the requested name when it was not found).
      type: str
    campaign_id:
      description: The campaign id from C(campaignStatus); null when the campaign was not found.
      type: int
    position:
      description: The campaign position from C(campaignStatus), such as C(READY) or C(RUNNING); null when not found.
      type: str
    dynamic_dids:
      description: The dynamic DIDs, normalised, in order; null when unknown (a failed item with no record).
      type: list
      elements: str
    fallback_dids:
      description: The fallback dynamic DIDs, normalised, in order; null when unknown.
      type: list
      elements: str
    changed:
      description: Whether the lists were (or in check mode would be) sent.
      type: bool
    failed:
      description: Present and true when this campaign failed.
      type: bool
    msg:
      description: Why this campaign failed.
      type: str
    applied:
      description:
        - Whether the write that failed took effect - V(true), V(false), or null when nobody can know (its answer was
          lost and no read-back could tell; it was not resent).
      type: bool
      returned: when this campaign failed
    uncertain:
      description:
        - True when the lists shown are not confirmed - the vendor pages do not say whether an update replaces a
          campaign's lists or adds the DIDs sent to them, no request can read them back, and the update (sent, or in
          check mode predicted) does not mean the same under both readings - there was no record of the campaign's
          lists, or it removes or reorders recorded DIDs. A warning names the question and the next step.
        - The item is not failed - the update was accepted and is what was asked if an update replaces - but nothing
          confirms it. Reruns stay uncertain, without writing, until the lists are recorded with
          M(ozonetel.cloudagent.cloudagent_ledger) (with O(ozonetel.cloudagent.cloudagent_ledger#module:server)
          given) after a look at the campaign in the CloudAgent admin UI, or until an update means the same under
          both readings.
      type: bool
      returned: when the lists are not confirmed
    error:
      description:
        - Why this campaign failed, as structured fields - the C(http_status), classified C(kind), C(code), C(endpoint)
          and C(response) (secrets removed) of the request that failed, or the C(kind) and C(code) of a conflict the
          module found itself.
      type: dict
      returned: when this campaign failed
      sample: {http_status: 200, kind: invalid_input, code: dids_not_on_account, endpoint: POST /APIServices/dynamic/did/update}
campaigns:
  description:
    - One entry per item of O(campaigns), in order, with the same keys as RV(campaign).
  returned: when O(campaigns) is used
  type: list
  elements: dict
applied:
  description: The single form's failure repeats RV(campaign.applied) here.
  returned: when the single form (O(campaign)) failed
  type: bool
http_status:
  description: The single form's failure repeats this field of RV(campaign.error) here (null when no HTTP answer came).
  returned: when the single form failed on a request
  type: int
kind:
  description: The single form's failure repeats this field of RV(campaign.error) here (the classified outcome).
  returned: when the single form failed on a request or a conflict
  type: str
code:
  description: The single form's failure repeats this field of RV(campaign.error) here (the documented row).
  returned: when the single form failed on a request or a conflict
  type: str
endpoint:
  description: The single form's failure repeats this field of RV(campaign.error) here.
  returned: when the single form failed on a request
  type: str
response:
  description: The single form's failure repeats this field of RV(campaign.error) here (secrets removed).
  returned: when the single form failed on a request
  type: raw
api_requests:
  description: How many requests of each kind (read, write, token) the task made.
  returned: when a request was made
  type: dict
  sample: {read: 1, write: 1, token: 0}
failed_items:
  description: The campaigns that failed.
  returned: on failure
  type: list
  elements: str
'''


from ansible_collections.ozonetel.cloudagent.plugins.module_utils import engine, item_specs
from ansible_collections.ozonetel.cloudagent.plugins.module_utils.campaign import campaign_name, resolve
from ansible_collections.ozonetel.cloudagent.plugins.module_utils.engine import Applied, ItemFailure, Plan, Resource
from ansible_collections.ozonetel.cloudagent.plugins.module_utils.errors import CloudAgentError
from ansible_collections.ozonetel.cloudagent.plugins.module_utils.validate import did_list, name_key

LISTS = ('dynamic_dids', 'fallback_dids')
# API rejections worth their own words: (what was rejected, which list was sent, what to do).
REJECTIONS = {
    'dids_not_on_account': ('dynamic DIDs', 'dynamic_dids', 'every DID must be assigned to the account'),
    'fallback_dids_not_on_account': ('fallback DIDs', 'fallback_dids', 'every DID must be assigned to the account'),
    'feature_disabled': (None, None, "turn on the account's 'Dynamic DID for Campaign' admin setting"),
    'campaign_not_found': (None, None, 'campaignStatus listed the campaign, so it may have been renamed or deleted meanwhile'),
    'invalid_credentials': (None, None, 'check username and api_key (the DID endpoint always sends api_key in the body)'),
}


class Did(Resource):
    kind = 'did'
    singular = 'campaign'
    plural = 'campaigns'

    def __init__(self, force=False):
        self.force = force

    def validate(self, item, path, problems):
        where = path + '.' if path else ''
        name = problems.check(campaign_name, item.get('campaign'), where + 'campaign')
        lists = {key: problems.check(did_list, item.get(key), where + key) for key in LISTS}
        if name is None or None in lists.values():
            return None
        force = item.get('force')
        return dict(lists, campaign=name, force=self.force if force is None else bool(force))

    def identity(self, item):
        return name_key(item['campaign'])

    def label(self, item):
        return item['campaign']

    def read(self, ctx, item):
        found = resolve(ctx.client, item['campaign'])
        record = ctx.ledger.get(ctx.key(found['name'])) or {}
        desired = record.get('desired') or {}
        state = {'campaign': found['name'], 'campaign_id': found['id'], 'position': found['position']}
        state.update((key, desired.get(key)) for key in LISTS)
        unconfirmed = (record.get('server') or {}).get('unconfirmed') or {}
        state['unconfirmed'] = {key: unconfirmed[key] for key in LISTS if key in unconfirmed}
        return state

    def plan(self, ctx, item, current):
        same = all(current[key] == item[key] for key in LISTS)
        if same and not item['force']:
            return Plan(before=current, after=current, uncertain=bool(current['unconfirmed']),
                        warnings=_uncertainty(current, sent=False))
        after = dict(current, **{key: item[key] for key in LISTS})
        # What the lists are if an update adds the DIDs sent instead of replacing (decision #18's other reading):
        # where that differs from what is sent, the update does not mean the same under both readings.
        after['unconfirmed'] = {}
        for key in LISTS:
            if_added = _added(_if_added(current, key), item[key])
            if if_added != item[key]:
                after['unconfirmed'][key] = if_added
        return Plan(before=current, after=after, steps=['update'], uncertain=bool(after['unconfirmed']),
                    warnings=_uncertainty(after, sent=True, before=current))

    def apply(self, ctx, item, plan):
        name = plan.after['campaign']
        body = {'campaignName': name, 'dynamicDIDs': ','.join(item['dynamic_dids']),
                'fallbackDynamicDIDs': ','.join(item['fallback_dids'])}
        try:
            ctx.client.call('did_update', body, operation="update the dynamic DIDs of campaign '%s'" % name)
        except CloudAgentError as exc:
            raise _rejection(exc, item) from exc
        return Applied(after=plan.after, changed=True, uncertain=plan.uncertain)

    def subject(self, item):
        return "the DIDs of campaign '%s'" % item['campaign']

    def to_record(self, item, state):
        desired = {'campaign': state['campaign'], 'dynamic_dids': state['dynamic_dids'],
                   'fallback_dids': state['fallback_dids']}
        server = {'campaign_id': state['campaign_id']}
        if state.get('unconfirmed'):
            # Not confirmed: the lists are `desired` if an update replaces them, these if it adds (None: unknown).
            server['unconfirmed'] = dict(state['unconfirmed'])
        return {self.identity(item): {'desired': desired, 'server': server}}

    def show(self, item, state):
        if state is None:
            return None
        return {'campaign': state['campaign'], 'campaign_id': state.get('campaign_id'), 'position': state.get('position'),
                'dynamic_dids': state.get('dynamic_dids'), 'fallback_dids': state.get('fallback_dids')}

    def absent(self, item):
        # A campaign that was not found, or an item whose state is unknown after a failure.
        return {'campaign': item['campaign'], 'campaign_id': None, 'position': None, 'dynamic_dids': None,
                'fallback_dids': None}


def _if_added(state, key):
    """The list as it is if every update adds the DIDs sent (None: unknown, no record of what the campaign held)."""
    if state[key] is None:
        return None
    return state['unconfirmed'].get(key, state[key])


def _added(held, sent):
    """The list after an update that adds the DIDs sent to the ones held (new ones appended in the order sent)."""
    if held is None:
        return None
    return list(held) + [did for did in sent if did not in held]


def _adopt_task(state):
    return ('ozonetel.cloudagent.cloudagent_ledger: {kind: did, identity: "%s", desired: {campaign: "%s", '
            'dynamic_dids: [...], fallback_dids: [...]}, server: {campaign_id: %s}}' % (
                state['campaign'], state['campaign'], state['campaign_id']))


def _uncertainty(state, sent, before=None):
    """The warning for lists no request can confirm: why, what they are under each reading, and the next step."""
    unconfirmed = state['unconfirmed']
    if not unconfirmed:
        return []
    changed = [key for key in LISTS if key in unconfirmed and before is not None and before[key] is not None
               and before[key] != state[key]]
    if sent and (before is None or before['dynamic_dids'] is None):
        why = 'there is no record of what the campaign held, and the update sends the full lists'
    elif sent and changed:
        why = 'the update removes or reorders recorded DIDs (%s)' % '; '.join(
            '%s %s -> %s' % (key, ','.join(before[key]), ','.join(state[key])) for key in changed)
    else:
        why = ('an earlier update could not be confirmed (it was sent without a record of the lists, or removed or '
               'reordered DIDs), and sending the same lists again cannot tell the two readings apart')
    held = '; '.join('%s %s' % (key, 'the DIDs sent plus any it held before' if unconfirmed[key] is None
                                else ','.join(unconfirmed[key])) for key in LISTS if key in unconfirmed)
    return ["campaign '%s': DIDs not confirmed (uncertain): %s. The vendor pages do not say whether a dynamic DID "
            "update replaces a campaign's lists or adds the DIDs sent to them (docs/api-contract.md section 6, "
            "decision #18), and no request can read them back. If it replaces, the campaign holds what was asked; if "
            "it adds, it holds: %s. Look at the campaign in the CloudAgent admin UI, then record what it holds: %s"
            % (state['campaign'], why, held, _adopt_task(state))]


def _rejection(exc, item):
    """A clear ItemFailure for the documented rejections; other errors (e.g. outcome unknown) stay as they are."""
    if exc.code not in REJECTIONS:
        return exc
    what, sent, hint = REJECTIONS[exc.code]
    if what:
        message = "the API rejected the %s with '%s' without saying which; sent: %s; %s" % (
            what, exc.outcome.message, ', '.join(item[sent]), hint)
    else:
        message = "the API answered '%s': %s" % (exc.outcome.message, hint)
    return ItemFailure(message, details=exc.to_result())


def main():
    engine.main(item_specs.DID, lambda params: Did(force=params['force']))


if __name__ == '__main__':
    main()
