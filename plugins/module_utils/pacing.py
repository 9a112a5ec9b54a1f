# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Request pacing per account and endpoint, shared by every thread, fork, job and controller of a store.

An endpoint of the table (endpoints.py) may declare its documented limit, endpoints.Limit(requests,
window): "5 requests a minute" is Limit(5, 60.0). The client asks reserve() for a slot before every attempt.
Slots work like a bucket of `requests` tokens where each spent token comes back `window` + MARGIN
seconds after the request that spent it, which keeps every window of the server, however it is
aligned, at or under the limit (a bucket that refills at a steady rate would let twice the limit
through in the first window). A caller that finds the bucket empty books the earliest slot that keeps
the rule and sleeps until then, so waiters are served in order and never wake together.

Where the bucket lives follows the known-state store: in Redis (shared_redis.py, one atomic script) for
a Redis ledger, else in a locked file under ~/.ansible/cloudagent/pacing/ (0600). Endpoints without a
declared limit are not paced at all.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import math
import os
import tempfile
import threading
import time
from collections import namedtuple

from ansible_collections.ozonetel.cloudagent.plugins.module_utils.classify import Outcome
from ansible_collections.ozonetel.cloudagent.plugins.module_utils.errors import CloudAgentError
from ansible_collections.ozonetel.cloudagent.plugins.module_utils.token_cache import cache_key

DEFAULT_DIR = '~/.ansible/cloudagent/pacing'
MARGIN = 2.0       # seconds between a slot's return and the window's end: latency and clock skew
LONG_WAIT = 30.0   # a wait at least this long is announced with one warning line

Slot = namedtuple('Slot', 'granted at')


class PacingError(Exception):
    """The pacing store cannot be used."""


def bucket_name(ep):
    """Endpoints on one method and path share one server-side limit, so they share one bucket."""
    return '%s %s' % (ep.method, ep.path)


def book(stamps, now, limit, max_wait):
    """(Slot, stamps to keep): the earliest time a request may go, booked unless it is more than max_wait away.

    stamps are the booked send times of the bucket (past and future). A new slot lies at least one span
    (window + MARGIN) after the requests-th latest booking, so no window holds more than `requests`.
    The Redis script in shared_redis.py is this function in Lua; keep the two alike.
    """
    span = float(limit.window) + MARGIN
    kept = sorted(s for s in stamps if s > now - span)
    slot = now
    if len(kept) >= limit.requests:
        slot = max(now, kept[-limit.requests] + span)
    if slot - now > max_wait:
        return Slot(False, slot), kept
    kept.append(slot)
    kept.sort()
    return Slot(True, slot), kept


class FilePaceStore:
    """Buckets of one account in <dir>/<sha256 of base URL and user>.json, changed under flock of a .lock."""

    def __init__(self, base_url, username, directory=None):
        self.directory = os.path.expanduser(directory or DEFAULT_DIR)
        key = cache_key(base_url, username)
        self.path = os.path.join(self.directory, key + '.json')
        self.lock_path = os.path.join(self.directory, key + '.lock')
        self.describe = 'the pacing file %s' % self.path

    def reserve(self, bucket, now, limit, max_wait):
        with self._locked():
            data = self._read()
            slot, kept = book(data.get(bucket, []), now, limit, max_wait)
            if slot.granted:
                data[bucket] = kept
                self._write(data)
            return slot

    @contextlib.contextmanager
    def _locked(self):
        try:
            os.makedirs(self.directory, mode=0o700, exist_ok=True)
            fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as exc:
            raise PacingError('pacing directory %s is not usable: %s' % (self.directory, exc.strerror or exc)) from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)

    def _read(self):
        try:
            with open(self.path, encoding='utf-8') as handle:
                data = json.load(handle)
        except (OSError, ValueError):
            return {}
        if not isinstance(data, dict):
            return {}
        return {k: [float(s) for s in v if isinstance(s, (int, float))] for k, v in data.items() if isinstance(v, list)}

    def _write(self, data):
        try:
            fd, tmp = tempfile.mkstemp(dir=self.directory, prefix='.tmp-', suffix='.json')  # created 0600
            with os.fdopen(fd, 'w', encoding='utf-8') as handle:
                json.dump(data, handle)
            os.replace(tmp, self.path)
        except OSError as exc:
            raise PacingError('pacing file %s not written: %s' % (self.path, exc.strerror or exc)) from None


class Pacer:
    """Waits for a slot of a paced endpoint before each attempt. store_factory() opens the store on first use."""

    def __init__(self, store_factory, sleep, wall_clock, warn, redactor=None):
        self._factory = store_factory
        self._store = None
        self._open_lock = threading.Lock()
        self._sleep = sleep
        self._wall = wall_clock
        self._warn = warn
        self._redactor = redactor
        self._announced = set()
        self.waited = 0.0  # seconds slept for slots, for results and tests

    def _opened(self):
        with self._open_lock:
            if self._store is None:
                self._store = self._factory()
            return self._store

    def before(self, ep, operation, budget_left):
        """Sleep until the endpoint may be called; fail when that is more than budget_left seconds away."""
        limit = getattr(ep, 'limit', None)
        if not limit:
            return
        now = self._wall()
        try:
            slot = self._opened().reserve(bucket_name(ep), now, limit, max(0.0, budget_left))
        except PacingError as exc:
            raise self._failure(operation, ep, 'pacing_store_error', 'unexpected',
                                '%s; nothing was sent' % exc) from None
        wait = slot.at - now
        if not slot.granted:
            raise self._failure(operation, ep, 'paced_out', 'rate_limited', (
                '%s allows %s; the next free slot for this account is %s s away (%s), more than the remaining retry '
                'budget of %s s (10 x timeout); nothing was sent: run again in %s s, or raise timeout'
                % (bucket_name(ep), _rate(limit), _secs(wait), _utc(slot.at), _secs(budget_left), _secs(wait))))
        if wait <= 0:
            return
        with self._open_lock:
            first_long = wait >= LONG_WAIT and bucket_name(ep) not in self._announced
            if first_long:
                self._announced.add(bucket_name(ep))
            self.waited += wait
        if first_long:
            self._warn('pacing: %s allows %s, shared by every fork, job and controller using %s; waiting %s s for a '
                       'free slot (until %s)' % (bucket_name(ep), _rate(limit), self._store.describe, _secs(wait),
                                                 _utc(slot.at)))
        self._sleep(wait)

    def _failure(self, operation, ep, code, kind, message):
        return CloudAgentError(operation, Outcome(kind, code, message), endpoint=bucket_name(ep), applied=False,
                               redactor=self._redactor)


def _rate(limit):
    window = float(limit.window)
    per = 'a minute' if window == 60 else 'an hour' if window == 3600 else 'per %s s' % _secs(window)
    return '%d requests %s per account' % (limit.requests, per)


def _secs(value):
    """Rounded up: waiting the time a message names is always enough."""
    return '%d' % math.ceil(value) if value >= 10 else '%.1f' % (math.ceil(value * 10) / 10.0)


def _utc(stamp):
    return time.strftime('%H:%M:%S UTC', time.gmtime(stamp))
