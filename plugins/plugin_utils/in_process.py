# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The module object of the action path: a module's main() run in the controller's worker process.

On the module path a module is a process: AnsibleModule reads its arguments from stdin, validates them,
and exit_json()/fail_json() print one JSON result and call sys.exit(). In the worker process neither may
happen: stdin and stdout are Ansible's, and sys.exit() would end the worker. InProcessModule offers the same
surface the collection's modules use (params, check_mode, _diff, no_log_values, warn, deprecate, exit_json,
fail_json) and behaves as the module path does, step by step:

- arguments are validated by ansible-core's ArgumentSpecValidator with the module's own argument spec and
  constraints (the keyword arguments the module gives CloudAgentModule), and a validation failure reads as it
  does from AnsibleModule; no_log values come from the same validation;
- the collection's own rules (secrets_of, input_problems, failure_text in module_utils/module.py) run on the
  same arguments;
- exit_json()/fail_json() build the result as AnsibleModule._return_formatted() does (invocation when the
  module path would add it, warnings, deprecations, every no_log value masked with remove_values, booleans
  and None kept), pass it through JSON as the module path does, and raise ModuleExit to the action plugin.

Everything a run collects (warnings, no_log values) belongs to its instance: nothing outlives the task.
This file imports no controller code (ansible.plugins, ansible.utils): the unit tests use it in the same
process as module tests, which a controller import would change (ansible-core 2.19+ then shows module
warnings at once instead of returning them).
"""

from __future__ import annotations

import contextlib
import json
import os

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator
from ansible.module_utils.common.parameters import remove_values
from ansible.module_utils.errors import UnsupportedError

from ansible_collections.ozonetel.cloudagent.plugins.module_utils.module import (
    failure_text, input_problems, secrets_of)
from ansible_collections.ozonetel.cloudagent.plugins.module_utils.summary import problems_message


# The switch between the execution paths (plugin_utils/cloudagent_action.py): a variable, else the
# controller's environment variable; the action path is the default.
SWITCH_VAR = 'cloudagent_execution'
SWITCH_ENV = 'CLOUDAGENT_EXECUTION'
IN_PROCESS, MODULE = 'action', 'module'


class ModuleExit(Exception):
    """exit_json() or fail_json() was called: result is what the module path would have printed."""

    def __init__(self, result):
        super().__init__('module exited')
        self.result = result


class InProcessModule:  # pylint: disable=too-many-instance-attributes
    """An AnsibleModule stand-in for one task run in the worker process (see the module docstring)."""

    def __init__(self, run, argument_spec, mutually_exclusive=None, required_together=None,  # pylint: disable=too-many-arguments
                 required_one_of=None, required_if=None, required_by=None, supports_check_mode=False, **unused):
        if unused:
            # A keyword this stand-in does not implement (add_file_common_args, bypass_checks...): refuse it
            # loudly rather than run differently from the module path.
            raise TypeError('in-process module: unsupported AnsibleModule arguments %s' % ', '.join(sorted(unused)))
        self._run = run
        self._name = run.name
        self.argument_spec = argument_spec
        self.supports_check_mode = supports_check_mode
        self.check_mode = run.check_mode
        self._diff = run.diff
        self._verbosity = run.verbosity
        self.no_log_values = set()
        self._warnings = []
        self._deprecations = []
        raw = run.args
        self.params = dict(raw)
        validator = ArgumentSpecValidator(argument_spec, mutually_exclusive=mutually_exclusive,
                                          required_together=required_together, required_one_of=required_one_of,
                                          required_if=required_if, required_by=required_by)
        result = validator.validate(self.params)
        self.params.update(result.validated_parameters)
        self.no_log_values.update(result._no_log_values)  # pylint: disable=protected-access
        for alias in result._warnings:  # pylint: disable=protected-access
            self.warn('Both option {option} and its alias {alias} are set.'.format(**alias))
        for deprecation in result._deprecations:  # pylint: disable=protected-access
            self._deprecations.append(dict(deprecation))
        self._register_secrets()
        try:
            error = result.errors[0]
        except IndexError:
            error = None
        if error is not None:
            msg = result.errors.msg
            if isinstance(error, UnsupportedError):
                msg = 'Unsupported parameters for ({name}) {kind}: {msg}'.format(name=self._name, kind='module', msg=msg)
            self.fail_json(msg=msg)
        if self.check_mode and not self.supports_check_mode:
            self.exit_json(skipped=True, msg='remote module (%s) does not support check mode' % self._name)
        problems = input_problems(raw, argument_spec, self.params)
        if problems:
            self.fail_json(msg=problems_message(problems), errors=problems)

    def _register_secrets(self):
        self.no_log_values.update(secrets_of(self.argument_spec, self.params))

    def warn(self, warning):
        if warning not in self._warnings:
            self._warnings.append(warning)

    def deprecate(self, msg, version=None, date=None, collection_name=None, **_unused):
        self._deprecations.append({'msg': msg, 'version': version, 'date': date, 'collection_name': collection_name})

    def exit_json(self, **kwargs):
        raise ModuleExit(self._formatted(kwargs))

    def fail_json(self, msg, **kwargs):
        self._register_secrets()
        kwargs.pop('exception', None)  # a traceback is for the module process's own errors
        text = failure_text(msg, kwargs)
        kwargs.update(failed=True, msg=text)
        raise ModuleExit(self._formatted(kwargs))

    def _formatted(self, kwargs):
        """What AnsibleModule._return_formatted() prints, as the controller reads it back."""
        if self._run.inject_invocation:
            kwargs.setdefault('invocation', {'module_args': self.params})
        else:
            kwargs.pop('invocation', None)
        if self._warnings:
            kwargs['warnings'] = list(self._warnings)
        if self._deprecations:
            kwargs['deprecations'] = list(self._deprecations)
        preserved = {k: v for k, v in kwargs.items() if v is None or isinstance(v, bool)}
        kwargs = remove_values(kwargs, self.no_log_values)
        kwargs.update(preserved)
        # The module path's result crosses a pipe as JSON: tuples and sets become lists, keys become text.
        return json.loads(json.dumps(kwargs, default=_jsonable))


def _jsonable(value):
    """What the module's JSON encoder does with the types json cannot write."""
    if isinstance(value, (set, frozenset)):
        return list(value)
    if isinstance(value, bytes):
        return value.decode('utf-8', 'surrogateescape')
    raise TypeError('%s is not JSON serializable' % type(value).__name__)


class TaskRun:  # pylint: disable=too-few-public-methods,too-many-instance-attributes
    """What one in-process run needs of the task: the module's arguments, modes and name."""

    def __init__(self, name, args, check_mode, diff, verbosity, inject_invocation):
        self.name = name
        self.args = args
        self.check_mode = check_mode
        self.diff = diff
        self.verbosity = verbosity
        self.inject_invocation = inject_invocation
        self.module = None

    def make_module(self, *args, **kwargs):
        """The factory CloudAgentModule(...) calls on the action path."""
        self.module = InProcessModule(self, *args, **kwargs)
        return self.module


@contextlib.contextmanager
def task_environment(values):
    """The task's `environment:` in os.environ for the run (the module process would inherit it), then restored."""
    values = {str(k): str(v) for k, v in values.items()}
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
