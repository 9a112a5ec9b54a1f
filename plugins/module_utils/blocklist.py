# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Block-number groups: input rules, the record codec and the write plan (createBlockNumber,
updateBlockNumbers, deleteBlockNumber; docs/architecture.md decisions 9-17). The writer is blocklist_writer.

The API cannot read a group back, so a group's state is what the known-state store recorded (kind
'blocklist'), and what changed is taken from the server's counters and per-number result arrays.

A state is a dict: name, id, description, expiry, numbers (sorted list, or None when unknown), and after a
run also added, removed and rejected (lists).
"""

from __future__ import annotations

from ansible_collections.ozonetel.cloudagent.plugins.module_utils import validate

KIND = 'blocklist'
ITEM_FIELDS = ('name', 'description', 'expiry', 'numbers', 'state', 'purge', 'force')
ASSUMED_NEW_WARNING = ("no record of group %s: created as new; if CloudAgent already had a group of this name it may "
                       'now hold two; adopt existing groups first')
RESULT_LIST_LIMIT = 1000  # members listed in a result by default (issue 20: huge results cost Ansible time)
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


def _id(value):
    """The group id as the server sent it (create answers lastInsertId as a number): never re-typed."""
    return None if value in (None, '') else value


def record_state(record, name):
    """The state a known-state store record describes, or None when there is no record.

    complete: whether numbers holds every member (false for a group that existed before this collection
    created it: its other members are unknown); known_absent: numbers such a group was confirmed not to hold.
    pending_add / pending_remove: numbers this collection sent whose answer it never saw (a lost answer, a
    crash); creating: this collection sent the group's create and never saw the answer (the group is ours).
    """
    if not record:
        return None
    desired = record.get('desired') or {}
    server = record.get('server') or {}
    complete = server.get('members_complete', True) is not False
    return {
        'name': desired.get('name') or name,
        'id': _id(server.get('id')),
        'description': desired.get('description'),
        'expiry': desired.get('expiry'),
        'numbers': sorted(set(desired.get('numbers') or [])),
        'complete': complete,
        'known_absent': [] if complete else sorted(set(server.get('known_absent') or [])),
        'pending_add': sorted(set(server.get('pending_add') or [])),
        'pending_remove': sorted(set(server.get('pending_remove') or [])),
        'creating': bool(server.get('creating')),
    }


def record_fields(state):
    """(desired, server) of the record that keeps a state."""
    desired = {key: state[key] for key in ('name', 'description', 'expiry', 'numbers')}
    server = {'id': state['id']} if state['id'] is not None else {}
    if not state['complete']:
        server.update(members_complete=False, known_absent=sorted(state['known_absent']))
    for key in ('pending_add', 'pending_remove'):
        if state.get(key):
            server[key] = sorted(state[key])
    if state.get('creating'):
        server['creating'] = True
    return desired, server


def missing_for_create(item):
    return [key for key in ('description', 'expiry') if item[key] is None]


def _to_remove(item, current, desired):
    """Numbers state=absent must delete: those recorded or sent unconfirmed, and for a group whose members are
    not all known, every listed number not yet confirmed absent (it may have been added outside this collection)."""
    if current is None or item['force']:
        return sorted(desired)
    remove = desired & (set(current['numbers']) | set(current.get('pending_add', ())))
    if not current['complete']:
        remove |= desired - set(current['numbers']) - set(current['known_absent'])
    return sorted(remove)


def _absent_plan(item, current, desired, name):
    remove = _to_remove(item, current, desired)
    steps = [('delete', chunk) for chunk in validate.chunks(remove)]
    if current:
        after = dict(current, numbers=sorted(set(current['numbers']) - desired),
                     pending_add=sorted(set(current.get('pending_add', ())) - desired))
        if not current['complete']:
            after['known_absent'] = sorted(set(current['known_absent']) | desired)
    else:
        after = empty_state(name)
    after.update(added=[], removed=remove, rejected=[])
    return steps, after


def empty_state(name):
    """A group nothing is known about."""
    return {'name': name, 'id': None, 'description': None, 'expiry': None, 'numbers': None, 'complete': False,
            'known_absent': [], 'pending_add': [], 'pending_remove': [], 'creating': False}


def meta_changes(item, current):
    """(description, expiry, changed?) the group must end with; changed: they differ from the record."""
    description = item['description'] if item['description'] is not None else (current or {}).get('description')
    expiry = item['expiry'] if item['expiry'] is not None else (current or {}).get('expiry')
    changed = current is not None and (description != current['description'] or expiry != current['expiry'])
    return description, expiry, changed


def plan_writes(item, current):
    """(steps, predicted state) from the recorded state (None: no record) to the item.

    steps are ('create'|'ensure'|'update'|'delete', numbers) in order, each with at most 100 numbers.
    'ensure' is the first write of a group whose create this collection sent without seeing the answer: an
    update, and a create only if the server does not know the group. Requests name the group with the spelling
    recorded when it was created (the server may match names exactly).

    A description or expiry change re-sends every recorded number with the new values: the pages define the
    expiry "for the number", so an update carrying no numbers may change nothing (docs/api-contract.md).
    """
    desired = set(item['numbers'] or [])
    name = current['name'] if current else item['name']
    if item['state'] == 'absent':
        return _absent_plan(item, current, desired, name)
    recorded = set(current['numbers']) if current else set()
    pending = set(current.get('pending_add', ())) if current else set()
    # A removal whose answer was lost may have happened: a number still wanted is sent again.
    sure = recorded - set(current.get('pending_remove', ())) if current else set()
    add = desired if current is None or item['force'] else desired - sure
    remove = (recorded | pending) - desired if item['purge'] else set()
    description, expiry, meta = meta_changes(item, current)
    send = set(add) | (recorded - remove if meta else set())
    ordered = sorted(send)
    steps = []
    if current is None or current.get('creating'):
        first = 'create' if current is None else 'ensure'
        steps.append((first, ordered[:validate.MAX_NUMBERS_PER_REQUEST]))
        steps.extend(('update', chunk) for chunk in validate.chunks(ordered[validate.MAX_NUMBERS_PER_REQUEST:]))
    else:
        steps.extend(('update', chunk) for chunk in validate.chunks(ordered))
        if (meta or item['force']) and not ordered:
            steps.append(('update', []))  # decision 17: description and expiry of a group with no recorded number
    steps.extend(('delete', chunk) for chunk in validate.chunks(sorted(remove)))
    complete = current['complete'] if current else True
    known_absent = sorted((set(current['known_absent']) - desired) | remove) if current and not complete else []
    after = {'name': name, 'id': (current or {}).get('id'), 'description': description, 'expiry': expiry,
             'numbers': sorted((recorded | desired) - remove), 'complete': complete,
             'known_absent': known_absent, 'pending_add': sorted(pending - desired - remove),
             'pending_remove': [], 'creating': False,
             'added': sorted(desired - recorded), 'removed': sorted(remove), 'rejected': []}
    if current is None:
        after['assumed_new'] = True
    return steps, after


def show(state, changes=True, full=True):
    """The public view of a state: counts first, then the sorted lists; changes=False leaves out the
    added/removed/rejected lists (the diff shows them already as lines of numbers). full=False summarises a
    group of more than RESULT_LIST_LIMIT numbers: the count and the changes, not every member."""
    if state is None:
        return None
    view = {key: state.get(key) for key in ('name', 'id', 'description', 'expiry', 'numbers')}
    view['count'] = None if state.get('numbers') is None else len(state['numbers'])
    if not full and changes and (view['count'] or 0) > RESULT_LIST_LIMIT:
        del view['numbers']
        view['summarised'] = True
    view['complete'] = state.get('complete') if state.get('numbers') is not None else None
    if state.get('assumed_new'):
        view['assumed_new'] = True
    for key in ('added', 'removed', 'rejected'):
        if changes and key in state:
            view[key] = list(state[key])
    return view
