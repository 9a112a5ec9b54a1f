# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""scripts/secret_scan.py: every form of every secret is found and located, the secret itself never shown;
the token logs and the collection's token-cache files are the only exclusions."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from urllib.parse import quote, quote_plus

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SCAN = os.path.join(ROOT, 'scripts', 'secret_scan.py')
KEY = 'KKscan+Key/with=chars01'
OTHER_KEY = 'KKscanOther0000000000002'
TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ0b2tlbl91c2VyIiwianRpIjoiYWJjZGVmIn0.c2lnbmF0dXJlLXNpZ25hdHVyZS1zaWc'
CACHE_NAME = 'a' * 64 + '.json'


def _run(*args):
    proc = subprocess.run([sys.executable, SCAN] + [str(arg) for arg in args], capture_output=True, text=True,
                          check=False, timeout=60)
    return proc.returncode, proc.stdout + proc.stderr


def _setup(tmp_path):
    fixture = tmp_path / 'fixture.json'
    fixture.write_text(json.dumps({'users': [{'userName': 'scan_user', 'apiKey': KEY},
                                             {'userName': 'other_user', 'apiKey': OTHER_KEY}]}))
    out = tmp_path / 'output'
    (out / 'run' / 'home' / '.ansible' / 'cloudagent' / 'tokens').mkdir(parents=True)
    token_log = out / 'run' / 'tokens.log'
    token_log.write_text(TOKEN + '\n')
    (out / 'run' / 'ledger.json').write_text('{"desired": {"numbers": ["+919000000001"]}}\n')
    (out / 'run' / 'home' / '.ansible' / 'cloudagent' / 'tokens' / CACHE_NAME).write_text(
        json.dumps({'token': TOKEN, 'expires_at': 1}))
    return fixture, out, token_log


def test_clean_tree_passes_with_one_summary_line(tmp_path):
    fixture, out, token_log = _setup(tmp_path)
    rc, text = _run('--fixture', fixture, '--token-log', token_log, '--min-tokens', '1', out)
    assert rc == 0, text
    assert text.splitlines()[-1].startswith('secret scan: scanned ')
    assert ' in 2 files: 0 secrets (2 API keys and 1 tokens' in text  # tokens.log itself is not scanned
    assert '1 token-cache files searched for API keys only' in text
    assert len(text.splitlines()) == 1


def test_every_form_is_found_and_located_but_never_shown(tmp_path):
    fixture, out, token_log = _setup(tmp_path)
    planted = {
        'log.txt': 'line one\nline two\nAuthorization: apiKey %s\n' % KEY,
        'deep/dir/url.txt': 'GET /CAServices/PhoneManageV2.php?apiKey=%s&userName=x\n' % quote(KEY, safe=''),
        'form.txt': '\n' * 6 + 'path/%s\n' % quote(KEY),
        'result.json': json.dumps({'k': KEY}).replace('/', '\\/') + '\n',
        'junit.xml': '<x>Bearer %s</x>\n' % TOKEN,
        'payload.txt': '\n\n' + TOKEN.split('.')[1] + '\n',
    }
    for name, text in planted.items():
        path = out / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    cache = out / 'run' / 'home' / '.ansible' / 'cloudagent' / 'tokens' / CACHE_NAME
    cache.write_text(json.dumps({'token': TOKEN, 'expires_at': 1, 'oops': OTHER_KEY}))
    rc, text = _run('--fixture', fixture, '--token-log', token_log, out)
    assert rc == 1, text
    expected = [
        ('log.txt:3', 'API key of scan_user (fixture.json), as is'),
        ('deep/dir/url.txt:1', 'API key of scan_user (fixture.json), URL-encoded'),
        ('form.txt:7', 'API key of scan_user (fixture.json), URL-encoded, / kept'),
        ('result.json:1', 'API key of scan_user (fixture.json), JSON-escaped'),
        ('junit.xml:1', 'token 1 of %s, as is' % token_log),
        ('payload.txt:3', 'part 1 of token 1 of %s, as is' % token_log),
        ('%s:1' % CACHE_NAME, 'API key of other_user (fixture.json), as is'),
    ]
    for where, what in expected:
        assert any(line.endswith(where + ': ' + what) for line in text.splitlines()), (where, what, text)
    assert ' 7 secrets ' in text.splitlines()[-1]
    assert 'token 1' not in ' '.join(line for line in text.splitlines() if CACHE_NAME in line)  # cache: keys only
    for secret in (KEY, quote(KEY, safe=''), quote(KEY), quote_plus(KEY), OTHER_KEY, TOKEN, TOKEN.split('.')[1]):
        assert secret not in text


def test_too_few_tokens_or_a_missing_path_is_a_usage_failure(tmp_path):
    fixture, out, token_log = _setup(tmp_path)
    token_log.write_text('')
    rc, text = _run('--fixture', fixture, '--token-log', token_log, '--min-tokens', '1', out)
    assert rc == 2 and 'was token mode exercised?' in text
    rc, text = _run('--fixture', fixture, out / 'absent')
    assert rc == 2 and 'missing' in text
