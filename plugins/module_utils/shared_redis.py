# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What every controller of an account shares through the Redis ledger besides records: the token and pacing.

Keys, scoped like records by base URL and user name (ledger.scope_id):

    cloudagent:token:<scope>          the current token, its expiry and mint time (JSON); expires just
                                      before the token does
    cloudagent:token-state:<scope>    a lost mint or a stop after a revocation race (JSON; token_source.py)
    cloudagent:token-lock:<scope>     held while one process reads, mints and writes; a 60 s lease
                                      renewed while held, as the record locks of ledger_redis.py
    cloudagent:pace:<scope>:<bucket>  booked request times of a paced endpoint (sorted set, pacing.py)

The token is a secret: whoever can read these keys under the Redis ACL can call the API as the account
until the token expires (docs/awx.md). It never goes into a record or a result.
"""

from __future__ import annotations

import contextlib
import json
import uuid

from ansible_collections.ozonetel.cloudagent.plugins.module_utils.ledger import LOCK_LEASE_SECONDS, LedgerError, scope_id
from ansible_collections.ozonetel.cloudagent.plugins.module_utils.ledger_redis import RedisLedger, _LeaseKeeper
from ansible_collections.ozonetel.cloudagent.plugins.module_utils.pacing import MARGIN, PacingError, Slot
from ansible_collections.ozonetel.cloudagent.plugins.module_utils.token_cache import (
    TokenCacheError,
    state_from_json,
    state_to_json,
)
from ansible_collections.ozonetel.cloudagent.plugins.module_utils.token_source import LOST_MINT_HOLD, STOP_HOLD

TOKEN_PREFIX = 'cloudagent:token:'
TOKEN_STATE_PREFIX = 'cloudagent:token-state:'
TOKEN_LOCK_PREFIX = 'cloudagent:token-lock:'
PACE_PREFIX = 'cloudagent:pace:'
MINT_LOCK_WAIT = 60.0
TOKEN_KEY_EARLY = 60.0  # the key disappears this long before the token expires

# pacing.book() in Lua, so that booking a slot is one atomic step for every controller.
# KEYS[1] bucket; ARGV now, requests, window, margin, max_wait, member. Returns {granted, slot as string}.
BOOK_SCRIPT = """
local now = tonumber(ARGV[1])
local requests = tonumber(ARGV[2])
local span = tonumber(ARGV[3]) + tonumber(ARGV[4])
local max_wait = tonumber(ARGV[5])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - span)
local count = redis.call('ZCARD', KEYS[1])
local slot = now
if count >= requests then
  local nth = redis.call('ZRANGE', KEYS[1], count - requests, count - requests, 'WITHSCORES')
  slot = math.max(now, tonumber(nth[2]) + span)
end
local text = string.format('%.6f', slot)  -- tostring() keeps only 14 digits: 0.1 ms of an epoch time
if slot - now > max_wait then
  return {0, text}
end
redis.call('ZADD', KEYS[1], slot, ARGV[6])
redis.call('PEXPIRE', KEYS[1], math.ceil((slot - now + span) * 1000))
return {1, text}
"""


class SharedRedis(RedisLedger):
    """The Redis ledger's connection, also serving token stores and pacing buckets of its accounts."""

    def __init__(self, url, secrets=None):
        super().__init__(url, secrets)
        self._book = None

    def token_store(self, base_url, username):
        return RedisTokenStore(self, scope_id(base_url, username))

    def pace_store(self, base_url, username):
        return RedisPaceStore(self, scope_id(base_url, username))

    @contextlib.contextmanager
    def errors(self, action, error_class):
        """The ledger's Redis error messages, raised as error_class."""
        try:
            with self._errors(action):
                yield
        except LedgerError as exc:
            raise error_class(str(exc)) from None

    @contextlib.contextmanager
    def leased_lock(self, name, wait):
        """A redis-py Lock with the record locks' lease: renewed while held, freed within a lease if we die."""
        lock = self.client.lock(name, timeout=LOCK_LEASE_SECONDS, sleep=0.01, blocking_timeout=wait, thread_local=False)
        with self.errors('lock in', TokenCacheError):
            acquired = lock.acquire()
        if not acquired:
            raise TokenCacheError('timed out after %.0f s waiting for the lock %s at %s (another run is minting)'
                                  % (wait, name, self.describe()))
        keeper = _LeaseKeeper(lock, LOCK_LEASE_SECONDS / 3.0)
        keeper.start()
        try:
            yield
        finally:
            keeper.stop()
            with contextlib.suppress(Exception):  # a lost lease is harmless here: the state is written already
                lock.release()

    def book(self, name, now, limit, max_wait):
        if self._book is None:
            self._book = self.client.register_script(BOOK_SCRIPT)
        with self.errors('book a request slot in', PacingError):
            granted, slot = self._book(keys=[name], args=[repr(float(now)), int(limit.requests), repr(float(limit.window)),
                                                          repr(MARGIN), repr(float(max_wait)), uuid.uuid4().hex])
        if isinstance(slot, bytes):
            slot = slot.decode('ascii')
        return Slot(bool(int(granted)), float(slot))


class RedisTokenStore:
    """The token store of token_source.py in Redis."""

    write_error = None

    def __init__(self, shared, scope):
        self._shared = shared
        self.token_key = TOKEN_PREFIX + scope
        self.state_key = TOKEN_STATE_PREFIX + scope
        self.lock_key = TOKEN_LOCK_PREFIX + scope
        self.describe = 'the Redis store %s' % shared.describe()

    def read_state(self):
        with self._shared.errors('read the token from', TokenCacheError):
            token, state = self._shared.client.mget([self.token_key, self.state_key])
        data = {}
        for raw in (state, token):
            if raw is not None:
                try:
                    value = json.loads(raw)
                except ValueError:
                    continue
                if isinstance(value, dict):
                    data.update(value)
        return state_from_json(data)

    def locked(self):
        return self._shared.leased_lock(self.lock_key, MINT_LOCK_WAIT)

    def save(self, state):
        """Write the state; a failure is kept in write_error (a minted token is used anyway)."""
        data = state_to_json(state)
        token = {k: data.pop(k) for k in ('token', 'expires_at', 'minted_at') if k in data}
        client = self._shared.client
        try:
            with self._shared.errors('write the token to', TokenCacheError):
                pipe = client.pipeline(transaction=False)  # under the lock already; no MULTI (ACL)
                if token.get('token'):
                    # Gone a minute before the token expires, also when the state is written again later.
                    pipe.set(self.token_key, json.dumps(token))
                    pipe.pexpireat(self.token_key, int((token['expires_at'] - TOKEN_KEY_EARLY) * 1000))
                else:
                    pipe.delete(self.token_key)
                if data:
                    pipe.set(self.state_key, json.dumps(data), px=int(max(LOST_MINT_HOLD, STOP_HOLD) * 1000))
                else:
                    pipe.delete(self.state_key)
                pipe.execute()
        except TokenCacheError as exc:
            self.write_error = '%s; the token is not shared with other tasks' % exc


class RedisPaceStore:
    """The pacing store of pacing.py in Redis."""

    def __init__(self, shared, scope):
        self._shared = shared
        self._scope = scope
        self.describe = 'the Redis store %s' % shared.describe()

    def reserve(self, bucket, now, limit, max_wait):
        return self._shared.book('%s%s:%s' % (PACE_PREFIX, self._scope, bucket), now, limit, max_wait)
