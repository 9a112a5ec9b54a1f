# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the modules that only touch the known-state store (cloudagent_ledger, cloudagent_ledger_info) say of the
shared options: they accept them all, for module_defaults groups, and use only the account scope and the ledger."""

from __future__ import annotations


class ModuleDocFragment:
    DOCUMENTATION = r'''
options: {}
notes:
  - "Of the shared options this module uses O(username) with O(base_url) or O(region) (they select the account scope)
    and O(ledger). O(api_key), O(auth_mode), O(token), O(timeout), O(retries), O(validate_certs) and O(parallel) are
    accepted, so one C(module_defaults) group can serve every module, and not used: the module sends no request."
'''
