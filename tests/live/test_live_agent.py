# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The agent probes of shared/agents-api.md section 7 (assumptions agent-*): one paced scenario, one verdict each.

What runs, what it costs and the opt-ins: own_agents.py and docs/live-suite.md.
"""

from __future__ import annotations

from ansible_collections.ozonetel.cloudagent.tests.live.own_agents import BURST, NO_AGENTS, NO_SKILL, READ_LIMIT, RENAMED

NOT_FOUND = {'status': 'error', 'message': 'Agent not found'}
EXISTS = {'status': 'error', 'message': 'Agent Already Exists'}
ALREADY_DELETED = {'status': 'error', 'messages': 'Invalid agent details or Agent is already deleted'}
ROW_KEYS = {'State', 'Since', 'Skill', 'AgentName', 'PhoneNumber', 'AgentId', 'Mode'}


def _seen(live, check, step, needs_skill=False):
    agents = live.agents
    seen = agents.scenario()
    if step != 'unknown' and not agents.opt_in:
        check.not_checked(NO_AGENTS)
    if needs_skill and not agents.skill:
        check.not_checked(NO_SKILL)
    if step not in seen:
        check.not_checked(agents.problem or 'an earlier step of the agent scenario did not get this far')
    found = seen[step]
    for item in found if isinstance(found, list) else [found]:
        check.add(item)
    return found


def _row(check, seen, agent_id):
    """The agent's AgentDetails row; NotChecked when the read did not list it (assumption agent-Q11-logged-out)."""
    if seen.kind == 'rate_limited':
        check.not_checked('AgentDetails was rate limited: %s' % seen.short())
    rows = seen.body.get('message') if isinstance(seen.body, dict) else None
    row = rows[0] if isinstance(rows, list) and rows and isinstance(rows[0], dict) else None
    if row is None or row.get('AgentId') != agent_id:
        check.not_checked('AgentDetails did not list the agent: %s' % seen.short())
    return row


def _skills(row):
    return [name.strip() for name in str(row.get('Skill') or '').split(',') if name.strip()]


def _not_limited(check, seen):
    if seen.kind == 'rate_limited':
        check.not_checked('rate limited: %s' % seen.short())


def test_details_of_unknown_agent(live):
    with live.check('agent-Q11-unknown') as check:
        seen = _seen(live, check, 'unknown')
        _not_limited(check, seen)
        check.expect(seen.body == NOT_FOUND, 'expected %s; got %s' % (NOT_FOUND, seen.short()))


def test_details_of_logged_out_agent(live):
    with live.check('agent-Q11-logged-out') as check:
        seen = _seen(live, check, 'after_create')
        _not_limited(check, seen)
        rows = seen.body.get('message') if isinstance(seen.body, dict) else None
        listed = isinstance(rows, list) and len(rows) == 1 and isinstance(rows[0], dict)
        check.expect(listed and rows[0].get('AgentId') == live.agents.agent_id(1),
                     'a never logged-in agent is not listed: %s' % seen.short())
        if listed:
            check.expect(ROW_KEYS <= set(rows[0]), 'row keys %s, documented %s' % (sorted(rows[0]), sorted(ROW_KEYS)))
            check.note('State of a never logged-in agent: %r, Mode: %r' % (rows[0].get('State'), rows[0].get('Mode')))


def test_create_ignores_update_fields(live):
    with live.check('agent-Q1') as check:
        _seen(live, check, 'create', needs_skill=True)
        row = _row(check, _seen(live, check, 'after_create'), live.agents.agent_id(1))
        check.expect(row.get('AgentName') == 'caliveFirst', 'name %r, not the one sent' % row.get('AgentName'))
        check.expect(_skills(row) == [], 'the skill sent on create was applied: Skill %r' % row.get('Skill'))


def test_create_of_existing_agent(live):
    with live.check('agent-Q2') as check:
        seen = _seen(live, check, 'duplicate')
        _not_limited(check, seen)
        check.expect(seen.body == EXISTS, 'expected %s; got %s' % (EXISTS, seen.short()))
        row = _row(check, _seen(live, check, 'after_duplicate'), live.agents.agent_id(1))
        check.expect(row.get('AgentName') == 'caliveFirst', 'the second create renamed the agent to %r: it overwrote it'
                     % row.get('AgentName'))


def test_update_with_only_id_and_one_skill(live):
    with live.check('agent-Q4') as check:
        seen = _seen(live, check, 'update', needs_skill=True)
        _not_limited(check, seen)
        check.expect(seen.kind == 'success', 'refused: %s' % seen.short())


def test_skill_object_schema(live):
    with live.check('agent-Q6') as check:
        update = _seen(live, check, 'update', needs_skill=True)
        if update.kind != 'success':
            check.not_checked('the update was refused: %s' % update.short())
        row = _row(check, _seen(live, check, 'after_update'), live.agents.agent_id(1))
        check.expect(live.agents.skill.lower() in [name.lower() for name in _skills(row)],
                     'answered success but the skill is not listed: Skill %r' % row.get('Skill'))


def test_rename_key(live):
    with live.check('agent-Q5') as check:
        update = _seen(live, check, 'rename')
        _not_limited(check, update)
        if update.kind != 'success':
            check.not_checked('the rename was refused: %s' % update.short())
        row = _row(check, _seen(live, check, 'after_rename'), live.agents.agent_id(1))
        check.expect(row.get('AgentName') == RENAMED, 'agentNameNew did not rename: AgentName %r (agentName, sent as '
                     'the current name, may be the name to set)' % row.get('AgentName'))


def test_detailed_response(live):
    with live.check('agent-Q8') as check:
        seen = _seen(live, check, 'detailed')
        _not_limited(check, seen)
        if seen.kind in ('invalid_input', 'auth_failed'):
            check.not_checked('the update was refused: %s' % seen.short())
        check.note('updateAgent success with detailedResponse=true: %s' % seen.short())
        check.expect(seen.kind == 'success', 'a success the collection does not recognise: %s' % seen.short())


def test_details_without_agent_id(live):
    with live.check('agent-Q11-no-id') as check:
        seen = _seen(live, check, 'without_id')
        _not_limited(check, seen)
        rows = seen.body.get('message') if isinstance(seen.body, dict) else None
        listed = isinstance(rows, list) and any(isinstance(row, dict) for row in rows)
        check.expect(not listed, 'AgentDetails without agentId listed %d agent(s): it can list the account'
                     % len(rows or []))


def test_delete_twice(live):
    with live.check('agent-delete-twice') as check:
        first = _seen(live, check, 'delete')
        second = _seen(live, check, 'delete_again')
        _not_limited(check, first)
        _not_limited(check, second)
        expected = {'Status': 'Success', 'Message': 'Agent %s Deleted Successfully' % live.agents.agent_id(1)}
        check.expect(first.body == expected, 'first delete: expected %s; got %s' % (expected, first.short()))
        check.expect(second.body == ALREADY_DELETED, 'second delete: expected %s; got %s'
                     % (ALREADY_DELETED, second.short()))


def test_details_limit(live):
    with live.check('agent-Q11-limit') as check:
        burst = _seen(live, check, 'read_burst')
        refused = [index for index, seen in enumerate(burst, 1) if seen.kind == 'rate_limited']
        check.expect(refused == [READ_LIMIT + 1], 'refused at read(s) %s of a burst of %d, not at the %dth'
                     % (refused or 'none', len(burst), READ_LIMIT + 1))


def test_write_limit(live):
    with live.check('agent-Q18-limit') as check:
        burst = _seen(live, check, 'write_burst')
        refused = [index for index, seen in enumerate(burst, 1) if seen.kind == 'rate_limited']
        check.expect(refused == [len(BURST)], 'refused at create(s) %s of %d within a minute, not at the %dth'
                     % (refused or 'none', len(BURST), len(BURST)))
        if refused:
            last = burst[refused[0] - 1]
            check.note('the refusal: HTTP %s, Retry-After %s' % (last.http_status, last.headers.get('Retry-After')))
        after = _seen(live, check, 'after_refusal')
        check.expect(after.kind != 'success', 'the refused create made the agent anyway: %s' % after.short())


def test_write_limit_scope(live):
    with live.check('agent-Q18-scope') as check:
        seen = _seen(live, check, 'scope')
        check.expect(seen.kind != 'rate_limited', 'an updateAgent right after 6 creates was refused: the agent writes '
                     'share one limit (%s)' % seen.short())
