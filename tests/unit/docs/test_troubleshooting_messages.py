# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""docs/troubleshooting.md quotes only messages the collection really produces.

Every table row of that page starts with the message, in backticks; `...` in a quote stands for the part
the code fills in (a name, a number, the API's words). Each quote must match one string literal of
plugins/ (adjacent literals count as one, as Python joins them), its fixed parts in that order, so a
reworded message fails this test until the page follows.
"""

from __future__ import annotations

import ast
import os
import re

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
PAGE = os.path.join(ROOT, 'docs', 'troubleshooting.md')
DOC_NAMES = {'DOCUMENTATION', 'EXAMPLES', 'RETURN'}
PLACEHOLDER = '...'
GENERATED_MARK = '<!-- bad-input cases:'
MIN_FIXED = 8  # a quote needs at least one fixed part this long, so it cannot match by accident


def _doc_nodes(tree):
    """Constants that are documentation, not messages: docstrings and DOCUMENTATION/EXAMPLES/RETURN."""
    skip = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and any(getattr(t, 'id', None) in DOC_NAMES for t in node.targets):
            skip.update(id(n) for n in ast.walk(node.value))
        body = getattr(node, 'body', None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
            skip.add(id(body[0].value))
    return skip


def plugin_strings():
    found = []
    for directory, _unused, files in os.walk(os.path.join(ROOT, 'plugins')):
        if os.path.basename(directory) == 'doc_fragments':
            continue
        for name in sorted(files):
            if name.endswith('.py'):
                with open(os.path.join(directory, name), encoding='utf-8') as handle:
                    tree = ast.parse(handle.read())
                skip = _doc_nodes(tree)
                found.extend(n.value for n in ast.walk(tree)
                             if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in skip)
    return found


def table_rows():
    """(line number, backticked texts of the first cell) for every table body row of the page."""
    rows = []
    with open(PAGE, encoding='utf-8') as handle:
        lines = handle.read().splitlines()
    generated = False
    for number, line in enumerate(lines, 1):
        if line.startswith(GENERATED_MARK):  # the table of bad-input cases: checked by its own drift test
            generated = line.startswith(GENERATED_MARK + ' start')
            continue
        if generated or not line.startswith('|') or re.match(r'^\|[\s:|-]+\|?$', line):
            continue
        if number < len(lines) and re.match(r'^\|[\s:|-]+\|?$', lines[number]):
            continue  # a header row
        rows.append((number, re.findall(r'`([^`]+)`', line.split('|')[1])))
    return rows


def occurs(quote, strings):
    parts = quote.split(PLACEHOLDER)
    pattern = re.compile('.*?'.join(re.escape(part) for part in parts), re.DOTALL)
    return any(pattern.search(text) for text in strings)


ROWS = table_rows()
QUOTES = [(number, quote) for number, quotes in ROWS for quote in quotes]
STRINGS = plugin_strings()


def test_the_page_quotes_many_messages():
    assert len(QUOTES) >= 40


def test_every_row_starts_with_a_quoted_message():
    assert [number for number, quotes in ROWS if not quotes] == []


@pytest.mark.parametrize('line,quote', QUOTES, ids=['line%d' % n for n, _unused in QUOTES])
def test_quote_is_a_message_of_the_collection(line, quote):
    assert max(len(part.strip()) for part in quote.split(PLACEHOLDER)) >= MIN_FIXED, 'line %d: quote too short' % line
    assert occurs(quote, STRINGS), (
        'docs/troubleshooting.md:%d quotes `%s`, which no string literal in plugins/ contains' % (line, quote))


def test_a_reworded_message_is_caught():
    strings = ["number %s is already held by phone '%s', so phone '%s' cannot have it"]
    assert occurs("number ... is already held by phone '...', so phone '...' cannot have it", strings)
    assert not occurs('number ... is already owned by phone', strings)
    assert not occurs('cannot have it ... number', strings)  # the fixed parts must come in this order
