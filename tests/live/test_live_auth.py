# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Assumptions 1, 23, 26 and the Bearer header: the auth layer, with reads only (a phone get).

A wrong or made-up credential is sent on purpose; nothing is written. Generating a token (23, Bearer) needs
CLOUDAGENT_LIVE_TOKEN=1 unless CLOUDAGENT_TOKEN is given.
"""

from __future__ import annotations

from ansible_collections.ozonetel.cloudagent.plugins.module_utils.classify import match_message
from ansible_collections.ozonetel.cloudagent.tests.live.live_config import MADE_UP_TOKEN, WRONG_KEY


def _get_body(live, number):
    return {'userName': live.config.settings.username, 'action': 'get', 'phoneNumber': number, 'phoneName': ''}


def _message(observation):
    return observation.body.get('message') if isinstance(observation.body, dict) else None


def test_documented_error_comes_with_http_200(live):
    with live.check('1') as check:
        body = _get_body(live, live.config.number(1))
        if live.config.token_mode:
            seen = check.add(live.raw('phone_get', 'phone get with a made-up Bearer token', body, bearer=MADE_UP_TOKEN))
        else:
            seen = check.add(live.raw('phone_get', 'phone get with a wrong apiKey', body, api_key=WRONG_KEY))
        documented = match_message('phone_get', _message(seen))
        if not documented:
            check.not_checked('the answer is not one of the documented error bodies, so assumption 1 cannot be '
                              'judged from it: %s' % seen.short())
        check.expect(seen.http_status == 200, 'documented body "%s" came with HTTP %s, not 200'
                     % (documented.text, seen.http_status))


def test_token_layer_answers_first(live):
    with live.check('26') as check:
        body = _get_body(live, live.config.number(1))
        if live.config.token_mode:
            cases = (
                ('only an apiKey header', {'api_key': live.config.settings.api_key or WRONG_KEY}, 'Invalid action.'),
                ('no credential at all', {}, 'Token Should Not be Null or Empty.'),
                ('a made-up Bearer token', {'bearer': MADE_UP_TOKEN}, 'Invalid Token'),
            )
        else:
            cases = (('a made-up Bearer token and no apiKey', {'bearer': MADE_UP_TOKEN},
                      'Api Key Should Not be Null or Empty.'),)
        for label, credentials, expected in cases:
            seen = check.add(live.raw('phone_get', 'phone get with %s' % label, body, **credentials))
            check.expect(_message(seen) == expected and seen.body.get('status') == 'false',
                         '%s: expected status "false", message "%s"; got %s' % (label, expected, seen.short()))
        check.note('an expired token ("Token Expired") is not checked: it needs a token older than 60 minutes')


def test_generate_token_on_basic_account(live):
    with live.check('23') as check:
        if live.config.token_mode:
            check.not_checked('the account is in token mode (CLOUDAGENT_AUTH_MODE=token)')
        if not live.config.token_opt_in:
            check.not_checked('calls generateToken: set CLOUDAGENT_LIVE_TOKEN=1 to allow it')
        seen, token = live.generate_token('generateToken on a BASIC_AUTH account')
        check.add(seen)
        check.expect(token is None, 'a BASIC_AUTH account was given a token')
        check.expect(seen.body == {'status': 'false', 'message': 'Invalid action.', 'data': None},
                     'expected {"status":"false","message":"Invalid action.","data":null}; got %s' % seen.short())


def test_bearer_header_is_accepted(live):
    with live.check('bearer') as check:
        if not live.config.token_mode:
            check.not_checked('the account is in basic mode (CLOUDAGENT_AUTH_MODE=api_key)')
        token = live.require_token()
        if live.token_observation is not None:
            check.add(live.token_observation)
            check.expect(live.token_observation.body.get('message') == '' and 'status' not in live.token_observation.body,
                         'generateToken success is documented as {"token": ..., "message": ""}; got %s'
                         % live.token_observation.short())
        seen = check.add(live.raw('phone_get', 'phone get with Authorization: Bearer <token>',
                                  _get_body(live, live.config.number(1)), bearer=token))
        check.expect(seen.kind in ('success', 'not_found'),
                     'a phone get with the Bearer token was not answered as a read: %s' % seen.short())
