# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Assumptions 2 and 24: generateToken past its documented limit of 10 per hour (this file runs last).

Runs only with CLOUDAGENT_LIVE_TOKEN_LIMIT=1 on a token-mode account. It generates tokens until refused (at
most 11): every other token of the account is revoked, and no new token can be generated until the oldest
of the hour's ten is an hour old. The suite carries on with the last token it was given.
"""

from __future__ import annotations

MAX_LIMIT = {'message': 'Max limit exceeded', 'status': 'error'}
ATTEMPTS = 11


def _mint_until_refused(live, check):
    """(successful generations, the refusing observation or None); made once per run, shared by 2 and 24."""
    if not live.config.token_mode:
        check.not_checked('needs a token-mode account (CLOUDAGENT_AUTH_MODE=token)')
    if not live.config.token_limit_opt_in:
        check.not_checked('generates tokens until refused, which revokes the account\'s tokens and blocks new ones for '
                          'up to an hour: set CLOUDAGENT_LIVE_TOKEN_LIMIT=1 to allow it')
    if 'token_limit' not in live.shared:
        minted, refusal = 0, None
        for attempt in range(1, ATTEMPTS + 1):
            seen, token = live.generate_token('generateToken %d of at most %d' % (attempt, ATTEMPTS))
            if token:
                minted += 1
                live.token = token  # the newest token is the only valid one now
                continue
            refusal = seen
            break
        live.shared['token_limit'] = (minted, refusal)
    minted, refusal = live.shared['token_limit']
    if refusal is not None:
        check.add(refusal)
    return minted, refusal


def test_rate_limited_answer(live):
    with live.check('2') as check:
        minted, refusal = _mint_until_refused(live, check)
        if refusal is None:
            check.not_checked('%d tokens were generated without a refusal, so no rate-limited answer was seen' % minted)
        check.expect(refusal.http_status == 429, 'HTTP %s, not 429' % refusal.http_status)
        check.expect('Retry-After' in refusal.headers, 'no Retry-After header')
        check.expect(refusal.body == MAX_LIMIT, 'body: expected %s; got %s' % (MAX_LIMIT, refusal.short()))


def test_eleventh_token_refused(live):
    with live.check('24') as check:
        minted, refusal = _mint_until_refused(live, check)
        earlier = len(live.minted) - minted  # tokens generated before the limit check, in this run
        check.expect(refusal is not None, '%d tokens in a row were generated: the limit of 10 per hour was not applied'
                     % minted)
        if refusal is None:
            return
        check.expect(refusal.body == MAX_LIMIT, 'refused with %s, not the rate-limit body' % refusal.short())
        retry_after = str(refusal.headers.get('Retry-After', ''))
        check.expect(retry_after.isdigit() and 1 <= int(retry_after) <= 3600,
                     'Retry-After %r is not a number of seconds up to an hour' % retry_after)
        check.expect(minted + earlier <= 10, 'the refusal came only after %d tokens of this run' % (minted + earlier))
        check.note('refused after %d generation(s) here and %d earlier in this run; tokens generated in the last hour '
                   'outside this run make the refusal come sooner' % (minted, earlier))
