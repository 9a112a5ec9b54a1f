# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""CloudAgentClient against the simulator with injected faults: what is retried, how often, how long.

Retry counts are taken from the simulator's journal (what reached the server), not from the client.
"""

from __future__ import annotations


import pytest

from ansible_collections.ozonetel.cloudagent.plugins.module_utils.client import CloudAgentClient
from ansible_collections.ozonetel.cloudagent.plugins.module_utils.errors import CloudAgentError
from ansible_collections.ozonetel.cloudagent.plugins.module_utils.options import connection_settings
from ansible_collections.ozonetel.cloudagent.tests.reliability.rel_harness import DEMO_KEY, DEMO_USER

PHONE = '/ca_apis/PhoneManageV2'
CAMPAIGN = '/ca_apis/campaignStatus'
BLOCK = '/ca_apis/createBlockNumber'


def client_for(sim, retries=3, timeout=2.0, budget=None, sleeps=None, **extra):
    params = {'base_url': sim.base_url, 'username': DEMO_USER, 'api_key': DEMO_KEY, 'retries': retries,
              'timeout': timeout}
    params.update(extra)
    kwargs = {'retry_budget': budget}
    if sleeps is not None:
        kwargs['sleep'] = sleeps.append  # record the waits instead of sleeping
    return CloudAgentClient(connection_settings(params), **kwargs)


def at(sim, path):
    return [entry for entry in sim.journal() if entry['path'] == path]


def test_rate_limited_read_is_retried_after_retry_after(sim):
    sim.set_faults([{'path': CAMPAIGN, 'kind': 'http429', 'retry_after': 0, 'count': 2}], seed=1)
    sleeps = []
    with client_for(sim, sleeps=sleeps) as client:
        response = client.call('campaign_status', {'campaignName': 'Inbound_Sales'})
    assert response.kind == 'success'
    assert [e['fault'] for e in at(sim, CAMPAIGN)] == ['http429', 'http429', None]
    assert sleeps == [0.0, 0.0]  # Retry-After honoured exactly, not the backoff


@pytest.mark.parametrize('kind', ['http429', 'max_limit'])
def test_rate_limited_write_is_retried_and_applied_once(sim, kind):
    sim.set_faults([{'path': PHONE, 'kind': kind, 'retry_after': 0, 'count': 1}], seed=1)
    with client_for(sim, sleeps=[]) as client:
        client.call('phone_create', {'phoneNumber': '9876500001', 'phoneName': 'RetryPhone'})
    writes = sim.writes()
    assert [e['fault'] for e in writes] == [kind, None]
    phones = sim.state()['users'][0]['phones']
    assert [p['name'] for p in phones] == ['RetryPhone']


@pytest.mark.parametrize('kind', ['http500', 'http502', 'http503', 'html', 'malformed', 'reset_before', 'reset_after'])
def test_server_side_failure_of_a_read_is_retried(sim, kind):
    sim.set_faults([{'path': CAMPAIGN, 'kind': kind, 'count': 2}], seed=1)
    sleeps = []
    with client_for(sim, sleeps=sleeps) as client:
        assert client.call('campaign_status', {'campaignName': ''}).kind == 'success'
    assert len(at(sim, CAMPAIGN)) == 3 and len(sleeps) == 2


def test_read_timeout_is_retried_within_the_timeout_option(sim):
    sim.set_faults([{'path': CAMPAIGN, 'kind': 'timeout', 'delay': 3.0, 'count': 1}], seed=1)
    with client_for(sim, timeout=1.0, sleeps=[]) as client:
        assert client.call('campaign_status', {'campaignName': ''}).kind == 'success'
    # Two requests: the first gave up after the 1 s timeout (waiting out the server's 3 s hang would
    # have got its answer in one request), the retry got the answer.
    assert len(at(sim, CAMPAIGN)) == 2


@pytest.mark.parametrize('kind, applied', [('http503', False), ('reset_before', False), ('reset_after', True),
                                           ('timeout', True), ('malformed', False), ('html', False)])
def test_write_with_unknown_outcome_is_never_resent(sim, kind, applied):
    """The client cannot tell whether the write happened: applied=None, one request, a message that says so."""
    sim.set_faults([{'path': PHONE, 'kind': kind, 'delay': 2.0, 'count': 1}], seed=1)
    with client_for(sim, timeout=1.0, sleeps=[]) as client:
        with pytest.raises(CloudAgentError) as caught:
            client.call('phone_create', {'phoneNumber': '9876500002', 'phoneName': 'LostAnswer'}, operation='create phone')
    assert len(sim.writes()) == 1
    assert caught.value.applied is None
    assert 'may have been applied' in str(caught.value) and str(caught.value).startswith('create phone failed')
    phones = sim.state()['users'][0]['phones']
    assert bool(phones) is applied  # the server really applied it only for faults after the handler ran


def test_retries_zero_means_one_attempt(sim):
    sim.set_faults([{'path': CAMPAIGN, 'kind': 'http503'}], seed=1)
    with client_for(sim, retries=0, sleeps=[]) as client:
        with pytest.raises(CloudAgentError) as caught:
            client.call('campaign_status', {'campaignName': ''})
    assert len(at(sim, CAMPAIGN)) == 1 and 'gave up after 1 attempts' in str(caught.value)


def test_retries_exhausted_counts_attempts(sim):
    sim.set_faults([{'path': CAMPAIGN, 'kind': 'http503'}], seed=1)
    sleeps = []
    with client_for(sim, retries=4, sleeps=sleeps) as client:
        with pytest.raises(CloudAgentError) as caught:
            client.call('campaign_status', {'campaignName': ''})
    assert len(at(sim, CAMPAIGN)) == 5 and len(sleeps) == 4
    assert caught.value.outcome.kind == 'server_error' and caught.value.http_status == 503
    assert 'gave up after 5 attempts' in str(caught.value)


def test_retry_after_beyond_the_budget_fails_at_once(sim):
    sim.set_faults([{'path': CAMPAIGN, 'kind': 'http429', 'retry_after': 120}], seed=1)
    sleeps = []
    with client_for(sim, budget=5, sleeps=sleeps) as client:
        with pytest.raises(CloudAgentError) as caught:
            client.call('campaign_status', {'campaignName': ''})
    assert sleeps == [] and len(at(sim, CAMPAIGN)) == 1  # no wait at all: failed at once
    assert 'asks to wait 120 s' in str(caught.value) and 'retry budget' in str(caught.value)


class _FakeTime:
    """A clock the client's waits advance, plus a fixed cost per request read from the clock."""

    def __init__(self, per_read=0.05):
        self.now, self.per_read, self.sleeps = 0.0, per_read, []

    def clock(self):
        self.now += self.per_read / 2  # read twice per attempt: once before, once after the request
        return self.now

    def sleep(self, seconds):
        self.sleeps.append(seconds)
        self.now += seconds


def test_retry_budget_bounds_the_time_spent(sim):
    """Endless 503s: the client stops once its budget (timeout x 10 unless given) would be exceeded."""
    sim.set_faults([{'path': CAMPAIGN, 'kind': 'http503'}], seed=1)
    fake = _FakeTime()
    settings = connection_settings({'base_url': sim.base_url, 'username': DEMO_USER, 'api_key': DEMO_KEY,
                                    'retries': 50, 'timeout': 2.0})
    with CloudAgentClient(settings, retry_budget=1.5, sleep=fake.sleep, clock=fake.clock) as client:
        with pytest.raises(CloudAgentError) as caught:
            client.call('campaign_status', {'campaignName': ''})
    assert fake.now <= 1.5 + 0.1, fake.now  # simulated seconds: waits plus the per-read cost
    assert 'retry budget' in str(caught.value) or 'gave up' in str(caught.value)
    assert 1 < len(at(sim, CAMPAIGN)) < 51 and len(fake.sleeps) == len(at(sim, CAMPAIGN)) - 1


def test_default_budget_is_ten_timeouts():
    settings = connection_settings({'base_url': 'http://127.0.0.1:9', 'username': 'u', 'api_key': 'k', 'timeout': 2})
    with CloudAgentClient(settings) as client:
        assert client.policy.budget == 20.0 and client.policy.max_attempts == 6


def test_connection_refused_is_retried_then_reported(sim):
    """A closed loopback port: nothing was sent, so even a write is retried; the message says cannot connect."""
    import socket  # pylint: disable=import-outside-toplevel
    with socket.socket() as probe:
        probe.bind(('127.0.0.1', 0))
        port = probe.getsockname()[1]
    sleeps = []
    params = {'base_url': 'http://127.0.0.1:%d' % port, 'username': DEMO_USER, 'api_key': DEMO_KEY, 'retries': 2,
              'timeout': 2}
    with CloudAgentClient(connection_settings(params), sleep=sleeps.append) as client:
        with pytest.raises(CloudAgentError) as caught:
            client.call('phone_create', {'phoneNumber': '9876500003', 'phoneName': 'Nowhere'})
    assert len(sleeps) == 2 and caught.value.applied is False
    assert 'connection refused by 127.0.0.1 port %d: nothing listens there' % port in str(caught.value)


def test_same_seed_same_faults(sim):
    """Fault decisions are reproducible: the same seed and requests give the same faulted requests."""
    rules = [{'path': CAMPAIGN, 'kind': 'http503', 'rate': 0.3}]

    def once():
        sim.reset()
        sim.set_faults(rules, seed=42)
        with client_for(sim, retries=10, sleeps=[]) as client:
            for _call in range(20):
                client.call('campaign_status', {'campaignName': ''})
        return [entry['fault'] for entry in sim.journal()]
    first = once()
    assert first == once() and 'http503' in first


def test_parallel_reads_under_faults_share_one_session(sim):
    """Bounded parallel use of one client under 30% faults: every read succeeds, retries in the journal."""
    from concurrent.futures import ThreadPoolExecutor  # pylint: disable=import-outside-toplevel
    sim.set_faults([{'path': CAMPAIGN, 'kind': 'http503', 'rate': 0.3}], seed=7)
    # Threads make the fault order vary: allow up to 20 retries (0.3**21 per read) and a budget the recorded,
    # never-slept backoffs cannot spend, so the test checks sharing, not the luck of a long fault streak.
    with client_for(sim, retries=20, budget=10 ** 6, sleeps=[]) as client:
        with ThreadPoolExecutor(max_workers=8) as pool:
            kinds = list(pool.map(lambda _i: client.call('campaign_status', {'campaignName': ''}).kind, range(60)))
    assert kinds == ['success'] * 60
    journal = at(sim, CAMPAIGN)
    assert len(journal) == 60 + sum(1 for e in journal if e['fault'])
