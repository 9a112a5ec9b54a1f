# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The action plugin behind every module of the collection: run the module in the worker process.

A module process costs about 0.35 s per task run on a 2-core controller (AnsiballZ, a fresh Python, its
imports, a new HTTP session), which is most of a looped item's time. The collection's modules run on the
controller anyway, so the action plugin of the same name runs the module's own main() in the worker process
Ansible has already forked for the task, with an in-process module object (plugin_utils/in_process.py), and
returns the result the module would have printed. See docs/architecture.md ("Two execution paths") and
docs/performance.md for what it costs and saves.

The module path (the module process, exactly as without this plugin) is taken instead when:

- the variable ``cloudagent_execution`` or else the controller's environment variable
  ``CLOUDAGENT_EXECUTION`` is ``module`` (the switch back; ``action``, the default, runs in-process);
- the task is ``async`` (the job must outlive the worker);
- the task's connection is not ``local`` (delegated to, or run on, another host: the module runs there);
- the task uses ``become`` (the module runs as another user);
- the controller's Python cannot import ``requests`` (the module's interpreter may).
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import os
import traceback

from ansible import constants as C
from ansible.errors import AnsibleError
from ansible.module_utils.common.json import AnsibleJSONEncoder
from ansible.module_utils.common.parameters import remove_values
from ansible.module_utils.parsing.convert_bool import boolean
from ansible.plugins.action import ActionBase
from ansible.utils.display import Display

from ansible_collections.ozonetel.cloudagent.plugins.module_utils.module import in_process_factory
from ansible_collections.ozonetel.cloudagent.plugins.plugin_utils.in_process import (
    IN_PROCESS, MODULE, SWITCH_ENV, SWITCH_VAR, ModuleExit, TaskRun, task_environment)

display = Display()

MODULES_PACKAGE = 'ansible_collections.ozonetel.cloudagent.plugins.modules.'


def _preload(name):
    """Import the module and the HTTP stack where the action plugin is loaded: the strategy loads it in the main
    ansible-playbook process before forking each task's worker, so every worker starts with them imported (shared
    pages) instead of importing them again per task and host. Without requests this is skipped; such a controller
    takes the module path (see _module_path_reason)."""
    try:
        importlib.import_module(MODULES_PACKAGE + name)
        importlib.import_module('ansible_collections.ozonetel.cloudagent.plugins.module_utils.client')
    except ImportError:
        pass


class CloudAgentAction(ActionBase):
    """Subclasses set MODULE, the module's short name (plugins/modules/MODULE.py)."""

    MODULE = None
    _supports_check_mode = True
    _supports_async = True

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if cls.MODULE:
            _preload(cls.MODULE)

    def run(self, tmp=None, task_vars=None):
        task_vars = task_vars or {}
        result = super().run(tmp, task_vars)
        del tmp
        reason = self._module_path_reason(task_vars)
        if reason is not None:
            display.vvv('%s: module path (%s)' % (self.MODULE, reason))
            return self._run_module_process(result, task_vars)
        display.vvv('%s: in the worker process' % self.MODULE)
        result.update(self._run_in_process(task_vars))
        return result

    # ---- which path ------------------------------------------------------------------------------------

    def _execution(self, task_vars):
        """(path, where the choice came from): the variable, else the controller's environment, else the default."""
        value, source = task_vars.get(SWITCH_VAR), SWITCH_VAR
        if value is None:
            value, source = os.environ.get(SWITCH_ENV), SWITCH_ENV
        if value is None or not str(value).strip():
            return IN_PROCESS, 'default'
        value = str(self._templar.template(value)).strip().lower()
        if value not in (IN_PROCESS, MODULE):
            raise AnsibleError("%s: must be '%s' (run in the worker process, the default) or '%s' (a module process "
                               "per task), got '%s'" % (source, IN_PROCESS, MODULE, value))
        return value, source

    def _module_path_reason(self, task_vars):
        """Why this task must run as a module process, or None when it can run in the worker."""
        path, source = self._execution(task_vars)
        if path == MODULE:
            return '%s=%s' % (source, MODULE)
        if self._task.async_val:
            return 'async'
        transport = getattr(self._connection, 'transport', None)
        if transport != 'local':
            return 'connection %s' % transport
        if self._play_context.become:
            return 'become'
        if importlib.util.find_spec('requests') is None:
            return "the controller's Python has no requests"
        return None

    def _run_module_process(self, result, task_vars):
        """What ansible.builtin.normal does: the module as a process (sync or async)."""
        wrap_async = self._task.async_val
        result.update(self._execute_module(task_vars=task_vars, wrap_async=wrap_async))
        if not wrap_async:
            self._remove_tmp_path(self._connection._shell.tmpdir)  # pylint: disable=protected-access
        return result

    # ---- in the worker -----------------------------------------------------------------------------------

    def _run_in_process(self, task_vars):
        run = TaskRun(name=self._task.action, args=self._module_args(), check_mode=bool(self._task.check_mode),
                      diff=bool(self._task.diff), verbosity=display.verbosity,
                      inject_invocation=_inject_invocation(task_vars, self._templar))
        environment = {}
        self._compute_environment_string(environment)
        module = importlib.import_module(MODULES_PACKAGE + self.MODULE)
        try:
            with task_environment(environment), in_process_factory(run.make_module):
                module.main()
        except ModuleExit as done:
            return done.result
        except Exception as exc:  # pylint: disable=broad-except
            # The module process would have died with a traceback (MODULE FAILURE); the worker must not.
            return _crash(run, 'MODULE FAILURE: %s: %s' % (type(exc).__name__, exc), traceback.format_exc())
        except SystemExit as exc:
            return _crash(run, 'MODULE FAILURE: the module called sys.exit(%s) in the worker process' % exc.code, '')
        return _crash(run, 'MODULE FAILURE: the module returned without exit_json() or fail_json()', '')

    def _module_args(self):
        """The task's arguments as the module process would receive them: through JSON (vaulted values as their
        plain text, no templating markers), so both paths validate the same data."""
        return json.loads(json.dumps(self._task.args, cls=AnsibleJSONEncoder, vault_to_text=True))


def _inject_invocation(task_vars, templar):
    """Whether the module path adds invocation.module_args: ansible-core 2.21 on request, earlier lines always."""
    try:
        return boolean(C.config.get_config_value('INJECT_INVOCATION', variables=task_vars, templar=templar))
    except (AnsibleError, TypeError):
        return True


def _crash(run, msg, formatted):
    """A failed result for a module that raised: secrets masked as in any other result."""
    secrets = run.module.no_log_values if run.module is not None else set()
    result = {'failed': True, 'msg': msg, 'rc': 1}
    if formatted:
        result['exception'] = formatted
    return remove_values(result, secrets)
