# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Simulator clock: real time plus an offset, so tests can jump past token expiry and rate windows.

While frozen (virtual_time.py coordinates sleepers), it stands still between jumps: the requests of a
pacing test then arrive at exactly the simulated times their clients chose, whatever the machine's load.
"""

import threading
import time


class Clock:
    def __init__(self):
        self._offset = 0.0
        self._frozen = None
        self._lock = threading.Lock()

    def now(self):
        frozen = self._frozen
        return (time.time() if frozen is None else frozen) + self._offset

    def freeze(self, frozen=True):
        """Stop (or restart) the real-time part of the clock; now() goes on from where it stands."""
        with self._lock:
            if frozen and self._frozen is None:
                self._frozen = time.time()
            elif not frozen and self._frozen is not None:
                self._offset += self._frozen - time.time()
                self._frozen = None

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
            self._frozen = None
