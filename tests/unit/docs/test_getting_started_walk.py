# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""docs/getting-started.md walked end to end, as written, in a clean HOME, against the simulator.

Every ```sh block of the page runs, in order, in one bash on a terminal (ansible-vault and --ask-vault-pass
read the vault password from it; the test types it), from a copy of the checkout's files, with only this
venv's bin on PATH (what `source .venv/bin/activate` gives) and no ANSIBLE_* variable, so the collection the
playbooks use is the one step 2 installed into the clean HOME. The ```yaml playbook of step 5 runs too.

The page is written for a real account. What a reader would type in place of the example values is the
only thing the test changes, and each replacement is listed in READER:
- CLOUDAGENT_BASE_URL names the simulator (the page's account is "the API": the region's host);
- the example user name and the '...' API key become the simulator fixture's;
- $EDITOR is a script that puts the fixture's key into vault.yml, as the reader does by hand;
- after step 3's `cp`, the reader replaces the example user name in main.yml ("Replace the example
  values with yours").
The walk asserts what the page promises: the apply run changes the account (the simulator holds the
example phones afterwards), the rerun and step 6's run report changed=0.
"""

from __future__ import annotations

import glob
import os
import re
import select
import shutil
import subprocess
import sys

import pytest
import requests

from cloudagent_sim import Simulator

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
PAGE = os.path.join(ROOT, 'docs', 'getting-started.md')
USER, API_KEY = 'demo_user', 'KKdemo00000000000000000000000001'
EXAMPLE_USER = 'my_cloudagent_user'
VAULT_PASSWORD = 'walk-the-getting-started-page'


def blocks(language):
    with open(PAGE, encoding='utf-8') as handle:
        return re.findall(r'^```%s\n(.*?)^```' % language, handle.read(), flags=re.MULTILINE | re.DOTALL)


def reader(text):
    """What the reader types instead of the page's example values."""
    text = text.replace(EXAMPLE_USER, USER).replace("CLOUDAGENT_API_KEY='...'", "CLOUDAGENT_API_KEY='%s'" % API_KEY)
    # After copying the example inventory, the reader puts the account's user name into main.yml.
    return re.sub(r'^(cp -r \S+/playbooks/inventory/example ~/cloudagent)$',
                  r"\1\nsed -i 's/^cloudagent_username: .*/cloudagent_username: %s/' ~/cloudagent/group_vars/cloudagent/main.yml"
                  % USER, text, flags=re.MULTILINE)


def run_on_a_terminal(script, cwd, env, silence=300):
    """bash -c script with a pseudo-terminal as its stdin/stdout/stderr; answers every vault password prompt.
    A walk that prints nothing for `silence` one-second polls is stuck: it is killed and the test fails."""
    master, slave = os.openpty()
    proc = subprocess.Popen(['bash', '-euo', 'pipefail', '-c', script], cwd=cwd, env=env,
                            stdin=slave, stdout=slave, stderr=slave, start_new_session=True)
    os.close(slave)
    output, pending, quiet_polls = b'', b'', 0
    try:
        while quiet_polls < silence:
            ready = select.select([master], [], [], 1)[0]
            if not ready:
                if proc.poll() is not None:
                    break
                quiet_polls += 1
                continue
            quiet_polls = 0
            try:
                chunk = os.read(master, 65536)
            except OSError:   # EIO: every writer of the terminal has gone
                break
            output += chunk
            pending += chunk
            if re.search(rb'[Pp]assword[^\n]*: ?$', pending):
                os.write(master, VAULT_PASSWORD.encode() + b'\n')
                pending = b''
            elif b'\n' in pending:
                pending = pending.rsplit(b'\n', 1)[1]
        else:
            proc.kill()
            pytest.fail('the walk printed nothing for %d polls:\n%s' % (silence, output.decode(errors='replace')[-4000:]))
    finally:
        os.close(master)
    return proc.wait(), output.decode(errors='replace')


def checkout_copy(dest):
    files = subprocess.run(['git', '-C', ROOT, 'ls-files', '-co', '--exclude-standard', '-z'], check=True,
                           capture_output=True).stdout.decode().split('\0')
    for name in filter(None, files):
        source = os.path.join(ROOT, name)
        if os.path.isfile(source) and not name.startswith(('.venv', '.cache', 'tests/output')):
            os.makedirs(os.path.dirname(os.path.join(dest, name)), exist_ok=True)
            shutil.copy2(source, os.path.join(dest, name))


def recaps(output):
    return [dict(re.findall(r'(\w+)=(\d+)', line)) for line in output.splitlines() if re.match(r'localhost +:', line)]


@pytest.mark.skipif(shutil.which('git') is None, reason='needs git to list the checkout files')
def test_getting_started_works_as_written(tmp_path):
    home, checkout = tmp_path / 'home', tmp_path / 'checkout'
    home.mkdir()
    checkout_copy(str(checkout))
    editor = tmp_path / 'editor'
    editor.write_text("#!/bin/sh\nsed -i 's/^cloudagent_api_key: .*/cloudagent_api_key: %s/' \"$1\"\n" % API_KEY)
    editor.chmod(0o755)
    venv_bin = os.path.dirname(sys.executable)
    # The page's `source .venv/bin/activate` must find a venv in the checkout: this test's own.
    os.symlink(os.path.dirname(venv_bin), str(checkout / '.venv'))
    playbook = tmp_path / 'own_playbook.yml'
    own = [b for b in blocks('yaml') if re.search(r'^  hosts: ', b, flags=re.MULTILINE)]
    assert len(own) == 1, 'step 5 shows one playbook'
    playbook.write_text(own[0])
    script = '\n'.join(reader(block) for block in blocks('sh'))
    assert 'ansible-galaxy collection install' in script and '--ask-vault-pass' in script
    script += ('\nansible-playbook %s -e cloudagent_username=%s -e cloudagent_api_key=%s\n'
               % (playbook, USER, API_KEY))

    with Simulator() as sim:
        env = {'HOME': str(home), 'PATH': '/usr/bin:/bin', 'LANG': 'C.UTF-8', 'TERM': 'dumb', 'EDITOR': str(editor),
               'CLOUDAGENT_BASE_URL': sim.base_url, 'PYTHONDONTWRITEBYTECODE': '1'}
        rc, output = run_on_a_terminal(script, cwd=str(checkout), env=env)
        assert rc == 0, output[-6000:]
        phones = requests.get(sim.base_url + '/_sim/state', timeout=10).json()
    runs = recaps(output)
    # check, apply, rerun (step 4), step 6's check run, step 7's agent check and apply, step 5's own playbook
    assert len(runs) == 7, output[-6000:]
    check, apply, rerun, env_check, agents_check, agents_apply, own_playbook = runs
    assert int(apply['changed']) > 0 and int(check['changed']) > 0
    assert rerun['changed'] == '0' and env_check['changed'] == '0', output[-6000:]
    # The team of step 7 is the inventory's, applied in step 4: nothing left to do, nothing failed.
    assert agents_check['changed'] == '0' and agents_apply['changed'] == '0', output[-6000:]
    assert int(own_playbook['failed']) == 0
    assert 'desk-101' in str(phones) and '+919800000099' in str(phones)
    agents = {a['agentId']: a for u in phones['users'] if u['userName'] == USER for a in u['agents']}
    assert sorted(s['name'] for s in agents['asha01']['skills']) == ['Sales', 'Support'] and 'ravi02' in agents
    assert glob.glob(str(home / '.ansible' / 'collections' / 'ansible_collections' / 'ozonetel' / 'cloudagent' / 'MANIFEST.json'))
