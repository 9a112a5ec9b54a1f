# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Secrets never shown: a whole provisioning scenario through ansible-playbook -vvv, then a scan of everything.

Scenario: every module, check mode + diff, then real + diff, API failures, injected transport failures
(whose exception text carries the request URL), the legacy phone flavor (API key in the query string),
token mode with a cached token, and a user-supplied token. The API keys are distinctive and contain
characters that URL-encoding changes. Scanned: stdout and stderr of every run, every registered result,
the known-state store directory, and the whole private HOME (Ansible's temp dirs, the token cache).
The token cache file must hold the token (that is its job) but never the API key, and be 0600 in a 0700 dir.
"""

from __future__ import annotations

import copy
import os
import stat
from urllib.parse import quote, quote_plus

import requests

from ansible_collections.ozonetel.cloudagent.tests.reliability.rel_harness import module_by_name, run_playbook

KEY = 'KKrelSecret+Key/7Hq2Zp9Wm4Xv8Ty='
TOKEN_ACCOUNT_KEY = 'KKrelTokenAcct+Key/3Jd8Lw5Nb1Rc6Qs='
USER = 'sec_user'
TOKEN_USER = 'sec_token_user'
MODULES = ('cloudagent_phone', 'cloudagent_phone_info', 'cloudagent_blocklist', 'cloudagent_did', 'cloudagent_campaign_info')


def forms(secret):
    """The secret as it could appear: raw, URL-encoded (both styles), JSON-escaped, and its distinctive tail."""
    found = {secret, quote(secret, safe=''), quote_plus(secret), secret.replace('/', '\\/')}
    if len(secret) > 24:
        found.add(secret[-16:])
    return found


def add_users(sim):
    state = sim.state()
    demo = next(u for u in state['users'] if u['userName'] == 'demo_user')
    basic = copy.deepcopy(demo)
    basic.update(userName=USER, apiKey=KEY, phones=[], blockGroups=[])
    token = copy.deepcopy(demo)
    token.update(userName=TOKEN_USER, apiKey=TOKEN_ACCOUNT_KEY, authMode='TOKEN_AUTH', phones=[], blockGroups=[])
    for index, campaign in enumerate(token['campaigns']):
        campaign['CampaignID'] = 900 + index
    state['users'].extend([basic, token])
    sim.set_state(state)


def conn(sim, user=USER, key=KEY, **extra):
    args = {'base_url': sim.base_url, 'username': user, 'api_key': key, 'timeout': 2, 'retries': 1}
    args.update(extra)
    return args


def scenario(sim):
    """Tasks covering every module: successes, API failures, legacy flavor, token mode."""
    phones = [{'name': 'SecPhone%d' % i, 'number': '99887766%02d' % i, 'skills': ['General']} for i in range(3)]
    return [
        {'name': 'phones (current API, key as a task argument)',
         'ozonetel.cloudagent.cloudagent_phone': dict(conn(sim), phones=phones)},
        {'name': 'phone (legacy flavor: key in the query string)',
         'ozonetel.cloudagent.cloudagent_phone': dict(conn(sim), name='SecLegacy1', number='9988770001', api_flavor='legacy')},
        {'name': 'phone (legacy flavor, API failure: unknown skill)',
         'ozonetel.cloudagent.cloudagent_phone': dict(conn(sim), name='SecLegacy2', number='9988770002', api_flavor='legacy',
                                                      skills=['NoSuchSkill'])},
        {'name': 'phone info', 'ozonetel.cloudagent.cloudagent_phone_info': dict(conn(sim), names=['SecPhone0', 'Missing1'])},
        {'name': 'blocklist', 'ozonetel.cloudagent.cloudagent_blocklist': dict(
            conn(sim), name='SecGroup', description='secret scan', expiry='2031-12-31 00:00:00', numbers=['9876500001', '9876500002'])},
        {'name': 'blocklist failure (bad number from the API side is impossible: bad expiry locally)',
         'ozonetel.cloudagent.cloudagent_blocklist': dict(conn(sim), name='SecGroup2', description='x' * 60, expiry='2031', numbers=['1'])},
        {'name': 'dids', 'ozonetel.cloudagent.cloudagent_did': dict(
            conn(sim), campaign='Inbound_Sales', dynamic_dids=['8040000001'], fallback_dids=['8040000002'])},
        {'name': 'dids failure (DID not on the account)', 'ozonetel.cloudagent.cloudagent_did': dict(
            conn(sim), campaign='Support_Line', dynamic_dids=['8049999999'], fallback_dids=['8040000002'])},
        {'name': 'campaign info', 'ozonetel.cloudagent.cloudagent_campaign_info': dict(conn(sim), names=['Inbound_Sales'])},
        {'name': 'wrong auth mode (token on a basic account)',
         'ozonetel.cloudagent.cloudagent_phone': dict(conn(sim), name='SecPhone0', number='9988776600', auth_mode='token')},
        {'name': 'token mode: phones', 'ozonetel.cloudagent.cloudagent_phone': dict(
            conn(sim, TOKEN_USER, TOKEN_ACCOUNT_KEY, auth_mode='token'), phones=phones)},
        {'name': 'token mode: blocklist', 'ozonetel.cloudagent.cloudagent_blocklist': dict(
            conn(sim, TOKEN_USER, TOKEN_ACCOUNT_KEY, auth_mode='token'), name='SecTokGroup', description='token scan',
            expiry='2031-12-31 00:00:00', numbers=['9876500003'])},
        {'name': 'token mode: dids (api_key in the body)', 'ozonetel.cloudagent.cloudagent_did': dict(
            conn(sim, TOKEN_USER, TOKEN_ACCOUNT_KEY, auth_mode='token'), campaign='Support_Line', dynamic_dids=['8040000003'],
            fallback_dids=['8040000004'])},
        {'name': 'token mode: campaign info', 'ozonetel.cloudagent.cloudagent_campaign_info': dict(
            conn(sim, TOKEN_USER, TOKEN_ACCOUNT_KEY, auth_mode='token'))},
    ]


def key_from_env_tasks(sim):
    """Tasks whose credentials come from CLOUDAGENT_* variables instead of task arguments."""
    return [
        {'name': 'env credentials: phone', 'ozonetel.cloudagent.cloudagent_phone': {'name': 'SecEnv1', 'number': '9988770009'}},
        {'name': 'env credentials: legacy phone', 'ozonetel.cloudagent.cloudagent_phone': {
            'name': 'SecEnv2', 'number': '9988770010', 'api_flavor': 'legacy'}},
    ]


def user_token_tasks(sim, token):
    return [
        {'name': 'user-supplied token: phone info', 'ozonetel.cloudagent.cloudagent_phone_info': dict(
            conn(sim, TOKEN_USER, None, auth_mode='token', token=token), names=['SecPhone0'])},
        {'name': 'user-supplied token: phone', 'ozonetel.cloudagent.cloudagent_phone': dict(
            conn(sim, TOKEN_USER, None, auth_mode='token', token=token), name='SecTokPhone', number='9988770011')},
        {'name': 'revoked user token (rejected: Invalid Token)', 'ozonetel.cloudagent.cloudagent_phone_info': dict(
            conn(sim, TOKEN_USER, None, auth_mode='token', token=token + 'x'), names=['SecPhone0'])},
    ]


def fault_tasks(sim):
    """Transport failures: requests' exception text carries the full URL (legacy: apiKey in the query)."""
    return [
        {'name': 'legacy phone, connection reset after the write',
         'ozonetel.cloudagent.cloudagent_phone': dict(conn(sim), name='SecFault1', number='9988770021', api_flavor='legacy')},
        {'name': 'current phone, read timeouts', 'ozonetel.cloudagent.cloudagent_phone': dict(
            conn(sim, timeout=1), name='SecFault2', number='9988770022')},
        {'name': 'unreachable host (closed port)', 'ozonetel.cloudagent.cloudagent_phone': dict(
            conn(sim, base_url='http://127.0.0.1:9'), name='SecFault3', number='9988770023', api_flavor='legacy')},
    ]


def scan(paths_and_texts, secrets):
    hits = []
    for where, text in paths_and_texts:
        for secret in secrets:
            if secret in text:
                hits.append('%s contains %r' % (where, secret))
    return hits


def tree_texts(root, skip=()):
    for base, _dirs, files in os.walk(root):
        for name in files:
            path = os.path.join(base, name)
            if path in skip:
                continue
            with open(path, 'rb') as handle:
                yield path, handle.read().decode('utf-8', 'replace')


def test_no_secret_anywhere(sim, tmp_path):
    for name in MODULES:
        module_by_name(name)
    add_users(sim)
    runs = []
    verbose = ['-vvv']
    runs.append(('check', run_playbook(tmp_path, scenario(sim), args=verbose, check=True, diff=True)))
    runs.append(('real', run_playbook(tmp_path, scenario(sim), args=verbose, diff=True)))
    runs.append(('rerun', run_playbook(tmp_path, scenario(sim), args=verbose, diff=True)))
    env = {'CLOUDAGENT_BASE_URL': sim.base_url, 'CLOUDAGENT_USERNAME': USER, 'CLOUDAGENT_API_KEY': KEY}
    runs.append(('env', run_playbook(tmp_path, key_from_env_tasks(sim), args=verbose, env=env, diff=True)))
    cached_token = sim.state()['tokens'][TOKEN_USER]['token']
    assert cached_token
    minted = requests.post(sim.base_url + '/ca_apis/CAToken/generateToken', json={'userName': TOKEN_USER},
                           headers={'apiKey': TOKEN_ACCOUNT_KEY}, timeout=5).json()['token']
    runs.append(('user-token', run_playbook(tmp_path, user_token_tasks(sim, minted), args=verbose, diff=True)))
    sim.set_faults([{'path': '/CAServices/', 'kind': 'reset_after'},
                    {'path': '/ca_apis/PhoneManageV2', 'kind': 'timeout', 'delay': 1.5}], seed=3)
    runs.append(('faults', run_playbook(tmp_path, fault_tasks(sim), args=verbose, diff=True)))
    sim.set_faults([])

    # The scenario really ran: successes, API failures, failures with transport errors.
    real = dict(runs)['real'].results
    assert real is not None, dict(runs)['real'].stdout[-3000:]
    assert real[0].get('failed') is not True and real[0]['changed'] is True, real[0]
    assert real[1].get('failed') is not True, real[1]
    assert real[2].get('failed') is True and 'NoSuchSkill' in real[2]['msg']
    assert real[7].get('failed') is True and 'Valid DIDs' in real[7]['msg']
    assert real[10].get('failed') is not True, real[10]
    faults = dict(runs)['faults'].results
    assert all(r.get('failed') for r in faults), faults
    assert 'may have been applied' in faults[0]['msg'] or 'unknown' in faults[0]['msg']
    assert any(e['auth'] == 'query' for e in sim.journal())  # legacy calls (key in the query string) were made

    secrets = set()
    for secret in (KEY, TOKEN_ACCOUNT_KEY, cached_token, minted):
        secrets |= forms(secret)
    for part in cached_token.split('.') + minted.split('.'):
        if len(part) >= 20:
            secrets.add(part)  # the JWT's payload or signature alone
    texts = []
    for label, run in runs:
        texts.append(('%s stdout' % label, run.stdout))
        texts.append(('%s stderr' % label, run.stderr))
        texts.append(('%s results' % label, repr(run.results)))
    home = os.path.join(str(tmp_path), 'home')
    token_dir = os.path.join(home, '.ansible', 'cloudagent', 'tokens')
    token_files = [os.path.join(token_dir, n) for n in os.listdir(token_dir) if n.endswith('.json')]
    ledger = os.path.join(str(tmp_path), 'ledger')
    texts.extend(tree_texts(ledger))
    texts.extend(tree_texts(home, skip=set(token_files)))
    result_files = [os.path.join(str(tmp_path), n) for n in os.listdir(str(tmp_path)) if n.startswith('results-')]
    for path in result_files:
        with open(path, encoding='utf-8') as handle:
            texts.append((path, handle.read()))
    assert len(texts) > 20
    hits = scan(texts, secrets)
    assert hits == [], '\n'.join(hits)

    # The token cache: holds a token (its purpose), never an API key, owner-only permissions.
    assert token_files
    assert stat.S_IMODE(os.stat(token_dir).st_mode) == 0o700
    api_key_forms = forms(KEY) | forms(TOKEN_ACCOUNT_KEY)
    for path in token_files:
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
        with open(path, encoding='utf-8') as handle:
            content = handle.read()
        assert not [form for form in api_key_forms if form in content]
    print('\nSECRET SCAN: %d texts (%d bytes), %d secret forms, %d hits' % (
        len(texts), sum(len(t) for _w, t in texts), len(secrets), len(hits)))
