# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Every module's EXAMPLES run, as a playbook, against the simulator, and do what their names say.

ansible-doc shows these examples to every user; one that names a field the module ignores (such as a
DID record adopted as ``dids:``) or fails outright is a trap. Each module's EXAMPLES become the tasks of
one play on localhost, run by ansible-playbook of this venv with the working tree as the collection.
Only what a reader replaces for their own site changes: the connection comes from the environment
(CLOUDAGENT_BASE_URL = the simulator, its fixture's API key, a temporary known-state store), a Redis
``ledger:`` URL of an example becomes that store, and the variables the examples leave to the reader
(``vault_cloudagent_api_key``, the number lists, ``vip_numbers.txt``) are given values.
Then the simulator's state must show the examples' effect.
"""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys

import pytest
import requests
import yaml

from cloudagent_sim import Simulator

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
MODULES = sorted(name[:-3] for name in os.listdir(os.path.join(ROOT, 'plugins', 'modules'))
                 if name.endswith('.py') and not name.startswith('_'))
API_KEY = 'KKdemo00000000000000000000000001'
READER_VARS = {
    'vault_cloudagent_api_key': API_KEY,
    'vip_numbers': ['+919876543213', '+919876543214'],
    'spam_numbers': ['+919800000001', '+919800000002'],
    'fraud_numbers': ['+919811111111'],
    # Four agent writes in all: under the agent endpoints' 5 a minute, so the examples never wait.
    'vault_agent_passwords': {'asha01': 'Example-pass-1'},
    'team_agents': [{'agent_id': 'team01', 'name': 'Team_One', 'email': 'team01@example.com',
                     'password': 'Example-pass-3'}],
    'vault_new_password': 'Example-pass-2',
}


def examples(module):
    with open(os.path.join(ROOT, 'plugins', 'modules', module + '.py'), encoding='utf-8') as handle:
        tree = ast.parse(handle.read())
    for node in tree.body:
        if isinstance(node, ast.Assign) and [t.id for t in node.targets if isinstance(t, ast.Name)] == ['EXAMPLES']:
            return node.value.value
    raise AssertionError('%s has no EXAMPLES' % module)


def user_state(sim):
    state = requests.get(sim.base_url + '/_sim/state', timeout=10).json()
    return next(user for user in state['users'] if user['userName'] == 'demo_user')


# Tasks run after a module's examples, proving what the examples claim beyond the simulator's state.
AFTERWARDS = {
    # The DID record the ledger example adopts must be the one cloudagent_did reads: with it, setting
    # the same lists is no change (a record under another field name would make every run resend).
    'cloudagent_ledger': [
        {'name': 'The adopted DID record is the one cloudagent_did compares with',
         'ozonetel.cloudagent.cloudagent_did': {'username': 'demo_user', 'campaign': 'Inbound_Sales',
                                                'dynamic_dids': ['918041234567'], 'fallback_dids': ['918041234568']},
         'check_mode': True, 'register': 'adopted'},
        {'name': 'No change', 'ansible.builtin.assert': {'that': ['not adopted.changed'], 'quiet': True}},
    ],
}


def run_examples(module, sim, tmp_path):
    ledger = str(tmp_path / 'ledger')
    text = re.sub(r'(ledger: )rediss?://\S+', r'\g<1>' + ledger, examples(module))
    tasks = yaml.safe_load(text)
    assert tasks, '%s: EXAMPLES holds no task' % module
    play = [{'name': module + ' EXAMPLES', 'hosts': 'localhost', 'gather_facts': False,
             'vars': READER_VARS, 'tasks': tasks + AFTERWARDS.get(module, [])}]
    (tmp_path / 'vip_numbers.txt').write_text('+919876543213\n+919876543214\n')
    playbook = tmp_path / 'examples.yml'
    playbook.write_text(yaml.safe_dump(play, sort_keys=False))
    env = {name: value for name, value in os.environ.items()
           if not name.startswith(('CLOUDAGENT_', 'ANSIBLE_'))}
    env.update({
        'CLOUDAGENT_BASE_URL': sim.base_url, 'CLOUDAGENT_API_KEY': API_KEY, 'CLOUDAGENT_LEDGER': ledger,
        'ANSIBLE_COLLECTIONS_PATH': os.path.join(ROOT, '.cache', 'collections'),
        'ANSIBLE_COLLECTIONS_SCAN_SYS_PATH': 'false', 'ANSIBLE_HOME': str(tmp_path / 'ansible-home'),
        'ANSIBLE_LOCALHOST_WARNING': 'false', 'ANSIBLE_INVENTORY_UNPARSED_WARNING': 'false', 'ANSIBLE_NOCOLOR': '1',
        'ANSIBLE_RETRY_FILES_ENABLED': 'false', 'HOME': str(tmp_path),
    })
    proc = subprocess.run([os.path.join(os.path.dirname(sys.executable), 'ansible-playbook'), str(playbook)],
                          cwd=str(tmp_path), env=env, capture_output=True, text=True, timeout=300, check=False)
    assert proc.returncode == 0, '%s EXAMPLES failed:\n%s\n%s' % (module, proc.stdout[-5000:], proc.stderr[-2000:])
    return proc.stdout


EFFECTS = {
    'cloudagent_agent': lambda user: (
        sorted((a['agentId'], sorted(s['name'] for s in a['skills'])) for a in user['agents'])
        == [('asha01', ['Sales', 'Support']), ('team01', [])], 'agents %s' % user['agents']),
    'cloudagent_phone': lambda user: (
        {p['name'] for p in user['phones']} == {'desk-101', 'desk-301'}, 'phones %s' % user['phones']),
    'cloudagent_blocklist': lambda user: (
        {g['name'] for g in user['blockGroups']} >= {'VIP', 'Spam', 'Fraud'}, 'groups %s' % user['blockGroups']),
    'cloudagent_did': lambda user: (
        [(c['CampaignName'], c['dynamicDIDs'], c['fallbackDynamicDIDs']) for c in user['campaigns']
         if c['CampaignName'] in ('Inbound_Sales', 'Support_Line')]
        == [('Inbound_Sales', ['8040000001', '8040000002'], ['8040000003']),
            ('Support_Line', ['8040000004'], ['8040000005'])], 'campaigns %s' % user['campaigns']),
}


def test_every_module_has_examples_and_an_expected_effect_where_it_writes():
    assert set(EFFECTS) <= set(MODULES)
    for module in MODULES:
        assert yaml.safe_load(examples(module)), module


@pytest.mark.parametrize('module', MODULES)
def test_examples_run_against_the_simulator(module, tmp_path):
    with Simulator() as sim:
        output = run_examples(module, sim, tmp_path)
        if module in EFFECTS:
            ok, seen = EFFECTS[module](user_state(sim))
            assert ok, '%s EXAMPLES did not leave the simulator as they say: %s\n%s' % (module, seen, output[-3000:])
    assert re.search(r'^localhost +: ok=\d+ .*failed=0', output, flags=re.MULTILINE), output[-3000:]
