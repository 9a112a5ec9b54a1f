# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Killing ansible-playbook during a 1,000-phone bulk task: the module notices, starts no new write, finishes
and records the ones in flight (at most `parallel`), and a rerun converges to all 1,000 phones.

Only the ansible-playbook process is killed (SIGKILL, as an OOM killer or a lost AWX node would); its worker
and the module live on, as they do in real life. On both execution paths: the module process (module path)
or the worker running the engine itself (action path) notices, stops, and exits. The simulator's latency keeps the task mid-way at the kill.
The test waits for events (writes seen, processes gone), bounded, and never asserts a duration.
"""

from __future__ import annotations

import glob
import json
import os
import signal
import subprocess
import sys
import time

import pytest

from ansible_collections.ozonetel.cloudagent.tests.reliability.rel_harness import (
    DEMO_KEY, DEMO_USER, playbook_env, run_playbook)

pytestmark = pytest.mark.skipif(not os.path.isdir('/proc/self'), reason='reads the process tree from /proc')

COUNT, PARALLEL = 1000, 4
PHONES = [{'name': 'Orph%04d' % i, 'number': '98770%05d' % i} for i in range(COUNT)]


def task(sim, ledger):
    return {'name': 'bulk phones', 'ozonetel.cloudagent.cloudagent_phone': {
        'base_url': sim.base_url, 'username': DEMO_USER, 'api_key': DEMO_KEY, 'ledger': ledger,
        'parallel': PARALLEL, 'timeout': 10, 'phones': PHONES}}


def wait_for(condition, what, limit=300.0, step=0.05):
    """Poll condition() until true; fail naming what was awaited if it never happens (a hang, not a slow run)."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(step)
    pytest.fail('never happened: %s' % what)


def processes():
    """{pid: (ppid, argv)} of every process visible in /proc."""
    found = {}
    for path in glob.glob('/proc/[0-9]*'):
        try:
            with open(path + '/stat', encoding='ascii', errors='replace') as handle:
                text = handle.read()
            with open(path + '/cmdline', 'rb') as handle:
                argv = [p.decode('utf-8', 'replace') for p in handle.read().split(b'\0') if p]
        except OSError:
            continue
        fields = text[text.rindex(')') + 2:].split()
        if fields[0] != 'Z':
            found[int(os.path.basename(path))] = (int(fields[1]), argv)
    return found


def descendants(root):
    table = processes()
    result, todo = [], [root]
    while todo:
        parent = todo.pop()
        children = [pid for pid, (ppid, _argv) in table.items() if ppid == parent]
        result.extend(children)
        todo.extend(children)
    return {pid: table[pid][1] for pid in result if pid in table}


def created(sim):
    return {p['name']: p['number'] for u in sim.state()['users'] if u['userName'] == DEMO_USER
            for p in u['phones'] if p['name'].startswith('Orph')}


def threads(pid):
    """Threads of a process; 0 once it is gone."""
    try:
        return len(os.listdir('/proc/%d/task' % pid))
    except OSError:
        return 0


def engine_processes(tree, execution):
    """The processes that run the engine: the module process, or (action path) the worker, a fork of
    ansible-playbook with its command line."""
    if execution == 'module':
        return [pid for pid, argv in tree.items() if any('AnsiballZ_cloudagent_phone' in a for a in argv)]
    return [pid for pid, argv in tree.items() if any(os.path.basename(a) == 'ansible-playbook' for a in argv[:3])]


@pytest.mark.parametrize('execution', ['module', 'action'])
def test_killed_playbook_stops_the_bulk_task_and_the_rerun_converges(sim, tmp_path, execution):
    state = sim.state()
    for user in state['users']:
        if user['userName'] == DEMO_USER:
            user['phoneLimit'] = 5000
    sim.set_state(state)
    sim.set_latency(15, path='/ca_apis/PhoneManageV2')
    ledger = str(tmp_path / 'ledger')
    play = [{'name': 'orphan', 'hosts': 'localhost', 'gather_facts': False,
             'vars': {'ansible_python_interpreter': '{{ ansible_playbook_python }}'}, 'tasks': [task(sim, ledger)]}]
    path = tmp_path / 'playbook.yml'
    path.write_text(json.dumps(play), encoding='utf-8')
    command = [os.path.join(os.path.dirname(sys.executable), 'ansible-playbook'), str(path)]
    main = subprocess.Popen(command, env=playbook_env(tmp_path, {'CLOUDAGENT_EXECUTION': execution}), cwd=str(tmp_path), start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    tree = {}
    try:
        wait_for(lambda: len(sim.writes()) >= 100 or main.poll() is not None, '100 phone creates')
        assert main.poll() is None, 'the task ended before the kill: raise COUNT or the latency'
        tree = descendants(main.pid)
        modules = engine_processes(tree, execution)
        assert modules, 'no %s process below ansible-playbook: %r' % (execution, tree)
        os.kill(main.pid, signal.SIGKILL)
        main.wait()
        at_kill = len(sim.writes())
        if execution == 'module':
            wait_for(lambda: not any(os.path.exists('/proc/%d' % pid) and pid in processes() for pid in modules),
                     'the orphaned module process to exit')
        else:
            # The worker outlives the engine (Ansible's worker then waits, unread, to hand its result to the
            # killed process, as it does on the module path): the engine is done when its threads are.
            wait_for(lambda: all(threads(pid) <= 1 for pid in modules), "the engine's threads in the worker to end")
        after_kill = len(sim.writes()) - at_kill
    finally:
        # The worker ansible-playbook leaves behind runs in a session of its own: end it (and anything else of
        # the tree that is still there) by pid, checking first that the pid is still that process.
        if main.poll() is None:
            main.kill()
            main.wait()
        alive = processes()
        for pid, argv in tree.items():
            if pid in alive and alive[pid][1] == argv:
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
    assert after_kill <= PARALLEL, '%d writes after the kill (at most %d were in flight)' % (after_kill, PARALLEL)
    first = created(sim)
    print('killed after %d writes; %d writes after the kill (parallel %d); %d of %d phones created'
          % (at_kill, after_kill, PARALLEL, len(first), COUNT))
    assert 100 <= len(first) < COUNT, len(first)
    # Everything the server created was recorded: the ledger has a record per created phone.
    records = glob.glob(os.path.join(ledger, '*', 'phone', '*.json'))
    assert len(records) == len(first), (len(records), len(first))

    sim.set_latency(0, path='/ca_apis/PhoneManageV2')
    sim.clear_journal()
    rerun = run_playbook(tmp_path, [task(sim, ledger)], timeout=600)
    assert rerun.results and rerun.results[0].get('failed') is not True, rerun.stdout[-3000:]
    assert created(sim) == {p['name']: p['number'] for p in PHONES}
    assert len(sim.writes()) == COUNT - len(first)  # only what was missing; nothing created twice
