# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Where an account's token and pacing buckets live: where its known-state records live.

A Redis ledger (redis:// or rediss://, the `ledger` option or CLOUDAGENT_LEDGER) holds them in Redis,
shared by every controller that uses it (shared_redis.py). Any other ledger keeps them on the machine
running the module: the token cache file (token_cache.py) and the pacing file (pacing.py). Redis is
opened only when a token or a paced endpoint is needed.
"""

from __future__ import annotations

import os
import threading

from ansible_collections.ozonetel.cloudagent.plugins.module_utils.ledger import LEDGER_ENV, LedgerError, is_redis_location
from ansible_collections.ozonetel.cloudagent.plugins.module_utils.pacing import FilePaceStore, PacingError
from ansible_collections.ozonetel.cloudagent.plugins.module_utils.token_cache import TokenCacheError


def store_location(params):
    """The ledger location of a module's params; CLOUDAGENT_LEDGER for modules without a ledger option."""
    if 'ledger' in params:
        return params.get('ledger')
    return os.environ.get(LEDGER_ENV)


class AccountStores:
    """The stores of one account (settings' base URL and user name) for one client."""

    def __init__(self, settings, location=None, pacing_dir=None, secrets=None):
        self.settings = settings
        self.location = str(location or '').strip()
        self.pacing_dir = pacing_dir
        self.secrets = secrets
        self._redis = None
        self._lock = threading.Lock()

    @property
    def shared(self):
        """True when the stores are in Redis."""
        return is_redis_location(self.location)

    def _open_redis(self, error_class):
        with self._lock:
            if self._redis is None:
                from ansible_collections.ozonetel.cloudagent.plugins.module_utils.shared_redis import SharedRedis
                try:
                    self._redis = SharedRedis(self.location, secrets=self.secrets)
                except LedgerError as exc:
                    raise error_class(str(exc)) from None
            return self._redis

    def token_store(self):
        """The Redis token store, or None for the token cache file of this machine."""
        if not self.shared:
            return None
        return self._open_redis(TokenCacheError).token_store(self.settings.base_url, self.settings.username)

    def pace_store(self):
        if not self.shared:
            return FilePaceStore(self.settings.base_url, self.settings.username, self.pacing_dir)
        return self._open_redis(PacingError).pace_store(self.settings.base_url, self.settings.username)

    def close(self):
        if self._redis is not None:
            self._redis.close()
