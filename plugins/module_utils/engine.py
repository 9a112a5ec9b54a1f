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
import itertools
import threading
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from ansible.module_utils.basic import missing_required_lib

from ansible_collections.ozonetel.cloudagent.plugins.module_utils import orphan
from ansible_collections.ozonetel.cloudagent.plugins.module_utils.errors import CloudAgentError, ValidationError
from ansible_collections.ozonetel.cloudagent.plugins.module_utils.ledger import (
    DEFAULT_LEDGER_DIR, LEDGER_ARGSPEC, LedgerError, LedgerKey, open_ledger, redact_location)
from ansible_collections.ozonetel.cloudagent.plugins.module_utils.module import CloudAgentModule
from ansible_collections.ozonetel.cloudagent.plugins.module_utils.options import (
    CONNECTION_ARGSPEC, ConnectionSettingsError, connection_settings)
from ansible_collections.ozonetel.cloudagent.plugins.module_utils.redact import Redactor
from ansible_collections.ozonetel.cloudagent.plugins.module_utils.summary import problems_message, summarise

BULK_ARGSPEC = {'parallel': {'type': 'int', 'default': 4}}
MAX_PARALLEL = 32


# The options every module of the action group accepts, so one module_defaults group can set them for all
# (doc fragments connection, ledger and bulk); a module that does not use one says so in its notes.
SHARED_ARGSPEC = dict(CONNECTION_ARGSPEC, **LEDGER_ARGSPEC, **BULK_ARGSPEC)


def argument_spec(own):
    """The module's full argument spec: the shared options, then its own."""
    spec = dict(SHARED_ARGSPEC)
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
    keep the current state); changed says whether anything was written; applied says whether the request
    that failed took effect: True, False, or None when nobody can know (by default what the details of the failed
    request say, else whether anything was written).
    """

    def __init__(self, message, after=Ellipsis, changed=False, details=None, applied=Ellipsis):
        super().__init__(message)
        self.after = after
        self.changed = changed
        self.details = {k: v for k, v in (details or {}).items() if k not in ('msg', 'applied')}
        if applied is Ellipsis:
            applied = (details or {}).get('applied', bool(changed))
        self.applied = applied


@dataclass(frozen=True)
class Failure:
    """Why one item failed, built once from whatever was raised (see failure_of).

    applied: True (the failing write took effect), False (it did not) or None (unknown: its answer was lost
    and no read-back could tell). details: the structured fields of the request that failed (http_status, kind,
    code, endpoint, response) or of a conflict the module found itself (kind, code, ...).
    """
    message: str
    applied: object = False
    changed: bool = False
    after: object = Ellipsis
    details: dict = field(default_factory=dict)


def failure_of(exc, redactor, writing=False):
    """The one mapping from an exception to a Failure. writing: raised while writes were being sent, so an
    unexpected error leaves the outcome unknown."""
    if isinstance(exc, ItemFailure):
        return Failure(redactor.text(str(exc)), exc.applied, exc.changed, exc.after, redactor.obj(exc.details))
    if isinstance(exc, CloudAgentError):
        details = {k: v for k, v in exc.to_result().items() if k not in ('msg', 'applied')}
        return Failure(str(exc), exc.applied, False, Ellipsis, details)
    if isinstance(exc, (LedgerError, ValidationError)):
        return Failure(redactor.text(str(exc)), None if writing else False)
    return Failure(redactor.text('%s: %s' % (type(exc).__name__, exc)), None if writing else False)


@dataclass
class ItemReport:
    """The outcome of one item: states before and after, whether it changed, and its failure if any.

    unknown: the state could not be read (the view then shows absent()'s shape with state null).
    """
    before: object
    after: object
    changed: bool = False
    uncertain: bool = False
    unknown: bool = False
    failure: Failure = None

    @property
    def failed(self):
        return self.failure is not None


@dataclass
class Plan:
    """What one item needs: the state before and the predicted state after, and the writes in between.

    steps is the resource's own description of the writes (empty: nothing to do). A resource marks a
    plan `uncertain` when it must write to learn whether anything changes (write-only APIs with no record);
    check mode then says so in the item's result. A plan with no steps may be `uncertain` too: the state it keeps is
    one no request can confirm (a real run then says so as well; see Applied.uncertain for writes).
    """
    before: object
    after: object
    steps: list = field(default_factory=list)
    uncertain: bool = False
    warnings: list = field(default_factory=list)   # said once each, whether or not the plan is applied

    @property
    def changes(self):
        return bool(self.steps)


@dataclass
class Applied:
    """What an apply confirmed. uncertain: the write was accepted but does not mean the same under every reading the
    vendor pages allow and nothing can read it back (docs/idempotence.md, "No silent success"): the item says so."""
    after: object
    changed: bool
    uncertain: bool = False


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
        return problems_message(self.messages)


class Resource(ABC):
    """What a module declares. Subclasses set the names and implement the six methods.

    A resource with a `kind` keeps records in the known-state store. The engine then owns their life: outside
    check mode it checks the store can be written before the first request, and for each item that needs writes it
    takes the lock on lock_identities(), re-reads those records, reads and plans again when another run changed
    them meanwhile (reporting `ok` when that run already did the work), applies, and records what the server
    confirmed through to_record(). A resource that writes in steps (a block group's chunks) also calls ctx.save()
    after each confirmed step, so a crash or a lost answer leaves a record of exactly what was confirmed.
    """

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

    def claims(self, item):
        """[(namespace, value, field)]: values no two items of one task may share (two phones with one number).
        The identity itself is always unique; this declares what else must be."""
        return []

    def lock_identities(self, item):
        """The identities (of `kind`) whose records this item reads and writes: locked and re-read together."""
        return [self.identity(item)]

    def to_record(self, item, state):
        """{identity: {'desired': ..., 'server': ...} or None to forget} keeping a state the server confirmed
        (state None: the item is gone); None: nothing to record. Build fresh values: ctx.save() compares them with
        the ones it wrote last, so changing them afterwards would hide a change."""
        return None

    def label(self, item):
        return self.identity(item)

    def check_mode_notice(self, items):
        """One warning a check-mode bulk run gives before its first request (e.g. how long paced reads take)."""
        return None

    def subject(self, item):
        """What the item is called in messages such as "applied X, but writing the known-state store failed"."""
        return '%s %s' % (self.singular, self.label(item))

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


NOT_RECORDED = ('applied %s, but writing the known-state store failed (%s); the next run sends the same again')
_UNWRITABLE = object()  # in an item's written records: the store failed for this identity, do not write it again


class NotRecorded(ItemFailure):
    """A state the server confirmed could not be recorded (ctx.save); reason is the store's own message."""

    def __init__(self, what, reason, after):
        super().__init__(NOT_RECORDED % (what, reason), after=after, changed=True)
        self.reason = reason


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
        self._held = threading.local()    # the keys this thread's item holds (engine-owned locks)
        self._warned = set()
        if settings is None:
            try:
                settings = connection_settings(module.params)
            except ConnectionSettingsError as exc:
                finish(module, None, {'changed': False}, msg=str(exc))
        self.settings = settings
        self.redactor = Redactor(self.settings.secrets())
        self.parallel = max(1, min(int(module.params.get('parallel') or 1), MAX_PARALLEL))
        self.run_watch = orphan.RunWatch()

    def _open(self, attribute, make):
        """The client or the store, made once; a failure to make either is kept and raised to every caller."""
        made = getattr(self, attribute)
        if made is not None:  # made once and never replaced: no lock needed (read per item by every worker)
            return made
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
        from ansible_collections.ozonetel.cloudagent.plugins.module_utils import client, transport_errors
        from ansible_collections.ozonetel.cloudagent.plugins.module_utils.account_store import store_location
        if not client.HAS_REQUESTS:
            raise SetupError(missing_required_lib('requests'), exception=client.REQUESTS_IMPORT_ERROR)
        if self.settings.verify is False:  # once per task: the client is made once (under _opening)
            self.module.warn(transport_errors.INSECURE_WARNING % urlsplit(self.settings.base_url).hostname)
        # store: tokens and pacing are shared where the known-state store is (a Redis ledger: in Redis).
        return client.CloudAgentClient(self.settings, pool_size=self.parallel, store=store_location(self.params))

    def _location(self):
        return redact_location(self.params.get('ledger') or DEFAULT_LEDGER_DIR)

    def _make_ledger(self):
        try:
            return open_ledger(self.params.get('ledger'), secrets=self.settings.secrets())
        except LedgerError as exc:
            raise SetupError(str(exc), ledger=self._location()) from None

    def check_writable(self):
        """Before the first request of a task that may write: the store must take records (SetupError if not)."""
        store = self.ledger
        try:
            store.check_writable(self.settings.base_url, self.settings.username)
        except LedgerError as exc:
            raise SetupError('%s; nothing was sent to CloudAgent' % exc, ledger=self._location()) from None

    def fail_on_setup_error(self, function, *args):
        """function(*args) for modules that use the context directly: a SetupError becomes fail_json."""
        try:
            return function(*args)
        except SetupError as exc:
            self.close()
            finish(self.module, self, {'changed': False}, **exc.result)
        return None  # not reached: finish exits

    def _held_keys(self):
        if not hasattr(self._held, 'keys'):
            self._held.keys = set()
        return self._held.keys

    @contextlib.contextmanager
    def locked(self, key):
        """The store's lock on key around a read-modify-write. Failing to take it fails the item before anything
        is sent; losing it before release (a Redis lease that ran out) is a warning: the work under it is done.
        Re-entrant within one item: a resource may lock a key the engine already holds for it."""
        held = self._held_keys()
        if key in held:
            yield
            return
        lock = self.ledger.lock(key)
        try:
            lock.__enter__()  # pylint: disable=unnecessary-dunder-call
        except LedgerError as exc:
            raise ItemFailure('nothing was sent: %s' % exc) from exc
        held.add(key)
        try:
            yield
        finally:
            held.discard(key)
            try:
                lock.__exit__(None, None, None)
            except LedgerError as exc:
                self.warn(str(exc))

    @contextlib.contextmanager
    def locked_all(self, identities):
        """Every key of identities locked, in one order for every run (two runs never wait on each other)."""
        with contextlib.ExitStack() as stack:
            for identity in sorted(set(identities)):
                stack.enter_context(self.locked(self.key(identity)))
            self._held.written = {}  # identity -> the record this item last wrote under these locks (see save)
            try:
                yield
            finally:
                del self._held.written

    def records(self, item):
        """The raw records of the item's lock identities, in order: what the engine compares under the lock."""
        return [self.ledger.get(self.key(identity)) for identity in self.resource.lock_identities(item)]

    def save(self, item, state, what=None):
        """Record a state the server confirmed, now: after apply (the engine does it), or part-way through apply
        to record progress as it lands (a resource that writes in steps calls it after each).

        Writes resource.to_record(item, state). Under the engine's locks a record equal to the one this item last
        wrote is not written again (no other run can have changed it meanwhile), so saving after every step and
        the engine's save after apply cost nothing when nothing changed. A store that fails raises NotRecorded (the
        item fails, still changed), and the item does not write that record again: its failure already says so."""
        records = self.resource.to_record(item, state)
        written = getattr(self._held, 'written', None)
        if written is None:
            written = {}  # outside the engine's locks: always write
        for identity, record in (records or {}).items():
            last = written.get(identity, Ellipsis)
            if last is _UNWRITABLE or (last is not Ellipsis and last == record):
                continue
            key = self.key(identity)
            try:
                if record is None:
                    self.ledger.delete(key)
                else:
                    self.ledger.put(key, desired=record.get('desired'), server=record.get('server'))
            except LedgerError as exc:
                written[identity] = _UNWRITABLE
                raise NotRecorded(what or self.resource.subject(item), exc, state) from exc
            written[identity] = record

    def record(self, write, after, what):
        """write() the store after the API confirmed a change; if that fails the item fails, still changed."""
        try:
            return write()
        except LedgerError as exc:
            raise ItemFailure(NOT_RECORDED % (what, exc), after=after, changed=True) from exc

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

    def map(self, function, items, writes=True):
        """function(item) for every item, in bounded parallel; returns [(value, exception)] in order.

        writes=False: the items send no writes (reads, check mode), so whether the run is gone may be looked
        up less often than per item."""
        max_age = 0.0 if writes else orphan.READS_MAX_AGE

        def guarded(item):
            if self.run_watch.gone(max_age):  # ansible-playbook was killed: start nothing more (orphan.py)
                return None, ItemFailure(orphan.GONE_MESSAGE)
            try:
                return function(item), None
            except Exception as exc:  # pylint: disable=broad-except
                # One item's failure must not stop the others; it is reported with the item.
                return None, exc
        if self.parallel == 1 or len(items) <= 1:
            return [guarded(item) for item in items]
        return bounded_map(guarded, items, min(self.parallel, len(items)))

    def failure_text(self, exc):
        return failure_of(exc, self.redactor).message

    def close(self):
        if self._client is not None:
            self._client.close()
        if self._ledger is not None:
            self._ledger.close()


def bounded_map(function, items, workers):
    """[function(item) for item in items] on `workers` threads that take the next item as they finish one.

    Lighter than ThreadPoolExecutor.map (a Future, a queue entry and a condition per item, which a 5,000-item
    task paid twice); function must not raise (Context.map's guarded does not). Anything that escapes it
    anyway (KeyboardInterrupt) is raised here once every worker has stopped."""
    results = [None] * len(items)
    indices = itertools.count()  # next() on it is atomic: each index goes to exactly one worker
    escaped = []

    def work():
        try:
            while not escaped:
                index = next(indices)
                if index >= len(items):
                    return
                results[index] = function(items[index])
        except BaseException as exc:  # pylint: disable=broad-except
            escaped.append(exc)
    threads = [threading.Thread(target=work, name='cloudagent-item-%d' % number, daemon=True)
               for number in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if escaped:
        raise escaped[0]
    return results


def module_for(options):
    """The CloudAgentModule of a resource module whose options are declared once (an ItemOptions)."""
    return CloudAgentModule(argument_spec=argument_spec(options.argument_spec()),
                            mutually_exclusive=options.mutually_exclusive(),
                            required_one_of=options.required_one_of(), supports_check_mode=True)


def main(options, make_resource):
    """A resource module's whole main(): build the module from its declared options, make the resource from the
    params, and run the bulk list or the single form's one item."""
    module = module_for(options)
    resource = make_resource(module.params)
    items = module.params[options.bulk]
    if items is not None:
        notice = resource.check_mode_notice(items) if module.check_mode else None
        if notice:
            module.warn(notice)
        run(module, resource, items, single=False, path=options.bulk)
    run(module, resource, [options.single_item(module.params)], single=True)


def _validate_all(resource, raw_items, path):
    problems = Problems()
    items, seen, claimed = [], {}, {}
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
        clashes = []
        for namespace, value, field_name in resource.claims(item):
            other = claimed.setdefault((namespace, value), (where or path or 'the item', field_name))
            if other[0] != (where or path or 'the item'):
                clashes.append(('%s.%s' % (where, field_name) if where else field_name, value, other))
        for here, value, (other_item, other_field) in clashes:
            problems.add(here, "'%s' is also the %s of %s" % (value, other_field, other_item))
        if not clashes:
            items.append(item)
    return items, problems


def _failed(ctx, exc, before, after=Ellipsis, writing=False):
    """The report of an item that failed with exc; after defaults to what the failure says, else before."""
    failure = failure_of(exc, ctx.redactor, writing)
    if failure.after is not Ellipsis:
        after = failure.after
    elif after is Ellipsis:
        after = before
    return ItemReport(before=before, after=after, changed=failure.changed, failure=failure)


class _Read:
    """One item's read: the records it depended on (compared again under the lock) and the state."""

    def __init__(self, records, current):
        self.records = records
        self.current = current


def _read(ctx, resource, item, lifecycle):
    # The records are read before the state: if they are the same under the lock, no run of this collection
    # wrote the item since before the state was read, so the plan made from it still holds.
    records = ctx.records(item) if lifecycle else None
    return _Read(records, resource.read(ctx, item))


def _plan(ctx, resource, item, current):
    plan = resource.plan(ctx, item, current)
    for warning in plan.warnings:
        ctx.warn(warning)
    return plan


def _run_item(ctx, resource, item, read, lifecycle):
    """Plan and (outside check mode) apply one item; returns its ItemReport."""
    try:
        plan = _plan(ctx, resource, item, read.current)
    except ItemFailure as exc:
        # Found while planning (check mode predicts the same failure): nothing was written.
        state = None if exc.after is Ellipsis else exc.after
        return _failed(ctx, exc, state, state)
    if ctx.check_mode or not plan.changes:
        return ItemReport(before=plan.before, after=plan.after, changed=plan.changes, uncertain=plan.uncertain)
    if not lifecycle:
        return _apply(ctx, resource, item, plan)
    with ctx.locked_all(resource.lock_identities(item)):
        if ctx.records(item) != read.records:
            # Another run wrote this item since it was read: read and plan again from what is there now.
            try:
                plan = _plan(ctx, resource, item, resource.read(ctx, item))
            except ItemFailure as exc:
                state = None if exc.after is Ellipsis else exc.after
                return _failed(ctx, exc, state, state)
            if not plan.changes:
                return ItemReport(before=plan.before, after=plan.after, uncertain=plan.uncertain)
        return _apply(ctx, resource, item, plan, record=True)


def _apply(ctx, resource, item, plan, record=False):
    if ctx.run_watch.gone():  # looked up now, right before the item's first write (orphan.py)
        return _failed(ctx, ItemFailure(orphan.GONE_MESSAGE), plan.before)
    try:
        applied = resource.apply(ctx, item, plan)
    except ItemFailure as exc:
        if record and exc.changed and exc.after is not Ellipsis:
            try:
                ctx.save(item, exc.after)  # what the server confirmed before the failure
            except ItemFailure as unrecorded:
                exc = ItemFailure('%s; %s' % (exc, unrecorded), after=exc.after, changed=True,
                                  details=exc.details, applied=exc.applied)
        return _failed(ctx, exc, plan.before)
    except (CloudAgentError, LedgerError) as exc:
        return _failed(ctx, exc, plan.before, writing=isinstance(exc, LedgerError))
    if record:
        try:
            ctx.save(item, applied.after)
        except ItemFailure as exc:
            return _failed(ctx, exc, plan.before)
    return ItemReport(before=plan.before, after=applied.after, changed=applied.changed, uncertain=applied.uncertain)


def _diff(resource, item, report):
    label = '%s %s' % (resource.singular, resource.label(item))
    return {'before_header': label, 'after_header': label,
            'before': resource.diff_view(item, report.before) or {},
            'after': resource.diff_view(item, report.after) or {}}


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
        finish(module, None, {'changed': False}, msg=problems.message(), errors=problems.messages)
    ctx = Context(module, resource, settings)
    lifecycle = resource.kind is not None and not ctx.check_mode
    try:
        if lifecycle and items:
            ctx.fail_on_setup_error(ctx.check_writable)
        reads = ctx.map(lambda item: _read(ctx, resource, item, lifecycle), items, writes=False)

        def one(pair):
            item, (read, read_error) = pair
            if read_error is not None:
                raise _ReadFailed(read_error)
            return _run_item(ctx, resource, item, read, lifecycle)
        # writes=False: an item that writes looks at the run again itself, right before it writes (_apply).
        outcomes = ctx.map(one, list(zip(items, reads)), writes=False)
    finally:
        ctx.close()
    setup = next((e for _v, e in outcomes if isinstance(e, SetupError) or (
        isinstance(e, _ReadFailed) and isinstance(e.error, SetupError))), None)
    if setup is not None:
        finish(module, ctx, {'changed': False}, **getattr(setup, 'error', setup).result)
    reports = [report if error is None else _error_report(ctx, error) for report, error in outcomes]
    _exit(module, ctx, resource, items, reports, single)


def _error_report(ctx, error):
    """The report of an item whose read failed, or whose plan or apply raised what _run_item does not expect:
    its state is unknown (a failure raised while applying may have left writes behind)."""
    reading = isinstance(error, _ReadFailed)
    report = _failed(ctx, getattr(error, 'error', error), None, None, writing=not reading)
    report.unknown = True
    return report


def _public(resource, item, report):
    after = report.after
    if after is not None:
        view = dict(resource.show(item, after))
    elif report.unknown:
        view = resource.unknown(item)
    else:
        view = dict(resource.absent(item))
    view['changed'] = report.changed
    if report.uncertain:
        view['uncertain'] = True
    if report.failed:
        view.update(failed=True, msg=report.failure.message, applied=report.failure.applied)
        if report.failure.details:
            view['error'] = dict(report.failure.details)
    return view


def finish(module, ctx, result, msg=None, **failure):
    """The one way every module exits: the client's request counts and warnings join the result; msg fails it."""
    result = dict(result)
    client = getattr(ctx, '_client', None) if ctx is not None else None
    if client is not None:
        result['api_requests'] = dict(client.request_count)
        for warning in client.warnings:
            ctx.warn(warning)
    if msg is not None:
        result.update(failure)
        module.fail_json(msg=msg, **result)
    module.exit_json(**result)


def _exit(module, ctx, resource, items, reports, single):
    changed = any(r.changed for r in reports)
    views = [_public(resource, item, r) for item, r in zip(items, reports)]
    diffs = [_diff(resource, item, r) for item, r in zip(items, reports) if r.changed or r.failed]
    result = {'changed': changed}
    if single and views:
        result[resource.singular] = views[0]
        if module._diff:
            result['diff'] = diffs[0] if diffs else {'before': {}, 'after': {}}
    else:
        result[resource.plural] = views
        if module._diff:
            result['diff'] = diffs
    failed = [(item, r) for item, r in zip(items, reports) if r.failed]
    if not failed:
        finish(module, ctx, result)
    lines = ['%s: %s' % (resource.label(item), r.failure.message) for item, r in failed]
    result['failed_items'] = [resource.label(item) for item, _unused in failed]
    if single:
        # The single form's top level repeats its one failure: applied and the error's fields (see RETURN).
        failure = failed[0][1].failure
        result.update(failure.details, applied=failure.applied)
        finish(module, ctx, result, msg=lines[0])
    applied = sum(1 for r in reports if not r.failed)
    finish(module, ctx, result, msg=summarise('%d of %d %s failed (%d applied, %d changed)' % (
        len(failed), len(reports), resource.plural, applied, sum(1 for r in reports if r.changed)),
        lines, '%s[].msg' % resource.plural))
