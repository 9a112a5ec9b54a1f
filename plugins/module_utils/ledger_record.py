# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Known-state store, its keys and records: where a record lives (LedgerKey, scope_id) and what one may hold
(build_record refuses credentials; check_record rejects anything read back that is not a record).

Both backends and every module use these; the interface and the factory are in ledger.py.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import datetime, timezone

from ansible_collections.ozonetel.cloudagent.plugins.module_utils.validate import name_key

# The collection version written into every record; the one place it is defined for the store.
COLLECTION_VERSION = '0.1.0'

# Kinds the modules record. Identities of the first three are compared case-insensitively by the API
# (phone names, block group names, campaign names), so their canonical form is stripped and case-folded with the
# collection's one rule (validate.name_key), so a module's own comparison and its store key always agree.
# Agent ids are kept as given: whether CloudAgent compares them without regard to case is not documented.
KINDS = ('agent', 'blocklist', 'did', 'phone')
CASE_INSENSITIVE_KINDS = frozenset(('blocklist', 'did', 'phone'))

# Key names a record may never contain, compared lower-case with '_' and '-' removed.
FORBIDDEN_FIELD_NAMES = frozenset(('apikey', 'token', 'password'))
# Secrets shorter than this are refused only as a whole value, not as a substring (avoids false alarms).
MIN_SUBSTRING_SECRET = 6

_KIND_RE = re.compile(r'^[a-z][a-z0-9_]{0,39}$')
_SLUG_RE = re.compile(r'[^A-Za-z0-9._-]+')


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


def _credential_name(name):
    return re.sub(r'[_-]', '', str(name).lower()) in FORBIDDEN_FIELD_NAMES


def credential_values(value):
    """The text under credential-named keys anywhere in value: a module refusing them must also mask them,
    or the refusal's own result (its invocation) would echo the secret."""
    if isinstance(value, dict):
        for name, item in value.items():
            if _credential_name(name) and isinstance(item, (str, int, float)):
                yield str(item)
            else:
                yield from credential_values(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from credential_values(item)


def _check_no_secrets(value, secrets, path='record'):
    """Raise LedgerError if value (recursively) holds a forbidden key name or a secret string."""
    if isinstance(value, dict):
        for name, item in value.items():
            if _credential_name(name):
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
