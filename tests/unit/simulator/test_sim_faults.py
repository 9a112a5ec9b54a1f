# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Injected faults: every kind, apply/not-apply semantics, reproducibility from a seed."""

import pytest
import requests

from sim_helpers import DEMO_KEY, user_of

PHONE = '/ca_apis/PhoneManageV2'


def create_body(number='9180000001', name='Alice'):
    return {'userName': 'demo_user', 'action': 'create', 'phoneNumber': number, 'phoneName': name}


def phones(sim):
    return user_of(sim.state(), 'demo_user')['phones']


@pytest.mark.parametrize('kind, status, body', [
    ('http429', 429, {'message': 'Max limit exceeded', 'status': 'error'}),
    ('max_limit', 200, {'message': 'Max limit exceeded', 'status': 'error'}),
    ('http500', 500, {'status': 'error', 'message': 'Internal Server Error'}),
    ('http502', 502, {'status': 'error', 'message': 'Bad Gateway'}),
    ('http503', 503, {'status': 'error', 'message': 'Service Unavailable'}),
])
def test_answering_faults_do_not_apply(api, sim, kind, status, body):
    sim.set_faults([{'path': PHONE, 'kind': kind, 'retry_after': 7}])
    response = api.call('POST', PHONE, create_body(), api_key=DEMO_KEY)
    assert (response.status_code, response.json()) == (status, body)
    if kind in ('http429', 'max_limit'):
        assert response.headers['Retry-After'] == '7'
    assert phones(sim) == []
    entry = sim.journal()[0]
    assert (entry['fault'], entry['applied'], entry['status']) == (kind, False, status)


def test_reply_fault_answers_with_the_rules_body(api, sim):
    answer = {'status': 'error', 'message': 'phone_name or phone_number already exist'}
    sim.set_faults([{'path': PHONE, 'kind': 'reply', 'body': answer, 'count': 1}])
    response = api.call('POST', PHONE, create_body(), api_key=DEMO_KEY)
    assert (response.status_code, response.json()) == (200, answer) and phones(sim) == []
    teapot = {'path': PHONE, 'kind': 'reply', 'body': {'Message': 'x'}, 'status': 418}
    sim.set_faults([teapot])
    assert api.call('POST', PHONE, create_body(), api_key=DEMO_KEY).status_code == 418
    sim.set_faults([])
    assert api.call('POST', PHONE, create_body(), api_key=DEMO_KEY).json()['status'] == 'success'


def test_html_fault(api, sim):
    sim.set_faults([{'path': '/ca_apis/', 'kind': 'html'}])
    response = api.call('POST', PHONE, create_body(), api_key=DEMO_KEY)
    assert response.status_code == 502 and response.headers['Content-Type'].startswith('text/html')
    assert '<html>' in response.text and phones(sim) == []


def test_malformed_fault(api, sim):
    sim.set_faults([{'path': PHONE, 'kind': 'malformed'}])
    response = api.call('POST', PHONE, create_body(), api_key=DEMO_KEY)
    assert response.status_code == 200
    with pytest.raises(ValueError):
        response.json()
    assert phones(sim) == []


def test_reset_before_does_not_apply(api, sim):
    sim.set_faults([{'path': PHONE, 'kind': 'reset_before'}])
    with pytest.raises(requests.ConnectionError):
        api.call('POST', PHONE, create_body(), api_key=DEMO_KEY)
    assert phones(sim) == []
    assert sim.journal()[0]['status'] is None


def test_reset_after_applies(api, sim):
    sim.set_faults([{'path': PHONE, 'kind': 'reset_after'}])
    with pytest.raises(requests.ConnectionError):
        api.call('POST', PHONE, create_body(), api_key=DEMO_KEY)
    assert phones(sim)[0]['number'] == '9180000001'
    entry = sim.journal()[0]
    assert (entry['fault'], entry['applied'], entry['outcome'], entry['status']) == ('reset_after', True, 'success', None)


def test_timeout_applies_then_stays_silent(api, sim):
    sim.set_faults([{'path': PHONE, 'kind': 'timeout', 'delay': 0.5}])
    with pytest.raises(requests.ReadTimeout):
        api.call('POST', PHONE, create_body(), api_key=DEMO_KEY, timeout=0.2)
    assert len(phones(sim)) == 1


def test_count_and_methods_filter(api, sim):
    sim.set_faults([{'path': PHONE, 'methods': ['post'], 'kind': 'http503', 'count': 2}])
    assert api.call('GET', PHONE, {'userName': 'demo_user', 'action': 'get', 'phoneNumber': '123'}, api_key=DEMO_KEY).status_code == 200
    codes = [api.call('POST', PHONE, create_body('91800000%02d' % i, 'p%d' % i), api_key=DEMO_KEY).status_code for i in range(4)]
    assert codes == [503, 503, 200, 200]


def _fault_pattern(api, sim, seed):
    sim.reset()
    sim.set_faults([{'path': '/ca_apis/', 'rate': 0.3, 'kind': 'http503'}], seed=seed)
    for index in range(60):
        api.call('GET', '/ca_apis/campaignStatus', {'userName': 'demo_user'}, api_key=DEMO_KEY)
    return [entry['fault'] is not None for entry in sim.journal()]


def test_reproducible_from_seed(api, sim):
    first = _fault_pattern(api, sim, seed=42)
    assert first == _fault_pattern(api, sim, seed=42)
    assert first != _fault_pattern(api, sim, seed=43)
    assert 5 < sum(first) < 35


def test_rate_zero_never_fires_and_reset_clears(api, sim):
    sim.set_faults([{'path': '/', 'rate': 0, 'kind': 'http500'}])
    assert api.call('GET', '/ca_apis/campaignStatus', {'userName': 'demo_user'}, api_key=DEMO_KEY).status_code == 200
    sim.set_faults([{'path': '/', 'kind': 'http500'}])
    sim.reset()
    assert api.call('GET', '/ca_apis/campaignStatus', {'userName': 'demo_user'}, api_key=DEMO_KEY).status_code == 200


@pytest.mark.parametrize('rule', [
    {'path': 'ca_apis', 'kind': 'http500'},
    {'path': '/', 'kind': 'explode'},
    {'path': '/', 'kind': 'http500', 'rate': 2},
    {'path': '/', 'kind': 'http500', 'bogus': 1},
    {'path': '/', 'kind': 'reply'},
])
def test_bad_rules_are_refused(sim, rule):
    with pytest.raises(ValueError):
        sim.set_faults([rule])
