# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Block-number groups: input rules, the write plan and the chunked writer (createBlockNumber,
updateBlockNumbers, deleteBlockNumber; docs/architecture.md decisions 9-17).

The API cannot read a group back, so a group's state is what the known-state store recorded (kind
'blocklist'), and what changed is taken from the server's counters and per-number result arrays.

A state is a dict: name, id, description, expiry, numbers (sorted list, or None when unknown), and after a
run also added, removed and rejected (lists).
"""

from __future__ import annotations

from ansible_collections.ozonetel.cloudagent.plugins.module_utils import validate
from ansible_collections.ozonetel.cloudagent.plugins.module_utils.errors import CloudAgentError

KIND = 'blocklist'
ITEM_FIELDS = ('name', 'description', 'expiry', 'numbers', 'state', 'purge', 'force')
REQUEST_NAMES = {'create': 'createBlockNumber', 'update': 'updateBlockNumbers', 'delete': 'deleteBlockNumber'}


def _field(where, name):
    return '%s.%s' % (where, name) if where else name


def canonical_item(raw, where, problems, defaults=None):
    """The item in canonical form (numbers normalised as the server stores them, deduplicated, sorted).

    Every problem is added to problems (each invalid number by itself); None when the item is unusable.
    """
    defaults = defaults or {}
    item = {key: raw.get(key) for key in ITEM_FIELDS}
    for key in ('state', 'purge', 'force'):
        if item[key] is None:
            item[key] = defaults.get(key)
    item['state'] = item['state'] or 'present'
    item['purge'] = bool(item['purge'])
    item['force'] = bool(item['force'])
    before = len(problems.messages)
    item['name'] = problems.check(validate.group_text, item['name'], _field(where, 'name'))
    if item['description'] is not None:
        item['description'] = problems.check(validate.group_text, item['description'], _field(where, 'description'))
    if item['expiry'] is not None:
        item['expiry'] = problems.check(validate.expiry_date, item['expiry'], _field(where, 'expiry'))
    numbers = item['numbers']
    if numbers is not None:
        found = [problems.check(validate.block_number, value, '%s[%d]' % (_field(where, 'numbers'), index))
                 for index, value in enumerate(numbers)]
        item['numbers'] = sorted(set(number for number in found if number))
    if item['state'] == 'absent' and not numbers:
        problems.add(_field(where, 'numbers'),
                     'state=absent removes the listed numbers from the group, and none are listed. The CloudAgent API '
                     'cannot delete a whole group; to empty it, use state=present, numbers=[] and purge=true')
    if raw.get('purge') and item['state'] == 'absent':
        problems.add(_field(where, 'purge'), 'applies to state=present only (state=absent removes just the listed numbers)')
    if item['purge'] and numbers is None and item['state'] == 'present':
        problems.add(_field(where, 'purge'), 'purge=true needs numbers (give numbers: [] to remove every recorded number)')
    return item if len(problems.messages) == before else None


def record_state(record, name):
    """The state a known-state store record describes, or None when there is no record.

    complete: whether numbers holds every member (false for a group that existed before this collection
    created it: its other members are unknown); known_absent: numbers such a group was confirmed not to hold.
    """
    if not record:
        return None
    desired = record.get('desired') or {}
    server = record.get('server') or {}
    group_id = server.get('id')
    complete = server.get('members_complete', True) is not False
    return {
        'name': desired.get('name') or name,
        'id': None if group_id is None else str(group_id),
        'description': desired.get('description'),
        'expiry': desired.get('expiry'),
        'numbers': sorted(set(desired.get('numbers') or [])),
        'complete': complete,
        'known_absent': [] if complete else sorted(set(server.get('known_absent') or [])),
    }


def record_fields(state):
    """(desired, server) of the record that keeps a state."""
    desired = {key: state[key] for key in ('name', 'description', 'expiry', 'numbers')}
    server = {'id': state['id']} if state['id'] else {}
    if not state['complete']:
        server.update(members_complete=False, known_absent=sorted(state['known_absent']))
    return desired, server


def missing_for_create(item):
    return [key for key in ('description', 'expiry') if item[key] is None]


def _to_remove(item, current, desired):
    """Numbers state=absent must delete: those recorded, and for a group whose members are not all known,
    every listed number not yet confirmed absent (it may have been added outside this collection)."""
    if current is None or item['force']:
        return sorted(desired)
    remove = desired & set(current['numbers'])
    if not current['complete']:
        remove |= desired - set(current['numbers']) - set(current['known_absent'])
    return sorted(remove)


def plan_writes(item, current):
    """(steps, predicted state) from the recorded state (None: no record) to the item.

    steps are ('create'|'update'|'delete', numbers) in order, each with at most 100 numbers. Requests name
    the group with the spelling recorded when it was created (the server may match names exactly).
    """
    desired = set(item['numbers'] or [])
    name = current['name'] if current else item['name']
    if item['state'] == 'absent':
        remove = _to_remove(item, current, desired)
        steps = [('delete', chunk) for chunk in validate.chunks(remove)]
        if current:
            after = dict(current, numbers=sorted(set(current['numbers']) - desired))
            if not current['complete']:
                after['known_absent'] = sorted(set(current['known_absent']) | desired)
        else:
            after = {'name': name, 'id': None, 'description': None, 'expiry': None, 'numbers': None,
                     'complete': False, 'known_absent': []}
        after.update(added=[], removed=remove, rejected=[])
        return steps, after
    recorded = set(current['numbers']) if current else set()
    add = sorted(desired) if current is None or item['force'] else sorted(desired - recorded)
    remove = sorted(recorded - desired) if item['purge'] else []
    description = item['description'] if item['description'] is not None else (current or {}).get('description')
    expiry = item['expiry'] if item['expiry'] is not None else (current or {}).get('expiry')
    steps = []
    if current is None:
        steps.append(('create', add[:validate.MAX_NUMBERS_PER_REQUEST]))
        steps.extend(('update', chunk) for chunk in validate.chunks(add[validate.MAX_NUMBERS_PER_REQUEST:]))
    else:
        steps.extend(('update', chunk) for chunk in validate.chunks(add))
        meta = item['force'] or description != current['description'] or expiry != current['expiry']
        if meta and not add:
            steps.append(('update', []))  # decision 17: description and expiry alone
    steps.extend(('delete', chunk) for chunk in validate.chunks(remove))
    complete = current['complete'] if current else True
    known_absent = sorted((set(current['known_absent']) - desired) | set(remove)) if current and not complete else []
    after = {'name': name, 'id': (current or {}).get('id'), 'description': description, 'expiry': expiry,
             'numbers': sorted((recorded | desired) - set(remove)), 'complete': complete,
             'known_absent': known_absent,
             'added': sorted(desired - recorded) if current else sorted(desired), 'removed': remove, 'rejected': []}
    return steps, after


def show(state, changes=True):
    """The public view of a state: counts first, then the sorted lists; changes=False leaves out the
    added/removed/rejected lists (the diff shows them already as lines of numbers)."""
    if state is None:
        return None
    view = {key: state.get(key) for key in ('name', 'id', 'description', 'expiry', 'numbers')}
    view['count'] = None if state.get('numbers') is None else len(state['numbers'])
    view['complete'] = state.get('complete') if state.get('numbers') is not None else None
    for key in ('added', 'removed', 'rejected'):
        if changes and key in state:
            view[key] = list(state[key])
    return view


def _list(value):
    if value is None:
        return []
    if isinstance(value, list):
        return [str(v) for v in value]
    return [str(value)]


def _count(output, *names):
    for name in names:
        try:
            return int(output[name])
        except (KeyError, TypeError, ValueError):
            continue
    return None


class GroupWriter:  # pylint: disable=too-many-instance-attributes
    """Performs the steps of one group in order and keeps exactly what the server confirmed."""

    def __init__(self, client, item, current):
        self.client = client
        self.item = item
        self.current = current
        self.name = current['name'] if current else item['name']  # the spelling the server knows
        self.description = item['description'] if item['description'] is not None else (current or {}).get('description')
        self.expiry = item['expiry'] if item['expiry'] is not None else (current or {}).get('expiry')
        self.numbers = set(current['numbers']) if current else None  # confirmed members; None: nothing confirmed
        self.complete = current['complete'] if current else True
        self.known_absent = set(current['known_absent']) if current else set()
        self.group_id = (current or {}).get('id')
        self.meta_sent = False
        self.changed = False
        self.added, self.removed, self.rejected, self.warnings = [], [], [], []
        self.reasons = {}
        self.group_missing = False

    # ---- requests ------------------------------------------------------------------------------

    def _call(self, endpoint, body, what, allow=()):
        return self.client.call(endpoint, body, operation="%s for block group '%s'" % (what, self.name), allow=allow)

    def _remember_id(self, value):
        if value not in (None, ''):
            self.group_id = str(value)

    def _reject(self, numbers, request):
        for number in numbers:
            if number not in self.reasons:
                self.rejected.append(number)
                self.reasons[number] = 'rejected by %s (listed in its per-number error array)' % request

    def create(self, chunk):
        body = {'name': self.name, 'description': self.description, 'expiryDate': self.expiry,
                'blockNumbers': ','.join(chunk)}
        response = self._call('block_create', body, 'createBlockNumber', allow=('already_exists',))
        if response.kind == 'already_exists':
            self._adopt(chunk)
            return
        output = (response.body or {}).get('output') or {}
        self._remember_id(output.get('lastInsertId'))
        accepted = _list(output.get('succes', output.get('success')))
        self.numbers = set(accepted)
        self.added.extend(n for n in accepted if n not in self.added)
        self.meta_sent = True
        self.changed = True
        self._reject(_list(output.get('error')), 'createBlockNumber')

    def _adopt(self, chunk):
        """Decision 9: a group made in the UI or on another controller. Converge by adding to it; its other
        members stay unknown, so the record says so (purge cannot see them; state=absent still deletes)."""
        self.numbers, self.complete = set(), False
        try:
            self.update(chunk)
        except CloudAgentError:
            self.numbers, self.complete = None, True  # nothing confirmed: nothing to record
            raise
        self.warnings.append("block group '%s' already existed on the server without a record in the ledger: "
                             'the listed numbers were added to it; its other members are unknown (purge cannot '
                             'remove them)' % self.name)

    def update(self, chunk):
        body = {'groupName': self.name, 'description': self.description, 'expiryDate': self.expiry,
                'blockNumbers': list(chunk)}
        response = self._call('block_update', body, 'updateBlockNumbers')
        data = response.body or {}
        self._remember_id((data.get('input') or {}).get('id'))
        output = data.get('output') or {}
        accepted = _list(output.get('succes', output.get('success')))
        fresh = [n for n in accepted if n not in self.numbers]
        new = _count(output, 'new', 'inserted')
        # The server's counter decides when it gives one; the record only says which numbers were new to it.
        added = fresh if new is None or new > 0 else []
        if new is not None and new != len(fresh) and self.complete:
            # (A group whose members are not all known disagrees with its record by nature: no warning.)
            self.warnings.append("block group '%s': the server added %d number(s) where the record expected %d: the "
                                 'group was changed outside this collection' % (self.name, new, len(fresh)))
        if added or new:
            self.changed = True
        if not self.meta_sent:
            self.meta_sent = True
            recorded = (self.current['description'], self.current['expiry']) if self.current else None
            if recorded != (self.description, self.expiry):
                self.changed = True
        self.numbers.update(accepted)
        self.known_absent.difference_update(accepted)
        self.added.extend(n for n in added if n not in self.added)
        self._reject(_list(output.get('error')), 'updateBlockNumbers')

    def delete(self, chunk):
        body = {'id': self.group_id} if self.group_id else {'groupName': self.name}
        body['blockNumbers'] = list(chunk)
        try:
            response = self._call('block_delete', body, 'deleteBlockNumber')
        except CloudAgentError as exc:
            if exc.kind == 'not_found' and self.item['state'] == 'absent':
                self.group_missing = True  # no such group: none of its numbers is blocked
                return
            raise
        data = response.body or {}
        self._remember_id((data.get('input') or {}).get('id'))
        output = data.get('output') or {}
        gone = _list(output.get('success'))
        absent = _list(output.get('error'))
        if _count(output, 'deleted') or gone:
            self.changed = True
        self.removed.extend(gone)
        drifted = [n for n in absent if self.numbers is not None and n in self.numbers]
        if self.numbers is not None:
            self.numbers.difference_update(gone)
            self.numbers.difference_update(absent)
        if not self.complete:
            self.known_absent.update(gone)
            self.known_absent.update(absent)
        if drifted:
            # Decision 16: these were not in the group. The desired state (not blocked) holds; say so.
            self.warnings.append("block group '%s': %d recorded number(s) to remove were not in the group on the "
                                 'server (removed outside this collection?): %s'
                                 % (self.name, len(drifted), ', '.join(drifted)))

    def run(self, steps):
        """Perform the steps; a failing request stops the group and raises StepFailure with what was confirmed."""
        for index, (action, chunk) in enumerate(steps):
            try:
                getattr(self, action)(chunk)
            except CloudAgentError as exc:
                raise StepFailure(exc, index, len(steps), action) from exc
            if self.group_missing:
                return

    # ---- results -------------------------------------------------------------------------------

    def confirmed(self):
        """The state the server confirmed, or None when nothing is known to exist."""
        if self.numbers is None:
            if self.current is None:
                return None
            return dict(self.current)
        known = self.meta_sent or self.current is not None
        return {'name': self.name, 'id': self.group_id, 'description': self.description if known else None,
                'expiry': self.expiry if known else None, 'numbers': sorted(self.numbers),
                'complete': self.complete, 'known_absent': sorted(self.known_absent) if not self.complete else []}

    def state(self):
        state = self.confirmed() or {'name': self.name, 'id': self.group_id, 'description': None, 'expiry': None,
                                     'numbers': None, 'complete': None, 'known_absent': []}
        state.update(added=sorted(self.added), removed=sorted(self.removed), rejected=sorted(self.rejected))
        return state

    def rejection_text(self):
        return '; '.join('%s: %s' % (number, self.reasons[number]) for number in self.rejected)


class StepFailure(Exception):
    """A request of a group failed; error is the CloudAgentError."""

    def __init__(self, error, index, total, action):
        super().__init__('%s request %d of %d failed: %s' % (REQUEST_NAMES[action], index + 1, total, error))
        self.error = error
