#!/usr/bin/env python
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Scan files for secrets: the API keys of simulator fixtures and the tokens simulators minted.

    python scripts/secret_scan.py --fixture F [--fixture F2] [--token-log L ...] [--min-tokens N] PATH...

Every file under each PATH is read as bytes and searched for every form a secret can take in output: as is,
URL-encoded (%-quoted and form-encoded), JSON-escaped, and, for a token (a JWT here), its payload and
signature alone. Zero hits: one summary line, exit 0. Hits: one line per file and line number naming which
secret and which form (the secret itself is never printed), exit 1.

Exclusions, exactly these:
  * the token logs given with --token-log: they are the list of tokens to look for;
  * a token-cache file of the collection (``.../.ansible/cloudagent/tokens/<64 hex>.json``) holds a token
    by design, so it is searched for the API keys only.
Symbolic links are not followed. Exit 2 on bad usage (no secret to look for, a missing path, fewer
tokens than --min-tokens: then token mode was not exercised and a clean scan would prove nothing).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from urllib.parse import quote, quote_plus

TOKEN_CACHE = re.compile(r'(^|/)\.ansible/cloudagent/tokens/[0-9a-f]{64}\.json$')
MAX_LINES_SHOWN = 5


def forms(secret):
    """{form text: form name} of one secret, as it may appear in logs, URLs and JSON."""
    found = {secret: 'as is'}
    for name, text in (('URL-encoded', quote(secret, safe='')), ('URL-encoded, / kept', quote(secret)),
                       ('form-encoded', quote_plus(secret)),
                       ('JSON-escaped', json.dumps(secret)[1:-1].replace('/', '\\/'))):
        found.setdefault(text, name)
    return found


def fixture_keys(path):
    """[(label, API key)] of every user of a simulator fixture."""
    with open(path, encoding='utf-8') as handle:
        data = json.load(handle)
    return [('API key of %s (%s)' % (user['userName'], os.path.basename(path)), user['apiKey'])
            for user in data.get('users', []) if user.get('apiKey')]


def logged_tokens(paths):
    """[(label, token)] from simulator token logs, plus the payload and signature of each JWT-shaped token."""
    tokens = []
    for path in paths:
        with open(path, encoding='utf-8') as handle:
            for number, line in enumerate(handle, 1):
                if line.strip():
                    tokens.append(('token %d of %s' % (number, path), line.strip()))
    parts = {}
    for label, token in tokens:
        for index, part in enumerate(token.split('.')[1:], 1):
            if len(part) >= 20:
                parts.setdefault(part, []).append('part %d of %s' % (index, label))
    # A part two tokens share (none expected) would only say "a JWT", not which secret: leave it out.
    return tokens + [(labels[0], part) for part, labels in parts.items() if len(labels) == 1]


def needles(secrets):
    """[(bytes to look for, description)] for [(label, secret)], longest first."""
    found = {}
    for label, secret in secrets:
        for text, form in forms(secret).items():
            found.setdefault(text.encode('utf-8'), '%s, %s' % (label, form))
    return sorted(found.items(), key=lambda item: -len(item[0]))


def files_under(paths, skip):
    for path in paths:
        if os.path.isfile(path):
            if os.path.abspath(path) not in skip:
                yield path
            continue
        for base, dirs, names in os.walk(path):
            dirs.sort()
            for name in sorted(names):
                full = os.path.join(base, name)
                if not os.path.islink(full) and os.path.abspath(full) not in skip:
                    yield full


def scan_file(content, wanted):
    """[(line number, description)] of the needles found in content (longest first; a match inside a longer
    one, such as a JWT's payload inside the whole token, is not counted again); at most MAX_LINES_SHOWN a needle."""
    hits, spans = [], []
    for needle, description in wanted:
        start = content.find(needle)
        shown = 0
        while start != -1 and shown < MAX_LINES_SHOWN:
            end = start + len(needle)
            if not any(low <= start and end <= high for low, high in spans):
                spans.append((start, end))
                hits.append((content.count(b'\n', 0, start) + 1, description))
                shown += 1
            start = content.find(needle, end)
    return hits


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n', 1)[0])
    parser.add_argument('paths', nargs='+', help='files or directories to scan')
    parser.add_argument('--fixture', action='append', default=[], help='simulator fixture whose API keys to look for')
    parser.add_argument('--token-log', action='append', default=[], help='simulator --token-log file')
    parser.add_argument('--min-tokens', type=int, default=0, help='fail unless the token logs hold this many tokens')
    args = parser.parse_args(argv)
    started = time.monotonic()
    missing = [path for path in args.paths + args.fixture + args.token_log if not os.path.exists(path)]
    if missing:
        print('secret scan: FAILED: missing %s' % ', '.join(missing))
        return 2
    keys = [item for path in sorted(set(args.fixture)) for item in fixture_keys(path)]
    tokens = logged_tokens(args.token_log)
    whole_tokens = [item for item in tokens if item[0].startswith('token ')]
    if not keys or len(whole_tokens) < args.min_tokens:
        print('secret scan: FAILED: %d API keys and %d tokens to look for (at least 1 key and %d tokens needed: was '
              'token mode exercised?)' % (len(keys), len(whole_tokens), args.min_tokens))
        return 2
    all_needles, key_needles = needles(keys + tokens), needles(keys)
    skip = {os.path.abspath(path) for path in args.token_log}
    total = count = caches = 0
    hits = []
    for path in files_under(args.paths, skip):
        with open(path, 'rb') as handle:
            content = handle.read()
        count += 1
        total += len(content)
        cache = bool(TOKEN_CACHE.search(os.path.abspath(path).replace(os.sep, '/')))
        caches += cache
        hits.extend((path, line, what) for line, what in scan_file(content, key_needles if cache else all_needles))
    seconds = time.monotonic() - started
    for path, line, what in sorted(hits):
        print('secret scan: %s:%d: %s' % (path, line, what))
    summary = (total, count, len(hits), len(keys), len(whole_tokens), len(all_needles), caches, seconds)
    print('secret scan: scanned %d bytes in %d files: %d secrets (%d API keys and %d tokens in %d forms; %d token-cache '
          'files searched for API keys only; %.1f s)' % summary)
    return 1 if hits else 0


if __name__ == '__main__':
    sys.exit(main())
