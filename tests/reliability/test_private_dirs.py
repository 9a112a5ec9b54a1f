# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""~/.ansible/cloudagent and everything the collection creates under it are 0700, whatever the umask.

The token cache (~/.ansible/cloudagent/tokens) and the default ledger (~/.ansible/cloudagent/ledger) are
created by a real module run in token mode with HOME pointing at an empty directory, under umask 000 and 022.
"""

from __future__ import annotations

import os
import stat

import pytest

from ansible_collections.ozonetel.cloudagent.plugins.module_utils import token_cache
from ansible_collections.ozonetel.cloudagent.tests.reliability.rel_harness import (
    TOKEN_KEY, TOKEN_USER, module_by_name, run_module)


def mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture(params=[0o000, 0o022], ids=['umask000', 'umask022'])
def umask(request):
    previous = os.umask(request.param)
    yield request.param
    os.umask(previous)


def test_home_directories_are_private(capsys, sim, tmp_path, monkeypatch, umask):
    del umask
    home = tmp_path / 'home'
    home.mkdir()
    monkeypatch.setenv('HOME', str(home))
    monkeypatch.setattr(token_cache, 'DEFAULT_DIR', '~/.ansible/cloudagent/tokens')  # conftest moved it
    args = {'base_url': sim.base_url, 'username': TOKEN_USER, 'api_key': TOKEN_KEY, 'auth_mode': 'token',
            'name': 'DirP1', 'number': '9876500501'}
    result = run_module(capsys, module_by_name('cloudagent_phone'), args)
    assert result.get('failed') is not True and result['changed'] is True, result
    base = home / '.ansible' / 'cloudagent'
    created = [home / '.ansible', base, base / 'tokens', base / 'ledger']
    assert all(path.is_dir() for path in created)
    assert {str(path.relative_to(home)): oct(mode(path)) for path in created} == {
        str(path.relative_to(home)): oct(0o700) for path in created}
    for directory, _subdirs, _files in os.walk(base):
        assert mode(directory) == 0o700, directory


def test_existing_directories_are_left_alone(tmp_path):
    from ansible_collections.ozonetel.cloudagent.plugins.module_utils.private_dir import make_private_dirs
    shared = tmp_path / 'shared'
    shared.mkdir(mode=0o755)
    os.chmod(shared, 0o755)
    make_private_dirs(str(shared / 'a' / 'b'))
    assert mode(shared) == 0o755 and mode(shared / 'a') == 0o700 and mode(shared / 'a' / 'b') == 0o700
