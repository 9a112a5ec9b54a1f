#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
module: cloudagent_ledger_info
short_description: Show what the ozonetel.cloudagent modules recorded in the known-state store
version_added: 0.1.0
description:
  - Lists the records the M(ozonetel.cloudagent.cloudagent_blocklist), M(ozonetel.cloudagent.cloudagent_did)
    and M(ozonetel.cloudagent.cloudagent_phone) modules keep in the known-state store (the "ledger") for one
    account, optionally only one kind or one identity.
  - The ledger holds what the modules last applied for the state the CloudAgent API cannot read back
    (block-number groups, a campaign's dynamic DIDs, a phone's skills).
  - The connection options only select the account scope (base URL and user name). This module makes no
    request to the CloudAgent API, so O(api_key) is not needed.
extends_documentation_fragment: [ozonetel.cloudagent.connection, ozonetel.cloudagent.ledger, ozonetel.cloudagent.bulk,
                                 ozonetel.cloudagent.info_module, ozonetel.cloudagent.store_only]
options:
  kind:
    description:
      - Only records of this kind.
    type: str
    choices: [agent, blocklist, did, phone]
  identity:
    description:
      - Only the record with this identity (the block group name, campaign name, phone identity or agent id),
        compared in the canonical form the modules use (surrounding spaces removed; case-folded except agent ids).
      - Without O(kind), records of every kind with this identity are returned.
    type: str
seealso:
  - module: ozonetel.cloudagent.cloudagent_ledger
author:
  - ozonetel.cloudagent contributors (@ozonetel)
'''

EXAMPLES = r'''
- name: Show every record of the account
  ozonetel.cloudagent.cloudagent_ledger_info:
    username: demo_user
  register: ledger

- name: Show what was last applied to the block group VIP, from the team's shared store
  ozonetel.cloudagent.cloudagent_ledger_info:
    username: demo_user
    region: intl
    ledger: redis://ledger.example.com:6379/0
    kind: blocklist
    identity: VIP
  # The Redis password comes from CLOUDAGENT_LEDGER_PASSWORD in the controller's environment (or the AWX
  # credential type); not from a task's environment: keyword, which -vvv prints.
  register: vip

- name: Print the recorded members
  ansible.builtin.debug:
    var: vip.records[0].desired
  when: vip.records | length > 0
'''

RETURN = r'''
records:
  description:
    - The matching records, sorted by kind and identity.
  returned: always
  type: list
  elements: dict
  sample:
    - {kind: did, identity: inbound_sales, base_url: "https://in1-ccaas-api.ozonetel.com", username: demo_user,
       desired: {campaign: Inbound_Sales, dynamic_dids: ["8040000001"], fallback_dids: ["8040000003"]},
       server: {campaign_id: 101}, updated_at: "2025-01-31T10:00:00Z", collection_version: 0.1.0}
    - {kind: phone, identity: desk-101, base_url: "https://in1-ccaas-api.ozonetel.com", username: demo_user,
       desired: {name: desk-101, number: "+919876543210", skills: [General, Sales]}, server: {},
       updated_at: "2025-01-31T10:00:00Z", collection_version: 0.1.0}
  contains:
    kind:
      description: The record kind (V(blocklist), V(did) or V(phone)).
      type: str
    identity:
      description: The canonical identity of the object.
      type: str
    base_url:
      description: The API base URL of the account scope.
      type: str
    username:
      description: The user name of the account scope.
      type: str
    desired:
      description: The state the module last applied (or that was adopted).
      type: dict
    server:
      description: What the server reported for it, such as ids and counters.
      type: dict
    updated_at:
      description: When the record was written (UTC, ISO 8601).
      type: str
    collection_version:
      description: The collection version that wrote the record.
      type: str
ledger:
  description: The store that was read, with any password removed.
  returned: always
  type: str
  sample: /home/user/.ansible/cloudagent/ledger
'''


from ansible_collections.ozonetel.cloudagent.plugins.module_utils import engine
from ansible_collections.ozonetel.cloudagent.plugins.module_utils.ledger import (
    KINDS, LedgerError, canonical_identity, open_module_ledger)
from ansible_collections.ozonetel.cloudagent.plugins.module_utils.module import CloudAgentModule
from ansible_collections.ozonetel.cloudagent.plugins.module_utils.options import ConnectionSettingsError, account_scope


def argument_spec():
    return engine.argument_spec(dict(
        kind={'type': 'str', 'choices': list(KINDS)},
        identity={'type': 'str'},
    ))


def main():
    module = CloudAgentModule(argument_spec=argument_spec(), supports_check_mode=True)
    kind = module.params['kind']
    identity = module.params['identity']
    try:
        base_url, username = account_scope(module.params)
    except ConnectionSettingsError as exc:
        engine.finish(module, None, {'changed': False}, msg=str(exc))
    store = open_module_ledger(module)
    try:
        records = store.list(base_url=base_url, username=username, kind=kind)
    except LedgerError as exc:
        engine.finish(module, None, {'changed': False}, msg=str(exc), ledger=store.describe())
    finally:
        store.close()
    if identity is not None:
        records = [r for r in records if r.get('identity') == canonical_identity(r.get('kind'), identity)]
    engine.finish(module, None, {'changed': False, 'records': records, 'ledger': store.describe()})


if __name__ == '__main__':
    main()
