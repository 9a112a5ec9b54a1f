# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""POST /ca_apis/CAToken/generateToken (api-reference 2.3, decisions 23 and 24)."""

import base64
import json
import math
import secrets

from cloudagent_sim import replies
from cloudagent_sim.request import BadJson

TOKEN_LIFETIME = 3600.0
WINDOW = 3600.0
TOKENS_PER_WINDOW = 10


def _b64(data):
    return base64.urlsafe_b64encode(data).rstrip(b'=').decode('ascii')


def _new_token(user_name, now):
    """A JWT-looking opaque string; clients must not parse it."""
    header = _b64(json.dumps({'alg': 'HS256', 'typ': 'JWT'}).encode())
    claims = _b64(json.dumps({'sub': user_name, 'iat': int(now), 'exp': int(now + TOKEN_LIFETIME), 'jti': secrets.token_hex(8)}).encode())
    return '%s.%s.%s' % (header, claims, _b64(secrets.token_bytes(32)))


def generate(ctx):
    try:
        body = ctx.request.json()
    except BadJson:
        return replies.invalid_json()
    if 'userName' not in body or body['userName'] is None:
        return replies.token_layer('UserName is null', 'invalid_input')
    user = ctx.state.user(body['userName'])
    if user is None or ctx.request.header('apikey') != user['apiKey']:
        return replies.token_layer('Invalid userName or apiKey')
    if user['authMode'] != 'TOKEN_AUTH':
        return replies.token_layer('Invalid action.')
    now = ctx.clock.now()
    record = ctx.state.token_record(user['userName'])
    issued = [stamp for stamp in record['issued'] if stamp > now - WINDOW]
    if len(issued) >= TOKENS_PER_WINDOW:
        record['issued'] = issued
        retry_after = max(1, math.ceil(issued[0] + WINDOW - now))
        return replies.rate_limited(ctx.behaviour['rate_limit_status'], retry_after)
    token = _new_token(user['userName'], now)
    # One active token per user: storing it revokes every older one.
    record.update(token=token, expiresAt=now + TOKEN_LIFETIME, issued=issued + [now])
    return replies.Reply({'token': token, 'message': ''}, 'success', applied=True)
