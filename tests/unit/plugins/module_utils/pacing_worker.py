# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""One process of the pacing tests (test_pacing.py): threads sharing one client send requests to an endpoint
declared, for the test only, with a limit; the client sleeps and reads time on the simulator's clock.

    python pacing_worker.py '{"base_url": ..., "store": ..., "pacing_dir": ..., "count": 14, "threads": 4,
                              "requests": 5, "window": 60}'

Prints one JSON line: sent, errors, request_count, warnings, waited.
"""

from __future__ import annotations

import json
import sys
import threading

import requests

from ansible_collections.ozonetel.cloudagent.plugins.module_utils import endpoints
from ansible_collections.ozonetel.cloudagent.plugins.module_utils.client import CloudAgentClient
from ansible_collections.ozonetel.cloudagent.plugins.module_utils.options import ConnectionSettings
from ansible_collections.ozonetel.cloudagent.plugins.module_utils.endpoints import Limit

PROBE = 'paced_probe'


def declare_probe(requests_per_window, window):
    """A test-only endpoint: campaignStatus (a read every simulator account answers) under a declared limit."""
    endpoints.ENDPOINTS[PROBE] = endpoints.Endpoint(PROBE, 'GET', '/ca_apis/campaignStatus', 'account', 'campaign',
                                                    'read', None, Limit(requests_per_window, float(window)))


class SimClock:
    """time.time and time.sleep of the simulator (virtual_time.py): sleeping lets its clock jump."""

    def __init__(self, base_url):
        self.base_url = base_url
        self.local = threading.local()

    def _session(self):
        if not hasattr(self.local, 'session'):
            self.local.session = requests.Session()
        return self.local.session

    def now(self):
        return self._session().get(self.base_url + '/_sim/health', timeout=60).json()['clock']

    def sleep(self, seconds):
        self._session().post(self.base_url + '/_sim/sleep', json={'seconds': seconds}, timeout=600).raise_for_status()

    def done(self):
        self._session().post(self.base_url + '/_sim/actor_done', json={}, timeout=60).raise_for_status()


def main():
    cfg = json.loads(sys.argv[1])
    declare_probe(cfg['requests'], cfg['window'])
    clock = SimClock(cfg['base_url'])
    settings = ConnectionSettings(base_url=cfg['base_url'], username=cfg.get('user', 'demo_user'),
                                  api_key=cfg.get('api_key', 'KKdemo00000000000000000000000001'), auth_mode='api_key',
                                  token=None, timeout=float(cfg.get('timeout', 30)), retries=5, verify=True)
    client = CloudAgentClient(settings, store=cfg.get('store'), pacing_dir=cfg.get('pacing_dir'), sleep=clock.sleep,
                              clock=clock.now, wall_clock=clock.now, pool_size=cfg['threads'])
    left = [cfg['count']]
    lock = threading.Lock()
    sent, errors = [], []

    def take():
        with lock:
            if left[0] <= 0:
                return False
            left[0] -= 1
            return True

    def work():
        try:
            while take():
                client.call(PROBE)
                sent.append(1)
        except Exception as exc:  # pylint: disable=broad-except
            errors.append(str(exc))
        finally:
            clock.done()

    threads = [threading.Thread(target=work) for dummy in range(cfg['threads'])]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    client.close()
    print(json.dumps({'sent': len(sent), 'errors': errors, 'request_count': client.request_count,
                      'warnings': client.warnings, 'waited': client.pacer.waited}))


if __name__ == '__main__':
    main()
