# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A module process killed (SIGKILL) in the middle of a 2,000-number block group, then a rerun (issue 15 item 4).

The simulator's latency on updateBlockNumbers paces the group's 20 requests, so the kill lands after some
chunks and before the last: the test waits for requests in the journal, never for time. The rerun must
converge in one run, leave a record equal to the server's group, and never call the dead run's own
unconfirmed writes "changed outside this collection".
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

from ansible.module_utils.common import warnings as ansible_warnings

from ansible_collections.ozonetel.cloudagent.plugins.module_utils.ledger import LedgerKey, open_ledger
from ansible_collections.ozonetel.cloudagent.plugins.modules import cloudagent_blocklist
from ansible_collections.ozonetel.cloudagent.tests.reliability.rel_harness import DEMO_USER, connection, run_module

MODULE = 'ansible_collections.ozonetel.cloudagent.plugins.modules.cloudagent_blocklist'
UPDATE = '/ca_apis/updateBlockNumbers'
KILL_AFTER = 8  # block requests seen in the journal (1 create + 7 updates) of 20
POLL_LIMIT = 3000  # polls of the journal, 10 ms apart: a bound on a stuck run, not a timing assertion


def numbers(count):
    return ['+91%010d' % (9000000000 + i) for i in range(count)]


def block_requests(sim):
    return [e for e in sim.journal() if '/ca_apis/' in e['path'] and 'BlockNumber' in e['path']]


def start_module(tmp_path, args):
    """The module in its own Python process, the way Ansible runs it (arguments from a file)."""
    args_file = tmp_path / 'args.json'
    args_file.write_text(json.dumps({'ANSIBLE_MODULE_ARGS': args}), encoding='utf-8')
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p))
    return subprocess.Popen([sys.executable, '-m', MODULE, str(args_file)], env=env,  # noqa: S603
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def wait_for_requests(sim, process, count):
    for _poll in range(POLL_LIMIT):
        seen = len(block_requests(sim))
        if seen >= count or process.poll() is not None:
            return seen
        time.sleep(0.01)
    return len(block_requests(sim))


def kill_midway(sim, process):
    """Kill once KILL_AFTER requests landed and the next one is applied with its answer held back (the
    worst moment: the server has it, the record cannot)."""
    seen = wait_for_requests(sim, process, KILL_AFTER)
    sim.set_faults([{'path': UPDATE, 'kind': 'timeout', 'delay': 30}])
    seen = wait_for_requests(sim, process, seen + 1)
    assert process.poll() is None, 'the module finished before it could be killed (%d requests)' % seen
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    return seen


def texts(result):
    return [w if isinstance(w, str) else w['event']['msg'] for w in result.get('warnings', [])]


def test_kill_in_the_middle_of_a_2000_number_group_then_one_rerun_converges(sim, ledger_dir, tmp_path, capsys):
    wanted = numbers(2000)
    args = dict(connection(sim, ledger_dir), name='Crash', description='Killed midway', expiry='2030-12-31 23:59:59',
                numbers=wanted)
    sim.set_latency(150, UPDATE)
    process = start_module(tmp_path, args)
    seen = kill_midway(sim, process)
    sim.set_latency(0, UPDATE)
    sim.set_faults([])
    key = LedgerKey(sim.base_url, DEMO_USER, 'blocklist', 'Crash')
    record = open_ledger(str(ledger_dir)).get(key)
    group = next(g for g in sim.state()['users'][0]['blockGroups'] if g['name'] == 'Crash')
    # What the dead run left: the confirmed chunks, and the rest as sent-but-unconfirmed, never lost.
    assert KILL_AFTER <= seen < 20 and 0 < len(record['desired']['numbers']) < 2000
    assert set(record['desired']['numbers']) <= set(group['numbers'])
    assert set(record['desired']['numbers']) | set(record['server']['pending_add']) == set(wanted)
    assert record['server']['id'] == group['id'] and 'creating' not in record['server']

    sim.clear_journal()
    ansible_warnings._global_warnings.clear()  # pylint: disable=protected-access
    rerun = run_module(capsys, cloudagent_blocklist, args, failed=False)
    assert rerun['changed'] is True
    assert not [w for w in texts(rerun) if 'outside this collection' in w or 'already existed' in w], texts(rerun)
    assert [e['path'] for e in block_requests(sim)] == [UPDATE] * len(block_requests(sim))  # never a second create
    group = next(g for g in sim.state()['users'][0]['blockGroups'] if g['name'] == 'Crash')
    record = open_ledger(str(ledger_dir)).get(key)
    assert sorted(group['numbers']) == wanted and record['desired']['numbers'] == wanted
    assert record['server'] == {'id': group['id']}

    sim.clear_journal()
    again = run_module(capsys, cloudagent_blocklist, args, failed=False)
    assert again['changed'] is False and block_requests(sim) == []


def test_kill_before_the_create_answer_then_the_rerun_probes_and_never_creates_twice(sim, ledger_dir, tmp_path, capsys):
    """A create that landed but whose answer the killed run never read: the intent says the group is ours."""
    wanted = numbers(150)
    args = dict(connection(sim, ledger_dir), name='Lost', description='Answer lost', expiry='2030-12-31 23:59:59',
                numbers=wanted)
    sim.set_faults([{'path': '/ca_apis/createBlockNumber', 'kind': 'timeout', 'delay': 30}])
    process = start_module(tmp_path, args)
    for _poll in range(POLL_LIMIT):
        if block_requests(sim) or process.poll() is not None:
            break
        time.sleep(0.01)
    key = LedgerKey(sim.base_url, DEMO_USER, 'blocklist', 'Lost')
    for _poll in range(POLL_LIMIT):  # the create is applied before its answer is held back
        if any(g['name'] == 'Lost' for g in sim.state()['users'][0]['blockGroups']):
            break
        time.sleep(0.01)
    assert process.poll() is None
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    sim.set_faults([])
    assert open_ledger(str(ledger_dir)).get(key)['server']['creating'] is True

    sim.clear_journal()
    ansible_warnings._global_warnings.clear()  # pylint: disable=protected-access
    rerun = run_module(capsys, cloudagent_blocklist, args, failed=False)
    assert [e['path'] for e in block_requests(sim)] == [UPDATE, UPDATE]  # probe by update: the group is ours
    assert not [w for w in texts(rerun) if 'already existed' in w or 'outside this collection' in w], texts(rerun)
    groups = [g for g in sim.state()['users'][0]['blockGroups'] if g['name'] == 'Lost']
    record = open_ledger(str(ledger_dir)).get(key)
    assert len(groups) == 1 and sorted(groups[0]['numbers']) == wanted
    assert record['desired']['numbers'] == wanted and record['server'] == {'id': groups[0]['id']}
    assert rerun['blocklist']['complete'] is True
