# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Retry policy: what is retried, how long it waits, when it gives up. Pure functions, no real sleeping."""

from __future__ import annotations

import email.utils
from types import SimpleNamespace

import pytest

from ansible_collections.ozonetel.cloudagent.plugins.module_utils.retry import (
    RetryPolicy,
    backoff_delay,
    decide,
    parse_retry_after,
)

POLICY = RetryPolicy(max_attempts=6, budget=300.0, base=0.5, cap=30.0)


def one():
    return 1.0


def test_policy_from_settings():
    policy = RetryPolicy.from_settings(SimpleNamespace(retries=5, timeout=30.0))
    assert (policy.max_attempts, policy.budget, policy.base, policy.cap) == (6, 300.0, 0.5, 30.0)
    assert RetryPolicy.from_settings(SimpleNamespace(retries=0, timeout=2), budget=7).budget == 7.0


@pytest.mark.parametrize('value,expected', [
    ('3', 3.0), (' 12 ', 12.0), ('0.5', 0.5), ('-4', 0.0), (None, None), ('', None), ('soon', None),
])
def test_retry_after_seconds(value, expected):
    assert parse_retry_after(value, now=1000.0) == expected


def test_retry_after_http_date():
    now = 1_700_000_000.0
    header = email.utils.formatdate(now + 42, usegmt=True)
    assert parse_retry_after(header, now=now) == pytest.approx(42.0)
    past = email.utils.formatdate(now - 100, usegmt=True)
    assert parse_retry_after(past, now=now) == 0.0


def test_backoff_is_capped_exponential_with_full_jitter():
    assert [backoff_delay(a, POLICY, one) for a in range(1, 10)] == [0.5, 1, 2, 4, 8, 16, 30, 30, 30]
    assert backoff_delay(3, POLICY, lambda: 0.0) == 0.0
    assert backoff_delay(3, POLICY, lambda: 0.25) == 0.5


# (category, endpoint kind, retried?)
WHAT_IS_RETRIED = [
    ('rate_limited', 'read', True), ('rate_limited', 'write', True), ('rate_limited', 'token', True),
    ('not_sent', 'read', True), ('not_sent', 'write', True), ('not_sent', 'token', True),
    ('server_error', 'read', True), ('server_error', 'write', False), ('server_error', 'token', False),
    ('unknown', 'read', True), ('unknown', 'write', False), ('unknown', 'token', False),
    ('final', 'read', False), ('final', 'write', False), ('final', 'token', False),
]


@pytest.mark.parametrize('category,kind,retried', WHAT_IS_RETRIED)
def test_what_is_retried(category, kind, retried):
    assert decide(category, kind, 1, 0.0, POLICY, rand=one).retry is retried


def test_write_with_unknown_outcome_is_not_resent_and_says_why():
    decision = decide('unknown', 'write', 1, 0.0, POLICY, rand=one)
    assert not decision.retry and 'unknown' in decision.reason


def test_retry_after_seconds_honoured():
    decision = decide('rate_limited', 'write', 1, 0.0, POLICY, retry_after=7.0, rand=one)
    assert decision == (True, 7.0, 'Retry-After 7 s')


def test_retry_after_beyond_budget_fails_at_once():
    decision = decide('rate_limited', 'read', 1, 250.0, POLICY, retry_after=120.0, rand=one)
    assert not decision.retry
    assert decision.reason.startswith('rate limited by CloudAgent; it asks to wait 120 s, more than the remaining '
                                      'retry budget')


def test_backoff_without_retry_after_for_rate_limit():
    decision = decide('rate_limited', 'write', 3, 0.0, POLICY, rand=one)
    assert decision.retry and decision.delay == 2.0


def test_attempts_capped():
    assert decide('rate_limited', 'read', 5, 0.0, POLICY, rand=one).retry
    last = decide('rate_limited', 'read', 6, 0.0, POLICY, rand=one)
    assert not last.retry and last.reason == 'gave up after 6 attempts'
    zero = RetryPolicy(max_attempts=1, budget=300.0, base=0.5, cap=30.0)
    assert not decide('not_sent', 'read', 1, 0.0, zero, rand=one).retry


def test_budget_respected_for_backoff():
    assert decide('server_error', 'read', 4, 290.0, POLICY, rand=one).retry  # 4 s < 10 s left
    spent = decide('server_error', 'read', 5, 295.0, POLICY, rand=one)  # 8 s > 5 s left
    assert not spent.retry and 'budget' in spent.reason


def test_simulated_run_never_exceeds_budget_or_attempts():
    policy = RetryPolicy(max_attempts=50, budget=20.0, base=0.5, cap=30.0)
    elapsed, attempt = 0.0, 0
    while True:
        attempt += 1
        decision = decide('rate_limited', 'write', attempt, elapsed, policy, rand=one)
        if not decision.retry:
            break
        elapsed += decision.delay
    assert elapsed <= 20.0 and attempt < 50
