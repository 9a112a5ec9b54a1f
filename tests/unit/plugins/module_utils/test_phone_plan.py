# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""module_utils/phone.py planning: pure functions from an item and what was read to a Plan of typed Steps."""

from __future__ import annotations

import pytest

from ansible_collections.ozonetel.cloudagent.plugins.module_utils import phone
from ansible_collections.ozonetel.cloudagent.plugins.module_utils.engine import ItemFailure, Problems


def item(**raw):
    raw = dict({'name': 'desk-1', 'number': '12345', 'skills': None, 'state': None, 'rename_from': None}, **raw)
    problems = Problems()
    found = phone.canonical_item(raw, '', problems, 'present')
    assert not problems, problems.messages
    return found


def read(phone_on_server=None, record=None, old=None, old_record=None, holder=None):
    return {'phone': phone_on_server, 'record': record, 'old': old, 'old_record': old_record, 'holder': holder}


DESK = {'name': 'desk-1', 'number': '12345'}


def test_create_sends_the_skills_and_predicts_them():
    plan = phone.plan_current(item(skills=['Sales', 'General']), read(), force=False)
    assert plan.steps == [phone.Step('create', {'phoneNumber': '12345', 'phoneName': 'desk-1', 'skill': 'General,Sales'})]
    assert plan.before is None and plan.after == {'name': 'desk-1', 'number': '12345', 'skills': ['General', 'Sales']}


def test_a_recorded_phone_as_asked_needs_no_write():
    record = dict(DESK, skills=['Sales'])
    plan = phone.plan_current(item(skills=['Sales']), read(DESK, record), force=False)
    assert plan.steps == [] and plan.after == record


def test_only_the_skill_difference_is_sent():
    plan = phone.plan_current(item(skills=['Support']), read(DESK, dict(DESK, skills=['Sales'])), force=False)
    assert [s.verb for s in plan.steps] == ['edit']
    assert plan.steps[0].body == {'phoneNumber': '12345', 'phoneName': 'desk-1', 'phoneNumberNew': '12345',
                                  'assignSkill': 'Support', 'unAssignSkill': 'Sales'}
    assert plan.steps[0].skills_sent == 'Support' and plan.steps[0].carries_skills


def test_a_record_of_another_number_is_not_trusted_and_the_plan_says_it_guesses():
    plan = phone.plan_current(item(skills=['Sales']), read(DESK, {'name': 'desk-1', 'number': '999', 'skills': ['Sales']}),
                              force=False)
    assert plan.uncertain is True and plan.before['skills'] is None
    assert plan.steps[0].body['assignSkill'] == 'Sales'


def test_empty_skills_without_a_record_warn_that_nothing_can_be_removed():
    plan = phone.plan_current(item(skills=[]), read(DESK), force=False)
    assert plan.steps == [] and 'cannot remove skills of a phone without a record' in plan.warnings[0]


def test_rename_edits_the_old_phone_and_forgets_its_record():
    old = {'name': 'desk-0', 'number': '12345'}
    plan = phone.plan_current(item(rename_from='desk-0'), read(old=old, old_record=dict(old, skills=['Sales'])),
                              force=False)
    step = plan.steps[0]
    assert step.verb == 'edit' and step.renamed == old and step.body['phoneNameNew'] == 'desk-1'
    assert plan.after == {'name': 'desk-1', 'number': '12345', 'skills': ['Sales'], 'renamed_from': 'desk-0'}
    assert phone.records(item(rename_from='desk-0'), plan.after) == {
        'desk-1': {'desired': {'name': 'desk-1', 'number': '12345', 'skills': ['Sales']}}, 'desk-0': None}


def test_a_number_held_by_another_phone_fails_while_planning():
    with pytest.raises(ItemFailure) as caught:
        phone.plan_current(item(), read(holder={'name': 'desk-9', 'number': '12345'}), force=False)
    assert "already held by phone 'desk-9'" in str(caught.value) and caught.value.details['code'] == 'number_held'
    assert caught.value.after is None and caught.value.applied is False


def test_delete_checks_the_number_it_was_given():
    with pytest.raises(ItemFailure, match='holds number 12345, not 999'):
        phone.plan_current(item(state='absent', number='999'), read(DESK), force=False)
    plan = phone.plan_current(item(state='absent', number=None), read(DESK), force=False)
    assert plan.steps == [phone.Step('delete', {'phoneNumber': '12345', 'phoneName': 'desk-1'})] and plan.after is None


def test_legacy_plans_from_the_record_alone():
    assert phone.plan_legacy(item(), {'record': None, 'old_record': None}, force=False).uncertain is True
    record = dict(DESK, skills=['Sales'])
    assert phone.plan_legacy(item(skills=['Sales']), {'record': record, 'old_record': None}, force=False).steps == []
    forced = phone.plan_legacy(item(skills=['Sales']), {'record': record, 'old_record': None}, force=True)
    assert forced.steps[0].body['assignSkill'] == 'Sales'  # force sends the whole set again
    rewritten = phone.plan_legacy(item(), {'record': record, 'old_record': None}, force=True)
    assert [s.verb for s in rewritten.steps] == ['edit'] and rewritten.uncertain is True
    with pytest.raises(ItemFailure, match='give number'):
        phone.plan_legacy(item(state='absent', number=None), {'record': None, 'old_record': None}, force=False)


def test_claims_declare_what_two_phones_of_one_task_may_not_share():
    assert phone.claims(item(rename_from='desk-0')) == [('name', 'desk-1', 'name'), ('number', '12345', 'number'),
                                                        ('name', 'desk-0', 'rename_from')]
    assert phone.claims(item(state='absent', number=None)) == [('name', 'desk-1', 'name')]


def test_canonical_item_names_every_problem():
    problems = Problems()
    found = phone.canonical_item({'name': '_bad', 'number': None, 'skills': ['x'], 'state': 'absent',
                                  'rename_from': 'old'}, 'phones[3]', problems, 'present')
    assert found is None
    assert [m.split(':')[0] for m in problems.messages] == ['phones[3].name', 'phones[3].skills', 'phones[3].rename_from']
