# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Artificial response latency: one global value plus overrides per path prefix (longest prefix wins)."""

import threading


class Latency:
    def __init__(self, global_ms=0):
        self._lock = threading.Lock()
        self._global_ms = 0.0
        self._by_prefix = {}
        self.reset(global_ms)

    def reset(self, global_ms=0):
        with self._lock:
            self._global_ms = _checked_ms(global_ms)
            self._by_prefix = {}

    def set(self, ms, path=None):
        ms = _checked_ms(ms)
        with self._lock:
            if path is None:
                self._global_ms = ms
            else:
                self._by_prefix[str(path)] = ms

    def seconds_for(self, path):
        with self._lock:
            matches = [prefix for prefix in self._by_prefix if path.startswith(prefix)]
            ms = self._by_prefix[max(matches, key=len)] if matches else self._global_ms
        return ms / 1000.0

    def export(self):
        with self._lock:
            return {'global_ms': self._global_ms, 'by_prefix': dict(self._by_prefix)}


def _checked_ms(ms):
    ms = float(ms or 0)
    if ms < 0:
        raise ValueError('latency must be >= 0 ms')
    return ms
