#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
module: cloudagent_agent_info
short_description: Look up CloudAgent agents by id
version_added: 0.1.0
description:
  - Looks agents up with C(/ca_apis/AgentDetails), one read per agent id, O(parallel) at a time over one HTTP
    session. The endpoint allows 10 requests a minute per account; the collection's HTTP client paces them.
  - Returns what AgentDetails shows - the name, the skill names and the agent's current state, mode and phone.
    Email, groups, modes and other write-only settings cannot be read (see
    M(ozonetel.cloudagent.cloudagent_ledger_info) for what M(ozonetel.cloudagent.cloudagent_agent) last applied).
  - Agents that are not found are listed in RV(missing); they are not failures. Whether AgentDetails lists agents
    that are logged out is not documented (agents-api.md Q11); the live suite checks it.
author:
  - ozonetel.cloudagent contributors (@ozonetel)
extends_documentation_fragment: [ozonetel.cloudagent.connection, ozonetel.cloudagent.ledger, ozonetel.cloudagent.bulk,
                                 ozonetel.cloudagent.info_module]
options:
  agent_ids:
    description: The agent ids to look up.
    type: list
    elements: str
    required: true
notes:
  - O(ledger) is accepted, so one C(module_defaults) group can serve every module, and not used - the module reads
    the API only (the write-only fields that only the store knows are not reported).
seealso:
  - module: ozonetel.cloudagent.cloudagent_agent
'''

EXAMPLES = r'''
- name: Which agents exist, with which skills?
  ozonetel.cloudagent.cloudagent_agent_info:
    username: demo_user
    api_key: "{{ vault_cloudagent_api_key }}"
    agent_ids: [asha01, ravi02]
  register: lookup

- name: Show the missing ones
  ansible.builtin.debug:
    var: lookup.missing
'''

RETURN = r'''
agents:
  description: The agents found, in the order asked.
  returned: always
  type: list
  elements: dict
  contains:
    agent_id:
      description: The agent's id.
      type: str
    name:
      description: The agent's name.
      type: str
    skills:
      description: The skill names, sorted.
      type: list
      elements: str
    runtime:
      description: C(state), C(mode) and C(phone_number) as AgentDetails shows them right now.
      type: dict
  sample: [{agent_id: asha01, name: Asha, skills: [General, Sales],
            runtime: {state: READY, mode: Manual, phone_number: "9180000101"}}]
missing:
  description: The agent ids AgentDetails did not list, in the order asked.
  returned: always
  type: list
  elements: str
  sample: [ravi02]
api_requests:
  description: How many HTTP requests the task made, by kind.
  returned: always
  type: dict
  sample: {read: 2, write: 0, token: 0}
'''

from ansible_collections.ozonetel.cloudagent.plugins.module_utils import agent, engine
from ansible_collections.ozonetel.cloudagent.plugins.module_utils.agent_validate import agent_id
from ansible_collections.ozonetel.cloudagent.plugins.module_utils.module import CloudAgentModule


def _lookup(client, wanted):
    response = client.call('agent_details', agent.details_body(wanted), operation="read agent '%s'" % wanted,
                           allow=('not_found',))
    rows = [row for row in (response.data or []) if response.kind == 'success' and str(row.get('AgentId')) == wanted]
    return agent.details_state(rows[0]) if rows else None


def main():
    module = CloudAgentModule(
        argument_spec=engine.argument_spec({'agent_ids': {'type': 'list', 'elements': 'str', 'required': True}}),
        supports_check_mode=True,
    )
    problems = engine.Problems()
    wanted = []
    for index, value in enumerate(module.params['agent_ids']):
        found = problems.check(agent_id, value, 'agent_ids[%d]' % index)
        if found is not None and found not in wanted:
            wanted.append(found)
    if problems:
        engine.finish(module, None, {'changed': False}, msg=problems.message(), errors=problems.messages)
    ctx = engine.Context(module, None)
    try:
        client = ctx.fail_on_setup_error(lambda: ctx.client)
        results = ctx.map(lambda one: _lookup(client, one), wanted)
    finally:
        ctx.close()
    agents, missing, failures = [], [], []
    for one, (found, error) in zip(wanted, results):
        if error is not None:
            failures.append('%s: %s' % (one, ctx.failure_text(error)))
        elif found is None:
            missing.append(one)
        else:
            agents.append(found)
    result = {'changed': False, 'agents': agents, 'missing': missing}
    failed = '%d of %d lookups failed: %s' % (len(failures), len(wanted), '; '.join(failures)) if failures else None
    engine.finish(module, ctx, result, msg=failed)


if __name__ == '__main__':
    main()
