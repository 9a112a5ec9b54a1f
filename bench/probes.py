# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Where the time goes: measurements behind the findings of docs/performance.md.

- module_run: one cloudagent_phone module run (the AnsiballZ payload Ansible executes, kept with
  ANSIBLE_KEEP_REMOTE_FILES) timed end to end and under python -X importtime;
- python_floor: a bare interpreter start and `import ansible.module_utils.basic` for scale;
- ledger: the cost of one known-state store put/get (the directory backend, fsync'ed);
- ping_loop: ansible.builtin.ping in a loop, Ansible's own per-item cost on this machine;
- sim_keep_alive: 1,000 requests over one keep-alive requests.Session to the simulator (the
  transport floor every other row stands on; it was a timed unit test, which made landing luck);
- big_groups: block groups of 1,000 / 10,000 / 50,000 numbers created in one task (bench/big_groups.py);
- loops: a loop of 50 / 100 / 500 phones on each execution path against the uri and debug loops (bench/loops.py).

run_probes(runner, modules) is called by run.py (after a bench, or alone with --probes-only).
"""

from __future__ import annotations

import glob
import json
import os
import statistics
import subprocess
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
REPEAT = 5

_PING_PLAYBOOK = """---
- name: Ansible's per-item floor
  hosts: localhost
  gather_facts: false
  vars:
    ansible_python_interpreter: "{{ ansible_playbook_python }}"
  tasks:
    - name: Ping per item
      ansible.builtin.ping:
      loop: "{{ range(0, count | int) | list }}"
"""

_ONE_PHONE_PLAYBOOK = """---
- name: One phone
  hosts: localhost
  gather_facts: false
  vars:
    ansible_python_interpreter: "{{ ansible_playbook_python }}"
  tasks:
    - name: One phone
      ozonetel.cloudagent.cloudagent_phone:
        name: probe00001
        number: "9700000001"
"""


def _timed(cmd, env, cwd=None):
    """(wall seconds, CompletedProcess) of one command."""
    started = time.perf_counter()
    proc = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, text=True, check=False)
    return time.perf_counter() - started, proc


NAMED = ('ansible.module_utils.basic', 'requests', 'urllib3', 'requests.adapters', 'concurrent.futures.thread',
         'ansible_collections.ozonetel.cloudagent.plugins.module_utils.client',
         'ansible_collections.ozonetel.cloudagent.plugins.module_utils.engine',
         'ansible_collections.ozonetel.cloudagent.plugins.module_utils.ledger')


def parse_importtime(stderr, named=None):
    """{top-level module: cumulative us} and the total, from python -X importtime output.

    named (a dict) receives the cumulative time of each module in NAMED wherever it was imported.
    """
    top, total = {}, 0
    for line in stderr.splitlines():
        if not line.startswith('import time:') or 'self [us]' in line:
            continue
        parts = line[len('import time:'):].split('|')
        if len(parts) != 3:
            continue
        name = parts[2].rstrip()
        if named is not None and name.strip() in NAMED:
            named.setdefault(name.strip(), int(parts[1]))
        if name.startswith('  '):  # nested: counted in its parent's cumulative time
            continue
        cumulative = int(parts[1])
        top[name.strip()] = top.get(name.strip(), 0) + cumulative
        total += cumulative
    return top, total


def _group(top):
    """Import time grouped the way the findings discuss it."""
    groups = {}
    for name, micros in top.items():
        if name.startswith('ansible_collections.ozonetel'):
            key = 'collection module_utils'
        elif name.startswith('ansible.module_utils'):
            key = 'ansible.module_utils'
        elif name.split('.')[0] in ('requests', 'urllib3', 'charset_normalizer', 'idna', 'certifi', 'chardet'):
            key = 'requests and its dependencies'
        else:
            key = 'stdlib and other'
        groups[key] = groups.get(key, 0) + micros
    return groups


def module_run(runner, python):  # pylint: disable=too-many-locals
    """Keep the AnsiballZ payload of one cloudagent_phone run, then time it and its imports directly."""
    with tempfile.TemporaryDirectory(prefix='probe-', dir=runner.work) as work:
        playbook = os.path.join(work, 'one.yml')
        with open(playbook, 'w', encoding='utf-8') as handle:
            handle.write(_ONE_PHONE_PLAYBOOK)
        ledger = os.path.join(work, 'ledger')
        env = runner.env(ledger)
        # The module path: the action path (the default) runs no AnsiballZ payload to keep.
        env.update({'ANSIBLE_KEEP_REMOTE_FILES': '1', 'ANSIBLE_REMOTE_TMP': os.path.join(work, 'remote'),
                    'CLOUDAGENT_EXECUTION': 'module'})
        runner.fresh(0)
        # First run creates the phone; the kept payload of the second (nothing to change) is the probe.
        _timed([runner.playbook_bin, playbook], env, cwd=work)
        _timed([runner.playbook_bin, playbook], env, cwd=work)
        payloads = sorted(glob.glob(os.path.join(work, 'remote', '*', 'AnsiballZ_cloudagent_phone.py')),
                          key=os.path.getmtime)
        if not payloads:
            return {'error': 'no AnsiballZ payload was kept'}
        payload = payloads[-1]
        env.pop('ANSIBLE_KEEP_REMOTE_FILES')
        walls = []
        for _round in range(REPEAT):
            runner.sim.clear_journal()
            wall, proc = _timed([python, payload], env, cwd=work)
            walls.append(wall)
        result = json.loads(proc.stdout[proc.stdout.index('{'):]) if '{' in proc.stdout else {}
        requests = len(runner.sim.journal())
        imports = []
        for _round in range(3):
            _wall, proc = _timed([python, '-X', 'importtime', payload], env, cwd=work)
            named = {}
            imports.append(parse_importtime(proc.stderr, named) + (named,))
        top, total, named = min(imports, key=lambda triple: triple[1])
        return {
            'wall_s': round(statistics.median(walls), 3), 'walls': [round(w, 3) for w in walls],
            'requests': requests, 'changed': result.get('changed'), 'import_total_ms': round(total / 1000, 1),
            'import_groups_ms': {k: round(v / 1000, 1) for k, v in sorted(_group(top).items(), key=lambda kv: -kv[1])},
            'import_top_ms': [[k, round(v / 1000, 1)] for k, v in sorted(top.items(), key=lambda kv: -kv[1])[:12]],
            'import_named_ms': {k.replace('ansible_collections.ozonetel.cloudagent.plugins.', ''): round(v / 1000, 1)
                                for k, v in named.items()},
        }


def python_floor(python):
    """Interpreter start and the imports every module pays, for scale."""
    bare = [_timed([python, '-c', 'pass'], None)[0] for _round in range(REPEAT)]
    basic = [_timed([python, '-c', 'import ansible.module_utils.basic'], None)[0] for _round in range(REPEAT)]
    with_requests = [_timed([python, '-c', 'import ansible.module_utils.basic, requests'], None)[0] for _round in range(REPEAT)]
    return {'python_start_s': round(statistics.median(bare), 3),
            'import_basic_s': round(statistics.median(basic), 3),
            'import_basic_requests_s': round(statistics.median(with_requests), 3)}


def ledger_cost(runner, python, count=300):
    """Per-operation cost of the directory ledger, in a fresh interpreter (as a module run would pay it)."""
    code = r'''
import json, sys, tempfile, time
sys.path.insert(0, sys.argv[1])
from ansible_collections.ozonetel.cloudagent.plugins.module_utils.ledger import LedgerKey, open_ledger
count = int(sys.argv[2])
with tempfile.TemporaryDirectory(dir=sys.argv[3]) as root:
    store = open_ledger(root)
    keys = [LedgerKey(base_url='http://127.0.0.1:1', username='u', kind='phone', identity='p%05d' % i) for i in range(count)]
    t0 = time.perf_counter()
    for key in keys:
        store.put(key, desired={'name': key.identity, 'number': '9800000000', 'skills': None})
    t1 = time.perf_counter()
    for key in keys:
        store.get(key)
    t2 = time.perf_counter()
    print(json.dumps({'put_ms': (t1 - t0) * 1000 / count, 'get_ms': (t2 - t1) * 1000 / count}))
'''
    proc = subprocess.run([python, '-c', code, runner.collections, str(count), runner.work], capture_output=True, text=True,
                          check=False)
    if proc.returncode != 0:
        return {'error': proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else 'failed'}
    data = json.loads(proc.stdout)
    return {'count': count, 'put_ms': round(data['put_ms'], 3), 'get_ms': round(data['get_ms'], 3)}


def ping_loop(runner, counts=(10, 100)):
    """Ansible's own per-item cost: ansible.builtin.ping looped, N=10 and N=100."""
    with tempfile.TemporaryDirectory(prefix='probe-', dir=runner.work) as work:
        playbook = os.path.join(work, 'ping.yml')
        with open(playbook, 'w', encoding='utf-8') as handle:
            handle.write(_PING_PLAYBOOK)
        env = runner.env(os.path.join(work, 'ledger'))
        walls = {}
        for count in counts:
            walls[count] = round(_timed([runner.playbook_bin, playbook, '-e', 'count=%d' % count], env, cwd=work)[0], 2)
    low, high = counts
    return {'walls': walls, 'per_item_s': round((walls[high] - walls[low]) / (high - low), 3)}


def sim_keep_alive(runner, count=1000):
    """Median seconds of `count` campaignStatus reads over one keep-alive session, 3 rounds."""
    # Imported here: requests is in the bench venv only.
    import requests  # pylint: disable=import-outside-toplevel
    url = runner.sim.base_url + '/ca_apis/campaignStatus'
    body = {'userName': 'demo_user', 'campaignName': 'Inbound_Sales'}
    runner.fresh(0)
    rounds = []
    with requests.Session() as session:
        for _round in range(3):
            started = time.perf_counter()
            for _attempt in range(count):
                session.get(url, json=body, headers={'apiKey': 'KKdemo00000000000000000000000001'}, timeout=10)
            rounds.append(time.perf_counter() - started)
    return {'count': count, 'median_s': round(statistics.median(rounds), 3), 'rounds': [round(r, 3) for r in rounds]}


def git_state():
    """The commit measured (read-only git calls)."""
    def out(*args):
        proc = subprocess.run(['git', '-C', ROOT] + list(args), capture_output=True, text=True, check=False)
        return proc.stdout.strip()
    return {'commit': out('rev-parse', '--short', 'HEAD'),
            'dirty_plugins': bool(out('status', '--porcelain', '--', 'plugins'))}


def run_probes(runner, modules, python=None):
    """Every probe; module_run only when cloudagent_phone exists."""
    python = python or runner.python
    probes = {'git': git_state(), 'python_floor': python_floor(python), 'ping_loop': ping_loop(runner),
              'ledger': ledger_cost(runner, python), 'sim_keep_alive': sim_keep_alive(runner)}
    if 'cloudagent_phone' in modules:
        probes['module_run'] = module_run(runner, python)
    if 'cloudagent_blocklist' in modules:
        # pylint: disable=import-outside-toplevel
        from big_groups import SIZES, run_big_groups
        probes['big_groups'] = run_big_groups(runner, SIZES[:2] if getattr(runner.args, 'quick', False) else SIZES)
    if 'cloudagent_phone' in modules:
        # pylint: disable=import-outside-toplevel
        from loops import SIZES as LOOP_SIZES, run_loops
        probes['loops'] = run_loops(runner, (50, 100) if getattr(runner.args, 'quick', False) else LOOP_SIZES)
    print('bench: probes %s' % json.dumps(probes, sort_keys=True), flush=True)
    return probes
