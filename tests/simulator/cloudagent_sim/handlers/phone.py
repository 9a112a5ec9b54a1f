# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""/ca_apis/PhoneManageV2: POST for create/edit/delete, GET with a JSON body for get (api-reference A.1)."""

from cloudagent_sim import replies
from cloudagent_sim.auth import authenticate
from cloudagent_sim.handlers import phone_rules
from cloudagent_sim.request import BadJson


def _authenticated_body(ctx):
    try:
        body = ctx.request.json()
    except BadJson:
        return None, None, replies.invalid_json()
    user, failure = authenticate(ctx, body.get('userName'), phone_rules.auth_failed)
    return body, user, failure


def post(ctx):
    body, user, failure = _authenticated_body(ctx)
    if failure:
        return failure
    # Verb per action: "get" over POST is not a valid action here.
    return phone_rules.write(user, body.get('action'), body, ctx.behaviour)


def get(ctx):
    body, user, failure = _authenticated_body(ctx)
    if failure:
        return failure
    if body.get('action') != 'get':   # documented as case-sensitive
        return replies.status_error(phone_rules.MSG_ACTION, 'invalid_input')
    return phone_rules.get(user, body, ctx.behaviour)
