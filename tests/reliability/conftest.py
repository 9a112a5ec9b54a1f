# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fixtures of the reliability suite: one simulator per module (reset before each test), a clean environment."""

from __future__ import annotations

import pytest

from ansible_collections.ozonetel.cloudagent.plugins.module_utils import token_cache
from ansible_collections.ozonetel.cloudagent.tests.unit.module_runner import clear_cloudagent_environment

Simulator = pytest.importorskip('cloudagent_sim').Simulator


@pytest.fixture(scope='module')
def module_sim():
    with Simulator() as sim:
        yield sim


@pytest.fixture
def sim(module_sim):
    """The module's simulator back at the fixture state: no faults, empty journal, clock at start."""
    module_sim.reset()
    yield module_sim
    module_sim.set_faults([])


@pytest.fixture(autouse=True)
def clean_env(monkeypatch, tmp_path):
    """No CLOUDAGENT_* from the caller's shell; the token cache in a private directory."""
    clear_cloudagent_environment(monkeypatch)
    monkeypatch.setattr(token_cache, 'DEFAULT_DIR', str(tmp_path / 'token-cache'))


@pytest.fixture
def ledger_dir(tmp_path):
    return tmp_path / 'ledger'
