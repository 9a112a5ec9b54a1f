# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Assumptions 21 and 22: campaignStatus (a read; nothing is changed)."""

from __future__ import annotations

from ansible_collections.ozonetel.cloudagent.tests.live.live_config import PREFIX, WRONG_KEY

NO_RECORD = {'status': 'failure', 'message': 'no record found'}
NOT_VALID = {'status': 'failure', 'message': 'userName or apiKey not valid'}


def _campaigns(seen):
    message = seen.body.get('message') if isinstance(seen.body, dict) else None
    if seen.kind != 'success' or not isinstance(message, list):
        return None
    return [row for row in message if isinstance(row, dict)]


def _name_to_swap(live, listed):
    """The DID campaign of the run, else the first listed campaign whose name has letters."""
    if live.config.did_campaign:
        return live.config.did_campaign
    names = [str(row.get('CampaignName') or '') for row in listed or []]
    return next((name for name in names if name.swapcase() != name), None)


def test_campaign_status_by_name(live):
    with live.check('21') as check:
        every = check.add(live.observe('campaign_status', {'campaignName': ''}, 'campaignStatus with an empty name'))
        listed = _campaigns(every)
        check.expect(listed is not None, 'an empty campaignName did not list the campaigns: %s (cloudagent_campaign_info '
                     'without names then fails saying the server treats campaignName as mandatory)' % every.short())
        none = check.add(live.observe('campaign_status', {'campaignName': PREFIX + 'no-such-campaign'},
                                      'campaignStatus of a name that does not exist'))
        check.expect(none.body == NO_RECORD, 'unknown name: expected %s; got %s' % (NO_RECORD, none.short()))
        name = _name_to_swap(live, listed)
        if not name:
            check.note('no campaign with letters to swap was known, so the case-insensitive match was not tried')
            return
        wanted = [row for row in listed or [] if str(row.get('CampaignName', '')).lower() == name.lower()]
        other = check.add(live.observe('campaign_status', {'campaignName': name.swapcase()},
                                       'campaignStatus of an existing name in other letter case'))
        found = _campaigns(other)
        check.expect(found is not None and {row.get('CampaignName') for row in found} >= {name},
                     "'%s' did not find campaign '%s': %s" % (name.swapcase(), name, other.short()))
        if listed is not None:
            check.expect(found is not None and len(found) == len(wanted),
                         "'%s' should find the %d campaign(s) whose name equals it ignoring case; got %s"
                         % (name.swapcase(), len(wanted), other.short()))


def test_campaign_status_wrong_credentials(live):
    with live.check('22') as check:
        api_key, bearer = live.account_auth()
        unknown = check.add(live.raw('campaign_status', 'campaignStatus for a user name that does not exist',
                                     {'userName': PREFIX + 'no-such-user', 'campaignName': ''}, api_key=api_key,
                                     bearer=bearer))
        check.expect(unknown.body == NOT_VALID, 'unknown user: expected %s; got %s' % (NOT_VALID, unknown.short()))
        if live.config.token_mode:
            check.note('a wrong apiKey is not tried: a token-mode account answers apiKey calls with the token layer '
                       '(assumption 26)')
            return
        wrong = check.add(live.raw('campaign_status', 'campaignStatus with a wrong apiKey',
                                   {'userName': live.config.settings.username, 'campaignName': ''}, api_key=WRONG_KEY))
        check.expect(wrong.body == NOT_VALID, 'wrong apiKey: expected %s; got %s' % (NOT_VALID, wrong.short()))
