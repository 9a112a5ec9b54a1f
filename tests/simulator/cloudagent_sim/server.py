# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Threaded HTTP/1.1 plumbing: keep-alive, bodies on any method, each response written in ONE socket write.

Writing status line, headers and body separately meets TCP delayed ACK on keep-alive connections
(~40 ms per request on loopback); one write (plus TCP_NODELAY) avoids it.
"""

import socket
import socketserver
import ssl
import struct
import threading
import traceback
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler

from cloudagent_sim import replies
from cloudagent_sim.request import Request

LOOPBACK_HOSTS = ('127.0.0.1', 'localhost')
MAX_BODY = 16 * 1024 * 1024


class _Handler(BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'
    server_version = 'CloudAgentSim/1.0'

    def setup(self):
        super().setup()
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, format, *args):  # pylint: disable=redefined-builtin
        """Quiet: the journal is the log."""

    def _dispatch(self):
        try:
            body = self._read_body()
        except ValueError:
            self.close_connection = True
            self._write(replies.html_reply(400, 'Bad request body.', 'invalid_input'))
            return
        headers = {name.lower(): value for name, value in self.headers.items()}
        request = Request(self.command, self.path, headers, body)
        try:
            reply = self.server.app.handle(request)
        except Exception:  # pylint: disable=broad-exception-caught
            # A simulator bug must show up as a 500 with the traceback, not as a hung client.
            reply = replies.Reply({'status': 'error', 'message': traceback.format_exc()}, 'server_error', status=500)
        if reply.action == 'respond':
            self._write(reply)
            return
        self.close_connection = True
        if reply.action == 'hang':
            self.server.app.stopping.wait(reply.delay)
        # SO_LINGER 0 makes close() send RST: the client sees a reset with no response.
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack('ii', 1, 0))

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = do_HEAD = _dispatch

    def _read_body(self):
        if 'chunked' in (self.headers.get('Transfer-Encoding') or '').lower():
            chunks = []
            while True:
                size = int(self.rfile.readline().split(b';')[0].strip() or b'0', 16)
                if size == 0:
                    while self.rfile.readline() not in (b'\r\n', b'\n', b''):
                        pass
                    return b''.join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
        length = int(self.headers.get('Content-Length') or 0)
        if length < 0 or length > MAX_BODY:
            raise ValueError('bad Content-Length')
        return self.rfile.read(length) if length else b''

    def _write(self, reply):
        payload = reply.payload()
        lines = ['HTTP/1.1 %d %s' % (reply.status, HTTPStatus(reply.status).phrase),
                 'Server: %s' % self.server_version,
                 'Date: %s' % self.date_time_string(),
                 'Content-Type: %s' % reply.content_type,
                 'Content-Length: %d' % len(payload)]
        lines.extend('%s: %s' % item for item in reply.headers.items())
        if self.close_connection:
            lines.append('Connection: close')
        head = ('\r\n'.join(lines) + '\r\n\r\n').encode('latin-1')
        self.wfile.write(head if self.command == 'HEAD' else head + payload)


class SimServer(socketserver.ThreadingMixIn, socketserver.TCPServer):
    """TCPServer rather than HTTPServer: HTTPServer.server_bind does a getfqdn() lookup that can stall."""

    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def __init__(self, app, host, port, tls_context=None):
        if host not in LOOPBACK_HOSTS:
            raise ValueError('the simulator only binds to 127.0.0.1, not %r' % host)
        self.app = app
        self.tls_context = tls_context
        self._connections = set()
        self._connections_lock = threading.Lock()
        super().__init__(('127.0.0.1', port), _Handler)

    def get_request(self):
        sock, address = self.socket.accept()
        if self.tls_context is not None:
            # Handshake in the connection's own thread (first read), never in the accept loop.
            sock = self.tls_context.wrap_socket(sock, server_side=True, do_handshake_on_connect=False)
        with self._connections_lock:
            self._connections.add(sock)
        return sock, address

    def shutdown_request(self, request):
        with self._connections_lock:
            self._connections.discard(request)
        super().shutdown_request(request)

    def handle_error(self, request, client_address):
        """Clients that vanish mid-request (TLS probes, resets) are normal here."""

    def close_connections(self):
        """Wake idle keep-alive threads so stop() leaves nothing behind."""
        with self._connections_lock:
            connections = list(self._connections)
        for sock in connections:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


def tls_context(cert, key):
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    return context
