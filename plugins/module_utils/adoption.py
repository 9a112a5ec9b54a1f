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

from ansible_collections.ozonetel.cloudagent.plugins.module_utils import validate
from ansible_collections.ozonetel.cloudagent.plugins.module_utils.campaign import campaign_name
from ansible_collections.ozonetel.cloudagent.plugins.module_utils.engine import Problems
from ansible_collections.ozonetel.cloudagent.plugins.module_utils.item_specs import RECORDED


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


# Per kind, the canonical form of each recorded field (the rule the owning module applies to its input).
CANONICAL = {
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
    return {name: dict(options.item[name], required=required) for name, required in fields.items()}


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
    named = canonical.get(options.key)
    if named is not None and validate.name_key(named) != validate.name_key(str(identity).strip()):
        problems.add('desired.%s' % options.key, "'%s' is not the record's identity '%s'" % (named, identity))
    if problems:
        raise ValueError(problems.message())
    return canonical
