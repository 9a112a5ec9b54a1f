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
This module imports only the standard library and ansible.module_utils; the Redis client is imported
only when a Redis URL is opened.
"""

from __future__ import annotations

import hashlib
import os
import re
from abc import ABC, abstractmethod
from dataclasses import dataclass
from datetime import datetime, timezone

from ansible.module_utils.basic import env_fallback

from ansible_collections.ozonetel.cloudagent.plugins.module_utils.options import REGION_HOSTS
from ansible_collections.ozonetel.cloudagent.plugins.module_utils.validate import name_key

# The collection version written into every record; the one place it is defined for the store.
COLLECTION_VERSION = '0.1.0'

DEFAULT_LEDGER_DIR = '~/.ansible/cloudagent/ledger'
LEDGER_ENV = 'CLOUDAGENT_LEDGER'
LEDGER_PASSWORD_ENV = 'CLOUDAGENT_LEDGER_PASSWORD'
REDIS_PREFIX = 'cloudagent:ledger:'
REDIS_LOCK_PREFIX = 'cloudagent:ledger-lock:'

# Kinds the modules record. Identities of these kinds are compared case-insensitively by the API
# (phone names, block group names, campaign names), so their canonical form is stripped and case-folded with the
# collection's one rule (validate.name_key), so a module's own comparison and its store key always agree.
KINDS = ('blocklist', 'did', 'phone')
CASE_INSENSITIVE_KINDS = frozenset(KINDS)

# How long lock() waits for another holder, and how long a Redis lock lives if its holder dies.
LOCK_WAIT_SECONDS = 60.0
LOCK_LEASE_SECONDS = 60.0

LEDGER_ARGSPEC = {
    'ledger': {'type': 'str', 'fallback': (env_fallback, [LEDGER_ENV])},
}

# Key names a record may never contain, compared lower-case with '_' and '-' removed.
FORBIDDEN_FIELD_NAMES = frozenset(('apikey', 'token', 'password'))
# Secrets shorter than this are refused only as a whole value, not as a substring (avoids false alarms).
MIN_SUBSTRING_SECRET = 6

_KIND_RE = re.compile(r'^[a-z][a-z0-9_]{0,39}$')
_SLUG_RE = re.compile(r'[^A-Za-z0-9._-]+')
_URL_PASSWORD_RE = re.compile(r'^(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*://)(?P<user>[^:@/]*)(?::(?P<password>[^@/]*))?@')


class LedgerError(Exception):
    """The store cannot be opened, read or written; the message says what, where, and what to do."""


def canonical_identity(kind, identity):
    """The canonical identity for a kind: stripped; case-folded for kinds the API compares case-insensitively."""
    text = str(identity if identity is not None else '').strip()
    if kind in CASE_INSENSITIVE_KINDS:
        text = name_key(text)
    return text


def canonical_base_url(base_url):
    text = str(base_url or '').strip().rstrip('/')
    match = re.match(r'^([A-Za-z][A-Za-z0-9+.-]*)://([^/]*)(.*)$', text)
    if match:
        text = '%s://%s%s' % (match.group(1).lower(), match.group(2).lower(), match.group(3))
    return text


@dataclass(frozen=True)
class LedgerKey:
    """Where one record lives: scope (base URL + user name), kind, and the canonical identity.

    The base URL is stripped of a trailing '/' and has its scheme and host lower-cased; the identity is
    put in canonical form with canonical_identity(), so every module and the ledger modules agree.
    """
    base_url: str
    username: str
    kind: str
    identity: str

    def __post_init__(self):
        base_url = canonical_base_url(self.base_url)
        username = str(self.username or '').strip()
        kind = str(self.kind or '').strip()
        if not base_url:
            raise LedgerError('ledger key: base_url must not be empty')
        if not username:
            raise LedgerError('ledger key: username must not be empty')
        if not _KIND_RE.match(kind):
            raise LedgerError("ledger key: kind must be lower-case letters, digits and '_' (starting with a letter), got '%s'" % kind)
        identity = canonical_identity(kind, self.identity)
        if not identity:
            raise LedgerError('ledger key: identity must not be empty (kind %s)' % kind)
        object.__setattr__(self, 'base_url', base_url)
        object.__setattr__(self, 'username', username)
        object.__setattr__(self, 'kind', kind)
        object.__setattr__(self, 'identity', identity)

    @property
    def scope_id(self):
        return scope_id(self.base_url, self.username)

    @property
    def identity_id(self):
        return _slug_hash(self.identity, 40, 'identity\0' + self.kind + '\0' + self.identity)


def _slug_hash(readable, max_len, hashed):
    """A file- and glob-safe name: a readable slug (cosmetic) plus a hash (what makes it unique)."""
    slug = _SLUG_RE.sub('_', readable).strip('._-')[:max_len] or 'x'
    return '%s-%s' % (slug, hashlib.sha256(hashed.encode('utf-8')).hexdigest()[:16])


def scope_id(base_url, username):
    """The safe name of a scope (base URL + user name), used as a directory name and in Redis keys."""
    base_url = canonical_base_url(base_url)
    username = str(username or '').strip()
    host = re.sub(r'^[A-Za-z][A-Za-z0-9+.-]*://', '', base_url)
    return _slug_hash('%s_%s' % (host, username), 60, 'scope\0' + base_url + '\0' + username)


def utc_now():
    return datetime.now(timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ')


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


def _check_no_secrets(value, secrets, path='record'):
    """Raise LedgerError if value (recursively) holds a forbidden key name or a secret string."""
    if isinstance(value, dict):
        for name, item in value.items():
            if re.sub(r'[_-]', '', str(name).lower()) in FORBIDDEN_FIELD_NAMES:
                raise LedgerError('ledger: refusing to record %s.%s: records never hold credentials' % (path, name))
            _check_no_secrets(name, secrets, '%s (a key name)' % path)
            _check_no_secrets(item, secrets, '%s.%s' % (path, name))
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            _check_no_secrets(item, secrets, '%s[%d]' % (path, index))
    elif isinstance(value, str):
        for secret in secrets:
            if value == secret or (len(secret) >= MIN_SUBSTRING_SECRET and secret in value):
                raise LedgerError('ledger: refusing to record %s: it contains a secret (API key or token)' % path)


def build_record(key, desired, server, secrets):
    """The record put() writes. Validates that it holds no credentials and is plain JSON data."""
    if desired is not None and not isinstance(desired, dict):
        raise LedgerError('ledger: desired must be a dict, got %s' % type(desired).__name__)
    if server is not None and not isinstance(server, dict):
        raise LedgerError('ledger: server must be a dict, got %s' % type(server).__name__)
    record = {
        'kind': key.kind,
        'identity': key.identity,
        'base_url': key.base_url,
        'username': key.username,
        'desired': dict(desired or {}),
        'server': dict(server or {}),
        'updated_at': utc_now(),
        'collection_version': COLLECTION_VERSION,
    }
    _check_no_secrets(record['desired'], secrets, 'desired')
    _check_no_secrets(record['server'], secrets, 'server')
    return record


CORRUPTION_HINT = ('Inspect it; if it cannot be repaired, forget it (ozonetel.cloudagent.cloudagent_ledger state=absent, '
                   'or delete it) and adopt the current state again with state=present')


def misplaced_record(record, where):
    return LedgerError("ledger: record %s holds kind '%s' identity '%s', which belong under another name. %s"
                       % (where, record.get('kind'), record.get('identity'), CORRUPTION_HINT))


def check_record(record, where, key=None):
    """Validate a record read back; anything else is corruption, reported with where it lives and a hint."""
    hint = CORRUPTION_HINT
    if (not isinstance(record, dict) or not isinstance(record.get('kind'), str) or not isinstance(record.get('identity'), str)
            or not isinstance(record.get('desired', {}), dict) or not isinstance(record.get('server', {}), dict)):
        raise LedgerError('ledger: record %s is not a valid ledger record (expected a JSON object with kind, identity, '
                          'desired and server). %s'
                          % (where, hint))
    if key is not None and (record.get('kind') != key.kind or record.get('identity') != key.identity):
        raise LedgerError("ledger: record %s holds kind '%s' identity '%s', expected '%s' '%s'. %s"
                          % (where, record.get('kind'), record.get('identity'), key.kind, key.identity, hint))
    return record


def key_of_record(record, where, base_url, username):
    """The LedgerKey a listed record belongs to (LedgerError if it cannot be one)."""
    try:
        return LedgerKey(base_url=base_url, username=username, kind=record['kind'], identity=record['identity'])
    except LedgerError as exc:
        raise LedgerError('ledger: record %s is not a valid ledger record (%s)' % (where, exc)) from exc


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


def scope_from_params(params):
    """(base_url, username) of the key scope from the connection options, as connection_settings() builds them."""
    base_url = params.get('base_url') or REGION_HOSTS[params.get('region') or 'in']
    base_url = canonical_base_url(base_url)
    if not base_url.startswith(('http://', 'https://')):
        raise LedgerError("base_url: must start with http:// or https://, got '%s'" % base_url)
    username = str(params.get('username') or '').strip()
    if not username:
        raise LedgerError('username: must not be empty (or set CLOUDAGENT_USERNAME)')
    return base_url, username


def open_module_ledger(module, secrets=None):
    """Open the store named by the module's ledger option, or fail the module with the store's message.

    The module's api_key/token (plus any secrets given) become strings no record may contain. (CloudAgentModule
    masks a password in a Redis URL, or CLOUDAGENT_LEDGER_PASSWORD, in every result.)
    """
    location = module.params.get('ledger')
    refused = [s for s in list(secrets or []) + [module.params.get('api_key'), module.params.get('token')] if s]
    try:
        return open_ledger(location, secrets=refused)
    except LedgerError as exc:
        module.fail_json(msg=str(exc), ledger=redact_location(location or DEFAULT_LEDGER_DIR))
    return None  # not reached: fail_json exits
