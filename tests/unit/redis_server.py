# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Start and stop a throw-away redis-server on 127.0.0.1 for tests (never a system-wide service).

    with RedisServer(tmp_dir, password=None) as server:
        server.url  # redis://127.0.0.1:<port>/0

The server listens on a free loopback port, keeps its files in the given directory, persists nothing
(--save '' --appendonly no) and is terminated on exit. REDIS_SERVER_MISSING is a reason string when the
redis-server binary is not installed (tests skip with it), else None.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time


def find_redis_server():
    found = shutil.which('redis-server')
    if found:
        return found
    for candidate in ('/usr/bin/redis-server', '/usr/sbin/redis-server', '/usr/local/bin/redis-server'):
        if os.access(candidate, os.X_OK):
            return candidate
    return None


REDIS_SERVER_BINARY = find_redis_server()
REDIS_SERVER_MISSING = None if REDIS_SERVER_BINARY else (
    'redis-server binary not found (install the Debian package redis-server) - Redis backend tests skipped')


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


class RedisServer:
    def __init__(self, directory, password=None, start_timeout=10.0):
        self.directory = str(directory)
        self.password = password
        self.start_timeout = start_timeout
        self.port = None
        self.process = None

    @property
    def url(self):
        return 'redis://127.0.0.1:%d/0' % self.port

    def _ping(self):
        with socket.create_connection(('127.0.0.1', self.port), timeout=0.5) as sock:
            if self.password:
                sock.sendall(b'AUTH %s\r\n' % self.password.encode())
                sock.recv(64)
            sock.sendall(b'PING\r\n')
            return sock.recv(64).startswith(b'+PONG')

    def start(self):
        if not REDIS_SERVER_BINARY:
            raise RuntimeError(REDIS_SERVER_MISSING)
        os.makedirs(self.directory, exist_ok=True)
        for _attempt in range(3):  # a free port can be taken between free_port() and bind
            self.port = free_port()
            args = [REDIS_SERVER_BINARY, '--port', str(self.port), '--bind', '127.0.0.1', '--dir', self.directory,
                    '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--protected-mode', 'yes',
                    '--logfile', os.path.join(self.directory, 'redis.log')]
            if self.password:
                args += ['--requirepass', self.password]
            self.process = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            deadline = time.monotonic() + self.start_timeout
            while time.monotonic() < deadline and self.process.poll() is None:
                try:
                    if self._ping():
                        return self
                except OSError:
                    pass
                time.sleep(0.02)
            self.stop()
        raise RuntimeError('redis-server did not start; see %s' % os.path.join(self.directory, 'redis.log'))

    def stop(self):
        if self.process is not None:
            if self.process.poll() is None:
                self.process.terminate()
                try:
                    self.process.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    self.process.kill()
                    self.process.wait()
            self.process = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
        return False
