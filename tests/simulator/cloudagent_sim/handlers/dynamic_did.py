# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""POST /APIServices/dynamic/did/update: body-only auth, Message-only replies (api-reference A.5, decisions 18-20)."""

import time

from cloudagent_sim import replies
from cloudagent_sim.request import BadJson
from cloudagent_sim.validation import split_list

PATH = '/APIServices/dynamic/did/update'
MSG_AUTH = 'Authentication failed.'
MSG_DISABLED = 'Dynamic DID for Campaign is not enabled for this account.'   # decision 19
MSG_CAMPAIGN = 'Campaign not found.'
MSG_DIDS_REQUIRED = 'DIDs is required'
MSG_FALLBACK_REQUIRED = 'fallbackDIDs is required'
MSG_BAD_DIDS = 'Please enter the Valid DIDs assigned to the account.'
MSG_BAD_FALLBACK = 'Please enter the Valid FallbackDIDs assigned to the account.'
MSG_UPDATED = 'Dynamic DIDs updated successfully'


def _message(text, outcome, applied=False):
    return replies.Reply({'Message': text}, outcome, applied=applied)


def _spring_timestamp(now):
    millis = int((now % 1) * 1000)
    return time.strftime('%Y-%m-%dT%H:%M:%S', time.gmtime(now)) + '.%03d+0000' % millis


def update(ctx):
    try:
        body = ctx.request.json()
    except BadJson:
        return replies.spring_error(400, 'Bad Request', PATH, _spring_timestamp(ctx.clock.now()))
    if 'apiKey' not in body:
        # Documented: a misspelled apiKey key fails inside the server with Spring's default error JSON.
        return replies.spring_error(500, 'Internal Server Error', PATH, _spring_timestamp(ctx.clock.now()))
    user = ctx.state.user(body.get('username'))
    # Decision 20: the apiKey travels in the body and works in both account modes.
    if user is None or body['apiKey'] != user['apiKey']:
        return _message(MSG_AUTH, 'auth_failed')
    if not user['dynamicDidEnabled']:
        return _message(MSG_DISABLED, 'error')
    campaign = next((item for item in user['campaigns'] if item['CampaignName'] == body.get('campaignName')), None)
    if campaign is None:
        return _message(MSG_CAMPAIGN, 'not_found')
    # Decision 18: both lists are mandatory and an empty string counts as missing.
    dids = split_list(body.get('dynamicDIDs'))
    if not dids:
        return _message(MSG_DIDS_REQUIRED, 'invalid_input')
    fallback = split_list(body.get('fallbackDynamicDIDs'))
    if not fallback:
        return _message(MSG_FALLBACK_REQUIRED, 'invalid_input')
    if any(did not in user['dids'] for did in dids):
        return _message(MSG_BAD_DIDS, 'invalid_input')
    if any(did not in user['dids'] for did in fallback):
        return _message(MSG_BAD_FALLBACK, 'invalid_input')
    if ctx.behaviour['did_update'] == 'merge':
        # The other reading of decision 18: the DIDs sent join the lists; nothing can be removed.
        dids = _merged(campaign['dynamicDIDs'], dids)
        fallback = _merged(campaign['fallbackDynamicDIDs'], fallback)
    campaign['dynamicDIDs'] = dids
    campaign['fallbackDynamicDIDs'] = fallback
    return _message(MSG_UPDATED, 'success', applied=True)


def _merged(held, sent):
    """did_update=merge: the list held, then every DID sent that it lacks, in the order sent."""
    return list(held) + [did for i, did in enumerate(sent) if did not in held and did not in sent[:i]]
