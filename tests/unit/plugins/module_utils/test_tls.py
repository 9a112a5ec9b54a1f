# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""TLS at the client level: the simulator served over HTTPS with a certificate made for the test.

validate_certs is on by default; an unknown CA fails with one clear message naming validate_certs and no
retry; the CA bundle path and validate_certs=false both work; nothing in a TLS failure shows the key.
"""

from __future__ import annotations

from urllib.parse import quote_plus

import pytest

from ansible_collections.ozonetel.cloudagent.plugins.module_utils.client import CloudAgentClient
from ansible_collections.ozonetel.cloudagent.plugins.module_utils.errors import CloudAgentError
from ansible_collections.ozonetel.cloudagent.plugins.module_utils.options import (
    CONNECTION_ARGSPEC, ConnectionSettingsError, connection_settings)
from ansible_collections.ozonetel.cloudagent.tests.reliability.rel_harness import DEMO_KEY, DEMO_USER, tls_material

pytest.importorskip('requests')
Simulator = pytest.importorskip('cloudagent_sim').Simulator


@pytest.fixture(scope='module')
def pki(tmp_path_factory):
    return tls_material(tmp_path_factory.mktemp('pki'))


@pytest.fixture(scope='module')
def other_ca(tmp_path_factory):
    return tls_material(tmp_path_factory.mktemp('other-pki'), common_name='some-other-ca')['ca']


@pytest.fixture(scope='module')
def https_sim(pki):
    with Simulator(tls=(pki['cert'], pki['key'])) as sim:
        yield sim


@pytest.fixture(autouse=True)
def clean(https_sim):
    https_sim.reset()
    yield


def settings(sim, **params):
    values = {'base_url': sim.base_url, 'username': DEMO_USER, 'api_key': DEMO_KEY, 'retries': 3, 'timeout': 5}
    values.update(params)
    return connection_settings(values)


def test_validate_certs_defaults_to_true():
    assert CONNECTION_ARGSPEC['validate_certs']['default'] == 'true'
    assert connection_settings({'base_url': 'https://x', 'username': 'u', 'api_key': 'k'}).verify is True


def test_https_base_url(https_sim):
    assert https_sim.base_url.startswith('https://127.0.0.1:')


def test_unknown_ca_fails_by_default_with_a_clear_message(https_sim):
    with CloudAgentClient(settings(https_sim)) as client:
        with pytest.raises(CloudAgentError) as caught:
            client.call('campaign_status', {'campaignName': ''})
    message = str(caught.value)
    assert 'TLS: the certificate of 127.0.0.1 is signed by an unknown CA' in message
    assert "set validate_certs to the path of that CA's PEM bundle" in message
    assert len(message) <= 300 and 'SSLError' not in message and 'Max retries' not in message
    assert caught.value.code == 'tls_unknown_issuer' and caught.value.applied is False
    assert 'CERTIFICATE_VERIFY_FAILED' in caught.value.body['transport_error']  # the library's words, structured
    assert client.request_count['read'] == 1  # one attempt: a TLS failure is never retried
    assert https_sim.journal() == []  # the handshake failed, no request reached the API


def test_unknown_ca_on_a_write_is_not_applied(https_sim):
    with CloudAgentClient(settings(https_sim)) as client:
        with pytest.raises(CloudAgentError) as caught:
            client.call('phone_create', {'phoneNumber': '9876543210', 'phoneName': 'TlsPhone'})
    assert caught.value.applied is False and 'validate_certs' in str(caught.value)
    assert https_sim.writes() == []


def test_legacy_query_string_key_is_not_in_the_tls_error(https_sim):
    """requests puts the full URL (apiKey in the query string) into connection errors: it must be masked."""
    with CloudAgentClient(settings(https_sim)) as client:
        with pytest.raises(CloudAgentError) as caught:
            client.call('legacy_phone_create', {'phoneNumber': '9876543210', 'phoneName': 'TlsPhone'})
    text = '%s %r %r' % (caught.value, caught.value.to_result(), caught.value.outcome)
    for form in (DEMO_KEY, quote_plus(DEMO_KEY)):
        assert form not in text


def test_ca_bundle_path_verifies(https_sim, pki):
    with CloudAgentClient(settings(https_sim, validate_certs=pki['ca'])) as client:
        response = client.call('campaign_status', {'campaignName': 'Inbound_Sales'})
    assert response.kind == 'success' and response.data[0]['CampaignName'] == 'Inbound_Sales'


@pytest.mark.filterwarnings('ignore::urllib3.exceptions.InsecureRequestWarning')
@pytest.mark.parametrize('value', ['false', 'no', 'False', '0', 'off'])
def test_validate_certs_false_skips_verification(https_sim, value):
    s = settings(https_sim, validate_certs=value)
    assert s.verify is False
    with CloudAgentClient(s) as client:
        assert client.call('campaign_status', {'campaignName': 'Support_Line'}).kind == 'success'


def test_wrong_ca_bundle_fails(https_sim, other_ca):
    with CloudAgentClient(settings(https_sim, validate_certs=other_ca)) as client:
        with pytest.raises(CloudAgentError) as caught:
            client.call('campaign_status', {'campaignName': ''})
    assert caught.value.code == 'tls_unknown_issuer' and 'signed by an unknown CA' in str(caught.value)
    assert https_sim.journal() == []


def test_hostname_is_checked(tmp_path):
    """A certificate from the trusted CA but for another host name fails: the host name is verified too."""
    wrong = tls_material(tmp_path, hosts=('api.example.invalid',))
    with Simulator(tls=(wrong['cert'], wrong['key'])) as sim:
        with CloudAgentClient(settings(sim, validate_certs=wrong['ca'])) as client:
            with pytest.raises(CloudAgentError) as caught:
                client.call('campaign_status', {'campaignName': ''})
        assert sim.journal() == []
    assert caught.value.code == 'tls_hostname_mismatch', caught.value
    assert 'TLS: the certificate of 127.0.0.1 is issued for another name' in str(caught.value)
    assert 'put the host name the certificate names in base_url' in str(caught.value)


def test_expired_certificate_says_so_and_that_validate_certs_does_not_help(tmp_path):
    expired = tls_material(tmp_path, expired=True)
    with Simulator(tls=(expired['cert'], expired['key'])) as sim:
        with CloudAgentClient(settings(sim, validate_certs=expired['ca'])) as client:
            with pytest.raises(CloudAgentError) as caught:
                client.call('campaign_status', {'campaignName': ''})
        assert sim.journal() == []
    assert caught.value.code == 'tls_cert_expired', caught.value
    assert 'TLS: the certificate of 127.0.0.1 has expired' in str(caught.value)
    assert 'validate_certs does not fix this' in str(caught.value) and len(str(caught.value)) <= 300
    assert client.request_count['read'] == 1  # never retried


def test_validate_certs_bad_path_is_a_settings_error(tmp_path):
    with pytest.raises(ConnectionSettingsError) as caught:
        connection_settings({'base_url': 'https://x', 'username': 'u', 'api_key': 'k',
                             'validate_certs': str(tmp_path / 'missing-ca.pem')})
    assert str(caught.value).startswith('validate_certs:')


def test_http_client_against_https_server_is_a_clear_failure(https_sim):
    """A base_url with http:// against a TLS port: no hang, one clear failure (read retried, then given up)."""
    url = https_sim.base_url.replace('https://', 'http://')
    s = connection_settings({'base_url': url, 'username': DEMO_USER, 'api_key': DEMO_KEY, 'retries': 1, 'timeout': 2})
    with CloudAgentClient(s, sleep=lambda _s: None) as client:
        with pytest.raises(CloudAgentError) as caught:
            client.call('campaign_status', {'campaignName': ''})
    assert 'campaign status failed' in str(caught.value)
