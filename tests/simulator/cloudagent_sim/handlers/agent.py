# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""/ca_apis/createAgent, updateAgent, deleteAgent, AgentDetails (shared/agents-api.md 2.1-2.4).

Every open question the pages leave (section 7: Q1, Q2, Q4, Q6, Q11, Q18) is a behaviour switch in state.py.
"""

import copy

from cloudagent_sim import replies
from cloudagent_sim.agent_model import AGENT_DEFAULTS, find_agent
from cloudagent_sim.auth import authenticate
from cloudagent_sim.handlers import agent_rate, agent_rules as rules
from cloudagent_sim.request import BadJson
from cloudagent_sim.validation import text


def _start(ctx, endpoint, failure=rules.user_failed):
    """(body, user, None) for an authenticated request within its rate limit, else (None, None, reply)."""
    try:
        body = ctx.request.json()
    except BadJson:
        return None, None, replies.invalid_json()
    user, reply = authenticate(ctx, text(body.get('userName')), failure)
    if reply is None:
        reply = agent_rate.check(ctx, user, endpoint)
    return (None, None, reply) if reply else (body, user, None)


def create(ctx):
    body, user, reply = _start(ctx, 'createAgent')
    if reply:
        return reply
    agent_id = text(body.get('agentId'))
    if not agent_id:
        return rules.error(rules.MSG_NOT_FOUND)   # the page's (odd) answer to a missing agentId
    invalid = rules.check_fields(body, user, ('agentName', 'password', 'email'))
    if invalid:
        return invalid
    behaviour = ctx.behaviour
    fields = rules.CREATE_FIELDS if behaviour['agent_create_fields'] == 'documented' else None
    existing = find_agent(user, agent_id)
    if existing is not None:
        choice = behaviour['agent_create_existing']
        if choice == 'already_exists':
            return rules.error(rules.MSG_EXISTS, 'already_exists')
        if choice == 'agent_not_found':
            return rules.error(rules.MSG_NOT_FOUND, 'already_exists')
        user['agents'].remove(existing)   # 'overwrite': a create replaces the agent, password included
    agent = copy.deepcopy(AGENT_DEFAULTS)
    agent['agentId'] = agent_id
    agent['modes'] = {}
    rules.apply_fields(agent, body, user, behaviour, fields)
    user['agents'].append(agent)
    if agent_id in user['deletedAgents']:
        user['deletedAgents'].remove(agent_id)
    return rules.capital_success(rules.MSG_CREATED)


def update(ctx):
    body, user, reply = _start(ctx, 'updateAgent')
    if reply:
        return reply
    agent = find_agent(user, text(body.get('agentId')))
    if agent is None:
        return rules.error(rules.MSG_NOT_FOUND, 'not_found')
    required = ('agentName', 'password', 'email') if ctx.behaviour['agent_update_requires'] == 'name_email_password' else ()
    invalid = rules.check_fields(body, user, required)
    if invalid:
        return invalid
    given = text(body.get('agentName'))
    if ctx.behaviour['agent_rename_key'] == 'match_key' and given and given.casefold() != agent['agentName'].casefold():
        return rules.error(rules.MSG_NOT_FOUND, 'not_found')   # agentName names the agent to update, like agentId
    new_id = text(body.get('agentIdNew'))
    if new_id and new_id != agent['agentId']:
        if find_agent(user, new_id) is not None:
            return rules.error(rules.MSG_EXISTS, 'already_exists')
        agent['agentId'] = new_id
    rules.apply_fields(agent, body, user, ctx.behaviour, update=True)
    if ctx.behaviour['agent_update_reply'] == 'reworded':   # Q8: the page documents no success answer
        return replies.status_success('Agent details updated successfully')
    return replies.status_success(rules.MSG_UPDATED)


def _delete_error(message, outcome):
    return replies.Reply({'status': 'error', 'messages': message}, outcome)   # note the key "messages"


def delete(ctx):
    body, user, reply = _start(ctx, 'deleteAgent')
    if reply:
        return reply
    agent_id = text(body.get('agentId'))
    agent = find_agent(user, agent_id)
    if agent is None:
        if agent_id and agent_id in user['deletedAgents']:
            return _delete_error(rules.MSG_ALREADY_DELETED, 'not_found')
        return _delete_error(rules.MSG_INVALID_AGENT, 'invalid_input')
    user['agents'].remove(agent)
    user['deletedAgents'].append(agent_id)
    return rules.capital_success('Agent %s Deleted Successfully' % agent_id)


def _details_error(message, outcome):
    # The page shows these without braces ('"status": "error" "message": ...'); a JSON object is the only reading.
    return replies.Reply({'status': 'error', 'message': message}, outcome)


def details(ctx):
    try:
        body = ctx.request.json()
    except BadJson:
        return replies.invalid_json()
    if not text(body.get('userName')):
        return _details_error('userName should not be empty', 'auth_failed')
    request = ctx.request
    user = ctx.state.user(text(body.get('userName')))
    if user and user['authMode'] == 'BASIC_AUTH' and not request.header('apikey') and not request.bearer():
        return _details_error('apiKey should not be empty', 'auth_failed')
    body, user, reply = _start(ctx, 'AgentDetails',
                               lambda: _details_error('userName or apiKey is Invalid', 'auth_failed'))
    if reply:
        return reply
    agent = find_agent(user, text(body.get('agentId')))
    if agent is not None and not agent['loggedIn'] and ctx.behaviour['agent_details_logged_out'] == 'not_found':
        agent = None
    if agent is None:
        if ctx.behaviour['agent_details_not_found'] == 'empty':
            return replies.Reply({'status': 'success', 'message': []}, 'not_found')
        return _details_error(rules.MSG_NOT_FOUND, 'not_found')
    return replies.Reply({'message': [rules.details_row(agent)], 'status': 'success'}, 'success')
