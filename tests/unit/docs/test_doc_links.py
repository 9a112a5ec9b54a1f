# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Relative links in README.md and docs/*.md point at files that exist, and #anchors at headings in them."""

from __future__ import annotations

import glob
import os
import re

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
PAGES = [os.path.join(ROOT, 'README.md')] + sorted(glob.glob(os.path.join(ROOT, 'docs', '*.md')))
LINK = re.compile(r'\[[^\]]*\]\(([^)\s]+)\)')


def slug(heading):
    """The anchor a git host gives a Markdown heading: lower case, punctuation dropped, spaces to '-'."""
    return re.sub(r'[^\w\- ]', '', heading.strip().lower()).replace(' ', '-')


def anchors(path):
    with open(path, encoding='utf-8') as handle:
        text = re.sub(r'```.*?```', '', handle.read(), flags=re.DOTALL)
    return {slug(match) for match in re.findall(r'^#{1,6} +(.+)$', text, flags=re.MULTILINE)}


def relative_links(path):
    with open(path, encoding='utf-8') as handle:
        text = re.sub(r'```.*?```', '', handle.read(), flags=re.DOTALL)
    return [link for link in LINK.findall(text) if not re.match(r'^[a-z]+:', link)]


CASES = [(page, link) for page in PAGES for link in relative_links(page)]


def test_slug_follows_the_git_host_rules():
    assert slug('3. The known-state store needs Redis in AWX') == '3-the-known-state-store-needs-redis-in-awx'
    assert slug('The `token` option') == 'the-token-option'


@pytest.mark.parametrize('page,link', CASES, ids=['%s:%s' % (os.path.relpath(p, ROOT), l) for p, l in CASES])
def test_relative_link_resolves(page, link):
    target, _unused, anchor = link.partition('#')
    path = os.path.normpath(os.path.join(os.path.dirname(page), target)) if target else page
    assert os.path.exists(path), '%s links to missing %s' % (os.path.relpath(page, ROOT), target)
    if anchor:
        assert path.endswith('.md') and anchor in anchors(path), '%s: no heading for #%s' % (link, anchor)
