# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A known-state store that cannot be written stops every recording module before its first request.

The store is opened fine (reads would work) but refuses writes: a directory that cannot be created (its parent is
a file, which stops root too), or a Redis user allowed to read only. Each module must send nothing to CloudAgent
and fail with one message that names the store; check mode, which never writes the store, still runs.
"""

from __future__ import annotations

import pytest

from ansible_collections.ozonetel.cloudagent.tests.reliability.rel_harness import connection, module_by_name, run_module
from ansible_collections.ozonetel.cloudagent.tests.unit.redis_server import REDIS_SERVER_MISSING, RedisServer

TASKS = {
    'cloudagent_phone': {'name': 'desk-ro', 'number': '9876500777', 'skills': ['Sales']},
    'cloudagent_did': {'campaign': 'Inbound_Sales', 'dynamic_dids': ['8040000001'], 'fallback_dids': ['8040000003']},
    'cloudagent_blocklist': {'name': 'ReadOnly', 'description': 'Read only', 'expiry': '2030-01-01 00:00:00',
                             'numbers': ['9876543210']},
}


@pytest.fixture(params=['directory', 'redis-read-only-user'])
def unwritable_store(request, tmp_path):
    if request.param == 'directory':
        blocker = tmp_path / 'a-file'
        blocker.write_text('not a directory', encoding='utf-8')
        yield str(blocker / 'ledger'), str(blocker)
        return
    if REDIS_SERVER_MISSING:
        pytest.skip(REDIS_SERVER_MISSING)
    import redis
    with RedisServer(tmp_path / 'redis') as server:
        admin = redis.Redis.from_url(server.url)
        admin.execute_command('ACL', 'SETUSER', 'reader', 'on', '>reader-pass', '~*', '&*', '+@read', '+@connection')
        admin.close()
        yield server.url.replace('redis://', 'redis://reader:reader-pass@'), 'no permissions'


@pytest.mark.parametrize('name', sorted(TASKS))
def test_no_request_when_the_store_cannot_be_written(sim, capsys, unwritable_store, name):
    location, reason = unwritable_store
    args = dict(connection(sim, location), **TASKS[name])
    result = run_module(capsys, module_by_name(name), args, failed=True, secrets=['reader-pass'])
    assert sim.journal() == [], 'requests were sent before the store was found unwritable'
    assert result['msg'].startswith('ledger: ') and reason in result['msg']
    assert result['msg'].endswith('nothing was sent to CloudAgent') and result['changed'] is False
    # Check mode writes nothing to the store, so it still predicts.
    predicted = run_module(capsys, module_by_name(name), args, check=True, failed=False)
    assert predicted['changed'] is True and sim.writes() == []
