# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""cloudagent_agent_info against the simulator: found, missing (both not-found readings), bad ids, a failure."""

from __future__ import annotations

import pytest

from ansible_collections.ozonetel.cloudagent.plugins.modules import cloudagent_agent_info
from ansible_collections.ozonetel.cloudagent.tests.unit.module_runner import clear_cloudagent_environment, run_module

API_KEY = 'KKdemo00000000000000000000000001'


@pytest.fixture(autouse=True)
def fresh(sim, monkeypatch):
    sim.reset()
    clear_cloudagent_environment(monkeypatch)


def run(capsys, sim, ids, failed=False, key=API_KEY):
    args = {'username': 'demo_user', 'api_key': key, 'base_url': sim.base_url, 'agent_ids': ids}
    return run_module(capsys, cloudagent_agent_info, args, failed=failed, secrets=(API_KEY,))


@pytest.mark.parametrize('not_found', ['agent_not_found', 'empty'])
def test_found_and_missing(capsys, sim, not_found):
    state = sim.state()
    state['behaviour']['agent_details_not_found'] = not_found
    sim.set_state(state)
    result = run(capsys, sim, ['asha01', 'ghost', 'ravi02', 'asha01'])
    assert result['agents'] == [
        {'agent_id': 'asha01', 'name': 'Asha', 'skills': ['General', 'Sales'],
         'runtime': {'state': 'READY', 'mode': 'Manual', 'phone_number': '9180000101'}},
        {'agent_id': 'ravi02', 'name': 'Ravi', 'skills': ['Support'],
         'runtime': {'state': 'LOGGED OUT', 'mode': 'Manual', 'phone_number': None}}]
    assert result['missing'] == ['ghost'] and result['api_requests']['read'] == 3 and not result['changed']
    assert [entry['kind'] for entry in sim.journal()] == ['read'] * 3


def test_bad_id_before_any_request(capsys, sim):
    sim.clear_journal()
    result = run(capsys, sim, ['ok1', 'has space'], failed=True)
    assert 'agent_ids[1]' in result['msg'] and sim.journal() == []


def test_wrong_key_fails_naming_the_agent(capsys, sim):
    result = run(capsys, sim, ['asha01'], failed=True, key='KKwrong')
    assert result['msg'].startswith('1 of 1 lookups failed: asha01:') and 'userName or apiKey is Invalid' in result['msg']
