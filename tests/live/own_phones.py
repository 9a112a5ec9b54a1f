# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The phones the live suite creates: fixed ``ca-live-`` names, numbers from CLOUDAGENT_LIVE_NUMBER_PREFIX.

Before a check creates one, any phone left by an earlier run under that name or number is deleted; a
number held by a phone whose name does not start with ``ca-live-`` is never touched (the check is then
not run). At the end every phone the suite may have created is deleted again.

Lookups use the collection's get_phone, which relies on the very answers the suite checks: should the
server answer a get in a shape the client cannot read, a lookup counts as "nothing seen" (and is logged),
the create then shows whether the number is free, and the clean-up deletes by name and number directly.
"""

from __future__ import annotations

from ansible_collections.ozonetel.cloudagent.plugins.module_utils.errors import CloudAgentError
from ansible_collections.ozonetel.cloudagent.plugins.module_utils.phone import delete_body, get_phone
from ansible_collections.ozonetel.cloudagent.tests.live.live_config import PREFIX
from ansible_collections.ozonetel.cloudagent.tests.live.verdicts import NotChecked

# name -> number suffix (the number is the 7-digit prefix + this, 3 digits)
PHONES = {
    PREFIX + 'main': 1,      # assumptions 4 and 5
    PREFIX + 'gone': 2,      # 3 and 6: created, deleted, then looked up and deleted again
    PREFIX + 'plus': 4,      # 7: created as +91<number>
    PREFIX + 'skills': 5,    # 8
    PREFIX + 'legacy': 6,    # 25
    PREFIX + 'dup': 7,       # 28: created with main's number (must be refused)
    PREFIX + 'other': 8,     # 28: created with its own number, then edited onto main's (must be refused)
    PREFIX + 'rename': 9,    # rename: renamed to ca-live-renamed and back, one spelling of the new-name key each
    PREFIX + 'renamed': 9,
}
EDIT_TARGET_SUFFIX = 3       # 6: the new number of an edit of a missing phone (must never exist)


class OwnPhones:
    def __init__(self, live):
        self.live = live
        self.created = []  # (name, number as sent) of every phone a check may have created, for the clean-up
        self.made = {}     # name -> the create observation of this run

    def number(self, name, plus=False):
        number = self.live.config.number(PHONES[name])
        return '+91' + number if plus else number

    def _foreign(self, phone):
        return phone is not None and not phone['name'].lower().startswith(PREFIX)

    def _lookup(self, client, **key):
        """get_phone(**key), or None (logged) when the answer cannot be read."""
        try:
            return get_phone(client, **key)
        except CloudAgentError as exc:
            self.live.cleanup_log.append(('look up %s' % key, 'answer not understood: %s' % exc))
            return None

    def make_room(self, name, number):
        """Delete what an earlier run left under this name or number; NotChecked if the number is not ours."""
        client = self.live.client()
        by_number = self._lookup(client, number=number)
        if self._foreign(by_number):
            raise NotChecked("number %s is held by phone '%s', which this suite did not create; choose another "
                             'CLOUDAGENT_LIVE_NUMBER_PREFIX' % (number, by_number['name']))
        by_name = self._lookup(client, name=name)
        for phone in (by_number, None if by_name == by_number else by_name):
            if phone is not None and not self._foreign(phone):
                client.call('phone_delete', delete_body(phone), operation='remove a leftover of an earlier live run')
                self.live.cleanup_log.append(('before the check: deleted leftover phone %s' % phone['name'], 'done'))

    def ensure(self, check, name, number, label):
        """The phone as created earlier in this run, else created now; the create observation joins the check."""
        made = self.made.get(name)
        if made is None or made.kind != 'success':
            return self.create(check, name, number, label)
        return check.add(made)

    def create(self, check, name, number, label, skill=None):
        """Create one of the suite's phones (after make_room); the observation joins the check."""
        self.made.pop(name, None)
        self.make_room(name, number)
        body = {'phoneNumber': number, 'phoneName': name}
        if skill is not None:
            body['skill'] = skill
        self.track(name, number)
        self.made[name] = check.add(self.live.observe('phone_create', body, label))
        return self.made[name]

    def track(self, name, number):
        """Remember a number a write may have used, so the clean-up looks for it."""
        if (name, number) not in self.created:
            self.created.append((name, number))

    def delete(self, check, name, number, label):
        self.made.pop(name, None)
        return check.add(self.live.observe('phone_delete', {'phoneNumber': number, 'phoneName': name}, label))

    def cleanup(self):
        """Delete every phone the suite created that is still there; each step goes to the clean-up log."""
        if not self.created:
            return
        client = self.live.client()
        for name, number in self.created:
            try:
                # By name too: a server that stores numbers otherwise than sent (assumption 7) keeps ours under
                # another spelling of the number.
                phone = get_phone(client, number=number) or get_phone(client, name=name)
            except CloudAgentError:
                phone = {'name': name, 'number': number}  # unreadable answer: delete by what was created
            if phone is None or self._foreign(phone):
                self.live.cleanup_log.append(('phone %s (%s)' % (name, number), 'already gone'))
                continue
            seen = client.call('phone_delete', delete_body(phone), operation='live suite clean-up',
                               allow=('not_found',))
            self.live.cleanup_log.append(('phone %s (%s)' % (name, number),
                                          'deleted' if seen.kind == 'success' else 'already gone'))
