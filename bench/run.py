# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Provisioning benchmark: ozonetel.cloudagent modules against the uri-loop playbooks teams write today.

Runs every scenario against the in-process CloudAgent simulator (tests/simulator) at each latency and
size, one fresh ansible-playbook process per run, and measures wall time, HTTP requests by kind (the
simulator journal), TCP connections (accepted by the simulator) and peak memory (max RSS of the
ansible-playbook process tree, from wait4). Writes bench/results/<stamp>.json and, unless --no-report,
docs/performance.md (between its generated markers) and docs/performance.png.

    python bench/run.py                 full run: N = 10, 100, 1000 at 0 and 30 ms
    python bench/run.py --quick         N = 10, 100, one run each (BENCH_QUICK=1 does the same)
    python bench/run.py --bulk-only     only the 5,000-phone rows and the parallel curve (bench/bulk.py),
                                        added to bench/results/latest.json and the report

Scenarios:
    a_phone   baseline: ansible.builtin.uri loop, phone get then create per phone
    a_block   baseline: ansible.builtin.uri, createBlockNumber then a loop of updateBlockNumbers per 100
    b_phone   cloudagent_phone in a loop, one phone per task run
    c_phone   cloudagent_phone bulk form (phones:), all phones in one task
    d_phone   c_phone again, nothing to change
    e_phone   every phone of c_phone renamed in one bulk task (each rename read back by its new name)
    c_block   cloudagent_blocklist, one group with N numbers
    d_block   c_block again, nothing to change
"""

from __future__ import annotations

import argparse
import datetime
import json
import math
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, 'tests', 'simulator'))

# pylint: disable=wrong-import-position
from cloudagent_sim import server as sim_server  # noqa: E402
from cloudagent_sim.simulator import Simulator  # noqa: E402
from timed import run_logged  # noqa: E402

USERNAME = 'demo_user'
API_KEY = 'KKdemo00000000000000000000000001'
GROUP = 'bench_group'
DESCRIPTION = 'benchmark group'
EXPIRY = '2030-12-31 23:59:59'
PARALLEL = 4            # cloudagent_* bulk `parallel`, the engine's default (engine.BULK_ARGSPEC)
PER_REQUEST_LIMIT = 100  # numbers per block request (API limit)
RUN_TIMEOUT = 1800       # seconds for one ansible-playbook run

SCENARIOS = {
    'a_phone': {'resource': 'phone', 'label': '(a) uri loop: get + create', 'playbook': 'baseline_phones.yml',
                'module': None, 'slow': True},
    'b_phone': {'resource': 'phone', 'label': '(b) cloudagent_phone in a loop', 'playbook': 'phone_loop.yml',
                'module': 'cloudagent_phone', 'slow': True},
    'c_phone': {'resource': 'phone', 'label': '(c) cloudagent_phone bulk', 'playbook': 'phone_bulk.yml',
                'module': 'cloudagent_phone', 'rerun': ('d_phone', 'e_phone')},
    'd_phone': {'resource': 'phone', 'label': '(d) bulk rerun, nothing to change', 'playbook': 'phone_bulk.yml',
                'module': 'cloudagent_phone', 'after': 'c_phone'},
    'e_phone': {'resource': 'phone', 'label': '(e) bulk rename, read back', 'playbook': 'phone_rename.yml',
                'module': 'cloudagent_phone', 'after': 'c_phone'},
    'a_block': {'resource': 'block', 'label': '(a) uri loop over chunks of 100', 'playbook': 'baseline_blocklist.yml',
                'module': None},
    'c_block': {'resource': 'block', 'label': '(c) cloudagent_blocklist', 'playbook': 'blocklist.yml',
                'module': 'cloudagent_blocklist', 'rerun': 'd_block'},
    'd_block': {'resource': 'block', 'label': '(d) blocklist rerun, nothing to change', 'playbook': 'blocklist.yml',
                'module': 'cloudagent_blocklist', 'after': 'c_block'},
}
ORDER = ['a_phone', 'b_phone', 'c_phone', 'd_phone', 'e_phone', 'a_block', 'c_block', 'd_block']


# ---- simulator with a TCP connection counter ------------------------------------------------------

class ConnectionCounter:  # pylint: disable=too-few-public-methods
    """Counts TCP connections the simulator accepts (wraps SimServer.get_request once per process)."""

    def __init__(self):
        self._lock = threading.Lock()
        self._count = 0
        original = sim_server.SimServer.get_request
        counter = self

        def get_request(server):
            """SimServer.get_request, counted."""
            accepted = original(server)
            with counter._lock:  # pylint: disable=protected-access
                counter._count += 1  # pylint: disable=protected-access
            return accepted
        sim_server.SimServer.get_request = get_request

    def take(self):
        """Connections accepted since the last take()."""
        with self._lock:
            count, self._count = self._count, 0
        return count


# ---- inputs ---------------------------------------------------------------------------------------

def phones(n):
    """N phones with distinct names and numbers."""
    return [{'name': 'bench%05d' % i, 'number': '98%08d' % i} for i in range(1, n + 1)]


def renamed(n):
    """The phones of phones(n), each renamed (rename_from) and keeping its number."""
    return [{'name': 'benchr%05d' % i, 'rename_from': 'bench%05d' % i, 'number': '98%08d' % i} for i in range(1, n + 1)]


def block_numbers(n):
    """N block numbers in the form the server stores them."""
    return ['+9197%08d' % i for i in range(1, n + 1)]


def minimum(scenario, n):
    """The fewest requests the API allows for the scenario's change (see docs/performance.md)."""
    resource = SCENARIOS[scenario]['resource']
    first = not scenario.startswith('d_')
    if scenario == 'e_phone':
        # A get by the new name (absent), one by the old name, the edit, and the read-back of the new name.
        return {'read': 3 * n, 'write': n, 'token': 0}
    if resource == 'phone':
        # No list or bulk read exists: one get per phone; one create per new phone; BASIC_AUTH: no token. The
        # modules read every create back (issue 14: a create is confirmed by a get), the uri loop does not.
        confirm = n if first and SCENARIOS[scenario]['module'] else 0
        return {'read': n + confirm, 'write': n if first else 0, 'token': 0}
    # A group cannot be read back; the known-state store replaces the read. 100 numbers per write.
    return {'read': 0, 'write': math.ceil(n / PER_REQUEST_LIMIT) if first else 0, 'token': 0}


# ---- one ansible-playbook run --------------------------------------------------------------------

class Runner:  # pylint: disable=too-many-instance-attributes
    """The simulator, the collections path and one ansible-playbook run at a time."""

    def __init__(self, args, work):
        self.args = args
        self.work = work
        self.python = args.python
        self.playbook_bin = os.path.join(os.path.dirname(self.python), 'ansible-playbook')
        self.collections = os.path.join(work, 'collections')
        link_dir = os.path.join(self.collections, 'ansible_collections', 'ozonetel')
        os.makedirs(link_dir, exist_ok=True)
        os.symlink(ROOT, os.path.join(link_dir, 'cloudagent'))
        self.counter = ConnectionCounter()
        self.sim = Simulator(latency_ms=0).start()
        self.logs = os.path.join(work, 'logs')
        os.makedirs(self.logs)
        self.seq = 0

    def close(self):
        """Stop the simulator."""
        self.sim.stop()

    def env(self, ledger):
        """Environment of one ansible-playbook run."""
        env = dict(os.environ)
        for name in ('ANSIBLE_PYTHON_INTERPRETER', 'PYTHONPATH'):
            env.pop(name, None)
        env.update({
            'ANSIBLE_COLLECTIONS_PATH': self.collections,
            'ANSIBLE_LOCALHOST_WARNING': 'false',
            'ANSIBLE_INVENTORY_UNPARSED_WARNING': 'false',
            'ANSIBLE_NOCOLOR': '1',
            'ANSIBLE_RETRY_FILES_ENABLED': 'false',
            'CLOUDAGENT_BASE_URL': self.sim.base_url,
            'CLOUDAGENT_USERNAME': USERNAME,
            'CLOUDAGENT_API_KEY': API_KEY,
            'CLOUDAGENT_LEDGER': ledger,
        })
        return env

    def fresh(self, latency_ms):
        """Simulator back to the fixture, latency set, journal and connection count at zero."""
        self.sim.reset()
        self.sim.set_latency(latency_ms)
        self.sim.clear_journal()
        self.counter.take()

    def playbook(self, scenario, n, ledger):  # pylint: disable=too-many-locals
        """One measured ansible-playbook run of the scenario's playbook."""
        self.seq += 1
        vars_file = os.path.join(self.work, 'vars-%d.json' % self.seq)
        with open(vars_file, 'w', encoding='utf-8') as handle:
            # Only the scenario's own list: Ansible parses every extra var, and 50,000 unused items cost seconds.
            block = SCENARIOS[scenario]['resource'] == 'block'
            json.dump({'phones': [] if block else phones(n), 'renamed': [] if block else renamed(n),
                       'numbers': block_numbers(n) if block else [], 'group': GROUP,
                       'description': DESCRIPTION, 'expiry': EXPIRY, 'bench_parallel': PARALLEL}, handle)
        cmd = [self.playbook_bin, os.path.join(HERE, 'playbooks', SCENARIOS[scenario]['playbook']), '-e', '@' + vars_file]
        log_path = os.path.join(self.logs, '%04d-%s-n%d.log' % (self.seq, scenario, n))
        load = os.getloadavg()[0]
        wall, status, usage = run_logged(cmd, log_path, self.env(ledger), self.work, RUN_TIMEOUT)
        returncode = os.waitstatus_to_exitcode(status)
        os.remove(vars_file)
        journal = self.sim.journal()
        counts = {'read': 0, 'write': 0, 'token': 0}
        outcomes = {}
        for entry in journal:
            counts[entry['kind']] = counts.get(entry['kind'], 0) + 1
            outcomes[entry.get('outcome')] = outcomes.get(entry.get('outcome'), 0) + 1
        counts['total'] = len(journal)
        return {'scenario': scenario, 'n': n, 'wall_s': round(wall, 3), 'rc': returncode,
                'maxrss_kb': usage.ru_maxrss, 'cpu_s': round(usage.ru_utime + usage.ru_stime, 3), 'load1': round(load, 2),
                'requests': counts, 'outcomes': outcomes,
                'connections': self.counter.take(), 'verified': self.verify(scenario, n), 'log': log_path}

    def verify(self, scenario, n):
        """The simulator holds what the scenario should have made."""
        user = next(u for u in self.sim.state()['users'] if u['userName'] == USERNAME)
        if scenario == 'e_phone':
            return sorted(p['name'] for p in user['phones']) == [p['name'] for p in renamed(n)]
        if SCENARIOS[scenario]['resource'] == 'phone':
            return len(user['phones']) == n
        groups = [g for g in user['blockGroups'] if g['name'] == GROUP]
        return len(groups) == 1 and len(groups[0]['numbers']) == n

    def run_once(self, scenario, n, latency_ms):
        """One measured run (or a c/d pair sharing the simulator state and the ledger)."""
        self.fresh(latency_ms)
        with tempfile.TemporaryDirectory(prefix='ledger-', dir=self.work) as ledger:
            first = self.playbook(scenario, n, ledger)
            first['latency_ms'] = latency_ms
            results = [first]
            reruns = SCENARIOS[scenario].get('rerun') or ()
            for rerun in (reruns,) if isinstance(reruns, str) else reruns:
                if rerun not in self.args.scenarios:
                    continue
                self.sim.clear_journal()
                self.counter.take()
                second = self.playbook(rerun, n, ledger)
                second['latency_ms'] = latency_ms
                results.append(second)
        return results


# ---- plan of runs ---------------------------------------------------------------------------------

def runs_for(args, scenario, n):
    """How many runs a (scenario, N) gets; 0 means extrapolated from the smaller sizes."""
    if args.runs:
        return args.runs
    slow = SCENARIOS[scenario].get('slow')
    if n >= 1000:
        if slow:
            return 1 if args.full_baseline else 0
        return 2
    if slow and n >= 100:
        return args.slow_runs
    return 3


def available_modules():
    """Module names present in plugins/modules now."""
    return {name[:-3] for name in os.listdir(os.path.join(ROOT, 'plugins', 'modules')) if name.endswith('.py')}


def summarise(raw, args):  # pylint: disable=too-many-locals
    """One row per (scenario, N, latency): medians, request counts, minimum, and extrapolated rows."""
    groups = {}
    for run in raw:
        groups.setdefault((run['scenario'], run['n'], run['latency_ms']), []).append(run)
    rows = []
    for (scenario, n, latency), runs in sorted(groups.items(), key=lambda kv: (kv[0][2], ORDER.index(kv[0][0]), kv[0][1])):
        walls = [r['wall_s'] for r in runs]
        last = runs[-1]
        rows.append({
            'scenario': scenario, 'resource': SCENARIOS[scenario]['resource'], 'label': SCENARIOS[scenario]['label'],
            'n': n, 'latency_ms': latency, 'runs': len(runs), 'wall_s': round(statistics.median(walls), 3),
            'walls': walls, 'cpu_s': round(statistics.median(r['cpu_s'] for r in runs), 3),
            'load1': max(r['load1'] for r in runs), 'requests': last['requests'], 'connections': last['connections'],
            'maxrss_kb': max(r['maxrss_kb'] for r in runs), 'minimum': minimum(scenario, n),
            'ok': all(r['rc'] == 0 and r['verified'] for r in runs), 'extrapolated': False,
            'stable_requests': len({json.dumps(r['requests'], sort_keys=True) for r in runs}) == 1,
        })
    # Sizes that were not run: a straight line through the two largest measured sizes (clearly marked).
    for scenario in args.scenarios:
        for latency in args.latencies:
            for n in args.ns:
                if any(r['scenario'] == scenario and r['n'] == n and r['latency_ms'] == latency for r in rows):
                    continue
                known = sorted((r for r in rows if r['scenario'] == scenario and r['latency_ms'] == latency
                                and r['n'] < n and not r['extrapolated']), key=lambda r: r['n'])[-2:]
                if len(known) < 2:
                    continue
                low, high = known

                def line(a, b, low=low, high=high, n=n):
                    return a + (b - a) * (n - low['n']) / (high['n'] - low['n'])
                requests = {k: int(round(line(low['requests'].get(k, 0), high['requests'].get(k, 0))))
                            for k in high['requests']}
                rows.append({
                    'scenario': scenario, 'resource': SCENARIOS[scenario]['resource'],
                    'label': SCENARIOS[scenario]['label'], 'n': n, 'latency_ms': latency, 'runs': 0,
                    'wall_s': round(line(low['wall_s'], high['wall_s']), 1), 'walls': [],
                    'cpu_s': round(line(low['cpu_s'], high['cpu_s']), 1), 'load1': None, 'requests': requests,
                    'connections': int(round(line(low['connections'], high['connections']))), 'maxrss_kb': None,
                    'minimum': minimum(scenario, n), 'ok': low['ok'] and high['ok'], 'extrapolated': True,
                    'from_n': [low['n'], high['n']], 'stable_requests': True,
                })
    rows.sort(key=lambda r: (r['latency_ms'], ORDER.index(r['scenario']), r['n']))
    baselines = {(r['resource'], r['n'], r['latency_ms']): r for r in rows if r['scenario'].startswith('a_')}
    for row in rows:
        base = baselines.get((row['resource'], row['n'], row['latency_ms']))
        row['speedup'] = round(base['wall_s'] / row['wall_s'], 1) if base and row['wall_s'] else None
    return rows


def _report_run(result, latency, stamp):
    """Print one run's line; keep the log of a failed run under bench/results/."""
    ok = result['rc'] == 0 and result['verified']
    if not ok:
        keep = os.path.join(HERE, 'results', 'failed-%s-%s' % (stamp, os.path.basename(result['log'])))
        os.makedirs(os.path.dirname(keep), exist_ok=True)
        with open(result['log'], 'rb') as src, open(keep, 'wb') as dst:
            dst.write(src.read())
        result['log'] = keep
    print('bench: %-8s N=%-5d %3d ms  run %d  %7.2f s  requests %s  conns %d  rss %d MB  cpu %.1f s  load %.1f%s' % (
        result['scenario'], result['n'], latency, result['rep'] + 1, result['wall_s'],
        '/'.join(str(result['requests'][k]) for k in ('read', 'write', 'token')), result['connections'],
        result['maxrss_kb'] // 1024, result['cpu_s'], result['load1'], '' if ok else '  FAILED (see %s)' % result['log']),
        flush=True)


def run_cell(runner, args, n, latency, stamp):
    """Every scenario at one (N, latency), repetitions interleaved across scenarios."""
    plan = {s: runs_for(args, s, n) for s in args.scenarios if not SCENARIOS[s].get('after')}
    raw = []
    for rep in range(max(plan.values() or [0])):
        for scenario in [s for s in ORDER if s in plan and rep < plan[s]]:
            for result in runner.run_once(scenario, n, latency):
                result['rep'] = rep
                _report_run(result, latency, stamp)
                raw.append(result)
    return raw


def machine_info(python):
    """nproc, CPU model, Python and ansible-core versions of the interpreter that ran the playbooks."""
    probe = subprocess.run([python, '-c', 'import sys, ansible; print(sys.version.split()[0]); print(ansible.__version__)'],
                           capture_output=True, text=True, check=True).stdout.split()
    cpu = platform.processor() or 'unknown'
    try:
        with open('/proc/cpuinfo', encoding='utf-8') as handle:
            cpu = next(line.split(':', 1)[1].strip() for line in handle if line.startswith('model name'))
    except (OSError, StopIteration):
        pass
    return {'nproc': os.cpu_count(), 'cpu': cpu, 'python': probe[0], 'ansible_core': probe[1],
            'platform': platform.platform()}


def parse_args(argv=None):
    """Command line (and BENCH_* environment) options."""
    parser = argparse.ArgumentParser(description=__doc__.split('\n', 1)[0])
    parser.add_argument('--quick', action='store_true', default=os.environ.get('BENCH_QUICK', '') not in ('', '0'),
                        help='N = 10 and 100, one run each (also BENCH_QUICK=1)')
    parser.add_argument('--ns', type=lambda s: [int(v) for v in s.split(',')], help='sizes, e.g. 10,100,1000')
    parser.add_argument('--latencies', type=lambda s: [int(v) for v in s.split(',')], default=[0, 30])
    parser.add_argument('--scenarios', type=lambda s: s.split(','), default=list(ORDER))
    parser.add_argument('--runs', type=int, help='runs per (scenario, N): overrides the defaults')
    parser.add_argument('--slow-runs', type=int, default=int(os.environ.get('BENCH_SLOW_RUNS', '1')),
                        help='runs of the slow loops (a_phone, b_phone) at N=100 (default 1)')
    parser.add_argument('--full-baseline', action='store_true',
                        default=os.environ.get('BENCH_FULL_BASELINE', '') not in ('', '0'),
                        help='also run the slow loops at N=1000 (about 25 more minutes) instead of extrapolating')
    parser.add_argument('--python', default=sys.executable, help='python whose ansible-playbook runs the playbooks')
    parser.add_argument('--no-report', action='store_true', help='write the JSON only')
    parser.add_argument('--no-probes', action='store_true', help='skip the findings probes (import time etc.)')
    parser.add_argument('--probes-only', action='store_true',
                        help='run only the probes, add them to bench/results/latest.json and render the report')
    parser.add_argument('--bulk', type=lambda s: [v for v in s.split(',') if v], default=['big', 'curve'],
                        help='bulk rows of bench/bulk.py: big (5,000 phones before/after), curve (parallel 1-32); "" none')
    parser.add_argument('--bulk-only', action='store_true',
                        help='run only the bulk rows, add them to bench/results/latest.json and render the report')
    args = parser.parse_args(argv)
    if args.ns is None:
        args.ns = [10, 100] if args.quick else [10, 100, 1000]
    if args.quick and not args.runs:
        args.runs = 1
    return args


def probes_only(args, present):
    """Add fresh probe measurements to the latest results and render the report again."""
    latest = os.path.join(HERE, 'results', 'latest.json')
    with open(latest, encoding='utf-8') as handle:
        results = json.load(handle)
    with tempfile.TemporaryDirectory(prefix='cloudagent-bench-') as work:
        runner = Runner(args, work)
        try:
            # pylint: disable=import-outside-toplevel
            from probes import run_probes
            results['probes'] = run_probes(runner, present)
        finally:
            runner.close()
    for path in (latest, os.path.join(HERE, 'results', 'bench-%s.json' % results['stamp'])):
        with open(path, 'w', encoding='utf-8') as handle:
            json.dump(results, handle, indent=1)
    if not args.no_report:
        # pylint: disable=import-outside-toplevel
        from report import write_report
        for path in write_report(results):
            print('bench: wrote %s' % os.path.relpath(path, ROOT), flush=True)
    return 0


def bulk_only(args):
    """Only the bulk rows (bench/bulk.py): bench/results/bulk-<stamp>.json and their section of the report."""
    from bulk import run_bulk, write_section  # pylint: disable=import-outside-toplevel
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime('%Y%m%dT%H%M%SZ')
    started = time.time()
    with tempfile.TemporaryDirectory(prefix='cloudagent-bench-') as work:
        runner = Runner(args, work)
        try:
            bulk = run_bulk(runner, args.bulk, args.quick)
        finally:
            runner.close()
    bulk.update(stamp=stamp, machine=machine_info(args.python), duration_s=round(time.time() - started, 1),
                command='make bench' + (' QUICK=1' if args.quick else '') + ' (bench/run.py %s)' % ' '.join(sys.argv[1:]))
    os.makedirs(os.path.join(HERE, 'results'), exist_ok=True)
    with open(os.path.join(HERE, 'results', 'bulk-%s.json' % stamp), 'w', encoding='utf-8') as handle:
        json.dump(bulk, handle, indent=1)
    if not args.no_report:
        print('bench: wrote %s' % os.path.relpath(write_section(bulk), ROOT), flush=True)
    return 0 if bulk.get('ok', True) else 1


def main(argv=None):  # pylint: disable=too-many-locals
    """Run the bench, write the JSON and the report; exit 1 when a run failed."""
    args = parse_args(argv)
    present = available_modules()
    if args.probes_only:
        return probes_only(args, present)
    if args.bulk_only:
        return bulk_only(args)
    missing = sorted({s for s in args.scenarios if SCENARIOS[s]['module'] and SCENARIOS[s]['module'] not in present})
    if missing:
        print('bench: not measured (module missing): %s' % ', '.join(missing), flush=True)
    args.scenarios = [s for s in args.scenarios if s not in missing]
    started = time.time()
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime('%Y%m%dT%H%M%SZ')
    raw = []
    with tempfile.TemporaryDirectory(prefix='cloudagent-bench-') as work:
        runner = Runner(args, work)
        try:
            for latency in args.latencies:
                for n in args.ns:
                    raw.extend(run_cell(runner, args, n, latency, stamp))
            bulk = {}
            if args.bulk and 'cloudagent_phone' in present:
                from bulk import run_bulk  # pylint: disable=import-outside-toplevel
                bulk = run_bulk(runner, args.bulk, args.quick)
                bulk.update(stamp=stamp, machine=machine_info(args.python), command='make bench' + (
                    ' QUICK=1' if args.quick else ''))
            probes = {}
            if not args.no_probes:
                # pylint: disable=import-outside-toplevel
                from probes import run_probes
                probes = run_probes(runner, present)
        finally:
            runner.close()
    results = {
        'stamp': stamp, 'machine': machine_info(args.python), 'parallel': PARALLEL,
        'command': 'make bench' + (' QUICK=1' if args.quick else ''),
        'argv': sys.argv[1:], 'ns': args.ns, 'latencies': args.latencies, 'quick': args.quick,
        'not_measured': missing, 'full_baseline': args.full_baseline, 'slow_runs': args.slow_runs,
        'duration_s': round(time.time() - started, 1), 'raw': [{k: v for k, v in r.items() if k != 'log'} for r in raw],
        'summary': summarise(raw, args), 'probes': probes, 'bulk': bulk,
    }
    os.makedirs(os.path.join(HERE, 'results'), exist_ok=True)
    out = os.path.join(HERE, 'results', 'bench-%s.json' % stamp)
    with open(out, 'w', encoding='utf-8') as handle:
        json.dump(results, handle, indent=1)
    with open(os.path.join(HERE, 'results', 'latest.json'), 'w', encoding='utf-8') as handle:
        json.dump(results, handle, indent=1)
    print('bench: raw results in %s (%.0f s)' % (os.path.relpath(out, ROOT), results['duration_s']), flush=True)
    if not args.no_report:
        # pylint: disable=import-outside-toplevel
        from report import write_report
        for path in write_report(results):
            print('bench: wrote %s' % os.path.relpath(path, ROOT), flush=True)
        if bulk:
            from bulk import write_section  # pylint: disable=import-outside-toplevel
            print('bench: wrote %s' % os.path.relpath(write_section(bulk), ROOT), flush=True)
    return 1 if any(not r['ok'] for r in results['summary']) or not bulk.get('ok', True) else 0


if __name__ == '__main__':
    sys.exit(main())
