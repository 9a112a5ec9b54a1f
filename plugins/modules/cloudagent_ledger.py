#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
module: cloudagent_ledger
short_description: Forget or adopt a record in the ozonetel.cloudagent known-state store
version_added: 0.1.0
description:
  - The CloudAgent API cannot read back block-number groups, a campaign's dynamic DIDs or a phone's skills, so
    the M(ozonetel.cloudagent.cloudagent_blocklist), M(ozonetel.cloudagent.cloudagent_did) and
    M(ozonetel.cloudagent.cloudagent_phone) modules remember what they last applied in a known-state store
    (the "ledger"). This module edits that store by hand.
  - O(state=absent) forgets a record, for example after the object was deleted or changed in the CloudAgent
    UI. The next run of the owning module then treats the object as unknown.
  - O(state=present) adopts an object that exists on the server but was never applied by these modules (or
    was changed outside them). It records O(desired) as the state last applied, so the owning module
    compares against it from then on.
  - The connection options only select the account scope (base URL and user name). This module makes no
    request to the CloudAgent API, so O(api_key) is not needed; when it is given, a record that contains it
    is refused.
extends_documentation_fragment: [ozonetel.cloudagent.connection, ozonetel.cloudagent.ledger, ozonetel.cloudagent.bulk,
                                 ozonetel.cloudagent.store_only]
attributes:
  check_mode:
    support: full
    description: In check mode the module reports what it would change and writes nothing.
  diff_mode:
    support: full
    description: The diff shows the record before and after.
options:
  state:
    description:
      - V(present) records O(desired) (and O(server)) for the object; V(absent) forgets its record.
    type: str
    choices: [present, absent]
    default: present
  kind:
    description:
      - The kind of record, named after the module that owns it.
    type: str
    required: true
    choices: [agent, blocklist, did, phone]
  identity:
    description:
      - The object the record is about, as the owning module names it (the block group name, the campaign
        name, the phone identity, the agent id). It is put in the canonical form the modules use (surrounding
        spaces removed; case-folded except for V(agent), whose ids are kept as given), so V(VIP) and V(vip) are the
        same block group record.
    type: str
    required: true
  desired:
    description:
      - The state to record as last applied, in the shape the owning module records (see the module's
        documentation and C(docs/idempotence.md) in the collection).
      - Required when O(state=present). Replaces the recorded desired state as a whole.
      - Checked against the owning module's own options, limited to the fields it records - for V(phone) C(name) and
        C(number) (required) and C(skills); for V(did) C(campaign), C(dynamic_dids) and C(fallback_dids) (all
        required); for V(blocklist) C(name) (required), C(description), C(expiry) and C(numbers); for V(agent)
        C(name) (required), C(skills) (names) and C(write_only), a mapping of the write-only options of
        M(ozonetel.cloudagent.cloudagent_agent) last applied (C(email), C(agent_data), C(sip_location),
        C(screen_recording), C(auto_answer), C(call_controls), C(locked), C(modes), C(groups); never C(password)).
        Without C(write_only) the agent module sends the write-only options it is given once, as for an agent it
        never wrote. Any other field, a missing one or a bad value fails the task before the store is touched,
        naming each.
      - Values are put in the form the owning module records (numbers and DIDs without separators, block numbers
        as C(+91...), skills and block numbers sorted without repeats), so its next run compares equal. The name
        (C(name) or C(campaign)) must be the record's O(identity), compared without regard to case.
    type: dict
  server:
    description:
      - What the server is known to hold for the object, such as the block group id.
      - When omitted with O(state=present), the ids already recorded are kept.
    type: dict
seealso:
  - module: ozonetel.cloudagent.cloudagent_ledger_info
notes:
  - The record is changed under the store's lock, so it is safe alongside concurrent runs.
author:
  - ozonetel.cloudagent contributors (@ozonetel)
'''

EXAMPLES = r'''
- name: Forget the block group VIP after it was deleted in the CloudAgent UI
  ozonetel.cloudagent.cloudagent_ledger:
    username: demo_user
    kind: blocklist
    identity: VIP
    state: absent

- name: Adopt an existing block group created in the UI, so later runs manage its membership exactly
  ozonetel.cloudagent.cloudagent_ledger:
    username: demo_user
    ledger: rediss://ledger.example.com:6380/0?ssl_ca_certs=/etc/pki/ledger-ca.pem
    kind: blocklist
    identity: VIP
    desired:
      name: VIP
      description: Numbers of VIP callers
      numbers:
        - "+919876543210"
        - "+919876543211"
    server:
      id: "42"
  # The Redis password: CLOUDAGENT_LEDGER_PASSWORD in the controller's environment (exported before
  # ansible-playbook runs, or injected by the AWX credential type), never a task's environment: keyword,
  # which -vvv prints.

- name: Adopt an agent made in the admin UI, with the write-only settings it already has
  ozonetel.cloudagent.cloudagent_ledger:
    username: demo_user
    kind: agent
    identity: asha01
    desired:
      name: Asha
      skills: [General, Sales]
      write_only:
        email: asha@example.com
        locked: false

- name: Record the dynamic DIDs currently set on a campaign
  ozonetel.cloudagent.cloudagent_ledger:
    username: demo_user
    kind: did
    identity: Inbound_Sales
    desired:
      campaign: Inbound_Sales
      dynamic_dids: ["918041234567"]
      fallback_dids: ["918041234568"]
'''

RETURN = r'''
record:
  description:
    - The record as it is now (in check mode, as it would be). Empty after O(state=absent).
  returned: always
  type: dict
  sample:
    kind: blocklist
    identity: vip
    base_url: https://in1-ccaas-api.ozonetel.com
    username: demo_user
    desired:
      name: VIP
      numbers: ["+919876543210"]
    server:
      id: "42"
    updated_at: "2025-01-31T10:00:00Z"
    collection_version: 0.1.0
previous:
  description: The record before the task ran; empty if there was none.
  returned: always
  type: dict
  sample: {}
ledger:
  description: The store that was used, with any password removed.
  returned: always
  type: str
  sample: /home/user/.ansible/cloudagent/ledger
'''


from ansible_collections.ozonetel.cloudagent.plugins.module_utils import engine
from ansible_collections.ozonetel.cloudagent.plugins.module_utils.adoption import typed_desired
from ansible_collections.ozonetel.cloudagent.plugins.module_utils.ledger import (
    KINDS, LedgerError, LedgerKey, build_record, open_module_ledger)
from ansible_collections.ozonetel.cloudagent.plugins.module_utils.ledger_record import credential_values
from ansible_collections.ozonetel.cloudagent.plugins.module_utils.module import CloudAgentModule
from ansible_collections.ozonetel.cloudagent.plugins.module_utils.options import account_scope


def argument_spec():
    return engine.argument_spec(dict(
        state={'type': 'str', 'choices': ['present', 'absent'], 'default': 'present'},
        kind={'type': 'str', 'required': True, 'choices': list(KINDS)},
        identity={'type': 'str', 'required': True},
        desired={'type': 'dict'},
        server={'type': 'dict'},
    ))


def plan(params, desired, key, previous, secrets):
    """What the task does given the current record: (changed, record after; None when forgotten)."""
    if params['state'] == 'absent':
        return previous is not None, None
    server = params['server'] if params['server'] is not None else dict((previous or {}).get('server') or {})
    if previous is not None and previous.get('desired') == desired and previous.get('server') == server:
        return False, previous
    return True, build_record(key, desired, server, secrets)  # refuses credentials, in check mode too


def run(module, store, key, desired):
    """Returns (changed, previous, record). Writes happen under the record's lock, after reading it again."""
    params = module.params
    previous = store.get(key)
    changed, record = plan(params, desired, key, previous, store.secrets)
    if not changed or module.check_mode:  # check mode and no-op runs write nothing, not even a lock file
        return changed, previous, record
    with store.lock(key):
        previous = store.get(key)
        changed, record = plan(params, desired, key, previous, store.secrets)
        if changed and record is None:
            store.delete(key)
        elif changed:
            record = store.put(key, desired=record['desired'], server=record['server'])
    return changed, previous, record


def checked_input(params):
    """(key, desired in the owning module's canonical form) before the store is touched; LedgerError or
    ValueError naming what is wrong. Credentials are refused first, whatever else is wrong."""
    base_url, username = account_scope(params)
    key = LedgerKey(base_url=base_url, username=username, kind=params['kind'], identity=params['identity'])
    if params['state'] == 'absent':
        return key, None
    secrets = [params.get('api_key'), params.get('token')]
    build_record(key, params['desired'], params['server'], [s for s in secrets if s])
    return key, typed_desired(key.kind, params['identity'], params['desired'])


def main():
    module = CloudAgentModule(
        argument_spec=argument_spec(),
        required_if=[('state', 'present', ['desired'])],
        supports_check_mode=True,
    )
    for secret in credential_values([module.params['desired'], module.params['server']]):
        module.no_log_values.add(secret)   # refused below; never echoed back in the result's invocation
    try:
        key, desired = checked_input(module.params)
    except (LedgerError, ValueError) as exc:
        engine.finish(module, None, {'changed': False}, msg=str(exc))
    store = open_module_ledger(module)
    try:
        changed, previous, record = run(module, store, key, desired)
    except LedgerError as exc:
        engine.finish(module, None, {'changed': False}, msg=str(exc), ledger=store.describe())
    finally:
        store.close()
    result = {'changed': changed, 'record': record or {}, 'previous': previous or {}, 'ledger': store.describe()}
    if module._diff:
        result['diff'] = {'before': previous or {}, 'after': record or {}}
    engine.finish(module, None, result)


if __name__ == '__main__':
    main()
