# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The live suite's report: JSON (for us to read by program) and Markdown (to read and send), plus the
terminal table. Everything in it has already passed through the redactor; write() checks once more that
no secret of the run appears in the text it writes.
"""

from __future__ import annotations

import datetime
import json
import os

from ansible_collections.ozonetel.cloudagent.tests.live.verdicts import CONFIRMED, CONTRADICTED, NOT_CHECKED

MARK = {CONFIRMED: 'confirmed', CONTRADICTED: 'CONTRADICTED', NOT_CHECKED: 'not checked'}


def build(live, started):
    """The report as a JSON-able dict."""
    settings = live.config.settings
    return {
        'suite': 'ozonetel.cloudagent live smoke suite',
        'started': started,
        'finished': datetime.datetime.now(datetime.timezone.utc).isoformat(timespec='seconds'),
        'account': {'base_url': settings.base_url, 'username': settings.username, 'auth_mode': settings.auth_mode},
        'opt_ins': {
            'token': live.config.token_opt_in, 'token_limit': live.config.token_limit_opt_in,
            'legacy': live.config.legacy_opt_in, 'did_campaign': live.config.did_campaign,
        },
        'group': live.config.group,
        'counts': live.verdicts.counts(),
        'assumptions': live.verdicts.ordered(),
        'cleanup': [{'step': step, 'outcome': outcome} for step, outcome in live.cleanup_log],
    }


def _cell(text):
    return str(text).replace('|', '\\|').replace('\n', ' ')


def markdown(report):
    lines = ['# CloudAgent live smoke suite report', '',
             '- account: `%s` at %s (auth_mode %s)' % (report['account']['username'], report['account']['base_url'],
                                                       report['account']['auth_mode']),
             '- run: %s to %s' % (report['started'], report['finished']),
             '- opt-ins: %s' % ', '.join('%s=%s' % item for item in sorted(report['opt_ins'].items())),
             '- result: %(confirmed)d confirmed, %(contradicted)d contradicted, %(not checked)d not checked'
             % report['counts'], '',
             '| # | Assumption (docs/api-contract.md) | Verdict | Detail |', '|---|---|---|---|']
    for row in report['assumptions']:
        detail = row['reason'] if row['verdict'] != CONFIRMED else '; '.join(row['notes']) or 'as assumed'
        lines.append('| %s | %s | %s | %s |' % (row['id'], _cell(row['title']), MARK[row['verdict']], _cell(detail)))
    lines += ['', '## Observations', '']
    for row in report['assumptions']:
        if not row['observed'] and not row['notes']:
            continue
        lines += ['### %s. %s: %s' % (row['id'], row['title'], MARK[row['verdict']]), '',
                  'Assumed: %s' % row['expected'], '']
        lines += ['- note: %s' % note for note in row['notes']]
        for item in row['observed']:
            lines.append('- %s: `%s` body `%s` -> HTTP %s `%s`%s' % (
                item['label'], item['request'], json.dumps(item['request_body'], sort_keys=True), item['http_status'],
                json.dumps(item['body'], sort_keys=True), ' headers %s' % json.dumps(item['headers']) if item['headers']
                else ''))
        lines.append('')
    lines += ['## Clean-up', '']
    lines += ['- %s: %s' % (entry['step'], entry['outcome']) for entry in report['cleanup']] or ['- nothing to clean up']
    return '\n'.join(lines) + '\n'


def write(report, directory, secrets):
    """Write report-<UTC time>.json and .md into directory; returns both paths. Refuses to write a secret."""
    os.makedirs(directory, exist_ok=True)
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime('%Y%m%dT%H%M%SZ')
    base = os.path.join(directory, 'report-%s' % stamp)
    serial = 1
    while os.path.exists(base + '.json') or os.path.exists(base + '.md'):  # two runs within one second
        serial += 1
        base = os.path.join(directory, 'report-%s-%d' % (stamp, serial))
    texts = {base + '.json': json.dumps(report, indent=1, sort_keys=True) + '\n', base + '.md': markdown(report)}
    for path, text in texts.items():
        leaked = [secret for secret in secrets if secret and secret in text]
        if leaked:
            raise RuntimeError('the live report %s would contain a secret; not written' % path)
        with open(path, 'w', encoding='utf-8') as handle:
            handle.write(text)
    return sorted(texts)


def table(report):
    """Lines of the terminal summary: one per assumption."""
    width = max(len(row['title']) for row in report['assumptions'])
    lines = []
    for row in report['assumptions']:
        detail = '' if row['verdict'] == CONFIRMED else row['reason']
        if len(detail) > 90:
            detail = detail[:90] + '…'
        lines.append('%-6s %-*s  %-12s %s' % (row['id'], width, row['title'], MARK[row['verdict']], detail))
    return lines
