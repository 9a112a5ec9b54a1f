#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
module: cloudagent_campaign_info
short_description: List CloudAgent campaigns with their ids and positions
version_added: 0.1.0
description:
  - Lists the account's campaigns through C(campaignStatus), all of them or only the named ones.
  - C(campaignStatus) matches names without regard to case, so one name can return several campaigns
    (names that differ only in case); all of them are returned.
  - The API returns no DIDs; what M(ozonetel.cloudagent.cloudagent_did) last applied is in the known-state
    store (see M(ozonetel.cloudagent.cloudagent_ledger_info) with O(ozonetel.cloudagent.cloudagent_ledger_info#module:kind=did)).
extends_documentation_fragment: [ozonetel.cloudagent.connection, ozonetel.cloudagent.ledger, ozonetel.cloudagent.bulk,
                                 ozonetel.cloudagent.info_module]
options:
  names:
    description:
      - Only the campaigns with these names (compared without regard to case). One request per name.
      - Empty (the default) lists every campaign in one request.
    type: list
    elements: str
    default: []
seealso:
  - module: ozonetel.cloudagent.cloudagent_did
notes:
  - O(ledger) and O(parallel) are accepted, so one C(module_defaults) group can serve every module, and not used -
    the module reads the API only, one name after the other.
author:
  - ozonetel.cloudagent contributors (@ozonetel)
'''

EXAMPLES = r'''
- name: List every campaign
  ozonetel.cloudagent.cloudagent_campaign_info:
    username: demo_user
    api_key: "{{ vault_cloudagent_api_key }}"
  register: all_campaigns

- name: Check that the campaigns of the DID plan exist
  module_defaults:
    group/ozonetel.cloudagent.cloudagent:
      username: demo_user
      api_key: "{{ vault_cloudagent_api_key }}"
  block:
    - name: Look the campaigns up
      ozonetel.cloudagent.cloudagent_campaign_info:
        names: [Inbound_Sales, Support_Line]
      register: found

    - name: Stop when one is missing
      ansible.builtin.assert:
        that: found.missing | length == 0
        fail_msg: "Unknown campaigns: {{ found.missing | join(', ') }}"
'''

RETURN = r'''
campaigns:
  description: The campaigns found, in the order the API lists them (by requested name when O(names) is set), without repeats.
  returned: always
  type: list
  elements: dict
  sample:
    - name: Inbound_Sales
      id: 101
      position: READY
  contains:
    name:
      description: The campaign name as CloudAgent spells it.
      type: str
    id:
      description: The campaign id.
      type: int
    position:
      description: The campaign position, such as C(READY), C(RUNNING) or C(COMPLETED).
      type: str
missing:
  description: The requested names that match no campaign, as given.
  returned: always
  type: list
  elements: str
  sample: [Old_Campaign]
api_requests:
  description: How many requests of each kind (read, write, token) the task made.
  returned: always
  type: dict
  sample: {read: 1, write: 0, token: 0}
'''


from ansible_collections.ozonetel.cloudagent.plugins.module_utils.campaign import campaign_name, lookup
from ansible_collections.ozonetel.cloudagent.plugins.module_utils.engine import (
    Context, ItemFailure, Problems, argument_spec, failure_of, finish)
from ansible_collections.ozonetel.cloudagent.plugins.module_utils.errors import CloudAgentError
from ansible_collections.ozonetel.cloudagent.plugins.module_utils.module import CloudAgentModule
from ansible_collections.ozonetel.cloudagent.plugins.module_utils.validate import name_key


def main():
    module = CloudAgentModule(
        argument_spec=argument_spec({'names': {'type': 'list', 'elements': 'str', 'default': []}}),
        supports_check_mode=True,
    )
    problems = Problems()
    names = [problems.check(campaign_name, name, 'names[%d]' % index) for index, name in enumerate(module.params['names'])]
    if problems:
        finish(module, None, {'changed': False}, msg=problems.message(), errors=problems.messages)
    unique, keys = [], set()
    for name in names:
        if name_key(name) not in keys:
            keys.add(name_key(name))
            unique.append(name)
    ctx = Context(module, None)
    client = ctx.fail_on_setup_error(lambda: ctx.client)
    campaigns, missing, seen = [], [], set()
    try:
        for name in unique or [None]:
            found = lookup(client, name)
            if name and not found:
                missing.append(name)
            for campaign in found:
                if campaign['id'] not in seen:
                    seen.add(campaign['id'])
                    campaigns.append(campaign)
    except (ItemFailure, CloudAgentError) as exc:
        failure = failure_of(exc, ctx.redactor)
        finish(module, ctx, {'changed': False}, msg=failure.message, applied=failure.applied, **failure.details)
    finally:
        ctx.close()
    finish(module, ctx, {'changed': False, 'campaigns': campaigns, 'missing': missing})


if __name__ == '__main__':
    main()
