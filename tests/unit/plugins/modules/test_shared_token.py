# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Token mode across items, forks, jobs and controllers (issue 17's acceptance), against the simulator.

A "controller" is a HOME of its own; a "host" is one module process (as an Ansible fork runs it), and a
job runs its tasks on every host, each task in every host's own process. What is counted is the
simulator's journal of token requests and the module results, never time.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor

import pytest

from ansible_collections.ozonetel.cloudagent.plugins.modules import cloudagent_phone
from ansible_collections.ozonetel.cloudagent.tests.unit.module_process import run_in_process
from ansible_collections.ozonetel.cloudagent.tests.unit.module_runner import clear_cloudagent_environment, run_module
from ansible_collections.ozonetel.cloudagent.tests.unit.redis_server import REDIS_SERVER_MISSING, RedisServer

USER = 'token_user'
KEY = 'KKtoken0000000000000000000000002'
TOKEN_PATH = '/ca_apis/CAToken/generateToken'
# The setting: 10 hosts per controller, each task on each host its own process, 5 at a time (Ansible's
# default forks). The processes are forked from a preloaded server (module_process.py): on the shared 2-core
# machine (load 10-13) the two tests took 160 s with one `python -c` per process, 35 s forked (5 hosts with
# `python -c`, as before: 64 s).
HOSTS = 10
FORKS = 5
PHONE_MODULE = 'ansible_collections.ozonetel.cloudagent.plugins.modules.cloudagent_phone'


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
    assert {item['applied'] for item in items} == {False}  # nothing of any item was sent
    sim.reset()


# ---- two controllers at once -------------------------------------------------------------------

def run_host(home, args):
    """One module process, as a fork runs it: a process of its own with its own HOME (module_process.py)."""
    return run_in_process(PHONE_MODULE, home, args)


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
    # msg is clipped to 300 characters (msg_full keeps it whole): under load "revoked within 104 s" is long enough.
    failed = [r.get('msg_full') or r['msg'] for job in jobs for r in job if r.get('failed')]
    assert failed, 'the two controllers revoked each other without noticing'
    assert token_requests(sim) <= 3
    races = [m for m in failed if 'another controller or tool is generating tokens' in m]
    assert races and len(races) == len(failed), failed  # every failure names the cause ...
    assert all('same Redis known-state store' in m and 'auth_mode: api_key' in m for m in races), races  # ... the fix
    sim.reset()
