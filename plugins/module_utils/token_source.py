# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The token lifecycle of token mode: which bearer a call carries, when it is renewed, how it is minted.

CloudAgent allows 10 tokens an hour per user and each new token revokes the older ones, so one token
serves every thread of a client, and through the token cache (token_cache.py) every fork and run.
The client asks bearer() before each call and refresh() once when the API rejects the token; minting
itself is the client's call of the generateToken endpoint, handed in as mint(operation).
"""

from __future__ import annotations

import threading
import time

from ansible_collections.ozonetel.cloudagent.plugins.module_utils.token_cache import (
    REFRESH_MARGIN,
    TOKEN_LIFETIME,
    TokenCache,
    TokenCacheError,
    TokenEntry,
)

# Answers of the token layer that mean "this bearer is no longer accepted".
TOKEN_CODES = ('token_expired', 'token_invalid')


class TokenSource:
    """Bearer tokens for one client. Thread-safe: one mint at a time, shared by every thread."""

    def __init__(self, settings, mint, redactor, warn, cache_dir=None, use_cache=True, wall_clock=time.time):
        self.settings = settings
        self._mint_call = mint
        self._redactor = redactor
        self._warn = warn
        self._wall = wall_clock
        self._lock = threading.Lock()
        self._token = None  # TokenEntry minted or read from the cache by this client
        self._cache = None
        if settings.auth_mode == 'token' and not settings.token and use_cache:
            self._cache = TokenCache(settings.base_url, settings.username, cache_dir, clock=wall_clock)

    def bearer(self, ep, operation):
        """The token for an account-style call in token mode, else None."""
        if ep.auth != 'account' or self.settings.auth_mode != 'token':
            return None
        if self.settings.token:
            return self.settings.token  # user-supplied: used as is, never cached or refreshed
        with self._lock:
            if self._token and self._token.expires_at - self._wall() >= REFRESH_MARGIN:
                return self._token.token
            return self._obtain(None, operation)

    def is_managed(self, token):
        """True for a token this source minted or read from the cache (not the user's token option)."""
        return not self.settings.token or token != self.settings.token

    def refresh(self, stale, operation):
        """A token other than `stale`, which the API rejected: another thread's, the cache's, or a new one."""
        with self._lock:
            if self._token and self._token.token != stale and self._token.expires_at - self._wall() >= REFRESH_MARGIN:
                return self._token.token  # another thread already refreshed
            return self._obtain(stale, operation)

    def _obtain(self, stale, operation):
        """Called with _lock held: read or mint through the shared cache, else mint in memory."""
        operation = '%s (generate token)' % operation
        if self._cache is not None:
            try:
                self._token = self._cache.get(lambda: self._mint(operation), stale=stale)
                if self._cache.write_error:
                    self._warn(self._cache.write_error)
                self._redactor.add(self._token.token)
                return self._token.token
            except TokenCacheError as exc:
                self._warn('%s; tokens are not shared with other tasks' % exc)
                self._cache = None
        started = self._wall()
        self._token = TokenEntry(self._mint(operation), started + TOKEN_LIFETIME)
        return self._token.token

    def _mint(self, operation):
        token = self._mint_call(operation)
        self._redactor.add(token)
        return token
