# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Agents' pure planning and request bodies: every Q1/Q4/Q6 reading, the write-only policy, the password."""

from __future__ import annotations

import pytest

from ansible_collections.ozonetel.cloudagent.plugins.module_utils import agent
from ansible_collections.ozonetel.cloudagent.plugins.module_utils.endpoints import endpoint
from ansible_collections.ozonetel.cloudagent.plugins.module_utils.engine import Problems
from ansible_collections.ozonetel.cloudagent.plugins.module_utils.errors import ValidationError

SECRET = 'S3cret-pass'


def item(**raw):
    raw = dict({'agent_id': 'asha01', 'name': 'Asha', 'email': 'asha@example.com', 'password': SECRET}, **raw)
    problems = Problems()
    found = agent.canonical_item(raw, '', problems)
    assert not problems, problems.messages
    return found


def problems_of(**raw):
    problems = Problems()
    assert agent.canonical_item(dict({'agent_id': 'a1'}, **raw), 'agents[0]', problems) is None
    return problems.message()


CURRENT = {'agent_id': 'asha01', 'name': 'Asha', 'skills': ['General', 'Sales'], 'runtime': None}


@pytest.mark.parametrize('raw, text', [
    ({'agent_id': 'a b'}, 'agents[0].agent_id'),
    ({'name': 'Asha K'}, "agents[0].name: 'Asha K' is not an agent name"),
    ({'email': 'asha'}, 'agents[0].email'),
    ({'password': 'ab'}, 'agents[0].password: must be 3 to 50 characters'),
    ({'skills': ['Sales', 'sales']}, "skill 'sales' is listed twice"),
    ({'skills': [{'name': 'Sales', 'priority': 10}]}, 'agents[0].skills[0].priority'),
    ({'skills': ['a,b']}, 'contain no comma'),
    ({'modes': {'inbund': True}}, 'unknown mode(s) inbund'),
    ({'groups': ['Night,Day']}, 'agents[0].groups[0]'),
    ({'agent_data': 'has space'}, 'agents[0].agent_data'),
    ({'locked': 'yes'}, 'agents[0].locked: must be true or false'),
    ({'state': 'absent', 'name': 'Asha'}, 'state=absent deletes the agent; name would not be used'),
])
def test_bad_input_names_the_field(raw, text):
    assert text in problems_of(**raw)


def test_password_never_in_a_message():
    assert 'xy' not in problems_of(password='xy')


def test_csv_cannot_carry_priorities():
    with pytest.raises(ValidationError, match='skill priorities need an object skill_format'):
        agent.check_options(item(skills=[{'name': 'Sales', 'priority': 1}]), 'csv')
    agent.check_options(item(skills=['Sales']), 'csv')


def test_create_body_has_only_the_documented_fields():
    full = item(skills=['Sales'], modes={'inbound': True}, groups=['Night'], locked=True, agent_data='team.a',
                sip_location='blr', screen_recording=True, auto_answer='All', call_controls={'mute': True})
    assert agent.create_body(full) == {'agentId': 'asha01', 'agentName': 'Asha', 'email': 'asha@example.com',
                                       'password': SECRET, 'agentData': 'team.a', 'sipLocation': 'blr',
                                       'screenRecording': True}
    # Q1: the rest follows in one updateAgent, without the password (it was just set).
    spec = agent.plan_after_create(full)
    body = agent.update_body(full, 'Asha', spec, 'partial', 'skillName')
    assert body == {'agentId': 'asha01', 'assignSkills': [{'skillName': 'Sales'}], 'assignAgentGroups': 'Night',
                    'inbound': True, 'locked': True, 'autoAnswer': 'All', 'callControls': {'mute': True}}


def test_plain_create_needs_no_update():
    assert agent.plan_after_create(item()) == {}
    assert agent.update_body(item(), 'Asha', {}, 'full', 'skillName') is None


def test_nothing_to_do_when_read_and_record_match():
    wanted = item(skills=['General', 'Sales'], locked=False)
    recorded = agent.write_only_desired(wanted)
    assert agent.plan_update(wanted, CURRENT, recorded, force=False) == {}


def test_skills_diffed_case_insensitively_and_purged():
    spec = agent.plan_update(item(skills=['general', 'Billing']), CURRENT, {'email': 'asha@example.com'}, force=False)
    assert spec == {'assign': [('Billing', None)], 'unassign': ['Sales']}
    kept = agent.plan_update(item(skills=['Billing'], purge_skills=False), CURRENT, {'email': 'asha@example.com'},
                             force=False)
    assert kept == {'assign': [('Billing', None)]}
    assert agent.predicted(item(), CURRENT, spec)['skills'] == ['Billing', 'General']


def test_skill_priority_is_write_only():
    wanted = item(skills=[{'name': 'Sales', 'priority': 2}, 'General'])
    recorded = {'email': 'asha@example.com', 'skillPriorities': {'Sales': 2}}
    assert agent.plan_update(wanted, CURRENT, recorded, force=False) == {}
    recorded['skillPriorities'] = {'Sales': 5}
    assert agent.plan_update(wanted, CURRENT, recorded, force=False) == {'assign': [('Sales', 2)]}


@pytest.mark.parametrize('recorded, force, sent', [
    ({'email': 'asha@example.com', 'locked': False}, False, {}),
    ({'email': 'old@example.com', 'locked': False}, False, {'email': 'asha@example.com'}),
    (None, False, {'email': 'asha@example.com', 'locked': False}),            # no record: sent once
    ({'email': 'asha@example.com', 'locked': False}, True, {'email': 'asha@example.com', 'locked': False}),
])
def test_write_only_fields_compared_with_the_record(recorded, force, sent):
    spec = agent.plan_update(item(locked=False), CURRENT, recorded, force)
    assert spec.get('fields', {}) == sent


def test_groups_follow_the_record():
    spec = agent.plan_update(item(groups=['Day', 'Night']), CURRENT, {'email': 'asha@example.com', 'groups': ['Late', 'Night']},
                             force=False)
    assert (spec['groups_add'], spec['groups_remove']) == (['Day'], ['Late'])
    body = agent.update_body(item(groups=['Day', 'Night']), 'Asha', spec, 'partial', 'skillName')
    assert (body['assignAgentGroups'], body['unAssignAgentGroups']) == ('Day', 'Late')


def test_password_on_create_is_never_sent_on_update():
    wanted = item(update_password='on_create', email='new@example.com')
    spec = agent.plan_update(wanted, CURRENT, {'email': 'asha@example.com'}, force=True)
    body = agent.update_body(wanted, 'Asha', spec, 'partial', 'skillName')
    assert 'password' not in body and body['email'] == 'new@example.com'


def test_password_always_is_sent_every_time():
    wanted = item(update_password='always')
    spec = agent.plan_update(wanted, CURRENT, agent.write_only_desired(wanted), force=False)
    assert spec == {'password': True}
    assert agent.update_body(wanted, 'Asha', spec, 'partial', 'skillName') == {'agentId': 'asha01', 'password': SECRET}


def test_rename_sends_current_and_new_name():
    spec = agent.plan_update(item(name='Asha_K'), CURRENT, {'email': 'asha@example.com'}, force=False)
    body = agent.update_body(item(name='Asha_K'), 'Asha', spec, 'partial', 'skillName')
    assert body == {'agentId': 'asha01', 'agentName': 'Asha', 'agentNameNew': 'Asha_K'}


def test_q4_full_body_carries_name_email_password():
    wanted = item(skills=['General', 'Sales', 'Billing'])
    spec = agent.plan_update(wanted, CURRENT, agent.write_only_desired(wanted), force=False)
    body = agent.update_body(wanted, 'Asha', spec, 'full', 'skillName')
    assert body == {'agentId': 'asha01', 'agentName': 'Asha', 'email': 'asha@example.com', 'password': SECRET,
                    'assignSkills': [{'skillName': 'Billing'}]}


def test_q4_full_without_password_fails_before_sending():
    wanted = item(password=None)
    text = agent.full_body_problem(wanted, CURRENT, 'full')
    assert 'password is not given' in text and 'nothing was sent' in text
    assert agent.full_body_problem(wanted, CURRENT, 'partial') is None
    assert agent.full_body_problem(item(), CURRENT, 'full') is None


@pytest.mark.parametrize('skill_format, value', [
    ('skillName', [{'skillName': 'Sales', 'priority': 1}, {'skillName': 'QA'}]),
    ('name', [{'name': 'Sales', 'priority': 1}, {'name': 'QA'}]),
    ('csv', 'Sales,QA'),
])
def test_q6_skill_formats(skill_format, value):
    assert agent.skills_value([('Sales', 1 if skill_format != 'csv' else None), ('QA', None)], skill_format) == value


def test_details_row_parsed():
    row = {'State': 'READY', 'Since': '00:06:54', 'Skill': 'webChat, Hyderabad, offline_hyd', 'AgentName': 'Asha',
           'PhoneNumber': None, 'AgentId': 'asha01', 'Mode': 'Manual'}
    state = agent.details_state(row)
    assert state['skills'] == ['Hyderabad', 'offline_hyd', 'webChat'] and state['name'] == 'Asha'
    assert agent.details_state(dict(row, Skill=''))['skills'] == []


def test_record_never_holds_the_password():
    wanted = item(skills=[{'name': 'Sales', 'priority': 2}], modes={'blended_inbound': True}, update_password='always')
    spec = agent.plan_after_create(wanted)
    applied = agent.applied_write_only(wanted, None, spec, created=True)
    desired, server = agent.record_of(wanted, agent.predicted(wanted, None, spec), applied)
    assert SECRET not in repr((desired, server)) and 'password' not in repr(desired).lower()
    assert applied['blendedInbound'] is True and applied['skillPriorities'] == {'Sales': 2}


def test_applied_after_update_keeps_what_was_not_sent():
    wanted = item(locked=True)
    recorded = {'email': 'asha@example.com', 'locked': False, 'agentData': 'x1'}
    spec = agent.plan_update(wanted, CURRENT, recorded, force=False)
    expected = {'email': 'asha@example.com', 'locked': True, 'agentData': 'x1'}
    assert agent.applied_write_only(wanted, recorded, spec, created=False) == expected


def test_created_but_update_failed_records_only_what_create_carried():
    wanted = item(skills=[{'name': 'Sales', 'priority': 2}], groups=['Night'], locked=True, agent_data='team.a')
    assert agent.applied_write_only(wanted, None, {}, created=True) == {'email': 'asha@example.com', 'agentData': 'team.a'}


@pytest.mark.parametrize('count, minutes', [(10, None), (11, 1), (100, 9), (1000, 99)])
def test_check_mode_estimate(count, minutes):
    text = agent.check_mode_estimate(count, endpoint('agent_details').limit)
    assert text is None if minutes is None else 'at least %d min' % minutes in text


def test_time_needed_at_the_declared_write_limit():
    limit = endpoint('agent_create').limit
    assert (limit.requests, limit.window) == (5, 60.0) and endpoint('agent_details').limit == (10, 60.0)
    assert agent.time_needed(5, limit) == 0 and agent.time_needed(6, limit) == 60 and agent.time_needed(100, limit) == 19 * 60
