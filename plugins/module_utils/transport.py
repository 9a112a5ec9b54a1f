# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Send one request through the session's adapter, without the work requests.Session.request redoes per call.

Session.request builds a Request, merges the session's headers, cookies, hooks and auth into a copy
(prepare_request), parses and re-quotes the URL, reads the environment, dispatches hooks and looks the
adapter up again: for thousands of calls to one base URL, about half of the client's CPU per request
(issue 20). Here the parts that never change are computed once - the session's headers, each URL parsed
once, the proxies and CA bundle the client read from the environment at start - and each call builds a
PreparedRequest from them and hands it to the same HTTPAdapter Session.send would use. Connection pooling,
TLS verification, the CA bundle, proxies, timeouts and every exception a failure raises are requests' and
urllib3's own, unchanged. Cookies a server sets are kept and sent back, and response hooks set on the session
run, as they did.
"""

from __future__ import annotations

try:
    from requests.hooks import dispatch_hook
    from requests.models import PreparedRequest
except ImportError:  # the client reports the missing library; this module is then never used
    PreparedRequest = dispatch_hook = None


class Transport:
    """send(method, url, params, headers, data, timeout) -> requests.Response with its body read.

    Raises what Session.request would (requests.exceptions.RequestException and its subclasses), including
    for a URL requests cannot parse. Thread-safe: nothing shared changes but the URL cache and the cookie jar
    (which locks itself)."""

    def __init__(self, session, adapter, proxies, verify):
        self._session = session
        self._adapter = adapter
        self._proxies = dict(proxies or {})
        self._verify = verify
        self._headers = dict(session.headers)  # User-Agent, Accept, Accept-Encoding, Connection
        self._urls = {}

    def _url(self, url, params):
        """The URL as requests prepares it; parsed once per URL when there is no query string to add."""
        if params:
            request = PreparedRequest()
            request.prepare_url(url, params)
            return request.url
        prepared = self._urls.get(url)
        if prepared is None:
            request = PreparedRequest()
            request.prepare_url(url, None)
            prepared = self._urls[url] = request.url
        return prepared

    def send(self, method, url, params, headers, data, timeout):
        request = PreparedRequest()
        request.method = method
        request.url = self._url(url, params)
        merged = dict(self._headers)
        merged.update(headers)
        request.prepare_headers(merged)  # checks every value, as Session.request does (InvalidHeader)
        cookies = self._session.cookies
        if len(cookies):
            request.prepare_cookies(cookies)
        request.prepare_body(data, None)
        options = {'stream': False, 'timeout': timeout, 'verify': self._verify, 'cert': None, 'proxies': self._proxies}
        response = self._adapter.send(request, **options)
        if any(self._session.hooks.values()):  # response hooks on the session (the live suite's capture) still run
            response = dispatch_hook('response', self._session.hooks, response, **options)
        response.content  # pylint: disable=pointless-statement  # read now: a read timeout raises here, as in Session.send
        if len(response.cookies):
            cookies.update(response.cookies)
        return response
