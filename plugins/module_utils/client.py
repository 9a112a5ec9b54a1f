# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""CloudAgentClient: one requests.Session per module run, one request path for every endpoint.

The endpoint table (endpoints.py) says where credentials go; classify.py says what a response means;
retry.py says whether to try again; token_source.py says which token a call carries (and mints it
through this client); pacing.py keeps calls of a rate-limited endpoint under its limit; both keep their
state where the known-state store is (account_store.py); everything that leaves this module is passed
through redact.py first.
"""

from __future__ import annotations

import json
import random
import threading
import time
import traceback
from collections import namedtuple

from ansible.module_utils.basic import missing_required_lib

from ansible_collections.ozonetel.cloudagent.plugins.module_utils.account_store import AccountStores
from ansible_collections.ozonetel.cloudagent.plugins.module_utils.classify import Outcome, attempt_category, classify
from ansible_collections.ozonetel.cloudagent.plugins.module_utils import transport_errors
from ansible_collections.ozonetel.cloudagent.plugins.module_utils.endpoints import endpoint
from ansible_collections.ozonetel.cloudagent.plugins.module_utils.errors import CloudAgentError, OutcomeFields
from ansible_collections.ozonetel.cloudagent.plugins.module_utils.pacing import Pacer
from ansible_collections.ozonetel.cloudagent.plugins.module_utils.redact import Redactor
from ansible_collections.ozonetel.cloudagent.plugins.module_utils.retry import (
    OUTCOME_UNKNOWN, RetryPolicy, decide, parse_retry_after)
from ansible_collections.ozonetel.cloudagent.plugins.module_utils.token_source import TOKEN_CODES, TokenSource

try:
    import requests
    from requests.adapters import HTTPAdapter
except ImportError:
    REQUESTS_IMPORT_ERROR = traceback.format_exc()
    HAS_REQUESTS = False
else:
    REQUESTS_IMPORT_ERROR = None
    HAS_REQUESTS = True

USER_AGENT = 'ansible-collection-ozonetel.cloudagent'


class Response(OutcomeFields, namedtuple('Response', 'outcome data http_status body')):
    """A successful (or explicitly allowed) call. data is Outcome.data; body the whole parsed response."""

    @property
    def status(self):
        return self.http_status

    @property
    def message(self):
        return self.outcome.message


# One attempt's result: category is a retry.py category or 'done' (return it) / 'final' (raise it).
_Attempt = namedtuple('_Attempt', 'category outcome http_status retry_after body')


class CloudAgentClient:
    """Calls CloudAgent endpoints by name.

    call(endpoint_name, body=None, operation=None, allow=()) returns a Response when the outcome kind is
    'success' or listed in `allow` (e.g. allow=('not_found',) for a read that may find nothing), and
    raises CloudAgentError otherwise. The client adds credentials, userName/username and the phone
    `action` itself; body holds only the endpoint's own fields.

    Thread-safe for bounded parallel use (size pool_size to the number of workers).
    """

    def __init__(self, settings, token_cache_dir=None, sleep=time.sleep, clock=time.monotonic, pool_size=10,
                 wall_clock=time.time, rand=random.random, retry_budget=None, use_token_cache=True, store=None,
                 pacing_dir=None):
        if not HAS_REQUESTS:
            raise RuntimeError(missing_required_lib('requests'))
        self.settings = settings
        self.redactor = Redactor(settings.secrets())
        self.policy = RetryPolicy.from_settings(settings, retry_budget)
        self.request_count = {'read': 0, 'write': 0, 'token': 0}
        self.warnings = []
        self._sleep, self._clock, self._wall, self._rand = sleep, clock, wall_clock, rand
        self._count_lock = threading.Lock()
        # Tokens and pacing buckets live where the known-state store is (store: the ledger location).
        self.stores = AccountStores(settings, store, pacing_dir, secrets=settings.secrets())
        self.tokens = TokenSource(settings, self._mint, self.redactor, self._warn, cache_dir=token_cache_dir,
                                  use_cache=use_token_cache, wall_clock=wall_clock, stores=self.stores)
        self.pacer = Pacer(self.stores.pace_store, sleep, wall_clock, self._warn, self.redactor)
        self.session = requests.Session()
        adapter = HTTPAdapter(pool_connections=1, pool_maxsize=max(1, int(pool_size)), max_retries=0)
        self.session.mount('http://', adapter)
        self.session.mount('https://', adapter)
        self.session.headers.update({'User-Agent': USER_AGENT, 'Accept': 'application/json'})
        # requests re-reads the proxy and CA-bundle variables of the environment on every call (a third of
        # its CPU per request here); every call goes to one base URL, so read them once. ~/.netrc is not
        # read at all: CloudAgent authenticates with its own headers, never with HTTP Basic.
        environment = self.session.merge_environment_settings(settings.base_url, {}, None, settings.verify, None)
        self.session.trust_env = False
        self.session.proxies = environment['proxies']
        self._verify = environment['verify']

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()

    def close(self):
        self.session.close()
        self.stores.close()

    # ---- public call ---------------------------------------------------------------------------

    def call(self, endpoint_name, body=None, operation=None, allow=()):
        ep = endpoint(endpoint_name)
        operation = operation or endpoint_name.replace('_', ' ')
        started = self._clock()
        attempt = 0
        refreshed = False
        while True:
            attempt += 1
            token = self.tokens.bearer(ep, operation)
            self.pacer.before(ep, operation, self.policy.budget - (self._clock() - started))
            result = self._attempt(ep, body or {}, token)
            outcome = result.outcome
            if result.category == 'done' or outcome.kind in allow:
                return Response(outcome, outcome.data, result.http_status, result.body)
            if outcome.code in TOKEN_CODES and token and self.tokens.is_managed(token):
                if refreshed:
                    self.tokens.rejected_again(token, operation, outcome.code)  # raises if it is a race
                else:
                    refreshed = True  # refresh once, retry once; not counted as a retry attempt
                    attempt -= 1
                    self.tokens.refresh(token, operation, outcome.code)
                    continue
            decision = decide(result.category, ep.kind, attempt, self._clock() - started, self.policy,
                              result.retry_after, self._rand)
            if decision.retry:
                self._sleep(decision.delay)
                continue
            raise self._error(operation, ep, result, decision, token)

    def _error(self, operation, ep, result, decision, token):
        category = result.category
        unknown = category in OUTCOME_UNKNOWN and ep.kind != 'read'
        note = None
        if result.outcome.code == 'http_404':
            note = 'check base_url (%s): nothing was applied' % self.settings.base_url
        elif unknown and ep.kind == 'write':
            note = 'the request may have been applied, so it was not resent'
        elif unknown:
            note = 'a token may have been generated (revoking older ones), so none was requested again'
        elif result.outcome.code == 'wrong_auth_mode':
            note = ("auth_mode=%s does not match the account's API Authentication setting "
                    "(BASIC_AUTH needs api_key, TOKEN_AUTH needs token)" % self.settings.auth_mode)
        elif result.outcome.code in TOKEN_CODES and token and not self.tokens.is_managed(token):
            note = 'the token option was rejected; give a fresh token or leave token unset'
        elif category != 'final':
            note = decision.reason
        return CloudAgentError(operation, result.outcome, http_status=result.http_status,
                               endpoint='%s %s' % (ep.method, ep.path), body=result.body,
                               applied=None if unknown else False, redactor=self.redactor, note=note)

    # ---- one HTTP attempt ----------------------------------------------------------------------

    def _count(self, kind):
        with self._count_lock:
            self.request_count[kind] += 1

    def _need_api_key(self, ep):
        if not self.settings.api_key:
            raise CloudAgentError(ep.name.replace('_', ' '), Outcome(
                'invalid_input', 'api_key_required', 'this endpoint needs api_key even in auth_mode=token'),
                endpoint='%s %s' % (ep.method, ep.path), applied=False, redactor=self.redactor)
        return self.settings.api_key

    def _prepare(self, ep, body, token):
        """(method, url, params, headers, data) with credentials placed as the endpoint's auth style says."""
        s = self.settings
        payload = dict(body)
        headers = {'Content-Type': 'application/json'}
        params = None
        if ep.auth == 'query':
            params = [('action', ep.action), ('apiKey', self._need_api_key(ep)), ('userName', s.username)]
            params.extend((k, _query_value(v)) for k, v in payload.items() if v is not None)
            return ep.method, s.base_url + ep.path, params, {}, None
        if ep.action:
            payload['action'] = ep.action
        if ep.auth == 'body_apikey':
            payload['apiKey'] = self._need_api_key(ep)
            payload['username'] = s.username
        else:
            payload['userName'] = s.username
            if token:
                headers['Authorization'] = 'Bearer ' + token
            else:
                headers['apiKey'] = self._need_api_key(ep)
        return ep.method, s.base_url + ep.path, params, headers, json.dumps(payload).encode('utf-8')

    def _attempt(self, ep, body, token):
        method, url, params, headers, data = self._prepare(ep, body, token)
        self._count(ep.kind)
        try:
            # data= (not json=) so a GET carries its body unchanged: requests never switches method.
            resp = self.session.request(method, url, params=params, headers=headers, data=data,
                                        timeout=(self.settings.timeout, self.settings.timeout),
                                        verify=self._verify, allow_redirects=False)
        except requests.exceptions.RequestException as exc:
            return self._transport_failure(exc, url)
        text = resp.content.decode('utf-8', 'replace')
        outcome = classify(resp.status_code, resp.headers, text, ep.family)
        category = attempt_category(outcome, resp.status_code)
        retry_after = parse_retry_after(resp.headers.get('Retry-After'), self._wall())
        parsed = outcome.data if isinstance(outcome.data, (dict, list)) else text[:2000]
        return _Attempt(category, outcome, resp.status_code, retry_after, parsed)

    def _transport_failure(self, exc, url):
        category, outcome, detail = transport_errors.describe(exc, url, self.settings.timeout, self.redactor)
        return _Attempt(category, outcome, None, None, detail)

    # ---- tokens ----------------------------------------------------------------------------------

    def _mint(self, operation):
        """One generateToken call for TokenSource; the token joins the redactor before anything can echo it."""
        response = self.call('token_generate', operation=operation)
        token = response.data['token']
        self.redactor.add(token)
        return token

    def _warn(self, message):
        message = self.redactor.text(message)
        if message not in self.warnings:
            self.warnings.append(message)


def _query_value(value):
    if isinstance(value, bool):
        return 'true' if value else 'false'
    if isinstance(value, (list, tuple)):
        return ','.join(str(v) for v in value)
    return str(value)
