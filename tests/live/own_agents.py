# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The agents the live suite makes, the one scenario that probes shared/agents-api.md section 7, and its pacing.

Opt-ins (read here, so the rest of the suite's configuration is untouched):
  CLOUDAGENT_LIVE_AGENTS=1          may create and delete its own agents (ids CLOUDAGENT_LIVE_AGENT_PREFIX + 3 digits,
                                    default ``calive``); without it only the read-only probe of an unknown id runs
  CLOUDAGENT_LIVE_AGENT_SKILL=name  a skill of the account to assign (probes Q1, Q4, Q6 need it)
  CLOUDAGENT_LIVE_WAIT=simulator    for the suite's own tests: wait by moving the simulator's clock, not by sleeping

The agent endpoints allow 5 writes and 10 AgentDetails a minute per account. The scenario paces itself below
that, counting every agent write in one window (the conservative reading of Q18), except in the two bursts that
probe the limits; a whole run costs about 19 writes and 26 reads, so a few minutes of waiting on a real account.
Every agent it creates is deleted at the end (deleteAgent's "already deleted" counts as gone).
"""

from __future__ import annotations

import os
import re
import secrets
import time
from collections import deque

import requests

from ansible_collections.ozonetel.cloudagent.tests.live.live_config import TRUE
from ansible_collections.ozonetel.cloudagent.tests.live.verdicts import NotChecked

WRITE_LIMIT = 5
READ_LIMIT = 10
WINDOW = 60.0
MARGIN = 1.0
MAIN, UNKNOWN = 1, 900
BURST = tuple(range(11, 17))        # six creates: the sixth is the one the limit should refuse
GONE_CODES = ('already_deleted', 'agent_invalid')
RENAMED = 'caliveRenamed'
NO_AGENTS = 'creates and deletes agents of its own: set CLOUDAGENT_LIVE_AGENTS=1 to allow it'
NO_SKILL = 'needs a skill of the account to assign: set CLOUDAGENT_LIVE_AGENT_SKILL=<skill name>'


def _flag(name):
    return str(os.environ.get(name, '')).strip().lower() in TRUE


class Pacer:
    """Sliding windows per bucket on the suite's own clock; waits by sleeping or by moving the simulator clock."""

    def __init__(self, live):
        self.live = live
        self.advanced = 0.0
        self.waited = 0.0
        self.hits = {'write': deque(), 'read': deque()}
        self.on_simulator = os.environ.get('CLOUDAGENT_LIVE_WAIT', '').strip() == 'simulator'

    def now(self):
        return time.monotonic() + self.advanced

    def wait(self, seconds):
        if seconds <= 0:
            return
        self.waited += seconds
        if self.on_simulator:
            url = self.live.config.settings.base_url + '/_sim/clock'
            requests.post(url, json={'advance': seconds}, timeout=10).raise_for_status()
            self.advanced += seconds
        else:
            time.sleep(seconds)

    def _room(self, bucket, limit):
        hits = self.hits[bucket]
        while hits and hits[0] <= self.now() - WINDOW:
            hits.popleft()
        if len(hits) >= limit:
            self.wait(hits[len(hits) - limit] + WINDOW + MARGIN - self.now())

    def before(self, bucket, paced=True):
        if paced:
            self._room(bucket, WRITE_LIMIT if bucket == 'write' else READ_LIMIT)
        self.hits[bucket].append(self.now())

    def clear(self, bucket):
        """Wait until nothing this run sent is in the bucket's window (before a burst)."""
        self._room(bucket, 1)


class OwnAgents:
    def __init__(self, live):
        self.live = live
        self.opt_in = _flag('CLOUDAGENT_LIVE_AGENTS')
        self.skill = (os.environ.get('CLOUDAGENT_LIVE_AGENT_SKILL') or '').strip() or None
        self.prefix = (os.environ.get('CLOUDAGENT_LIVE_AGENT_PREFIX') or 'calive').strip()
        if not re.fullmatch(r'[A-Za-z][A-Za-z0-9]{1,20}', self.prefix):
            raise ValueError('CLOUDAGENT_LIVE_AGENT_PREFIX: 2-21 letters and digits, starting with a letter')
        self.pacer = Pacer(live)
        self.present = set()       # agent ids this run may have left on the account
        self.seen = None           # observations of the scenario, by step name
        self.problem = None

    def agent_id(self, number):
        return '%s%03d' % (self.prefix, number)

    # ---- one request each, raw, so every answer is seen as sent (the client would retry a refusal) ----

    def _send(self, endpoint_name, label, body, bucket, paced=True, params=None):
        api_key, bearer = self.live.account_auth()
        full = dict(body, userName=self.live.config.settings.username)
        self.pacer.before(bucket, paced)
        seen = self.live.raw(endpoint_name, label, body=full, api_key=api_key, bearer=bearer, params=params)
        if paced and seen.kind == 'rate_limited':
            # Someone else's requests (another run, another integration) share the account's limit: wait, once.
            retry_after = str(seen.headers.get('Retry-After', ''))
            self.pacer.wait(float(retry_after) + MARGIN if retry_after.isdigit() else WINDOW)
            self.pacer.before(bucket, paced)
            seen = self.live.raw(endpoint_name, label + ' (again, after the rate limit)', body=full, api_key=api_key,
                                 bearer=bearer, params=params)
        return seen

    def details(self, number, label, paced=True):
        return self._send('agent_details', label, {'agentId': self.agent_id(number)}, 'read', paced)

    def create(self, number, label, name, skill=None, paced=True):
        password = secrets.token_urlsafe(12)
        self.live.redactor.add(password)
        self.live.extra_secrets.append(password)
        body = {'agentId': self.agent_id(number), 'agentName': name, 'email': '%s@example.com' % self.agent_id(number),
                'password': password}
        if skill:
            body['assignSkills'] = [{'skillName': skill}]
        self.present.add(number)
        return self._send('agent_create', label, body, 'write', paced)

    def update(self, number, label, fields, paced=True, params=None):
        return self._send('agent_update', label, dict(fields, agentId=self.agent_id(number)), 'write', paced, params)

    def delete(self, number, label):
        seen = self._send('agent_delete', label, {'agentId': self.agent_id(number)}, 'write')
        if seen.kind == 'success' or _code(seen) in GONE_CODES:
            self.present.discard(number)
        return seen

    # ---- the scenario, run once and shared by the checks of test_live_agent.py ----

    def scenario(self):
        if self.seen is None:
            self.seen = {}
            try:
                self._run(self.seen)
            except NotChecked as exc:
                self.problem = str(exc)
        return self.seen

    def _run(self, seen):
        seen['unknown'] = self.details(UNKNOWN, 'AgentDetails of an id no agent has')
        if not self.opt_in:
            return
        for number in (MAIN,) + BURST:   # a run that died half-way may have left some behind
            found = self.details(number, 'before the checks: is %s on the account?' % self.agent_id(number))
            if found.kind != 'not_found':
                self.present.add(number)
                self.delete(number, 'before the checks: delete %s' % self.agent_id(number))
        seen['create'] = self.create(MAIN, 'createAgent (skills sent too)', 'caliveFirst', self.skill)
        if seen['create'].kind != 'success':
            raise NotChecked('createAgent of the suite\'s agent failed: %s' % seen['create'].short())
        seen['after_create'] = self.details(MAIN, 'AgentDetails of the new, never logged-in agent')
        seen['duplicate'] = self.create(MAIN, 'createAgent again with the same agentId, another name', 'caliveSecond')
        seen['after_duplicate'] = self.details(MAIN, 'AgentDetails after the second create')
        current_name = _listed_name(seen['after_duplicate']) or 'caliveFirst'
        if self.skill:
            fields = {'assignSkills': [{'skillName': self.skill}]}
            seen['update'] = self.update(MAIN, 'updateAgent with only userName, agentId and one skill', fields)
            seen['after_update'] = self.details(MAIN, 'AgentDetails after the update')
        seen['rename'] = self.update(MAIN, 'updateAgent with agentName (the current name) and agentNameNew',
                                     {'agentName': current_name, 'agentNameNew': RENAMED})
        seen['after_rename'] = self.details(MAIN, 'AgentDetails after the rename')
        seen['detailed'] = self.update(MAIN, 'updateAgent with detailedResponse=true', {'agentData': 'calive.detailed'},
                                       params={'detailedResponse': 'true'})
        seen['without_id'] = self._send('agent_details', 'AgentDetails without an agentId', {}, 'read')
        seen['delete'] = self.delete(MAIN, 'deleteAgent')
        seen['delete_again'] = self.delete(MAIN, 'deleteAgent of the same agent again')
        self._read_burst(seen)
        self._write_burst(seen)

    def _read_burst(self, seen):
        self.pacer.clear('read')
        burst = []
        for attempt in range(1, READ_LIMIT + 2):
            found = self.details(UNKNOWN, 'AgentDetails %d of at most %d within a minute' % (attempt, READ_LIMIT + 1),
                                 paced=False)
            burst.append(found)
            if found.kind == 'rate_limited':
                break
        seen['read_burst'] = burst

    def _write_burst(self, seen):
        self.pacer.clear('write')
        burst = []
        for index, number in enumerate(BURST, 1):
            burst.append(self.create(number, 'createAgent %d of %d within a minute' % (index, len(BURST)),
                                     'caliveBurst%d' % index, paced=False))
        seen['write_burst'] = burst
        seen['scope'] = self.update(BURST[0], 'updateAgent in the same minute', {'agentData': 'calive.burst'},
                                    paced=False)
        if burst[-1].kind == 'rate_limited':
            self.present.discard(BURST[-1])
        seen['after_refusal'] = self.details(BURST[-1], 'AgentDetails of the refused sixth agent')
        if seen['after_refusal'].kind == 'success':
            self.present.add(BURST[-1])

    def cleanup(self):
        for number in sorted(self.present):
            seen = self.delete(number, 'clean-up: delete %s' % self.agent_id(number))
            outcome = 'deleted' if seen.kind == 'success' else 'gone already' if number not in self.present else \
                'FAILED: %s' % seen.short()
            self.live.cleanup_log.append(('delete agent %s' % self.agent_id(number), outcome))
        if self.present:
            raise RuntimeError('agents left on the account: %s' % ', '.join(self.agent_id(n) for n in sorted(self.present)))


def _listed_name(seen):
    rows = seen.body.get('message') if isinstance(seen.body, dict) else None
    row = rows[0] if isinstance(rows, list) and rows and isinstance(rows[0], dict) else {}
    return row.get('AgentName')


def _code(seen):
    body = seen.body if isinstance(seen.body, dict) else {}
    text = body.get('messages') or body.get('message') or ''
    if text == 'Invalid agent details or Agent is already deleted':
        return 'already_deleted'
    if text == 'Invalid Agent Details':
        return 'agent_invalid'
    return None
