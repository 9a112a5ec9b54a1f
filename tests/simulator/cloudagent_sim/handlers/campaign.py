# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""GET /ca_apis/campaignStatus with a JSON body (api-reference A.6, decisions 21 and 22)."""

from cloudagent_sim import replies
from cloudagent_sim.auth import authenticate
from cloudagent_sim.request import BadJson
from cloudagent_sim.validation import text


def _failure(message, outcome):
    return replies.Reply({'status': 'failure', 'message': message}, outcome)


def _auth_failed():
    return _failure('userName or apiKey not valid', 'auth_failed')   # decision 22


def status(ctx):
    try:
        body = ctx.request.json()
    except BadJson:
        return replies.invalid_json()
    if not text(body.get('userName')):
        return _failure('All parameters are mandatory', 'invalid_input')
    user, failure = authenticate(ctx, body['userName'], _auth_failed)
    if failure:
        return failure
    wanted = text(body.get('campaignName'))
    if not wanted and ctx.behaviour['campaign_list_without_name'] == 'refused':
        # The legacy page marks campaign_name mandatory: a server may refuse to list without one.
        return _failure('All parameters are mandatory', 'invalid_input')
    campaigns = user['campaigns']
    if wanted and ctx.behaviour['campaign_status_name'] == 'filter':
        # Decision 21: case-insensitive name match; an empty or missing name lists every campaign.
        campaigns = [item for item in campaigns if item['CampaignName'].lower() == wanted.lower()]
        if not campaigns:
            return _failure('no record found', 'not_found')
    rows = [{'CampaignID': item['CampaignID'], 'CampaignName': item['CampaignName'], 'UserName': user['userName'],
             'Position': item['Position']} for item in campaigns]
    return replies.Reply({'status': 'success', 'message': rows}, 'success')
