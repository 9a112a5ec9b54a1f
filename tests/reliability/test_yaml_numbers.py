# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Unquoted numbers in a real YAML playbook: YAML 1.1 reads 04412345670 as octal (606718904) and Ansible turns
the integer into the string '606718904' before the module sees it. Each module must refuse it, send nothing,
and say to quote it; the quoted spelling of the same task works."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from ansible_collections.ozonetel.cloudagent.tests.reliability.rel_harness import DEMO_KEY, playbook_env

PLAYBOOK = '''
- hosts: localhost
  gather_facts: false
  vars:
    ansible_python_interpreter: "{{ ansible_playbook_python }}"
  module_defaults:
    group/ozonetel.cloudagent.cloudagent:
      base_url: %(base_url)s
      username: demo_user
      api_key: %(key)s
      timeout: 2
      retries: 0
  tasks:
    - name: phone with an unquoted octal-looking number
      ozonetel.cloudagent.cloudagent_phone:
        name: YamlP1
        number: 04412345670
      register: phone_octal
      ignore_errors: true
    - name: block numbers unquoted
      ozonetel.cloudagent.cloudagent_blocklist:
        name: YamlG1
        description: yaml numbers
        expiry: "2031-12-31 00:00:00"
        numbers: [9876543210, 04412345670]
      register: block_ints
      ignore_errors: true
    - name: DIDs unquoted
      ozonetel.cloudagent.cloudagent_did:
        campaign: Inbound_Sales
        dynamic_dids: [8040000001]
        fallback_dids: ["8040000002"]
      register: did_ints
      ignore_errors: true
    - name: the same phone, quoted
      ozonetel.cloudagent.cloudagent_phone:
        name: YamlP1
        number: "04412345670"
      register: phone_quoted
    - name: save
      ansible.builtin.copy:
        content: "{{ {'phone_octal': phone_octal, 'block_ints': block_ints, 'did_ints': did_ints,
                      'phone_quoted': phone_quoted} | to_json }}"
        dest: %(out)s
        mode: "0600"
'''


def test_unquoted_numbers_through_ansible_playbook(sim, tmp_path):
    out = tmp_path / 'results.json'
    path = tmp_path / 'playbook.yml'
    path.write_text(PLAYBOOK % {'base_url': sim.base_url, 'key': DEMO_KEY, 'out': out}, encoding='utf-8')
    command = [os.path.join(os.path.dirname(sys.executable), 'ansible-playbook'), str(path)]
    proc = subprocess.run(command, env=playbook_env(tmp_path), capture_output=True, text=True, timeout=300,
                          check=False, cwd=str(tmp_path))
    assert out.exists(), proc.stdout + proc.stderr
    results = json.loads(out.read_text(encoding='utf-8'))
    octal = results['phone_octal']
    assert octal['failed'] is True
    assert octal['msg'].startswith('Invalid input: number: is the integer 606718904, not a string'), octal['msg']
    assert 'quote the number' in octal['msg'] and '04412345670 unquoted is octal' in octal['msg']
    block = results['block_ints']
    assert block['failed'] is True and block['errors'] == [
        block['errors'][0], block['errors'][1]] and block['errors'][0].startswith('numbers[0]: is the integer 9876543210')
    assert block['errors'][1].startswith('numbers[1]: is the integer 606718904')
    assert results['did_ints']['failed'] is True
    assert 'dynamic_dids[0]: is the integer 8040000001' in results['did_ints']['msg']
    # Nothing of the refused tasks reached the server; the quoted task created the phone as written.
    assert results['phone_quoted']['changed'] is True
    phones = {p['name']: p['number'] for u in sim.state()['users'] if u['userName'] == 'demo_user' for p in u['phones']}
    assert phones.get('YamlP1') == '04412345670'
    assert '606718904' not in phones.values()
    assert [e for e in sim.writes() if 'Yaml' not in json.dumps(e)] == [] and len(sim.writes()) == 1
