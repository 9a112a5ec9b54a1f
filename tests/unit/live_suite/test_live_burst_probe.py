# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The live suite's burst probes (issue 17 item 5), in-process against the simulator: without a limit every
probe is confirmed after its few requests; an endpoint the simulator limits is contradicted, and the report
line says at which request, with the status, Retry-After and body a user sends us to declare the limit."""

from __future__ import annotations

import pytest

from cloudagent_sim import Simulator

from ansible_collections.ozonetel.cloudagent.tests.live import live_config, test_live_rate_burst as probes
from ansible_collections.ozonetel.cloudagent.tests.live.session import LiveSession
from ansible_collections.ozonetel.cloudagent.tests.unit.live_suite.live_runner import account_env

PROBES = [('burst-phone', probes.test_phone_endpoint_under_a_burst, '/ca_apis/PhoneManageV2'),
          ('burst-blocklist', probes.test_block_list_endpoint_under_a_burst, '/ca_apis/updateBlockNumbers'),
          ('burst-did', probes.test_did_endpoint_under_a_burst, '/APIServices/dynamic/did/update')]


@pytest.fixture(scope='module')
def sim():
    with Simulator() as simulator:
        yield simulator


def _session(sim):
    return LiveSession(live_config.load(account_env(sim, 'demo_user')))


@pytest.mark.parametrize('assumption,probe,path', PROBES, ids=[p[0] for p in PROBES])
def test_no_limit_confirmed_after_a_few_requests(sim, assumption, probe, path):
    sim.reset()
    live = _session(sim)
    try:
        probe(live)
    finally:
        live.close()
    row = live.verdicts.rows[assumption]
    assert row['verdict'] == 'confirmed', row
    sent = [entry for entry in sim.journal() if entry['path'] == path]
    assert len(sent) == probes.BURST == 6
    assert sim.writes() == [] or all(entry['applied'] is False for entry in sim.writes())   # nothing changed
    assert any('no rate limit within 6 back-to-back requests' in note for note in row['notes'])


@pytest.mark.parametrize('status', [429, 200])
@pytest.mark.parametrize('assumption,probe,path', PROBES, ids=[p[0] for p in PROBES])
def test_a_limit_is_reported_with_what_the_server_said(sim, assumption, probe, path, status):
    sim.reset()
    state = sim.state()
    state['behaviour']['rate_limit_status'] = status
    sim.set_state(state)
    sim.set_rate_limits({path: {'requests': 3, 'window': 60}})
    live = _session(sim)
    try:
        with pytest.raises(pytest.fail.Exception, match='assumption %s contradicted' % assumption):
            probe(live)
    finally:
        live.close()
        sim.set_rate_limits({})
    row = live.verdicts.rows[assumption]
    assert row['verdict'] == 'contradicted'
    assert 'rate limited at request 4 of 6: HTTP %d, Retry-After ' % status in row['reason']
    assert 'Max limit exceeded' in row['reason'] and 'endpoints.py' in row['reason']
    # It stops at the first refusal: a burst never hammers a limited account.
    assert len([entry for entry in sim.journal() if entry['path'] == path]) == 4
    assert len(row['observed']) == 4 and row['observed'][-1]['headers'].get('Retry-After')
