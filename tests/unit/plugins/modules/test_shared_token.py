# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Token mode across items, forks, jobs and controllers (issue 17's acceptance), against the simulator.

A "controller" is a HOME of its own; a "host" is one module process (as an Ansible fork runs it), and a
job runs its tasks on every host, each task in every host's own process. What is counted is the
simulator's journal of token requests and the module results, never time.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import pytest

from ansible_collections.ozonetel.cloudagent.plugins.modules import cloudagent_phone
from ansible_collections.ozonetel.cloudagent.tests.unit.module_runner import clear_cloudagent_environment, run_module
from ansible_collections.ozonetel.cloudagent.tests.unit.redis_server import REDIS_SERVER_MISSING, RedisServer

USER = 'token_user'
KEY = 'KKtoken0000000000000000000000002'
TOKEN_PATH = '/ca_apis/CAToken/generateToken'
# The setting is 10 hosts per controller. Five (one batch of Ansible's default 5 forks) show the
# same races, since every fork is its own process either way, at half the CPU on a shared machine.
HOSTS = 5
FORKS = 5


def token_requests(sim):
    return len(sim.journal(kind='token'))


def without_operation(message):
    """An item's message without its "get phone by name 'x' (generate token) failed:" prefix."""
    return message.split(' failed: ', 1)[1]


def test_bulk_of_30_phones_whose_token_answers_are_lost_asks_once(sim, tmp_path, capsys, monkeypatch):
    clear_cloudagent_environment(monkeypatch)
    monkeypatch.setenv('HOME', str(tmp_path))
    sim.reset()
    sim.set_faults([{'path': TOKEN_PATH, 'kind': 'reset_after'}])  # every token answer is lost
    phones = [{'name': 'lost%02d' % i, 'number': '91000000%02d' % i} for i in range(30)]
    result = run_module(capsys, cloudagent_phone, {
        'username': USER, 'api_key': KEY, 'auth_mode': 'token', 'base_url': sim.base_url,
        'ledger': str(tmp_path / 'ledger'), 'phones': phones, 'parallel': 8}, failed=True, secrets=(KEY,))
    sim.set_faults([])
    assert token_requests(sim) == 1 and len(sim.journal()) == 1  # no phone request went out either
    items = result['phones']
    assert len(items) == 30 and all(item['failed'] for item in items)
    messages = {without_operation(item['msg']) for item in items}
    assert len(messages) == 1, messages
    message = messages.pop()
    assert 'the answer to a token request sent at' in message and 'was lost' in message
    assert 'no task of this account requests a token before' in message
    assert {item['error']['code'] for item in items} == {'token_mint_lost'}
    assert {item['error']['applied'] for item in items} == {False}  # nothing of any item was sent
    sim.reset()


# ---- two controllers at once -------------------------------------------------------------------

def run_host(home, args):
    """One module process, as a fork runs it: its own interpreter, HOME and arguments file."""
    os.makedirs(home, exist_ok=True)
    args_file = os.path.join(home, 'args-%s.json' % args['name'])
    with open(args_file, 'w', encoding='utf-8') as handle:
        json.dump({'ANSIBLE_MODULE_ARGS': args}, handle)
    env = {'HOME': home, 'PATH': os.environ.get('PATH', ''), 'PYTHONPATH': os.pathsep.join(sys.path)}
    code = 'from ansible_collections.ozonetel.cloudagent.plugins.modules.cloudagent_phone import main; main()'
    proc = subprocess.run([sys.executable, '-c', code, args_file], env=env, capture_output=True, text=True,
                          timeout=120, check=False)
    try:
        return json.loads(proc.stdout)
    except ValueError:
        raise AssertionError('module printed no JSON: %r %r' % (proc.stdout[-2000:], proc.stderr[-2000:])) from None


def run_job(sim, home, controller, tasks, ledger):
    """One job of one controller: every task on every host, FORKS hosts at a time; the results."""
    results = []
    with ThreadPoolExecutor(FORKS) as forks:
        for task in range(tasks):
            argsets = [{'username': USER, 'api_key': KEY, 'auth_mode': 'token', 'base_url': sim.base_url,
                        'ledger': ledger or os.path.join(home, 'ledger'), 'name': '%s-h%02d' % (controller, host),
                        'number': '92%d%d000%04d' % (ord(controller) % 10, task, host)}
                       for host in range(HOSTS)]
            results.extend(forks.map(lambda args: run_host(home, args), argsets))
    return results


def two_jobs_at_once(sim, tmp_path, ledger=None, tasks=2):
    with ThreadPoolExecutor(2) as controllers:
        jobs = [controllers.submit(run_job, sim, str(tmp_path / name), name, tasks, ledger) for name in ('a', 'b')]
        return [job.result() for job in jobs]


@pytest.fixture
def redis_url(tmp_path):
    if REDIS_SERVER_MISSING:
        pytest.skip(REDIS_SERVER_MISSING)
    with RedisServer(tmp_path / 'redis') as server:
        yield server.url


def test_two_controllers_sharing_a_redis_store_mint_one_token(sim, tmp_path, redis_url):
    sim.reset()
    jobs = two_jobs_at_once(sim, tmp_path, redis_url)
    failed = [r['msg'] for job in jobs for r in job if r.get('failed')]
    assert failed == [] and sum(len(job) for job in jobs) == 2 * HOSTS * 2
    assert token_requests(sim) == 1
    sim.advance_clock(30 * 60)  # later in the same hour: a third job reuses the token
    third = run_job(sim, str(tmp_path / 'c'), 'c', 1, redis_url)
    assert [r['msg'] for r in third if r.get('failed')] == [] and token_requests(sim) == 1
    sim.reset()


def test_two_controllers_without_a_shared_store_stop_at_the_race(sim, tmp_path):
    sim.reset()
    jobs = two_jobs_at_once(sim, tmp_path)
    failed = [r['msg'] for job in jobs for r in job if r.get('failed')]
    assert failed, 'the two controllers revoked each other without noticing'
    assert token_requests(sim) <= 3
    races = [m for m in failed if 'another controller or tool is generating tokens' in m]
    assert races and len(races) == len(failed), failed  # every failure names the cause ...
    assert all('same Redis known-state store' in m and 'auth_mode: api_key' in m for m in races)  # ... and the fix
    sim.reset()
