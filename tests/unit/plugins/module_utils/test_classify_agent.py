# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The agent endpoints' documented bodies, verbatim (shared/agents-api.md 2.1-2.4), through the classifier.

Q9: keys come as status/Status, message/Message/messages; values as Success/success/Fail/false/error.
"""

from __future__ import annotations

import json

import pytest

from ansible_collections.ozonetel.cloudagent.plugins.module_utils.classify import classify

NAME_RULE = ('The agent name must not be empty and it should be between 2 and 50 alphanumeric characters and allow '
             'special characters such as., @, _, -')
DETAILS_ROW = {'State': 'NOT READY', 'Since': '00:06:54', 'Skill': 'Hyderabad, offline_hyd, webChat, whatsapp',
               'AgentName': 'xxxxx', 'PhoneNumber': None, 'AgentId': 'xxxxx', 'Mode': 'Manual'}

CASES = [
    ({'Status': 'Success', 'Message': 'Agent Created Successfully'}, 'success', 'created'),
    ({'Status': 'Success', 'Message': 'Agent a1 Deleted Successfully'}, 'success', 'deleted'),
    # Any other success wording is not guessed (issue 14): a delete so answered is not taken for done.
    ({'Status': 'Success', 'Message': 'Agent removed'}, 'unexpected', 'unknown_success_shape'),
    ({'status': 'success', 'message': 'Agent Updated Successfully'}, 'success', 'updated'),
    ({'status': 'false', 'message': 'Api Key Should Not be Null or Empty.', 'data': None}, 'auth_failed', 'wrong_auth_mode'),
    ({'status': 'false', 'message': 'Invalid User Details', 'data': None}, 'auth_failed', 'invalid_credentials'),
    ({'status': 'error', 'message': 'Agent not found'}, 'not_found', 'agent_not_found'),
    ({'Status': 'Fail', 'Message': {'agentName': NAME_RULE}}, 'invalid_input', 'field_rules'),
    ({'status': 'error', 'message': 'Agent Name is required'}, 'invalid_input', 'name_required'),
    ({'message': 'Password length must be between 3 and 50 characters', 'status': 'error'}, 'invalid_input',
     'password_length'),
    ({'message': 'Password is required', 'status': 'error'}, 'invalid_input', 'password_required'),
    ({'message': 'Invalid email format', 'status': 'error'}, 'invalid_input', 'email_format'),
    ({'message': 'Email should not be null or empty', 'status': 'error'}, 'invalid_input', 'email_required'),
    ({'status': 'error', 'message': 'Max limit exceeded'}, 'rate_limited', 'rate_limited'),
    ({'message': 'Agent data must be between 2 and 100 characters using only letters, numbers, and special characters '
                 'like ., @, _, -', 'status': 'error'}, 'invalid_input', 'agent_data_format'),
    ({'message': 'Invalid sipLocation', 'status': 'error'}, 'invalid_input', 'sip_location'),
    ({'messages': 'Invalid Agent Details', 'status': 'error'}, 'invalid_input', 'agent_invalid'),
    ({'status': 'error', 'messages': 'Invalid agent details or Agent is already deleted'}, 'not_found', 'already_deleted'),
    ({'status': 'error', 'message': 'Agent Already Exists'}, 'already_exists', 'agent_exists'),
    ({'message': [DETAILS_ROW], 'status': 'success'}, 'success', 'ok'),
    ({'status': 'success', 'message': []}, 'not_found', 'empty_result'),
    ({'status': 'error', 'message': 'userName should not be empty'}, 'auth_failed', 'missing_credentials'),
    ({'status': 'error', 'message': 'apiKey should not be empty'}, 'auth_failed', 'missing_credentials'),
    ({'status': 'error', 'message': 'userName or apiKey is Invalid'}, 'auth_failed', 'invalid_credentials'),
    ({'status': 'error', 'message': 'only 1 hit will be allowed within a time frame of 5mins'}, 'rate_limited',
     'rate_limited'),
]


@pytest.mark.parametrize('body, kind, code', CASES, ids=[case[2] + '-%d' % i for i, case in enumerate(CASES)])
def test_documented_agent_bodies(body, kind, code):
    outcome = classify(200, {}, json.dumps(body), 'agent')
    assert (outcome.kind, outcome.code) == (kind, code)


def test_details_data_is_the_rows():
    outcome = classify(200, {}, json.dumps({'message': [DETAILS_ROW], 'status': 'success'}), 'agent')
    assert outcome.data == [DETAILS_ROW]


def test_field_rules_message_names_the_field():
    outcome = classify(200, {}, json.dumps({'Status': 'Fail', 'Message': {'agentName': NAME_RULE}}), 'agent')
    assert outcome.message == 'agentName: ' + NAME_RULE


def test_capitalised_status_stays_agent_only():
    # Other families keep their own reading of a body without a lower-case status.
    assert classify(200, {}, json.dumps({'Status': 'Success', 'Message': 'x'}), 'phone').kind != 'success'
