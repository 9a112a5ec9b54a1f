# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""One process of the agent pacing test (test_cloudagent_agent_pacing.py): cloudagent_agent's main() with a bulk
list, its client sleeping and reading time on the simulator's clock (virtual_time.py), one actor per process.

    python agent_pacing_worker.py '{"base_url": ..., "ledger": ..., "pacing_dir": ..., "agents": [...]}'

Prints one JSON line: the module's result.
"""

from __future__ import annotations

import io
import json
import sys
from contextlib import redirect_stdout

from ansible.module_utils.testing import patch_module_args

from ansible_collections.ozonetel.cloudagent.plugins.module_utils import engine
from ansible_collections.ozonetel.cloudagent.plugins.module_utils.client import CloudAgentClient
from ansible_collections.ozonetel.cloudagent.plugins.modules import cloudagent_agent
from ansible_collections.ozonetel.cloudagent.tests.unit.plugins.module_utils.pacing_worker import SimClock


def main():
    cfg = json.loads(sys.argv[1])
    clock = SimClock(cfg['base_url'])

    def make_client(ctx):
        return CloudAgentClient(ctx.settings, pool_size=ctx.parallel, pacing_dir=cfg['pacing_dir'], sleep=clock.sleep,
                                clock=clock.now, wall_clock=clock.now)
    engine.Context._make_client = make_client  # pylint: disable=protected-access
    args = {'username': 'demo_user', 'api_key': 'KKdemo00000000000000000000000001', 'base_url': cfg['base_url'],
            'ledger': cfg['ledger'], 'agents': cfg['agents'], 'parallel': 1, 'timeout': 30, 'retries': 5}
    out = io.StringIO()
    try:
        with patch_module_args(args), redirect_stdout(out):
            cloudagent_agent.main()
    except SystemExit:
        pass
    finally:
        clock.done()
    print(out.getvalue().strip().splitlines()[-1])


if __name__ == '__main__':
    main()
