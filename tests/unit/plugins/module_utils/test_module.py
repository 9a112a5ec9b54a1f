# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""CloudAgentModule masks secrets even when ansible-core's own argument validation fails."""

from __future__ import annotations

import json

import pytest

from ansible.module_utils.common.parameters import PASS_VARS
from ansible_collections.ozonetel.cloudagent.tests.unit.module_runner import patch_module_args

from ansible_collections.ozonetel.cloudagent.plugins.module_utils.module import CloudAgentModule

KEY = 'KKsecret-key-0000000000000000001'
TOKEN = 'eyJ.token-secret.value'
LEDGER_PASSWORD = 'ledger-pass-42'
SPEC = {
    'username': {'type': 'str'},
    'api_key': {'type': 'str', 'no_log': True},
    'token': {'type': 'str', 'no_log': True},
    'ledger': {'type': 'str'},
    'items': {'type': 'list', 'elements': 'dict', 'options': {'name': {'type': 'str', 'required': True}}},
    'count': {'type': 'int'},
}
ARGS = {'username': 'demo_user', 'api_key': KEY, 'token': TOKEN,
        'ledger': 'redis://:%s@127.0.0.1:6379/0' % LEDGER_PASSWORD}


def _result(capsys, args, after=None):
    capsys.readouterr()
    with patch_module_args(args):
        with pytest.raises(SystemExit):
            module = CloudAgentModule(argument_spec=SPEC)
            after(module)
    return capsys.readouterr().out


@pytest.mark.parametrize('bad', [
    {'items': ['just-a-name']},            # ansible-core collects no no_log value at all for this one
    {'count': 'many'},                     # an ordinary type error
    {'items': [{'nome': 'typo'}]},         # unknown suboption
])
def test_validation_failures_never_show_secrets(capsys, bad):
    out = _result(capsys, dict(ARGS, **bad))
    result = json.loads(out)
    assert result['failed'] is True and result['msg']
    for secret in (KEY, TOKEN, LEDGER_PASSWORD):
        assert secret not in out


# ansible-core 2.21 returns invocation only when the controller asks for it (INJECT_INVOCATION); older
# versions always do. Ask, where the option exists, so the assertion below sees module_args either way.
INJECT = {'_ansible_inject_invocation': True} if 'inject_invocation' in PASS_VARS else {}


def test_results_of_a_valid_run_never_show_secrets(capsys):
    out = _result(capsys, dict(ARGS, **INJECT), after=lambda module: module.exit_json(changed=False, echo=[KEY, TOKEN]))
    result = json.loads(out)
    assert result['invocation']['module_args']['username'] == 'demo_user'
    for secret in (KEY, TOKEN, LEDGER_PASSWORD):
        assert secret not in out
