# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""meta/runtime.yml's action group must list exactly the modules in plugins/modules."""

from __future__ import annotations

import os
import subprocess
import sys

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
GEN = os.path.join(ROOT, 'scripts', 'gen_runtime.py')


def _modules():
    directory = os.path.join(ROOT, 'plugins', 'modules')
    if not os.path.isdir(directory):
        return []
    return sorted(n[:-3] for n in os.listdir(directory) if n.endswith('.py') and not n.startswith(('_', '.')))


def _runtime():
    with open(os.path.join(ROOT, 'meta', 'runtime.yml'), encoding='utf-8') as handle:
        return yaml.safe_load(handle)


def test_action_group_matches_modules():
    group = _runtime()['action_groups']['cloudagent'] or []
    assert group == _modules(), 'run: python scripts/gen_runtime.py'


def test_requires_ansible():
    assert _runtime()['requires_ansible'] == '>=2.16.0'


def test_no_plugin_routing():
    assert 'plugin_routing' not in _runtime()


def test_generator_check_passes():
    result = subprocess.run([sys.executable, GEN, '--check'], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
