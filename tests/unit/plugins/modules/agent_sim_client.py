# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A client factory for the agent module tests: time is the simulator's clock, and every wait moves it.

Waiting for the agent endpoints' limits (5 writes, 10 AgentDetails a minute) then costs no real time. With the
collection's pacing (issue 17) the client also books its slots on that clock, in a pacing store of the test's own.
"""

from __future__ import annotations

import inspect

from ansible_collections.ozonetel.cloudagent.plugins.module_utils import client as client_module


def sim_clock_client(sim, pacing_dir, slept=None):
    """engine.Context._make_client replacement."""
    accepted = inspect.signature(client_module.CloudAgentClient).parameters

    def sleep(seconds):
        if slept is not None:
            slept.append(seconds)
        sim.advance_clock(seconds)

    def make_client(ctx):
        extra = {'pacing_dir': pacing_dir} if 'pacing_dir' in accepted else {}
        return client_module.CloudAgentClient(ctx.settings, pool_size=ctx.parallel, sleep=sleep, clock=sim.now,
                                              wall_clock=sim.now, **extra)
    return make_client
