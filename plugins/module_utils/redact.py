# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Removes the API key and tokens from any text or structure before it leaves the client.

Two layers: the exact secret strings (and their URL-encoded forms, since requests puts full URLs in
exception text), and patterns for credential-shaped text whose value we may not know (a token the
server echoes, a key in a query string).
"""

from __future__ import annotations

import re
import threading
from urllib.parse import quote, quote_plus

MASK = '********'

# Keys compared after lower-casing and dropping '-' and '_'.
SECRET_KEYS = frozenset(('apikey', 'token', 'authorization', 'password', 'accesstoken', 'secret'))

_PATTERNS = (
    # apiKey=... / api_key=... in query strings and form text
    (re.compile(r'(?i)\b(api_?key|token|access_token)=([^&\s\'"<>)]+)'), r'\1=' + MASK),
    # Authorization: Bearer ... (header dumps) and a bare "Bearer xyz"
    (re.compile(r'(?i)(authorization["\']?\s*[:=]\s*["\']?)(bearer\s+)?[^\s"\',}]+'), r'\1\2' + MASK),
    (re.compile(r'(?i)\b(bearer\s+)[A-Za-z0-9._~+/=-]+'), r'\1' + MASK),
    # "apiKey": "..." in JSON and 'apiKey': '...' in Python reprs
    (re.compile(r'(?i)(["\'](?:api_?key|token|access_token|password)["\']\s*:\s*)(["\'])(?:\\.|(?!\2).)*\2'),
     r'\1\2' + MASK + r'\2'),
)


def _is_secret_key(key):
    return isinstance(key, str) and key.lower().replace('-', '').replace('_', '') in SECRET_KEYS


class Redactor:
    """text(s) masks secrets in a string; obj(o) returns a masked deep copy of a JSON-like structure."""

    def __init__(self, secrets=()):
        self._lock = threading.Lock()
        self._needles = ()
        for secret in secrets:
            self.add(secret)

    def add(self, secret):
        """Register one more secret (e.g. a freshly minted token)."""
        if not secret or not isinstance(secret, str):
            return
        with self._lock:
            forms = set(self._needles) | {secret, quote(secret, safe=''), quote_plus(secret)}
            # Longest first, so a secret containing another is masked whole.
            self._needles = tuple(sorted((f for f in forms if f), key=len, reverse=True))

    def text(self, value):
        if value is None:
            return None
        text = value if isinstance(value, str) else str(value)
        for needle in self._needles:
            text = text.replace(needle, MASK)
        for pattern, replacement in _PATTERNS:
            text = pattern.sub(replacement, text)
        return text

    def obj(self, value):
        if isinstance(value, dict):
            return {k: (MASK if _is_secret_key(k) and v not in (None, '') else self.obj(v)) for k, v in value.items()}
        if isinstance(value, (list, tuple, set)):
            return [self.obj(v) for v in value]
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, bytes):
            return self.text(value.decode('utf-8', 'replace'))
        return value
