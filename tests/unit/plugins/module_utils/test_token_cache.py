# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Token cache: one mint for many processes, refresh near expiry, safe file modes, no API key inside."""

from __future__ import annotations

import base64
import json
import multiprocessing
import os
import stat
import time

from ansible_collections.ozonetel.cloudagent.plugins.module_utils.token_cache import (
    REFRESH_MARGIN,
    TOKEN_LIFETIME,
    TokenCache,
    cache_key,
    jwt_expiry,
)

BASE = 'https://in1-ccaas-api.ozonetel.com'


class Counter:
    def __init__(self, prefix='tok'):
        self.calls = 0
        self.prefix = prefix

    def __call__(self):
        self.calls += 1
        return '%s-%d' % (self.prefix, self.calls)


def _worker(directory, count_file, start, results):
    def mint():
        with open(count_file, 'a') as handle:  # one line per mint, across processes
            handle.write('x\n')
        time.sleep(0.3)  # long enough for every other process to be waiting on the lock
        return 'token-from-%d' % os.getpid()

    cache = TokenCache(BASE, 'demo', directory)
    start.wait()
    results.put(cache.get(mint).token)


def test_six_processes_mint_exactly_once(tmp_path):
    ctx = multiprocessing.get_context('fork')
    directory = str(tmp_path / 'tokens')
    count_file = str(tmp_path / 'mints')
    start = ctx.Event()
    results = ctx.Queue()
    procs = [ctx.Process(target=_worker, args=(directory, count_file, start, results)) for dummy in range(6)]
    for proc in procs:
        proc.start()
    start.set()
    tokens = [results.get(timeout=20) for dummy in procs]
    for proc in procs:
        proc.join(10)
    with open(count_file) as handle:
        assert len(handle.readlines()) == 1
    assert len(set(tokens)) == 1


def test_file_modes_and_content(tmp_path):
    directory = tmp_path / 'a' / 'tokens'
    cache = TokenCache(BASE, 'demo', str(directory), clock=lambda: 1000.0)
    cache.get(Counter())
    assert stat.S_IMODE(os.stat(directory).st_mode) == 0o700
    assert stat.S_IMODE(os.stat(cache.path).st_mode) == 0o600
    assert os.path.basename(cache.path) == cache_key(BASE, 'demo') + '.json'
    with open(cache.path) as handle:
        data = json.load(handle)
    assert data == {'token': 'tok-1', 'expires_at': 1000.0 + TOKEN_LIFETIME, 'minted_at': 1000.0}
    assert [n for n in os.listdir(directory) if not n.startswith(cache_key(BASE, 'demo'))] == []


def test_existing_loose_directory_is_tightened(tmp_path):
    directory = tmp_path / 'tokens'
    directory.mkdir(mode=0o755)
    os.chmod(directory, 0o755)
    TokenCache(BASE, 'demo', str(directory)).get(Counter())
    assert stat.S_IMODE(os.stat(directory).st_mode) == 0o700


def test_reuse_then_one_refresh_near_expiry(tmp_path):
    now = [1000.0]
    mint = Counter()
    cache = TokenCache(BASE, 'demo', str(tmp_path), clock=lambda: now[0])
    assert cache.get(mint).token == 'tok-1'
    now[0] += TOKEN_LIFETIME - REFRESH_MARGIN - 1  # 5 min + 1 s left: still good
    assert cache.get(mint).token == 'tok-1'
    now[0] += 2  # under 5 minutes left
    assert cache.get(mint).token == 'tok-2'
    assert cache.get(mint).token == 'tok-2'
    assert mint.calls == 2


def test_another_process_cache_is_seen(tmp_path):
    one = TokenCache(BASE, 'demo', str(tmp_path))
    two = TokenCache(BASE + '/', 'demo', str(tmp_path))
    other_user = TokenCache(BASE, 'other', str(tmp_path))
    mint = Counter()
    assert one.get(mint).token == two.get(mint).token == 'tok-1'
    assert other_user.get(mint).token == 'tok-2'


def test_stale_token_is_replaced_unless_someone_already_did(tmp_path):
    mint = Counter()
    cache = TokenCache(BASE, 'demo', str(tmp_path))
    first = cache.get(mint).token
    assert cache.get(mint, stale=first).token == 'tok-2'  # rejected by the API: mint a new one
    assert cache.get(mint, stale=first).token == 'tok-2'  # someone already replaced it: reuse
    assert mint.calls == 2


def test_corrupt_file_is_replaced(tmp_path):
    cache = TokenCache(BASE, 'demo', str(tmp_path))
    with open(cache.path, 'w') as handle:
        handle.write('{not json')
    assert cache.get(Counter()).token == 'tok-1'


def _jwt(claims):
    part = base64.urlsafe_b64encode(json.dumps(claims).encode()).decode().rstrip('=')
    return 'aGVhZA.%s.c2ln' % part


def test_jwt_exp_shortens_the_lifetime(tmp_path):
    assert jwt_expiry(_jwt({'exp': 1600})) == 1600.0
    assert jwt_expiry('opaque-token') is None
    cache = TokenCache(BASE, 'demo', str(tmp_path), clock=lambda: 1000.0)
    assert cache.get(lambda: _jwt({'exp': 2000})).expires_at == 2000.0
