# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The AnsibleModule every module of the collection is built with.

ansible-core collects no_log values in one pass over the argument spec; when an element of a list option
with suboptions is not a dict (``phones: [just-a-name]``), that pass raises, no value is collected, and
the validation failure returns ``invocation.module_args`` with the API key in clear text. Secrets are
therefore registered again, from the top-level options alone, before any failure is reported; the
password of a Redis ledger URL (not a no_log option: the rest of the URL is worth showing) as well.

The same module runs on two paths (docs/architecture.md): as a module process (AnsiballZ), or in the
controller's worker process through the collection's action plugin of the same name. On the second path the
action plugin sets in_process_factory() for the length of one task run, and CloudAgentModule(...) then returns
the action plugin's in-process module (plugins/plugin_utils/in_process.py) built from the same arguments:
the module's main() is the same code on both paths. The rules below are shared by both module objects.
"""

from __future__ import annotations

import contextlib

from ansible.module_utils import basic
from ansible.module_utils.basic import AnsibleModule

from ansible_collections.ozonetel.cloudagent.plugins.module_utils.errors import ValidationError
from ansible_collections.ozonetel.cloudagent.plugins.module_utils.ledger import location_secrets
from ansible_collections.ozonetel.cloudagent.plugins.module_utils.summary import MAX_MESSAGE, clip, one_line, problems_message
from ansible_collections.ozonetel.cloudagent.plugins.module_utils.validate import parallel_count, yaml_numbers

# The in-process module factory of the task running now (action path), or None (module path). One slot per
# process: a worker runs one task at a time, and the slot is emptied when that task's run ends.
_IN_PROCESS = [None]


@contextlib.contextmanager
def in_process_factory(factory):
    """While the block runs, CloudAgentModule(**kwargs) returns factory(**kwargs) (the action path)."""
    if _IN_PROCESS[0] is not None:
        raise RuntimeError('an in-process module run is already active in this process')
    _IN_PROCESS[0] = factory
    try:
        yield
    finally:
        _IN_PROCESS[0] = None


def secrets_of(argument_spec, params):
    """The values no result may show: no_log strings, top-level and in the dict elements of a list option (the
    bulk forms' passwords: collected here too, since ansible-core collects none when one element is not a
    dict), and the password of a Redis ledger URL."""
    found = []
    for name, spec in (argument_spec or {}).items():
        value = (params or {}).get(name)
        if spec.get('no_log') and isinstance(value, str) and value:
            found.append(value)
        secret_keys = [key for key, sub in (spec.get('options') or {}).items() if sub.get('no_log')]
        if secret_keys and isinstance(value, list):
            found.extend(entry[key] for entry in value if isinstance(entry, dict) for key in secret_keys
                         if isinstance(entry.get(key), str) and entry[key])
    found.extend(location_secrets((params or {}).get('ledger')))
    return found


def input_problems(raw_params, argument_spec, params):
    """Ansible has already turned an integer given for a str option into text; the raw arguments still show
    it, so a number YAML changed is refused, not used. parallel below 1 is refused here too: every module
    with a bulk form shares it."""
    problems = yaml_numbers(raw_params, argument_spec)
    if 'parallel' in argument_spec:
        try:
            parallel_count(params.get('parallel'))
        except ValidationError as exc:
            problems.append(str(exc))
    return problems


def failure_text(msg, kwargs):
    """One line a person can read; a longer text stays whole in msg_full (the fields next to msg hold the rest)."""
    text = one_line(msg)
    if len(text) > MAX_MESSAGE:
        kwargs.setdefault('msg_full', text)
        text = clip(text, MAX_MESSAGE)
    return text


class CloudAgentModule(AnsibleModule):
    """AnsibleModule that always masks the API key, the token and a password in a Redis ledger URL."""

    def __new__(cls, *args, **kwargs):
        factory = _IN_PROCESS[0]
        if factory is not None:
            # Action path: not an instance of cls, so Python does not call __init__ below.
            return factory(*args, **kwargs)
        return super().__new__(cls)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._register_secrets()
        self._refuse_bad_input()

    def _refuse_bad_input(self):
        # basic._load_params() parses the raw arguments again.
        problems = input_problems(basic._load_params(), self.argument_spec, self.params)  # pylint: disable=protected-access
        if problems:
            self.fail_json(msg=problems_message(problems), errors=problems)

    def _register_secrets(self):
        for secret in secrets_of(getattr(self, 'argument_spec', None), getattr(self, 'params', None)):
            self.no_log_values.add(secret)

    def fail_json(self, msg, **kwargs):  # pylint: disable=arguments-differ
        self._register_secrets()
        text = failure_text(msg, kwargs)
        super().fail_json(text, **kwargs)
