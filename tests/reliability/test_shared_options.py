# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Every module of the action group takes the whole shared option set from one module_defaults group.

One ansible-playbook run: each module of meta/runtime.yml's group, with module_defaults setting every connection,
store and bulk option, and only its own options in the task. No module may refuse an option ("Unsupported
parameters"), and the options must take effect (the simulator's base URL, the store's directory).
"""

from __future__ import annotations

import os

import yaml

from ansible_collections.ozonetel.cloudagent.plugins.module_utils.engine import SHARED_ARGSPEC
from ansible_collections.ozonetel.cloudagent.tests.reliability.rel_harness import (
    DEMO_KEY, DEMO_USER, ROOT, module_by_name, run_playbook)

GROUP = 'group/ozonetel.cloudagent.cloudagent'

# Each module's own options for one harmless, successful call.
OWN_ARGS = {
    'cloudagent_agent': {'agent_id': 'sharedopts01', 'name': 'SharedOpts', 'email': 'shared-opts@example.com',
                         'password': 'Shared-opts-0001', 'skills': ['Sales']},
    'cloudagent_agent_info': {'agent_ids': ['sharedopts01']},
    'cloudagent_phone': {'name': 'shared-opts', 'number': '9876500999', 'skills': ['Sales']},
    'cloudagent_phone_info': {'names': ['shared-opts']},
    'cloudagent_campaign_info': {},
    'cloudagent_did': {'campaign': 'Inbound_Sales', 'dynamic_dids': ['8040000001'], 'fallback_dids': ['8040000003']},
    'cloudagent_blocklist': {'name': 'SharedOpts', 'description': 'Shared options', 'expiry': '2030-01-01 00:00:00',
                             'numbers': ['9876543210']},
    'cloudagent_ledger': {'kind': 'blocklist', 'identity': 'Adopted', 'desired': {'name': 'Adopted', 'numbers': []}},
    'cloudagent_ledger_info': {'kind': 'phone'},
}


def group_modules():
    with open(os.path.join(ROOT, 'meta', 'runtime.yml'), encoding='utf-8') as handle:
        return yaml.safe_load(handle)['action_groups']['cloudagent']


def every_shared_option(sim, ledger_dir):
    values = {
        'username': DEMO_USER, 'api_key': DEMO_KEY, 'auth_mode': 'api_key', 'token': 'unused-in-api-key-mode',
        'region': 'in', 'base_url': sim.base_url, 'timeout': 10, 'retries': 2, 'validate_certs': 'true',
        'ledger': str(ledger_dir), 'parallel': 2,
    }
    assert sorted(values) == sorted(SHARED_ARGSPEC), 'set every shared option'
    return values


def test_every_module_documents_the_shared_fragments():
    for name in group_modules():
        doc = yaml.safe_load(module_by_name(name).DOCUMENTATION)
        fragments = doc.get('extends_documentation_fragment') or []
        assert {'ozonetel.cloudagent.connection', 'ozonetel.cloudagent.ledger', 'ozonetel.cloudagent.bulk'} <= set(
            fragments), name


def test_every_module_takes_every_shared_option_from_module_defaults(sim, tmp_path):
    modules = group_modules()
    assert sorted(OWN_ARGS) == sorted(modules), 'give every module of the action group its own options here'
    defaults = every_shared_option(sim, tmp_path / 'shared-ledger')
    tasks = [{'name': name, 'module_defaults': {GROUP: defaults}, 'ozonetel.cloudagent.%s' % name: OWN_ARGS[name]}
             for name in ['cloudagent_phone'] + [m for m in modules if m != 'cloudagent_phone']]
    run = run_playbook(tmp_path, tasks)
    assert run.results is not None, run.stdout + run.stderr
    for task, result in zip(tasks, run.results):
        assert not result.get('failed'), (task['name'], result.get('msg'))
    by_name = {task['name']: result for task, result in zip(tasks, run.results)}
    # The options reached the modules: the simulator holds the phone, and the store named by `ledger` its record.
    assert [p['name'] for p in by_name['cloudagent_phone_info']['phones']] == ['shared-opts']
    assert [r['identity'] for r in by_name['cloudagent_ledger_info']['records']] == ['shared-opts']
    assert by_name['cloudagent_ledger_info']['ledger'] == str(tmp_path / 'shared-ledger')
    assert [a['agent_id'] for a in by_name['cloudagent_agent_info']['agents']] == ['sharedopts01']
    assert by_name['cloudagent_blocklist']['changed'] is True and by_name['cloudagent_did']['changed'] is True
