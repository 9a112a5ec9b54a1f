# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Known-state store ("ledger"): what the modules last applied, for what the CloudAgent API cannot read back.

The API cannot list block-number groups (members, id, description, expiry), a campaign's dynamic DIDs or
a phone's skills. Modules remember what they last applied, like Terraform state:

    key = LedgerKey(base_url='https://x', username='demo_user', kind='blocklist', identity='vip')
    store = open_ledger(location, secrets=settings.secrets())
    with store.lock(key):
        rec = store.get(key)                       # dict or None
        store.put(key, desired={...}, server={...})

``location`` is empty/None (the default directory), a directory path, or a ``redis://``/``rediss://`` URL.
This file is the interface both backends implement and the factory that opens one; keys and records are in
ledger_record.py, the Redis key layout in ledger_redis.py, the modules' option and helpers in
ledger_options.py. Every name those define that callers used to import from here still imports from here.
This module imports only the standard library and ansible.module_utils; the Redis client is imported
only when a Redis URL is opened.
"""

from __future__ import annotations

import os
import re
from abc import ABC, abstractmethod

# Re-exported: callers import these names from ledger, so they are part of its interface.
from ansible_collections.ozonetel.cloudagent.plugins.module_utils.ledger_record import (  # noqa: F401 pylint: disable=unused-import
    CASE_INSENSITIVE_KINDS, COLLECTION_VERSION, CORRUPTION_HINT, FORBIDDEN_FIELD_NAMES, KINDS, MIN_SUBSTRING_SECRET,
    LedgerError, LedgerKey, build_record, canonical_base_url, canonical_identity, check_record, key_of_record,
    misplaced_record, scope_id, utc_now)
from ansible_collections.ozonetel.cloudagent.plugins.module_utils.ledger_options import (  # noqa: F401 pylint: disable=unused-import
    LEDGER_ARGSPEC, LEDGER_ENV, open_module_ledger)

DEFAULT_LEDGER_DIR = '~/.ansible/cloudagent/ledger'
LEDGER_PASSWORD_ENV = 'CLOUDAGENT_LEDGER_PASSWORD'

# How long lock() waits for another holder, and how long a Redis lock lives if its holder dies.
LOCK_WAIT_SECONDS = 60.0
LOCK_LEASE_SECONDS = 60.0

_URL_PASSWORD_RE = re.compile(r'^(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*://)(?P<user>[^:@/]*)(?::(?P<password>[^@/]*))?@')


def redact_location(location):
    """The location with any password in a URL replaced by '***' (safe for messages and results)."""
    text = str(location or '')
    match = _URL_PASSWORD_RE.match(text)
    if match and match.group('password') is not None:
        return '%s%s:***@%s' % (match.group('scheme'), match.group('user'), text[match.end():])
    return text


def location_secrets(location):
    """Secret strings a location carries (a URL password, CLOUDAGENT_LEDGER_PASSWORD) for no_log masking."""
    found = []
    match = _URL_PASSWORD_RE.match(str(location or ''))
    if match and match.group('password'):
        found.append(match.group('password'))
    if is_redis_location(location) and os.environ.get(LEDGER_PASSWORD_ENV):
        found.append(os.environ[LEDGER_PASSWORD_ENV])
    return found


def is_redis_location(location):
    return str(location or '').strip().lower().startswith(('redis://', 'rediss://'))


class LedgerStore(ABC):
    """Interface both backends implement."""

    location = ''

    def __init__(self, secrets=None):
        self.secrets = [str(s) for s in (secrets or []) if s]

    @abstractmethod
    def get(self, key):
        """The record stored under key, or None."""

    @abstractmethod
    def put(self, key, desired=None, server=None):
        """Write the record for key atomically; returns it."""

    @abstractmethod
    def delete(self, key):
        """Remove the record for key; True when there was one."""

    @abstractmethod
    def list(self, base_url, username, kind=None):
        """Every record of one scope (optionally of one kind)."""

    @abstractmethod
    def lock(self, key, timeout=LOCK_WAIT_SECONDS):
        """A context manager holding key exclusively across processes (read-modify-write)."""

    @abstractmethod
    def check_writable(self, base_url, username):
        """Raise LedgerError unless records of this scope can be written now (checked before a module's first
        request, so a store that cannot take the result stops the task before CloudAgent is touched)."""

    def close(self):
        """Release connections; the store is unusable afterwards."""

    def describe(self):
        """The location for messages and results, without any password."""
        return redact_location(self.location)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False


def open_ledger(location=None, secrets=None):
    """Open the store at location: None/'' -> DEFAULT_LEDGER_DIR, a path -> directory, redis(s):// -> Redis.

    secrets: strings (API key, token) no record may contain; put() refuses such records.
    Raises LedgerError when the location is unusable.
    """
    text = str(location or '').strip()
    if is_redis_location(text):
        from ansible_collections.ozonetel.cloudagent.plugins.module_utils.ledger_redis import RedisLedger
        return RedisLedger(text, secrets=secrets)
    if '://' in text:
        raise LedgerError("ledger: unsupported location '%s': use a directory path, redis:// or rediss://" % redact_location(text))
    from ansible_collections.ozonetel.cloudagent.plugins.module_utils.ledger_file import DirectoryLedger
    return DirectoryLedger(text or DEFAULT_LEDGER_DIR, secrets=secrets)
