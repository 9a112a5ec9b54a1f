# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The request pipeline: control API, latency, routing, faults, the handler under the state lock, journal."""

import copy
import threading

from cloudagent_sim import control, faults, replies, routes
from cloudagent_sim.auth import auth_style
from cloudagent_sim.clock import Clock
from cloudagent_sim.journal import Journal
from cloudagent_sim.latency import Latency
from cloudagent_sim.rate_limits import RateLimits
from cloudagent_sim.request import Context
from cloudagent_sim.state import AccountState
from cloudagent_sim.token_log import TokenLog
from cloudagent_sim.virtual_time import VirtualTime


class App:
    def __init__(self, fixture_data, seed=0, latency_ms=0, token_log=None):
        self._fixture = copy.deepcopy(fixture_data)
        self._seed = seed
        self._latency_ms = latency_ms
        self._lock = threading.RLock()
        self.state = AccountState(self._fixture)
        self.clock = Clock()
        self.journal = Journal()
        self.faults = faults.FaultPlan(seed)
        self.latency = Latency(latency_ms)
        self.stopping = threading.Event()
        self.rate_limits = RateLimits()
        self.virtual_time = VirtualTime(self.clock, self.stopping)
        self.base_url = None
        self.token_log = TokenLog(token_log) if token_log else None

    # ---- operations shared by the Python API and /_sim/ ----

    def export_state(self):
        with self._lock:
            return self.state.export()

    def set_state(self, data):
        with self._lock:
            self.state.load(data)

    def set_faults(self, rules, seed=None):
        self.faults.set(rules, self._seed if seed is None else seed)

    def reset(self):
        with self._lock:
            self.state = AccountState(self._fixture)
            self.journal.clear()
            self.faults.clear(self._seed)
            self.clock.reset()
            self.latency.reset(self._latency_ms)
            self.rate_limits.reset()
            self.virtual_time.expect(0)

    # ---- the pipeline ----

    def handle(self, request):
        if request.path.startswith(control.PREFIX):
            return control.handle(self, request)
        delay = self.latency.seconds_for(request.path)
        if delay:
            self.stopping.wait(delay)
        route = routes.lookup(request.path)
        if route is None:
            reply = replies.html_reply(404, 'The requested URL was not found on this server.', 'not_found')
            return self._record(request, routes.fallback_kind(request.method), reply)
        if request.method not in route:
            reply = replies.html_reply(405, 'Method not allowed.', 'method_not_allowed')
            reply.headers['Allow'] = ', '.join(sorted(route))
            return self._record(request, routes.fallback_kind(request.method), reply)
        handler, kind = route[request.method]
        kind = routes.kind_of(kind, request)
        retry_after = None
        if self.rate_limits.applies(request.path):
            retry_after = self.rate_limits.admit(_user_of(request), request.path, self.clock.now())
        if retry_after is not None:
            reply = replies.rate_limited(self.state.behaviour['rate_limit_status'], retry_after)
            return self._record(request, kind, reply)
        rule = self.faults.pick(request.method, request.path)
        if rule and rule['kind'] in faults.BEFORE_APPLY:
            return self._record(request, kind, faults.reply_before_apply(rule), rule['kind'])
        with self._lock:
            reply = handler(Context(request, self.state, self.clock))
            self._apply_status_switch(reply)
            self._log_token(kind, reply)
        if rule:
            # Applied, then the response is lost: reset closes at once, timeout waits first.
            reply.action = 'reset' if rule['kind'] == 'reset_after' else 'hang'
            reply.delay = rule['delay'] if rule['kind'] == 'timeout' else 0.0
            return self._record(request, kind, reply, rule['kind'])
        return self._record(request, kind, reply)

    def _log_token(self, kind, reply):
        """A minted token goes to the token log (even if a fault then loses the response: it was minted)."""
        if self.token_log and kind == 'token' and reply.outcome == 'success' and isinstance(reply.body, dict):
            self.token_log.record(reply.body['token'])

    def _apply_status_switch(self, reply):
        """Decision 1's alternative: documented error bodies with REST status codes."""
        if (self.state.behaviour['http_errors'] == 'rest' and reply.documented and reply.status == 200
                and reply.outcome not in replies.NON_ERROR_OUTCOMES):
            reply.status = replies.rest_status(reply.outcome)

    def _record(self, request, kind, reply, fault=None):
        if request.body.strip():
            body = request.json_or_none()
            if body is None:
                body = request.body.decode('utf-8', 'replace')
        else:
            body = dict(request.query)
        user = body.get('userName', body.get('username')) if isinstance(body, dict) else None
        self.journal.record(
            time=self.clock.now(), method=request.method, path=request.path, kind=kind,
            auth=auth_style(request), user=user, body=body,
            status=reply.status if reply.action == 'respond' else None,
            outcome=reply.outcome, applied=reply.applied, fault=fault,
        )
        return reply


def _user_of(request):
    """The account a request names (body userName/username, or the query string): rate limits are per account."""
    body = request.json_or_none() if request.body.strip() else None
    source = body if isinstance(body, dict) else request.query
    return source.get('userName', source.get('username'))
