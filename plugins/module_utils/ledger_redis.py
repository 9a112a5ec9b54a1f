# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Redis backend of the known-state store, for AWX/AAP and teams with several controllers.

One Redis string per record, holding the record's JSON, at::

    cloudagent:ledger:<scope_id>:<kind>:<identity_id>

and a redis-py Lock (with a lease, so a crashed holder cannot block others forever) at::

    cloudagent:ledger-lock:<scope_id>:<kind>:<identity_id>

The password comes from the URL (redis://:PASSWORD@host:6379/0) or CLOUDAGENT_LEDGER_PASSWORD. TLS uses
rediss://; redis-py's URL query options (ssl_cert_reqs, ssl_ca_certs, ssl_certfile, ssl_keyfile,
socket_timeout, ...) are passed through. The redis package is imported only when this backend is opened.
"""

from __future__ import annotations

import contextlib
import json
import os
import threading

from ansible.module_utils.basic import missing_required_lib

from ansible_collections.ozonetel.cloudagent.plugins.module_utils.ledger import (
    LEDGER_PASSWORD_ENV, LOCK_LEASE_SECONDS, LOCK_WAIT_SECONDS, LedgerError, LedgerStore, build_record,
    check_record, key_of_record, location_secrets, misplaced_record, scope_id)

CONNECT_TIMEOUT = 5.0
SOCKET_TIMEOUT = 10.0


def import_redis():
    """Import the redis package, or raise LedgerError with Ansible's missing-library message."""
    try:
        import redis  # pylint: disable=import-outside-toplevel
    except ImportError as exc:
        raise LedgerError('%s (pip install redis). The ledger option is a redis:// URL, which needs the redis '
                          'Python package on the machine running the module.' % missing_required_lib('redis')) from exc
    return redis


class _LeaseKeeper(threading.Thread):
    """Renews a held redis-py Lock's lease until stopped; stops by itself once the lock is lost."""

    def __init__(self, lock, interval):
        super().__init__(name='cloudagent-ledger-lease', daemon=True)
        self._lock = lock
        self._interval = interval
        self._stopped = threading.Event()

    def run(self):
        while not self._stopped.wait(self._interval):
            try:
                self._lock.reacquire()
            except Exception:  # pylint: disable=broad-except
                return  # lost or unreachable: release() reports it to the holder

    def stop(self):
        self._stopped.set()
        self.join()


# The Redis key layout (see the module docstring); the probe key lives beside the locks.
REDIS_PREFIX = 'cloudagent:ledger:'
REDIS_LOCK_PREFIX = 'cloudagent:ledger-lock:'
PROBE_TTL_MS = 5000


class RedisLedger(LedgerStore):
    """Records as JSON strings in Redis."""

    def __init__(self, url, secrets=None):
        super().__init__(secrets)
        self.location = url
        self._redis = import_redis()
        self._hidden = location_secrets(url)
        kwargs = {'socket_connect_timeout': CONNECT_TIMEOUT, 'socket_timeout': SOCKET_TIMEOUT}
        try:
            parsed = self._redis.connection.parse_url(url)
        except ValueError as exc:
            raise LedgerError('ledger: invalid Redis URL %s: %s' % (self.describe(), self._clean(exc))) from exc
        if not parsed.get('password') and os.environ.get(LEDGER_PASSWORD_ENV):
            kwargs['password'] = os.environ[LEDGER_PASSWORD_ENV]
        try:
            self.client = self._redis.Redis.from_url(url, **kwargs)
        except (ValueError, TypeError) as exc:
            raise LedgerError('ledger: invalid Redis URL %s: %s' % (self.describe(), self._clean(exc))) from exc
        with self._errors('connect to'):
            self.client.ping()

    def _clean(self, exc):
        text = str(exc)
        for secret in self._hidden:
            text = text.replace(secret, '***')
        return text

    @contextlib.contextmanager
    def _errors(self, action):
        try:
            yield
        except self._redis.exceptions.AuthenticationError as exc:
            raise LedgerError('ledger: cannot %s Redis at %s: authentication failed (%s); check the password in the URL or %s'
                              % (action, self.describe(), self._clean(exc), LEDGER_PASSWORD_ENV)) from exc
        except self._redis.exceptions.LockError as exc:
            raise LedgerError('ledger: lock failure at %s: %s' % (self.describe(), self._clean(exc))) from exc
        except self._redis.exceptions.RedisError as exc:
            raise LedgerError('ledger: cannot %s Redis at %s: %s: %s'
                              % (action, self.describe(), type(exc).__name__, self._clean(exc))) from exc
        except OSError as exc:
            raise LedgerError('ledger: cannot %s Redis at %s: %s' % (action, self.describe(), self._clean(exc))) from exc

    def redis_key(self, key):
        return '%s%s:%s:%s' % (REDIS_PREFIX, key.scope_id, key.kind, key.identity_id)

    def _lock_key(self, key):
        return '%s%s:%s:%s' % (REDIS_LOCK_PREFIX, key.scope_id, key.kind, key.identity_id)

    def _decode(self, raw, where, key=None):
        if isinstance(raw, bytes):
            raw = raw.decode('utf-8', 'replace')
        try:
            record = json.loads(raw)
        except ValueError as exc:
            raise LedgerError(
                'ledger: record %s at %s is corrupted (%s). Inspect it; if it cannot be repaired, forget it '
                '(ozonetel.cloudagent.cloudagent_ledger state=absent, or redis-cli DEL) and adopt the current state '
                'again with state=present' % (where, self.describe(), exc)) from exc
        return check_record(record, '%s at %s' % (where, self.describe()), key)

    def get(self, key):
        name = self.redis_key(key)
        with self._errors('read from'):
            raw = self.client.get(name)
        return None if raw is None else self._decode(raw, name, key)

    def put(self, key, desired=None, server=None):
        record = build_record(key, desired, server, self.secrets)
        text = json.dumps(record, sort_keys=True, separators=(',', ':'), ensure_ascii=False)
        with self._errors('write to'):
            self.client.set(self.redis_key(key), text)
        return record

    def delete(self, key):
        with self._errors('delete from'):
            return bool(self.client.delete(self.redis_key(key)))

    def list(self, base_url, username, kind=None):
        pattern = '%s%s:%s:*' % (REDIS_PREFIX, scope_id(base_url, username), kind or '*')
        with self._errors('list from'):
            names = sorted(self.client.scan_iter(match=pattern, count=500))
            values = self.client.mget(names) if names else []
        records = []
        for name, raw in zip(names, values):
            if raw is not None:  # deleted between SCAN and MGET
                if isinstance(name, bytes):
                    name = name.decode('utf-8', 'replace')
                record = self._decode(raw, name)
                if self.redis_key(key_of_record(record, name, base_url, username)) != name:
                    raise misplaced_record(record, '%s at %s' % (name, self.describe()))
                records.append(record)
        records.sort(key=lambda r: (str(r.get('kind')), str(r.get('identity'))))
        return records

    def check_writable(self, base_url, username):
        # A short-lived probe key: a read-only replica or an ACL user without write rights fails here.
        probe = '%s%s:probe' % (REDIS_LOCK_PREFIX, scope_id(base_url, username))
        with self._errors('write to'):
            self.client.set(probe, b'1', px=PROBE_TTL_MS)
            self.client.delete(probe)

    @contextlib.contextmanager
    def lock(self, key, timeout=LOCK_WAIT_SECONDS):
        """Exclusive lock on key across processes and controllers (redis-py Lock with a lease).

        The lease (LOCK_LEASE_SECONDS) frees the lock if its holder dies; while the holder lives, a thread
        renews it every third of the lease, so work under the lock (HTTP calls with retries) may take longer.
        Not re-entrant: do not nest lock() on the same key.
        """
        # thread_local=False: the renewing thread must see the token the acquiring thread got.
        lock = self.client.lock(self._lock_key(key), timeout=LOCK_LEASE_SECONDS, sleep=0.002, blocking_timeout=timeout,
                                thread_local=False)
        with self._errors('lock in'):
            acquired = lock.acquire()
        if not acquired:
            raise LedgerError('ledger: timed out after %.0f s waiting for the lock %s at %s (another run holds it)'
                              % (timeout, self._lock_key(key), self.describe()))
        keeper = _LeaseKeeper(lock, LOCK_LEASE_SECONDS / 3.0)
        keeper.start()
        try:
            yield
        except BaseException:
            keeper.stop()
            with contextlib.suppress(Exception):  # keep the original error
                lock.release()
            raise
        keeper.stop()
        with self._errors('unlock in'):
            try:
                lock.release()
            except self._redis.exceptions.LockNotOwnedError as exc:
                raise LedgerError('ledger: the lock %s at %s expired before the work under it finished (lease %.0f s, '
                                  'not renewed in time); a concurrent run may have written the same record'
                                  % (self._lock_key(key), self.describe(), LOCK_LEASE_SECONDS)) from exc

    def close(self):
        with contextlib.suppress(Exception):
            self.client.close()
