# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Token lifecycle against the simulator: lost mints are remembered, revocation races stop minting, and a
Redis store shares one token between "controllers" (clients with separate token cache directories).

The clients read the simulator's clock, so tests move past holds with advance_clock(), never by waiting.
"""

from __future__ import annotations

import json

import pytest

from ansible_collections.ozonetel.cloudagent.plugins.module_utils.client import CloudAgentClient
from ansible_collections.ozonetel.cloudagent.plugins.module_utils.errors import CloudAgentError
from ansible_collections.ozonetel.cloudagent.plugins.module_utils.ledger import scope_id
from ansible_collections.ozonetel.cloudagent.plugins.module_utils.options import ConnectionSettings
from ansible_collections.ozonetel.cloudagent.plugins.module_utils.token_source import LOST_MINT_HOLD, STOP_HOLD
from ansible_collections.ozonetel.cloudagent.tests.unit.redis_server import REDIS_SERVER_MISSING, RedisServer

pytest.importorskip('requests')

USER = 'token_user'
KEY = 'KKtoken0000000000000000000000002'
TOKEN_PATH = '/ca_apis/CAToken/generateToken'
LOST = [{'path': TOKEN_PATH, 'kind': 'reset_after'}]  # minted by the server, answer lost


@pytest.fixture
def clean_sim(sim):
    sim.reset()
    yield sim
    sim.reset()


def client(sim, home, store=None):
    """One "controller": its own token cache directory (home), the simulator's clock."""
    settings = ConnectionSettings(base_url=sim.base_url, username=USER, api_key=KEY, auth_mode='token', token=None,
                                  timeout=2.0, retries=2, verify=True)
    return CloudAgentClient(settings, token_cache_dir=str(home / 'tokens'), pacing_dir=str(home / 'pacing'),
                            store=store, wall_clock=sim.now, sleep=lambda s: None, rand=lambda: 0.0)


def read(c):
    return c.call('phone_get', {'phoneNumber': '', 'phoneName': 'nobody'}, allow=('not_found',))


def mints(sim):
    return len(sim.journal(kind='token'))


def failure(c):
    with pytest.raises(CloudAgentError) as info:
        read(c)
    return info.value


def test_lost_mint_is_remembered_by_every_client_of_the_store(clean_sim, tmp_path):
    sim = clean_sim
    sim.set_faults(LOST)
    with client(sim, tmp_path) as first:
        lost = failure(first)
    assert mints(sim) == 1 and sim.state()['tokens'][USER]['token']  # the server did mint
    assert lost.code == 'token_mint_lost' and lost.applied is False
    assert 'was lost (connection_lost)' in str(lost) and 'no task of this account requests a token before' in str(lost)
    cache_file = next((tmp_path / 'tokens').glob('*.json'))
    assert oct(cache_file.stat().st_mode & 0o777) == '0o600' and KEY not in cache_file.read_text()
    assert set(json.loads(cache_file.read_text())) == {'lost'}  # when, and why; no token was ever received
    with client(sim, tmp_path) as second:  # another fork or run of the same controller
        again = failure(second)
        assert mints(sim) == 1
        assert again.outcome.message == lost.outcome.message  # one message, saying when it is safe
        sim.set_faults([])
        sim.advance_clock(LOST_MINT_HOLD + 1)
        assert read(second).kind == 'not_found'
    assert mints(sim) == 2


def test_a_client_that_cannot_share_still_remembers_its_lost_mint(clean_sim, tmp_path):
    sim = clean_sim
    sim.set_faults(LOST)
    (tmp_path / 'tokens').write_text('not a directory')  # the cache cannot be used: memory only
    with client(sim, tmp_path) as only:
        messages = {failure(only).outcome.message for dummy in range(5)}
        assert only.request_count['token'] == 1 and len(messages) == 1
        assert any('not shared with other tasks' in w for w in only.warnings)


def test_revocation_soon_after_our_mint_stops_minting_with_the_fix(clean_sim, tmp_path):
    sim = clean_sim
    a, b = client(sim, tmp_path / 'a'), client(sim, tmp_path / 'b')  # two controllers, no shared store
    with a, b:
        read(a)
        sim.advance_clock(30)
        read(b)  # revokes a's token
        sim.advance_clock(30)
        race = failure(a)
        assert race.code == 'token_race' and race.applied is False
        for words in ('another controller or tool is generating tokens for this CloudAgent user',
                      'same Redis known-state store', 'auth_mode: api_key', 'revoked within 60 s'):
            assert words in str(race)
        assert read(b).kind == 'not_found'  # the other side keeps working: nobody revoked its token
    with client(sim, tmp_path / 'a') as later:  # another fork of controller a: remembered, no mint
        assert failure(later).code == 'token_race'
        sim.advance_clock(STOP_HOLD + 1)
        read(later)
    assert mints(sim) == 3


def test_a_fresh_token_rejected_right_after_the_refresh_is_the_race(clean_sim, tmp_path):
    sim = clean_sim
    with client(sim, tmp_path) as a:
        read(a)
        sim.advance_clock(15 * 60)  # old enough: its rejection is an ordinary refresh
        invalid = {'status': 'false', 'message': 'Invalid Token', 'data': None}
        sim.set_faults([{'path': '/ca_apis/PhoneManageV2', 'kind': 'reply', 'body': invalid, 'count': 2}])
        race = failure(a)  # refreshed, and the new token was refused at once too
    assert race.code == 'token_race' and mints(sim) == 2


def test_a_revocation_explained_by_our_own_lost_mint_is_no_race(clean_sim, tmp_path):
    sim = clean_sim
    with client(sim, tmp_path) as a, client(sim, tmp_path) as b:
        read(a)
        first_token = sim.state()['tokens'][USER]['token']
        sim.set_faults(LOST)
        with pytest.raises(CloudAgentError):
            b.tokens.refresh(first_token, 'phone get')  # b mints (told the token was rejected): answer lost
        sim.set_faults([])
        assert failure(a).code == 'token_mint_lost'  # a's token was revoked by that mint: not a race
        sim.advance_clock(LOST_MINT_HOLD + 1)
        assert read(a).kind == 'not_found'
    assert mints(sim) == 3


# ---- the Redis store -----------------------------------------------------------------------------

@pytest.fixture(scope='module')
def redis_url(tmp_path_factory):
    if REDIS_SERVER_MISSING:
        pytest.skip(REDIS_SERVER_MISSING)
    with RedisServer(tmp_path_factory.mktemp('redis')) as server:
        yield server.url


@pytest.fixture
def redis_db(redis_url):
    redis = pytest.importorskip('redis')
    db = redis.Redis.from_url(redis_url)
    db.flushdb()
    yield db
    db.flushdb()
    db.close()


def test_redis_store_shares_one_token_between_controllers(clean_sim, tmp_path, redis_url, redis_db):
    sim = clean_sim
    with client(sim, tmp_path / 'a', redis_url) as a, client(sim, tmp_path / 'b', redis_url) as b:
        read(a)
        read(b)
        read(a)
    assert mints(sim) == 1
    assert not (tmp_path / 'a' / 'tokens').exists() and not (tmp_path / 'b' / 'tokens').exists()
    key = 'cloudagent:token:%s' % scope_id(sim.base_url, USER)
    stored = json.loads(redis_db.get(key))
    assert stored['token'] == sim.state()['tokens'][USER]['token']
    assert 3400 * 1000 < redis_db.pttl(key) < 3600 * 1000  # just under the token's hour
    assert set(redis_db.keys()) == {key.encode()}  # no lock left behind, nothing else holds the token


def test_redis_store_remembers_a_lost_mint_for_every_controller(clean_sim, tmp_path, redis_url, redis_db):
    sim = clean_sim
    sim.set_faults(LOST)
    with client(sim, tmp_path / 'a', redis_url) as a, client(sim, tmp_path / 'b', redis_url) as b:
        first = failure(a)
        assert failure(b).outcome.message == first.outcome.message
    assert mints(sim) == 1


def test_unreachable_redis_store_fails_without_minting(clean_sim, tmp_path):
    from ansible_collections.ozonetel.cloudagent.tests.unit.redis_server import free_port
    with client(clean_sim, tmp_path, 'redis://127.0.0.1:%d/0' % free_port()) as a:
        err = failure(a)
    assert err.code == 'token_store_error' and 'no token was requested' in str(err)
    assert mints(clean_sim) == 0


DOCUMENTED_ACL = 'on >acl-pass-0123 ~cloudagent:* +@read +@write +@scripting +ping -@dangerous'  # docs/awx.md


def test_the_redis_acl_of_the_docs_is_enough_and_keeps_others_out(clean_sim, tmp_path, redis_url, redis_db, monkeypatch):
    from ansible_collections.ozonetel.cloudagent.plugins.module_utils import endpoints
    from ansible_collections.ozonetel.cloudagent.plugins.module_utils.ledger import LedgerKey, open_ledger
    from ansible_collections.ozonetel.cloudagent.plugins.module_utils.endpoints import Limit
    redis = pytest.importorskip('redis')
    redis_db.execute_command('ACL', 'SETUSER', 'cloudagent', *DOCUMENTED_ACL.split())
    redis_db.execute_command('ACL', 'SETUSER', 'other_app', 'on', '>other-pass-0123', '~app:*', '+@all')
    url = redis_url.replace('redis://', 'redis://cloudagent:acl-pass-0123@')
    monkeypatch.setitem(endpoints.ENDPOINTS, 'paced_read', endpoints.Endpoint(
        'paced_read', 'GET', '/ca_apis/PhoneManageV2', 'account', 'phone_get', 'read', 'get', Limit(5, 60.0)))
    try:
        with client(clean_sim, tmp_path, url) as c:
            read(c)
            c.call('paced_read', {'phoneNumber': '', 'phoneName': 'nobody'}, allow=('not_found',))
        assert mints(clean_sim) == 1 and c.warnings == []
        key = LedgerKey(clean_sim.base_url, USER, 'phone', 'desk1')
        with open_ledger(url) as store, store.lock(key):
            store.put(key, desired={'name': 'desk1'})
            assert store.get(key)['desired'] == {'name': 'desk1'}
        other = redis.Redis.from_url(redis_url.replace('redis://', 'redis://other_app:other-pass-0123@'))
        with pytest.raises(redis.exceptions.NoPermissionError):
            other.get('cloudagent:token:%s' % scope_id(clean_sim.base_url, USER))
        other.close()
    finally:
        redis_db.execute_command('ACL', 'DELUSER', 'cloudagent', 'other_app')
