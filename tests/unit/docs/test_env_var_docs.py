# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The pages that list the CLOUDAGENT_* variables list every one the modules read, and no other."""

from __future__ import annotations

import os
import re

import pytest

from ansible_collections.ozonetel.cloudagent.plugins.module_utils.ledger import LEDGER_ARGSPEC, LEDGER_PASSWORD_ENV
from ansible_collections.ozonetel.cloudagent.plugins.module_utils.options import CONNECTION_ARGSPEC
from ansible_collections.ozonetel.cloudagent.plugins.plugin_utils.in_process import SWITCH_ENV

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
# Pages with a table of the variables (authentication.md: of the connection options only); other pages
# may mention some of them.
COMPLETE = {'README.md': 'all', 'docs/getting-started.md': 'all', 'docs/awx.md': 'all',
            'docs/authentication.md': 'connection'}
PAGES = tuple(COMPLETE) + ('docs/troubleshooting.md', 'docs/development.md', 'docs/architecture.md',
                           'docs/idempotence.md')


def fallbacks(*specs):
    return {name for spec in specs for rules in spec.values() if rules.get('fallback') for name in rules['fallback'][1]}


def read_by_modules(which='all'):
    if which == 'connection':
        return fallbacks(CONNECTION_ARGSPEC)
    return fallbacks(CONNECTION_ARGSPEC, LEDGER_ARGSPEC) | {LEDGER_PASSWORD_ENV}


def mentioned(page):
    with open(os.path.join(ROOT, page), encoding='utf-8') as handle:
        return set(re.findall(r'\bCLOUDAGENT_[A-Z][A-Z0-9_]*\b', handle.read()))


@pytest.mark.parametrize('page,which', sorted(COMPLETE.items()))
def test_page_lists_every_variable(page, which):
    assert len(read_by_modules(which)) >= 9
    assert sorted(read_by_modules(which) - mentioned(page)) == []


def read_by_live_suite():
    """The variables of tests/live (CLOUDAGENT_LIVE and its opt-ins), which the development docs explain."""
    with open(os.path.join(ROOT, 'tests', 'live', 'live_config.py'), encoding='utf-8') as handle:
        return set(re.findall(r'\bCLOUDAGENT_LIVE[A-Z0-9_]*\b', handle.read()))


@pytest.mark.parametrize('page', PAGES)
def test_page_names_no_variable_the_modules_do_not_read(page):
    # SWITCH_ENV is read by the action plugins (the execution path), not a module option's fallback.
    allowed = read_by_modules() | {SWITCH_ENV} | (read_by_live_suite() if page == 'docs/development.md' else set())
    assert sorted(mentioned(page) - allowed) == []
