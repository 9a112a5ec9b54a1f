# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The table of bad-input cases in docs/troubleshooting.md, rendered from test_bad_input.CASES.

test_bad_input.test_troubleshooting_table_is_current fails when the page and the cases differ; run it with
BAD_INPUT_WRITE_DOCS=1 to rewrite the table between its two marker lines.
"""

from __future__ import annotations

import json
import os

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PAGE = os.path.join(ROOT, 'docs', 'troubleshooting.md')
START = '<!-- bad-input cases: start (generated from tests/reliability/test_bad_input.py; do not edit) -->'
END = '<!-- bad-input cases: end -->'
INPUT_WIDTH = 70
SENT = {'zero requests': 'nothing', 'reads only': 'reads only', 'writes': 'the rejected write'}


def _cell(text):
    return text.replace('|', '\\|').replace('`', "'")


def _input(args):
    text = json.dumps(args, ensure_ascii=True, sort_keys=False, default=str)
    if len(text) > INPUT_WIDTH:
        text = text[:INPUT_WIDTH - 3] + '...'
    return _cell(text)


def render(cases):
    lines = [START, '', '| Case | Module | Input (beyond the connection options) | The message contains | Sent to the API |',
             '|---|---|---|---|---|']
    for case_id, module_name, args, words, reach in cases:
        lines.append('| %s | %s | `%s` | %s | %s |' % (
            case_id, module_name.replace('cloudagent_', ''), _input(args),
            '; '.join('`%s`' % _cell(word) for word in words), SENT[reach]))
    lines += ['', END]
    return '\n'.join(lines)


def current_section(page_text):
    """The generated section of the page as it stands (markers included), or None when it is missing."""
    if START not in page_text or END not in page_text:
        return None
    start = page_text.index(START)
    return page_text[start:page_text.index(END, start) + len(END)]


def write(cases, path=PAGE):
    with open(path, encoding='utf-8') as handle:
        text = handle.read()
    section = current_section(text)
    if section is None:
        raise ValueError('%s has no %r ... %r section to replace' % (path, START, END))
    with open(path, 'w', encoding='utf-8') as handle:
        handle.write(text.replace(section, render(cases)))
