# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Run a module's main() in-process, the way Ansible runs it, and return the result it printed.

Shared by the module tests, the AWX credential tests and the reliability suite, so that every test reads
a result the same way: one JSON document on stdout, or an assertion naming what was printed instead.

run_module(capsys, module, args) is the runner; the in_process fixture (registered by tests/unit/conftest.py
and tests/reliability/conftest.py) is the one per-test setup around it: a clean CLOUDAGENT_* environment, a
private ledger directory, the test's simulator when it uses one, and connection arguments for it. CAPTURED
is the fixture of the test that is running, for module-level helpers (the name the test files used for
their own dicts before; they import it now).
"""

from __future__ import annotations

import json
import os

import pytest

from ansible.module_utils.common import warnings as ansible_warnings

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


DEMO_USER = 'demo_user'
DEMO_KEY = 'KKdemo00000000000000000000000001'  # the simulator fixture's demo_user


class InProcess(dict):
    """One test's in-process runs: capsys, monkeypatch, ledger (a directory of the test's own), sim and base_url
    (when the test uses the simulator), as keys, so helpers written for the old CAPTURED dicts keep working."""

    def connection(self, **extra):
        """Connection arguments for the test's simulator as demo_user, with the test's ledger."""
        args = {'username': DEMO_USER, 'api_key': DEMO_KEY, 'base_url': self['base_url'], 'ledger': self['ledger']}
        args.update(extra)
        return args

    def run(self, module, args, check=False, diff=False, failed=None, secrets=(DEMO_KEY,)):
        """run_module() with this test's capsys."""
        return run_module(self['capsys'], module, args, check=check, diff=diff, failed=failed, secrets=secrets)

    def fresh_run(self, module, args, **options):
        """run() after emptying the simulator's journal and the warnings of earlier runs, so the result and
        sim.journal() speak of this run only."""
        if self.get('sim') is not None:
            self['sim'].clear_journal()
        ansible_warnings._global_warnings.clear()  # pylint: disable=protected-access
        return self.run(module, args, **options)


CAPTURED = InProcess()  # the running test's (one test runs at a time in a process); empty between tests


@pytest.fixture
def in_process(request, capsys, monkeypatch, tmp_path):
    """The running test's InProcess (see the module docstring)."""
    clear_cloudagent_environment(monkeypatch)
    CAPTURED.clear()
    CAPTURED.update(capsys=capsys, monkeypatch=monkeypatch, ledger=str(tmp_path / 'ledger'), sim=None, base_url=None)
    if 'sim' in request.fixturenames:
        simulator = request.getfixturevalue('sim')
        CAPTURED.update(sim=simulator, base_url=simulator.base_url)
    yield CAPTURED
    CAPTURED.clear()
