# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Runs one scenario family under one reading and judges it (issue 14: no silent success).

For every goal of the family, in order: a check-mode run (must not write), then up to two real runs. After
each real run the simulator's state is compared with what the goal asked:
  * the module reported success but the state differs  -> SILENT SUCCESS (a violation);
  * the known-state store claims what the server does not hold -> a violation;
  * the state holds and the run succeeded -> converged (in run 1 or 2); then a rerun must report
    changed=false and write nothing;
  * both runs failed -> the goal fails, and the message must name the cause registered for the reading
    (CAUSES), otherwise that is a violation too.
"""

from __future__ import annotations

import os
from collections import namedtuple

from ansible_collections.ozonetel.cloudagent.plugins.module_utils.ledger import open_ledger
from ansible_collections.ozonetel.cloudagent.tests.unit.module_runner import run_module

USER = 'demo_user'
API_KEY = 'KKdemo00000000000000000000000001'

# What a failing goal's message must say under a reading where failing is the honest answer.
CAUSES = {
    ('phone_get_shape', 'data'): 'answer not understood',
    ('campaign_list_without_name', 'refused'): 'treats campaignName as mandatory',
    # The current flavor reads every create back and names the number the server holds instead.
    ('phone_number_storage', 'strip_plus'): 'reading it back by name shows',
    # Agents: with the default options (update_body: partial, skill_format: skillName) the server's refusal or
    # the read-back names the question and the option that matches the reading.
    ('agent_update_requires', 'name_email_password'): 'agents-api.md Q4',
    # An agent AgentDetails does not list cannot be created ("Agent Already Exists") nor read: a refusal naming Q11.
    ('agent_details_logged_out', 'not_found'): 'agents-api.md Q11',
    ('agent_skill_schema', 'name'): 'agents-api.md Q6',
    ('agent_skill_schema', 'csv'): 'agents-api.md Q6',
}

GoalResult = namedtuple('GoalResult', 'label runs message')
Cell = namedtuple('Cell', 'goals violations')


def _user(sim):
    return next(u for u in sim.state()['users'] if u['userName'] == USER)


def _records(sim, ledger_dir, kind):
    if kind is None or not os.path.isdir(ledger_dir):
        return []
    store = open_ledger(ledger_dir)
    try:
        return store.list(sim.base_url, USER, kind)
    finally:
        store.close()


def _claims_success(result):
    """Failed, or uncertain (for the task or any item), is not a claim that the goal was applied."""
    if result.get('failed') or result.get('uncertain'):
        return False
    items = [v for v in result.values() if isinstance(v, dict)] + [
        i for v in result.values() if isinstance(v, list) for i in v if isinstance(i, dict)]
    return not any(item.get('uncertain') for item in items)


def run_cell(sim, family, behaviour, ledger_dir, capsys, cause=None):
    """Cell(goals=[GoalResult], violations=[text]) for one family under behaviour (a dict of switches)."""
    sim.reset()
    state = sim.state()
    state['behaviour'].update(behaviour)
    sim.set_state(state)
    base = {'username': USER, 'api_key': API_KEY, 'base_url': sim.base_url, 'retries': 0}
    if family.kind is not None:
        base['ledger'] = ledger_dir
    base.update(family.base)
    violations, goals = [], []
    where = '%s under %s' % (family.name, behaviour or 'the default readings')

    def run(goal, check=False):
        sim.clear_journal()
        return run_module(capsys, family.module, dict(base, **goal.args), check=check, diff=True,
                          secrets=(API_KEY,))

    for goal in family.goals:
        run(goal, check=True)
        if sim.writes():
            violations.append('%s, %s: check mode wrote %s' % (where, goal.label, sim.writes()))
        runs, message = None, None
        for attempt in (1, 2):
            result = run(goal)
            user = _user(sim)
            held = goal.holds(user, result)
            stale = family.stale(user, _records(sim, ledger_dir, family.kind))
            if stale:
                violations.append('%s, %s run %d: the store records what the server does not hold: %s'
                                  % (where, goal.label, attempt, [r['desired'] for r in stale]))
            if _claims_success(result) and not held:
                violations.append('%s, %s run %d: SILENT SUCCESS: the module reported success (changed=%s) but '
                                  'the simulator holds something else' % (where, goal.label, attempt,
                                                                          result.get('changed')))
            if _claims_success(result) and held:
                runs = attempt
                break
            message = result.get('msg')
        if runs is not None:
            again = run(goal)
            if again.get('failed') or again.get('changed') or sim.writes():
                violations.append('%s, %s: the rerun after converging is not a no-op (changed=%s, %d writes, %s)'
                                  % (where, goal.label, again.get('changed'), len(sim.writes()), again.get('msg')))
        elif cause is None or cause not in (message or ''):
            violations.append('%s, %s: failed twice without naming the cause%s: %s' % (
                where, goal.label, " ('%s')" % cause if cause else ' (no cause registered in CAUSES)', message))
        goals.append(GoalResult(goal.label, runs, message))
    return Cell(goals, violations)


def verdict(cell, cause=None):
    """The table's words for a cell: converges in one run / in two runs / fails: cause."""
    failed = [g.label for g in cell.goals if g.runs is None]
    if failed:
        which = 'every goal' if len(failed) == len(cell.goals) else ', '.join(failed)
        return 'fails (%s): %s' % (which, cause or 'no cause named')
    if any(g.runs == 2 for g in cell.goals):
        return 'two runs (%s)' % ', '.join(g.label for g in cell.goals if g.runs == 2)
    return 'one run'
