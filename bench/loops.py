# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The loop form (issue 20 items 1 and 5): what one looped phone costs on each execution path.

Rows, each one fresh ansible-playbook per run against the simulator at 0 ms, new phones every run:

    uri     the uri loop teams write today (bench/playbooks/baseline_phones.yml: a get and a create per phone)
    module  cloudagent_phone in a loop on the module path (CLOUDAGENT_EXECUTION=module: a module process per item)
    action  cloudagent_phone in a loop on the default path (the action plugin runs the engine in the worker)
    debug   ansible.builtin.debug in a loop: Ansible's own floor for a looped task (no module process)

Each row also runs its playbook with an empty list: "per item" is (wall(N) - wall(empty)) / N, the cost of
one item without the fixed cost of starting ansible-playbook; wall/N is shown as well. Medians of `runs`
runs (at least 3 for the action and debug rows and the empty lists). run.py calls run_loops() after the
scenarios of `make bench` (the `loops` probe); alone:

    .venv/bin/python bench/loops.py [--sizes 50,100,500] [--rows uri,module,action,debug] [--runs 1]

The uri row is the slowest (about 0.7 s per phone): by default it runs at the sizes up to 100 only
(--uri-sizes to change).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time

from timed import run_logged

HERE = os.path.dirname(os.path.abspath(__file__))
SIZES = (50, 100, 500)
URI_SIZES = (50, 100)
ROWS = {
    'uri': {'label': 'uri loop (get + create per phone)', 'playbook': 'baseline_phones.yml', 'env': {}},
    'module': {'label': 'cloudagent_phone loop, module path', 'playbook': 'phone_loop.yml',
               'env': {'CLOUDAGENT_EXECUTION': 'module'}},
    'action': {'label': 'cloudagent_phone loop, action path (default)', 'playbook': 'phone_loop.yml',
               'env': {'CLOUDAGENT_EXECUTION': 'action'}},
    'debug': {'label': 'debug loop (floor)', 'playbook': 'debug_loop.yml', 'env': {}},
}
ORDER = ('uri', 'module', 'action', 'debug')
CHEAP = ('action', 'debug')
RUN_TIMEOUT = 1800


def _phones(n):
    """The bench's phones (run.phones), kept here so the loop rows need nothing else from run.py."""
    return [{'name': 'bench%05d' % i, 'number': '98%08d' % i} for i in range(1, n + 1)]


def _one(runner, row, n):
    """One measured run: wall s, rc, max RSS of the process tree, requests, phones on the simulator."""
    runner.fresh(0)
    with tempfile.TemporaryDirectory(prefix='loop-', dir=runner.work) as work:
        vars_file = os.path.join(work, 'vars.json')
        with open(vars_file, 'w', encoding='utf-8') as handle:
            json.dump({'phones': _phones(n)}, handle)
        env = runner.env(os.path.join(work, 'ledger'))
        env.pop('CLOUDAGENT_EXECUTION', None)
        env.update(ROWS[row]['env'])
        cmd = [runner.playbook_bin, os.path.join(HERE, 'playbooks', ROWS[row]['playbook']), '-e', '@' + vars_file]
        log_path = os.path.join(runner.logs, 'loop-%s-n%d-%d.log' % (row, n, time.time_ns()))
        wall, status, usage = run_logged(cmd, log_path, env, work, RUN_TIMEOUT)
    user = next(u for u in runner.sim.state()['users'] if u['userName'] == 'demo_user')
    made = len(user['phones'])
    rc = os.waitstatus_to_exitcode(status)
    return {'wall_s': round(wall, 3), 'rc': rc, 'maxrss_kb': usage.ru_maxrss,
            'cpu_s': round(usage.ru_utime + usage.ru_stime, 3), 'requests': len(runner.sim.journal()),
            'verified': rc == 0 and made == (0 if row == 'debug' else n), 'log': log_path}


def run_loops(runner, sizes=SIZES, rows=ORDER, runs=1, uri_sizes=URI_SIZES):
    """{'rows': [{row, label, n, wall_s, walls, empty_s, per_item_ms, wall_per_item_ms, ...}], 'ratios': {...}}."""
    out = []
    for row in rows:
        row_sizes = [n for n in sizes if row != 'uri' or n in uri_sizes]
        if not row_sizes:
            continue
        # The cheap rows and the empty-list runs (about 1 s each) get 3 runs: their noise is a large part of a
        # per-item time of a few milliseconds.
        cheap = max(runs, 3)
        empty = statistics.median(_one(runner, row, 0)['wall_s'] for _run in range(cheap))
        for n in row_sizes:
            results = [_one(runner, row, n) for _run in range(cheap if row in CHEAP else runs)]
            wall = statistics.median(r['wall_s'] for r in results)
            line = {'row': row, 'label': ROWS[row]['label'], 'n': n, 'runs': len(results), 'wall_s': round(wall, 3),
                    'walls': [r['wall_s'] for r in results], 'empty_s': round(empty, 3),
                    'per_item_ms': round((wall - empty) * 1000.0 / n, 1), 'wall_per_item_ms': round(wall * 1000.0 / n, 1),
                    'cpu_s': statistics.median(r['cpu_s'] for r in results),
                    'maxrss_mb': max(r['maxrss_kb'] for r in results) // 1024,
                    'requests': results[-1]['requests'], 'verified': all(r['verified'] for r in results)}
            print('bench: loop %-6s N=%-4d %7.2f s (empty %.2f s)  per item %6.1f ms  rss %d MB  requests %d%s' % (
                row, n, wall, empty, line['per_item_ms'], line['maxrss_mb'], line['requests'],
                '' if line['verified'] else '  FAILED (see %s)' % results[-1]['log']), flush=True)
            out.append(line)
    return {'rows': out, 'ratios': ratios(out)}


def _per_item(rows, row, n):
    return next((r['per_item_ms'] for r in rows if r['row'] == row and r['n'] == n), None)


def ratios(rows):
    """Per size: module/action (the halving rule), action/debug (within 3x), uri/action (at least 10x)."""
    found = {}
    for n in sorted({r['n'] for r in rows}):
        cell = {}
        action = _per_item(rows, 'action', n)
        for name, num, den in (('module_over_action', 'module', 'action'), ('action_over_debug', 'action', 'debug'),
                               ('uri_over_action', 'uri', 'action')):
            top, bottom = _per_item(rows, num, n), _per_item(rows, den, n)
            if top is not None and bottom:
                cell[name] = round(top / bottom, 1)
        if action is not None and cell:
            found[str(n)] = cell
    return found


def report_lines(data):
    """Markdown lines for docs/performance.md."""
    if not data or not data.get('rows'):
        return []
    lines = ['### Loops (one phone per task run)', '',
             'New phones each run, 0 ms latency, one fresh `ansible-playbook` per run. Per item = (wall of N items - '
             'wall of the same playbook with an empty list) / N: the cost of one more item, without the playbook\'s '
             'start-up; wall / N includes it. Peak RSS is the largest process of the tree (`wait4`).', '',
             '| Loop | N | Wall s | Empty list s | Per item ms | Wall / N ms | Requests | Peak RSS MB | Verified |',
             '|---|---:|---:|---:|---:|---:|---:|---:|---|']
    for row in data['rows']:
        lines.append('| {label} | {n} | {wall_s:.2f} | {empty_s:.2f} | {per_item_ms:.1f} | {wall_per_item_ms:.1f} | '
                     '{requests} | {maxrss_mb} | {ok} |'.format(ok='yes' if row['verified'] else '**no**', **row))
    lines += ['', '| N | module path / action path | action path / debug | uri / action path |', '|---:|---:|---:|---:|']
    for n, cell in sorted(data.get('ratios', {}).items(), key=lambda kv: int(kv[0])):
        lines.append('| %s | %s | %s | %s |' % (n, *('%.1fx' % cell[k] if k in cell else '-' for k in (
            'module_over_action', 'action_over_debug', 'uri_over_action'))))
    cell = data.get('ratios', {}).get('100')
    if cell and 'action_over_debug' in cell and 'uri_over_action' in cell:
        met = cell['action_over_debug'] <= 3 and cell['uri_over_action'] >= 10
        lines += ['', 'Target (issue 20): a loop of 100 phones on the default path within 3x of the debug loop\'s per-item '
                  'time (%.1fx) and at least 10x faster than the uri loop (%.1fx) - %s.' % (
                      cell['action_over_debug'], cell['uri_over_action'], 'met' if met else '**not met**')]
    return lines + ['']


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n', 1)[0])
    parser.add_argument('--sizes', type=lambda s: tuple(int(v) for v in s.split(',')), default=SIZES)
    parser.add_argument('--uri-sizes', type=lambda s: tuple(int(v) for v in s.split(',')), default=URI_SIZES)
    parser.add_argument('--rows', type=lambda s: tuple(s.split(',')), default=ORDER)
    parser.add_argument('--runs', type=int, default=1)
    parser.add_argument('--python', default=sys.executable)
    parser.add_argument('--json', help='also write the rows to this file')
    args = parser.parse_args(argv)
    sys.path.insert(0, HERE)
    import run  # pylint: disable=import-outside-toplevel
    with tempfile.TemporaryDirectory(prefix='cloudagent-bench-') as work:
        runner = run.Runner(run.parse_args(['--python', args.python, '--no-report']), work)
        try:
            data = run_loops(runner, args.sizes, args.rows, args.runs, args.uri_sizes)
        finally:
            runner.close()
    if args.json:
        with open(args.json, 'w', encoding='utf-8') as handle:
            json.dump(data, handle, indent=1)
    print('\n'.join(report_lines(data)))
    return 0 if all(row['verified'] for row in data['rows']) else 1


if __name__ == '__main__':
    sys.exit(main())
