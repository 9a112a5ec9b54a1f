# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""HTTP plumbing: 404/405, keep-alive and single-write responses, the CLI, TLS."""

import os
import signal
import socketserver
import subprocess
import sys
import time

import pytest
import requests

import cloudagent_sim
from cloudagent_sim import Simulator
from sim_helpers import DEMO_KEY

SIM_DIR = os.path.dirname(os.path.dirname(os.path.abspath(cloudagent_sim.__file__)))
PHONE = '/ca_apis/PhoneManageV2'


def test_unknown_path_is_404_html(api, sim):
    response = api.call('POST', '/ca_apis/NoSuchThing', {'userName': 'demo_user'}, api_key=DEMO_KEY)
    assert response.status_code == 404 and response.headers['Content-Type'].startswith('text/html')
    assert sim.journal()[0]['outcome'] == 'not_found' and sim.journal()[0]['kind'] == 'write'


@pytest.mark.parametrize('method, path, allow', [
    ('PUT', PHONE, 'GET, POST'),
    ('GET', '/ca_apis/createBlockNumber', 'POST'),
    ('POST', '/ca_apis/campaignStatus', 'GET'),
    ('DELETE', '/ca_apis/updateBlockNumbers', 'PUT'),
])
def test_wrong_method_is_405(api, method, path, allow):
    response = api.call(method, path, {'userName': 'demo_user'}, api_key=DEMO_KEY)
    assert response.status_code == 405 and response.headers['Allow'] == allow


def test_keep_alive_reuses_one_connection(sim):
    """200 requests over one session open one connection (the throughput is measured by make bench)."""
    session = requests.Session()
    url = sim.base_url + '/ca_apis/campaignStatus'
    body = {'userName': 'demo_user', 'campaignName': 'Inbound_Sales'}
    for _attempt in range(200):
        assert session.get(url, json=body, headers={'apiKey': DEMO_KEY}).status_code == 200
    pools = session.get_adapter(url).poolmanager.pools
    assert [pools[key].num_connections for key in pools.keys()] == [1]


def test_each_response_is_one_socket_write(sim, monkeypatch):
    """Status line, headers and body leave in one write: split writes meet delayed ACK (~40 ms a request)."""
    writes = []
    original = socketserver._SocketWriter.write  # pylint: disable=protected-access

    def counting(self, data):
        writes.append(len(data))
        return original(self, data)

    monkeypatch.setattr(socketserver._SocketWriter, 'write', counting)  # pylint: disable=protected-access
    session = requests.Session()
    url = sim.base_url + '/ca_apis/campaignStatus'
    for _attempt in range(5):
        response = session.get(url, json={'userName': 'demo_user', 'campaignName': 'Inbound_Sales'},
                               headers={'apiKey': DEMO_KEY})
        assert response.status_code == 200 and response.content
    assert len(writes) == 5 and all(size > len(response.content) for size in writes)


def test_cli_url_file_and_sigterm(tmp_path):
    url_file = tmp_path / 'url'
    env = dict(os.environ, PYTHONPATH=SIM_DIR)
    proc = subprocess.Popen([sys.executable, '-m', 'cloudagent_sim', '--port', '0', '--url-file', str(url_file)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True)
    try:
        deadline = time.time() + 10
        while not url_file.exists() and time.time() < deadline:
            time.sleep(0.02)
        url = url_file.read_text().strip()
        assert url.startswith('http://127.0.0.1:')
        assert requests.get(url + '/_sim/health', timeout=5).json()['status'] == 'ok'
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 0, err
    assert out.strip() == url
    assert not url_file.exists()


@pytest.fixture(scope='module')
def tls_files(tmp_path_factory):
    directory = tmp_path_factory.mktemp('tls')
    cert, key = directory / 'cert.pem', directory / 'key.pem'
    try:
        subprocess.run(['openssl', 'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
                        '-addext', 'subjectAltName=IP:127.0.0.1',
                        '-keyout', str(key), '-out', str(cert)], check=True, capture_output=True)
    except (OSError, subprocess.CalledProcessError) as exc:
        pytest.skip('openssl cannot make a test certificate: %s' % exc)
    return str(cert), str(key)


def test_tls(tls_files):
    with Simulator(tls=tls_files) as secure:
        assert secure.base_url.startswith('https://127.0.0.1:')
        response = requests.get(secure.base_url + '/ca_apis/campaignStatus', json={'userName': 'demo_user'},
                                headers={'apiKey': DEMO_KEY}, verify=tls_files[0], timeout=5)
        assert response.json()['status'] == 'success'
        with pytest.raises(requests.exceptions.SSLError):
            requests.get(secure.base_url + '/_sim/health', timeout=5)
        assert requests.get(secure.base_url + '/_sim/health', verify=tls_files[0], timeout=5).status_code == 200
