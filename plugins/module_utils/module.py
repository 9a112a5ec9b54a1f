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

from ansible.module_utils import basic
from ansible.module_utils.basic import AnsibleModule

from ansible_collections.ozonetel.cloudagent.plugins.module_utils.errors import ValidationError
from ansible_collections.ozonetel.cloudagent.plugins.module_utils.ledger import location_secrets
from ansible_collections.ozonetel.cloudagent.plugins.module_utils.summary import MAX_MESSAGE, clip, one_line, problems_message
from ansible_collections.ozonetel.cloudagent.plugins.module_utils.validate import parallel_count, yaml_numbers


class CloudAgentModule(AnsibleModule):
    """AnsibleModule that always masks the API key, the token and a password in a Redis ledger URL."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._register_secrets()
        self._refuse_bad_input()

    def _refuse_bad_input(self):
        """Ansible has already turned an integer given for a str option into text; the raw arguments still
        show it (basic._load_params() parses them again), so a number YAML changed is refused, not used.
        parallel below 1 is refused here too: every module with a bulk form shares it."""
        problems = yaml_numbers(basic._load_params(), self.argument_spec)  # pylint: disable=protected-access
        if 'parallel' in self.argument_spec:
            try:
                parallel_count(self.params.get('parallel'))
            except ValidationError as exc:
                problems.append(str(exc))
        if problems:
            self.fail_json(msg=problems_message(problems), errors=problems)

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
        # One line a person can read; a longer text stays whole in msg_full (the fields next to msg hold the rest).
        text = one_line(msg)
        if len(text) > MAX_MESSAGE:
            kwargs.setdefault('msg_full', text)
            text = clip(text, MAX_MESSAGE)
        super().fail_json(text, **kwargs)
