# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The account model: users (one CloudAgent account each), their catalogues and objects, tokens, behaviour.

The exported form is the fixture form, so ``set_state(state())`` round-trips.
"""

import copy
import json
import os

from cloudagent_sim.agent_model import agent_record
from cloudagent_sim.handlers.blocklist import SWITCHES as BLOCKLIST_SWITCHES

DEFAULT_FIXTURE = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), 'fixtures', 'account.json')

# The switchable alternatives of the decisions table (docs/architecture.md), first value = our assumption.
BEHAVIOUR_CHOICES = {
    'http_errors': ('documented', 'rest'),            # decision 1
    'rate_limit_status': (429, 200),                  # decision 2
    'phone_get_not_found': ('error', 'empty'),        # decision 3
    'phone_get_shape': ('list', 'bare', 'data'),      # decision 4; 'data': {"status":"success","data":{...}}
    **BLOCKLIST_SWITCHES,                             # decision 9 (duplicate_group) and issue 14's block readings
    'campaign_status_name': ('filter', 'ignored'),    # decision 21: 'ignored' lists every campaign, as the sample
    # Agents (shared/agents-api.md section 7; docs/api-contract.md section 12), handlers/agent*.py.
    'agent_create_fields': ('documented', 'all'),                 # Q1: does createAgent take update's fields?
    'agent_create_existing': ('already_exists', 'agent_not_found', 'overwrite'),   # Q2
    'agent_update_requires': ('agent_id', 'name_email_password'),  # Q4: required set of updateAgent
    'agent_skill_schema': ('skillName', 'name', 'csv'),           # Q6: what an assignSkills entry is
    'agent_details_not_found': ('agent_not_found', 'empty'),      # Q11: unknown agent on AgentDetails
    'agent_details_logged_out': ('listed', 'not_found'),          # Q11: logged-out agents on AgentDetails
    'agent_details_limit': ('ten_per_minute', 'one_per_5min'),    # Q11: page limit vs its error text
    'agent_rate_scope': ('endpoint', 'account'),                  # Q18: one bucket per endpoint or shared writes
    'agent_rename_key': ('agent_name_new', 'agent_name', 'match_key'),   # Q5: which updateAgent key renames
    'agent_update_reply': ('legacy', 'reworded'),   # Q8: updateAgent's success, undocumented: the legacy string or other
    # Issue 14 (docs/api-contract.md, "Readings"): the edit key a server honours for a new phone name
    # (seed 001's table and the current table say PhoneNameNew, the current sample phoneNameNew).
    'phone_rename_key': ('both', 'PhoneNameNew', 'phoneNameNew'),
    # What a phone delete of a number the account does not hold answers (decision 6 only guesses).
    'phone_delete_missing': ('no_record', 'success', 'does_not_exist', 'not_exists'),
    # Decision 7: a phone number kept exactly as sent, or without its leading '+' (a server that normalises).
    'phone_number_storage': ('as_sent', 'strip_plus'),
    # campaignStatus without a campaignName: every campaign (decision 21), or refused as mandatory.
    'campaign_list_without_name': ('all', 'refused'),
}
AUTH_MODES = ('BASIC_AUTH', 'TOKEN_AUTH')
USER_DEFAULTS = {
    'authMode': 'BASIC_AUTH',
    'phoneLimit': 1000,
    'dynamicDidEnabled': True,
    'skills': [],
    'dids': [],
    'campaigns': [],
    'phones': [],
    'blockGroups': [],
    # Simulator lever, not an API fact: numbers (server form) the account refuses to block. They come back in
    # the per-number error array of create/update, which the docs show but never explain.
    'unblockable': [],
    'agents': [],
    # agentIds deleted from this account: deleting one again is "already deleted", not "Invalid Agent Details".
    'deletedAgents': [],
    # Simulator lever: the SIP locations the account has; empty = any sipLocation is valid.
    'sipLocations': [],
}


def load_fixture(fixture=None):
    """A fixture given as None (the default file), a path, or an already-parsed dict."""
    if fixture is None:
        fixture = DEFAULT_FIXTURE
    if isinstance(fixture, dict):
        return copy.deepcopy(fixture)
    with open(fixture, encoding='utf-8') as handle:
        return json.load(handle)


def _behaviour(data):
    behaviour = {key: choices[0] for key, choices in BEHAVIOUR_CHOICES.items()}
    for key, value in (data or {}).items():
        if key not in BEHAVIOUR_CHOICES:
            raise ValueError('unknown behaviour switch %r' % key)
        if key == 'rate_limit_status':
            value = int(value)
        if value not in BEHAVIOUR_CHOICES[key]:
            raise ValueError('behaviour %s must be one of %s' % (key, BEHAVIOUR_CHOICES[key]))
        behaviour[key] = value
    return behaviour


def _user(data):
    if not isinstance(data, dict) or not data.get('userName') or not data.get('apiKey'):
        raise ValueError('every user needs userName and apiKey')
    user = copy.deepcopy(USER_DEFAULTS)
    user.update(copy.deepcopy(data))
    if user['authMode'] not in AUTH_MODES:
        raise ValueError('authMode of %s must be one of %s' % (user['userName'], AUTH_MODES))
    user['dids'] = [str(did) for did in user['dids']]
    for campaign in user['campaigns']:
        campaign.setdefault('dynamicDIDs', [])
        campaign.setdefault('fallbackDynamicDIDs', [])
    for phone in user['phones']:
        phone.setdefault('skills', [])
    user['agents'] = [agent_record(agent) for agent in user['agents']]
    for group in user['blockGroups']:
        group['id'] = int(group['id'])
        group.setdefault('description', '')
        group.setdefault('expiryDate', None)
        group.setdefault('numbers', [])
    return user


class AccountState:
    def __init__(self, data):
        self.behaviour = {}
        self.users = []
        self.tokens = {}
        self.next_group_id = 1
        self.load(data)

    def load(self, data):
        if not isinstance(data, dict):
            raise ValueError('state must be a JSON object')
        users = [_user(item) for item in data.get('users', [])]
        names = [user['userName'] for user in users]
        if len(set(names)) != len(names):
            raise ValueError('userName values must be unique')
        group_ids = [group['id'] for user in users for group in user['blockGroups']]
        self.behaviour = _behaviour(data.get('behaviour'))
        self.users = users
        self.tokens = copy.deepcopy(data.get('tokens', {}))
        self.next_group_id = max([int(data.get('nextGroupId', 1))] + [gid + 1 for gid in group_ids])
        # Per-account request windows of rate-limited endpoints (handlers/agent_rate.py); not part of the fixture.
        self.rate_windows = {}

    def export(self):
        return copy.deepcopy({
            'behaviour': self.behaviour,
            'users': self.users,
            'tokens': self.tokens,
            'nextGroupId': self.next_group_id,
        })

    def user(self, name):
        if not isinstance(name, str):
            return None
        for user in self.users:
            if user['userName'] == name:
                return user
        return None

    def allocate_group_id(self):
        group_id = self.next_group_id
        self.next_group_id += 1
        return group_id

    def token_record(self, user_name):
        return self.tokens.setdefault(user_name, {'token': None, 'expiresAt': 0.0, 'issued': []})
