# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Thread-safe request journal; secrets in recorded bodies are replaced by "***"."""

import copy
import re
import threading

SECRET_KEYS = frozenset(('apikey', 'api_key', 'token', 'password', 'authorization'))
MASK = '***'
# Secrets inside raw (non-JSON) text: form/query style key=value and JSON-ish "key": "value".
SECRET_IN_TEXT = re.compile(r'(?i)((?:apikey|api_key|token|password)"?\s*[=:]\s*"?)([^&"\s,}]+)')


def mask_secrets(value):
    """Return a copy of a JSON-like value with every secret-named key's value masked."""
    if isinstance(value, dict):
        return {key: (MASK if str(key).lower() in SECRET_KEYS else mask_secrets(item)) for key, item in value.items()}
    if isinstance(value, list):
        return [mask_secrets(item) for item in value]
    if isinstance(value, str):
        return SECRET_IN_TEXT.sub(lambda match: match.group(1) + MASK, value)
    return value


class Journal:
    def __init__(self):
        self._lock = threading.Lock()
        self._entries = []
        self._seq = 0

    def record(self, **fields):
        """Append one entry; ``body`` is masked here so no caller can forget it."""
        entry = dict(fields)
        entry['body'] = mask_secrets(entry.get('body'))
        with self._lock:
            self._seq += 1
            entry['seq'] = self._seq
            self._entries.append(entry)
        return entry

    def entries(self, kind=None):
        with self._lock:
            selected = [entry for entry in self._entries if kind is None or entry.get('kind') == kind]
            return copy.deepcopy(selected)

    def clear(self):
        with self._lock:
            self._entries = []
            self._seq = 0
