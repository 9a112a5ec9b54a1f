# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Request pacing: processes and threads of one account stay under an endpoint's declared limit.

The simulator enforces the limit on its own clock and answers 429 above it; the clients sleep on that
clock (virtual_time.py), so the minutes a limit implies pass in seconds. What is asserted is the
simulator's journal: when each request arrived, in simulated time, and what it was answered.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from ansible_collections.ozonetel.cloudagent.plugins.module_utils import endpoints
from ansible_collections.ozonetel.cloudagent.plugins.module_utils.client import CloudAgentClient
from ansible_collections.ozonetel.cloudagent.plugins.module_utils.errors import CloudAgentError
from ansible_collections.ozonetel.cloudagent.plugins.module_utils.options import ConnectionSettings
from ansible_collections.ozonetel.cloudagent.plugins.module_utils.endpoints import Limit
from ansible_collections.ozonetel.cloudagent.plugins.module_utils.pacing import MARGIN, book
from ansible_collections.ozonetel.cloudagent.tests.unit.plugins.module_utils import pacing_worker
from ansible_collections.ozonetel.cloudagent.tests.unit.redis_server import REDIS_SERVER_MISSING, RedisServer

pytest.importorskip('requests')

PATH = '/ca_apis/campaignStatus'
WORKER = pacing_worker.__file__


def max_in_any_window(times, window):
    """The most requests in any window of `window` seconds, however aligned: (t - window, t] at each t."""
    times = sorted(times)
    return max(sum(1 for u in times if t - window < u <= t) for t in times)


def probe_journal(sim):
    return [e for e in sim.journal() if e['path'] == PATH]


@pytest.fixture(params=['directory', 'redis'])
def store(request, tmp_path):
    if request.param == 'directory':
        yield None
        return
    if REDIS_SERVER_MISSING:
        pytest.skip(REDIS_SERVER_MISSING)
    with RedisServer(tmp_path / 'redis') as server:
        yield server.url


def test_three_processes_of_four_threads_stay_under_five_a_minute(sim, tmp_path, store):
    sim.reset()
    sim.set_rate_limits({PATH: {'requests': 5, 'window': 60}})
    sim.expect_actors(12)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path), HOME=str(tmp_path))
    procs = []
    for count in (14, 13, 13):  # 40 requests in all
        cfg = {'base_url': sim.base_url, 'store': store, 'pacing_dir': str(tmp_path / 'pacing'), 'count': count,
               'threads': 4, 'requests': 5, 'window': 60}
        procs.append(subprocess.Popen([sys.executable, WORKER, json.dumps(cfg)], env=env, stdout=subprocess.PIPE,
                                      stderr=subprocess.PIPE, text=True))
    outputs = []
    for proc in procs:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err[-3000:]
        outputs.append(json.loads(out))
    sim.expect_actors(0)
    journal = probe_journal(sim)
    sim.reset()
    assert [o['errors'] for o in outputs] == [[], [], []]
    assert sum(o['sent'] for o in outputs) == 40 and len(journal) == 40
    assert {e['status'] for e in journal} == {200}  # not one 429
    times = [e['time'] for e in journal]
    assert max_in_any_window(times, 60) == 5
    # The 36th request can go no earlier than 7 windows (plus margins) after the first: ~7 simulated minutes.
    span = max(times) - min(times)
    assert 7 * (60 + MARGIN) - 0.001 <= span < 7 * (60 + MARGIN) + 30, span
    # Every process announced its first long wait once, with the estimate.
    for output in outputs:
        pacing = [w for w in output['warnings'] if w.startswith('pacing:')]
        assert len(pacing) == 1 and 'allows 5 requests a minute per account' in pacing[0] and 'waiting' in pacing[0]


# ---- one client, fake clock ----------------------------------------------------------------------

class FakeTime:
    """A clock that moves only when slept on."""

    def __init__(self, start):
        self.now = start
        self.slept = []

    def time(self):
        return self.now

    def sleep(self, seconds):
        self.slept.append(seconds)
        self.now += seconds


@pytest.fixture
def probe(monkeypatch):
    def declare(requests_per_window, window=60.0):
        monkeypatch.setitem(endpoints.ENDPOINTS, pacing_worker.PROBE, endpoints.Endpoint(
            pacing_worker.PROBE, 'GET', PATH, 'account', 'campaign', 'read', None, Limit(requests_per_window, window)))
    return declare


def fake_client(sim, tmp_path, fake, timeout=30.0):
    settings = ConnectionSettings(base_url=sim.base_url, username='demo_user', api_key='KKdemo00000000000000000000000001',
                                  auth_mode='api_key', token=None, timeout=timeout, retries=5, verify=True)
    return CloudAgentClient(settings, pacing_dir=str(tmp_path / 'pacing'), sleep=fake.sleep, clock=fake.time,
                            wall_clock=fake.time, rand=lambda: 1.0)


def test_a_wait_beyond_the_budget_fails_with_the_time_to_wait(sim, tmp_path, probe):
    sim.reset()
    probe(2)
    fake = FakeTime(sim.now())
    with fake_client(sim, tmp_path, fake, timeout=3.0) as client:  # budget 30 s
        client.call(pacing_worker.PROBE)
        client.call(pacing_worker.PROBE)
        with pytest.raises(CloudAgentError) as info:
            client.call(pacing_worker.PROBE)
    assert len(probe_journal(sim)) == 2 and fake.slept == []  # the third was not sent, nothing slept
    err = info.value
    assert err.code == 'paced_out' and err.applied is False
    wait = '%d s' % (60 + MARGIN)  # the first slot comes back one window and the margin after its request
    assert 'allows 2 requests a minute per account; the next free slot for this account is %s away' % wait in str(err)
    assert 'more than the remaining retry budget of 30 s' in str(err) and 'run again in %s' % wait in str(err)


def test_short_waits_are_quiet_and_unpaced_endpoints_never_touch_the_store(sim, tmp_path, probe):
    sim.reset()
    probe(10, 5.0)  # 10 per 5 s: waits of about 6 s, under the warning threshold
    fake = FakeTime(sim.now())
    with fake_client(sim, tmp_path, fake) as client:
        for dummy in range(25):
            client.call(pacing_worker.PROBE)
        client.call('campaign_status')  # the real endpoint declares no limit
    assert client.warnings == [] and len(fake.slept) == 2 and all(5 < s <= 5 + MARGIN for s in fake.slept)
    assert os.listdir(str(tmp_path / 'pacing'))  # the pacing file exists ...
    # Only documented limits are declared: the agent pages' (agents-api.md section 5), none on the other pages.
    paced = {name for name, ep in endpoints.ENDPOINTS.items() if ep.limit is not None}
    assert paced == {pacing_worker.PROBE, 'agent_create', 'agent_update', 'agent_delete', 'agent_details'}


def test_a_rate_limited_answer_still_backs_off_honouring_retry_after(sim, tmp_path, probe):
    sim.reset()
    probe(5)
    sim.set_faults([{'path': PATH, 'kind': 'http429', 'retry_after': 7, 'count': 1}])  # another integration's burst
    fake = FakeTime(sim.now())
    with fake_client(sim, tmp_path, fake) as client:
        assert client.call(pacing_worker.PROBE).kind == 'success'
    assert fake.slept == [7.0] and [e['status'] for e in probe_journal(sim)] == [429, 200]
    sim.reset()


def test_book_keeps_every_window_at_the_limit():
    limit = Limit(3, 10.0)
    stamps, sent = [], []
    now = 0.0
    for dummy in range(10):
        slot, stamps = book(stamps, now, limit, 1000)
        assert slot.granted
        sent.append(slot.at)
        now += 0.5  # callers keep arriving while earlier ones wait
    assert max_in_any_window(sent, 10.0) == 3 and sent[:3] == [0.0, 0.5, 1.0] and sent[3] == 10.0 + MARGIN
    slot, kept = book(stamps, now, limit, 5.0)
    assert not slot.granted and kept == sorted(stamps)  # too far away: not booked
