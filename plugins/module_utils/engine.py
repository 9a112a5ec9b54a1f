# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The engine every module runs on: validate -> read -> plan -> apply -> result and diff.

A module declares a Resource (how to validate one item, read its current state, plan the writes, apply
them and show the state) and calls run(). The engine handles single and bulk forms the same way:
every item is validated before any request (one message naming each bad field), reads and writes run
in bounded parallel on one HTTP session, check mode stops after planning and reports the prediction,
and a failing item never stops the others: the task fails at the end listing each failed item.
"""

from __future__ import annotations

import contextlib
import threading
from abc import ABC, abstractmethod
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from ansible.module_utils.basic import missing_required_lib

from ansible_collections.ozonetel.cloudagent.plugins.module_utils.errors import CloudAgentError, ValidationError
from ansible_collections.ozonetel.cloudagent.plugins.module_utils.ledger import (
    DEFAULT_LEDGER_DIR, LEDGER_ARGSPEC, LedgerError, LedgerKey, open_ledger, redact_location)
from ansible_collections.ozonetel.cloudagent.plugins.module_utils.options import (
    CONNECTION_ARGSPEC, ConnectionSettingsError, connection_settings)
from ansible_collections.ozonetel.cloudagent.plugins.module_utils.redact import Redactor

BULK_ARGSPEC = {'parallel': {'type': 'int', 'default': 4}}
MAX_PARALLEL = 32


def argument_spec(own, ledger=False, bulk=False):
    """The module's full argument spec: connection options, then the store and bulk options it uses."""
    spec = dict(CONNECTION_ARGSPEC)
    if ledger:
        spec.update(LEDGER_ARGSPEC)
    if bulk:
        spec.update(BULK_ARGSPEC)
    spec.update(own)
    return spec


class SetupError(Exception):
    """The HTTP client or the known-state store cannot be made. The whole task fails with one message, in
    whichever thread the first item needed it; result holds the keyword arguments for fail_json."""

    def __init__(self, msg, **result):
        super().__init__(msg)
        self.result = dict(result, msg=msg)


class ItemFailure(Exception):
    """An item could not be brought to its desired state.

    after is what the server confirmed before the failure (None: nothing is known to exist; omit it to
    keep the current state), and changed says whether anything was written.
    """

    def __init__(self, message, after=Ellipsis, changed=False, details=None):
        super().__init__(message)
        self.after = after
        self.changed = changed
        self.details = details or {}


@dataclass
class Plan:
    """What one item needs: the state before and the predicted state after, and the writes in between.

    steps is the resource's own description of the writes (empty: nothing to do). A resource marks a
    plan `uncertain` when it must write to learn whether anything changes (write-only APIs with no record);
    check mode then says so in the item's result.
    """
    before: object
    after: object
    steps: list = field(default_factory=list)
    uncertain: bool = False

    @property
    def changes(self):
        return bool(self.steps)


@dataclass
class Applied:
    after: object
    changed: bool


class Problems:
    """Collects every local input error so the user gets them all in one message, before any request."""

    def __init__(self):
        self.messages = []

    def check(self, function, *args, **kwargs):
        try:
            return function(*args, **kwargs)
        except ValidationError as exc:
            self.messages.append(str(exc))
            return None

    def add(self, field_name, message):
        self.messages.append('%s: %s' % (field_name, message))

    def __bool__(self):
        return bool(self.messages)

    def message(self):
        if len(self.messages) == 1:
            return 'Invalid input: %s' % self.messages[0]
        return 'Invalid input (%d problems): %s' % (len(self.messages), '; '.join(self.messages))


class Resource(ABC):
    """What a module declares. Subclasses set the names and implement the five methods."""

    kind = None          # the known-state store's record kind; None when the resource keeps no record
    singular = None      # result key for one item, e.g. 'phone'
    plural = None        # result key for the bulk form, e.g. 'phones'

    @abstractmethod
    def validate(self, item, path, problems):
        """Return the item in canonical form (recording problems), or None when it is unusable."""

    @abstractmethod
    def identity(self, item):
        """The item's identity within one task (canonical, used to find duplicates and store keys)."""

    @abstractmethod
    def read(self, ctx, item):
        """Current state of the item (from the API and/or the store); None when it does not exist."""

    @abstractmethod
    def plan(self, ctx, item, current):
        """A Plan from current to desired."""

    @abstractmethod
    def apply(self, ctx, item, plan):
        """Perform plan.steps; return Applied, or raise ItemFailure/CloudAgentError."""

    @abstractmethod
    def show(self, item, state):
        """The public, documented view of a state for results and diffs; None when state is None."""

    def label(self, item):
        return self.identity(item)

    def absent(self, item):
        """The public view of an item that does not exist."""
        return {'name': self.label(item), 'state': 'absent'}

    def unknown(self, item):
        """The public view of an item whose state could not be read: absent()'s shape, state null."""
        view = dict(self.absent(item))
        if 'state' in view:
            view['state'] = None
        return view

    def diff_view(self, item, state):
        """What the diff shows of a state; show() unless the result view carries more than the diff needs."""
        return self.show(item, state)


class Context:
    """What a resource needs while it runs: params, the HTTP client, the store, check mode."""

    def __init__(self, module, resource, settings=None):
        self.module = module
        self.params = module.params
        self.check_mode = module.check_mode
        self.resource = resource
        self._client = None
        self._ledger = None
        self._setup_error = None
        self._opening = threading.Lock()  # items read in parallel: client and store are still made once
        self._warned = set()
        if settings is None:
            try:
                settings = connection_settings(module.params)
            except ConnectionSettingsError as exc:
                module.fail_json(msg=str(exc))
        self.settings = settings
        self.redactor = Redactor(self.settings.secrets())
        self.parallel = max(1, min(int(module.params.get('parallel') or 1), MAX_PARALLEL))

    def _open(self, attribute, make):
        """The client or the store, made once; a failure to make either is kept and raised to every caller."""
        with self._opening:
            if self._setup_error is not None:
                raise self._setup_error
            if getattr(self, attribute) is None:
                try:
                    setattr(self, attribute, make())
                except SetupError as exc:
                    self._setup_error = exc
                    raise
            return getattr(self, attribute)

    @property
    def client(self):
        return self._open('_client', self._make_client)

    @property
    def ledger(self):
        return self._open('_ledger', self._make_ledger)

    def _make_client(self):
        # Imported here: tasks that only read the store never pay for requests.
        from ansible_collections.ozonetel.cloudagent.plugins.module_utils import client
        from ansible_collections.ozonetel.cloudagent.plugins.module_utils.account_store import store_location
        if not client.HAS_REQUESTS:
            raise SetupError(missing_required_lib('requests'), exception=client.REQUESTS_IMPORT_ERROR)
        # store: tokens and pacing are shared where the known-state store is (a Redis ledger: in Redis).
        return client.CloudAgentClient(self.settings, pool_size=self.parallel, store=store_location(self.params))

    def _make_ledger(self):
        location = self.params.get('ledger')
        try:
            return open_ledger(location, secrets=self.settings.secrets())
        except LedgerError as exc:
            raise SetupError(str(exc), ledger=redact_location(location or DEFAULT_LEDGER_DIR)) from None

    def fail_on_setup_error(self, function, *args):
        """function(*args) for modules that use the context directly: a SetupError becomes fail_json."""
        try:
            return function(*args)
        except SetupError as exc:
            self.close()
            self.module.fail_json(**exc.result)
        return None  # not reached: fail_json exits

    @contextlib.contextmanager
    def locked(self, key):
        """The store's lock on key around a read-modify-write. Failing to take it fails the item before anything
        is sent; losing it before release (a Redis lease that ran out) is a warning: the work under it is done."""
        lock = self.ledger.lock(key)
        try:
            lock.__enter__()  # pylint: disable=unnecessary-dunder-call
        except LedgerError as exc:
            raise ItemFailure('nothing was sent: %s' % exc) from exc
        try:
            yield
        finally:
            try:
                lock.__exit__(None, None, None)
            except LedgerError as exc:
                self.warn(str(exc))

    def record(self, write, after, what):
        """write() the store after the API confirmed a change; if that fails the item fails, still changed."""
        try:
            return write()
        except LedgerError as exc:
            raise ItemFailure('applied %s, but writing the known-state store failed (%s); the next run sends the '
                              'same again' % (what, exc), after=after, changed=True) from exc

    def warn(self, message):
        """Warn once per distinct message (items run in parallel and may hit the same condition)."""
        message = self.redactor.text(message)
        with self._opening:
            if message in self._warned:
                return
            self._warned.add(message)
        self.module.warn(message)

    def key(self, identity, kind=None):
        return LedgerKey(base_url=self.settings.base_url, username=self.settings.username,
                         kind=kind or self.resource.kind, identity=identity)

    def map(self, function, items):
        """function(item) for every item, in bounded parallel; returns [(value, exception)] in order."""
        def guarded(item):
            try:
                return function(item), None
            except Exception as exc:  # pylint: disable=broad-except
                # One item's failure must not stop the others; it is reported with the item.
                return None, exc
        if self.parallel == 1 or len(items) <= 1:
            return [guarded(item) for item in items]
        with ThreadPoolExecutor(max_workers=min(self.parallel, len(items))) as pool:
            return list(pool.map(guarded, items))

    def failure_text(self, exc):
        if isinstance(exc, (CloudAgentError, ItemFailure, LedgerError, ValidationError)):
            return self.redactor.text(str(exc))
        return self.redactor.text('%s: %s' % (type(exc).__name__, exc))

    def close(self):
        if self._client is not None:
            self._client.close()
        if self._ledger is not None:
            self._ledger.close()


def _validate_all(resource, raw_items, path):
    problems = Problems()
    items, seen = [], {}
    for index, raw in enumerate(raw_items):
        where = '%s[%d]' % (path, index) if path else ''
        item = resource.validate(raw, where, problems)
        if item is None:
            continue
        identity = resource.identity(item)
        if identity in seen:
            problems.add(where or path, "'%s' appears twice (also at %s[%d])" % (resource.label(item), path, seen[identity]))
            continue
        seen[identity] = index
        items.append(item)
    return items, problems


def _item_failure(ctx, exc, before, after):
    report = {'before': before, 'after': after, 'changed': exc.changed, 'failed': True,
              'msg': ctx.failure_text(exc), 'details': exc.details}
    if exc.details.get('applied', False) is None:
        report['applied'] = 'unknown'
    return report


def _run_item(ctx, resource, item, current):
    """Plan and (outside check mode) apply one item; returns a per-item report."""
    try:
        plan = resource.plan(ctx, item, current)
    except ItemFailure as exc:
        # Found while planning (check mode predicts the same failure): nothing was written.
        state = None if exc.after is Ellipsis else exc.after
        return _item_failure(ctx, exc, state, state)
    if ctx.check_mode or not plan.changes:
        return {'before': plan.before, 'after': plan.after, 'changed': plan.changes, 'failed': False,
                'uncertain': ctx.check_mode and plan.changes and plan.uncertain}
    try:
        applied = resource.apply(ctx, item, plan)
    except ItemFailure as exc:
        return _item_failure(ctx, exc, plan.before, plan.before if exc.after is Ellipsis else exc.after)
    except CloudAgentError as exc:
        report = {'before': plan.before, 'after': plan.before, 'changed': False, 'failed': True,
                  'msg': ctx.failure_text(exc), 'details': exc.to_result()}
        if exc.applied is None:
            report['applied'] = 'unknown'
        return report
    return {'before': plan.before, 'after': applied.after, 'changed': applied.changed, 'failed': False}


def _diff(resource, item, report):
    label = '%s %s' % (resource.singular, resource.label(item))
    return {'before_header': label, 'after_header': label,
            'before': resource.diff_view(item, report['before']) or {},
            'after': resource.diff_view(item, report['after']) or {}}


class _ReadFailed(Exception):
    """Carries an item's read error into the second phase, where it becomes the item's report."""

    def __init__(self, error):
        super().__init__(str(error))
        self.error = error


def run(module, resource, raw_items, single, path=''):
    """Run the resource over the items and exit the module. single: report `singular`, not `plural`."""
    items, problems = _validate_all(resource, raw_items, path)
    settings = None
    try:
        settings = connection_settings(module.params)
    except ConnectionSettingsError as exc:
        problems.messages.insert(0, str(exc))
    if problems:
        module.fail_json(msg=problems.message(), errors=problems.messages)
    ctx = Context(module, resource, settings)
    try:
        reads = ctx.map(lambda item: resource.read(ctx, item), items)

        def one(pair):
            item, (current, read_error) = pair
            if read_error is not None:
                raise _ReadFailed(read_error)
            return _run_item(ctx, resource, item, current)
        outcomes = ctx.map(one, list(zip(items, reads)))
    finally:
        ctx.close()
    setup = next((e for _v, e in outcomes if isinstance(e, SetupError) or (
        isinstance(e, _ReadFailed) and isinstance(e.error, SetupError))), None)
    if setup is not None:
        module.fail_json(**getattr(setup, 'error', setup).result)
    reports = [report if error is None else _error_report(ctx, error) for report, error in outcomes]
    _exit(module, ctx, resource, items, reports, single)


def _error_report(ctx, error):
    """The report of an item whose read failed, or whose plan or apply raised what _run_item does not expect
    (a store error, say): its state is unknown."""
    error = getattr(error, 'error', error)
    report = {'before': None, 'after': None, 'changed': False, 'failed': True, 'msg': ctx.failure_text(error),
              'unknown': True}
    if isinstance(error, CloudAgentError):
        report['details'] = error.to_result()
    elif isinstance(error, ItemFailure):
        report['details'] = error.details
        report['changed'] = error.changed
    return report


def _public(resource, item, report):
    after = report['after']
    if after is not None:
        view = dict(resource.show(item, after))
    elif report.get('unknown'):
        view = resource.unknown(item)
    else:
        view = dict(resource.absent(item))
    view['changed'] = report['changed']
    if report.get('uncertain'):
        view['uncertain'] = True
    if report['failed']:
        view['failed'] = True
        view['msg'] = report['msg']
        if report.get('applied'):
            view['applied'] = report['applied']
        details = {k: v for k, v in (report.get('details') or {}).items() if k != 'msg'}
        if details:
            view['error'] = details
    return view


def _exit(module, ctx, resource, items, reports, single):
    changed = any(r['changed'] for r in reports)
    views = [_public(resource, item, r) for item, r in zip(items, reports)]
    diffs = [_diff(resource, item, r) for item, r in zip(items, reports) if r['changed'] or r['failed']]
    result = {'changed': changed}
    if single and views:
        result[resource.singular] = views[0]
        if module._diff:
            result['diff'] = diffs[0] if diffs else {'before': {}, 'after': {}}
    else:
        result[resource.plural] = views
        if module._diff:
            result['diff'] = diffs
    if ctx._client is not None:
        result['api_requests'] = dict(ctx._client.request_count)
        for warning in ctx._client.warnings:
            ctx.warn(warning)
    failed = [(item, r) for item, r in zip(items, reports) if r['failed']]
    if failed:
        lines = ['%s: %s' % (resource.label(item), r['msg']) for item, r in failed]
        applied = sum(1 for r in reports if not r['failed'])
        result['failed_items'] = [resource.label(item) for item, _unused in failed]
        if single:
            details = failed[0][1].get('details') or {}
            result.update({k: v for k, v in details.items() if k != 'msg'})
            module.fail_json(msg=lines[0], **result)
        module.fail_json(msg='%d of %d %s failed (%d applied, %d changed): %s' % (
            len(failed), len(reports), resource.plural, applied, sum(1 for r in reports if r['changed']),
            '; '.join(lines)), **result)
    module.exit_json(**result)
