# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Sleeping on the simulator's clock, so that minutes of pacing take seconds in a test.

A test announces how many actors (client threads, in any number of processes) take part
(PUT /_sim/actors {"count": N}). An actor sleeps with POST /_sim/sleep {"seconds": S}, which returns once
the simulator's clock has passed its wake time, and leaves with POST /_sim/actor_done. While actors take
part the clock stands still (Clock.freeze): sending, waiting for a lock or computing takes no simulated
time, whatever the machine's load. Once every actor still taking part sleeps, the clock jumps to the
earliest wake time. So no actor ever sees time move while it works, and the order of events is the one
an unloaded machine would give. An actor asleep longer than STALL real seconds without a jump (one that
never slept nor left) is woken anyway, so a broken test fails instead of hanging.
"""

import threading
import time

POLL = 0.05
STALL = 60.0


class VirtualTime:
    def __init__(self, clock, stopping):
        self._clock = clock
        self._stopping = stopping
        self._cond = threading.Condition()
        self._active = 0
        self._sleepers = {}
        self.jumped = 0.0  # seconds the clock jumped in all, for tests

    def expect(self, count):
        with self._cond:
            self._active = int(count)
            self._sleepers = {}
            self.jumped = 0.0
            self._clock.freeze(self._active > 0)

    def export(self):
        with self._cond:
            return {'actors': self._active, 'sleeping': len(self._sleepers), 'jumped': self.jumped}

    def sleep(self, seconds):
        """Block until the clock has passed now + seconds; returns the clock."""
        seconds = max(0.0, float(seconds))
        with self._cond:
            wake = self._clock.now() + seconds
            marker = object()
            self._sleepers[marker] = wake
            self._jump_if_all_asleep()
            stall = time.monotonic() + STALL
            while self._clock.now() < wake and not self._stopping.is_set() and time.monotonic() < stall:
                self._cond.wait(POLL)
            del self._sleepers[marker]
            return self._clock.now()

    def done(self):
        with self._cond:
            self._active = max(0, self._active - 1)
            self._jump_if_all_asleep()
            if self._active == 0:
                self._clock.freeze(False)

    def _jump_if_all_asleep(self):
        if self._sleepers and len(self._sleepers) >= self._active:
            gap = min(self._sleepers.values()) - self._clock.now()
            if gap > 0:
                self._clock.advance(gap)
                self.jumped += gap
            self._cond.notify_all()
