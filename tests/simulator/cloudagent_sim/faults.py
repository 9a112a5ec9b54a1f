# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Injected faults. Decisions come from random.Random(seed), so the same requests give the same faults."""

import random
import threading
from http import HTTPStatus

from cloudagent_sim import replies

# Faults that answer instead of the handler: the request is never applied.
# 'reply' answers with the rule's own JSON body (and status): an answer the account could give but the fixture
# cannot produce, such as a race with another client.
BEFORE_APPLY = frozenset(('http429', 'max_limit', 'http500', 'http502', 'http503', 'reset_before', 'malformed', 'html',
                          'reply'))
# Faults that apply the request and then lose the response.
AFTER_APPLY = frozenset(('reset_after', 'timeout'))
KINDS = BEFORE_APPLY | AFTER_APPLY
DEFAULT_TIMEOUT_DELAY = 5.0
MALFORMED_BODY = b'{"status":"success","message":"record ins'


def validate_rule(rule):
    if not isinstance(rule, dict):
        raise ValueError('a fault rule must be an object')
    unknown = set(rule) - {'path', 'methods', 'rate', 'kind', 'retry_after', 'delay', 'count', 'body', 'status'}
    if unknown:
        raise ValueError('unknown fault rule keys: %s' % ', '.join(sorted(unknown)))
    path = rule.get('path')
    if not isinstance(path, str) or not path.startswith('/'):
        raise ValueError('fault rule "path" must be a path prefix starting with /')
    if rule.get('kind') not in KINDS:
        raise ValueError('fault rule "kind" must be one of %s' % ', '.join(sorted(KINDS)))
    if rule['kind'] == 'reply' and not isinstance(rule.get('body'), (dict, list)):
        raise ValueError('fault rule of kind "reply" needs "body", the JSON object or list to answer with')
    rate = float(rule.get('rate', 1.0))
    if not 0.0 <= rate <= 1.0:
        raise ValueError('fault rule "rate" must be between 0 and 1')
    methods = rule.get('methods')
    count = rule.get('count')
    return {
        'path': path,
        'methods': [str(method).upper() for method in methods] if methods else None,
        'rate': rate,
        'kind': rule['kind'],
        'retry_after': rule.get('retry_after'),
        'delay': float(rule.get('delay', DEFAULT_TIMEOUT_DELAY)),
        'count': None if count is None else int(count),
        'body': rule.get('body'),
        'status': int(rule.get('status', 200)),
    }


class FaultPlan:
    def __init__(self, seed=0):
        self._lock = threading.Lock()
        self._rules = []
        self._left = []
        self._rng = random.Random(seed)

    def set(self, rules, seed=0):
        checked = [validate_rule(rule) for rule in (rules or [])]
        with self._lock:
            self._rules = checked
            self._left = [rule['count'] for rule in checked]
            self._rng = random.Random(seed)

    def clear(self, seed=0):
        self.set([], seed)

    def export(self):
        with self._lock:
            return [dict(rule, remaining=left) for rule, left in zip(self._rules, self._left)]

    def pick(self, method, path):
        """The first matching rule that fires for this request, or None. Every matching rule draws once."""
        with self._lock:
            for index, rule in enumerate(self._rules):
                if not path.startswith(rule['path']):
                    continue
                if rule['methods'] and method not in rule['methods']:
                    continue
                if self._left[index] is not None and self._left[index] <= 0:
                    continue
                if self._rng.random() < rule['rate']:
                    if self._left[index] is not None:
                        self._left[index] -= 1
                    return dict(rule)
        return None


def reply_before_apply(rule):
    """The reply of a fault that stops the request before the handler runs."""
    kind = rule['kind']
    if kind == 'http429':
        retry = rule['retry_after'] if rule['retry_after'] is not None else 1
        return replies.rate_limited(429, retry)
    if kind == 'max_limit':
        # The body-only variant of the rate limit: HTTP 200 whatever behaviour.rate_limit_status says.
        return replies.rate_limited(200, rule['retry_after'])
    if kind in ('http500', 'http502', 'http503'):
        status = int(kind[4:])
        body = {'status': 'error', 'message': HTTPStatus(status).phrase}
        return replies.Reply(body, 'server_error', status=status, documented=False)
    if kind == 'reply':
        return replies.Reply(rule['body'], 'injected', status=rule['status'], documented=False)
    if kind == 'html':
        return replies.html_reply(502, 'The upstream server returned an invalid response.', 'server_error')
    if kind == 'malformed':
        return replies.Reply(MALFORMED_BODY, 'malformed', documented=False)
    return replies.Reply(b'', 'no_response', status=0, action='reset', documented=False)
