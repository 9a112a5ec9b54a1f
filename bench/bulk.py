# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The 5,000-item rows and the parallel curve (issue 20 items 2, 4 and 5).

Rows (each a fresh ansible-playbook against the simulator, as run.py measures them):

- check5k: `--check` of 5,000 phones the simulator already holds, 500 of them with a new number (so 5,500
  reads: a get by name per phone, and a get of the number's holder per renumbered phone), at 0 ms latency.
  Run with this checkout's collection and, in the same bench run, with the collection of a baseline commit
  (BASELINE below, the commit before the per-item CPU work) copied into a temporary tree, so "before" and
  "after" share the simulator, the machine and its load.
- create5k / rerun5k: 5,000 new phones in one task, then the same task again (nothing to change).
- curve: `parallel` 1, 4, 8, 16, 32 at 30 ms simulated latency: 1,000 creates, then the 1,000-phone rerun.

Client CPU: the CPU time (user + system, from wait4) of the whole ansible-playbook process tree - the
controller, its worker and the module process; the simulator runs in this bench process and is not in it.
Per read = (CPU of the run - CPU of the same playbook with an empty phone list) / reads: the fixed cost of
starting Ansible and the module is left out, everything that grows with the items (requests, planning,
results, Ansible's handling of the result) is in.

    .venv/bin/python bench/bulk.py [--rows check5k,create5k,curve] [--runs 3]

run.py runs these rows in `make bench` (its --bulk option) and report.py renders them.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
# The last commit before the per-item CPU work of issue 20 (the "today" of its acceptance).
BASELINE = '37d210c'
CHECK_N = 5000
RENUMBERED = 500          # phones of the check whose number changes: one extra (holder) read each
CURVE = (1, 4, 8, 16, 32)
CURVE_N = 1000
CURVE_LATENCY_MS = 30

_PLAYBOOK = """---
- name: Phones - cloudagent_phone bulk form
  hosts: localhost
  gather_facts: false
  vars:
    ansible_python_interpreter: "{{ ansible_playbook_python }}"
  tasks:
    - name: All phones in one task
      ozonetel.cloudagent.cloudagent_phone:
        phones: "{{ phones }}"
        parallel: "{{ bench_parallel }}"
"""


def phones(n, renumbered=0):
    """N phones bench00001...; the first `renumbered` of them with a number no phone holds yet."""
    found = [{'name': 'bench%05d' % i, 'number': '98%08d' % i} for i in range(1, n + 1)]
    for phone in found[:renumbered]:
        phone['number'] = '97' + phone['number'][2:]
    return found


def roomy(runner, n):
    """The simulator back to its fixture, with room for n phones more than the account's phone limit allows."""
    state = runner.sim.state()
    for user in state['users']:
        user['phoneLimit'] = max(int(user.get('phoneLimit') or 0), n + len(user.get('phones') or []) + 100)
    runner.sim.set_state(state)


def collection_at(commit, work):
    """A collections path holding ozonetel.cloudagent as it was at commit (git archive: read-only git)."""
    root = os.path.join(work, 'baseline-%s' % commit)
    target = os.path.join(root, 'ansible_collections', 'ozonetel', 'cloudagent')
    if not os.path.isdir(target):
        os.makedirs(target)
        archive = subprocess.run(['git', '-C', ROOT, 'archive', commit, 'plugins', 'meta', 'galaxy.yml'],
                                 capture_output=True, check=True).stdout
        subprocess.run(['tar', '-x', '-C', target], input=archive, check=True)
    return root


class BulkRun:  # pylint: disable=too-few-public-methods
    """One measured ansible-playbook run of the bulk playbook (run.py's Runner holds simulator and env)."""

    def __init__(self, runner):
        self.runner = runner
        self.playbook = os.path.join(runner.work, 'bulk.yml')
        with open(self.playbook, 'w', encoding='utf-8') as handle:
            handle.write(_PLAYBOOK)
        self.seq = 0

    def __call__(self, items, ledger, parallel=4, check=False, collections=None):
        runner = self.runner
        self.seq += 1
        vars_file = os.path.join(runner.work, 'bulk-vars-%d.json' % self.seq)
        with open(vars_file, 'w', encoding='utf-8') as handle:
            json.dump({'phones': items, 'bench_parallel': parallel}, handle)
        cmd = [runner.playbook_bin, self.playbook, '-e', '@' + vars_file] + (['--check'] if check else [])
        env = runner.env(ledger)
        if collections:
            env['ANSIBLE_COLLECTIONS_PATH'] = collections
        log_path = os.path.join(runner.logs, 'bulk-%04d.log' % self.seq)
        runner.sim.clear_journal()
        started = time.perf_counter()
        with open(log_path, 'wb') as log:
            proc = subprocess.Popen(  # pylint: disable=consider-using-with
                cmd, stdout=log, stderr=subprocess.STDOUT, env=env, cwd=runner.work, start_new_session=True)
            timer = threading.Timer(1800, lambda: os.killpg(proc.pid, signal.SIGKILL))
            timer.start()
            try:
                _pid, status, usage = os.wait4(proc.pid, 0)
            finally:
                timer.cancel()
        wall = time.perf_counter() - started
        os.remove(vars_file)
        counts = {'read': 0, 'write': 0, 'token': 0}
        for entry in runner.sim.journal():
            counts[entry['kind']] = counts.get(entry['kind'], 0) + 1
        return {'wall_s': round(wall, 3), 'cpu_s': round(usage.ru_utime + usage.ru_stime, 3),
                'rc': os.waitstatus_to_exitcode(status), 'requests': counts, 'maxrss_kb': usage.ru_maxrss,
                'log': log_path}


def _median(runs, key):
    return round(statistics.median(r[key] for r in runs), 3)


def _summary(runs, empties):
    """Medians of one row's runs; per-item CPU with the empty run's CPU taken off."""
    last = runs[-1]
    per_request = [(r['cpu_s'] - e['cpu_s']) * 1000.0 / max(1, r['requests']['read'] + r['requests']['write'])
                   for r, e in zip(runs, empties)]
    per_read = [(r['cpu_s'] - e['cpu_s']) * 1000.0 / max(1, r['requests']['read']) for r, e in zip(runs, empties)]
    return {'requests': last['requests'], 'wall_s': _median(runs, 'wall_s'), 'walls': [r['wall_s'] for r in runs],
            'cpu_s': _median(runs, 'cpu_s'), 'empty_cpu_s': _median(empties, 'cpu_s'),
            'cpu_per_request_ms': round(statistics.median(per_request), 3),
            'cpu_per_read_ms': round(statistics.median(per_read), 3),
            'maxrss_kb': max(r['maxrss_kb'] for r in runs), 'ok': all(r['ok'] for r in runs)}


def big_rows(runner, runs=3, baseline=BASELINE, n=CHECK_N):
    """create, rerun and check of N phones at 0 ms, with this checkout and the baseline commit, interleaved.

    The check follows the create and the rerun (the store holds a record per phone, as it would for a team
    checking a change), and renumbers RENUMBERED phones (N + RENUMBERED reads, nothing written)."""
    bulk = BulkRun(runner)
    sides = {'current': None}
    if baseline:
        sides['baseline'] = collection_at(baseline, runner.work)
    raw = {(side, row): [] for side in sides for row in ('create', 'rerun', 'check', 'empty')}
    for _rep in range(runs):
        for side, collections in sides.items():
            runner.fresh(0)
            roomy(runner, n)
            with tempfile.TemporaryDirectory(prefix='ledger-', dir=runner.work) as ledger:
                steps = (('empty', [], False), ('create', phones(n), False), ('rerun', phones(n), False),
                         ('check', phones(n, RENUMBERED), True))
                for row, items, check in steps:
                    result = bulk(items, ledger, check=check, collections=collections)
                    expect_writes = n if row == 'create' else 0
                    result['ok'] = result['rc'] == 0 and result['requests']['write'] == expect_writes
                    raw[(side, row)].append(result)
                    print('bench: %5d %-6s %-8s %7.2f s  cpu %6.2f s  requests %s%s' % (
                        n, row, side, result['wall_s'], result['cpu_s'],
                        '/'.join(str(result['requests'][k]) for k in ('read', 'write', 'token')),
                        '' if result['ok'] else '  FAILED (see %s)' % result['log']), flush=True)
    rows = {side: {row: _summary(raw[(side, row)], raw[(side, 'empty')]) for row in ('create', 'rerun', 'check')}
            for side in sides}
    result = {'n': n, 'renumbered': RENUMBERED, 'runs': runs, 'baseline': baseline, 'rows': rows}
    if 'baseline' in rows:
        result['ratios'] = {row: {'wall': round(rows['baseline'][row]['wall_s'] / rows['current'][row]['wall_s'], 2),
                                  'cpu_per_request': round(rows['baseline'][row]['cpu_per_request_ms']
                                                           / rows['current'][row]['cpu_per_request_ms'], 2)}
                            for row in ('create', 'rerun', 'check')}
    return result


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n', 1)[0])
    parser.add_argument('--rows', type=lambda s: s.split(','), default=['big'])
    parser.add_argument('--n', type=int, default=CHECK_N)
    parser.add_argument('--runs', type=int, default=3)
    parser.add_argument('--baseline', default=BASELINE, help='commit of "before" ("" for none)')
    parser.add_argument('--python', default=sys.executable)
    args = parser.parse_args(argv)
    sys.path.insert(0, HERE)
    import run  # pylint: disable=import-outside-toplevel
    results = {}
    with tempfile.TemporaryDirectory(prefix='cloudagent-bench-') as work:
        runner = run.Runner(run.parse_args(['--python', args.python, '--no-report']), work)
        try:
            if 'big' in args.rows:
                results['big'] = big_rows(runner, args.runs, args.baseline, args.n)
        finally:
            runner.close()
    print(json.dumps(results, indent=1, sort_keys=True))
    return 0


if __name__ == '__main__':
    sys.exit(main())
