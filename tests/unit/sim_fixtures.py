# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""How tests start the CloudAgent simulator: one launcher for Python, one for shell.

Python: cloudagent_sim.Simulator is the launcher (a context manager: real HTTP on a free loopback port,
stopped on exit). Tests take it through the two fixtures below, defined here once and registered by
tests/unit/conftest.py and tests/reliability/conftest.py; a test that needs one of its own (TLS, another
fixture, a token log) writes `with Simulator(tls=...) as sim:`.
Shell: scripts/lib/simulator.sh (start_simulator / stop_simulator), used by the integration targets
(setup_simulator/sim.sh), the demo and the packaging check. Only the simulator's own tests start its command
line directly, since that is what they test.
"""

from __future__ import annotations

import pytest

from cloudagent_sim import Simulator


@pytest.fixture(scope='module')
def module_sim():
    """One simulator for the whole test module."""
    with Simulator() as simulator:
        yield simulator


@pytest.fixture
def sim(module_sim):  # pylint: disable=redefined-outer-name
    """The module's simulator back at the fixture state: no faults, empty journal, clock at start."""
    module_sim.reset()
    yield module_sim
    module_sim.set_faults([])
