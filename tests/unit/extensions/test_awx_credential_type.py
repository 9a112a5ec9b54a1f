# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""extensions/awx/cloudagent_credential_type.yml: the shape AWX accepts, and exactly the variables the collection reads."""

from __future__ import annotations

import re

import pytest
from jinja2 import UndefinedError

from awx_credential import awx_inject, awx_validate, env_names_in_plugins, fields, load, referenced_inputs

from ansible_collections.ozonetel.cloudagent.plugins.module_utils.engine import BULK_ARGSPEC
from ansible_collections.ozonetel.cloudagent.plugins.module_utils.ledger import LEDGER_ARGSPEC, LEDGER_PASSWORD_ENV
from ansible_collections.ozonetel.cloudagent.plugins.module_utils.options import CONNECTION_ARGSPEC
from ansible_collections.ozonetel.cloudagent.plugins.plugin_utils.in_process import SWITCH_ENV

# Keys every AWX version takes for an input field (older ones reject anything else, `default` included).
FIELD_KEYS = {'id', 'label', 'type', 'help_text', 'secret', 'choices', 'multiline', 'format', 'ask_at_runtime'}
FIELD_ID = re.compile(r'^[a-zA-Z_]+[a-zA-Z0-9_]*$')
# Inputs that are secret although no module option is no_log: a Redis URL may carry its password.
SECRET_WITHOUT_NO_LOG = {'ledger', 'ledger_password'}


def option_env_vars():
    """{env var: (option name, option spec)} from the env_fallback of every shared option."""
    found = {}
    for spec in (CONNECTION_ARGSPEC, LEDGER_ARGSPEC, BULK_ARGSPEC):
        for option, rules in spec.items():
            fallback = rules.get('fallback')
            if fallback:
                for name in fallback[1]:
                    found[name] = (option, rules)
    return found


def collection_env_vars():
    """Every environment variable the collection reads: option fallbacks plus the Redis password."""
    return set(option_env_vars()) | {LEDGER_PASSWORD_ENV}


@pytest.fixture(scope='module')
def credential_type():
    return load()


def injected(credential_type):
    return credential_type['injectors']['env']


def test_top_level_shape(credential_type):
    assert set(credential_type) == {'name', 'description', 'kind', 'inputs', 'injectors'}
    assert credential_type['kind'] == 'cloud'  # custom types may only be cloud or net
    assert set(credential_type['inputs']) == {'fields', 'required'}
    assert set(credential_type['injectors']) == {'env'}


def test_fields_use_only_keys_every_awx_accepts(credential_type):
    ids = [field['id'] for field in credential_type['inputs']['fields']]
    assert len(ids) == len(set(ids)), 'field ids must be unique'
    for field in credential_type['inputs']['fields']:
        assert set(field) <= FIELD_KEYS, field['id']
        assert FIELD_ID.match(field['id']) and field['id'] != 'tower'
        assert field['type'] == 'string' and field['label'] and field['help_text']
    assert set(credential_type['inputs']['required']) <= set(ids)
    assert credential_type['inputs']['required'] == ['username']


def test_every_injected_variable_is_read_by_the_collection(credential_type):
    assert set(injected(credential_type)) <= collection_env_vars()


def test_every_variable_the_collection_reads_is_injected(credential_type):
    assert collection_env_vars() <= set(injected(credential_type))


def test_plugins_mention_no_other_cloudagent_variable():
    # A CLOUDAGENT_* name read or documented anywhere in plugins/ but not found above would be one the
    # credential type does not inject. The execution-path switch is a controller setting, not a credential.
    assert env_names_in_plugins() - {SWITCH_ENV} == collection_env_vars()


def test_injected_names_are_allowed_by_awx(credential_type):
    for name, template in injected(credential_type).items():
        assert re.match(r'^[a-zA-Z_]+[a-zA-Z0-9_]*$', name) and not name.startswith('ANSIBLE_')
        assert isinstance(template, str) and template.isascii()


def test_every_template_refers_to_an_existing_input(credential_type):
    ids = set(fields(credential_type))
    for name, template in injected(credential_type).items():
        used = referenced_inputs(template)
        assert used, '%s injects a constant' % name
        assert used <= ids, '%s refers to %s' % (name, sorted(used - ids))
    awx_validate(credential_type)


def test_awx_validation_rejects_an_unknown_input(credential_type):
    broken = dict(credential_type, injectors={'env': {'CLOUDAGENT_USERNAME': '{{ user_name }}'}})
    with pytest.raises(UndefinedError):
        awx_validate(broken)


def test_each_variable_comes_from_the_input_of_the_same_name(credential_type):
    by_env = option_env_vars()
    for name, template in injected(credential_type).items():
        expected = 'ledger_password' if name == LEDGER_PASSWORD_ENV else by_env[name][0]
        assert referenced_inputs(template) == {expected}, name


def test_choices_are_the_options_choices(credential_type):
    by_env = option_env_vars()
    with_choices = {}
    for name, template in injected(credential_type).items():
        option = by_env.get(name, (None, {}))[1]
        if 'choices' in option:
            (field_id,) = referenced_inputs(template)
            with_choices[field_id] = option['choices']
    assert set(with_choices) == {'auth_mode', 'region'}
    for field_id, choices in with_choices.items():
        assert fields(credential_type)[field_id]['choices'] == choices


def test_empty_inputs_inject_the_options_defaults(credential_type):
    # An empty variable would reach the module as '' (env_fallback), which fails choices and number
    # conversion; so every option with a default gets exactly that default, and the others stay empty.
    by_env = option_env_vars()
    env = awx_inject(credential_type, {})
    for name, value in env.items():
        option = by_env.get(name, (None, {}))[1]
        default = option.get('default', '')
        expected = str(int(default)) if isinstance(default, float) and default.is_integer() else str(default)
        assert value == expected, name


def test_secret_inputs_are_marked_secret(credential_type):
    by_env = option_env_vars()
    must_be_secret = set(SECRET_WITHOUT_NO_LOG)
    for name, template in injected(credential_type).items():
        if name in by_env and by_env[name][1].get('no_log'):
            must_be_secret |= referenced_inputs(template)
    assert must_be_secret == {'api_key', 'token', 'ledger', 'ledger_password'}
    secret = {field_id for field_id, field in fields(credential_type).items() if field.get('secret')}
    assert secret == must_be_secret
