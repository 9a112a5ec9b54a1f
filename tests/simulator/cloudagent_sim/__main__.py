# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""CLI: python -m cloudagent_sim --port 8765 [--fixture F] [--latency-ms N] [--tls-cert C --tls-key K] [--url-file F]
[--token-log F]."""

import argparse
import os
import signal
import sys
import threading

from cloudagent_sim.simulator import Simulator


def _parser():
    parser = argparse.ArgumentParser(prog='python -m cloudagent_sim', description='Local Ozonetel CloudAgent API simulator.')
    parser.add_argument('--host', default='127.0.0.1', help='only 127.0.0.1 (or localhost) is accepted')
    parser.add_argument('--port', type=int, default=8765, help='0 picks a free port')
    parser.add_argument('--fixture', help='account fixture JSON (default: tests/simulator/fixtures/account.json)')
    parser.add_argument('--latency-ms', type=float, default=0)
    parser.add_argument('--seed', type=int, default=0, help='seed of the fault decisions')
    parser.add_argument('--tls-cert')
    parser.add_argument('--tls-key')
    parser.add_argument('--url-file', help='write the base URL here once listening (removed on exit)')
    parser.add_argument('--token-log', help='append every token minted to this file, one per line (kept on exit)')
    return parser


def _write_url_file(path, url):
    tmp = '%s.%d.tmp' % (path, os.getpid())
    with open(tmp, 'w', encoding='utf-8') as handle:
        handle.write(url + '\n')
    os.replace(tmp, path)   # readers never see a half-written file


def main(argv=None):
    args = _parser().parse_args(argv)
    if bool(args.tls_cert) != bool(args.tls_key):
        _parser().error('--tls-cert and --tls-key go together')
    tls = (args.tls_cert, args.tls_key) if args.tls_cert else None
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    sim = Simulator(fixture=args.fixture, host=args.host, port=args.port, latency_ms=args.latency_ms, tls=tls, seed=args.seed,
                    token_log=args.token_log)
    sim.start()
    try:
        if args.url_file:
            _write_url_file(args.url_file, sim.base_url)
        print(sim.base_url, flush=True)
        while not stop.wait(0.5):
            pass
    finally:
        sim.stop()
        if args.url_file and os.path.exists(args.url_file):
            os.remove(args.url_file)
    return 0


if __name__ == '__main__':
    sys.exit(main())
