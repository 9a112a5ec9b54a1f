# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Broken networks, each answered with one short line naming the cause and the fix (transport_errors.py).

Everything runs on loopback: a closed port (refused), a listening socket whose accept queue is full (connect
timeout), the simulator's hang fault (read timeout) and its HTML 404 (a base_url with a path), a resolver that
fails (DNS, patched in-process: no name server is ever asked). The TLS cases live in
tests/unit/plugins/module_utils/test_tls.py. The library's own text stays in response.transport_error.
"""

from __future__ import annotations

import socket

import pytest

from ansible.module_utils.common import warnings as common_warnings

from ansible_collections.ozonetel.cloudagent.plugins.module_utils.summary import MAX_MESSAGE
from ansible_collections.ozonetel.cloudagent.tests.reliability.rel_harness import (
    DEMO_KEY, connection, module_by_name, run_module, tls_material)

PHONE = {'name': 'NetP1', 'number': '9876500301'}
NOISE = ('HTTPConnectionPool', 'Max retries', 'urllib3', 'object at 0x', 'Caused by')


def run_phone(capsys, sim, ledger_dir, **conn):
    args = connection(sim, ledger_dir, timeout=1, retries=1)
    args.update(PHONE)
    args.update(conn)
    return run_module(capsys, module_by_name('cloudagent_phone'), args)


def assert_short(result, *words):
    assert result.get('failed') is True, result
    msg = result['msg']
    assert len(msg) <= MAX_MESSAGE and '\n' not in msg, msg
    for word in words:
        assert word in msg, (word, msg)
    for noise in NOISE:
        assert noise not in msg, (noise, msg)
    assert DEMO_KEY not in str(result)


def warnings(result):
    """Warning texts, whether the result holds strings or ansible-core 2.19 WarningSummary objects."""
    return [w if isinstance(w, str) else w['event']['msg'] for w in result.get('warnings', [])]


def info_args(sim, **extra):
    args = {'base_url': sim.base_url, 'username': 'demo_user', 'api_key': DEMO_KEY}
    args.update(extra)
    return args


def fresh_warnings():
    """In-process runs share ansible-core's warning list; a real task starts with an empty one."""
    getattr(common_warnings, '_global_warnings').clear()


def closed_port():
    with socket.socket() as probe:
        probe.bind(('127.0.0.1', 0))
        return probe.getsockname()[1]


def test_connection_refused(capsys, sim, ledger_dir):
    port = closed_port()
    result = run_phone(capsys, sim, ledger_dir, base_url='http://127.0.0.1:%d' % port)
    assert_short(result, 'connection refused by 127.0.0.1 port %d' % port, 'nothing listens there',
                 'check the host and port of base_url', 'gave up after 2 attempts')
    assert result['code'] == 'connection_refused'
    assert 'ConnectionError' in result['response']['transport_error']  # the library's words, in the result


def test_cannot_resolve_host(capsys, sim, ledger_dir, monkeypatch):
    def no_dns(host, *args, **kwargs):
        raise socket.gaierror(socket.EAI_NONAME, 'Name or service not known')
    monkeypatch.setattr(socket, 'getaddrinfo', no_dns)
    result = run_phone(capsys, sim, ledger_dir, base_url='https://api.example.invalid')
    assert_short(result, 'cannot resolve host api.example.invalid (DNS)', 'check base_url or region')
    assert result['code'] == 'dns_failed' and sim.journal() == []


@pytest.fixture
def full_backlog():
    """A loopback port that accepts no more connections: the kernel drops new SYNs, so connect() times out."""
    server = socket.socket()
    server.bind(('127.0.0.1', 0))
    server.listen(0)
    fillers = []
    for _index in range(4):
        filler = socket.socket()
        filler.setblocking(False)
        try:
            filler.connect(server.getsockname())
        except BlockingIOError:
            pass
        fillers.append(filler)
    try:
        yield server.getsockname()[1]
    finally:
        for filler in fillers:
            filler.close()
        server.close()


def test_connect_timeout_names_the_timeout(capsys, sim, ledger_dir, full_backlog):
    result = run_phone(capsys, sim, ledger_dir, base_url='http://127.0.0.1:%d' % full_backlog, retries=0)
    assert_short(result, 'timed out after 1s connecting to 127.0.0.1 port %d (the timeout option)' % full_backlog)
    assert result['code'] == 'connect_timeout'


def test_read_timeout_names_the_timeout(capsys, sim, ledger_dir):
    sim.set_faults([{'path': '/ca_apis/PhoneManageV2', 'kind': 'timeout', 'delay': 2.5}])
    result = run_phone(capsys, sim, ledger_dir, retries=0)
    assert_short(result, 'no answer from 127.0.0.1 within 1s of sending the request (the timeout option, per read)')
    assert result['code'] == 'timeout'


def test_base_url_with_surrounding_whitespace_works(capsys, sim, ledger_dir):
    result = run_phone(capsys, sim, ledger_dir, base_url='  %s/ \n' % sim.base_url)
    assert result.get('failed') is not True and result['changed'] is True, result
    assert [p['number'] for u in sim.state()['users'] for p in u['phones'] if p['name'] == 'NetP1'] == ['9876500301']


def test_base_url_with_inner_space_is_refused_locally(capsys, sim, ledger_dir):
    result = run_phone(capsys, sim, ledger_dir, base_url=sim.base_url.replace('//', '// '))
    assert_short(result, 'base_url: must not contain spaces')
    assert sim.journal() == []


def test_html_404_says_endpoint_not_found_at_this_base_url(capsys, sim, ledger_dir):
    result = run_phone(capsys, sim, ledger_dir, base_url=sim.base_url + '/wrong/path')
    assert_short(result, 'HTTP 404: endpoint not found at this base_url', sim.base_url + '/wrong/path',
                 'nothing was applied')
    assert result['kind'] == 'unexpected' and sim.writes() == []


@pytest.mark.filterwarnings('ignore::urllib3.exceptions.InsecureRequestWarning')
def test_validate_certs_false_warns_once_per_task(capsys, ledger_dir, tmp_path):
    simulator = pytest.importorskip('cloudagent_sim').Simulator
    pki = tls_material(tmp_path / 'pki')
    with simulator(tls=(pki['cert'], pki['key'])) as https_sim:
        fresh_warnings()
        args = connection(https_sim, ledger_dir, validate_certs='false')
        args['phones'] = [{'name': 'TlsP%d' % i, 'number': '98765004%02d' % i} for i in range(6)]
        result = run_module(capsys, module_by_name('cloudagent_phone'), args)
        assert result['changed'] is True, result
        insecure = [w for w in warnings(result) if 'validate_certs is false' in w]
        assert insecure == ['validate_certs is false: the certificate of 127.0.0.1 is not checked, so anyone on '
                            'the network path can read the API key; give the CA bundle path instead']
        fresh_warnings()
        verified = run_module(capsys, module_by_name('cloudagent_phone_info'),
                              info_args(https_sim, validate_certs=pki['ca'], names=['TlsP1']))
        assert verified.get('failed') is not True, verified
        assert not [w for w in warnings(verified) if 'validate_certs' in w]
        fresh_warnings()
        info = run_module(capsys, module_by_name('cloudagent_phone_info'),
                          info_args(https_sim, validate_certs='no', names=['TlsP1', 'TlsP2']))
        assert len(info['phones']) == 2, info
        assert len([w for w in warnings(info) if 'validate_certs is false' in w]) == 1, info
