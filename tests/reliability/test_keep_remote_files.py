# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""ANSIBLE_KEEP_REMOTE_FILES=1 keeps each module's AnsiballZ file, which embeds the task's arguments: an
api_key given as an option stays there in clear text; the CLOUDAGENT_API_KEY route leaves nothing. This is
ansible-core's behaviour, documented in README.md next to the advice to pass api_key; the test keeps the
documentation honest in both directions. That is the module path; the action path (the default) writes no
module file at all, so the key given as an option is in no file either."""

from __future__ import annotations

import os

from ansible_collections.ozonetel.cloudagent.tests.reliability.rel_harness import DEMO_KEY, DEMO_USER, run_playbook


def kept_files_holding(directory, secret):
    found = []
    for root, _dirs, files in os.walk(directory):
        for name in files:
            with open(os.path.join(root, name), 'rb') as handle:
                if secret.encode() in handle.read():
                    found.append(os.path.relpath(os.path.join(root, name), directory))
    return found


def phone_task(sim, **auth):
    args = {'base_url': sim.base_url, 'username': DEMO_USER, 'name': 'KeepP1', 'number': '9876500601'}
    args.update(auth)
    return {'name': 'phone', 'ozonetel.cloudagent.cloudagent_phone': args}


def test_api_key_option_stays_in_kept_files_the_environment_route_does_not(sim, tmp_path):
    option_dir, env_dir = tmp_path / 'option', tmp_path / 'env'
    option_dir.mkdir()
    env_dir.mkdir()
    module_path = {'ANSIBLE_KEEP_REMOTE_FILES': '1', 'CLOUDAGENT_EXECUTION': 'module'}
    run = run_playbook(option_dir, [phone_task(sim, api_key=DEMO_KEY)], env=module_path)
    assert run.results and run.results[0].get('failed') is not True, run.stdout[-2000:]
    assert kept_files_holding(option_dir / 'ansible-remote', DEMO_KEY), 'ansible-core no longer keeps the key'
    run = run_playbook(env_dir, [phone_task(sim)], env=dict(module_path, CLOUDAGENT_API_KEY=DEMO_KEY))
    assert run.results and run.results[0].get('failed') is not True, run.stdout[-2000:]
    assert os.listdir(env_dir / 'ansible-remote')  # files were kept...
    assert kept_files_holding(env_dir / 'ansible-remote', DEMO_KEY) == []  # ...without the key


def test_the_action_path_keeps_no_file_with_the_key(sim, tmp_path):
    run = run_playbook(tmp_path, [phone_task(sim, api_key=DEMO_KEY)], env={'ANSIBLE_KEEP_REMOTE_FILES': '1'})
    assert run.results and run.results[0].get('failed') is not True, run.stdout[-2000:]
    assert run.results[0]['phone']['name'] == 'KeepP1'
    # Only the playbook the harness wrote holds it (the key is written literally in the task).
    assert [name for name in kept_files_holding(tmp_path, DEMO_KEY) if not name.startswith('playbook-')] == []
