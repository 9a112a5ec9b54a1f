# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Controller-side token store shared by every task, fork and run for one base URL and user.

CloudAgent allows 10 tokens an hour per user and each new token revokes the older ones, so one token
must serve everything until it nears expiry. Layout: <dir> (0700) holds <sha256>.json (0600, never the
API key) and <sha256>.lock (flock). The JSON holds the token, its expiry and when it was minted, plus
what token_source.py must remember across processes: a mint whose answer was lost (`lost`) and a stop
after a revocation race (`stop`). Minting happens while holding the lock, so parallel forks never mint
at the same time: the second one waits, re-reads and reuses.

This is the store of the directory ledger; with a Redis ledger the same state lives in Redis
(shared_redis.py). Both offer read_state(), locked() and save().
"""

from __future__ import annotations

import base64
import contextlib
import errno
import fcntl
import hashlib
import json
import os
import tempfile
import threading
import time
from collections import namedtuple

DEFAULT_DIR = '~/.ansible/cloudagent/tokens'
TOKEN_LIFETIME = 3600.0
REFRESH_MARGIN = 300.0

TokenEntry = namedtuple('TokenEntry', 'token expires_at minted_at', defaults=(None,))
# lost: {'at', 'reason'} of a mint whose answer was lost; stop: {'at', 'until', 'minted_at'} of a revocation race.
TokenState = namedtuple('TokenState', 'entry lost stop', defaults=(None, None, None))


class TokenCacheError(Exception):
    """The cache directory or file cannot be used safely."""


def cache_key(base_url, username):
    # A newline cannot occur in either part, so different pairs never share a key.
    return hashlib.sha256(('%s\n%s' % (base_url.rstrip('/'), username)).encode('utf-8')).hexdigest()


def jwt_expiry(token):
    """The exp claim of a JWT, or None: the token is opaque to us unless it decodes cleanly."""
    try:
        payload = token.split('.')[1]
        claims = json.loads(base64.urlsafe_b64decode(payload + '=' * (-len(payload) % 4)).decode('utf-8'))
        exp = claims.get('exp')
        return float(exp) if isinstance(exp, (int, float)) and not isinstance(exp, bool) else None
    except (IndexError, ValueError, AttributeError, TypeError):
        return None


def new_entry(token, minted_at):
    """The entry of a token minted at minted_at: valid an hour, or until its JWT exp if that is sooner."""
    expires = minted_at + TOKEN_LIFETIME
    exp = jwt_expiry(token)
    if exp is not None:
        expires = min(expires, exp)
    return TokenEntry(token, expires, minted_at)


def state_to_json(state):
    data = {}
    if state.entry is not None:
        data.update(token=state.entry.token, expires_at=state.entry.expires_at)
        if state.entry.minted_at is not None:
            data['minted_at'] = state.entry.minted_at
    if state.lost:
        data['lost'] = dict(state.lost)
    if state.stop:
        data['stop'] = dict(state.stop)
    return data


def state_from_json(data):
    """A TokenState from its JSON form; anything unreadable counts as absent (a bad file is simply replaced)."""
    if not isinstance(data, dict):
        return TokenState()
    entry = None
    try:
        if data.get('token'):
            minted = data.get('minted_at')
            entry = TokenEntry(str(data['token']), float(data['expires_at']), None if minted is None else float(minted))
    except (KeyError, TypeError, ValueError):
        entry = None
    return TokenState(entry, _marker(data.get('lost')), _marker(data.get('stop')))


def _marker(value):
    if not isinstance(value, dict):
        return None
    try:
        return dict(value, at=float(value['at']), **({'until': float(value['until'])} if 'until' in value else {}))
    except (KeyError, TypeError, ValueError):
        return None


class MemoryTokenStore:
    """The store of a client that cannot share: state lives as long as the client (every thread sees it)."""

    describe = 'this task only'

    def __init__(self):
        self._state = TokenState()
        self._lock = threading.Lock()
        self.write_error = None

    def read_state(self):
        return self._state

    @contextlib.contextmanager
    def locked(self):
        with self._lock:
            yield

    def save(self, state):
        self._state = state


class TokenCache:
    """The file store. get(mint) is the plain read-or-mint path; token_source.py uses the parts."""

    def __init__(self, base_url, username, directory=None, clock=time.time, margin=REFRESH_MARGIN):
        self.directory = os.path.expanduser(directory or DEFAULT_DIR)
        key = cache_key(base_url, username)
        self.path = os.path.join(self.directory, key + '.json')
        self.lock_path = os.path.join(self.directory, key + '.lock')
        self.clock = clock
        self.margin = margin
        self.write_error = None

    @property
    def describe(self):
        return 'the token cache %s' % self.directory

    def fresh(self, entry, stale=None):
        return entry is not None and entry.token != stale and entry.expires_at - self.clock() >= self.margin

    def read_state(self):
        try:
            with open(self.path, encoding='utf-8') as handle:
                return state_from_json(json.load(handle))
        except (OSError, ValueError):
            return TokenState()

    def read(self):
        """The cached entry, or None when absent or unreadable."""
        return self.read_state().entry

    @contextlib.contextmanager
    def locked(self):
        """flock on the .lock file: one process at a time reads, mints and writes."""
        self._ensure_dir()
        try:
            fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as exc:
            raise TokenCacheError('token cache lock %s cannot be opened: %s' % (self.lock_path, exc.strerror)) from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)  # closing releases the flock

    def save(self, state):
        """Write the state (under locked()). A failure is kept in write_error: the token is valid anyway."""
        try:
            self._write(state_to_json(state))
        except OSError as exc:
            self.write_error = 'token cache file %s not written: %s' % (self.path, exc.strerror or exc)

    def get(self, mint, stale=None):
        """A token valid for at least `margin` seconds and different from `stale` (a token the API rejected)."""
        entry = self.read()
        if self.fresh(entry, stale):
            return entry
        with self.locked():
            state = self.read_state()  # another process may have minted while we waited
            if self.fresh(state.entry, stale):
                return state.entry
            started = self.clock()
            entry = new_entry(mint(), started)
            self.save(state._replace(entry=entry))
            return entry

    def _ensure_dir(self):
        try:
            os.makedirs(self.directory, mode=0o700, exist_ok=True)
            info = os.stat(self.directory)
            if info.st_uid == os.getuid() and info.st_mode & 0o077:
                os.chmod(self.directory, 0o700)
        except OSError as exc:
            raise TokenCacheError('token cache directory %s is not usable: %s' % (
                self.directory, os.strerror(exc.errno or errno.EIO))) from None

    def _write(self, data):
        fd, tmp = tempfile.mkstemp(dir=self.directory, prefix='.tmp-', suffix='.json')  # created 0600
        try:
            with os.fdopen(fd, 'w', encoding='utf-8') as handle:
                json.dump(data, handle)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(tmp, 0o600)
            os.replace(tmp, self.path)
        except BaseException:
            try:
                os.unlink(tmp)
            except OSError:
                pass
            raise
