# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fixtures shared by every unit test."""
from __future__ import annotations

import pytest

from ansible.module_utils.common import warnings as ansible_warnings

from cloudagent_sim import Simulator


@pytest.fixture(autouse=True)
def _no_warnings_from_earlier_tests():
    """module.warn() fills a process-wide list; clear it so one test's warnings never reach the next."""
    ansible_warnings._global_warnings.clear()  # pylint: disable=protected-access
    ansible_warnings._global_deprecations.clear()  # pylint: disable=protected-access
    yield


@pytest.fixture(scope='module')
def sim():
    """One CloudAgent simulator per test module, on a free loopback port; tests reset it as they need."""
    with Simulator() as simulator:
        yield simulator
