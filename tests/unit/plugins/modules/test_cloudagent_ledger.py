# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""cloudagent_ledger and cloudagent_ledger_info: run main() and check the result JSON."""

from __future__ import annotations

import json
import os

import pytest

from ansible_collections.ozonetel.cloudagent.plugins.module_utils.ledger import LedgerKey, open_ledger
from ansible_collections.ozonetel.cloudagent.plugins.modules import cloudagent_ledger, cloudagent_ledger_info
# run_module and clear_cloudagent_environment: kept for tests that call them directly
from ansible_collections.ozonetel.cloudagent.tests.unit.module_runner import clear_cloudagent_environment, run_module  # pylint: disable=unused-import
from ansible_collections.ozonetel.cloudagent.tests.unit.module_runner import CAPTURED
from ansible_collections.ozonetel.cloudagent.tests.unit.redis_server import REDIS_SERVER_MISSING, RedisServer

BASE = 'https://in1-ccaas-api.ozonetel.com'
API_KEY = 'KK-module-test-0123456789'


class ExitJson(Exception):
    """Marker: the module exited successfully."""


class FailJson(Exception):
    """Marker: the module failed."""


@pytest.fixture(autouse=True)
def capture(in_process):  # pylint: disable=unused-argument
    """Modules print their result JSON (after Ansible's own no_log masking) and exit; tests read it back."""


def run(module, args, check=False, diff=False, expect=ExitJson):
    return CAPTURED.run(module, args, check=check, diff=diff, failed=expect is FailJson, secrets=())


@pytest.fixture
def ledger_dir(tmp_path):
    return str(tmp_path / 'ledger')


def adopt(ledger_dir, identity='VIP', **extra):
    args = {'username': 'demo_user', 'ledger': ledger_dir, 'kind': 'blocklist', 'identity': identity,
            'desired': {'name': identity, 'numbers': ['+919876543210']}}
    args.update(extra)
    return args


# ---------------------------------------------------------------- cloudagent_ledger

def test_present_adopts_then_is_idempotent(ledger_dir):
    result = run(cloudagent_ledger, adopt(ledger_dir, server={'id': '42'}), diff=True)
    assert result['changed'] is True
    assert result['record']['identity'] == 'vip' and result['record']['server'] == {'id': '42'}
    assert result['record']['base_url'] == BASE
    assert result['previous'] == {} and result['diff']['before'] == {} and result['diff']['after'] == result['record']
    assert result['ledger'] == ledger_dir
    again = run(cloudagent_ledger, adopt(ledger_dir, identity=' vip ', server={'id': '42'}, desired=result['record']['desired']))
    assert again['changed'] is False and 'diff' not in again
    assert open_ledger(ledger_dir).get(LedgerKey(BASE, 'demo_user', 'blocklist', 'vip'))['server'] == {'id': '42'}


def test_present_keeps_server_when_omitted(ledger_dir):
    run(cloudagent_ledger, adopt(ledger_dir, server={'id': '42'}))
    result = run(cloudagent_ledger, adopt(ledger_dir, desired={'name': 'VIP', 'numbers': []}), diff=True)
    assert result['changed'] is True and result['record']['server'] == {'id': '42'}
    assert result['diff']['before']['desired']['numbers'] == ['+919876543210'] and result['diff']['after']['desired']['numbers'] == []
    assert run(cloudagent_ledger, adopt(ledger_dir, desired={'name': 'VIP', 'numbers': []}))['changed'] is False


def test_present_check_mode_writes_nothing(ledger_dir):
    result = run(cloudagent_ledger, adopt(ledger_dir), check=True, diff=True)
    assert result['changed'] is True and result['record']['identity'] == 'vip' and result['diff']['after']['desired']['name'] == 'VIP'
    assert not os.path.exists(ledger_dir)  # not even a directory or lock file
    run(cloudagent_ledger, adopt(ledger_dir))
    before = open_ledger(ledger_dir).list(base_url=BASE, username='demo_user')
    result = run(cloudagent_ledger, adopt(ledger_dir, desired={'name': 'VIP', 'numbers': ['+919876543211']}), check=True)
    assert result['changed'] is True
    assert open_ledger(ledger_dir).list(base_url=BASE, username='demo_user') == before


def test_absent_forgets(ledger_dir):
    run(cloudagent_ledger, adopt(ledger_dir))
    args = {'username': 'demo_user', 'ledger': ledger_dir, 'kind': 'blocklist', 'identity': 'Vip', 'state': 'absent'}
    checked = run(cloudagent_ledger, args, check=True, diff=True)
    assert checked['changed'] is True and checked['diff']['after'] == {} and checked['previous']['identity'] == 'vip'
    assert open_ledger(ledger_dir).get(LedgerKey(BASE, 'demo_user', 'blocklist', 'vip')) is not None
    result = run(cloudagent_ledger, args, diff=True)
    assert result['changed'] is True and result['record'] == {} and result['diff']['before']['identity'] == 'vip'
    assert open_ledger(ledger_dir).get(LedgerKey(BASE, 'demo_user', 'blocklist', 'vip')) is None
    assert run(cloudagent_ledger, args)['changed'] is False


def test_absent_forgets_corrupted_record(ledger_dir):
    run(cloudagent_ledger, adopt(ledger_dir))
    path = open_ledger(ledger_dir).path_of(LedgerKey(BASE, 'demo_user', 'blocklist', 'vip'))
    with open(path, 'w', encoding='utf-8') as handle:
        handle.write('{"trunc')
    failed = run(cloudagent_ledger_info, {'username': 'demo_user', 'ledger': ledger_dir}, expect=FailJson)
    assert path in failed['msg_full'] and 'state=absent' in failed['msg_full']  # msg: the first 300 characters
    # the corrupted record cannot be read, so forgetting it reports the read error
    failed = run(cloudagent_ledger, {'username': 'demo_user', 'ledger': ledger_dir, 'kind': 'blocklist', 'identity': 'vip', 'state': 'absent'},
                 expect=FailJson)
    assert path in failed.get('msg_full', failed['msg'])


def test_present_requires_desired(ledger_dir):
    result = run(cloudagent_ledger, {'username': 'demo_user', 'ledger': ledger_dir, 'kind': 'did', 'identity': 'c'}, expect=FailJson)
    assert 'desired' in result['msg']


def test_present_refuses_secrets(ledger_dir):
    args = adopt(ledger_dir, api_key=API_KEY, desired={'note': 'key %s' % API_KEY})
    result = run(cloudagent_ledger, args, expect=FailJson)
    assert 'refusing to record' in result['msg'] and API_KEY not in json.dumps(result)
    result = run(cloudagent_ledger, adopt(ledger_dir, desired={'token': 'x'}), check=True, expect=FailJson)
    assert 'refusing to record' in result['msg']
    assert not os.path.exists(ledger_dir)


def test_scope_from_region_base_url_and_env(ledger_dir, monkeypatch):
    result = run(cloudagent_ledger, adopt(ledger_dir, region='intl'))
    assert result['record']['base_url'] == 'https://api.ccaas.ozonetel.com'
    monkeypatch.setenv('CLOUDAGENT_LEDGER', ledger_dir)
    monkeypatch.setenv('CLOUDAGENT_BASE_URL', 'http://127.0.0.1:8765/')
    monkeypatch.setenv('CLOUDAGENT_USERNAME', 'env_user')
    result = run(cloudagent_ledger, {'kind': 'phone', 'identity': 'Desk-1',
                                     'desired': {'name': 'Desk-1', 'number': '12345', 'skills': ['Sales']}})
    assert result['ledger'] == ledger_dir
    assert (result['record']['base_url'], result['record']['username'], result['record']['identity']) == ('http://127.0.0.1:8765', 'env_user', 'desk-1')
    bad = run(cloudagent_ledger, adopt(ledger_dir, base_url='ftp://x'), expect=FailJson)
    assert 'base_url' in bad['msg']


def test_unsupported_location_fails(tmp_path):
    result = run(cloudagent_ledger, adopt('http://user:pw-secret-x@host/'), expect=FailJson)
    assert 'unsupported location' in result['msg'] and 'pw-secret-x' not in json.dumps(result)


# ---------------------------------------------------------------- cloudagent_ledger_info

def test_info_lists_and_filters(ledger_dir):
    run(cloudagent_ledger, adopt(ledger_dir, identity='VIP'))
    run(cloudagent_ledger, adopt(ledger_dir, identity='Spam'))
    did = {'campaign': 'VIP', 'dynamic_dids': ['8040000001'], 'fallback_dids': ['8040000002']}
    run(cloudagent_ledger, {'username': 'demo_user', 'ledger': ledger_dir, 'kind': 'did', 'identity': 'VIP', 'desired': did})
    run(cloudagent_ledger, adopt(ledger_dir, identity='Theirs', username='other_user'))
    base = {'username': 'demo_user', 'ledger': ledger_dir}
    everything = run(cloudagent_ledger_info, base, check=True)
    assert everything['changed'] is False
    assert [(r['kind'], r['identity']) for r in everything['records']] == [('blocklist', 'spam'), ('blocklist', 'vip'), ('did', 'vip')]
    assert [r['identity'] for r in run(cloudagent_ledger_info, dict(base, kind='blocklist'))['records']] == ['spam', 'vip']
    assert [r['kind'] for r in run(cloudagent_ledger_info, dict(base, identity=' VIP '))['records']] == ['blocklist', 'did']
    assert run(cloudagent_ledger_info, dict(base, kind='did', identity='spam'))['records'] == []
    assert [r['identity'] for r in run(cloudagent_ledger_info, dict(base, username='other_user'))['records']] == ['theirs']


def test_info_on_missing_ledger_creates_nothing(ledger_dir):
    result = run(cloudagent_ledger_info, {'username': 'demo_user', 'ledger': ledger_dir})
    assert result['records'] == [] and result['ledger'] == ledger_dir
    assert not os.path.exists(ledger_dir)


def test_info_bad_kind(ledger_dir):
    result = run(cloudagent_ledger_info, {'username': 'demo_user', 'ledger': ledger_dir, 'kind': 'agents'}, expect=FailJson)
    assert 'kind' in result['msg']


def test_modules_with_redis_password_hidden(tmp_path, monkeypatch):
    pytest.importorskip('redis', reason='the redis Python package is not installed')
    if REDIS_SERVER_MISSING:
        pytest.skip(REDIS_SERVER_MISSING)
    password = 'Redis-Pa55word'
    with RedisServer(tmp_path / 'redis', password=password) as server:
        url = 'redis://:%s@127.0.0.1:%d/0' % (password, server.port)
        result = run(cloudagent_ledger, adopt(url, server={'id': '7'}))
        assert result['changed'] is True and result['ledger'] == 'redis://:***@127.0.0.1:%d/0' % server.port
        assert password not in json.dumps(result)
        monkeypatch.setenv('CLOUDAGENT_LEDGER_PASSWORD', password)
        monkeypatch.setenv('CLOUDAGENT_LEDGER', server.url)
        info = run(cloudagent_ledger_info, {'username': 'demo_user', 'kind': 'blocklist'})
        assert [r['server'] for r in info['records']] == [{'id': '7'}]
        assert password not in json.dumps(info)
        monkeypatch.setenv('CLOUDAGENT_LEDGER_PASSWORD', 'wrong-' + password)
        failed = run(cloudagent_ledger_info, {'username': 'demo_user'}, expect=FailJson)
        assert 'authentication' in failed['msg'].lower() and password not in json.dumps(failed)


def test_noop_absent_creates_nothing(ledger_dir):
    args = {'username': 'demo_user', 'ledger': ledger_dir, 'kind': 'phone', 'identity': 'nobody', 'state': 'absent'}
    result = run(cloudagent_ledger, args, diff=True)
    assert result['changed'] is False and result['record'] == {} and result['previous'] == {}
    assert result['diff'] == {'before': {}, 'after': {}}
    assert not os.path.exists(ledger_dir)
