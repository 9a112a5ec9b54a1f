# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The Ansible side of the known-state store: the modules' `ledger` option and opening the store it names."""

from __future__ import annotations

from ansible.module_utils.basic import env_fallback

LEDGER_ENV = 'CLOUDAGENT_LEDGER'

LEDGER_ARGSPEC = {
    'ledger': {'type': 'str', 'fallback': (env_fallback, [LEDGER_ENV])},
}


def open_module_ledger(module, secrets=None):
    """Open the store named by the module's ledger option, or fail the module with the store's message.

    The module's api_key/token (plus any secrets given) become strings no record may contain. (CloudAgentModule
    masks a password in a Redis URL, or CLOUDAGENT_LEDGER_PASSWORD, in every result.)
    """
    # Imported here: ledger.py re-exports this module's names, so this module cannot import it at the top.
    from ansible_collections.ozonetel.cloudagent.plugins.module_utils.ledger import (
        DEFAULT_LEDGER_DIR, LedgerError, open_ledger, redact_location)
    location = module.params.get('ledger')
    refused = [s for s in list(secrets or []) + [module.params.get('api_key'), module.params.get('token')] if s]
    try:
        return open_ledger(location, secrets=refused)
    except LedgerError as exc:
        module.fail_json(msg=str(exc), ledger=redact_location(location or DEFAULT_LEDGER_DIR))
    return None  # not reached: fail_json exits
