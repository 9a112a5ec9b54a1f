# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Every token the simulator mints, appended to a file (one per line) for secret scans to look for.

The file is created 0600 and only ever appended to, so one file can collect the tokens of several
simulators and of restarts; reset() does not clear it.
"""

import os
import threading


class TokenLog:
    def __init__(self, path):
        self.path = os.path.abspath(path)
        self._lock = threading.Lock()

    def record(self, token):
        line = ('%s\n' % token).encode('utf-8')
        with self._lock:
            fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            try:
                os.write(fd, line)
            finally:
                os.close(fd)


def read_tokens(path):
    """The tokens a TokenLog file holds, in minting order (an absent file holds none)."""
    try:
        with open(path, encoding='utf-8') as handle:
            return [line.strip() for line in handle if line.strip()]
    except FileNotFoundError:
        return []
