# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""One timed command of a bench row: its output to a log, its own session, killed with its tree on timeout."""

from __future__ import annotations

import os
import signal
import subprocess
import threading
import time


def run_logged(cmd, log_path, env, cwd, timeout):
    """(wall seconds, wait status, resource usage of the whole tree: wait4 gives its max RSS and CPU)."""
    started = time.perf_counter()
    with open(log_path, 'wb') as log:
        # A new session so a timeout can stop the whole tree.
        proc = subprocess.Popen(  # pylint: disable=consider-using-with
            cmd, stdout=log, stderr=subprocess.STDOUT, env=env, cwd=cwd, start_new_session=True)
        timer = threading.Timer(timeout, lambda: os.killpg(proc.pid, signal.SIGKILL))
        timer.start()
        try:
            _pid, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
    return time.perf_counter() - started, status, usage
