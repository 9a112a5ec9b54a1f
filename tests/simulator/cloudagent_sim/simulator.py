# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The Python entry point: one Simulator owns its server, state, clock, journal, faults and latency."""

import threading

from cloudagent_sim.app import App
from cloudagent_sim.server import SimServer, tls_context
from cloudagent_sim.state import load_fixture


class Simulator:
    """A local CloudAgent API on 127.0.0.1.

    ``tls`` is None or a (cert_path, key_path) pair (a dict with cert/key works too).
    ``token_log`` is None or a file every minted token is appended to, one per line (for secret scans).
    """

    def __init__(self, fixture=None, host='127.0.0.1', port=0, latency_ms=0, tls=None, seed=0, token_log=None):
        if isinstance(tls, dict):
            tls = (tls['cert'], tls['key'])
        self._host = host
        self._port = port
        self._tls = tls
        self._app = App(load_fixture(fixture), seed=seed, latency_ms=latency_ms, token_log=token_log)
        self._server = None
        self._thread = None

    # ---- lifecycle ----

    def start(self):
        if self._server is not None:
            return self
        context = tls_context(*self._tls) if self._tls else None
        self._server = SimServer(self._app, self._host, self._port, context)
        scheme = 'https' if context else 'http'
        self._app.base_url = '%s://127.0.0.1:%d' % (scheme, self._server.server_address[1])
        self._app.stopping.clear()
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={'poll_interval': 0.05},
                                        name='cloudagent-sim', daemon=True)
        self._thread.start()
        return self

    def stop(self):
        if self._server is None:
            return
        self._app.stopping.set()
        self._server.shutdown()
        self._server.server_close()
        self._server.close_connections()
        self._thread.join(timeout=5)
        self._server = None
        self._thread = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc_info):
        self.stop()

    @property
    def base_url(self):
        if self._app.base_url is None:
            raise RuntimeError('the simulator has not been started')
        return self._app.base_url

    @property
    def port(self):
        return int(self.base_url.rsplit(':', 1)[1])

    # ---- inspection and control ----

    def journal(self, kind=None):
        """Journal entries (copies), optionally only one kind: read, write or token."""
        return self._app.journal.entries(kind)

    def clear_journal(self):
        self._app.journal.clear()

    def writes(self):
        """Every write request received, whatever its outcome (a check-mode run must leave this empty)."""
        return self._app.journal.entries('write')

    def state(self):
        return self._app.export_state()

    def set_state(self, data):
        self._app.set_state(data)

    def set_faults(self, rules, seed=None):
        """Replace the fault rules; decisions restart from random.Random(seed) (default: the constructor seed)."""
        self._app.set_faults(rules, seed)

    def set_latency(self, ms, path=None):
        """Global latency, or for one path prefix when ``path`` is given (longest prefix wins)."""
        self._app.latency.set(ms, path)

    def advance_clock(self, seconds):
        return self._app.clock.advance(seconds)

    def now(self):
        return self._app.clock.now()

    def set_rate_limits(self, limits):
        """Enforce {path: {"requests": N, "window": seconds}} per account (rate_limits.py); {} turns it off."""
        self._app.rate_limits.set(limits)

    def expect_actors(self, count):
        """How many actors sleep on the simulator's clock (virtual_time.py); 0 ends the coordination."""
        self._app.virtual_time.expect(count)

    def virtual_time(self):
        return self._app.virtual_time.export()

    def reset(self):
        """Back to the fixture: journal, faults, clock, latency and rate limits as at construction."""
        self._app.reset()
