# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Observations: one request and the response exactly as the server gave it, secrets removed.

``via_client`` sends through the collection's CloudAgentClient (credentials placed as in production) and
returns whatever came back, whatever its outcome; ``raw`` sends with requests directly, for checks that
need credentials the client would never send (a wrong key, no key, a made-up Bearer).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import requests

from ansible_collections.ozonetel.cloudagent.plugins.module_utils.classify import KINDS, classify, parse_body
from ansible_collections.ozonetel.cloudagent.plugins.module_utils.endpoints import endpoint

ALL_KINDS = KINDS  # allow every outcome: the client returns the first answer, no retries


@dataclass
class Observation:
    label: str
    method: str
    path: str
    request: object
    http_status: int | None
    body: object
    headers: dict = field(default_factory=dict)
    kind: str | None = None   # the collection's classification of the response (classify.py)

    def to_dict(self):
        return {'label': self.label, 'request': '%s %s' % (self.method, self.path), 'request_body': self.request,
                'http_status': self.http_status, 'headers': self.headers, 'body': self.body, 'kind': self.kind}

    def short(self):
        body = self.body if isinstance(self.body, str) else json.dumps(self.body, sort_keys=True)
        if len(body) > 300:
            body = body[:300] + '…'
        return 'HTTP %s %s' % (self.http_status, body)


class Observer:
    """Makes observations for one account; redactor.obj/text remove the API key and every token seen."""

    def __init__(self, settings, redactor):
        self.settings = settings
        self.redactor = redactor
        self.session = requests.Session()
        self.session.headers.update({'User-Agent': 'ozonetel.cloudagent-live-suite', 'Accept': 'application/json'})

    def close(self):
        self.session.close()

    def via_client(self, client, endpoint_name, body, label):
        """Send through the client; the body is read from the raw HTTP response (the client returns only the part
        its classifier extracts), captured by a requests response hook on the client's own session."""
        ep = endpoint(endpoint_name)
        seen = []
        hooks = client.session.hooks['response']
        hooks.append(lambda response, *args, **kwargs: seen.append(response))
        try:
            response = client.call(endpoint_name, dict(body), operation='live check: %s' % label, allow=ALL_KINDS)
        finally:
            hooks.pop()
        raw = seen[-1] if seen else None
        if raw is None:  # no HTTP answer at all (connection failure): the client's own message is all there is
            return Observation(label, ep.method, ep.path, self.redactor.obj(dict(body)), None,
                               self.redactor.text(response.message), {}, response.kind)
        text = raw.content.decode('utf-8', 'replace')
        parsed = parse_body(text)
        return Observation(label, ep.method, ep.path, self.redactor.obj(dict(body)), raw.status_code,
                           self.redactor.obj(parsed if parsed is not None else text[:2000]), _kept(raw.headers),
                           response.kind)

    def raw(self, method, path, label, body=None, api_key=None, bearer=None, params=None, family=None, on_body=None):
        """One request with exactly the credentials given (None: that credential is not sent).

        on_body(parsed) sees the parsed response before redaction (to learn a minted token and register it).
        """
        headers = {'Content-Type': 'application/json'}
        if api_key is not None:
            headers['apiKey'] = api_key
        if bearer is not None:
            headers['Authorization'] = 'Bearer ' + bearer
        data = None if body is None else json.dumps(body).encode('utf-8')
        response = self.session.request(method, self.settings.base_url + path, headers=headers, data=data, params=params,
                                        timeout=self.settings.timeout, verify=self.settings.verify, allow_redirects=False)
        text = response.content.decode('utf-8', 'replace')
        parsed = parse_body(text)
        if on_body is not None:
            on_body(parsed)
        kind = classify(response.status_code, response.headers, text, family).kind if family else None
        shown_request = dict(params or {}) if params else body
        return Observation(label, method, path, self.redactor.obj(shown_request), response.status_code,
                           self.redactor.obj(parsed if parsed is not None else text[:2000]), _kept(response.headers), kind)


def _kept(headers):
    """The response headers a report needs."""
    return {name: headers[name] for name in ('Retry-After', 'Content-Type') if name in headers}
