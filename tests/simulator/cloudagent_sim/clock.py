# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Simulator clock: real time plus an offset, so tests can jump past token expiry and rate windows."""

import threading
import time


class Clock:
    def __init__(self):
        self._offset = 0.0
        self._lock = threading.Lock()

    def now(self):
        return time.time() + self._offset

    @property
    def offset(self):
        return self._offset

    def advance(self, seconds):
        seconds = float(seconds)
        if seconds < 0:
            raise ValueError('the simulator clock only moves forward')
        with self._lock:
            self._offset += seconds
        return self.now()

    def reset(self):
        with self._lock:
            self._offset = 0.0
