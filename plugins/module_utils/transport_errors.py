# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What a failed HTTP attempt means, in one short line with the fix that applies.

requests and urllib3 describe a failure as a chain of wrapped exceptions whose text runs to hundreds of
characters (``HTTPConnectionPool(host=...): Max retries exceeded with url: ...``). The chain is walked for
the cause that matters (DNS, refused, timeout, a certificate problem) and the message names it; the
library's own text, redacted, goes to the structured result (``response.transport_error``).
"""

from __future__ import annotations

import errno
import socket
import ssl
from urllib.parse import urlsplit

from ansible_collections.ozonetel.cloudagent.plugins.module_utils.classify import Outcome

try:
    import requests
    from urllib3.exceptions import ConnectTimeoutError, NewConnectionError
except ImportError:  # the client reports the missing library; this module is then never called
    requests = None
    ConnectTimeoutError = NewConnectionError = ()
try:
    from urllib3.exceptions import NameResolutionError  # urllib3 2.x; 1.26 wraps a socket.gaierror instead
except ImportError:
    NameResolutionError = ()

DETAIL_LIMIT = 500
INSECURE_WARNING = ('validate_certs is false: the certificate of %s is not checked, so anyone on the network path '
                    'can read the API key; give the CA bundle path instead')

# OpenSSL verify codes (X509_V_ERR_*) and what each means for the user.
_EXPIRED = (9, 10)                    # not yet valid, has expired
_NAME = (62, 64)                      # hostname mismatch, IP address mismatch
_ISSUER = (2, 18, 19, 20, 21)         # unknown issuer, self-signed (leaf or in chain), incomplete chain


def _chain(exc):
    """exc and every exception it wraps (cause, context, urllib3's reason, exceptions in args)."""
    seen, todo, found = set(), [exc], []
    while todo:
        item = todo.pop(0)
        if item is None or id(item) in seen or not isinstance(item, BaseException):
            continue
        seen.add(id(item))
        found.append(item)
        todo.extend([item.__cause__, item.__context__, getattr(item, 'reason', None)])
        todo.extend(a for a in item.args if isinstance(a, BaseException))
    return found


def _first(chain, types):
    return next((item for item in chain if types and isinstance(item, types)), None)


def never_sent(exc):
    """True when the request never left: refused, DNS, or a connect timeout (safe to retry any write)."""
    return _first(_chain(exc), (NewConnectionError, ConnectTimeoutError, socket.gaierror,
                                ConnectionRefusedError)) is not None


def _where(url):
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme == 'https' else 80)
    return parts.hostname or url, port


def _tls(chain, host):
    verify = _first(chain, ssl.SSLCertVerificationError)
    code = getattr(verify, 'verify_code', None)
    text = ' '.join(str(item) for item in chain).lower()
    if code in _EXPIRED or 'certificate has expired' in text or 'not yet valid' in text:
        return 'tls_cert_expired', (
            "TLS: the certificate of %s has expired (or is not valid yet): the server's operator must renew it, "
            "or this machine's clock is wrong; validate_certs does not fix this" % host)
    if code in _NAME or 'hostname mismatch' in text or "doesn't match" in text or 'ip address mismatch' in text:
        return 'tls_hostname_mismatch', (
            'TLS: the certificate of %s is issued for another name: put the host name the certificate names in '
            'base_url (leave base_url unset to use the region\'s host)' % host)
    if code in _ISSUER or verify is not None or 'certificate verify failed' in text:
        return 'tls_unknown_issuer', (
            'TLS: the certificate of %s is signed by an unknown CA (a TLS-inspecting proxy?): set validate_certs '
            'to the path of that CA\'s PEM bundle' % host)
    return 'tls_error', ('TLS handshake with %s failed: check that base_url\'s scheme and port are right '
                         '(https:// on a plain HTTP port fails here) and any proxy' % host)


def describe(exc, url, timeout, redactor):
    """(retry category, Outcome, detail) for a requests exception raised by one attempt.

    The category tells retry.py what may be retried: 'not_sent' (nothing left this machine), 'unknown' (the
    request may have arrived) or 'final'. detail is {'transport_error': the library's redacted words}.
    """
    host, port = _where(url)
    chain = _chain(exc)
    detail = {'transport_error': redactor.text('%s: %s' % (type(exc).__name__, exc))[:DETAIL_LIMIT]}

    def result(category, kind, code, message):
        return category, Outcome(kind, code, message), detail

    if isinstance(exc, requests.exceptions.SSLError) or _first(chain, ssl.SSLError):
        code, message = _tls(chain, host)
        return result('final', 'unexpected', code, message)
    if isinstance(exc, requests.exceptions.ProxyError):
        return result('not_sent', 'server_error', 'proxy_error',
                      'cannot connect to %s through the proxy: check HTTPS_PROXY/HTTP_PROXY and NO_PROXY' % host)
    if _first(chain, (NameResolutionError, socket.gaierror)):
        return result('not_sent', 'server_error', 'dns_failed',
                      'cannot resolve host %s (DNS): check base_url or region, and the DNS of the machine that '
                      'runs the module' % host)
    refused = _first(chain, ConnectionRefusedError)
    if refused is not None or any(getattr(item, 'errno', None) == errno.ECONNREFUSED for item in chain):
        return result('not_sent', 'server_error', 'connection_refused',
                      'connection refused by %s port %d: nothing listens there; check the host and port of '
                      'base_url' % (host, port))
    if isinstance(exc, requests.exceptions.ConnectTimeout) or _first(chain, ConnectTimeoutError):
        return result('not_sent', 'server_error', 'connect_timeout',
                      'timed out after %gs connecting to %s port %d (the timeout option): a firewall or proxy may '
                      'drop the traffic' % (timeout, host, port))
    if isinstance(exc, requests.exceptions.ConnectionError) and never_sent(exc):
        return result('not_sent', 'server_error', 'connection_failed',
                      'cannot connect to %s port %d: check base_url and that this machine can reach it' % (host, port))
    if isinstance(exc, requests.exceptions.Timeout):
        return result('unknown', 'server_error', 'timeout',
                      'no answer from %s within %gs of sending the request (the timeout option, per read)'
                      % (host, timeout))
    if isinstance(exc, (requests.exceptions.ConnectionError, requests.exceptions.ChunkedEncodingError,
                        requests.exceptions.ContentDecodingError)):
        return result('unknown', 'server_error', 'connection_lost',
                      'the connection to %s broke before the answer was complete' % host)
    if isinstance(exc, (requests.exceptions.InvalidURL, requests.exceptions.URLRequired,
                        requests.exceptions.MissingSchema, requests.exceptions.InvalidSchema)):
        return result('final', 'invalid_input', 'invalid_url',
                      "base_url: '%s' is not a usable URL: give https://<host>" % redactor.text(url))
    return result('final', 'unexpected', 'request_error', 'request to %s failed: %s' % (host, type(exc).__name__))
