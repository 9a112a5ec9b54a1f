# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Per-endpoint request limits per account, enforced on the simulator's clock.

Off unless configured: the phone, block-list and DID pages state no limit, and nothing here invents one.
A test or demo sets {path: {"requests": N, "window": seconds}} (PUT /_sim/rate_limits, or
Simulator.set_rate_limits); then a request of an account that would make more than N accepted requests
to that path in any `window` seconds (the strictest reading of "N requests per minute": a sliding
window, whatever its alignment) is answered like the API's own limit, HTTP 429 (or 200, behaviour
rate_limit_status) with "Max limit exceeded" and a Retry-After until the oldest request leaves the window.
Refused requests do not count.
"""

import math
import threading
from collections import deque


def admit(stamps, requests, window, now):
    """One sliding window (a deque of accepted times): None when a request may proceed (it is counted), else
    the Retry-After in whole seconds. The one limiter of the simulator: also the agent endpoints' (agent_rate)."""
    while stamps and stamps[0] <= now - window:
        stamps.popleft()
    if len(stamps) >= requests:
        return max(1, math.ceil(stamps[0] + window - now))
    stamps.append(now)
    return None


class RateLimits:
    def __init__(self):
        self._lock = threading.Lock()
        self._limits = {}
        self._accepted = {}

    def set(self, limits):
        checked = {}
        for path, rule in (limits or {}).items():
            if not isinstance(path, str) or not path.startswith('/'):
                raise ValueError('a rate limit is keyed by a path starting with /')
            requests, window = int(rule['requests']), float(rule['window'])
            if requests < 1 or window <= 0:
                raise ValueError('rate limit of %s: requests must be >= 1 and window > 0' % path)
            checked[path] = (requests, window)
        with self._lock:
            self._limits = checked
            self._accepted = {}

    def export(self):
        with self._lock:
            return {path: {'requests': n, 'window': w} for path, (n, w) in self._limits.items()}

    def reset(self):
        self.set({})

    def applies(self, path):
        return path in self._limits

    def admit(self, user, path, now):
        """None when the request may proceed (it is counted), else the Retry-After in whole seconds."""
        with self._lock:
            rule = self._limits.get(path)
            if rule is None:
                return None
            requests, window = rule
            return admit(self._accepted.setdefault((user, path), deque()), requests, window, now)
