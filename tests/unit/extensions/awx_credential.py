# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The shipped AWX credential type, and what AWX does with it, for the tests next to this file.

AWX checks a credential type's injector templates by rendering them with StrictUndefined against every
input id (awx/main/fields.py, CredentialTypeInjectorField.validate), and injects a credential by rendering
each template with only the inputs that have a non-empty value (awx/main/models/credential,
CredentialType.inject_credential): a template that names an unset input renders to ''. Both use Jinja's
ImmutableSandboxedEnvironment; the two functions below do the same.
"""

from __future__ import annotations

import os
import re

import yaml
from jinja2 import StrictUndefined, meta
from jinja2.sandbox import ImmutableSandboxedEnvironment

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
PATH = os.path.join(ROOT, 'extensions', 'awx', 'cloudagent_credential_type.yml')
ENV_NAME = re.compile(r'\bCLOUDAGENT_[A-Z][A-Z0-9_]*\b')


def load():
    with open(PATH, encoding='utf-8') as handle:
        return yaml.safe_load(handle)


def fields(credential_type):
    return {field['id']: field for field in credential_type['inputs']['fields']}


def referenced_inputs(template):
    """The names a Jinja template reads (its undeclared variables)."""
    return meta.find_undeclared_variables(ImmutableSandboxedEnvironment().parse(template))


def awx_validate(credential_type):
    """Render every injector as AWX does when the type is saved; raises on an undefined input or bad syntax."""
    namespace = {field_id: 'EXAMPLE' for field_id in fields(credential_type)}
    env = ImmutableSandboxedEnvironment(undefined=StrictUndefined)
    for injector in credential_type['injectors'].values():
        for template in injector.values():
            env.from_string(template).render(namespace)


def awx_inject(credential_type, inputs):
    """The environment AWX gives a job for a credential with these input values."""
    namespace = {key: value for key, value in inputs.items() if value not in (None, '')}
    env = ImmutableSandboxedEnvironment()
    return {name: env.from_string(template).render(**namespace)
            for name, template in credential_type['injectors'].get('env', {}).items()}


def env_names_in_plugins():
    """Every CLOUDAGENT_* name that appears anywhere under plugins/ (code, docs and examples)."""
    found = set()
    for directory, _unused, files in os.walk(os.path.join(ROOT, 'plugins')):
        for name in files:
            if name.endswith('.py'):
                with open(os.path.join(directory, name), encoding='utf-8') as handle:
                    found.update(ENV_NAME.findall(handle.read()))
    return found
