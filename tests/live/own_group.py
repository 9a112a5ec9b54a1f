# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one block-number group the live suite uses (CLOUDAGENT_LIVE_GROUP, default ``ca-live-group``).

The API cannot delete a group, so every run reuses the same one: the first run ever creates it, later runs
find it already there. Every number the suite may add comes from BLOCK_SUFFIXES; before the checks and at
the end all of them are removed, so the group is empty between runs. Numbers are added with an expiry of
one day from now, so even a run that dies half-way unblocks them by itself the next day.
"""

from __future__ import annotations

import datetime

from ansible_collections.ozonetel.cloudagent.plugins.module_utils.validate import chunks
from ansible_collections.ozonetel.cloudagent.tests.live.verdicts import NotChecked

DESCRIPTION = 'ca-live suite: emptied after every run'  # 2-50 characters
CREATE_SUFFIXES = (101, 102)                     # 11: sent as one comma-separated string on create
DUPLICATE_SUFFIX = 103                           # 9: the second create of the same name
NORMALISE_SUFFIXES = (111, 112, 113, 114, 115)   # 12
NON_NUMERIC_SUFFIX = 121                         # 13
TOO_MANY_SUFFIXES = tuple(range(200, 301))       # 14: 101 numbers
COUNTER_SUFFIXES = (131, 132)                    # 15
DELETE_SUFFIXES = (141, 142)                     # 16: 141 added then removed, 142 never added
IDENTIFIER_SUFFIXES = (151, 152, 153, 154)       # 10
BLOCK_SUFFIXES = (CREATE_SUFFIXES + (DUPLICATE_SUFFIX,) + NORMALISE_SUFFIXES + (NON_NUMERIC_SUFFIX,) + TOO_MANY_SUFFIXES
                  + COUNTER_SUFFIXES + DELETE_SUFFIXES + IDENTIFIER_SUFFIXES)


def expiry(days=1):
    return (datetime.datetime.now() + datetime.timedelta(days=days)).strftime('%Y-%m-%d %H:%M:%S')


class OwnGroup:
    def __init__(self, live):
        self.live = live
        self.name = live.config.group
        self.create_observation = None
        self.created_now = None    # True: this run created the group; False: it already existed
        self.id = None             # the group id when the server told it (create or an update/delete echo)
        self.extra_ids = []        # ids of same-named groups a duplicate create made (assumption 9 contradicted)
        self.problem = None

    def number(self, suffix):
        return self.live.config.number(suffix)

    def remember_id(self, body):
        """Learn the group id from a create (output.lastInsertId) or update/delete echo (input.id)."""
        if not isinstance(body, dict):
            return
        echo, output = body.get('input'), body.get('output')
        found = echo.get('id') if isinstance(echo, dict) else None
        if found is None and isinstance(output, dict):
            found = output.get('lastInsertId')
        if found not in (None, '') and self.id is None:
            self.id = str(found)

    def ensure(self):
        """Create the group, or find it from an earlier run and empty it; NotChecked when neither works."""
        if self.created_now is None and self.problem is None:
            self._start()
        if self.problem:
            raise NotChecked(self.problem)

    def _start(self):
        numbers = ','.join(self.number(suffix) for suffix in CREATE_SUFFIXES)
        self.create_observation = self.live.observe('block_create', {
            'name': self.name, 'description': DESCRIPTION, 'expiryDate': expiry(), 'blockNumbers': numbers,
        }, 'create the suite group %s with two numbers as a comma-separated string' % self.name)
        if self.create_observation.kind == 'success':
            self.created_now = True
            self.remember_id(self.create_observation.body)
            return
        # Not created: an earlier run's group (or a failure). An update by name tells which, and gives the id.
        probe = self.live.observe('block_update', {
            'groupName': self.name, 'description': DESCRIPTION, 'expiryDate': expiry(), 'blockNumbers': [],
        }, 'find the suite group from an earlier run')
        if probe.kind != 'success':
            self.problem = ('the suite group %s could neither be created (%s) nor found by name (%s)'
                            % (self.name, self.create_observation.short(), probe.short()))
            return
        self.created_now = False
        self.remember_id(probe.body)
        self.remove_all('before the checks')

    def update(self, check, numbers, label, description=DESCRIPTION, days=1):
        """updateBlockNumbers by groupName, as the collection sends it; the observation joins the check."""
        seen = check.add(self.live.observe('block_update', {
            'groupName': self.name, 'description': description, 'expiryDate': expiry(days), 'blockNumbers': list(numbers),
        }, label))
        self.remember_id(seen.body)
        return seen

    def delete(self, check, numbers, label, target=None):
        """deleteBlockNumber of these numbers, from target (default: the group's id or name)."""
        body = dict(self.target() if target is None else target, blockNumbers=list(numbers))
        return check.add(self.live.observe('block_delete', body, label))

    def target(self):
        """The group field of an update or delete: its id when known (decision 10), else its name."""
        return {'id': self.id} if self.id else {'groupName': self.name}

    def short_number(self):
        """A 5-digit number the server should refuse (assumption 12); removed at the end in case it was not."""
        return self.live.config.number_prefix[:5]

    def remove_all(self, when):
        """Remove every number the suite may have added (in chunks of 100); each request goes to the clean-up log."""
        numbers = [self.number(suffix) for suffix in BLOCK_SUFFIXES] + [self.short_number()]
        targets = [self.target()] + [{'id': extra} for extra in self.extra_ids]
        for target in targets:
            for chunk in chunks(numbers):
                body = dict(target, blockNumbers=list(chunk))
                observation = self.live.observe('block_delete', body, 'empty the suite group (%s)' % when)
                removed = None
                if isinstance(observation.body, dict) and isinstance(observation.body.get('output'), dict):
                    removed = observation.body['output'].get('deleted')
                outcome = ('removed %s' % removed) if observation.kind == 'success' else observation.short()
                self.live.cleanup_log.append(('%s: group %s %s, %d numbers' % (when, self.name, target, len(chunk)),
                                              outcome))

    def cleanup(self):
        if self.created_now is not None:
            self.remove_all('at the end')
