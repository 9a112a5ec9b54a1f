# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The live suite reports on every assumption of docs/architecture.md's decisions table, and never writes a
report that holds a secret."""

from __future__ import annotations

import os
import re

import pytest

from ansible_collections.ozonetel.cloudagent.tests.live import report
from ansible_collections.ozonetel.cloudagent.tests.live.assumptions import ASSUMPTIONS
from ansible_collections.ozonetel.cloudagent.tests.unit.live_suite.live_runner import ROOT


def test_every_decision_has_a_live_check():
    with open(os.path.join(ROOT, 'docs', 'architecture.md'), encoding='utf-8') as handle:
        table = re.findall(r'^\| (\d+) \| ([^|]+) \|', handle.read(), re.MULTILINE)
    assert len(table) >= 27
    assert [number for number, _title in table] == [item.id for item in ASSUMPTIONS if item.id.isdigit()]


def test_every_assumption_has_a_test():
    sources = ''
    live_dir = os.path.join(ROOT, 'tests', 'live')
    for name in sorted(os.listdir(live_dir)):
        if name.startswith('test_') and name.endswith('.py'):
            with open(os.path.join(live_dir, name), encoding='utf-8') as handle:
                sources += handle.read()
    checked = re.findall(r"live\.check\('([^']+)'\)", sources)
    assert sorted(checked) == sorted(item.id for item in ASSUMPTIONS)


def test_report_refuses_a_secret(tmp_path):
    counts = {'confirmed': 0, 'contradicted': 0, 'not checked': 0}
    data = {'assumptions': [], 'account': {'username': 'u', 'base_url': 'http://127.0.0.1', 'auth_mode': 'api_key'},
            'started': 's', 'finished': 'f', 'opt_ins': {}, 'counts': counts,
            'cleanup': [{'step': 'x', 'outcome': 'leaked KKsecret123'}]}
    with pytest.raises(RuntimeError, match='would contain a secret'):
        report.write(data, str(tmp_path), ['KKsecret123'])
    assert os.listdir(str(tmp_path)) == []
    assert len(report.write(data, str(tmp_path), ['KKother'])) == 2
