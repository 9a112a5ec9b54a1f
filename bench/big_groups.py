# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Block groups of 1,000, 10,000 and 50,000 numbers (issue 20 item 3): time per number must stay flat.

One fresh ansible-playbook per run against the simulator at 0 ms: the create of a group of N numbers in one
task, then the same task again (nothing to change). "Per number" is the create's wall time over N; "marginal"
is the extra time per extra number from the smallest size, which leaves out the fixed cost of starting
ansible-playbook and the module. run.py calls run_big_groups() as a probe of `make bench`; alone:

    .venv/bin/python bench/big_groups.py [--sizes 1000,10000,50000]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
SIZES = (1000, 10000, 50000)


def run_big_groups(runner, sizes=SIZES):
    """{'rows': [{n, create_s, rerun_s, per_number_ms, marginal_ms, requests, verified}], 'ratio': ...}."""
    rows = []
    for n in sizes:
        runner.fresh(0)
        with tempfile.TemporaryDirectory(prefix='ledger-', dir=runner.work) as ledger:
            create = runner.playbook('c_block', n, ledger)
            runner.sim.clear_journal()
            rerun = runner.playbook('d_block', n, ledger)
        rows.append({'n': n, 'create_s': create['wall_s'], 'rerun_s': rerun['wall_s'],
                     'create_cpu_s': create['cpu_s'], 'requests': create['requests']['total'],
                     'rerun_requests': rerun['requests']['total'],
                     'per_number_ms': round(create['wall_s'] * 1000.0 / n, 3),
                     'verified': bool(create['verified'] and rerun['rc'] == 0 and create['rc'] == 0)})
    low = rows[0]
    for row in rows[1:]:
        row['marginal_ms'] = round((row['create_s'] - low['create_s']) * 1000.0 / (row['n'] - low['n']), 3)
    result = {'rows': rows}
    if len(rows) > 1:
        result['per_number_ratio'] = round(rows[-1]['per_number_ms'] / low['per_number_ms'], 2)
    print('bench: big groups %s' % json.dumps(result, sort_keys=True), flush=True)
    return result


def report_lines(data):
    """Markdown lines for docs/performance.md."""
    if not data or not data.get('rows'):
        return []
    lines = ['### Big block groups', '',
             'One group created in one task (`cloudagent_blocklist`, 0 ms latency), then the same task again. Per '
             'number = create wall time / N; marginal = extra time per extra number over the smallest size (no '
             'fixed start-up cost).', '',
             '| N | Create s | Per number ms | Marginal ms | Requests | Rerun s | Rerun requests | Verified |',
             '|---:|---:|---:|---:|---:|---:|---:|---|']
    for row in data['rows']:
        lines.append('| {n:,} | {create_s:.2f} | {per_number_ms:.3f} | {marginal} | {requests} | {rerun_s:.2f} | '
                     '{rerun_requests} | {ok} |'.format(marginal=('%.3f' % row['marginal_ms']) if 'marginal_ms' in row
                                                        else '-', ok='yes' if row['verified'] else '**no**', **row))
    if 'per_number_ratio' in data:
        first, last = data['rows'][0], data['rows'][-1]
        verdict = 'met' if data['per_number_ratio'] <= 1.5 else '**not met**'
        lines += ['', 'Target (issue 20): per-number time of the %s-number create within 1.5x of the %s-number '
                  "create's - %s (%.2fx)." % ('{:,}'.format(last['n']), '{:,}'.format(first['n']), verdict,
                                              data['per_number_ratio'])]
    return lines + ['']


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n', 1)[0])
    parser.add_argument('--sizes', type=lambda s: tuple(int(v) for v in s.split(',')), default=SIZES)
    parser.add_argument('--python', default=sys.executable)
    args = parser.parse_args(argv)
    sys.path.insert(0, HERE)
    import run  # pylint: disable=import-outside-toplevel
    with tempfile.TemporaryDirectory(prefix='cloudagent-bench-') as work:
        runner = run.Runner(run.parse_args(['--python', args.python, '--no-report']), work)
        try:
            data = run_big_groups(runner, args.sizes)
        finally:
            runner.close()
    print('\n'.join(report_lines(data)))
    return 0 if all(row['verified'] for row in data['rows']) else 1


if __name__ == '__main__':
    sys.exit(main())
