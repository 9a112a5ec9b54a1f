# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Each resource module's options, declared once (see item_options.ItemOptions).

They live in module_utils, not in the modules, because cloudagent_ledger validates an adopted record with the
item spec of the module that owns its kind (a module cannot import another module).
"""

from __future__ import annotations

from ansible_collections.ozonetel.cloudagent.plugins.module_utils import agent
from ansible_collections.ozonetel.cloudagent.plugins.module_utils.item_options import ItemOptions

_STATE = {'type': 'str', 'choices': ['present', 'absent'], 'default': 'present'}

PHONE = ItemOptions(
    key='name', bulk='phones',
    item={'name': {'type': 'str', 'required': True}, 'number': {'type': 'str'},
          'skills': {'type': 'list', 'elements': 'str'}, 'rename_from': {'type': 'str'}},
    defaults={'state': _STATE},
    task={'api_flavor': {'type': 'str', 'choices': ['current', 'legacy'], 'default': 'current'},
          'force': {'type': 'bool', 'default': False}},
)

DID = ItemOptions(
    # Required fields are checked by the resource, so one message names every missing or bad field.
    key='campaign', bulk='campaigns',
    item={'campaign': {'type': 'str'}, 'dynamic_dids': {'type': 'list', 'elements': 'str'},
          'fallback_dids': {'type': 'list', 'elements': 'str'}},
    defaults={'force': {'type': 'bool', 'default': False}},
)

BLOCKLIST = ItemOptions(
    key='name', bulk='blocklists',
    item={'name': {'type': 'str', 'required': True}, 'description': {'type': 'str'}, 'expiry': {'type': 'str'},
          'numbers': {'type': 'list', 'elements': 'str'}},
    defaults={'state': _STATE, 'purge': {'type': 'bool', 'default': False}, 'force': {'type': 'bool', 'default': False}},
    task={'return_numbers': {'type': 'bool', 'default': False}},
)

AGENT = ItemOptions(
    # The agent's fields are checked by the resource (agent.canonical_item), so one message names every bad field.
    key='agent_id', bulk='agents',
    item={
        'agent_id': {'type': 'str', 'required': True},
        'name': {'type': 'str'},
        'email': {'type': 'str'},
        'password': {'type': 'str', 'no_log': True},
        'skills': {'type': 'list', 'elements': 'raw'},
        'groups': {'type': 'list', 'elements': 'str'},
        'modes': {'type': 'dict'},
        'agent_data': {'type': 'str'},
        'sip_location': {'type': 'str'},
        'screen_recording': {'type': 'bool'},
        'auto_answer': {'type': 'str'},
        'call_controls': {'type': 'dict'},
        'locked': {'type': 'bool'},
    },
    defaults={
        # Not a secret (on_create or always); said explicitly, or Ansible warns about a "password" option name.
        'update_password': {'type': 'str', 'choices': list(agent.UPDATE_PASSWORD), 'default': 'on_create',
                            'no_log': False},
        'purge_skills': {'type': 'bool', 'default': True},
        'state': _STATE,
        'force': {'type': 'bool', 'default': False},
    },
    task={
        'update_body': {'type': 'str', 'choices': list(agent.UPDATE_BODIES), 'default': 'partial'},
        'skill_format': {'type': 'str', 'choices': list(agent.SKILL_FORMATS), 'default': 'skillName'},
        'trust_record': {'type': 'bool', 'default': False},
    },
)

# Per record kind: the owning module, its options, and the item fields its record keeps in `desired`, with
# whether each must be there.
RECORDED = {
    'phone': ('cloudagent_phone', PHONE, {'name': True, 'number': True, 'skills': False}),
    'did': ('cloudagent_did', DID, {'campaign': True, 'dynamic_dids': True, 'fallback_dids': True}),
    'blocklist': ('cloudagent_blocklist', BLOCKLIST,
                  {'name': True, 'description': False, 'expiry': False, 'numbers': False}),
    # write_only: the write-only options last applied (never the password), as the module's own option names.
    'agent': ('cloudagent_agent', AGENT, {'name': True, 'skills': False, 'write_only': False}),
}
# Recorded fields that are not item options: their argument spec for adoption.
RECORDED_ONLY = {'write_only': {'type': 'dict'}}
