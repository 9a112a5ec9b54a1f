# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Controller-side token cache shared by every task, fork and run for one base URL and user.

CloudAgent allows 10 tokens an hour per user and each new token revokes the older ones, so one token
must serve everything until it nears expiry. Layout: <dir> (0700) holds <sha256>.json (0600,
{"token", "expires_at"}, never the API key) and <sha256>.lock (flock). Minting happens while holding
the lock, so parallel forks never mint at the same time: the second one waits, re-reads and reuses.
"""

from __future__ import annotations

import base64
import errno
import fcntl
import hashlib
import json
import os
import tempfile
import time
from collections import namedtuple

from ansible_collections.ozonetel.cloudagent.plugins.module_utils.private_dir import make_private_dirs

DEFAULT_DIR = '~/.ansible/cloudagent/tokens'
TOKEN_LIFETIME = 3600.0
REFRESH_MARGIN = 300.0

TokenEntry = namedtuple('TokenEntry', 'token expires_at')


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


class TokenCache:
    """get(mint) returns a fresh TokenEntry; mint() returns a token string and is called under the lock."""

    def __init__(self, base_url, username, directory=None, clock=time.time, margin=REFRESH_MARGIN):
        self.directory = os.path.expanduser(directory or DEFAULT_DIR)
        key = cache_key(base_url, username)
        self.path = os.path.join(self.directory, key + '.json')
        self.lock_path = os.path.join(self.directory, key + '.lock')
        self.clock = clock
        self.margin = margin
        self.write_error = None

    def _fresh(self, entry, stale):
        return entry is not None and entry.token != stale and entry.expires_at - self.clock() >= self.margin

    def read(self):
        """The cached entry, or None when absent or unreadable (a bad file is simply replaced)."""
        try:
            with open(self.path, encoding='utf-8') as handle:
                data = json.load(handle)
            return TokenEntry(str(data['token']), float(data['expires_at']))
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def get(self, mint, stale=None):
        """A token valid for at least `margin` seconds and different from `stale` (a token the API rejected)."""
        entry = self.read()
        if self._fresh(entry, stale):
            return entry
        self._ensure_dir()
        try:
            fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as exc:
            raise TokenCacheError('token cache lock %s cannot be opened: %s' % (self.lock_path, exc.strerror)) from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            entry = self.read()  # another process may have minted while we waited
            if self._fresh(entry, stale):
                return entry
            started = self.clock()
            token = mint()
            expires = started + TOKEN_LIFETIME
            exp = jwt_expiry(token)
            if exp is not None:
                expires = min(expires, exp)
            entry = TokenEntry(token, expires)
            try:
                self._write(entry)
            except OSError as exc:
                # The token is minted and valid: use it, and let the caller warn that sharing failed.
                self.write_error = 'token cache file %s not written: %s' % (self.path, exc.strerror or exc)
            return entry
        finally:
            os.close(fd)  # closing releases the flock

    def _ensure_dir(self):
        try:
            make_private_dirs(self.directory)
            info = os.stat(self.directory)
            if info.st_uid == os.getuid() and info.st_mode & 0o077:
                os.chmod(self.directory, 0o700)
        except OSError as exc:
            raise TokenCacheError('token cache directory %s is not usable: %s' % (
                self.directory, os.strerror(exc.errno or errno.EIO))) from None

    def _write(self, entry):
        fd, tmp = tempfile.mkstemp(dir=self.directory, prefix='.tmp-', suffix='.json')  # created 0600
        try:
            with os.fdopen(fd, 'w', encoding='utf-8') as handle:
                json.dump({'token': entry.token, 'expires_at': entry.expires_at}, handle)
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
