# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Field rules, documented strings and the field-applying logic of the agent endpoints (shared/agents-api.md 2.1-2.4)."""

import re

from cloudagent_sim import replies
from cloudagent_sim.agent_model import MODE_FLAGS, password_hash
from cloudagent_sim.validation import split_list, text

AGENT_NAME = re.compile(r'^[A-Za-z0-9.@_-]{2,50}$')
AGENT_DATA = re.compile(r'^[A-Za-z0-9.@_-]{2,100}$')
EMAIL = re.compile(r'^[^@\s]+@[^@\s]+\.[^@\s]+$')

MSG_USER = 'Invalid User Details'
MSG_NOT_FOUND = 'Agent not found'
MSG_NAME_RULES = ('The agent name must not be empty and it should be between 2 and 50 alphanumeric characters and '
                  'allow special characters such as., @, _, -')
MSG_NAME_REQUIRED = 'Agent Name is required'
MSG_PASSWORD_LENGTH = 'Password length must be between 3 and 50 characters'
MSG_PASSWORD_REQUIRED = 'Password is required'
MSG_EMAIL_FORMAT = 'Invalid email format'
MSG_EMAIL_REQUIRED = 'Email should not be null or empty'
MSG_AGENT_DATA = ('Agent data must be between 2 and 100 characters using only letters, numbers, and special characters '
                  'like ., @, _, -')
MSG_SIP = 'Invalid sipLocation'     # also the page's answer to an invalid screenRecording (Q3)
MSG_EXISTS = 'Agent Already Exists'  # the legacy AgentManage string (Q2 reading "already_exists")
MSG_CREATED = 'Agent Created Successfully'
MSG_UPDATED = 'Agent Updated Successfully'  # undocumented (Q8): the legacy edit string
MSG_INVALID_AGENT = 'Invalid Agent Details'
MSG_ALREADY_DELETED = 'Invalid agent details or Agent is already deleted'

# The fields the createAgent page's error table names (Q1 reading "documented": create applies only these).
CREATE_FIELDS = ('agentName', 'email', 'password', 'agentData', 'screenRecording', 'sipLocation')


def user_failed():
    return replies.token_layer(MSG_USER)


def error(message, outcome='invalid_input'):
    return replies.status_error(message, outcome)


def name_rules():
    return replies.Reply({'Status': 'Fail', 'Message': {'agentName': MSG_NAME_RULES}}, 'invalid_input')


def capital_success(message):
    return replies.Reply({'Status': 'Success', 'Message': message}, 'success', applied=True)


def _missing(body, key):
    return key not in body or text(body.get(key)) in (None, '')


def check_fields(body, user, required):
    """The reply of the first failing documented rule, else None. ``required``: fields that must be present."""
    if 'agentName' in required and _missing(body, 'agentName'):
        return error(MSG_NAME_REQUIRED)
    if not _missing(body, 'agentName') and not AGENT_NAME.match(text(body['agentName'])):
        return name_rules()
    if not _missing(body, 'agentNameNew') and not AGENT_NAME.match(text(body['agentNameNew'])):
        return name_rules()
    if 'password' in required and _missing(body, 'password'):
        return error(MSG_PASSWORD_REQUIRED)
    if not _missing(body, 'password') and not 3 <= len(text(body['password'])) <= 50:
        return error(MSG_PASSWORD_LENGTH)
    if 'email' in required and _missing(body, 'email'):
        return error(MSG_EMAIL_REQUIRED)
    if not _missing(body, 'email') and not EMAIL.match(text(body['email'])):
        return error(MSG_EMAIL_FORMAT)
    if not _missing(body, 'agentData') and not AGENT_DATA.match(text(body['agentData'])):
        return error(MSG_AGENT_DATA)
    if 'screenRecording' in body and not isinstance(body['screenRecording'], bool):
        return error(MSG_SIP)   # verbatim (Q3)
    sip = text(body.get('sipLocation'))
    if sip and user['sipLocations'] and sip not in user['sipLocations']:
        return error(MSG_SIP)
    return None


def _skill_entries(value, schema):
    """(name, priority) pairs of an assignSkills/unAssignSkills value read under one Q6 reading; others are dropped."""
    if schema == 'csv':
        # The legacy form: one comma-separated string (or a list of names); objects mean nothing here.
        if isinstance(value, str) or (isinstance(value, list) and all(isinstance(item, str) for item in value)):
            return [(name, None) for name in split_list(value)]
        return []
    pairs = []
    for entry in value if isinstance(value, list) else []:
        if isinstance(entry, dict) and isinstance(entry.get(schema), str) and entry[schema].strip():
            pairs.append((entry[schema].strip(), entry.get('priority')))
    return pairs


def apply_skills(agent, body, user, schema):
    """Silently ignores entries the reading does not understand and skills not in the account's catalogue."""
    catalogue = {name.lower(): name for name in user['skills']}
    for name, _priority in _skill_entries(body.get('unAssignSkills'), schema):
        agent['skills'] = [skill for skill in agent['skills'] if skill['name'].lower() != name.lower()]
    for name, priority in _skill_entries(body.get('assignSkills'), schema):
        known = catalogue.get(name.lower())
        if known is None:
            continue
        agent['skills'] = [skill for skill in agent['skills'] if skill['name'] != known]
        agent['skills'].append({'name': known, 'priority': priority})


def apply_groups(agent, body):
    removed = {name.lower() for name in split_list(body.get('unAssignAgentGroups'))}
    agent['groups'] = [group for group in agent['groups'] if group.lower() not in removed]
    for group in split_list(body.get('assignAgentGroups')):
        if group.lower() not in {item.lower() for item in agent['groups']}:
            agent['groups'].append(group)


def apply_fields(agent, body, user, behaviour, fields=None, update=False):
    """Write the fields of a request body the endpoint accepts; ``fields`` limits them (create's Q1 reading)."""
    def wanted(key):
        return key in body and (fields is None or key in fields)

    # Q5, on update: agentNameNew renames (agentName then only validated, or a match key: handlers/agent.py), or
    # agentName is the name to set and agentNameNew is ignored. On create agentName is the name.
    by_name = not update or behaviour['agent_rename_key'] == 'agent_name'
    if wanted('agentName') and by_name:
        agent['agentName'] = text(body['agentName'])
    if wanted('agentNameNew') and text(body['agentNameNew']) and update and not by_name:
        agent['agentName'] = text(body['agentNameNew'])
    if wanted('password') and text(body['password']):
        agent['passwordHash'] = password_hash(text(body['password']))
        agent['passwordSets'] += 1
    for key in ('email', 'agentData', 'sipLocation', 'autoAnswer'):
        if wanted(key) and text(body[key]) not in (None, ''):
            agent[key] = text(body[key])
    for key in ('screenRecording', 'locked'):
        if wanted(key) and isinstance(body[key], bool):
            agent[key] = body[key]
    if wanted('callControls') and isinstance(body['callControls'], dict):
        agent['callControls'] = body['callControls']
    for flag in MODE_FLAGS:
        if wanted(flag) and isinstance(body[flag], bool):
            agent['modes'][flag] = body[flag]
    if fields is None or 'assignSkills' in fields:
        apply_skills(agent, body, user, behaviour['agent_skill_schema'])
    if fields is None or 'assignAgentGroups' in fields:
        apply_groups(agent, body)


def details_row(agent):
    """One AgentDetails row, keys in the documented order and casing."""
    state = agent['state'] if agent['loggedIn'] else 'LOGGED OUT'
    return {'State': state, 'Since': agent['since'], 'Skill': ', '.join(skill['name'] for skill in agent['skills']),
            'AgentName': agent['agentName'], 'PhoneNumber': agent['phoneNumber'] if agent['loggedIn'] else None,
            'AgentId': agent['agentId'], 'Mode': agent['mode']}
