# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The agent resource on the engine: read (AgentDetails and the store), plan, apply, confirm, record.

Reading: the store for the write-only fields last applied; AgentDetails for existence, name and skill names,
always (unless trust_record says the record already matches the task), when the agent is planned. Applying:
createAgent with the fields its page names, then at most one updateAgent (agent.py), then a read-back of name
and skills whenever updateAgent wrote them, so a request the server answered with success but did not carry
out fails instead of passing. Only what the server confirmed is recorded.
"""

from __future__ import annotations

from ansible_collections.ozonetel.cloudagent.plugins.module_utils import agent, engine
from ansible_collections.ozonetel.cloudagent.plugins.module_utils.endpoints import endpoint
from ansible_collections.ozonetel.cloudagent.plugins.module_utils.errors import CloudAgentError, ValidationError

EXISTS_UNSEEN = ("AgentDetails does not list agent '%s', but createAgent answered \"%s\": the agent exists and "
                 'AgentDetails does not list it (perhaps because it is logged out, agents-api.md Q11), or the id is '
                 'refused (Q2). Nothing was changed')
RECORD_UNSEEN = ("AgentDetails does not list agent '%s', but the known-state store says this collection created it and "
                 'never deleted it: it was deleted outside the collection, or AgentDetails does not list it while it is '
                 'logged out (agents-api.md Q11). It is not created again, because createAgent of an existing id may '
                 'overwrite the agent, password included (Q2). Set force: true to create it, or delete the record with '
                 'ozonetel.cloudagent.cloudagent_ledger')


_UNREAD = object()   # AgentDetails not asked yet


class Agent(engine.Resource):
    kind = agent.KIND
    singular = 'agent'
    plural = 'agents'

    def __init__(self, defaults, update_body='partial', skill_format='skillName', trust_record=False):
        self.defaults = defaults
        self.update_body = update_body
        self.skill_format = skill_format
        self.trust_record = trust_record

    # ---- declaration ----

    def validate(self, item, path, problems):
        found = agent.canonical_item(item, path, problems, self.defaults)
        if found is not None:
            try:
                agent.check_options(found, self.skill_format)
            except ValidationError as exc:
                problems.add('%s.skills' % path if path else 'skills', exc.message)
                return None
        return found

    def identity(self, item):
        return item['agent_id']

    def absent(self, item):
        return {'agent_id': item['agent_id'], 'state': 'absent'}

    def check_mode_notice(self, items):
        return agent.check_mode_estimate(len(items), endpoint('agent_details').limit)

    def show(self, item, state):
        if state is None:
            return None
        view = {'agent_id': state['agent_id'], 'state': 'present', 'name': state['name'], 'skills': list(state['skills'])}
        for key in ('runtime', 'source', 'sent', 'requests'):
            if state.get(key) is not None:
                view[key] = state[key]
        return view

    def diff_view(self, item, state):
        if state is None:
            return None
        return {'agent_id': state['agent_id'], 'name': state['name'], 'skills': list(state['skills'])}

    # ---- read ----

    def _record(self, ctx, item):
        record = ctx.ledger.get(ctx.key(self.identity(item)))
        return (record or {}).get('desired') if record else None

    def _details(self, ctx, item, counter):
        counter['read'] += 1
        response = ctx.client.call('agent_details', agent.details_body(item['agent_id']),
                                   operation="read agent '%s'" % item['agent_id'], allow=('not_found',))
        if response.kind == 'not_found':
            return None
        rows = [row for row in response.data or [] if str(row.get('AgentId')) == item['agent_id']]
        return agent.details_state(rows[0]) if rows else None

    def read(self, ctx, item):
        """The store's record now; AgentDetails when the item is planned (plan()), so that in a bulk run each agent's
        read is followed by its writes: reads and writes then share the minutes, and 100 new agents take the time
        the write limit implies instead of the read time plus the write time."""
        recorded = self._record(ctx, item)
        return {'agent': _UNREAD, 'recorded': recorded, 'counter': {'read': 0, 'write': 0}}

    def _look(self, ctx, item, current):
        if current['agent'] is not _UNREAD:
            return current
        recorded, counter = current['recorded'], current['counter']
        if self.trust_record and recorded and item['state'] == 'present' and not item['force']:
            state = {'agent_id': item['agent_id'], 'name': recorded.get('name'), 'skills': recorded.get('skills') or [],
                     'runtime': None, 'source': 'record'}
            if not agent.plan_update(item, state, recorded.get('write_only'), False):
                return dict(current, agent=state)
        found = self._details(ctx, item, counter)
        if found is not None:
            found['source'] = 'read'
        return dict(current, agent=found)

    # ---- plan ----

    def plan(self, ctx, item, current):
        current = self._look(ctx, item, current)
        plan = self._plan(item, current)
        plan.read = current   # what apply() writes from: the agent as read and the record
        return plan

    def _plan(self, item, current):
        found, recorded = current['agent'], current['recorded']
        gone = agent.is_tombstone(recorded)
        if gone:
            recorded = None
        write_only = (recorded or {}).get('write_only')
        if item['state'] == 'absent':
            if found is None and gone:
                return engine.Plan(before=None, after=None)
            # Unlisted is not proof of absence: AgentDetails may leave out logged-out agents (Q11). Without a
            # tombstone of our own delete, deleteAgent itself says; whether it changes anything is unknown.
            return engine.Plan(before=found, after=None, steps=[('delete', {'unlisted': found is None})],
                               uncertain=found is None)
        if found is None:
            if recorded is not None and not item['force']:
                raise engine.ItemFailure(RECORD_UNSEEN % item['agent_id'], after=None,
                                         details={'kind': 'conflict', 'code': 'recorded_but_not_listed'})
            missing = agent.missing_for_create(item)
            if missing:
                raise engine.ItemFailure(
                    "agent '%s' does not exist, so it is created, and createAgent requires %s: give %s"
                    % (item['agent_id'], ', '.join(missing), ', '.join(missing)), after=None)
            spec = agent.plan_after_create(item)
            steps = [('create', {})] + ([('update', spec)] if spec else [])
            return engine.Plan(before=None, after=agent.predicted(item, None, spec), steps=steps)
        spec = agent.plan_update(item, found, write_only, item['force'])
        if not spec:
            return engine.Plan(before=found, after=dict(found))
        problem = agent.full_body_problem(item, found, self.update_body)
        if problem:
            raise engine.ItemFailure(problem, details={'kind': 'invalid_input', 'code': 'update_body_full'})
        # Without a record the write-only fields are sent once: whether they change anything is unknown.
        uncertain = write_only is None and bool(spec.get('fields'))
        return engine.Plan(before=found, after=agent.predicted(item, found, spec), steps=[('update', spec)],
                           uncertain=uncertain)

    # ---- apply ----

    def apply(self, ctx, item, plan):
        # The engine holds the agent's lock here and has read and planned again if another run wrote its record.
        return Apply(self, ctx, item, plan.read).run(plan)


class Apply:
    """One agent's writes, in order, with what the server confirmed kept for the record and the result."""

    def __init__(self, resource, ctx, item, current):
        self.resource, self.ctx, self.item = resource, ctx, item
        self.key = ctx.key(resource.identity(item))
        self.found = current['agent']
        self.recorded = None if agent.is_tombstone(current['recorded']) else (current['recorded'] or {}).get('write_only')
        self.counter = current['counter']
        self.sent = []
        self.spec = {}
        self.created = False

    def _call(self, endpoint_name, body, what, allow=()):
        self.counter['write'] += 1
        return self.ctx.client.call(endpoint_name, body, operation="%s agent '%s'" % (what, self.item['agent_id']),
                                    allow=allow)

    def run(self, plan):
        item = self.item
        state = self.found
        for action, spec in plan.steps:
            try:
                if action == 'create':
                    state = self._create()
                elif action == 'update':
                    state = self._update(state, spec)
                else:
                    return self._delete(spec)
            except CloudAgentError as exc:
                self._fail(exc, state, action)
        # createAgent's success means the same under every reading (its own fields); what went through updateAgent
        # and can be seen (names, skills) is read back (Q5, Q6).
        if any(spec.get(k) for action, spec in plan.steps for k in ('rename', 'assign', 'unassign')):
            state = self._confirm(plan.after, retry_rename=True)
        state = dict(state, sent=sorted(set(self.sent)), requests=dict(self.counter), source='read')
        self._save(state)
        return engine.Applied(after=state, changed=True)

    def _create(self):
        response = self._call('agent_create', agent.create_body(self.item), 'create',
                              allow=('already_exists', 'not_found'))
        if response.kind != 'success':
            raise engine.ItemFailure(EXISTS_UNSEEN % (self.item['agent_id'], response.message), after=None,
                                     details={'kind': response.kind, 'code': response.code, 'applied': False})
        self.created = True
        self.sent.extend(sorted(agent.create_body(self.item)))
        return agent.predicted(self.item, None, {})

    def _update(self, state, spec):
        body = agent.update_body(self.item, (state or {}).get('name'), spec, self.resource.update_body,
                                 self.resource.skill_format)
        self._call('agent_update', body, 'update')
        self.sent.extend(key for key in body if key != 'agentId')
        self.spec = spec
        return agent.predicted(self.item, state, spec)

    def _delete(self, spec):
        response = self._call('agent_delete', agent.delete_body(self.item), 'delete',
                              allow=('not_found', 'invalid_input'))
        gone = response.kind == 'success' or response.code == 'already_deleted' or (
            spec.get('unlisted') and response.code == 'agent_invalid')
        if not gone:
            raise engine.ItemFailure("deleteAgent of agent '%s' failed: %s" % (self.item['agent_id'], response.message),
                                     details={'kind': response.kind, 'code': response.code, 'applied': False})
        desired, server = agent.tombstone(self.item)
        self.ctx.record(lambda: self.ctx.ledger.put(self.key, desired=desired, server=server), None,
                        "the deletion of agent '%s'" % self.item['agent_id'])
        return engine.Applied(after=None, changed=response.kind == 'success')

    def _confirm(self, expected, retry_rename=False):
        """Read back what AgentDetails can show; a difference means a request did not do what it said."""
        seen = self.resource._details(self.ctx, self.item, self.counter)  # pylint: disable=protected-access
        if retry_rename and seen is not None and self._rename_ignored(seen, expected):
            return self._rename_by_agent_name(expected)
        if seen is None:
            raise engine.ItemFailure("agent '%s' was written, but AgentDetails does not list it (agents-api.md Q11)"
                                     % self.item['agent_id'], after=expected, changed=True,
                                     details={'kind': 'unexpected', 'code': 'not_confirmed', 'applied': True})
        problems = []
        if seen['name'] != expected['name']:
            problems.append('name %r, not %r' % (seen['name'], expected['name']))
        if [s.casefold() for s in seen['skills']] != [s.casefold() for s in expected['skills']]:
            problems.append('skills %s, not %s: skills that do not exist on the account are ignored, and a skill_format '
                            "(here '%s') the account does not take is ignored too (agents-api.md Q6)"
                            % (seen['skills'], expected['skills'], self.resource.skill_format))
        if problems:
            self._save(seen)
            raise engine.ItemFailure("agent '%s': the server answered success, but AgentDetails shows %s"
                                     % (self.item['agent_id'], '; '.join(problems)), after=seen, changed=True,
                                     details={'kind': 'unexpected', 'code': 'not_confirmed', 'applied': True})
        return dict(seen)

    def _rename_ignored(self, seen, expected):
        """Q5: the server kept the old name and everything else is as asked, so it took agentName (sent as the
        current name) for the name to set and ignored agentNameNew."""
        rename = self.spec.get('rename')
        return (rename is not None and seen['name'] == rename[0] and seen['name'] != expected['name']
                and [s.casefold() for s in seen['skills']] == [s.casefold() for s in expected['skills']])

    def _rename_by_agent_name(self, expected):
        """The rename again with the new name in both keys (right under that reading of Q5), then read back."""
        new_name = expected['name']
        body = agent.update_body(self.item, new_name, {'rename': (new_name, new_name)}, self.resource.update_body,
                                 self.resource.skill_format)
        try:
            self._call('agent_update', body, 'rename')
        except CloudAgentError as exc:
            self._fail(exc, expected, 'update')
        self.sent.extend(key for key in body if key != 'agentId')
        return self._confirm(expected)

    def _save(self, state):
        applied = agent.applied_write_only(self.item, self.recorded, self.spec, self.created)
        desired, server = agent.record_of(self.item, state, applied)
        self.ctx.record(lambda: self.ctx.ledger.put(self.key, desired=desired, server=server), state,
                        "agent '%s'" % self.item['agent_id'])

    def _fail(self, exc, state, action):
        """A request failed: what was done before it is recorded and said; nothing after it was sent."""
        done = ''
        if self.created:
            done = "created agent '%s' (recorded), then " % self.item['agent_id']
            self._save(state)
        what = {'create': 'createAgent', 'update': 'updateAgent', 'delete': 'deleteAgent'}[action]
        hint = agent.update_refusal_hint(exc, self.resource.update_body) if action == 'update' else ''
        raise engine.ItemFailure('%s%s failed: %s%s' % (done, what, exc, hint), after=state, changed=self.created,
                                 details=exc.to_result()) from exc
