# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fixtures shared by every unit test."""
from __future__ import annotations

import pytest

from ansible.module_utils.common import warnings as ansible_warnings

from ansible_collections.ozonetel.cloudagent.tests.unit.module_runner import in_process  # noqa: F401 pylint: disable=unused-import
from ansible_collections.ozonetel.cloudagent.tests.unit.sim_fixtures import module_sim, sim  # noqa: F401 pylint: disable=unused-import


@pytest.fixture(autouse=True)
def _no_warnings_from_earlier_tests():
    """module.warn() fills a process-wide list; clear it so one test's warnings never reach the next."""
    ansible_warnings._global_warnings.clear()  # pylint: disable=protected-access
    ansible_warnings._global_deprecations.clear()  # pylint: disable=protected-access
    yield
