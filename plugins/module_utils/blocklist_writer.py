# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The chunked writer of one block-number group: performs the planned requests in order and keeps exactly
what the server confirmed, recording it as it lands (issue 15 item 4).

Before the first write the record says what is about to be sent (an intent: the numbers go to pending_add /
pending_remove, and a create marks the group `creating`, so a rerun after a crash or a lost answer knows the
group is this collection's). Each confirmed request moves its numbers from pending into the record at once.
Updates and deletes are idempotent, so the remaining requests still run after one fails.
"""

from __future__ import annotations

import re

from ansible_collections.ozonetel.cloudagent.plugins.module_utils.blocklist import REQUEST_NAMES, empty_state
from ansible_collections.ozonetel.cloudagent.plugins.module_utils.errors import CloudAgentError

REQUEST_NAMES = dict(REQUEST_NAMES, ensure='updateBlockNumbers')
# Failures after which no other request of the group can succeed.
_STOP_KINDS = ('auth_failed', 'not_found')
# Groups up to this size (members and pending numbers) are recorded after every confirmed request; larger ones
# after every tenth of their size (see GroupWriter._progress).
PER_REQUEST_RECORD_LIMIT = 2000
_EXISTS = re.compile(r'\balready\s+exist(s|ed|ing)?\b')


def means_already_exists(message):
    """Whether a refusal says the group already exists, whatever its case, punctuation or exist/exists."""
    if not isinstance(message, str):
        return False
    return bool(_EXISTS.search(re.sub(r'[^a-z0-9]+', ' ', message.lower())))


def adopt_hint(name, description=None, expiry=None):
    """The exact next step when the server does not know the group by what this collection sends."""
    return ("adopt the group's id first, then rerun: ozonetel.cloudagent.cloudagent_ledger: {kind: blocklist, "
            'identity: "%s", desired: {name: "%s", description: "%s", expiry: "%s", numbers: []}, server: {id: GROUP_ID, '
            'members_complete: false}} (GROUP_ID: the group\'s numeric id in the CloudAgent UI)'
            % (name, name, description or 'DESCRIPTION', expiry or 'YYYY-MM-DD HH:MM:SS'))


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


class OtherGroup(Exception):
    """The server's echo names another group than the one recorded (two groups of one name?)."""


class StepFailure(Exception):
    """A request of a group failed; error is the CloudAgentError (or OtherGroup)."""

    def __init__(self, error, index, total, action, hint=None):
        text = '%s request %d of %d failed: %s' % (REQUEST_NAMES[action], index + 1, total, error)
        super().__init__('%s; %s' % (text, hint) if hint else text)
        self.error = error


class GroupWriter:  # pylint: disable=too-many-instance-attributes
    """Performs the steps of one group in order and keeps exactly what the server confirmed.

    record(state) persists a state (the known-state store); it is called with the intent before the first
    write, after confirmed requests (see _progress), after a failed one and at the end. An exception it raises
    stops the group at once; saves counts the states it took (0: not even the intent, so nothing was sent).
    """

    def __init__(self, client, item, current, record=None):
        self.client = client
        self.item = item
        self.current = current
        self.record = record or (lambda state: None)
        self.name = current['name'] if current else item['name']  # the spelling the server knows
        self.description = item['description'] if item['description'] is not None else (current or {}).get('description')
        self.expiry = item['expiry'] if item['expiry'] is not None else (current or {}).get('expiry')
        self.exists = current is not None  # a record (or an intent) says the group is there or ours
        self.numbers = set(current['numbers']) if current else set()  # confirmed members
        self.complete = current['complete'] if current else True
        self.known_absent = set(current['known_absent']) if current else set()
        self.pending_add = set(current.get('pending_add', ())) if current else set()
        self.pending_remove = set(current.get('pending_remove', ())) if current else set()
        # Sent by an earlier run whose answer was never seen: the server may hold (or lack) them already, which is
        # no change made outside this collection.
        self.unconfirmed = (self.pending_add | self.pending_remove)
        self.creating = bool(current and current.get('creating'))
        self.group_id = (current or {}).get('id')
        recorded = (current['description'], current['expiry']) if current else None
        self.meta_asked = recorded != (self.description, self.expiry) or item['force']
        self.meta_confirmed = False
        self.changed = False
        self.assumed_new = False
        self.adopting = False  # the create found a group of this name that is not ours
        self.forget = False  # the group is known not to exist: delete its record
        self.added, self.removed, self.rejected, self.warnings, self.failures = [], [], [], [], []
        self._added, self._removed, self.reasons = set(), set(), {}  # sets beside the lists: linear in big groups
        self._unsaved = 0  # numbers confirmed since the last record
        self.saves = 0

    # ---- requests ------------------------------------------------------------------------------

    def _call(self, endpoint, body, what, allow=()):
        return self.client.call(endpoint, body, operation="%s for block group '%s'" % (what, self.name), allow=allow)

    def _check_echo(self, data, request):
        echo = (data.get('input') or {}).get('id')
        if echo in (None, ''):
            return
        if self.group_id is not None and str(echo) != str(self.group_id):
            raise OtherGroup('the server applied %s to group id %s, but this group was recorded with id %s: CloudAgent '
                             'may hold two groups of this name; nothing of this request was recorded'
                             % (request, echo, self.group_id))
        self.group_id = echo

    def _reject(self, numbers, request):
        for number in numbers:
            if number not in self.reasons:
                self.rejected.append(number)
                self.reasons[number] = 'rejected by %s (listed in its per-number error array)' % request

    def _confirm_added(self, accepted, added=None):
        self.numbers.update(accepted)
        self.known_absent.difference_update(accepted)
        self.pending_add.difference_update(accepted)
        for number in accepted if added is None else added:
            if number not in self._added and (self.current is None or number not in self.current['numbers']):
                self._added.add(number)
                self.added.append(number)

    def create(self, chunk):
        body = {'name': self.name, 'description': self.description, 'expiryDate': self.expiry,
                'blockNumbers': list(chunk)}  # an array: one entry per number under every reading
        try:
            response = self._call('block_create', body, 'createBlockNumber', allow=('already_exists',))
        except CloudAgentError as exc:
            if not means_already_exists(exc.outcome.message):
                if exc.applied is False:
                    self.forget, self.creating = True, False  # nothing exists: drop the intent
                raise
            response = None
        if response is None or response.kind == 'already_exists':
            self._adopt(chunk)
            return
        output = (response.body or {}).get('output') or {}
        self.group_id = output.get('lastInsertId', self.group_id)
        self.creating, self.exists, self.meta_confirmed, self.changed = False, True, True, True
        self.assumed_new = self.current is None
        self._confirm_added(_list(output.get('succes', output.get('success'))))
        self._reject(_list(output.get('error')), 'createBlockNumber')

    def _adopt(self, chunk):
        """Decision 9: a group made in the UI or on another controller. Converge by adding to it; its other
        members stay unknown, so the record says so (purge cannot see them; state=absent still deletes)."""
        self.creating, self.complete, self.adopting = False, False, True
        try:
            self.update(chunk)
        except (CloudAgentError, OtherGroup):
            self.forget, self.exists, self.complete = True, False, True  # nothing of ours is there: no record
            raise
        self.exists = True
        hint = adopt_hint(self.name, self.description, self.expiry)
        self.warnings.append("block group '%s' already existed on the server without a record in the ledger: the "
                             'listed numbers were added to it; its other members are unknown (purge cannot remove '
                             'them). To manage it exactly, %s' % (self.name, hint))

    def ensure(self, chunk):
        """The first write after a create whose answer was never seen: the group is ours if it exists."""
        try:
            self.update(chunk)
        except CloudAgentError as exc:
            if exc.kind != 'not_found':
                raise
            self.create(chunk)
            return
        self.creating = False

    def update(self, chunk):
        body = {'groupName': self.name, 'description': self.description, 'expiryDate': self.expiry,
                'blockNumbers': list(chunk)}
        if self.group_id is not None:
            body['id'] = self.group_id  # legacy update's key; ignored by a server that reads groupName
        response = self._call('block_update', body, 'updateBlockNumbers')
        data = response.body or {}
        self._check_echo(data, 'updateBlockNumbers')
        output = data.get('output') or {}
        accepted = _list(output.get('succes', output.get('success')))
        fresh = [n for n in accepted if n not in self.numbers]
        new = _count(output, 'new', 'inserted')
        expected = [n for n in fresh if n not in self.unconfirmed]  # our unconfirmed numbers may be there already
        if new is not None and self.complete and not len(expected) <= new <= len(fresh):
            # (A group whose members are not all known disagrees with its record by nature: no warning.)
            self.warnings.append("block group '%s': the server added %d number(s) where the record expected %d: the "
                                 'group was changed outside this collection' % (self.name, new, len(fresh)))
        # The server's counter decides when it gives one; the record only says which numbers were new to it.
        added = fresh if new is None or new > 0 else []
        # Changed follows what was asked and confirmed: numbers added, or the description and expiry re-sent.
        if added or new or (self.meta_asked and not self.meta_confirmed):
            self.changed = True
        self.meta_confirmed = True
        self._confirm_added(accepted, added)
        self._reject(_list(output.get('error')), 'updateBlockNumbers')

    def delete(self, chunk):
        body = {'groupName': self.name} if self.group_id is None else {'id': self.group_id, 'groupName': self.name}
        body['blockNumbers'] = list(chunk)
        try:
            response = self._call('block_delete', body, 'deleteBlockNumber')
        except CloudAgentError as exc:
            if exc.kind == 'not_found' and self.item['state'] == 'absent':
                self.forget = True  # no such group: none of its numbers is blocked
                return
            raise
        data = response.body or {}
        self._check_echo(data, 'deleteBlockNumber')
        output = data.get('output') or {}
        gone = _list(output.get('success'))
        absent = _list(output.get('error'))
        if _count(output, 'deleted') or gone:
            self.changed = True
        self.removed.extend(n for n in gone if n not in self._removed)
        self._removed.update(gone)
        drifted = [n for n in absent if n in self.numbers and n not in self.unconfirmed]
        for numbers in (gone, absent):
            self.numbers.difference_update(numbers)
            self.pending_remove.difference_update(numbers)
            self.pending_add.difference_update(numbers)
            if not self.complete:
                self.known_absent.update(numbers)
        if drifted:
            # Decision 16: these were not in the group. The desired state (not blocked) holds; say so.
            self.warnings.append("block group '%s': %d recorded number(s) to remove were not in the group on the "
                                 'server (removed outside this collection?): %s'
                                 % (self.name, len(drifted), ', '.join(drifted)))

    # ---- the run -------------------------------------------------------------------------------

    def _intent(self, steps):
        for action, chunk in steps:
            if action == 'delete':
                self.pending_remove.update(chunk)
            else:
                self.pending_add.update(number for number in chunk if number not in self.numbers)
        if steps and steps[0][0] == 'create':
            self.creating, self.exists = True, True

    def _hint(self, action, error):
        if isinstance(error, OtherGroup):
            return None
        refused = error.kind == 'not_found' or error.code == 'missing_parameters'
        if self.adopting:
            return 'the group exists on the server, and adding to it by name was refused: %s' % adopt_hint(
                self.name, self.description, self.expiry)
        if action in ('update', 'delete') and refused:
            what = ('no group id is recorded, and the server may need one to remove numbers'
                    if action == 'delete' and self.group_id is None else 'the server does not know this group as sent')
            return '%s: %s' % (what, adopt_hint(self.name, self.description, self.expiry))
        return None

    def run(self, steps):
        """Perform the steps, recording as they land. A failing update or delete does not stop the others (they
        are idempotent); a failing create, an unknown group or an authentication failure stops the group.
        Each failure is kept in self.failures (StepFailure)."""
        self._intent(steps)
        if self.current and not self.complete and self.meta_asked and any(a != 'delete' for a, _c in steps):
            self.warnings.append("block group '%s': the description and expiry were sent with the %d number(s) this "
                                 'collection knows of; if the expiry is per number (the pages are ambiguous), numbers '
                                 'added outside this collection keep their old expiry' % (self.name, len(self.numbers)))
        self._save()
        for index, (action, chunk) in enumerate(steps):
            try:
                getattr(self, action)(chunk)
            except (CloudAgentError, OtherGroup) as exc:
                self.failures.append(StepFailure(exc, index, len(steps), action, self._hint(action, exc)))
                self._save()
                if isinstance(exc, OtherGroup) or action in ('create', 'ensure') or exc.kind in _STOP_KINDS:
                    return
                continue
            self._progress(len(chunk))
            if self.forget:
                break
        self._save()

    def _save(self):
        self.record(self.confirmed())
        self.saves += 1
        self._unsaved = 0

    def _progress(self, confirmed):
        """Record after every confirmed request of a group of up to PER_REQUEST_RECORD_LIMIT numbers, and after every
        tenth of a bigger one. Each record rewrites the whole group (members and pending numbers), so recording every
        request of a 50,000-number group would cost O(n^2); numbers confirmed but not yet recorded are still in
        pending_add / pending_remove, so a crash costs at most their re-send, never a wrong record or a false drift
        warning."""
        self._unsaved += confirmed
        size = len(self.numbers) + len(self.pending_add) + len(self.pending_remove)  # what one record rewrites
        if size <= PER_REQUEST_RECORD_LIMIT or self._unsaved >= size // 10:
            self._save()

    # ---- results -------------------------------------------------------------------------------

    def confirmed(self):
        """The state to record: what the server confirmed plus what was sent unconfirmed; None when nothing
        is known to exist (the record is then deleted)."""
        if self.forget or not self.exists:
            return None
        meta = self.meta_confirmed or self.creating or self.current is None
        return {'name': self.name, 'id': self.group_id,
                'description': self.description if meta else self.current['description'],
                'expiry': self.expiry if meta else self.current['expiry'],
                'numbers': sorted(self.numbers), 'complete': self.complete,
                'known_absent': sorted(self.known_absent) if not self.complete else [],
                'pending_add': sorted(self.pending_add), 'pending_remove': sorted(self.pending_remove),
                'creating': self.creating}

    def state(self):
        state = self.confirmed() or empty_state(self.name)
        state.update(added=sorted(self.added), removed=sorted(self.removed), rejected=sorted(self.rejected))
        if self.assumed_new:
            state['assumed_new'] = True
        return state

    def rejection_text(self):
        return '; '.join('%s: %s' % (number, self.reasons[number]) for number in self.rejected)
