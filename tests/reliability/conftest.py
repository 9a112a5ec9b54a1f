# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fixtures of the reliability suite: the shared simulator and in-process runner (tests/unit), a clean environment."""

from __future__ import annotations

import pytest

from ansible_collections.ozonetel.cloudagent.plugins.module_utils import token_cache
from ansible_collections.ozonetel.cloudagent.tests.unit.module_runner import (  # noqa: F401 pylint: disable=unused-import
    clear_cloudagent_environment, in_process)
from ansible_collections.ozonetel.cloudagent.tests.unit.sim_fixtures import module_sim, sim  # noqa: F401 pylint: disable=unused-import


@pytest.fixture(autouse=True)
def clean_env(monkeypatch, tmp_path):
    """No CLOUDAGENT_* from the caller's shell; the token cache in a private directory."""
    clear_cloudagent_environment(monkeypatch)
    monkeypatch.setattr(token_cache, 'DEFAULT_DIR', str(tmp_path / 'token-cache'))


@pytest.fixture
def ledger_dir(tmp_path):
    return tmp_path / 'ledger'
