# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Local simulator of the Ozonetel CloudAgent API endpoints used by ozonetel.cloudagent.

    from cloudagent_sim import Simulator
    with Simulator() as sim:
        requests.post(sim.base_url + '/ca_apis/PhoneManageV2', ...)

See docs/api-contract.md for what it implements and which parts are assumptions.
"""

from cloudagent_sim.simulator import Simulator

__all__ = ['Simulator']
