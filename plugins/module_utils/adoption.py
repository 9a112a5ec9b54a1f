# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Typed adoption: the `desired` part of a record given by hand (cloudagent_ledger) must be what the owning
module itself records, or every later run of that module would resend and report changed.

desired is checked with ansible-core's ArgumentSpecValidator against the owning module's own item spec
(item_specs.RECORDED), then each value is put in the canonical form that module compares (validate.py's rules),
and its name must be the record's identity.
"""

from __future__ import annotations

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator
from ansible.module_utils.errors import UnsupportedError

from ansible_collections.ozonetel.cloudagent.plugins.module_utils import agent, agent_validate, validate
from ansible_collections.ozonetel.cloudagent.plugins.module_utils.campaign import campaign_name
from ansible_collections.ozonetel.cloudagent.plugins.module_utils.engine import Problems
from ansible_collections.ozonetel.cloudagent.plugins.module_utils.item_specs import RECORDED, RECORDED_ONLY


def _each(rule, optional=False):
    """A field's canonical form by one of validate.py's rules; a problem is recorded, None returned."""
    def canonical(value, field, problems):
        if optional and value is None:
            return None
        return problems.check(rule, value, field)
    return canonical


def _numbers(values, field, problems):
    """Block numbers as the server stores them, sorted, without repeats; every bad one is named."""
    found = [problems.check(validate.block_number, value, '%s[%d]' % (field, index))
             for index, value in enumerate(values or [])]
    return sorted({number for number in found if number})


def _agent_skills(values, field, problems):
    """Skill names as AgentDetails lists them and cloudagent_agent records them: sorted, without priorities."""
    pairs = problems.check(agent_validate.skills, values or [], field)
    return sorted((name for name, _priority in pairs or []), key=str.casefold)


_AGENT_WRITE_ONLY = tuple(agent.WRITE_ONLY) + ('modes', 'groups')


def _agent_write_only(value, field, problems):
    """The write-only options as cloudagent_agent records what it applied (its API field names); None (not
    given) means "not known", so the module sends them once, as for an agent it never wrote."""
    if value is None:
        return None
    unknown = sorted(set(value) - set(_AGENT_WRITE_ONLY))   # a password never gets here: build_record refuses it
    if unknown:
        problems.add(field, '%s not write-only options of cloudagent_agent (they are %s)'
                     % (', '.join(unknown), ', '.join(_AGENT_WRITE_ONLY)))
    given = {key: value[key] for key in _AGENT_WRITE_ONLY if key in value}
    item = agent.canonical_item(dict(given, agent_id='adopted'), field, problems)
    if item is None:
        return None
    fields = agent.write_only_desired(item)
    fields.pop('skillPriorities', None)
    return fields


# Per kind, the canonical form of each recorded field (the rule the owning module applies to its input).
CANONICAL = {
    'agent': {'name': _each(agent_validate.agent_name), 'skills': _agent_skills, 'write_only': _agent_write_only},
    'phone': {'name': _each(validate.phone_name), 'number': _each(validate.phone_number),
              'skills': _each(validate.skill_set, optional=True)},
    'did': {'campaign': _each(campaign_name), 'dynamic_dids': _each(validate.did_list),
            'fallback_dids': _each(validate.did_list)},
    'blocklist': {'name': _each(validate.group_text), 'description': _each(validate.group_text, optional=True),
                  'expiry': _each(validate.expiry_date, optional=True), 'numbers': _numbers},
}


def record_spec(kind):
    """The argument spec of `desired` for a kind: the owning module's item spec, limited to what it records."""
    _module, options, fields = RECORDED[kind]
    return {name: dict(options.item.get(name) or RECORDED_ONLY[name], required=required)
            for name, required in fields.items()}


def typed_desired(kind, identity, desired):
    """desired in the owning module's canonical form; raises ValueError naming every problem."""
    module, options, fields = RECORDED[kind]
    result = ArgumentSpecValidator(record_spec(kind)).validate(dict(desired or {}))
    problems = Problems()
    if result.unsupported_parameters:
        problems.add('desired', '%s not recorded by %s for kind %s (it records %s)' % (
            ', '.join(sorted(result.unsupported_parameters)), module, kind, ', '.join(fields)))
    for error in result.errors:
        if not isinstance(error, UnsupportedError):
            problems.add('desired', str(error))
    values = result.validated_parameters
    canonical = {}
    if not problems:
        for name, rule in CANONICAL[kind].items():
            canonical[name] = rule(values.get(name), 'desired.%s' % name, problems)
    if kind == 'agent':   # the identity is the agent id, kept as given (agents-api.md has no case rule)
        problems.check(agent_validate.agent_id, str(identity).strip(), 'identity')
    named = canonical.get(options.key)
    if named is not None and validate.name_key(named) != validate.name_key(str(identity).strip()):
        problems.add('desired.%s' % options.key, "'%s' is not the record's identity '%s'" % (named, identity))
    if problems:
        raise ValueError(problems.message())
    return canonical
