# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Modules run with only the environment the AWX credential type injects, as in an AWX job.

Each "job" gets the variables AWX renders from a credential's inputs (unset inputs give empty
variables) and a fresh HOME, as every AWX job runs in a new container; module arguments carry only
the task's own options. Runs against the local simulator (HTTP and HTTPS) and a throw-away Redis.
"""

from __future__ import annotations

import re

import pytest

from awx_credential import awx_inject, load

from ansible_collections.ozonetel.cloudagent.plugins.modules import cloudagent_campaign_info, cloudagent_did
from ansible_collections.ozonetel.cloudagent.tests.reliability.rel_harness import (
    DEMO_KEY, DEMO_USER, TOKEN_KEY, TOKEN_USER, tls_material)
# run_module and clear_cloudagent_environment: kept for tests that call them directly
from ansible_collections.ozonetel.cloudagent.tests.unit.module_runner import clear_cloudagent_environment, run_module  # pylint: disable=unused-import
from ansible_collections.ozonetel.cloudagent.tests.unit.module_runner import CAPTURED
from ansible_collections.ozonetel.cloudagent.tests.unit.redis_server import REDIS_SERVER_MISSING, RedisServer

pytest.importorskip('requests')
Simulator = pytest.importorskip('cloudagent_sim').Simulator

DID_TASK = {'campaign': 'Inbound_Sales', 'dynamic_dids': ['8040000001'], 'fallback_dids': ['8040000010']}


@pytest.fixture(scope='module')
def credential_type():
    return load()


@pytest.fixture(autouse=True)
def setup(sim, in_process):  # pylint: disable=unused-argument  # the simulator reset, CAPTURED filled
    CAPTURED['jobs'] = 0


def start_job(tmp_path, credential_type, inputs):
    """A new job: a fresh HOME and exactly the variables AWX injects for these credential inputs."""
    CAPTURED['jobs'] += 1
    home = tmp_path / ('job%d' % CAPTURED['jobs'])
    home.mkdir()
    monkeypatch = CAPTURED['monkeypatch']
    monkeypatch.setenv('HOME', str(home))
    env = awx_inject(credential_type, inputs)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return env, home


def run(module, args, secrets=(), failed=False):
    return CAPTURED.run(module, args, failed=failed, secrets=secrets)


def test_minimal_credential_sets_the_collection_defaults(credential_type):
    env = awx_inject(credential_type, {'username': DEMO_USER, 'api_key': DEMO_KEY})
    assert env == {'CLOUDAGENT_USERNAME': DEMO_USER, 'CLOUDAGENT_API_KEY': DEMO_KEY, 'CLOUDAGENT_AUTH_MODE': 'api_key',
                   'CLOUDAGENT_TOKEN': '', 'CLOUDAGENT_REGION': 'in', 'CLOUDAGENT_BASE_URL': '',
                   'CLOUDAGENT_TIMEOUT': '30', 'CLOUDAGENT_RETRIES': '5', 'CLOUDAGENT_VALIDATE_CERTS': 'true',
                   'CLOUDAGENT_LEDGER': '', 'CLOUDAGENT_LEDGER_PASSWORD': ''}


def test_api_key_mode_with_empty_optional_inputs(sim, tmp_path, credential_type):
    env, _home = start_job(tmp_path, credential_type,
                           {'username': DEMO_USER, 'api_key': DEMO_KEY, 'base_url': sim.base_url, 'token': ''})
    assert env['CLOUDAGENT_TOKEN'] == '' and env['CLOUDAGENT_LEDGER'] == ''
    result = run(cloudagent_campaign_info, {'names': ['Inbound_Sales']}, secrets=[DEMO_KEY])
    assert [c['name'] for c in result['campaigns']] == ['Inbound_Sales']
    assert result['api_requests']['token'] == 0


def test_timeout_and_retries_inputs_reach_the_module(sim, tmp_path, credential_type):
    inputs = {'username': DEMO_USER, 'api_key': DEMO_KEY, 'base_url': sim.base_url, 'timeout': '5', 'retries': '2'}
    sim.set_faults([{'path': '/ca_apis/campaignStatus', 'rate': 1.0, 'kind': 'http429', 'retry_after': 0}])
    start_job(tmp_path, credential_type, inputs)
    assert 'gave up after 3 attempts' in run(cloudagent_campaign_info, {}, secrets=[DEMO_KEY], failed=True)['msg']
    # The retry budget is 10 times the timeout: 50 s, less than the 120 s the server asks to wait.
    sim.set_faults([{'path': '/ca_apis/campaignStatus', 'rate': 1.0, 'kind': 'http429', 'retry_after': 120}])
    start_job(tmp_path, credential_type, inputs)
    budget = re.search(r'remaining retry budget \(([0-9.]+) s\)',
                       run(cloudagent_campaign_info, {}, secrets=[DEMO_KEY], failed=True)['msg'])
    assert budget and 45 < float(budget.group(1)) <= 50


def test_token_mode_mints_one_token_per_job_and_shares_it(sim, tmp_path, credential_type):
    inputs = {'username': TOKEN_USER, 'api_key': TOKEN_KEY, 'auth_mode': 'token', 'base_url': sim.base_url}
    _env, home = start_job(tmp_path, credential_type, inputs)
    first = run(cloudagent_campaign_info, {}, secrets=[TOKEN_KEY])
    second = run(cloudagent_campaign_info, {}, secrets=[TOKEN_KEY])
    assert first['api_requests']['token'] == 1 and second['api_requests']['token'] == 0
    assert len(list((home / '.ansible' / 'cloudagent' / 'tokens').glob('*.json'))) == 1
    start_job(tmp_path, credential_type, inputs)  # the next job's container starts without the cache
    assert run(cloudagent_campaign_info, {}, secrets=[TOKEN_KEY])['api_requests']['token'] == 1
    assert len(sim.journal(kind='token')) == 2


def test_validate_certs_with_a_ca_bundle_in_the_execution_environment(tmp_path, credential_type):
    pki = tls_material(tmp_path / 'pki')
    with Simulator(tls=(pki['cert'], pki['key'])) as https_sim:
        inputs = {'username': DEMO_USER, 'api_key': DEMO_KEY, 'base_url': https_sim.base_url}
        start_job(tmp_path, credential_type, inputs)
        refused = run(cloudagent_campaign_info, {}, secrets=[DEMO_KEY], failed=True)
        assert 'is signed by an unknown CA' in refused['msg']
        start_job(tmp_path, credential_type, dict(inputs, validate_certs=pki['ca']))
        assert run(cloudagent_campaign_info, {}, secrets=[DEMO_KEY])['campaigns']


@pytest.mark.skipif(REDIS_SERVER_MISSING is not None, reason=REDIS_SERVER_MISSING or '')
def test_redis_ledger_keeps_the_known_state_between_jobs(sim, tmp_path, credential_type):
    password = 'ledger-pass-0123456789'
    with RedisServer(tmp_path / 'redis', password=password) as server:
        inputs = {'username': DEMO_USER, 'api_key': DEMO_KEY, 'base_url': sim.base_url,
                  'ledger': server.url, 'ledger_password': password}
        start_job(tmp_path, credential_type, inputs)
        assert run(cloudagent_did, DID_TASK, secrets=[DEMO_KEY, password])['changed'] is True
        start_job(tmp_path, credential_type, inputs)
        again = run(cloudagent_did, DID_TASK, secrets=[DEMO_KEY, password])
    assert again['changed'] is False and again['api_requests']['write'] == 0


def test_directory_ledger_in_the_job_container_is_lost_between_jobs(sim, tmp_path, credential_type):
    inputs = {'username': DEMO_USER, 'api_key': DEMO_KEY, 'base_url': sim.base_url}
    _env, home = start_job(tmp_path, credential_type, inputs)
    assert run(cloudagent_did, DID_TASK, secrets=[DEMO_KEY])['changed'] is True
    assert (home / '.ansible' / 'cloudagent' / 'ledger').is_dir()
    start_job(tmp_path, credential_type, inputs)
    again = run(cloudagent_did, DID_TASK, secrets=[DEMO_KEY])
    assert again['changed'] is True and again['api_requests']['write'] == 1
