# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Agents: the canonical item, the state AgentDetails shows, the write plan and the request bodies
(createAgent, updateAgent, deleteAgent, AgentDetails; shared/agents-api.md, docs/idempotence.md "Agents").

Pure functions: no requests, no store. The open questions of agents-api.md section 7 decide the bodies:

* Q1 (what createAgent takes): create carries only the fields its page names (id, name, email, password, agent
  data, SIP location, screen recording); everything else follows in one updateAgent. That pair means the same
  whether or not create would have taken the rest.
* Q4 (does updateAgent need name, email and password every time): ``update_body`` is ``partial`` (only what
  changes) or ``full`` (name, email and password on every update; without a password such an update fails
  before sending). Under ``partial`` against an account that wants them, the server refuses: a clear failure.
* Q6 (what an assignSkills entry is): ``skill_format`` ``skillName``, ``name`` or ``csv``; skills are read
  back after every change, so a format the account does not understand fails instead of passing silently.

Write-only fields (email, agent data, modes, SIP location, screen recording, auto answer, call controls,
locked, groups, skill priorities) are sent on create; afterwards compared with what the known-state store
recorded as last applied, and sent again only when they differ, when there is no record, or with force.
The password is never recorded, nor a hash of it: ``update_password`` on_create sends it only on create,
``always`` on every run (always changed).
"""

from __future__ import annotations

import copy

from ansible_collections.ozonetel.cloudagent.plugins.module_utils import agent_validate as rules
from ansible_collections.ozonetel.cloudagent.plugins.module_utils.errors import ValidationError

KIND = 'agent'
UPDATE_BODIES = ('partial', 'full')
SKILL_FORMATS = ('skillName', 'name', 'csv')
UPDATE_PASSWORD = ('on_create', 'always')
# option -> API field of the write-only scalars; create takes only those in CREATE_FIELDS (Q1).
WRITE_ONLY = {'email': 'email', 'agent_data': 'agentData', 'sip_location': 'sipLocation',
              'screen_recording': 'screenRecording', 'auto_answer': 'autoAnswer', 'call_controls': 'callControls',
              'locked': 'locked'}
CREATE_FIELDS = ('email', 'agentData', 'sipLocation', 'screenRecording')
ITEM_FIELDS = ('agent_id', 'name', 'email', 'password', 'update_password', 'skills', 'purge_skills', 'modes', 'groups',
               'state', 'force') + tuple(key for key in WRITE_ONLY if key != 'email')


def _camel(flag):
    head, *rest = flag.split('_')
    return head + ''.join(part.capitalize() for part in rest)


def _field(where, name):
    return '%s.%s' % (where, name) if where else name


def canonical_item(raw, where, problems, defaults=None):
    """The item with every value checked and canonical; None when it is unusable (problems say why)."""
    defaults = defaults or {}
    item = {key: raw.get(key) for key in ITEM_FIELDS}
    for key in ('state', 'update_password', 'purge_skills', 'force'):
        if item[key] is None:
            item[key] = defaults.get(key)
    item['state'] = item['state'] or 'present'
    item['update_password'] = item['update_password'] or 'on_create'
    item['purge_skills'] = item['purge_skills'] is not False
    item['force'] = bool(item['force'])
    before = len(problems.messages)
    item['agent_id'] = problems.check(rules.agent_id, item['agent_id'], _field(where, 'agent_id'))
    checks = (('name', rules.agent_name), ('email', rules.email), ('password', rules.password),
              ('agent_data', rules.agent_data), ('sip_location', rules.plain_word), ('auto_answer', rules.plain_word),
              ('skills', rules.skills), ('groups', rules.group_names), ('modes', rules.modes))
    for key, check in checks:
        if item[key] is not None:
            item[key] = problems.check(check, item[key], _field(where, key))
    for key in ('screen_recording', 'locked'):
        if item[key] is not None and not isinstance(item[key], bool):
            problems.add(_field(where, key), 'must be true or false')
    if item['call_controls'] is not None and not isinstance(item['call_controls'], dict):
        problems.add(_field(where, 'call_controls'), 'must be a mapping (the API\'s callControls object)')
    if item['update_password'] not in UPDATE_PASSWORD:
        problems.add(_field(where, 'update_password'), 'must be one of %s' % ', '.join(UPDATE_PASSWORD))
    if item['state'] == 'absent':
        given = sorted(key for key in ITEM_FIELDS if raw.get(key) is not None and key not in (
            'agent_id', 'state', 'force', 'update_password', 'purge_skills'))
        if given:
            problems.add(_field(where, given[0]), 'state=absent deletes the agent; %s would not be used' % ', '.join(given))
    return item if len(problems.messages) == before else None


def missing_for_create(item):
    """Fields createAgent requires (its page's error table) that the item does not give."""
    return [key for key in ('name', 'email', 'password') if item[key] is None]


def check_options(item, skill_format):
    """Problems no request can fix, found before any: csv skills cannot carry priorities."""
    if skill_format == 'csv' and any(priority is not None for _name, priority in item['skills'] or []):
        raise ValidationError('skills', 'skill priorities need an object skill_format (skillName or name); csv sends '
                                        'names only', rule='skill_format')


# ---- what CloudAgent shows and what the store recorded ----

def details_state(row):
    """The readable state of one AgentDetails row (Q7: skills are one ', '-joined string)."""
    skills = [name.strip() for name in str(row.get('Skill') or '').split(',') if name.strip()]
    return {'agent_id': str(row.get('AgentId') or ''), 'name': row.get('AgentName'),
            'skills': sorted(skills, key=str.casefold),
            'runtime': {'state': row.get('State'), 'mode': row.get('Mode'), 'phone_number': row.get('PhoneNumber')}}


def write_only_desired(item):
    """{API field: value} of the write-only fields the item gives (password excluded), in one flat mapping."""
    fields = {api: item[key] for key, api in WRITE_ONLY.items() if item[key] is not None}
    for flag, value in (item['modes'] or {}).items():
        fields[_camel(flag)] = value
    if item['groups'] is not None:
        fields['groups'] = list(item['groups'])
    if item['skills'] is not None:
        fields['skillPriorities'] = {name: priority for name, priority in item['skills'] if priority is not None}
    return fields


def record_of(item, state, applied):
    """(desired, server) of the record kept after a confirmed write: the readable state as the server confirmed
    it and the write-only fields last applied. Never the password, nor anything derived from it."""
    desired = {'name': state['name'], 'skills': list(state['skills']), 'write_only': applied}
    return desired, {'agent_id': item['agent_id']}


def tombstone(item):
    """(desired, server) of the record kept after a confirmed delete: reruns then send nothing, although
    AgentDetails cannot tell a deleted agent from a logged-out one (Q11)."""
    return {'state': 'absent'}, {'agent_id': item['agent_id']}


def is_tombstone(desired):
    return isinstance(desired, dict) and desired.get('state') == 'absent'


_Q4_CODES = ('name_required', 'password_required', 'email_required')


def update_refusal_hint(exc, update_body):
    """The next step when updateAgent refuses a partial body for a field this account requires (Q4)."""
    if update_body == 'partial' and getattr(exc, 'code', None) in _Q4_CODES:
        return ('; this account requires agentName, email and password on every updateAgent (agents-api.md Q4): '
                'set update_body: full and give the password')
    return ''


# ---- the plan ----

def _skill_names(pairs):
    return sorted((name for name, _priority in pairs), key=str.casefold)


def _differs(recorded, desired, force):
    """Write-only fields to send: those given and not recorded as applied with the same value (all with force)."""
    if force or recorded is None:
        return dict(desired)
    return {key: value for key, value in desired.items() if recorded.get(key) != value}


def plan_update(item, current, recorded, force):
    """The change an existing agent needs, as a spec (empty dict: none). recorded: write-only fields last applied
    (None when the store has no record: every given write-only field is then sent once)."""
    spec = {}
    if item['name'] is not None and item['name'] != current['name']:
        spec['rename'] = (current['name'], item['name'])
    if item['skills'] is not None:
        have = {name.casefold(): name for name in current['skills']}
        want = {name.casefold(): (name, priority) for name, priority in item['skills']}
        assign = [want[key] for key in sorted(want) if key not in have]
        unassign = [have[key] for key in sorted(have) if key not in want] if item['purge_skills'] else []
        # A priority is write-only: resent when it differs from the one recorded as applied.
        old = (recorded or {}).get('skillPriorities') or {}
        for key in sorted(want):
            name, priority = want[key]
            if key in have and priority is not None and (force or recorded is None or old.get(name) != priority):
                assign.append((have[key], priority))
        if assign:
            spec['assign'] = assign
        if unassign:
            spec['unassign'] = unassign
    desired = write_only_desired(item)
    desired.pop('skillPriorities', None)
    changed = _differs(recorded, desired, force)
    if 'groups' in changed:
        old = set((recorded or {}).get('groups') or [])
        new = set(desired['groups'])
        spec['groups_add'] = sorted(new if force or recorded is None else new - old, key=str.casefold)
        spec['groups_remove'] = sorted(old - new, key=str.casefold)
        changed.pop('groups')
        if not spec['groups_add']:
            del spec['groups_add']
        if not spec['groups_remove']:
            del spec['groups_remove']
    if changed:
        spec['fields'] = changed
    if item['update_password'] == 'always' and item['password'] is not None:
        spec['password'] = True
    return spec


def plan_after_create(item):
    """What follows createAgent in one updateAgent (Q1): every given field create does not take."""
    spec = {}
    if item['skills']:
        spec['assign'] = list(item['skills'])
    desired = write_only_desired(item)
    desired.pop('skillPriorities', None)
    groups = desired.pop('groups', None)
    if groups:
        spec['groups_add'] = groups
    rest = {key: value for key, value in desired.items() if key not in CREATE_FIELDS}
    if rest:
        spec['fields'] = rest
    return spec


def predicted(item, current, spec):
    """The readable state after spec (or after create when current is None)."""
    base = copy.deepcopy(current) if current else {'agent_id': item['agent_id'], 'name': item['name'], 'skills': [],
                                                   'runtime': None}
    if 'rename' in spec:
        base['name'] = spec['rename'][1]
    names = {name.casefold(): name for name in base['skills']}
    for name, _priority in spec.get('assign', []):
        names.setdefault(name.casefold(), name)
    for name in spec.get('unassign', []):
        names.pop(name.casefold(), None)
    base['skills'] = sorted(names.values(), key=str.casefold)
    return base


def full_body_problem(item, current, update_body):
    """Why an updateAgent cannot be sent under update_body=full (Q4), or None."""
    if update_body != 'full':
        return None
    missing = [key for key in ('email', 'password') if item[key] is None]
    if (item['name'] or (current or {}).get('name')) is None:
        missing.insert(0, 'name')
    if not missing:
        return None
    return ('update_body=full: every updateAgent carries name, email and password (agents-api.md Q4), and %s %s not '
            'given, so this agent cannot be updated; nothing was sent. Give %s (an update then also sets the password '
            'to the one given), or use update_body=partial if the account accepts partial updates'
            % (' and '.join(missing), 'is' if len(missing) == 1 else 'are', ' and '.join(missing)))


# ---- request bodies (userName is added by the client) ----

def create_body(item):
    """createAgent: only the fields its page names (Q1)."""
    body = {'agentId': item['agent_id'], 'agentName': item['name'], 'email': item['email'], 'password': item['password']}
    for key in ('agent_data', 'sip_location', 'screen_recording'):
        if item[key] is not None:
            body[WRITE_ONLY[key]] = item[key]
    return body


def skills_value(pairs, skill_format):
    """assignSkills / unAssignSkills under one reading of Q6."""
    if skill_format == 'csv':
        return ','.join(name for name, _priority in pairs)
    entries = []
    for name, priority in pairs:
        entry = {skill_format: name}
        if priority is not None:
            entry['priority'] = priority
        entries.append(entry)
    return entries


def update_body(item, current_name, spec, update_body_mode, skill_format):
    """updateAgent for spec; None when spec asks for nothing. Under 'full' it always carries name, email, password
    (full_body_problem() must have passed); under 'partial' the password only when spec says so."""
    if not spec:
        return None
    body = {'agentId': item['agent_id']}
    if 'rename' in spec:
        body['agentName'], body['agentNameNew'] = spec['rename']
    body.update(spec.get('fields', {}))
    if spec.get('assign'):
        body['assignSkills'] = skills_value(spec['assign'], skill_format)
    if spec.get('unassign'):
        body['unAssignSkills'] = skills_value([(name, None) for name in spec['unassign']], skill_format)
    if spec.get('groups_add'):
        body['assignAgentGroups'] = ','.join(spec['groups_add'])
    if spec.get('groups_remove'):
        body['unAssignAgentGroups'] = ','.join(spec['groups_remove'])
    if spec.get('password') or update_body_mode == 'full':
        body['password'] = item['password']
    if update_body_mode == 'full':
        body.setdefault('agentName', current_name or item['name'])
        body['email'] = item['email']
    return body


def time_needed(requests, limit):
    """Minimum seconds for `requests` requests under an endpoints.Limit (the first window's go at once)."""
    if requests <= limit.requests:
        return 0.0
    return float(limit.window) * ((requests - 1) // limit.requests)


def check_mode_estimate(count, limit):
    """The warning a check-mode run of `count` agents gives before it reads (None when it will not wait);
    limit: AgentDetails' limit as the endpoint table declares it."""
    seconds = time_needed(count, limit)
    if not seconds:
        return None
    return ('check mode reads each of the %d agents once (AgentDetails, %d per %d s per account): this run takes at '
            'least %d min, paced' % (count, limit.requests, limit.window, round(seconds / 60.0)))


def delete_body(item):
    return {'agentId': item['agent_id']}


def details_body(agent_id):
    return {'agentId': agent_id}


def applied_write_only(item, recorded, spec, created):
    """The write-only fields to record after confirmed writes: what create carried (created) or what was recorded,
    updated with what the confirmed updateAgent spec sent. Never the password."""
    desired = write_only_desired(item)
    if created:
        fields = {key: value for key, value in desired.items() if key in CREATE_FIELDS}
    else:
        fields = copy.deepcopy(recorded) if recorded else {}
    fields.update(spec.get('fields', {}))
    if 'groups' in desired and (created or 'groups_add' in spec or 'groups_remove' in spec):
        if spec.get('groups_add') or spec.get('groups_remove') or not desired['groups']:
            fields['groups'] = desired['groups']
    if 'skillPriorities' in desired and (spec.get('assign') or (created and not desired['skillPriorities'])):
        fields['skillPriorities'] = desired['skillPriorities']
    return fields
