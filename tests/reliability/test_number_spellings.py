# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Phones keep the number as typed, block numbers are +91...: a lookup by number finds a phone under any
spelling of the same Indian number, and one task cannot give two phones two spellings of one number
(issue 16 item 9; the reasoning is in docs/idempotence.md)."""

from __future__ import annotations

import pytest

from ansible_collections.ozonetel.cloudagent.plugins.module_utils import validate
from ansible_collections.ozonetel.cloudagent.tests.reliability.rel_harness import (
    DEMO_KEY, DEMO_USER, connection, module_by_name, run_module)


@pytest.mark.parametrize('number', ['9876500201', '09876500201', '919876500201', '+919876500201'])
def test_the_four_spellings_of_an_indian_number(number):
    spellings = validate.indian_spellings(number)
    assert spellings[0] == number
    assert sorted(spellings) == sorted(['9876500201', '09876500201', '919876500201', '+919876500201'])
    assert validate.number_key(number) == '+919876500201'


@pytest.mark.parametrize('number', ['+14155550100', '12345', '4412345670123', '+9198765002011'])
def test_other_numbers_have_one_spelling(number):
    assert validate.indian_spellings(number) == [number] and validate.number_key(number) == number


def info(capsys, sim, numbers):
    args = {'base_url': sim.base_url, 'username': DEMO_USER, 'api_key': DEMO_KEY, 'numbers': numbers}
    return run_module(capsys, module_by_name('cloudagent_phone_info'), args)


def test_phone_info_finds_the_phone_under_another_spelling(capsys, sim, ledger_dir):
    created = run_module(capsys, module_by_name('cloudagent_phone'),
                         dict(connection(sim, ledger_dir), name='Spell1', number='9876500201'))
    assert created['changed'] is True
    sim.clear_journal()
    found = info(capsys, sim, ['+919876500201'])
    assert found['phones'] == [{'name': 'Spell1', 'number': '9876500201'}] and found['missing'] == []
    assert found['api_requests']['read'] == 2  # the spelling given, then the one the phone was created with
    sim.clear_journal()
    found = info(capsys, sim, ['9876500201', '+91 98765 00201', '098765-00201'])  # one number, one lookup
    assert found['phones'] == [{'name': 'Spell1', 'number': '9876500201'}]
    assert found['api_requests']['read'] == 1
    missing = info(capsys, sim, ['+14155550100'])
    assert missing['missing'] == [{'number': '+14155550100'}] and missing['api_requests']['read'] == 1


def test_existing_phone_and_record_are_not_rewritten(capsys, sim, ledger_dir):
    """The phone created as 9876500202 keeps that spelling; rerunning the same task changes nothing."""
    task = dict(connection(sim, ledger_dir), name='Spell2', number='9876500202')
    assert run_module(capsys, module_by_name('cloudagent_phone'), task)['changed'] is True
    sim.clear_journal()
    again = run_module(capsys, module_by_name('cloudagent_phone'), task)
    assert again['changed'] is False and sim.writes() == []
    assert again['phone']['number'] == '9876500202'
