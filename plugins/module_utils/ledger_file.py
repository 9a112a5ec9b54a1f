# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Directory backend of the known-state store.

Layout (directories 0700, files 0600)::

    <root>/<scope_id>/scope.json                 {"base_url": ..., "username": ...} for people reading the tree
    <root>/<scope_id>/<kind>/<identity_id>.json  one record (readable JSON, plain identity inside)
    <root>/<scope_id>/<kind>/<identity_id>.lock  lock file for lock(key) (fcntl.flock), never removed

Writes go to a temporary file in the same directory, are fsync'ed and renamed over the record with
os.replace, so a reader sees the old or the new record, never a partial one.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import tempfile
import time

from ansible_collections.ozonetel.cloudagent.plugins.module_utils.ledger import (
    LOCK_WAIT_SECONDS, LedgerError, LedgerStore, build_record, check_record, key_of_record, misplaced_record,
    scope_id)
from ansible_collections.ozonetel.cloudagent.plugins.module_utils.private_dir import make_private_dirs

FILE_MODE = 0o600
RECORD_SUFFIX = '.json'
LOCK_SUFFIX = '.lock'
TEMP_PREFIX = '.tmp-'
SCOPE_FILE = 'scope.json'


class DirectoryLedger(LedgerStore):
    """Records as JSON files under a directory on the controller."""

    def __init__(self, root, secrets=None):
        super().__init__(secrets)
        self.location = os.path.abspath(os.path.expanduser(str(root)))
        if os.path.exists(self.location) and not os.path.isdir(self.location):
            raise LedgerError('ledger: %s exists and is not a directory' % self.location)

    # paths

    def _scope_dir(self, base_url, username):
        return os.path.join(self.location, scope_id(base_url, username))

    def _kind_dir(self, key):
        return os.path.join(self._scope_dir(key.base_url, key.username), key.kind)

    def path_of(self, key):
        """The record file of key (whether or not it exists)."""
        return os.path.join(self._kind_dir(key), key.identity_id + RECORD_SUFFIX)

    @staticmethod
    def _makedirs(path):
        """Create path and missing parents with mode 0700 (the umask cannot widen or narrow it)."""
        try:
            make_private_dirs(path)
        except OSError as exc:
            # mkdir's error names the directory it could not create, which may be a parent of path
            raise LedgerError('ledger: cannot create directory %s: %s' % (exc.filename or path, exc.strerror or exc)) from exc

    def _prepare(self, key):
        kind_dir = self._kind_dir(key)
        if not os.path.isdir(kind_dir):
            self._makedirs(kind_dir)
        scope_file = os.path.join(os.path.dirname(kind_dir), SCOPE_FILE)
        if not os.path.exists(scope_file):
            self._write_json(scope_file, {'base_url': key.base_url, 'username': key.username})
        return kind_dir

    # file primitives

    def _write_json(self, path, data):
        directory = os.path.dirname(path)
        text = json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + '\n'
        try:
            fd, tmp_path = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix='.json', dir=directory)
        except OSError as exc:
            raise LedgerError('ledger: cannot write in %s: %s' % (directory, exc.strerror or exc)) from exc
        try:
            with os.fdopen(fd, 'w', encoding='utf-8') as handle:
                os.fchmod(handle.fileno(), FILE_MODE)
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
            # The data is on disk before the rename, so a crash never leaves a truncated record. The rename
            # itself is not fsync'ed (that doubled the cost of a put): after a power loss a record can be one
            # write behind, which the modules treat like any stale record and repair on the next run.
            os.replace(tmp_path, path)
        except BaseException as exc:
            with contextlib.suppress(OSError):
                os.unlink(tmp_path)
            if isinstance(exc, OSError):
                raise LedgerError('ledger: cannot write %s: %s' % (path, exc.strerror or exc)) from exc
            raise

    @staticmethod
    def _fsync_dir(directory):
        # Deletes are rare and a record that comes back after a power loss could point at a group that is
        # gone, so an unlink is made durable (puts are not: see _write_json).
        with contextlib.suppress(OSError):
            dir_fd = os.open(directory, os.O_RDONLY)
            try:
                os.fsync(dir_fd)
            finally:
                os.close(dir_fd)

    @staticmethod
    def _read_record(path, key=None):
        try:
            with open(path, 'r', encoding='utf-8') as handle:
                text = handle.read()
        except (FileNotFoundError, NotADirectoryError):
            return None  # (a path through a file holds no record either; writing there fails with a message)
        except OSError as exc:
            raise LedgerError('ledger: cannot read %s: %s' % (path, exc.strerror or exc)) from exc
        try:
            record = json.loads(text)
        except ValueError as exc:
            raise LedgerError(
                'ledger: record %s is corrupted or truncated (%s). Inspect it; if it cannot be repaired, forget it '
                '(ozonetel.cloudagent.cloudagent_ledger state=absent, or delete the file) and adopt the current state '
                'again with state=present' % (path, exc)) from exc
        return check_record(record, path, key)

    # interface

    def get(self, key):
        return self._read_record(self.path_of(key), key)

    def put(self, key, desired=None, server=None):
        record = build_record(key, desired, server, self.secrets)
        self._prepare(key)
        self._write_json(self.path_of(key), record)
        return record

    def delete(self, key):
        path = self.path_of(key)
        try:
            os.unlink(path)
        except FileNotFoundError:
            return False
        except OSError as exc:
            raise LedgerError('ledger: cannot delete %s: %s' % (path, exc.strerror or exc)) from exc
        self._fsync_dir(os.path.dirname(path))
        return True

    def list(self, base_url, username, kind=None):
        scope_dir = self._scope_dir(base_url, username)
        if kind:
            kinds = [kind]
        else:
            try:
                kinds = sorted(name for name in os.listdir(scope_dir) if os.path.isdir(os.path.join(scope_dir, name)))
            except FileNotFoundError:
                return []
            except OSError as exc:
                raise LedgerError('ledger: cannot list %s: %s' % (scope_dir, exc.strerror or exc)) from exc
        records = []
        for name in kinds:
            kind_dir = os.path.join(scope_dir, name)
            try:
                files = sorted(os.listdir(kind_dir))
            except FileNotFoundError:
                continue
            except OSError as exc:
                raise LedgerError('ledger: cannot list %s: %s' % (kind_dir, exc.strerror or exc)) from exc
            for filename in files:
                if filename.endswith(RECORD_SUFFIX) and not filename.startswith(TEMP_PREFIX):
                    path = os.path.join(kind_dir, filename)
                    record = self._read_record(path)
                    if record is not None:
                        # the record must be the one its file name says (catches copied or edited files)
                        if self.path_of(key_of_record(record, path, base_url, username)) != path:
                            raise misplaced_record(record, path)
                        records.append(record)
        records.sort(key=lambda r: (str(r.get('kind')), str(r.get('identity'))))
        return records

    def check_writable(self, base_url, username):
        scope_dir = self._scope_dir(base_url, username)
        self._makedirs(scope_dir)
        try:
            fd, probe = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix='.probe', dir=scope_dir)
        except OSError as exc:
            raise LedgerError('ledger: cannot write in %s: %s' % (scope_dir, exc.strerror or exc)) from exc
        os.close(fd)
        with contextlib.suppress(OSError):
            os.unlink(probe)

    @contextlib.contextmanager
    def lock(self, key, timeout=LOCK_WAIT_SECONDS):
        """Exclusive lock on key across processes (fcntl.flock on a lock file beside the record).

        Not re-entrant: do not nest lock() on the same key. put()/get()/delete() do not lock by themselves.
        """
        kind_dir = self._prepare(key)
        path = os.path.join(kind_dir, key.identity_id + LOCK_SUFFIX)
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, FILE_MODE)
        except OSError as exc:
            raise LedgerError('ledger: cannot open lock file %s: %s' % (path, exc.strerror or exc)) from exc
        try:
            self._acquire(fd, path, timeout)
            try:
                yield
            finally:
                fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)

    @staticmethod
    def _acquire(fd, path, timeout):
        deadline = time.monotonic() + timeout
        delay = 0.0005
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return
            except OSError as exc:
                if exc.errno not in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                    raise LedgerError('ledger: cannot lock %s: %s' % (path, exc.strerror or exc)) from exc
            if time.monotonic() >= deadline:
                raise LedgerError('ledger: timed out after %.0f s waiting for the lock %s (another run holds it)' % (timeout, path))
            time.sleep(delay)
            delay = min(delay * 2, 0.02)
