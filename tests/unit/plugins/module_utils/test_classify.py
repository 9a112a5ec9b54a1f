# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The response classifier: every documented row, plus literal cases written independently of the table."""

from __future__ import annotations

import json

import pytest

from ansible_collections.ozonetel.cloudagent.plugins.module_utils.classify import (
    KINDS,
    MESSAGES,
    classify,
    match_message,
    parse_body,
)
from ansible_collections.ozonetel.cloudagent.plugins.module_utils.endpoints import ENDPOINTS, FAMILIES


def _families(row):
    return FAMILIES if row.families == '*' else row.families


def _body_for(family, text, kind):
    if family == 'did':
        return json.dumps({'Message': text})
    if family == 'token':
        return json.dumps({'status': 'false', 'message': text, 'data': None})
    status = {'success': 'success', 'rate_limited': 'error'}.get(kind, 'error' if family != 'campaign' else 'failure')
    return json.dumps({'status': status, 'message': text})


ROW_CASES = [(row, fam) for row in MESSAGES for fam in _families(row)]


@pytest.mark.parametrize('row,family', ROW_CASES, ids=['%s-%s' % (r.code, f) for r, f in ROW_CASES])
def test_every_documented_row(row, family):
    text = row.text + (' and then some more words' if row.mode == 'prefix' else '')
    outcome = classify(200, {}, _body_for(family, text, row.kind), family)
    assert (outcome.kind, outcome.code) == (row.kind, row.code)


@pytest.mark.parametrize('row', [r for r in MESSAGES if r.mode == 'exact'], ids=lambda r: r.code)
def test_exact_rows_do_not_match_longer_text(row):
    family = _families(row)[0]
    assert match_message(family, row.text + ' trailing') is not row
    assert match_message(family, '  %s\n' % row.text) is row


def test_table_is_well_formed():
    for row in MESSAGES:
        assert row.kind in KINDS
        assert row.mode in ('exact', 'prefix')
        assert row.text == row.text.strip()
        assert row.source
        assert row.families == '*' or set(row.families) <= set(FAMILIES)
    assert {e.family for e in ENDPOINTS.values()} <= set(FAMILIES)


def _c(status, body, family):
    text = body if isinstance(body, str) else json.dumps(body)
    return classify(status, {}, text, family)


# Literal cases, typed in from api-reference.md / architecture.md, not generated from MESSAGES.
LITERAL = [
    (200, {'status': 'success', 'message': 'record inserted successfully'}, 'phone', 'success', 'ok'),
    (200, {'status': 'success', 'message': 'record inserted successfully and failed to insert skills please pass '
                                           'the valid skills'}, 'phone', 'success', 'skills_rejected'),
    (200, {'status': 'error', 'message': 'phone_name or phone_number already exist'}, 'phone', 'already_exists',
     'phone_exists'),
    (200, {'status': 'error', 'message': " Phone Number Limit Exceeded. Please refer to the 'Phone Number Creation "
                                         "Limit' option under 'Edit Profile'"}, 'phone', 'invalid_input', 'phone_limit'),
    (200, {'status': 'error', 'message': 'userName or apiKey not valid'}, 'phone', 'auth_failed', 'invalid_credentials'),
    (200, {'status': 'error', 'message': 'action not valid'}, 'phone', 'invalid_input', 'action_invalid'),
    (200, {'status': 'error', 'message': 'phoneNumber should be between 3 to 17 digits long and allows prefix +'},
     'phone', 'invalid_input', 'phone_number_length'),
    (200, {'status': 'error', 'message': 'no record found'}, 'phone', 'not_found', 'no_record'),
    (200, {'status': 'error', 'message': 'no record found'}, 'phone_get', 'not_found', 'no_record'),
    (200, {'status': 'success', 'message': []}, 'phone_get', 'not_found', 'empty_result'),
    (200, {'status': 'false', 'message': 'Authentication failed', 'data': None}, 'phone', 'auth_failed',
     'invalid_credentials'),
    (200, {'status': 'false', 'message': 'authentication failed'}, 'phone', 'invalid_input', 'unknown'),
    (200, {'status': 'error', 'message': 'Authentication failed'}, 'block', 'auth_failed', 'invalid_credentials'),
    (200, {'Message': 'Authentication failed.'}, 'did', 'auth_failed', 'invalid_credentials'),
    (200, {'status': 'false', 'message': 'UserName is null', 'data': None}, 'token', 'auth_failed', 'username_null'),
    (200, {'status': 'false', 'message': 'Invalid userName or apiKey', 'data': None}, 'token', 'auth_failed',
     'invalid_credentials'),
    (200, {'status': 'false', 'message': 'Token Expired', 'data': None}, 'phone', 'auth_failed', 'token_expired'),
    (200, {'status': 'false', 'message': 'Invalid Token', 'data': None}, 'block', 'auth_failed', 'token_invalid'),
    (200, {'status': 'false', 'message': 'Token Should Not be Null or Empty.'}, 'phone_get', 'auth_failed',
     'wrong_auth_mode'),
    (200, {'status': 'false', 'message': 'Api Key Should Not be Null or Empty.'}, 'campaign', 'auth_failed',
     'wrong_auth_mode'),
    (200, {'status': 'false', 'message': 'Invalid action.', 'data': None}, 'token', 'auth_failed', 'wrong_auth_mode'),
    (200, {'message': 'Max limit exceeded', 'status': 'error'}, 'phone', 'rate_limited', 'rate_limited'),
    (200, {'status': 'failure', 'message': 'no record found'}, 'campaign', 'not_found', 'no_record'),
    (200, {'status': 'failure', 'message': 'userName or apiKey not valid'}, 'campaign', 'auth_failed',
     'invalid_credentials'),
    (200, {'status': 'error', 'message': 'Group name already exists'}, 'block', 'already_exists', 'group_exists'),
    (200, {'status': 'error', 'message': 'Invalid group id'}, 'block', 'not_found', 'group_not_found'),
    (200, {'status': 'error', 'message': 'Parameters are mandatory'}, 'block', 'invalid_input', 'missing_parameters'),
    (200, {'status': 'error', 'message': 'Maximum 100 numbers allowed per request'}, 'block', 'invalid_input',
     'too_many_numbers'),
    (200, {'Message': 'Campaign not found.'}, 'did', 'not_found', 'campaign_not_found'),
    (200, {'Message': 'Please enter the Valid DIDs assigned to the account.'}, 'did', 'invalid_input',
     'dids_not_on_account'),
    (200, {'Message': 'Please enter the Valid FallbackDIDs assigned to the account.'}, 'did', 'invalid_input',
     'fallback_dids_not_on_account'),
    (200, {'Message': 'Dynamic DID for Campaign is not enabled for this account.'}, 'did', 'invalid_input',
     'feature_disabled'),
    (200, {'Message': 'Dynamic DIDs updated successfully'}, 'did', 'success', 'ok'),
    (200, {'Message': 'Something new'}, 'did', 'unexpected', 'unknown_message'),
    (200, {'status': 'error', 'message': 'some wording nobody documented'}, 'phone', 'invalid_input', 'unknown'),
    (200, {'status': 'success', 'message': 'created', 'output': {'lastInsertId': 7}}, 'block', 'success', 'created'),
    (200, {'status': 'SUCCESS', 'message': [{'CampaignName': 'A'}]}, 'campaign', 'success', 'ok'),
    (200, {'token': 'abc.def.ghi', 'message': ''}, 'token', 'success', 'ok'),
    (200, {'token': '', 'message': ''}, 'token', 'unexpected', 'empty_token'),
    (200, {'weird': True}, 'phone', 'unexpected', 'unknown_shape'),
    (500, {'timestamp': '2024-01-01T00:00:00.000+00:00', 'status': 500, 'error': 'Internal Server Error',
           'path': '/APIServices/dynamic/did/update'}, 'did', 'server_error', 'spring_500'),
    (500, '<html><body>Internal error</body></html>', 'phone', 'server_error', 'html'),
    (502, '', 'phone_get', 'server_error', 'empty'),
    (503, {'status': 'error', 'message': 'down'}, 'phone', 'server_error', 'http_503'),
    (429, '', 'phone', 'rate_limited', 'rate_limited'),
    (429, {'message': 'Max limit exceeded', 'status': 'error'}, 'did', 'rate_limited', 'rate_limited'),
    (401, {'status': 'false', 'message': 'Missing userName or apiKey'}, 'campaign', 'auth_failed',
     'missing_credentials'),
    (401, '', 'phone', 'auth_failed', 'http_401'),
    (401, '<html>Unauthorized</html>', 'phone', 'auth_failed', 'http_401'),
    (405, '', 'phone_get', 'invalid_input', 'method_not_allowed'),
    (400, {'status': 'error', 'message': 'phoneNumber must be numeric'}, 'phone', 'invalid_input',
     'phone_number_not_numeric'),
    (404, '<html>Not Found</html>', 'phone', 'unexpected', 'http_404'),
    (404, {'timestamp': '2024-01-01T00:00:00.000+00:00', 'status': 404, 'error': 'Not Found', 'path': '/ca_apis/x'},
     'phone', 'unexpected', 'http_404'),
    (404, {'status': 'error', 'message': 'no record found'}, 'phone_get', 'not_found', 'no_record'),
    # Issue 14: never a guess. Unknown success shapes, {} and absent-by-meaning wordings.
    (200, {'status': 'success', 'data': {'phoneNumber': '12345', 'phoneName': 'desk'}}, 'phone_get', 'unexpected',
     'unknown_success_shape'),
    (200, {'status': 'success', 'message': [{'number': '12345'}]}, 'phone_get', 'unexpected', 'unknown_success_shape'),
    (200, {'status': 'success', 'message': 'record saved'}, 'phone', 'unexpected', 'unknown_success_shape'),
    (200, {'status': 'success', 'message': 'fine'}, 'block', 'unexpected', 'unknown_success_shape'),
    (200, {}, 'phone_get', 'unexpected', 'empty'),
    (200, {'status': 'success', 'message': {}}, 'phone_get', 'not_found', 'empty_result'),
    (200, {}, 'phone', 'unexpected', 'empty'),
    (200, {'status': 'error', 'message': 'Phone number does not exist'}, 'phone', 'not_found', 'no_record'),
    (200, {'status': 'error', 'message': 'phoneNumber not exists'}, 'phone', 'not_found', 'no_record'),
    (200, {'status': 'error', 'message': "Phone doesn't exist"}, 'phone', 'not_found', 'no_record'),
    (200, {'status': 'error', 'message': 'No such phone'}, 'phone', 'not_found', 'no_record'),
    (200, {'status': 'success', 'message': 'Phone number does not exist'}, 'phone', 'unexpected',
     'unknown_success_shape'),
    (200, {'status': 'error', 'message': 'Phone number does not exist'}, 'block', 'invalid_input', 'unknown'),
    (200, '<html><body>maintenance</body></html>', 'phone', 'unexpected', 'html'),
    (200, '', 'phone', 'unexpected', 'empty'),
    (302, '', 'phone', 'unexpected', 'redirect'),
    (200, 'not json at all', 'phone', 'unexpected', 'malformed'),
    (200, '{"status": "success", "message": [', 'phone_get', 'unexpected', 'malformed'),
]


@pytest.mark.parametrize('status,body,family,kind,code', LITERAL)
def test_literal_cases(status, body, family, kind, code):
    outcome = _c(status, body, family)
    assert (outcome.kind, outcome.code) == (kind, code)


def test_phone_get_wrapped_and_bare_shapes_give_the_same_data():
    phone = {'phoneNumber': '9876543210', 'phoneName': 'desk'}
    wrapped = _c(200, {'status': 'success', 'message': [phone]}, 'phone_get')
    bare = _c(200, phone, 'phone_get')
    assert wrapped.kind == bare.kind == 'success'
    assert wrapped.data == bare.data == [phone]


def test_json_delivered_as_a_json_string_is_decoded_twice():
    inner = json.dumps({'status': 'error', 'message': 'phone_name or phone_number already exist'})
    outcome = classify(200, {}, json.dumps(inner), 'phone')
    assert (outcome.kind, outcome.code) == ('already_exists', 'phone_exists')
    assert parse_body(json.dumps(inner)) == json.loads(inner)


def test_invalid_data_message_names_the_fields():
    body = {'status': 'error', 'message': 'invalid data',
            'errors': {'blockNumbers': 'Blocknumbers data contains invalid format of numbers'}}
    outcome = _c(200, body, 'block')
    assert outcome.code == 'invalid_data'
    assert outcome.message == 'invalid data: blockNumbers: Blocknumbers data contains invalid format of numbers'


def test_message_is_the_apis_own_words_stripped():
    outcome = _c(200, {'status': 'error', 'message': ' Phone Number Limit Exceeded. x '}, 'phone')
    assert outcome.message == 'Phone Number Limit Exceeded. x'


def test_token_success_data_is_the_token():
    assert _c(200, {'token': 'tok', 'message': ''}, 'token').data == {'token': 'tok'}


def test_campaign_data_is_the_list():
    campaigns = [{'CampaignID': 1, 'CampaignName': 'Sales', 'Position': 'READY'}]
    assert _c(200, {'status': 'success', 'message': campaigns}, 'campaign').data == campaigns


def test_unknown_success_shape_names_a_short_excerpt():
    body = {'status': 'success', 'data': {'phoneNumber': '12345', 'phoneName': 'x' * 400}}
    outcome = _c(200, body, 'phone_get')
    assert outcome.message.startswith('answer not understood: {"data":{"phoneName":"xxx')
    assert len(outcome.message) < 200 and outcome.message.endswith('...')


@pytest.mark.parametrize('code,status,category', [
    ('empty', 200, 'empty'), ('unknown_success_shape', 200, 'unreadable'), ('http_404', 404, 'final'),
    ('html', 200, 'server_error'), ('malformed', 200, 'server_error')])
def test_attempt_category(code, status, category):
    from ansible_collections.ozonetel.cloudagent.plugins.module_utils.classify import Outcome, attempt_category
    assert attempt_category(Outcome('unexpected', code, 'x'), status) == category
