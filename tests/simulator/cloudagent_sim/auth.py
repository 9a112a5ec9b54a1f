# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The auth layer in front of /ca_apis/* (api-reference 2.2-2.4, decision 26)."""

from cloudagent_sim import replies


def authenticate(ctx, user_name, failure):
    """Return (user, None) when the call may proceed, else (None, reply).

    ``failure`` is the endpoint's own "bad userName/apiKey" reply; the token-layer strings come first.
    """
    request = ctx.request
    user = ctx.state.user(user_name)
    if user is None:
        return None, failure()
    api_key = request.header('apikey')
    bearer = request.bearer()
    if user['authMode'] == 'TOKEN_AUTH':
        if bearer is None:
            message = 'Invalid action.' if api_key else 'Token Should Not be Null or Empty.'
            return None, replies.token_layer(message)
        return _check_token(ctx, user, bearer)
    if not api_key:
        # A BASIC_AUTH account reads only the apiKey header: a Bearer alone (or nothing) is a missing key.
        return None, replies.token_layer('Api Key Should Not be Null or Empty.')
    if api_key != user['apiKey']:
        return None, failure()
    return user, None


def _check_token(ctx, user, bearer):
    record = ctx.state.tokens.get(user['userName']) or {}
    if not record.get('token') or bearer != record['token']:
        # Unknown, revoked by a newer token, or another user's token.
        return None, replies.token_layer('Invalid Token')
    if ctx.clock.now() >= float(record.get('expiresAt', 0)):
        return None, replies.token_layer('Token Expired')
    return user, None


def auth_style(request):
    """How the caller authenticated, for the journal."""
    if request.bearer():
        return 'bearer'
    if request.header('apikey'):
        return 'apikey_header'
    if 'apiKey' in request.query or 'api_key' in request.query:
        return 'query'
    body = request.json_or_none() or {}
    if 'apiKey' in body:
        return 'body_apikey'
    return 'none'
