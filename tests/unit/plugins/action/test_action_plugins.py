# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Every module has its action plugin (the action path), and the action plugin runs that module."""

from __future__ import annotations

import importlib
import os

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))))
MODULES = sorted(name[:-3] for name in os.listdir(os.path.join(ROOT, 'plugins', 'modules')) if name.endswith('.py'))


@pytest.mark.parametrize('name', MODULES)
def test_each_module_has_its_action_plugin(name):
    path = os.path.join(ROOT, 'plugins', 'action', name + '.py')
    assert os.path.exists(path), 'plugins/action/%s.py missing: copy plugins/action/cloudagent_phone.py' % name
    plugin = importlib.import_module('ansible_collections.ozonetel.cloudagent.plugins.action.' + name)
    assert plugin.ActionModule.MODULE == name
