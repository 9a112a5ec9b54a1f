# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Notice that the ansible-playbook run which started this task is gone, so a bulk task stops sending.

A module runs on the controller as python (AnsiballZ) <- /bin/sh <- the ansible-playbook worker (a fork of
the main process) <- ansible-playbook itself. Killing ansible-playbook kills neither the worker nor the
module: nothing tells them, and a bulk task used to send hundreds of writes for a run nobody watches any
more. At start the module notes its ancestors up to the topmost ansible process (pid and start time, from
/proc); when one of them has exited (or is a zombie, or its pid now belongs to another process) the run is
gone. Without /proc, a change of the parent pid is the only sign. A module started by something other than
an ansible command line (a test calling main(), a debugger) is never considered orphaned.
"""

from __future__ import annotations

import os
import threading
import time

ANSIBLE_COMMANDS = ('ansible-playbook', 'ansible', 'ansible-pull', 'ansible-console', 'ansible-runner')
MAX_DEPTH = 8            # python <- sh <- [sudo <- sh] <- worker <- main: far fewer in practice
# How stale a look may be before items that cannot write (reads, check mode): a 5,000-phone check paid more
# for a look per item (a /proc read per ancestor, under a lock every worker takes) than for its requests.
READS_MAX_AGE = 0.25
GONE_MESSAGE = ('not sent: the ansible-playbook run that started this task has ended (killed?), so no new '
                'write was started; run the playbook again to apply the rest')


def _stat(pid, proc='/proc'):
    """(parent pid, state, start time) of pid from /proc/<pid>/stat, or None when there is no such process."""
    try:
        with open('%s/%d/stat' % (proc, pid), encoding='ascii', errors='replace') as handle:
            text = handle.read()
    except OSError:
        return None
    fields = text[text.rindex(')') + 2:].split()  # the command name may hold spaces and parentheses
    return int(fields[1]), fields[0], fields[19]


def _command(pid, proc='/proc'):
    try:
        with open('%s/%d/cmdline' % (proc, pid), 'rb') as handle:
            return [part.decode('utf-8', 'replace') for part in handle.read().split(b'\0') if part]
    except OSError:
        return []


def _is_ansible(argv):
    return any(os.path.basename(arg) in ANSIBLE_COMMANDS for arg in argv[:3])


def ancestors(pid=None, proc='/proc'):
    """[(pid, start time)] from the parent up to the topmost ansible process; [] when none is an ansible
    command (then nothing is watched)."""
    chain, seen_ansible, topmost = [], False, 0
    pid = os.getppid() if pid is None else pid
    for _depth in range(MAX_DEPTH):
        if pid <= 1:
            break
        info = _stat(pid, proc)
        if info is None:
            break
        ansible = _is_ansible(_command(pid, proc))
        if seen_ansible and not ansible:
            break  # the shell, make or AWX runner above ansible-playbook: its exit does not end the run
        chain.append((pid, info[2]))
        if ansible:
            seen_ansible, topmost = True, len(chain)
        pid = info[0]
    return chain[:topmost] if seen_ansible else []


class RunWatch:
    """gone() is True once the run that started the module has ended."""

    def __init__(self, proc='/proc', parent=None, clock=time.monotonic):
        self._proc = proc
        self._clock = clock
        self._looked = None
        self._lock = threading.Lock()
        self._use_proc = os.path.isdir(os.path.join(proc, str(os.getpid())))
        self._chain = ancestors(parent, proc=proc) if self._use_proc else []
        self._parent = os.getppid()
        self._gone = False

    @property
    def watching(self):
        return bool(self._chain) or not self._use_proc

    def gone(self, max_age=0.0):
        """Looked up now before an item that may write: any delay here is writes sent for a run that is gone.
        max_age > 0 (items that only read) reuses a look at most that many seconds old."""
        with self._lock:
            now = self._clock()
            if self._gone or (max_age > 0 and self._looked is not None and now - self._looked < max_age):
                return self._gone
            self._looked = now
            self._gone = self._look()
            return self._gone

    def _look(self):
        if not self._use_proc:
            return os.getppid() != self._parent
        for pid, started in self._chain:
            info = _stat(pid, self._proc)
            if info is None or info[1] in ('Z', 'X') or info[2] != started:
                return True
        return False
