# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Concurrent cloudagent_phone runs on the same phones, as separate module processes, with both stores.

Two or four processes start together (they wait for one file, then run) on the same ten phones, each asking other
skills, against a simulator with latency so their reads and writes overlap. The API cannot read skills back, so
the store is the only memory: after they finish every record must agree with what the server holds, and the next
run must converge. Two runs creating the same phone at once: one reports changed, the other finds its work done.
Every process is bounded by a timeout; nothing here measures time.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import pytest

from ansible_collections.ozonetel.cloudagent.plugins.module_utils.ledger import LedgerKey, open_ledger
from ansible_collections.ozonetel.cloudagent.tests.reliability.rel_harness import DEMO_KEY, DEMO_USER
from ansible_collections.ozonetel.cloudagent.tests.unit.redis_server import REDIS_SERVER_MISSING, RedisServer

MODULE = 'ansible_collections.ozonetel.cloudagent.plugins.modules.cloudagent_phone'
PHONES = ['race-%02d' % index for index in range(10)]
SKILLS = [['Sales'], ['Support'], ['Billing', 'General'], ['QA_Skill']]
PROCESS_TIMEOUT = 180
LATENCY_MS = 25

# Waits for the start file (so every process is past Python's start-up when they begin), then runs the module
# the way Ansible does: its arguments in the file named by argv[1].
LAUNCHER = r'''
import os, runpy, sys, time
go = sys.argv.pop(1)
for _ in range(6000):
    if os.path.exists(go):
        break
    time.sleep(0.005)
runpy.run_module(%r, run_name='__main__')
''' % MODULE


def collection_root():
    for entry in sys.path:
        if os.path.isdir(os.path.join(entry, 'ansible_collections', 'ozonetel', 'cloudagent')):
            return entry
    raise AssertionError('the collection is not importable as ansible_collections.ozonetel.cloudagent')


@pytest.fixture(params=['directory', 'redis'])
def store(request, tmp_path):
    if request.param == 'directory':
        yield str(tmp_path / 'ledger')
        return
    if REDIS_SERVER_MISSING:
        pytest.skip(REDIS_SERVER_MISSING)
    with RedisServer(tmp_path / 'redis') as server:
        yield server.url


def run_together(tmp_path, arg_sets):
    """Run one module process per argument set, all released at once; their results in order."""
    go = tmp_path / ('go-%d' % time.monotonic_ns())
    env = {k: v for k, v in os.environ.items() if not k.startswith('CLOUDAGENT_')}
    env.update(PYTHONPATH=collection_root(), HOME=str(tmp_path / 'home'), PYTHONDONTWRITEBYTECODE='1')
    processes = []
    for index, args in enumerate(arg_sets):
        path = tmp_path / ('args-%d-%d.json' % (index, time.monotonic_ns()))
        path.write_text(json.dumps({'ANSIBLE_MODULE_ARGS': args}), encoding='utf-8')
        processes.append(subprocess.Popen([sys.executable, '-c', LAUNCHER, str(go), str(path)], env=env,
                                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
    go.write_text('go', encoding='utf-8')
    results = []
    for process in processes:
        try:
            out, err = process.communicate(timeout=PROCESS_TIMEOUT)
        except subprocess.TimeoutExpired:
            for other in processes:
                other.kill()
            raise
        try:
            results.append(json.loads(out))
        except ValueError:
            raise AssertionError('module printed no JSON result: %r %r' % (out[-2000:], err[-2000:])) from None
    return results


def phone_args(sim, store, skills, names=PHONES, **extra):
    args = {'username': DEMO_USER, 'api_key': DEMO_KEY, 'base_url': sim.base_url, 'ledger': store, 'parallel': 4,
            'phones': [{'name': name, 'number': '98765%05d' % int(name.split('-')[1]), 'skills': skills}
                       for name in names]}
    args.update(extra)
    return args


def server_phones(sim):
    user = next(u for u in sim.state()['users'] if u['userName'] == DEMO_USER)
    return {p['name']: (p['number'], sorted(p['skills'])) for p in user['phones']}


def recorded(sim, store, names=PHONES):
    ledger = open_ledger(store)
    try:
        out = {}
        for name in names:
            record = ledger.get(LedgerKey(sim.base_url, DEMO_USER, 'phone', name))
            desired = (record or {}).get('desired') or {}
            skills = desired.get('skills')
            out[name] = (desired.get('number'), None if skills is None else sorted(skills))
        return out
    finally:
        ledger.close()


def assert_records_agree(sim, store):
    on_server = server_phones(sim)
    records = recorded(sim, store)
    for name in PHONES:
        # None skills would mean "unknown, sent again next time": allowed, but not a wrong set.
        number, skills = records[name]
        assert number == on_server[name][0], (name, records[name], on_server[name])
        assert skills is None or skills == on_server[name][1], (name, records[name], on_server[name])


def add_phones_without_records(sim):
    """The phones exist on the server (made in the UI, say) and the store has no record of them. (They have no
    skills: skills given outside the collection are invisible to every run, concurrent or not.)"""
    state = sim.state()
    user = next(u for u in state['users'] if u['userName'] == DEMO_USER)
    user['phones'] = [{'name': name, 'number': '98765%05d' % int(name.split('-')[1]), 'skills': []}
                      for name in PHONES]
    sim.set_state(state)


@pytest.mark.parametrize('existing', [False, True], ids=['new-phones', 'existing-phones'])
@pytest.mark.parametrize('runs', [2, 4])
def test_concurrent_runs_leave_records_that_agree_with_the_server(sim, store, tmp_path, runs, existing):
    if existing:
        add_phones_without_records(sim)
    sim.set_latency(LATENCY_MS)
    results = run_together(tmp_path, [phone_args(sim, store, SKILLS[index]) for index in range(runs)])
    for result in results:
        assert not result.get('failed'), result.get('msg')
        assert [p['name'] for p in result['phones']] == PHONES
    assert sorted(server_phones(sim)) == PHONES
    assert_records_agree(sim, store)
    # Every phone ends with the skills of one of the runs, and each run's reported view was true when it ran.
    for name, (_number, skills) in server_phones(sim).items():
        assert skills in [sorted(s) for s in SKILLS[:runs]], (name, skills)
    # The next run converges: it makes the phones as asked, and the one after it has nothing to do.
    sim.set_latency(0)
    wanted = SKILLS[0]
    first = run_together(tmp_path, [phone_args(sim, store, wanted)])[0]
    assert not first.get('failed'), first.get('msg')
    assert all(skills == sorted(wanted) for _n, skills in server_phones(sim).values())
    sim.clear_journal()
    again = run_together(tmp_path, [phone_args(sim, store, wanted)])[0]
    assert again['changed'] is False and sim.writes() == []
    assert recorded(sim, store) == {name: server_phones(sim)[name] for name in PHONES}


def test_same_phone_created_by_two_runs_at_once_one_changed_one_ok(sim, store, tmp_path):
    for round_number in range(3):
        sim.reset()
        sim.set_latency(LATENCY_MS)
        name = 'race-%02d' % round_number
        results = run_together(tmp_path, [phone_args(sim, store, ['Sales'], names=[name])] * 2)
        for result in results:
            assert not result.get('failed'), result.get('msg')
        assert sorted(r['changed'] for r in results) == [False, True], [r['phones'] for r in results]
        assert server_phones(sim) == {name: ('98765%05d' % round_number, ['Sales'])}
        assert [entry['body']['action'] for entry in sim.writes()] == ['create']
