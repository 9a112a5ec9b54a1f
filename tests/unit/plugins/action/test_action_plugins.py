# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Every module has its action plugin (the action path), and the action plugin runs that module.

Read, not imported: importing an action plugin imports ansible-core's controller code, which changes how
module_utils report warnings for every later test of this process."""

from __future__ import annotations

import ast
import os

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))))
MODULES = sorted(name[:-3] for name in os.listdir(os.path.join(ROOT, 'plugins', 'modules')) if name.endswith('.py'))


def declared_module(path):
    """(base class names, MODULE) of the ActionModule class in an action plugin file."""
    with open(path, encoding='utf-8') as handle:
        tree = ast.parse(handle.read())
    for node in tree.body:
        if isinstance(node, ast.ClassDef) and node.name == 'ActionModule':
            bases = [getattr(base, 'id', None) for base in node.bases]
            for statement in node.body:
                if isinstance(statement, ast.Assign) and [getattr(t, 'id', None) for t in statement.targets] == ['MODULE']:
                    return bases, statement.value.value
            return bases, None
    return [], None


@pytest.mark.parametrize('name', MODULES)
def test_each_module_has_its_action_plugin(name):
    path = os.path.join(ROOT, 'plugins', 'action', name + '.py')
    assert os.path.exists(path), 'plugins/action/%s.py missing: copy plugins/action/cloudagent_phone.py' % name
    assert declared_module(path) == (['CloudAgentAction'], name)


def test_no_action_plugin_without_its_module():
    actions = sorted(name[:-3] for name in os.listdir(os.path.join(ROOT, 'plugins', 'action')) if name.endswith('.py'))
    assert actions == MODULES
