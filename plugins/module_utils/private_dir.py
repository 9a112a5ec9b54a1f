# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Directories only their owner may enter, whatever the umask (os.makedirs applies its mode to the last one
only, so ~/.ansible/cloudagent used to be created 0755, or 0777 under umask 000)."""

from __future__ import annotations

import os

PRIVATE_MODE = 0o700


def make_private_dirs(path):
    """Create path and each missing parent with mode 0700; directories that already exist are left alone."""
    missing = []
    current = os.path.abspath(path)
    while not os.path.isdir(current):
        missing.append(current)
        parent = os.path.dirname(current)
        if parent == current:
            break
        current = parent
    for directory in reversed(missing):
        try:
            os.mkdir(directory, PRIVATE_MODE)
        except FileExistsError:
            continue
        os.chmod(directory, PRIVATE_MODE)  # mkdir's mode is narrowed by the umask, never widened: set it
