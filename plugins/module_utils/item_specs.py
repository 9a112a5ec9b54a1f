# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Each resource module's options, declared once (see item_options.ItemOptions).

They live in module_utils, not in the modules, because cloudagent_ledger validates an adopted record with the
item spec of the module that owns its kind (a module cannot import another module).
"""

from __future__ import annotations

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

# Per record kind: the owning module, its options, and the item fields its record keeps in `desired`, with
# whether each must be there.
RECORDED = {
    'phone': ('cloudagent_phone', PHONE, {'name': True, 'number': True, 'skills': False}),
    'did': ('cloudagent_did', DID, {'campaign': True, 'dynamic_dids': True, 'fallback_dids': True}),
    'blocklist': ('cloudagent_blocklist', BLOCKLIST,
                  {'name': True, 'description': False, 'expiry': False, 'numbers': False}),
}
