# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Per-endpoint limits per account (rate_limits.py) and sleeping on the simulator's clock (virtual_time.py)."""

import threading

import pytest

from sim_helpers import DEMO_KEY, TINY_KEY

CAMPAIGNS = '/ca_apis/campaignStatus'


def status(api, user='demo_user', key=DEMO_KEY):
    return api.call('GET', CAMPAIGNS, {'userName': user}, api_key=key)


def control(api, method, name, body=None):
    response = api.call(method, '/_sim/' + name, body)
    assert response.status_code == 200, response.text
    return response.json()


def test_no_limit_unless_configured(api, sim):
    assert all(status(api).status_code == 200 for dummy in range(12))


def test_a_configured_limit_is_enforced_per_account_on_the_simulator_clock(api, sim):
    control(api, 'PUT', 'rate_limits', {'limits': {CAMPAIGNS: {'requests': 2, 'window': 60}}})
    assert [status(api).status_code for dummy in range(2)] == [200, 200]
    refused = status(api)
    assert refused.status_code == 429 and refused.json()['message'] == 'Max limit exceeded'
    assert 59 <= int(refused.headers['Retry-After']) <= 60
    assert status(api, 'tiny_user', TINY_KEY).status_code == 200  # another account has its own window
    sim.advance_clock(30)
    assert status(api).status_code == 429  # refused requests do not count, the window still holds two
    sim.advance_clock(31)
    assert status(api).status_code == 200
    assert [e['status'] for e in sim.journal() if e['user'] == 'demo_user'] == [200, 200, 429, 429, 200]
    sim.reset()
    assert status(api).status_code == 200 and status(api).status_code == 200 and status(api).status_code == 200


def test_the_body_only_variant_follows_rate_limit_status(api, sim):
    state = sim.state()
    state['behaviour']['rate_limit_status'] = 200
    sim.set_state(state)
    sim.set_rate_limits({CAMPAIGNS: {'requests': 1, 'window': 60}})
    status(api)
    refused = status(api)
    assert refused.status_code == 200 and refused.json()['message'] == 'Max limit exceeded'
    sim.reset()


@pytest.mark.parametrize('bad', [{'campaignStatus': {'requests': 1, 'window': 1}},
                                 {CAMPAIGNS: {'requests': 0, 'window': 60}}, {CAMPAIGNS: {'window': 60}}])
def test_bad_limits_are_refused(api, bad):
    assert api.call('PUT', '/_sim/rate_limits', {'limits': bad}).status_code == 400


def test_the_clock_jumps_only_when_every_actor_sleeps(api, sim):
    sim.reset()
    start = sim.now()
    control(api, 'PUT', 'actors', {'count': 2})
    woke = {}

    def sleeper(name, seconds):
        woke[name] = control(api.__class__(sim), 'POST', 'sleep', {'seconds': seconds})['clock']

    first = threading.Thread(target=sleeper, args=('first', 600))
    first.start()
    first.join(0.3)
    assert first.is_alive() and sim.now() - start < 60  # the second actor is awake: no jump
    second = threading.Thread(target=sleeper, args=('second', 300))
    second.start()
    second.join(10)
    assert 300 <= woke['second'] - start < 360  # both asleep: jump to the earlier wake time
    control(api, 'POST', 'actor_done')  # the second actor leaves: the first is alone and asleep
    first.join(10)
    assert 600 <= woke['first'] - start < 660
    assert sim.virtual_time()['actors'] == 1
    sim.reset()
    assert sim.virtual_time()['actors'] == 0
