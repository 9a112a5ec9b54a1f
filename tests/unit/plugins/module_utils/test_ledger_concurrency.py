# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Concurrent writers lose no update: 8 processes x 50 locked read-modify-write increments, on both backends."""

from __future__ import annotations

import multiprocessing
import time

import pytest

from ansible_collections.ozonetel.cloudagent.plugins.module_utils.ledger import LedgerKey, open_ledger
from ansible_collections.ozonetel.cloudagent.tests.unit.redis_server import REDIS_SERVER_MISSING, RedisServer

BASE = 'https://in1-ccaas-api.ozonetel.com'
WORKERS = 8
INCREMENTS = 50
SHARED = LedgerKey(BASE, 'demo_user', 'blocklist', 'shared-counter')


def own_key(worker, index):
    return LedgerKey(BASE, 'demo_user', 'phone', 'w%d-%d' % (worker, index))


def worker(location, number, start, errors):
    try:
        store = open_ledger(location)
        start.wait()
        for index in range(INCREMENTS):
            with store.lock(SHARED):
                record = store.get(SHARED)
                count = record['desired']['count'] if record else 0
                seen = record['desired']['seen'] if record else []
                store.put(SHARED, desired={'count': count + 1, 'seen': seen[-20:] + ['%d.%d' % (number, index)]},
                          server={'last_writer': number})
            store.put(own_key(number, index), desired={'worker': number, 'index': index})  # unlocked, own key
        store.close()
    except BaseException as exc:  # reported to the parent
        errors.put('%s: %s' % (type(exc).__name__, exc))
        raise


def _context():
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context('fork' if 'fork' in methods else 'spawn')


@pytest.fixture(params=['directory', 'redis'])
def location(request, tmp_path):
    if request.param == 'directory':
        yield str(tmp_path / 'ledger')
        return
    pytest.importorskip('redis', reason='the redis Python package is not installed')
    if REDIS_SERVER_MISSING:
        pytest.skip(REDIS_SERVER_MISSING)
    with RedisServer(tmp_path / 'redis') as server:
        yield server.url


def test_concurrent_locked_increments_lose_nothing(location, record_property):
    ctx = _context()
    start, errors = ctx.Event(), ctx.Queue()
    processes = [ctx.Process(target=worker, args=(location, number, start, errors)) for number in range(WORKERS)]
    for process in processes:
        process.start()
    began = time.monotonic()
    start.set()
    for process in processes:
        process.join(timeout=60)
    elapsed = time.monotonic() - began
    failures = []
    while not errors.empty():
        failures.append(errors.get())
    assert not failures, failures
    assert [p.exitcode for p in processes] == [0] * WORKERS

    store = open_ledger(location)
    assert store.get(SHARED)['desired']['count'] == WORKERS * INCREMENTS
    own = store.list(base_url=BASE, username='demo_user', kind='phone')
    assert len(own) == WORKERS * INCREMENTS
    assert {r['identity'] for r in own} == {own_key(w, i).identity for w in range(WORKERS) for i in range(INCREMENTS)}
    store.close()
    record_property('elapsed_s', round(elapsed, 3))
    print('\n%s: %d locked increments + %d own writes by %d processes in %.2f s'
          % (location.split(':')[0] if '://' in location else 'directory', WORKERS * INCREMENTS, WORKERS * INCREMENTS, WORKERS, elapsed))
