# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What is retried, how long to wait, and when to give up. Pure functions: no sleeping, no clock reads.

Failure categories the client reports:
  rate_limited  HTTP 429 or "Max limit exceeded": the request was not applied -> retried for every call
  not_sent      connection refused, DNS failure, connect timeout: nothing reached the server -> retried
  server_error  5xx, HTML page, malformed body: outcome unknown -> retried for reads only
  unknown       reset or read timeout after sending: outcome unknown -> retried for reads only
  empty         an empty 2xx body or {}: outcome unknown -> retried once (one short backoff) for reads only
  unreadable    a 2xx success in a shape nobody documented: outcome unknown -> never retried
  final         anything else (auth, input, not found, TLS): never retried

Token minting is not retried on an unknown outcome: the first attempt may have minted a token that
revoked the previous one, and each retry burns one of the 10 tokens an hour.
"""

from __future__ import annotations

import email.utils
import random
from collections import namedtuple

BASE_DELAY = 0.5
MAX_DELAY = 30.0
BUDGET_FACTOR = 10

Decision = namedtuple('Decision', 'retry delay reason')

RETRY_ANY_KIND = ('rate_limited', 'not_sent')
RETRY_READS_ONLY = ('server_error', 'unknown', 'empty')
# Categories after which a write may or may not have taken effect (never resent).
OUTCOME_UNKNOWN = ('server_error', 'unknown', 'empty', 'unreadable')
EMPTY_ATTEMPTS = 2


class RetryPolicy(namedtuple('RetryPolicy', 'max_attempts budget base cap')):
    """max_attempts counts the first try; budget is total seconds across attempts and waits."""

    @classmethod
    def from_settings(cls, settings, budget=None):
        return cls(max_attempts=int(settings.retries) + 1,
                   budget=float(budget if budget is not None else settings.timeout * BUDGET_FACTOR),
                   base=BASE_DELAY, cap=MAX_DELAY)


def parse_retry_after(value, now):
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP date), or None if absent or bad.

    now is the wall-clock time (time.time()) used for the HTTP-date form.
    """
    if value is None:
        return None
    text = str(value).strip()
    if not text:
        return None
    try:
        return max(0.0, float(text))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - now)


def backoff_delay(attempt, policy, rand=random.random):
    """Full-jitter capped exponential backoff for the wait after attempt number `attempt` (1-based)."""
    ceiling = min(policy.cap, policy.base * (2 ** max(0, attempt - 1)))
    return rand() * ceiling


def is_retryable(category, endpoint_kind):
    if category in RETRY_ANY_KIND:
        return True
    return category in RETRY_READS_ONLY and endpoint_kind == 'read'


def decide(category, endpoint_kind, attempt, elapsed, policy, retry_after=None, rand=random.random):
    """Whether to try again after failed attempt number `attempt`, and after how many seconds.

    elapsed is the time spent since the first attempt started; retry_after the server's wish in seconds.
    """
    if not is_retryable(category, endpoint_kind):
        if category in OUTCOME_UNKNOWN and endpoint_kind != 'read':
            return Decision(False, 0.0, 'not resent: the outcome of a %s is unknown' % endpoint_kind)
        if category == 'unreadable':
            return Decision(False, 0.0, 'not retried: asking again would get the same answer')
        return Decision(False, 0.0, 'not retryable')
    if category == 'empty' and attempt >= EMPTY_ATTEMPTS:
        return Decision(False, 0.0, 'an empty answer came %d times' % attempt)
    if attempt >= policy.max_attempts:
        return Decision(False, 0.0, 'gave up after %d attempts' % attempt)
    remaining = policy.budget - elapsed
    if retry_after is not None and category == 'rate_limited':
        if retry_after > remaining:
            return Decision(False, 0.0, 'rate limited by CloudAgent; it asks to wait %s s, more than the remaining '
                                        'retry budget (%s s)' % (_secs(retry_after), _secs(max(0.0, remaining))))
        return Decision(True, retry_after, 'Retry-After %s s' % _secs(retry_after))
    delay = backoff_delay(attempt, policy, rand)
    if delay >= remaining:
        return Decision(False, 0.0, 'retry budget of %s s spent after %d attempts' % (_secs(policy.budget), attempt))
    return Decision(True, delay, 'backoff %.2f s' % delay)


def _secs(value):
    return ('%d' % value) if float(value).is_integer() else ('%.1f' % value)
