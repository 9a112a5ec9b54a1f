# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""CloudAgentClient against a small threaded loopback stub: wire format, retries, tokens, redaction."""

from __future__ import annotations

import json
import os
import socket
import ssl
import subprocess
import sys
import threading
import time
import traceback
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

import pytest

from ansible_collections.ozonetel.cloudagent.plugins.module_utils import client as client_mod
from ansible_collections.ozonetel.cloudagent.plugins.module_utils.client import CloudAgentClient
from ansible_collections.ozonetel.cloudagent.plugins.module_utils.errors import CloudAgentError
from ansible_collections.ozonetel.cloudagent.plugins.module_utils.options import ConnectionSettings
from ansible_collections.ozonetel.cloudagent.plugins.module_utils.token_cache import TokenCache

pytest.importorskip('requests')

KEY = 'sEcReT-KEY-0123456789'
USER = 'demo_user'
OK_PHONE = {'status': 'success', 'message': 'record inserted successfully'}
NOT_FOUND = {'status': 'error', 'message': 'no record found'}


class Drop(Exception):
    """Raised by a responder: close the connection without answering (reset after the request was sent)."""


class Stub:
    """Threaded HTTP/1.1 server; responder(request dict) -> (status, headers, body)."""

    def __init__(self, responder, tls=None):
        self.responder = responder
        self.requests = []
        stub = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = 'HTTP/1.1'

            def handle_any(self):
                length = int(self.headers.get('Content-Length') or 0)
                raw = self.rfile.read(length) if length else b''
                split = urlsplit(self.path)
                req = {'method': self.command, 'path': split.path, 'query': dict(parse_qsl(split.query)),
                       'headers': {k.lower(): v for k, v in self.headers.items()}, 'raw': raw,
                       'json': json.loads(raw) if raw else None}
                stub.requests.append(req)
                try:
                    status, headers, body = stub.responder(req)
                except Drop:
                    self.close_connection = True
                    return
                data = body.encode() if isinstance(body, str) else json.dumps(body).encode()
                head = ['HTTP/1.1 %d Stub' % status, 'Content-Length: %d' % len(data)]
                head += ['%s: %s' % item for item in headers.items()]
                if 'Content-Type' not in headers:
                    head.append('Content-Type: application/json')
                self.wfile.write(('\r\n'.join(head) + '\r\n\r\n').encode() + data)  # one write: no delayed-ACK stall

            do_GET = do_POST = do_PUT = do_DELETE = handle_any

            def log_message(self, *args):  # keep pytest output clean
                pass

        self.server = ThreadingHTTPServer(('127.0.0.1', 0), Handler)
        self.server.daemon_threads = True
        if tls:
            self.server.socket = tls.wrap_socket(self.server.socket, server_side=True)
        scheme = 'https' if tls else 'http'
        self.base_url = '%s://127.0.0.1:%d' % (scheme, self.server.server_address[1])
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.02,), daemon=True)
        self.thread.start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    def paths(self):
        return [r['path'] for r in self.requests]


@pytest.fixture
def stubs():
    started = []

    def start(responder, tls=None):
        stub = Stub(responder, tls)
        started.append(stub)
        return stub
    yield start
    for stub in started:
        stub.stop()


def settings(base_url, **kw):
    values = {'base_url': base_url, 'username': USER, 'api_key': KEY, 'auth_mode': 'api_key', 'token': None,
              'timeout': 2.0, 'retries': 3, 'verify': True}
    values.update(kw)
    return ConnectionSettings(**values)


class Sleeper:
    def __init__(self):
        self.calls = []

    def __call__(self, seconds):
        self.calls.append(seconds)


def make(stub_or_url, tmp_path, sleep=None, **kw):
    base = stub_or_url if isinstance(stub_or_url, str) else stub_or_url.base_url
    return CloudAgentClient(settings(base, **kw), token_cache_dir=str(tmp_path / 'tokens'),
                            sleep=sleep or Sleeper(), rand=lambda: 1.0)


def assert_clean(err, *secrets):
    secrets = secrets or (KEY,)
    texts = [str(err), repr(err.to_result()), repr(err.body), repr(err.outcome), repr(err.args),
             ''.join(traceback.format_exception(type(err), err, err.__traceback__))]  # what -vvv would show
    assert err.__cause__ is None and err.__context__ is None  # no raw requests exception chained
    for secret in secrets:
        for text in texts:
            assert secret not in text


def always(status, body, headers=None):
    return lambda req: (status, headers or {}, body)


# ---- wire format ---------------------------------------------------------------------------------

def test_get_with_json_body_arrives_as_get_with_the_body(stubs, tmp_path):
    stub = stubs(always(200, {'status': 'success', 'message': [{'phoneNumber': '9876543210', 'phoneName': 'desk'}]}))
    with make(stub, tmp_path) as client:
        response = client.call('phone_get', {'phoneNumber': '9876543210', 'phoneName': ''})
    req = stub.requests[0]
    assert req['method'] == 'GET' and req['path'] == '/ca_apis/PhoneManageV2'
    assert req['json'] == {'phoneNumber': '9876543210', 'phoneName': '', 'action': 'get', 'userName': USER}
    assert req['headers']['content-type'] == 'application/json'
    assert req['headers']['apikey'] == KEY and 'authorization' not in req['headers']
    assert response.data == [{'phoneNumber': '9876543210', 'phoneName': 'desk'}]
    assert (response.kind, response.status) == ('success', 200)
    assert client.request_count == {'read': 1, 'write': 0, 'token': 0}


@pytest.mark.parametrize('no_proxy, via_proxy', [('', True), ('127.0.0.1', False)])
def test_proxy_variables_are_honoured(stubs, tmp_path, monkeypatch, no_proxy, via_proxy):
    """HTTP_PROXY and NO_PROXY are read once, when the client is made, and apply to every call."""
    api = stubs(always(200, OK_PHONE))
    proxy = stubs(always(200, OK_PHONE))
    for name in ('HTTP_PROXY', 'http_proxy', 'NO_PROXY', 'no_proxy', 'ALL_PROXY', 'all_proxy'):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv('HTTP_PROXY', proxy.base_url)
    monkeypatch.setenv('NO_PROXY', no_proxy)
    with make(api, tmp_path) as client:
        monkeypatch.delenv('HTTP_PROXY')  # later changes do not matter: the first reading holds
        client.call('phone_create', {'phoneNumber': '12345', 'phoneName': 'desk'})
        client.call('phone_create', {'phoneNumber': '12346', 'phoneName': 'desk2'})
    assert (len(proxy.requests), len(api.requests)) == ((2, 0) if via_proxy else (0, 2))


def test_netrc_never_adds_credentials(stubs, tmp_path, monkeypatch):
    """A ~/.netrc entry for the API host must not turn into an HTTP Basic header beside the apiKey."""
    stub = stubs(always(200, OK_PHONE))
    netrc = tmp_path / '.netrc'
    netrc.write_text('machine 127.0.0.1 login someone password hunter2\n', encoding='utf-8')
    netrc.chmod(0o600)
    monkeypatch.setenv('NETRC', str(netrc))
    monkeypatch.setenv('HOME', str(tmp_path))
    with make(stub, tmp_path) as client:
        client.call('phone_create', {'phoneNumber': '12345', 'phoneName': 'desk'})
    assert 'authorization' not in stub.requests[0]['headers'] and stub.requests[0]['headers']['apikey'] == KEY


def test_campaign_status_is_a_get_with_body(stubs, tmp_path):
    stub = stubs(always(200, {'status': 'success', 'message': [{'CampaignName': 'Sales'}]}))
    with make(stub, tmp_path) as client:
        assert client.call('campaign_status', {'campaignName': 'Sales'}).data == [{'CampaignName': 'Sales'}]
    assert stub.requests[0]['method'] == 'GET'
    assert stub.requests[0]['json'] == {'campaignName': 'Sales', 'userName': USER}


@pytest.mark.parametrize('name,method,path,action', [
    ('phone_create', 'POST', '/ca_apis/PhoneManageV2', 'create'),
    ('phone_edit', 'POST', '/ca_apis/PhoneManageV2', 'edit'),
    ('phone_delete', 'POST', '/ca_apis/PhoneManageV2', 'delete'),
    ('block_create', 'POST', '/ca_apis/createBlockNumber', None),
    ('block_update', 'PUT', '/ca_apis/updateBlockNumbers', None),
    ('block_delete', 'DELETE', '/ca_apis/deleteBlockNumber', None),
])
def test_account_style_api_key_mode(stubs, tmp_path, name, method, path, action):
    reply = OK_PHONE if action else {'status': 'success', 'message': 'created'}
    stub = stubs(always(200, reply))
    body = {'phoneNumber': '123'}
    with make(stub, tmp_path) as client:
        client.call(name, body)
    req = stub.requests[0]
    assert (req['method'], req['path']) == (method, path)
    assert req['headers']['apikey'] == KEY and 'authorization' not in req['headers']
    expected = {'phoneNumber': '123', 'userName': USER}
    if action:
        expected['action'] = action
    assert req['json'] == expected
    assert body == {'phoneNumber': '123'}  # the caller's dict is not modified


def test_account_style_token_mode_with_given_token(stubs, tmp_path):
    stub = stubs(always(200, OK_PHONE))
    with make(stub, tmp_path, auth_mode='token', token='given-token-xyz') as client:
        client.call('phone_create', {'phoneNumber': '123'})
    req = stub.requests[0]
    assert req['headers']['authorization'] == 'Bearer given-token-xyz'
    assert 'apikey' not in req['headers']
    assert req['json']['userName'] == USER
    assert client.request_count['token'] == 0
    assert not os.path.exists(str(tmp_path / 'tokens'))  # a given token is never cached


@pytest.mark.parametrize('mode,token', [('api_key', None), ('token', 'given-token-xyz')])
def test_body_apikey_style_in_both_modes(stubs, tmp_path, mode, token):
    stub = stubs(always(200, {'Message': 'Dynamic DIDs updated successfully'}))
    with make(stub, tmp_path, auth_mode=mode, token=token) as client:
        client.call('did_update', {'campaignName': 'Sales', 'dynamicDIDs': '1,2', 'fallbackDynamicDIDs': '3'})
    req = stub.requests[0]
    assert (req['method'], req['path']) == ('POST', '/APIServices/dynamic/did/update')
    assert 'apikey' not in req['headers'] and 'authorization' not in req['headers']
    assert req['json'] == {'campaignName': 'Sales', 'dynamicDIDs': '1,2', 'fallbackDynamicDIDs': '3',
                           'apiKey': KEY, 'username': USER}


def test_query_style_legacy_phone(stubs, tmp_path):
    stub = stubs(always(200, OK_PHONE))
    with make(stub, tmp_path) as client:
        client.call('legacy_phone_edit', {'phoneNumber': '+9198', 'phoneNumberNew': '77', 'assignSkill': ['A', 'B']})
    req = stub.requests[0]
    assert (req['method'], req['path'], req['raw']) == ('GET', '/CAServices/PhoneManageV2.php', b'')
    assert req['query'] == {'action': 'edit', 'apiKey': KEY, 'userName': USER, 'phoneNumber': '+9198',
                            'phoneNumberNew': '77', 'assignSkill': 'A,B'}
    assert 'apikey' not in req['headers'] and 'authorization' not in req['headers']
    assert client.request_count['write'] == 1


def test_token_style_generate(stubs, tmp_path):
    stub = stubs(always(200, {'token': 'minted-1', 'message': ''}))
    with make(stub, tmp_path, auth_mode='token') as client:
        assert client.call('token_generate').data == {'token': 'minted-1'}
    req = stub.requests[0]
    assert (req['method'], req['path']) == ('POST', '/ca_apis/CAToken/generateToken')
    assert req['headers']['apikey'] == KEY and 'authorization' not in req['headers']
    assert req['json'] == {'userName': USER}


# ---- outcomes ------------------------------------------------------------------------------------

def test_not_found_raises_unless_allowed(stubs, tmp_path):
    stub = stubs(always(200, NOT_FOUND))
    with make(stub, tmp_path) as client:
        with pytest.raises(CloudAgentError) as info:
            client.call('phone_get', {'phoneNumber': '1'}, operation='read phone 1')
        response = client.call('phone_get', {'phoneNumber': '1'}, allow=('not_found',))
    assert str(info.value) == 'read phone 1 failed: no record found (HTTP 200, not_found)'
    assert info.value.applied is False and info.value.kind == 'not_found'
    assert response.kind == 'not_found'
    assert len(stub.requests) == 2  # a documented answer is final: not retried


def test_to_result_shape(stubs, tmp_path):
    stub = stubs(always(200, {'status': 'error', 'message': 'phone_name or phone_number already exist'}))
    with make(stub, tmp_path) as client, pytest.raises(CloudAgentError) as info:
        client.call('phone_create', {'phoneNumber': '1'}, operation='create phone 1')
    assert info.value.to_result() == {
        'msg': 'create phone 1 failed: phone_name or phone_number already exist (HTTP 200, already_exists)',
        'http_status': 200, 'kind': 'already_exists', 'code': 'phone_exists',
        'endpoint': 'POST /ca_apis/PhoneManageV2',
        'response': {'status': 'error', 'message': 'phone_name or phone_number already exist'}, 'applied': False}


def test_wrong_auth_mode_hint(stubs, tmp_path):
    stub = stubs(always(200, {'status': 'false', 'message': 'Invalid action.', 'data': None}))
    with make(stub, tmp_path, auth_mode='token') as client, pytest.raises(CloudAgentError) as info:
        client.call('phone_get', {'phoneNumber': '1'})
    assert info.value.code == 'wrong_auth_mode'
    assert "auth_mode=token does not match the account's API Authentication setting" in str(info.value)
    assert client.request_count == {'read': 0, 'write': 0, 'token': 1}


def test_redirect_is_final_with_a_hint(stubs, tmp_path):
    stub = stubs(always(301, '', {'Location': 'https://elsewhere.example/ca_apis/PhoneManageV2'}))
    with make(stub, tmp_path) as client, pytest.raises(CloudAgentError) as info:
        client.call('phone_create', {'phoneNumber': '1'})
    assert info.value.code == 'redirect' and info.value.applied is False and len(stub.requests) == 1
    assert 'https://elsewhere.example/ca_apis/PhoneManageV2; check base_url' in str(info.value)


def test_mint_failure_names_the_operation(stubs, tmp_path):
    stub = stubs(always(200, {'status': 'false', 'message': 'Invalid userName or apiKey', 'data': None}))
    with make(stub, tmp_path, auth_mode='token') as client, pytest.raises(CloudAgentError) as info:
        client.call('phone_get', {'phoneNumber': '1'}, operation='read phone 1')
    assert str(info.value) == ('read phone 1 (generate token) failed: Invalid userName or apiKey '
                               '(HTTP 200, auth_failed)')


def test_unusable_cache_dir_falls_back_to_one_mint_per_client(stubs, tmp_path):
    server = TokenServer()
    stub = stubs(server)
    blocker = tmp_path / 'file'
    blocker.write_text('not a directory')
    client = CloudAgentClient(settings(stub.base_url, auth_mode='token'), token_cache_dir=str(blocker / 'tokens'))
    with client:
        client.call('phone_get', {'phoneNumber': '1'})
        client.call('phone_get', {'phoneNumber': '1'})
    assert server.mints == 1 and len(client.warnings) == 1
    assert 'tokens are not shared with other tasks' in client.warnings[0]


# ---- retries -------------------------------------------------------------------------------------

def sequence(*replies):
    replies = list(replies)

    def responder(req):
        reply = replies.pop(0) if len(replies) > 1 else replies[0]
        if reply == 'drop':
            raise Drop()
        if callable(reply):
            return reply(req)
        return reply
    return responder


RATE_LIMITED = (429, {'Retry-After': '2'}, {'message': 'Max limit exceeded', 'status': 'error'})


def test_rate_limited_write_is_retried_honouring_retry_after(stubs, tmp_path):
    stub = stubs(sequence(RATE_LIMITED, (200, {}, OK_PHONE)))
    sleep = Sleeper()
    with make(stub, tmp_path, sleep=sleep) as client:
        assert client.call('phone_create', {'phoneNumber': '1'}).code == 'ok'
    assert sleep.calls == [2.0]
    assert client.request_count['write'] == 2


def test_rate_limited_in_body_with_http_200_uses_backoff(stubs, tmp_path):
    stub = stubs(sequence((200, {}, {'message': 'Max limit exceeded', 'status': 'error'}),
                          (200, {}, {'message': 'Max limit exceeded', 'status': 'error'}),
                          (200, {}, {'status': 'success', 'message': 'created', 'output': {'lastInsertId': 1}})))
    sleep = Sleeper()
    with make(stub, tmp_path, sleep=sleep) as client:
        client.call('block_create', {'name': 'g'})
    assert sleep.calls == [0.5, 1.0]


def test_retry_after_http_date(stubs, tmp_path):
    import email.utils
    when = email.utils.formatdate(time.time() + 3, usegmt=True)
    stub = stubs(sequence((429, {'Retry-After': when}, ''), (200, {}, OK_PHONE)))
    sleep = Sleeper()
    with make(stub, tmp_path, sleep=sleep) as client:
        client.call('phone_delete', {'phoneNumber': '1'})
    assert len(sleep.calls) == 1 and 1.0 < sleep.calls[0] <= 3.0


def test_retry_after_beyond_budget_fails_at_once(stubs, tmp_path):
    stub = stubs(always(429, {'message': 'Max limit exceeded', 'status': 'error'}, {'Retry-After': '600'}))
    sleep = Sleeper()
    with make(stub, tmp_path, sleep=sleep) as client, pytest.raises(CloudAgentError) as info:
        client.call('phone_create', {'phoneNumber': '1'})
    assert sleep.calls == [] and len(stub.requests) == 1
    assert 'rate limited by CloudAgent; it asks to wait 600 s, more than the remaining retry budget' in str(info.value)
    assert info.value.kind == 'rate_limited' and info.value.applied is False


def test_attempts_capped_at_retries_plus_one(stubs, tmp_path):
    stub = stubs(always(429, '', {'Retry-After': '1'}))
    with make(stub, tmp_path, retries=2) as client, pytest.raises(CloudAgentError) as info:
        client.call('phone_get', {'phoneNumber': '1'})
    assert len(stub.requests) == 3
    assert 'gave up after 3 attempts' in str(info.value)


def test_budget_respected_with_a_clock(stubs, tmp_path):
    stub = stubs(always(503, '<html>busy</html>'))
    now = [0.0]
    sleep = Sleeper()

    def fake_sleep(seconds):
        sleep(seconds)
        now[0] += seconds
    client = CloudAgentClient(settings(stub.base_url, timeout=1.0, retries=50), sleep=fake_sleep,
                              clock=lambda: now[0], rand=lambda: 1.0)
    with client, pytest.raises(CloudAgentError) as info:
        client.call('phone_get', {'phoneNumber': '1'})
    assert sum(sleep.calls) <= 10.0  # timeout * 10
    assert sleep.calls == [0.5, 1.0, 2.0, 4.0]
    assert 'retry budget of 10 s spent' in str(info.value)


def test_read_server_error_and_html_are_retried(stubs, tmp_path):
    stub = stubs(sequence((500, {}, {'status': 500, 'error': 'Internal Server Error', 'path': '/x'}),
                          (502, {}, '<html>bad gateway</html>'), (200, {}, '{"status": "success", "message": ['),
                          (200, {}, {'phoneNumber': '1', 'phoneName': 'n'})))
    with make(stub, tmp_path) as client:
        assert client.call('phone_get', {'phoneNumber': '1'}).data == [{'phoneNumber': '1', 'phoneName': 'n'}]
    assert client.request_count['read'] == 4


@pytest.mark.parametrize('reply', [
    (500, {}, {'status': 500, 'error': 'Internal Server Error', 'path': '/ca_apis/PhoneManageV2'}),
    (200, {}, '<html>maintenance</html>'),
    (200, {}, ''),
    'drop',
])
def test_write_with_unknown_outcome_is_never_resent(stubs, tmp_path, reply):
    stub = stubs(sequence(reply, (200, {}, OK_PHONE)))
    with make(stub, tmp_path) as client, pytest.raises(CloudAgentError) as info:
        client.call('phone_create', {'phoneNumber': '1'}, operation='create phone 1')
    assert len(stub.requests) == 1
    assert info.value.applied is None
    assert 'the request may have been applied, so it was not resent' in str(info.value)


def test_write_read_timeout_is_unknown_and_not_resent(stubs, tmp_path):
    def slow(req):
        time.sleep(0.6)
        return 200, {}, OK_PHONE
    stub = stubs(slow)
    with make(stub, tmp_path, timeout=0.2) as client, pytest.raises(CloudAgentError) as info:
        client.call('block_update', {'groupName': 'g'})
    assert len(stub.requests) == 1 and info.value.applied is None and info.value.code == 'timeout'


def test_read_timeout_on_a_read_is_retried(stubs, tmp_path):
    calls = []

    def slow_once(req):
        calls.append(1)
        if len(calls) == 1:
            time.sleep(0.6)
        return 200, {}, {'status': 'success', 'message': []}
    stub = stubs(slow_once)
    with make(stub, tmp_path, timeout=0.2) as client:
        assert client.call('phone_get', {'phoneNumber': '1'}, allow=('not_found',)).kind == 'not_found'
    assert len(calls) == 2


def _closed_port():
    sock = socket.socket()
    sock.bind(('127.0.0.1', 0))
    port = sock.getsockname()[1]
    sock.close()
    return port


def test_connection_refused_write_is_retried_and_key_in_url_redacted(tmp_path):
    sleep = Sleeper()
    client = make('http://127.0.0.1:%d' % _closed_port(), tmp_path, sleep=sleep, retries=2)
    with client, pytest.raises(CloudAgentError) as info:
        client.call('legacy_phone_create', {'phoneNumber': '1'}, operation='create phone 1')
    err = info.value
    assert err.applied is False and err.http_status is None and err.code == 'connection_refused'
    assert client.request_count['write'] == 3 and len(sleep.calls) == 2
    assert 'apiKey=********' in err.body['transport_error']  # the URL with its query string was in requests' text
    assert str(err).startswith('create phone 1 failed: connection refused by 127.0.0.1 port ')
    assert 'Max retries' not in str(err) and len(str(err)) <= 300
    assert_clean(err)


def test_token_mint_with_unknown_outcome_is_not_retried(stubs, tmp_path):
    stub = stubs(always(502, '<html>bad gateway</html>'))
    with make(stub, tmp_path, auth_mode='token') as client, pytest.raises(CloudAgentError) as info:
        client.call('phone_get', {'phoneNumber': '1'})
    assert client.request_count == {'read': 0, 'write': 0, 'token': 1}
    # The item's own request was never sent; the lost mint is remembered (see test_token_source.py).
    assert info.value.applied is False and info.value.code == 'token_mint_lost'
    assert 'was lost (HTTP 502, html)' in str(info.value)


# ---- secrets -------------------------------------------------------------------------------------

def test_server_error_body_echoing_the_key_is_redacted(stubs, tmp_path):
    echo = {'status': 500, 'error': 'Internal Server Error', 'path': '/x', 'message': 'bad apiKey %s' % KEY,
            'apiKey': KEY}
    stub = stubs(always(500, echo))
    with make(stub, tmp_path, retries=0) as client, pytest.raises(CloudAgentError) as info:
        client.call('did_update', {'campaignName': 'c'})
    assert info.value.body['apiKey'] == '********'
    assert_clean(info.value)


def test_error_text_echoing_the_key_is_redacted(stubs, tmp_path):
    stub = stubs(always(200, {'status': 'error', 'message': 'userName %s apiKey=%s not valid' % (USER, KEY)}))
    with make(stub, tmp_path) as client, pytest.raises(CloudAgentError) as info:
        client.call('phone_create', {'phoneNumber': '1'})
    assert info.value.kind == 'invalid_input' and info.value.code == 'unknown'
    assert_clean(info.value)


@pytest.fixture(scope='module')
def tls_files(tmp_path_factory):
    base = tmp_path_factory.mktemp('tls')
    cert, key = str(base / 'cert.pem'), str(base / 'key.pem')
    try:
        subprocess.run(['openssl', 'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj',
                        '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', key, '-out', cert],
                       check=True, capture_output=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        pytest.skip('openssl not available to make a test certificate')
    return cert, key


def test_tls_verification_failure_is_clear_and_redacted(stubs, tmp_path, tls_files):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(*tls_files)
    stub = stubs(always(200, OK_PHONE), tls=ctx)
    with make(stub, tmp_path) as client, pytest.raises(CloudAgentError) as info:
        client.call('legacy_phone_create', {'phoneNumber': '1'})
    text = str(info.value)
    assert 'TLS: the certificate of 127.0.0.1 is signed by an unknown CA' in text
    assert text.endswith("set validate_certs to the path of that CA's PEM bundle (no HTTP response, unexpected)")
    assert info.value.applied is False and client.request_count['write'] == 1  # not retried
    assert_clean(info.value)
    with make(stub, tmp_path, verify=tls_files[0]) as client:  # the CA bundle path works
        assert client.call('legacy_phone_create', {'phoneNumber': '1'}).code == 'ok'


# ---- tokens --------------------------------------------------------------------------------------

class TokenServer:
    """Mints numbered tokens; API calls accept only the newest one (a new token revokes older ones)."""

    def __init__(self, expired_reply=None, mint_delay=0.0):
        self.mints = 0
        self.current = None
        self.expired_reply = expired_reply or {'status': 'false', 'message': 'Token Expired', 'data': None}
        self.mint_delay = mint_delay
        self.lock = threading.Lock()
        self.always_reject = False

    def __call__(self, req):
        if req['path'] == '/ca_apis/CAToken/generateToken':
            assert req['headers'].get('apikey') == KEY
            time.sleep(self.mint_delay)
            with self.lock:
                self.mints += 1
                self.current = 'tok-%d' % self.mints
                return 200, {}, {'token': self.current, 'message': ''}
        auth = req['headers'].get('authorization', '')
        if self.always_reject or auth != 'Bearer %s' % self.current:
            return 200, {}, self.expired_reply
        return 200, {}, {'phoneNumber': '1', 'phoneName': 'n'}


def test_token_minted_once_shared_with_a_later_run_and_file_is_safe(stubs, tmp_path):
    server = TokenServer()
    stub = stubs(server)
    with make(stub, tmp_path, auth_mode='token') as client:
        client.call('phone_get', {'phoneNumber': '1'})
        client.call('phone_get', {'phoneNumber': '1'})
    with make(stub, tmp_path, auth_mode='token') as later:
        later.call('phone_get', {'phoneNumber': '1'})
    assert server.mints == 1
    assert later.request_count == {'read': 1, 'write': 0, 'token': 0}
    cache = TokenCache(stub.base_url, USER, str(tmp_path / 'tokens'))
    with open(cache.path) as handle:
        content = handle.read()
    assert KEY not in content and json.loads(content)['token'] == 'tok-1'
    assert oct(os.stat(cache.path).st_mode & 0o777) == '0o600'
    assert oct(os.stat(str(tmp_path / 'tokens')).st_mode & 0o777) == '0o700'


@pytest.mark.parametrize('reply', [
    {'status': 'false', 'message': 'Token Expired', 'data': None},
    {'status': 'false', 'message': 'Invalid Token', 'data': None},
])
def test_rejected_token_refreshed_once_and_call_retried_once(stubs, tmp_path, reply):
    server = TokenServer(expired_reply=reply)
    stub = stubs(server)
    # Left by an earlier run 20 minutes ago, revoked since (long enough ago not to look like a race).
    TokenCache(stub.base_url, USER, str(tmp_path / 'tokens'), clock=lambda: time.time() - 1200).get(
        lambda: 'old-token-revoked')
    cache = TokenCache(stub.base_url, USER, str(tmp_path / 'tokens'))
    with make(stub, tmp_path, auth_mode='token') as client:
        assert client.call('phone_get', {'phoneNumber': '1'}).kind == 'success'
    assert server.mints == 1
    assert client.request_count == {'read': 2, 'write': 0, 'token': 1}
    assert cache.read().token == 'tok-1'


def test_rejected_token_after_refresh_fails_without_looping(stubs, tmp_path):
    server = TokenServer()
    server.always_reject = True
    stub = stubs(server)
    with make(stub, tmp_path, auth_mode='token') as client, pytest.raises(CloudAgentError) as info:
        client.call('phone_create', {'phoneNumber': '1'})
    assert server.mints == 2  # first token, then exactly one refresh
    assert client.request_count == {'read': 0, 'write': 2, 'token': 2}
    assert info.value.code == 'token_expired' and info.value.applied is False
    assert_clean(info.value, KEY, 'tok-1', 'tok-2')


def test_another_process_refreshed_first_so_no_mint(stubs, tmp_path):
    server = TokenServer()
    stub = stubs(server)
    cache = TokenCache(stub.base_url, USER, str(tmp_path / 'tokens'))
    with make(stub, tmp_path, auth_mode='token') as client:
        client.call('phone_get', {'phoneNumber': '1'})  # holds tok-1 in memory
        server.current = 'tok-other'  # another process minted and wrote it to the cache
        cache.get(lambda: 'tok-other', stale='tok-1')
        client.call('phone_get', {'phoneNumber': '1'})
    assert server.mints == 1
    assert client.request_count == {'read': 3, 'write': 0, 'token': 1}


def test_token_near_expiry_is_refreshed_before_use(stubs, tmp_path):
    server = TokenServer()
    stub = stubs(server)
    now = [time.time()]
    cache = TokenCache(stub.base_url, USER, str(tmp_path / 'tokens'), clock=lambda: now[0] - 3600 + 200)
    cache.get(lambda: 'nearly-expired')  # expires in 200 s: under the 5-minute margin
    with make(stub, tmp_path, auth_mode='token') as client:
        client.call('phone_get', {'phoneNumber': '1'})
    assert server.mints == 1 and client.request_count['read'] == 1


def test_given_token_rejected_is_not_refreshed(stubs, tmp_path):
    server = TokenServer()
    stub = stubs(server)
    with make(stub, tmp_path, auth_mode='token', token='user-token-abc') as client, \
            pytest.raises(CloudAgentError) as info:
        client.call('phone_get', {'phoneNumber': '1'})
    assert server.mints == 0 and client.request_count['read'] == 1
    assert 'the token option was rejected' in str(info.value)
    assert_clean(info.value, KEY, 'user-token-abc')


def test_parallel_threads_share_one_mint(stubs, tmp_path):
    server = TokenServer(mint_delay=0.2)
    stub = stubs(server)
    with make(stub, tmp_path, auth_mode='token') as client:
        with ThreadPoolExecutor(8) as pool:
            results = list(pool.map(lambda i: client.call('phone_get', {'phoneNumber': str(i)}), range(16)))
    assert server.mints == 1 and all(r.kind == 'success' for r in results)
    assert client.request_count == {'read': 16, 'write': 0, 'token': 1}


# ---- requests missing ----------------------------------------------------------------------------

def test_module_utils_import_without_requests(tmp_path):
    # A private ansible_collections tree, so nothing else on the machine can change what is imported.
    repo = os.path.dirname(os.path.dirname(os.path.dirname(os.path.realpath(client_mod.__file__))))
    root = str(tmp_path)
    os.makedirs(os.path.join(root, 'ansible_collections', 'ozonetel'))
    os.symlink(repo, os.path.join(root, 'ansible_collections', 'ozonetel', 'cloudagent'))
    code = (
        "import sys\n"
        "sys.modules['requests'] = None\n"
        "sys.modules['urllib3'] = None\n"
        "from ansible_collections.ozonetel.cloudagent.plugins.module_utils import "
        "client, classify, endpoints, errors, redact, retry, token_cache, token_source\n"
        "assert client.HAS_REQUESTS is False and 'requests' in client.REQUESTS_IMPORT_ERROR\n"
        "try:\n"
        "    client.CloudAgentClient(None)\n"
        "except RuntimeError as exc:\n"
        "    assert 'requests' in str(exc)\n"
        "else:\n"
        "    raise AssertionError('no error')\n"
    )
    subprocess.run([sys.executable, '-c', code], check=True, cwd=root, env=dict(os.environ, PYTHONPATH=root),
                   timeout=60)


@pytest.mark.parametrize('reply', [(404, {}, '<html><body>Not Found</body></html>'),
                                   (404, {}, {'timestamp': 't', 'status': 404, 'error': 'Not Found', 'path': '/x'})])
def test_404_is_final_never_maybe_applied_and_names_base_url(stubs, tmp_path, reply):
    stub = stubs(sequence(reply))
    sleep = Sleeper()
    with make(stub, tmp_path, sleep=sleep) as client:
        with pytest.raises(CloudAgentError) as caught:
            client.call('phone_create', {'phoneNumber': '1'})
    err = caught.value
    assert err.applied is False and sleep.calls == [] and err.code == 'http_404'
    assert 'check base_url (%s): nothing was applied' % stub.base_url in str(err)
    assert 'may have been applied' not in str(err)


def test_empty_object_is_retried_once_for_a_read_and_never_resent_for_a_write(stubs, tmp_path):
    stub = stubs(sequence((200, {}, {})))
    sleep = Sleeper()
    with make(stub, tmp_path, sleep=sleep) as client:
        with pytest.raises(CloudAgentError) as read:
            client.call('phone_get', {'phoneName': 'x'})
        assert len(sleep.calls) == 1 and sleep.calls[0] <= 0.5
        with pytest.raises(CloudAgentError) as write:
            client.call('phone_create', {'phoneNumber': '1'})
    assert read.value.code == write.value.code == 'empty'
    assert len(sleep.calls) == 1 and write.value.applied is None
