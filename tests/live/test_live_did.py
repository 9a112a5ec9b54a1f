# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Assumptions 18, 19, 20 and 27: dynamic/did/update.

19 and 20 need no opt-in: an update of a campaign name that does not exist cannot change anything, and its
answer shows whether the body apiKey was accepted (20) and whether the feature is off (19).
18 and 27 write: they run only with CLOUDAGENT_LIVE_DID_CAMPAIGN, CLOUDAGENT_LIVE_DIDS and
CLOUDAGENT_LIVE_FALLBACK_DIDS, and leave that campaign with exactly those lists (DIDs cannot be read back).
"""

from __future__ import annotations

from ansible_collections.ozonetel.cloudagent.plugins.module_utils.classify import match_message
from ansible_collections.ozonetel.cloudagent.tests.live.live_config import PREFIX

UPDATED = {'Message': 'Dynamic DIDs updated successfully'}
FEATURE_OFF = {'Message': 'Dynamic DID for Campaign is not enabled for this account.'}
NOT_FOUND = {'Message': 'Campaign not found.'}
OPT_IN = ('writes dynamic DIDs: set CLOUDAGENT_LIVE_DID_CAMPAIGN, CLOUDAGENT_LIVE_DIDS and CLOUDAGENT_LIVE_FALLBACK_DIDS '
          'to a campaign and the DIDs it may be left with')


def _needs_key(live, check):
    if not live.config.settings.api_key:
        check.not_checked('dynamic/did/update carries the API key in its body: set CLOUDAGENT_API_KEY')


def _update(live, check, campaign, dids, fallback, label):
    body = {'campaignName': campaign, 'dynamicDIDs': ','.join(dids), 'fallbackDynamicDIDs': ','.join(fallback)}
    return check.add(live.observe('did_update', body, label))


def _probe(live, check):
    """One update of a campaign that does not exist (made once per run, shared by 19 and 20)."""
    _needs_key(live, check)
    if 'did_probe' not in live.shared:
        dids = list(live.config.dids) or ['8000000001']
        live.shared['did_probe'] = _update(live, check, PREFIX + 'no-such-campaign', dids,
                                           list(live.config.fallback_dids) or dids,
                                           'dynamic DID update of a campaign that does not exist')
        return live.shared['did_probe']
    return check.add(live.shared['did_probe'])


def _message(seen):
    return seen.body.get('Message') if isinstance(seen.body, dict) else None


def test_did_update_in_this_auth_mode(live):
    with live.check('20') as check:
        seen = _probe(live, check)
        check.expect(seen.kind != 'auth_failed' and match_message('did', _message(seen)) is not None,
                     'the body apiKey was not accepted in auth_mode %s: %s' % (live.config.settings.auth_mode, seen.short()))
        check.note('checked in auth_mode %s only (the account\'s mode); the other mode needs an account set to it'
                   % live.config.settings.auth_mode)


def test_did_feature_off(live):
    with live.check('19') as check:
        seen = _probe(live, check)
        if seen.body == NOT_FOUND:
            check.not_checked('the account has "Dynamic DID for Campaign" on, so the answer for "off" cannot be seen')
        if seen.body != FEATURE_OFF:
            check.not_checked('unrecognised answer %s; if the account has "Dynamic DID for Campaign" off, it contradicts '
                              'assumption 19' % seen.short())


def test_did_update_replaces_both_lists(live):
    config = live.config
    with live.check('18') as check:
        if not config.did_campaign:
            check.not_checked(OPT_IN)
        _needs_key(live, check)
        first = _update(live, check, config.did_campaign, config.fallback_dids, config.dids,
                        'set the lists the other way round (dynamic <- fallback DIDs, fallback <- DIDs)')
        if first.body != UPDATED:
            check.not_checked('the campaign could not be updated: %s' % first.short())
        empty = _update(live, check, config.did_campaign, [], config.fallback_dids, 'update with empty dynamicDIDs')
        check.expect(empty.body == {'Message': 'DIDs is required'}, 'empty dynamicDIDs: %s' % empty.short())
        empty = _update(live, check, config.did_campaign, config.dids, [], 'update with empty fallbackDynamicDIDs')
        check.expect(empty.body == {'Message': 'fallbackDIDs is required'}, 'empty fallbackDynamicDIDs: %s' % empty.short())
        final = _update(live, check, config.did_campaign, config.dids, config.fallback_dids,
                        'leave the campaign with CLOUDAGENT_LIVE_DIDS / CLOUDAGENT_LIVE_FALLBACK_DIDS')
        check.expect(final.body == UPDATED, 'the final update failed: %s' % final.short())
        if set(config.dids) == set(config.fallback_dids):
            check.note('the two lists are equal, so the admin UI cannot tell replacement from merging')
        else:
            check.note("the API cannot read DIDs back: in the admin UI, campaign '%s' should now have exactly the dynamic "
                       'DIDs %s and the fallback DIDs %s; more means updates merge instead of replacing'
                       % (config.did_campaign, ','.join(config.dids), ','.join(config.fallback_dids)))


def _case_twins(live, check, campaign):
    """Other campaigns whose name differs from campaign only in letter case; None when they cannot be listed."""
    listed = check.add(live.observe('campaign_status', {'campaignName': ''}, 'list the campaigns'))
    rows = listed.body.get('message') if listed.kind == 'success' and isinstance(listed.body, dict) else None
    if not isinstance(rows, list):
        # A server that refuses to list without a name (assumption 21) still matches a name ignoring case.
        named = check.add(live.observe('campaign_status', {'campaignName': campaign}, 'look the campaign up by name'))
        rows = named.body.get('message') if named.kind == 'success' and isinstance(named.body, dict) else None
    if not isinstance(rows, list):
        return None
    names = {str(row.get('CampaignName')) for row in rows if isinstance(row, dict)}
    return sorted(name for name in names if name.lower() == campaign.lower() and name != campaign)


def test_did_campaign_name_matched_exactly(live):
    config = live.config
    with live.check('27') as check:
        if not config.did_campaign:
            check.not_checked(OPT_IN)
        if _probe(live, check).body == FEATURE_OFF:
            check.not_checked('"Dynamic DID for Campaign" is off for this account: every update gets that answer first')
        other_case = config.did_campaign.swapcase()
        if other_case == config.did_campaign:
            check.not_checked("campaign name '%s' has no letters to put in other case" % config.did_campaign)
        twins = _case_twins(live, check, config.did_campaign)
        if twins is None:
            check.not_checked('campaignStatus could not list the campaigns, so a campaign named only differently in '
                              'letter case cannot be ruled out (it would be written to)')
        if twins:
            check.not_checked('campaign(s) %s differ from %s only in letter case and could be written to'
                              % (', '.join(twins), config.did_campaign))
        seen = _update(live, check, other_case, config.dids, config.fallback_dids,
                       'update with the campaign name in other letter case')
        check.expect(seen.body == NOT_FOUND, 'expected %s; got %s' % (NOT_FOUND, seen.short()))
