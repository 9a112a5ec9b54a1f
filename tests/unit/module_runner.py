# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Run a module's main() in-process, the way Ansible runs it, and return the result it printed.

Shared by the module tests, the AWX credential tests and the reliability suite, so that every test reads
a result the same way: one JSON document on stdout, or an assertion naming what was printed instead.
"""

from __future__ import annotations

import json
import os

import pytest

try:
    from ansible.module_utils.testing import patch_module_args
except ImportError:  # ansible-core < 2.19 (make compat runs 2.16): the same, the way those versions read arguments
    import contextlib

    from ansible.module_utils import basic
    from ansible.module_utils.common.text.converters import to_bytes

    @contextlib.contextmanager
    def patch_module_args(args):
        saved = basic._ANSIBLE_ARGS
        basic._ANSIBLE_ARGS = to_bytes(json.dumps({'ANSIBLE_MODULE_ARGS': args}))
        try:
            yield
        finally:
            basic._ANSIBLE_ARGS = saved


def run_module(capsys, module, args, check=False, diff=False, failed=None, secrets=()):
    """module.main() with args; the result dict. failed (True/False) asserts the outcome, and no secret may
    appear anywhere in what the module printed."""
    args = dict(args, _ansible_check_mode=check, _ansible_diff=diff)
    capsys.readouterr()
    with patch_module_args(args):
        with pytest.raises(SystemExit):
            module.main()
    out = capsys.readouterr().out
    for secret in secrets:
        assert secret not in out
    try:
        result = json.loads(out)
    except ValueError:
        raise AssertionError('module printed no single JSON result: %r' % out[:2000]) from None
    if failed is not None:
        assert bool(result.get('failed')) is failed, result
    return result


def clear_cloudagent_environment(monkeypatch):
    """No CLOUDAGENT_* variable of the caller's shell may reach a module under test."""
    for name in list(os.environ):
        if name.startswith('CLOUDAGENT_'):
            monkeypatch.delenv(name)
