# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The /_sim/ control API and the Python API: journal, state, faults, latency, clock, reset, isolation."""


import pytest

from cloudagent_sim import Simulator
from sim_helpers import DEMO_KEY, TOKEN_KEY, user_of

PHONE = '/ca_apis/PhoneManageV2'
CREATE = {'userName': 'demo_user', 'action': 'create', 'phoneNumber': '9180000001', 'phoneName': 'Alice'}


def control(api, method, name, body=None):
    response = api.call(method, '/_sim/' + name, body)
    assert response.status_code == 200, response.text
    return response.json()


def test_health(api, sim):
    body = control(api, 'GET', 'health')
    assert body['status'] == 'ok' and body['base_url'] == sim.base_url


def test_journal_get_delete_and_not_journaled(api):
    api.json('POST', PHONE, CREATE)
    control(api, 'GET', 'health')
    entries = control(api, 'GET', 'journal')
    assert [(entry['seq'], entry['path'], entry['kind']) for entry in entries] == [(1, PHONE, 'write')]
    assert entries[0]['body']['phoneNumber'] == '9180000001'
    assert control(api, 'GET', 'journal?kind=read') == []
    control(api, 'DELETE', 'journal')
    assert control(api, 'GET', 'journal') == []


def test_state_get_put_roundtrip(api, sim):
    state = control(api, 'GET', 'state')
    user_of(state, 'demo_user')['phones'].append({'name': 'Seeded', 'number': '9180000042'})
    control(api, 'PUT', 'state', state)
    found = api.json('GET', PHONE, {'userName': 'demo_user', 'action': 'get', 'phoneName': 'seeded'})
    assert found == {'status': 'success', 'message': [{'phoneNumber': '9180000042', 'phoneName': 'Seeded'}]}
    assert sim.state() == control(api, 'GET', 'state')


def test_bad_state_is_refused_and_kept(api, sim):
    before = sim.state()
    response = api.call('PUT', '/_sim/state', {'behaviour': {'http_errors': 'teapot'}, 'users': []})
    assert response.status_code == 400
    assert sim.state() == before


def test_faults_over_http(api):
    control(api, 'PUT', 'faults', {'rules': [{'path': PHONE, 'kind': 'http502', 'count': 1}], 'seed': 3})
    assert api.call('POST', PHONE, CREATE, api_key=DEMO_KEY).status_code == 502
    assert api.call('POST', PHONE, CREATE, api_key=DEMO_KEY).status_code == 200
    control(api, 'PUT', 'faults', [{'path': PHONE, 'kind': 'http500'}])
    assert api.call('POST', PHONE, CREATE, api_key=DEMO_KEY).status_code == 500
    assert api.call('PUT', '/_sim/faults', {'rules': [{'path': '/', 'kind': 'nope'}]}).status_code == 400


class _WaitLog:
    """Stands in for the app's stop event: records each injected delay instead of sleeping it."""

    def __init__(self, event):
        self.event, self.delays = event, []

    def wait(self, seconds):
        self.delays.append(round(seconds, 3))
        return False

    def __getattr__(self, name):
        return getattr(self.event, name)


def test_latency_global_and_per_prefix(api, sim, monkeypatch):
    app = sim._app  # pylint: disable=protected-access
    waits = _WaitLog(app.stopping)
    monkeypatch.setattr(app, 'stopping', waits)
    phone_get = {'userName': 'demo_user', 'action': 'get', 'phoneNumber': '123'}
    control(api, 'PUT', 'latency', {'ms': 150, 'path': '/ca_apis/campaign'})
    api.call('GET', '/ca_apis/campaignStatus', {'userName': 'demo_user'}, api_key=DEMO_KEY)
    api.call('GET', PHONE, phone_get, api_key=DEMO_KEY)
    assert waits.delays == [0.15]  # the prefix applies to campaignStatus only
    sim.set_latency(120)
    api.call('GET', PHONE, phone_get, api_key=DEMO_KEY)
    control(api, 'GET', 'health')
    assert waits.delays == [0.15, 0.12]  # global latency for the phone; control calls are never delayed


def test_clock_over_http(api):
    token = api.token()
    body = control(api, 'POST', 'clock', {'advance': 3600})
    assert body['clock_offset'] == 3600
    found = api.json('GET', PHONE, {'userName': 'token_user', 'action': 'get', 'phoneNumber': '123'}, api_key=None, bearer=token)
    assert found['message'] == 'Token Expired'
    assert api.call('POST', '/_sim/clock', {'advance': -5}).status_code == 400


def test_reset_over_http(api, sim):
    api.json('POST', PHONE, CREATE)
    api.token()
    sim.advance_clock(100)
    sim.set_faults([{'path': '/', 'kind': 'http500'}])
    control(api, 'POST', 'reset')
    assert user_of(sim.state(), 'demo_user')['phones'] == [] and sim.state()['tokens'] == {}
    assert sim.journal() == [] and control(api, 'GET', 'health')['clock_offset'] == 0
    assert api.call('POST', PHONE, CREATE, api_key=DEMO_KEY).status_code == 200


@pytest.mark.parametrize('method, name, status', [('GET', 'nothing', 404), ('POST', 'journal', 405), ('GET', 'reset', 405)])
def test_unknown_control_calls(api, method, name, status):
    assert api.call(method, '/_sim/' + name).status_code == status


def test_writes_lists_write_requests_only(api, sim):
    api.json('GET', '/ca_apis/campaignStatus', {'userName': 'demo_user'})
    api.json('POST', PHONE, dict(CREATE, phoneNumber='12'))
    api.json('POST', '/ca_apis/CAToken/generateToken', {'userName': 'token_user'}, api_key=TOKEN_KEY)
    writes = sim.writes()
    assert [(entry['path'], entry['outcome'], entry['applied']) for entry in writes] == [(PHONE, 'invalid_input', False)]


def test_journal_never_holds_secrets(api, sim):
    token = api.token()
    api.json('GET', PHONE, {'userName': 'token_user', 'action': 'get', 'phoneNumber': '123'}, api_key=None, bearer=token)
    api.json('POST', '/APIServices/dynamic/did/update', {'username': 'demo_user', 'apiKey': DEMO_KEY}, api_key=None)
    api.call('POST', PHONE, data='userName=demo_user&apiKey=%s' % DEMO_KEY, api_key=DEMO_KEY)
    text = repr(sim.journal())
    assert DEMO_KEY not in text and TOKEN_KEY not in text and token not in text


def test_instances_do_not_share_state(api, sim):
    api.json('POST', PHONE, CREATE)
    with Simulator() as other:
        assert other.base_url != sim.base_url
        assert user_of(other.state(), 'demo_user')['phones'] == [] and other.journal() == []


def test_only_loopback(sim):
    del sim
    with pytest.raises(ValueError):
        Simulator(host='0.0.0.0').start()


def test_fixture_from_dict_and_behaviour_validation():
    fixture = {'users': [{'userName': 'solo', 'apiKey': 'KKsolo'}]}
    with Simulator(fixture=fixture) as solo:
        assert user_of(solo.state(), 'solo')['authMode'] == 'BASIC_AUTH'
    with pytest.raises(ValueError):
        Simulator(fixture={'behaviour': {'phone_get_shape': 'round'}, 'users': []})
