# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The simulator of tests/unit/conftest.py (one per test module), reset before every test."""

import pytest

from sim_helpers import Api


@pytest.fixture(autouse=True)
def _fresh(request):
    if 'sim' in request.fixturenames:
        request.getfixturevalue('sim').reset()


@pytest.fixture
def api(sim):
    return Api(sim)
