#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
module: cloudagent_agent
short_description: Create, update and delete CloudAgent agents and their skills
version_added: 0.1.0
description:
  - Onboards and offboards contact-centre agents, one (O(agent_id)) or many (O(agents)) in one task, with
    C(/ca_apis/createAgent), C(updateAgent), C(deleteAgent) and C(AgentDetails).
  - B(Read and diffed every run) (one C(AgentDetails) per agent) are what the API can show - existence, the name and
    the skill names. Check mode predicts from them.
  - B(Write-only) are email, password, agent data, modes, SIP location, screen recording, auto answer, call
    controls, locked, groups and skill priorities. They are sent on create; afterwards compared with what the
    known-state store (the "ledger", kind C(agent)) recorded as last applied, and sent again only when they differ,
    when there is no record, or with O(force). Changes made in the CloudAgent UI to these fields are not seen.
  - The password is never recorded, nor a hash of it. It follows M(ansible.builtin.user) - see O(update_password).
  - A new agent costs two writes - C(createAgent) with the fields its page names (id, name, email, password, agent
    data, SIP location, screen recording), then one C(updateAgent) for skills, groups, modes and the rest, because
    the pages do not say whether create takes them (agents-api.md Q1). An agent without those costs one write.
  - After any write of the name or the skills the module reads the agent back; a server that answered success but
    shows something else makes the agent fail, never pass (for example a O(skill_format) the account does not take,
    or a skill the account does not have).
  - The agent endpoints allow 5 writes and 10 AgentDetails a minute per account. Requests are paced by the
    collection's HTTP client, across forks and jobs that share the pacing store; 100 new agents take about 21
    minutes, a check-mode run of 100 about 10 (see docs/idempotence.md, "cloudagent_agent").
  - Renaming an agent id (the API's C(agentIdNew)) is out of scope; O(agent_id) is the identity.
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
      - Reads every agent (one C(AgentDetails) each) and predicts; writes nothing, to CloudAgent or the ledger.
      - Write-only fields without a ledger record are predicted as sent, and the agent is marked RV(agent.uncertain).
  diff_mode:
    support: full
    description: Shows the agent id, the name and the skill names before and after; never a password.
options:
  agent_id:
    description:
      - The agent's id (the API's C(agentId)), 1 to 50 letters, digits and C(. _ @ -).
      - Required unless O(agents) is given; mutually exclusive with it.
    type: str
  name:
    description:
      - The agent's name, 2 to 50 letters, digits and C(. @ _ -) (no spaces). Required to create an agent.
      - Read back and compared every run; a different name renames the agent (C(agentNameNew)).
    type: str
  email:
    description: The agent's email. Required to create an agent. Write-only.
    type: str
  password:
    description:
      - The agent's password, 3 to 50 characters. Required to create an agent. Never returned, logged or recorded.
    type: str
  update_password:
    description:
      - V(on_create) sends the password only when the agent is created; later runs never change it.
      - V(always) sends it on every run, and the agent is always reported changed (the API cannot compare it).
      - With O(update_body=full) every update also carries the password, whichever is chosen.
    type: str
    choices: [on_create, always]
    default: on_create
  skills:
    description:
      - The agent's skills, each a skill name or C({name, priority}) with a priority from 1 (highest) to 9.
      - Names are read back and compared without regard to case; priorities are write-only.
      - Omit to leave the agent's skills alone.
    type: list
    elements: raw
  purge_skills:
    description: Unassign the skills the agent has that are not in O(skills).
    type: bool
    default: true
  groups:
    description:
      - Agent groups to assign (C(assignAgentGroups)). Write-only; groups recorded as assigned by this collection and
        no longer listed are unassigned. Names may not contain commas.
    type: list
    elements: str
  modes:
    description: 'Mode flags, for example C({inbound: true, manual: false}). Write-only.'
    type: dict
  agent_data:
    description: Agent data, 2 to 100 letters, digits and C(. @ _ -). Write-only.
    type: str
  sip_location:
    description: The SIP location of the agent. Write-only.
    type: str
  screen_recording:
    description: Screen recording for the agent. Write-only.
    type: bool
  auto_answer:
    description: The API's C(autoAnswer) value (the UI offers None, Inbound, Outbound, All). Write-only.
    type: str
  call_controls:
    description: The API's C(callControls) object, sent as given. Write-only.
    type: dict
  locked:
    description: Lock the agent. Write-only.
    type: bool
  state:
    description:
      - V(present) creates or updates the agent, V(absent) deletes it. An agent already deleted counts as absent.
      - In the O(agents) form, the default for items that do not set their own.
    type: str
    choices: [present, absent]
    default: present
  force:
    description:
      - Send every write-only field given even when the ledger says it was applied (after edits in the UI).
      - Also creates an agent the ledger says exists but AgentDetails does not list.
    type: bool
    default: false
  update_body:
    description:
      - How updates are built (agents-api.md Q4, unresolved by the vendor pages).
      - V(partial) sends only what changes. If the account requires name, email and password on every update, the
        server refuses it and the agent fails with the server's message; then use V(full).
      - V(full) sends name, email and password with every update; an agent that needs an update and has no password
        or email given fails before anything is sent.
    type: str
    choices: [partial, full]
    default: partial
  skill_format:
    description:
      - The shape of the C(assignSkills) entries (agents-api.md Q6, not rendered by the vendor pages).
      - V(skillName) sends a list of C(skillName)/C(priority) objects, V(name) a list of C(name)/C(priority)
        objects, V(csv) a comma-separated string of names (no priorities). Skills are read back after each change, so
        a format the account does not take fails.
    type: str
    choices: [skillName, name, csv]
    default: skillName
  trust_record:
    description:
      - Skip the AgentDetails read for agents whose ledger record already matches the task, for large bulk runs.
      - Trade-off - changes made in the CloudAgent UI (a renamed agent, changed skills, a deleted agent) are then not
        seen for those agents.
    type: bool
    default: false
  agents:
    description:
      - Several agents in one task. Each takes the per-agent options above; O(state), O(update_password),
        O(purge_skills) and O(force) of the task are the defaults.
    type: list
    elements: dict
    suboptions:
      agent_id:
        description: As O(agent_id).
        type: str
        required: true
      name:
        description: As O(name).
        type: str
      email:
        description: As O(email).
        type: str
      password:
        description: As O(password).
        type: str
      update_password:
        description: As O(update_password).
        type: str
        choices: [on_create, always]
      skills:
        description: As O(skills).
        type: list
        elements: raw
      purge_skills:
        description: As O(purge_skills).
        type: bool
      groups:
        description: As O(groups).
        type: list
        elements: str
      modes:
        description: As O(modes).
        type: dict
      agent_data:
        description: As O(agent_data).
        type: str
      sip_location:
        description: As O(sip_location).
        type: str
      screen_recording:
        description: As O(screen_recording).
        type: bool
      auto_answer:
        description: As O(auto_answer).
        type: str
      call_controls:
        description: As O(call_controls).
        type: dict
      locked:
        description: As O(locked).
        type: bool
      state:
        description: As O(state).
        type: str
        choices: [present, absent]
      force:
        description: As O(force).
        type: bool
notes:
  - Pacing only holds across forks and jobs that share the pacing store; run the module on the controller.
seealso:
  - module: ozonetel.cloudagent.cloudagent_agent_info
  - module: ozonetel.cloudagent.cloudagent_ledger
'''

EXAMPLES = r'''
- name: Onboard an agent with two skills
  ozonetel.cloudagent.cloudagent_agent:
    username: demo_user
    api_key: "{{ vault_cloudagent_api_key }}"
    agent_id: asha01
    name: Asha
    email: asha@example.com
    password: "{{ vault_agent_passwords.asha01 }}"
    skills: [Sales, {name: Support, priority: 2}]

- name: Onboard a team from inventory variables, one task
  ozonetel.cloudagent.cloudagent_agent:
    username: demo_user
    agents: "{{ team_agents }}"

- name: Rotate one password
  ozonetel.cloudagent.cloudagent_agent:
    username: demo_user
    agent_id: asha01
    password: "{{ vault_new_password }}"
    update_password: always

- name: Offboard
  ozonetel.cloudagent.cloudagent_agent:
    username: demo_user
    agent_id: ravi02
    state: absent
'''

RETURN = r'''
agent:
  description: The agent after the task (single form).
  returned: when O(agent_id) is given
  type: dict
  contains:
    agent_id:
      description: The agent's id.
      type: str
    state:
      description: V(present) or V(absent).
      type: str
    name:
      description: The name, as AgentDetails shows it.
      type: str
    skills:
      description: The skill names, as AgentDetails shows them.
      type: list
      elements: str
    runtime:
      description: What AgentDetails says of the agent right now (C(state), C(mode), C(phone_number)).
      type: dict
    source:
      description: V(read) (AgentDetails) or V(record) (the ledger, with O(trust_record)).
      type: str
    sent:
      description: The API fields this task sent for the agent (field names only, never values).
      type: list
      elements: str
    requests:
      description: What this agent cost, C({read, write}) requests.
      type: dict
    changed:
      description: Whether the agent changed.
      type: bool
    uncertain:
      description: Check mode only; the prediction sends write-only fields the ledger has no record of.
      type: bool
  sample: {agent_id: asha01, state: present, name: Asha, skills: [Sales, Support], changed: true,
           sent: [agentName, assignSkills, email, password], requests: {read: 2, write: 2}}
agents:
  description: One entry per agent of O(agents), as RV(agent).
  returned: when O(agents) is given
  type: list
  elements: dict
api_requests:
  description: How many HTTP requests the task made, by kind.
  returned: when a request was made
  type: dict
  sample: {read: 3, write: 2, token: 0}
'''

from ansible_collections.ozonetel.cloudagent.plugins.module_utils import engine, item_specs
from ansible_collections.ozonetel.cloudagent.plugins.module_utils.agent_resource import Agent


def resource_for(params):
    return Agent({key: params[key] for key in item_specs.AGENT.defaults}, update_body=params['update_body'],
                 skill_format=params['skill_format'], trust_record=params['trust_record'])


def main():
    engine.main(item_specs.AGENT, resource_for)


if __name__ == '__main__':
    main()
