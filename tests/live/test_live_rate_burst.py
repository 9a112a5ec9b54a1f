# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Request limits of the phone, block-list and DID endpoints (issue 17 item 5): a short burst each.

No page documents a request limit for these endpoints, so the client does not pace them (endpoints.py declares
no limit for them). Each check sends BURST requests back to back to one endpoint, each a request that changes
nothing (a phone get of a name the account does not hold, an update of a block group and a DID update of a
campaign that do not exist), and stops at the first rate-limited answer. Confirmed: no answer was rate limited.
Contradicted: the report says at which request the limit came, with the HTTP status, Retry-After and body, which
is what we need to declare the limit. This file runs after the other checks (file order), so a limit it trips
cannot disturb them; only the token-limit checks come later, on another endpoint.
"""

from __future__ import annotations

import time

from ansible_collections.ozonetel.cloudagent.tests.live.live_config import PREFIX

# One more than the smallest per-account limit the vendor pages document anywhere (agent endpoints: 5 a minute):
# enough to show such a limit, few enough to be harmless.
BURST = 6


def burst(live, check, endpoint_name, body, label):
    """Up to BURST requests back to back; (answers, the rate-limited one or None). Every answer joins the report."""
    answers, limited = [], None
    started = time.monotonic()
    for index in range(1, BURST + 1):
        seen = check.add(live.observe(endpoint_name, body, '%s (%d of %d)' % (label, index, BURST)))
        answers.append(seen)
        if seen.kind == 'rate_limited':
            limited = seen
            break
    span = time.monotonic() - started
    kinds = sorted({seen.kind for seen in answers})
    check.note('%d request(s) in %.1f s, answers classified %s' % (len(answers), span, ', '.join(map(str, kinds))))
    return answers, limited


def judge(check, endpoint_name, answers, limited):
    """Contradicted when a rate limit answered: the reason names the request, status, Retry-After and body."""
    if limited is None:
        check.note('no rate limit within %d back-to-back requests: pacing for %s stays off' % (BURST, endpoint_name))
        return
    check.expect(False, 'rate limited at request %d of %d: HTTP %s, Retry-After %s, body %s; please send this report '
                 'so the limit can be declared for %s in plugins/module_utils/endpoints.py' % (
                     len(answers), BURST, limited.http_status, limited.headers.get('Retry-After', '(none)'),
                     limited.short(), endpoint_name))


def test_phone_endpoint_under_a_burst(live):
    with live.check('burst-phone') as check:
        body = {'phoneNumber': '', 'phoneName': PREFIX + 'burst-probe'}
        answers, limited = burst(live, check, 'phone_get', body, 'phone get of a name the account does not hold')
        judge(check, 'phone_get', answers, limited)


def test_block_list_endpoint_under_a_burst(live):
    with live.check('burst-blocklist') as check:
        body = {'groupName': PREFIX + 'no-such-group', 'description': 'ca-live suite: burst probe',
                'expiryDate': '2030-01-01 00:00:00', 'blockNumbers': []}
        answers, limited = burst(live, check, 'block_update', body, 'updateBlockNumbers of a group that does not exist')
        judge(check, 'block_update', answers, limited)


def test_did_endpoint_under_a_burst(live):
    with live.check('burst-did') as check:
        if not live.config.settings.api_key:
            check.not_checked('dynamic/did/update carries the API key in its body: set CLOUDAGENT_API_KEY')
        dids = list(live.config.dids) or ['8000000001']
        body = {'campaignName': PREFIX + 'no-such-campaign', 'dynamicDIDs': ','.join(dids),
                'fallbackDynamicDIDs': ','.join(list(live.config.fallback_dids) or dids)}
        answers, limited = burst(live, check, 'did_update', body, 'DID update of a campaign that does not exist')
        judge(check, 'did_update', answers, limited)
