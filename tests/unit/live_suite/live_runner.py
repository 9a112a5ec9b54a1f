# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Run the live smoke suite (tests/live) as a subprocess against a local simulator and read its report."""

from __future__ import annotations

import glob
import json
import os
import subprocess
import sys
from collections import namedtuple

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
LiveRun = namedtuple('LiveRun', 'rc stdout report report_paths')

DID_OPT_IN = {'CLOUDAGENT_LIVE_DID_CAMPAIGN': 'Inbound_Sales', 'CLOUDAGENT_LIVE_DIDS': '8040000001,8040000002',
              'CLOUDAGENT_LIVE_FALLBACK_DIDS': '8040000003'}
AGENT_OPT_IN = {'CLOUDAGENT_LIVE_AGENTS': '1', 'CLOUDAGENT_LIVE_AGENT_SKILL': 'Sales', 'CLOUDAGENT_LIVE_WAIT': 'simulator'}
ALL_OPT_INS = dict(DID_OPT_IN, CLOUDAGENT_LIVE_TOKEN='1', CLOUDAGENT_LIVE_TOKEN_LIMIT='1', CLOUDAGENT_LIVE_LEGACY='1',
                   **AGENT_OPT_IN)


def clean_env(extra):
    """The caller's environment without any CLOUDAGENT_* variable (never a real account), plus extra."""
    env = {key: value for key, value in os.environ.items() if not key.startswith('CLOUDAGENT_')}
    env.update(PYTHONDONTWRITEBYTECODE='1')
    env.update(extra)
    return env


def account_env(sim, user, auth_mode='api_key', opt_ins=None):
    """CLOUDAGENT_LIVE=1 and the fixture credentials of user, pointed at the simulator on loopback."""
    api_key = next(u['apiKey'] for u in sim.state()['users'] if u['userName'] == user)
    env = {'CLOUDAGENT_LIVE': '1', 'CLOUDAGENT_USERNAME': user, 'CLOUDAGENT_API_KEY': api_key,
           'CLOUDAGENT_BASE_URL': sim.base_url, 'CLOUDAGENT_AUTH_MODE': auth_mode}
    env.update(opt_ins or {})
    return env


def run_suite(report_dir, env, timeout=300):
    """pytest tests/live in a fresh interpreter; the newest report of report_dir read back (None if none)."""
    before = set(glob.glob(os.path.join(str(report_dir), 'report-*.json')))
    proc = subprocess.run([sys.executable, '-m', 'pytest', 'tests/live', '-q', '-p', 'no:cacheprovider'],
                          cwd=ROOT, env=clean_env(dict(env, CLOUDAGENT_LIVE_REPORT_DIR=str(report_dir))),
                          capture_output=True, text=True, timeout=timeout, check=False)
    new = sorted(set(glob.glob(os.path.join(str(report_dir), 'report-*.json'))) - before)
    report = None
    if new:
        with open(new[-1], encoding='utf-8') as handle:
            report = json.load(handle)
    paths = new + [path[:-len('.json')] + '.md' for path in new]
    return LiveRun(proc.returncode, proc.stdout + proc.stderr, report, paths)


def verdicts(report):
    """{assumption id: verdict} of a report."""
    return {row['id']: row['verdict'] for row in report['assumptions']}
