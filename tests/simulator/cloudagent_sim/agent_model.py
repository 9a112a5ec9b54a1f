# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""How the simulator holds one agent (fixture form), and the password as a hash.

The simulator keeps only a SHA-256 of an agent's password plus a count of how often it was set, so
``state()`` and ``/_sim/state`` can be printed and scanned freely while tests can still prove which
password an agent has and that nobody reset it.
"""

import copy
import hashlib

MODE_FLAGS = ('inbound', 'manual', 'preview', 'progressive', 'chat', 'blended', 'blendedInbound', 'blendedManual',
              'blendedPreview', 'blendedProgressive', 'blendedChat')

AGENT_DEFAULTS = {
    'agentName': None,
    'email': None,
    'passwordHash': None,
    'passwordSets': 0,
    'agentData': None,
    'sipLocation': None,
    'screenRecording': False,
    'autoAnswer': None,
    'callControls': None,
    'modes': {},
    'skills': [],        # [{"name": ..., "priority": n or None}]
    'groups': [],
    'locked': False,
    # Runtime, as AgentDetails shows it; simulator levers for the logged-out question (Q11).
    'loggedIn': False,
    'state': 'READY',
    'since': '00:00:00',
    'mode': 'Manual',
    'phoneNumber': None,
}


def password_hash(password):
    return hashlib.sha256(password.encode('utf-8')).hexdigest()


def agent_record(data):
    """A fixture agent in canonical form; a plaintext ``password`` in a fixture becomes its hash."""
    if not isinstance(data, dict) or not data.get('agentId'):
        raise ValueError('every agent needs an agentId')
    agent = copy.deepcopy(AGENT_DEFAULTS)
    data = copy.deepcopy(data)
    password = data.pop('password', None)
    agent.update(data)
    if password is not None:
        agent['passwordHash'] = password_hash(password)
        agent['passwordSets'] = max(1, int(agent['passwordSets']))
    agent['skills'] = [skill if isinstance(skill, dict) else {'name': skill, 'priority': None}
                       for skill in agent['skills']]
    return agent


def find_agent(user, agent_id):
    for agent in user['agents']:
        if agent['agentId'] == agent_id:
            return agent
    return None
