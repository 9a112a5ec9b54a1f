# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Shared harness of the reliability suite: run modules in-process or through ansible-playbook.

run_module (from tests/unit/module_runner.py) calls module.main() in-process and returns the result JSON the
module printed (the same text Ansible would read). run_playbook(tasks, ...) writes a playbook for
localhost, runs the ansible-playbook next to sys.executable with the working tree as the collection, and
returns a PlaybookRun with rc, stdout, stderr and each task's registered result (read back from a JSON
file the last task writes).
"""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
import time
from collections import namedtuple

import pytest

from ansible_collections.ozonetel.cloudagent.tests.unit.module_runner import run_module  # noqa: F401 pylint: disable=unused-import

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

DEMO_USER = 'demo_user'
DEMO_KEY = 'KKdemo00000000000000000000000001'
TOKEN_USER = 'token_user'
TOKEN_KEY = 'KKtoken0000000000000000000000002'

PlaybookRun = namedtuple('PlaybookRun', 'rc stdout stderr results seconds')


def module_by_name(name):
    """Import plugins/modules/<name>.py (a missing module is an error, never a skip)."""
    return importlib.import_module('ansible_collections.ozonetel.cloudagent.plugins.modules.' + name)


def connection(sim, ledger_dir, username=DEMO_USER, api_key=DEMO_KEY, **extra):
    """Connection options for a module talking to the simulator."""
    args = {'base_url': sim.base_url, 'username': username, 'api_key': api_key, 'ledger': str(ledger_dir)}
    args.update(extra)
    return args


def collections_path(tmp_dir):
    """A directory holding ansible_collections/ozonetel/cloudagent -> the working tree."""
    base = os.path.join(str(tmp_dir), 'collections')
    link = os.path.join(base, 'ansible_collections', 'ozonetel', 'cloudagent')
    if not os.path.islink(link):
        os.makedirs(os.path.dirname(link), exist_ok=True)
        os.symlink(ROOT, link)
    return base


def playbook_env(tmp_dir, env=None):
    """The environment for ansible-playbook: working tree as the collection, a private HOME and ledger."""
    tmp_dir = str(tmp_dir)
    home = os.path.join(tmp_dir, 'home')
    os.makedirs(home, exist_ok=True)
    full = {key: value for key, value in os.environ.items() if not key.startswith('CLOUDAGENT_')}
    full.update({
        'HOME': home,  # the token cache (~/.ansible/cloudagent/tokens) and ANSIBLE_HOME land here
        'ANSIBLE_COLLECTIONS_PATH': collections_path(tmp_dir),
        'ANSIBLE_LOCALHOST_WARNING': 'false',
        'ANSIBLE_INVENTORY_UNPARSED_WARNING': 'false',
        'ANSIBLE_NOCOLOR': '1',
        'ANSIBLE_FORCE_COLOR': '0',
        'ANSIBLE_RETRY_FILES_ENABLED': 'false',
        'ANSIBLE_LOCAL_TEMP': os.path.join(tmp_dir, 'ansible-local'),
        'ANSIBLE_REMOTE_TEMP': os.path.join(tmp_dir, 'ansible-remote'),
        'CLOUDAGENT_LEDGER': os.path.join(tmp_dir, 'ledger'),
        'PYTHONDONTWRITEBYTECODE': '1',
    })
    full.update(env or {})
    return full


def run_playbook(tmp_dir, tasks, env=None, args=(), check=False, diff=False, timeout=300):
    """Run the tasks on localhost; every task is registered and ignore_errors, results read back as JSON.

    tasks: a list of task dicts (name + module call); each gets `register: r<index>` and ignore_errors.
    Returns PlaybookRun(rc, stdout, stderr, results list in task order, wall seconds).
    """
    tmp_dir = str(tmp_dir)
    out_file = os.path.join(tmp_dir, 'results-%d.json' % time.monotonic_ns())
    body = []
    for index, task in enumerate(tasks):
        task = dict(task)
        task['register'] = 'r%d' % index
        task['ignore_errors'] = True
        body.append(task)
    names = ', '.join("r%d | default({})" % index for index in range(len(tasks)))
    body.append({'name': 'save results', 'ansible.builtin.copy': {
        'content': '{{ [%s] | to_json }}' % names, 'dest': out_file, 'mode': '0600'}, 'check_mode': False,
        'diff': False})
    play = [{'name': 'reliability', 'hosts': 'localhost', 'gather_facts': False,
             'vars': {'ansible_python_interpreter': '{{ ansible_playbook_python }}'}, 'tasks': body}]
    path = os.path.join(tmp_dir, 'playbook-%d.yml' % time.monotonic_ns())
    with open(path, 'w', encoding='utf-8') as handle:
        json.dump(play, handle, indent=1)  # JSON is YAML
    command = [os.path.join(os.path.dirname(sys.executable), 'ansible-playbook'), path]
    command += list(args)
    if check:
        command.append('--check')
    if diff:
        command.append('--diff')
    started = time.monotonic()
    proc = subprocess.run(command, env=playbook_env(tmp_dir, env), capture_output=True, text=True, timeout=timeout,
                          check=False, cwd=tmp_dir)
    seconds = time.monotonic() - started
    results = None
    if os.path.exists(out_file):
        with open(out_file, encoding='utf-8') as handle:
            results = json.load(handle)
    return PlaybookRun(proc.returncode, proc.stdout, proc.stderr, results, seconds)


def request_summary(journal):
    """Counts from a simulator journal: requests, faults by kind, entries by (method, path)."""
    faults = {}
    for entry in journal:
        if entry.get('fault'):
            faults[entry['fault']] = faults.get(entry['fault'], 0) + 1
    return {'requests': len(journal), 'faults': faults, 'faulted': sum(faults.values())}


def tls_material(directory, common_name='rel-test-ca', hosts=('127.0.0.1', 'localhost'), expired=False):
    """A throw-away CA and a server certificate for 127.0.0.1/localhost signed by it, as PEM files.

    hosts are the names the server certificate is valid for (IP addresses or DNS names); expired=True makes a
    server certificate whose validity ended yesterday (needs the cryptography package).
    Returns {'ca': path, 'cert': path, 'key': path}. Uses the `cryptography` package (in
    requirements-dev.txt) and falls back to the openssl CLI; skips the test when neither is there.
    """
    directory = str(directory)
    os.makedirs(directory, exist_ok=True)
    paths = {name: os.path.join(directory, '%s.pem' % name) for name in ('ca', 'cert', 'key')}
    try:
        _tls_with_cryptography(paths, common_name, hosts, expired)
    except ImportError:
        if expired:
            pytest.skip('an expired certificate needs the cryptography package')
        _tls_with_openssl(directory, paths, common_name, hosts)
    return paths


def _tls_with_cryptography(paths, common_name, hosts, expired=False):
    # pylint: disable=import-outside-toplevel
    import datetime
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    now = datetime.datetime.now(datetime.timezone.utc)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    ca_cert = (x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name).public_key(ca_key.public_key())
               .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(minutes=5))
               .not_valid_after(now + datetime.timedelta(days=1))
               .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
               .add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True)
               .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
               .sign(ca_key, hashes.SHA256()))
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, '127.0.0.1')]))
            .issuer_name(ca_name).public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=2 if expired else 0, minutes=5))
            .not_valid_after(now + datetime.timedelta(days=-1 if expired else 1))
            .add_extension(x509.SubjectAlternativeName([_san(x509, ipaddress, host) for host in hosts]), critical=False)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
            .sign(ca_key, hashes.SHA256()))
    with open(paths['ca'], 'wb') as handle:
        handle.write(ca_cert.public_bytes(serialization.Encoding.PEM))
    with open(paths['cert'], 'wb') as handle:
        handle.write(cert.public_bytes(serialization.Encoding.PEM))
    with open(paths['key'], 'wb') as handle:
        handle.write(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                       serialization.NoEncryption()))


def _san(x509, ipaddress, host):
    try:
        return x509.IPAddress(ipaddress.ip_address(host))
    except ValueError:
        return x509.DNSName(host)


def _tls_with_openssl(directory, paths, common_name, hosts):
    openssl = '/usr/bin/openssl' if os.path.exists('/usr/bin/openssl') else None
    if openssl is None:
        pytest.skip('neither the cryptography package nor the openssl CLI is available')
    ca_key = os.path.join(directory, 'ca.key')
    csr = os.path.join(directory, 'server.csr')
    ext = os.path.join(directory, 'server.ext')
    with open(ext, 'w', encoding='utf-8') as handle:
        sans = ','.join(('IP:%s' if host[:1].isdigit() else 'DNS:%s') % host for host in hosts)
        handle.write('subjectAltName=' + sans + '\nbasicConstraints=critical,CA:FALSE\n'
                     'extendedKeyUsage=serverAuth\nauthorityKeyIdentifier=keyid\n')
    ec_opts = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes']
    for command in (
            [openssl, 'req', '-x509'] + ec_opts + ['-keyout', ca_key, '-out', paths['ca'], '-days', '1',
                                                   '-subj', '/CN=%s' % common_name],
            [openssl, 'req'] + ec_opts + ['-keyout', paths['key'], '-out', csr, '-subj', '/CN=127.0.0.1'],
            [openssl, 'x509', '-req', '-in', csr, '-CA', paths['ca'], '-CAkey', ca_key, '-CAcreateserial',
             '-out', paths['cert'], '-days', '1', '-extfile', ext]):
        subprocess.run(command, check=True, capture_output=True)
