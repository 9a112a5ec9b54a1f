# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The AnsibleModule every module of the collection is built with.

ansible-core collects no_log values in one pass over the argument spec; when an element of a list option
with suboptions is not a dict (``phones: [just-a-name]``), that pass raises, no value is collected, and
the validation failure returns ``invocation.module_args`` with the API key in clear text. Secrets are
therefore registered again, from the top-level options alone, before any failure is reported; the
password of a Redis ledger URL (not a no_log option: the rest of the URL is worth showing) as well.
"""

from __future__ import annotations

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.ozonetel.cloudagent.plugins.module_utils.ledger import location_secrets


class CloudAgentModule(AnsibleModule):
    """AnsibleModule that always masks the API key, the token and a password in a Redis ledger URL."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._register_secrets()

    def _register_secrets(self):
        params = getattr(self, 'params', None) or {}
        for name, spec in (getattr(self, 'argument_spec', None) or {}).items():
            value = params.get(name)
            if spec.get('no_log') and isinstance(value, str) and value:
                self.no_log_values.add(value)
        for secret in location_secrets(params.get('ledger')):
            self.no_log_values.add(secret)

    def fail_json(self, msg, **kwargs):  # pylint: disable=arguments-differ
        self._register_secrets()
        super().fail_json(msg, **kwargs)
