# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The token lifecycle of token mode: which bearer a call carries, when it is renewed, how it is minted.

CloudAgent allows 10 tokens an hour per user and each new token revokes the older ones, so one token
serves every thread of a client and, through a token store, every fork, job and controller that shares
the store: the token cache file of the directory ledger (token_cache.py) or Redis (shared_redis.py).
The client asks bearer() before each call and refresh() once when the API rejects the token; minting
itself is the client's call of the generateToken endpoint, handed in as mint(operation).

Two things are remembered in the store, so that no fork or job of the account repeats them:
- a mint whose answer was lost (it may have minted a token, revoking the current one): nobody mints
  again for LOST_MINT_HOLD seconds; every caller fails with the same message saying when it is safe;
- a token we minted that the API rejects as revoked within CONTESTED_WINDOW: another client mints
  for the same user, and minting back would start a race that burns the hourly budget. Minting stops
  for STOP_HOLD seconds with a message naming the cause and the fix.
"""

from __future__ import annotations

import threading
import time

from ansible_collections.ozonetel.cloudagent.plugins.module_utils.classify import Outcome
from ansible_collections.ozonetel.cloudagent.plugins.module_utils.endpoints import endpoint
from ansible_collections.ozonetel.cloudagent.plugins.module_utils.errors import CloudAgentError
from ansible_collections.ozonetel.cloudagent.plugins.module_utils.token_cache import (
    REFRESH_MARGIN,
    MemoryTokenStore,
    TokenCache,
    TokenCacheError,
    new_entry,
)

# Answers of the token layer that mean "this bearer is no longer accepted".
TOKEN_CODES = ('token_expired', 'token_invalid')
TOKEN_ENDPOINT = '%s %s' % (endpoint('token_generate').method, endpoint('token_generate').path)

LOST_MINT_HOLD = 120.0    # after a lost mint answer, nobody of the account mints for this long
CONTESTED_WINDOW = 600.0  # our token revoked sooner than this after its mint: another client mints
STOP_HOLD = 600.0         # then nobody of the account mints for this long


def _utc(stamp):
    return time.strftime('%H:%M:%S UTC', time.gmtime(stamp))


class TokenSource:
    """Bearer tokens for one client. Thread-safe: one mint at a time, shared by every thread.

    stores is an account_store.AccountStores: with a Redis ledger the token lives in Redis, else in the
    token cache file in cache_dir. use_cache=False keeps everything in this client.
    """

    def __init__(self, settings, mint, redactor, warn, cache_dir=None, use_cache=True, wall_clock=time.time,
                 stores=None):
        self.settings = settings
        self._mint_call = mint
        self._redactor = redactor
        self._warn = warn
        self._wall = wall_clock
        self._lock = threading.Lock()
        self._token = None  # TokenEntry minted or read from the store by this client
        self._memory = MemoryTokenStore()  # also holds what must be remembered if the shared store fails
        self._store = None  # opened on the first mint
        self._cache_dir = cache_dir
        self._stores = stores
        self._shared = bool(stores is not None and stores.shared)
        if not use_cache:
            self._store = self._memory

    def _opened(self, operation):
        """The store, opened once. A Redis store that cannot be used fails the call: minting beside it would
        revoke the token every other job shares. A token cache file that cannot be used only warns."""
        if self._store is None:
            try:
                if self._shared:
                    self._store = self._stores.token_store()
                else:
                    self._store = TokenCache(self.settings.base_url, self.settings.username, self._cache_dir,
                                             clock=self._wall)
            except TokenCacheError as exc:
                raise self._store_failure(operation, exc) from None
        return self._store

    def bearer(self, ep, operation):
        """The token for an account-style call in token mode, else None."""
        if ep.auth != 'account' or self.settings.auth_mode != 'token':
            return None
        if self.settings.token:
            return self.settings.token  # user-supplied: used as is, never cached or refreshed
        with self._lock:
            if self._fresh(self._token):
                return self._token.token
            return self._obtain(None, operation)

    def is_managed(self, token):
        """True for a token this source minted or read from the store (not the user's token option)."""
        return not self.settings.token or token != self.settings.token

    def refresh(self, stale, operation, code=None):
        """A token other than `stale`, which the API rejected with `code`: another thread's, the store's, or new."""
        with self._lock:
            if self._fresh(self._token, stale):
                return self._token.token  # another thread already refreshed
            rejected = self._token if self._token and self._token.token == stale else None
            return self._obtain(stale, operation, rejected if code == 'token_invalid' else None)

    # ---- under self._lock ----------------------------------------------------------------------

    def _fresh(self, entry, stale=None):
        return entry is not None and entry.token != stale and entry.expires_at - self._wall() >= REFRESH_MARGIN

    def _obtain(self, stale, operation, revoked=None):
        """Read the store, or mint under its lock. revoked: our entry the API called invalid (maybe a race)."""
        operation = '%s (generate token)' % operation
        store = self._opened(operation)
        try:
            state = self._read(store)
            if self._fresh(state.entry, stale):
                return self._use(state.entry)
            with store.locked():
                return self._obtain_locked(store, stale, operation, revoked)
        except TokenCacheError as exc:
            if self._shared:
                if self._fresh(self._memory.read_state().entry, stale):
                    return self._use(self._memory.read_state().entry)  # minted and used; only the unlock failed
                raise self._store_failure(operation, exc) from None
            self._warn('%s; tokens are not shared with other tasks' % exc)
        self._store = self._memory
        with self._memory.locked():
            return self._obtain_locked(self._memory, stale, operation, revoked)

    def _read(self, store):
        state = store.read_state()
        if store is not self._memory:
            # What this client itself learnt stays true even if the shared store lost it.
            mine = self._memory.read_state()
            state = state._replace(lost=state.lost or mine.lost, stop=state.stop or mine.stop)
        return state

    def _obtain_locked(self, store, stale, operation, revoked):
        state = self._read(store)  # another process may have minted while we waited
        now = self._wall()
        if state.stop and now < state.stop['until']:
            raise self._stopped(operation, state.stop)
        if self._fresh(state.entry, stale):
            return self._use(state.entry)
        lost = state.lost
        if lost and now < lost['at'] + LOST_MINT_HOLD:
            raise self._lost(operation, lost)
        self._stop_if_raced(store, state, revoked, operation)
        started = self._wall()
        try:
            token = self._mint_call(operation)
        except CloudAgentError as exc:
            if exc.applied is not None:
                raise  # refused or never sent: nothing was minted
            reason = exc.code or exc.kind
            if exc.http_status is not None:
                reason = 'HTTP %s, %s' % (exc.http_status, reason)
            lost = {'at': started, 'reason': reason}
            self._save(store, state._replace(lost=lost))
            raise self._lost(operation, lost) from None
        self._redactor.add(token)
        entry = new_entry(token, started)
        self._save(store, state._replace(entry=entry, lost=None, stop=None))
        return self._use(entry)

    def _stop_if_raced(self, store, state, revoked, operation):
        """Raise (and remember) the race when our token was revoked soon after its mint, unless our own lost
        mint since then explains it."""
        if revoked is None or revoked.minted_at is None:
            return
        now = self._wall()
        lost = state.lost
        if (lost and lost['at'] >= revoked.minted_at) or now - revoked.minted_at >= CONTESTED_WINDOW:
            return
        stop = {'at': now, 'until': now + STOP_HOLD, 'minted_at': revoked.minted_at}
        # The revoked token goes too: other forks fail at once instead of sending it first.
        self._save(store, state._replace(entry=None, stop=stop))
        raise self._stopped(operation, stop)

    def rejected_again(self, stale, operation, code):
        """The token a refresh gave was rejected too. A race shows here first: raise its failure (and remember
        it) when the rejected token is one of ours minted minutes ago; otherwise return and let the caller fail
        with the API's words. Never mints."""
        if code != 'token_invalid':
            return
        with self._lock:
            if self._token is None or self._token.token != stale or self._store is None:
                return
            try:
                state = self._read(self._store)
            except TokenCacheError:
                state = self._memory.read_state()
            self._stop_if_raced(self._store, state, self._token, '%s (generate token)' % operation)

    def _save(self, store, state):
        self._memory.save(state)
        if store is not self._memory:
            store.save(state)
            if store.write_error:
                self._warn(store.write_error)

    def _use(self, entry):
        self._redactor.add(entry.token)
        self._token = entry
        return entry.token

    # ---- the two failures that stop minting ----------------------------------------------------

    def _failure(self, operation, kind, code, message):
        return CloudAgentError(operation, Outcome(kind, code, message), endpoint=TOKEN_ENDPOINT,
                               applied=False, redactor=self._redactor)

    def _store_failure(self, operation, exc):
        return self._failure(operation, 'unexpected', 'token_store_error', (
            '%s; no token was requested: one minted beside the shared store would revoke the token every other job '
            'of this account uses' % exc))

    def _lost(self, operation, lost):
        safe = lost['at'] + LOST_MINT_HOLD
        return self._failure(operation, 'server_error', 'token_mint_lost', (
            'the answer to a token request sent at %s was lost (%s), so it may have minted a token that revoked the '
            'previous one; to spare the 10 tokens an hour, no task of this account requests a token before %s '
            '(%d s later); the request of this item was not sent, run again after that'
            % (_utc(lost['at']), lost.get('reason') or 'no answer', _utc(safe), LOST_MINT_HOLD)))

    def _stopped(self, operation, stop):
        return self._failure(operation, 'auth_failed', 'token_race', (
            'the token minted for this account at %s was revoked within %d s: another controller or tool is '
            'generating tokens for this CloudAgent user (TOKEN_AUTH), and each new token revokes the last; token '
            'requests of %s stop until %s so the two do not burn the 10 tokens an hour. Fix: give every controller '
            'and job the same Redis known-state store (ledger: redis://...), which shares one token, or use '
            'auth_mode: api_key with the account set to BASIC_AUTH'
            % (_utc(stop['minted_at']), max(1, stop['at'] - stop['minted_at']), self._store_name(), _utc(stop['until']))))

    def _store_name(self):
        return getattr(self._store, 'describe', 'this task')
