# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""One response classifier: (HTTP status, headers, body text, family) -> Outcome(kind, code, message, data).

CloudAgent reports most errors inside HTTP 200 bodies and words them differently per endpoint family,
so every documented string sits in MESSAGES below, once. Order of decisions in classify():
HTTP 429 -> body parsed (JSON, or a JSON string holding JSON) -> documented string -> {} -> a phone
"absent" by meaning -> HTTP 404 -> HTTP 5xx -> family shapes (token, phone get, Message-only) ->
HTTP 401/403/405/4xx -> status field -> unexpected.

Never a guess (issue 14): a success status in a shape this file does not know is `unexpected`
(`unknown_success_shape`, with a short excerpt of the body), not a success.

Outcome.data is the useful payload: for phone_get a list of {phoneNumber, phoneName} dicts (both
success shapes, decision #4), for campaign the list of campaigns, for token {'token': ...}, otherwise
the whole parsed body.
"""

from __future__ import annotations

import json
import re
from collections import namedtuple

KINDS = ('success', 'not_found', 'already_exists', 'auth_failed', 'invalid_input', 'rate_limited',
         'server_error', 'unexpected')

Outcome = namedtuple('Outcome', 'kind code message data')
Outcome.__new__.__defaults__ = (None,)

# (families or '*', match text, 'exact'|'prefix' on the stripped message, kind, code, source)
Row = namedtuple('Row', 'families text mode kind code source')

_D = 'https://docs.ozonetel.com/reference/'
TOKEN_PAGE = _D + 'post_ca-apis-catoken-generatetoken'
MANUAL_DIAL_PAGE = _D + 'post_ca-apis-agentmanualdial-3'
CAMPAIGN_DATA_PAGE = _D + 'post_ca-apis-addcampaigndata-2'
AGENT_LOGINS_PAGE = _D + 'post_ca-apis-getagentlogins'
PHONE_PAGE = _D + 'post_ca-apis-phonemanagev2'
PHONE_GET_PAGE = _D + 'get_ca-apis-phonemanagev2'
LEGACY_PHONE_PAGE = _D + 'get_caservices-phonemanagev2-php'
BLOCK_CREATE_PAGE = _D + 'post_ca-apis-createblocknumber'
BLOCK_UPDATE_PAGE = _D + 'put_ca-apis-updateblocknumbers'
BLOCK_DELETE_PAGE = _D + 'delete_ca-apis-deleteblocknumber-1'
DID_PAGE = _D + 'post_apiservices-dynamic-did-update'
CAMPAIGN_PAGE = _D + 'get_ca-apis-campaignstatus-1'
AGENT_CREATE_PAGE = _D + 'post_ca-apis-createagent'
AGENT_UPDATE_PAGE = _D + 'put_ca-apis-updateagent'
AGENT_DELETE_PAGE = _D + 'delete_ca-apis-deleteagent'
AGENT_DETAILS_PAGE = _D + 'post_ca-apis-agentdetails'
AGENT_LEGACY_PAGE = _D + 'get_cloudagentrestapi-index-php-cloudagent-cloudagentapi-agentmanage'
B3 = 'third-party, live-verified (shared/api-reference.md B.3)'


def _decision(number):
    return 'docs/architecture.md decision #%d (undocumented by CloudAgent)' % number


_PHONES = ('phone', 'phone_get')
_ANY = '*'

MESSAGES = (
    # Token layer and rate limiting: any /ca_apis family can answer with these.
    Row(_ANY, 'Max limit exceeded', 'exact', 'rate_limited', 'rate_limited', AGENT_LOGINS_PAGE),
    Row(_ANY, 'UserName is null', 'exact', 'auth_failed', 'username_null', TOKEN_PAGE),
    Row(_ANY, 'Invalid userName or apiKey', 'exact', 'auth_failed', 'invalid_credentials', TOKEN_PAGE),
    Row(_ANY, 'Token Expired', 'exact', 'auth_failed', 'token_expired', TOKEN_PAGE),
    Row(_ANY, 'Invalid Token', 'exact', 'auth_failed', 'token_invalid', MANUAL_DIAL_PAGE),
    Row(_ANY, 'Token Should Not be Null or Empty.', 'exact', 'auth_failed', 'wrong_auth_mode', MANUAL_DIAL_PAGE),
    Row(_ANY, 'Api Key Should Not be Null or Empty.', 'exact', 'auth_failed', 'wrong_auth_mode', MANUAL_DIAL_PAGE),
    Row(_ANY, 'Invalid action.', 'exact', 'auth_failed', 'wrong_auth_mode', CAMPAIGN_DATA_PAGE),
    Row(_ANY, 'userName or apiKey not valid', 'exact', 'auth_failed', 'invalid_credentials', PHONE_PAGE),
    Row(_ANY, 'Missing userName or apiKey', 'exact', 'auth_failed', 'missing_credentials', B3),
    Row(_ANY, 'Invalid Json Pass Valid Json', 'exact', 'invalid_input', 'invalid_json', B3),
    # Phone numbers (current and legacy API share the strings).
    Row(_PHONES, 'record inserted successfully and failed to insert skills', 'prefix', 'success', 'skills_rejected',
        PHONE_PAGE),
    Row(_PHONES, 'record inserted successfully', 'exact', 'success', 'ok', PHONE_PAGE),
    Row(_PHONES, 'phone_name or phone_number already exist', 'exact', 'already_exists', 'phone_exists', PHONE_PAGE),
    Row(_PHONES, 'no record found', 'exact', 'not_found', 'no_record', _decision(3)),
    Row(_PHONES, 'action not valid', 'exact', 'invalid_input', 'action_invalid', PHONE_PAGE),
    Row(_PHONES, 'phoneNumber must be numeric', 'exact', 'invalid_input', 'phone_number_not_numeric', PHONE_PAGE),
    Row(_PHONES, 'phoneName cannot be empty', 'exact', 'invalid_input', 'phone_name_empty', PHONE_PAGE),
    Row(_PHONES, 'phoneNumber cannot be empty', 'exact', 'invalid_input', 'phone_number_empty', PHONE_PAGE),
    Row(_PHONES, 'phoneNumber should be between 3 to 17 digits long', 'prefix', 'invalid_input',
        'phone_number_length', LEGACY_PHONE_PAGE),
    Row(_PHONES, 'phoneName should be between 2 to 50 alphanumeric characters long', 'prefix', 'invalid_input',
        'phone_name_format', LEGACY_PHONE_PAGE),
    Row(_PHONES, 'Phone Number Limit Exceeded', 'prefix', 'invalid_input', 'phone_limit', PHONE_PAGE),
    # Block-number groups.
    Row(('block',), 'created', 'exact', 'success', 'created', BLOCK_CREATE_PAGE),
    Row(('block',), 'updated', 'exact', 'success', 'updated', BLOCK_UPDATE_PAGE),
    Row(('block',), 'deleted', 'exact', 'success', 'deleted', BLOCK_DELETE_PAGE),
    Row(_ANY, 'Authentication failed', 'exact', 'auth_failed', 'invalid_credentials', BLOCK_CREATE_PAGE),
    Row(('block',), 'Parameters are mandatory', 'exact', 'invalid_input', 'missing_parameters', BLOCK_CREATE_PAGE),
    Row(('block',), 'invalid data', 'exact', 'invalid_input', 'invalid_data', BLOCK_CREATE_PAGE),
    Row(('block',), 'Invalid group id', 'exact', 'not_found', 'group_not_found', BLOCK_DELETE_PAGE),
    Row(('block',), 'Group name already exists', 'exact', 'already_exists', 'group_exists', _decision(9)),
    Row(('block',), 'Maximum 100 numbers allowed per request', 'exact', 'invalid_input', 'too_many_numbers',
        _decision(14)),
    # Dynamic DIDs (capitalised Message, no status field).
    Row(('did',), 'Dynamic DIDs updated successfully', 'exact', 'success', 'ok', DID_PAGE),
    Row(_ANY, 'Authentication failed.', 'exact', 'auth_failed', 'invalid_credentials', DID_PAGE),
    Row(('did',), 'Campaign not found.', 'exact', 'not_found', 'campaign_not_found', DID_PAGE),
    Row(('did',), 'Please enter the Valid DIDs assigned to the account.', 'exact', 'invalid_input',
        'dids_not_on_account', DID_PAGE),
    Row(('did',), 'Please enter the Valid FallbackDIDs assigned to the account.', 'exact', 'invalid_input',
        'fallback_dids_not_on_account', DID_PAGE),
    Row(('did',), 'DIDs is required', 'exact', 'invalid_input', 'dids_required', DID_PAGE),
    Row(('did',), 'fallbackDIDs is required', 'exact', 'invalid_input', 'fallback_dids_required', DID_PAGE),
    Row(('did',), 'Dynamic DID for Campaign is not enabled for this account.', 'exact', 'invalid_input',
        'feature_disabled', _decision(19)),
    # Campaign status.
    Row(('campaign',), 'no record found', 'exact', 'not_found', 'no_record', CAMPAIGN_PAGE),
    Row(('campaign',), 'All parameters are mandatory', 'exact', 'invalid_input', 'missing_parameters', CAMPAIGN_PAGE),
    # Agents (shared/agents-api.md 2.1-2.4; Q9: keys and values in any letter case, "messages" on delete).
    Row(('agent',), 'Agent Created Successfully', 'exact', 'success', 'created', AGENT_CREATE_PAGE),
    Row(('agent',), 'Agent Updated Successfully', 'exact', 'success', 'updated', AGENT_LEGACY_PAGE),
    Row(('agent',), 'Invalid User Details', 'exact', 'auth_failed', 'invalid_credentials', AGENT_CREATE_PAGE),
    Row(('agent',), 'userName should not be empty', 'exact', 'auth_failed', 'missing_credentials', AGENT_DETAILS_PAGE),
    Row(('agent',), 'apiKey should not be empty', 'exact', 'auth_failed', 'missing_credentials', AGENT_DETAILS_PAGE),
    Row(('agent',), 'userName or apiKey is Invalid', 'exact', 'auth_failed', 'invalid_credentials', AGENT_DETAILS_PAGE),
    Row(('agent',), 'only 1 hit will be allowed within a time frame of 5mins', 'exact', 'rate_limited', 'rate_limited',
        AGENT_DETAILS_PAGE),
    Row(('agent',), 'Agent not found', 'exact', 'not_found', 'agent_not_found', AGENT_UPDATE_PAGE),
    Row(('agent',), 'Agent Already Exists', 'exact', 'already_exists', 'agent_exists', AGENT_LEGACY_PAGE),
    Row(('agent',), 'Invalid agent details or Agent is already deleted', 'exact', 'not_found', 'already_deleted',
        AGENT_DELETE_PAGE),
    Row(('agent',), 'Invalid Agent Details', 'exact', 'invalid_input', 'agent_invalid', AGENT_DELETE_PAGE),
    Row(('agent',), 'Agent Name is required', 'exact', 'invalid_input', 'name_required', AGENT_UPDATE_PAGE),
    Row(('agent',), 'Password is required', 'exact', 'invalid_input', 'password_required', AGENT_UPDATE_PAGE),
    Row(('agent',), 'Email should not be null or empty', 'exact', 'invalid_input', 'email_required', AGENT_UPDATE_PAGE),
    Row(('agent',), 'Invalid email format', 'exact', 'invalid_input', 'email_format', AGENT_UPDATE_PAGE),
    Row(('agent',), 'Password length must be between 3 and 50 characters', 'exact', 'invalid_input', 'password_length',
        AGENT_UPDATE_PAGE),
    Row(('agent',), 'Agent data must be between 2 and 100 characters', 'prefix', 'invalid_input', 'agent_data_format',
        AGENT_CREATE_PAGE),
    Row(('agent',), 'Invalid sipLocation', 'exact', 'invalid_input', 'sip_location', AGENT_CREATE_PAGE),
)

# A phone error worded as "absent" by meaning, not by one spelling: "no record found" is our guess (decision 6);
# "Phone number does not exist", "phoneNumber not exists", "No such phone" mean the same. Error status only.
_ABSENT = re.compile(r"\b(?:does\s*not|doesn'?t|do\s*not|not|never)\s+exists?\b|\bno\s+such\b|"
                     r"\bno\s+(?:record|phone|number)s?\b|\bnot\s+found\b", re.IGNORECASE)
EXCERPT = 160
# deleteAgent's success names the agent: "Agent <id> Deleted Successfully" (agents-api.md 2.3).
_AGENT_DELETED = re.compile(r'^Agent \S+ Deleted Successfully$', re.IGNORECASE)
_AGENT_UPDATED = re.compile(r'\bupdated\b', re.IGNORECASE)

_OK_STATUS = ('success', 'true')
_ERROR_STATUS = ('error', 'false', 'failure', 'fail', 'failed')


def match_message(family, message):
    """The first MESSAGES row for this family whose text matches the stripped message, else None."""
    if not isinstance(message, str):
        return None
    text = message.strip()
    for row in MESSAGES:
        if row.families != _ANY and family not in row.families:
            continue
        if (text == row.text) if row.mode == 'exact' else text.startswith(row.text):
            return row
    return None


def parse_body(text):
    """Parsed JSON, decoding twice when the body is a JSON string that holds JSON; None if not JSON."""
    if text is None or not text.strip():
        return None
    try:
        value = json.loads(text)
        if isinstance(value, str) and value.strip()[:1] in ('{', '['):
            value = json.loads(value)
    except ValueError:
        return None
    return value


def _describe_invalid(body, message):
    errors = body.get('errors')
    if isinstance(errors, dict) and errors:
        return '%s: %s' % (message, '; '.join('%s: %s' % (k, v) for k, v in sorted(errors.items())))
    return message


def _is_spring_error(body):
    return isinstance(body.get('status'), int) and 'error' in body and ('path' in body or 'timestamp' in body)


def _phones(value):
    if isinstance(value, dict):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, dict)]
    return None


def _family_shape(http_status, body, family):
    """Outcomes recognised from the shape of a 2xx body rather than from a documented string."""
    if not 200 <= http_status < 300:
        return None
    status = str(body.get('status', body.get('Status', '') if family == 'agent' else '')).strip().lower()
    message = body.get('message', body.get('Message')) if family == 'agent' else body.get('message')
    if family == 'token' and 'token' in body and 'status' not in body:
        if isinstance(body['token'], str) and body['token']:
            return Outcome('success', 'ok', 'token generated', {'token': body['token']})
        return Outcome('unexpected', 'empty_token', 'generateToken answered without a token', body)
    if family == 'phone_get':
        if 'status' not in body and ('phoneNumber' in body or 'phoneName' in body):
            return Outcome('success', 'ok', 'found', [body])
        if status in _OK_STATUS and isinstance(message, (list, dict)):
            phones = [phone for phone in _phones(message) if phone]   # {} or [] alike: nothing found
            if not phones:
                return Outcome('not_found', 'empty_result', 'no record found', [])
            if not all('phoneNumber' in p or 'phoneName' in p for p in phones):
                return _not_understood(body)
            return Outcome('success', 'ok', 'found', phones)
    if family == 'campaign' and status in _OK_STATUS and isinstance(message, list):
        return Outcome('success', 'ok', 'found', message)
    if family == 'agent' and status in _OK_STATUS and isinstance(message, list):
        rows = [row for row in message if isinstance(row, dict)]
        if not rows:
            return Outcome('not_found', 'empty_result', 'no agent found', [])
        return Outcome('success', 'ok', 'found', rows)
    if family == 'agent' and status in _OK_STATUS and isinstance(message, str) and _AGENT_DELETED.match(message.strip()):
        return Outcome('success', 'deleted', message.strip(), body)
    if family == 'agent' and status in _OK_STATUS and isinstance(message, str) and _AGENT_UPDATED.search(message):
        # updateAgent documents no success answer (Q8): a success status saying "updated" is taken by meaning;
        # what can be read (name, skills) is read back anyway.
        return Outcome('success', 'updated', message.strip(), body)
    if family == 'agent' and status in _ERROR_STATUS and isinstance(message, dict) and message:
        # createAgent/updateAgent's field rules: {"Status": "Fail", "Message": {"agentName": "..."}}.
        text = '; '.join('%s: %s' % (key, value) for key, value in sorted(message.items()))
        return Outcome('invalid_input', 'field_rules', text, body)
    if family == 'did' and 'Message' in body and 'status' not in body:
        # No status to tell success from failure: unknown wording is not understood, not an input error.
        return Outcome('unexpected', 'unknown_message', str(body['Message']), body)
    return None


def excerpt(body):
    """A short excerpt of a body for a one-line message (the client's error redacts it)."""
    text = body if isinstance(body, str) else json.dumps(body, sort_keys=True, separators=(',', ':'))
    return text if len(text) <= EXCERPT else text[:EXCERPT] + '...'


def _not_understood(body):
    """A success status in a shape the collection does not know: never guessed to be a success."""
    return Outcome('unexpected', 'unknown_success_shape', 'answer not understood: %s' % excerpt(body), body)


def _absent_by_meaning(family, status, message):
    if family not in _PHONES or status in _OK_STATUS or not isinstance(message, str):
        return None
    if _ABSENT.search(message):
        return Outcome('not_found', 'no_record', message.strip())
    return None


def _from_http_status(http_status, message, body):
    if http_status in (401, 403):
        return Outcome('auth_failed', 'http_%d' % http_status, message or 'HTTP %d' % http_status, body)
    if http_status == 405:
        return Outcome('invalid_input', 'method_not_allowed', message or 'HTTP 405 method not allowed', body)
    if http_status == 404 and not message:
        return Outcome('unexpected', 'http_404', 'HTTP 404: endpoint not found at this base_url', body)
    if 400 <= http_status < 500:
        return Outcome('invalid_input', 'http_%d' % http_status, message or 'HTTP %d' % http_status, body)
    return None


def _not_json(http_status, text):
    stripped = (text or '').strip()
    if not stripped:
        code, what = 'empty', 'empty response body'
    elif stripped.startswith('<'):
        code, what = 'html', 'HTML page instead of JSON'
    else:
        code, what = 'malformed', 'response body is not JSON'
    if http_status >= 500:
        return Outcome('server_error', code, '%s (HTTP %d)' % (what, http_status), stripped[:500])
    if http_status == 404:
        return _http_404(stripped[:500])
    found = _from_http_status(http_status, None, stripped[:500])
    if found:  # an HTML 404 too: a web server's page for a path it does not have, i.e. a wrong base_url
        return found._replace(message='%s (%s)' % (found.message, what))
    return Outcome('unexpected', code, '%s (HTTP %d)' % (what, http_status), stripped[:500])


def _http_404(body):
    # Final and never "may have been applied": a 404 reached no endpoint. The client adds base_url.
    return Outcome('unexpected', 'http_404', 'HTTP 404: endpoint not found at this base_url', body)


def attempt_category(outcome, http_status):
    """The retry.py category of one answer ('done' for a success).

    An empty 2xx body (or {}) may be a hiccup: 'empty' is retried once, after one short backoff, for reads.
    A 2xx body in a shape nobody documented is 'unreadable': asking again gives the same answer.
    """
    if outcome.kind == 'success':
        return 'done'
    if outcome.kind == 'rate_limited':
        return 'rate_limited'
    ok = http_status is not None and 200 <= http_status < 300
    if outcome.kind == 'unexpected' and ok and outcome.code == 'empty':
        return 'empty'
    if outcome.kind == 'unexpected' and ok and outcome.code == 'unknown_success_shape':
        return 'unreadable'
    if outcome.kind == 'server_error' or (outcome.kind == 'unexpected' and ok):
        return 'server_error'
    return 'final'


def classify(http_status, headers, text, family):
    """Classify one HTTP response; headers only matter for a redirect (Location)."""
    http_status = int(http_status)
    if 300 <= http_status < 400:
        location = (headers or {}).get('Location') or 'elsewhere'
        return Outcome('unexpected', 'redirect', 'redirected (HTTP %d) to %s; check base_url' % (http_status, location))
    body = parse_body(text)
    if http_status == 429:
        message = body.get('message') if isinstance(body, dict) else None
        return Outcome('rate_limited', 'rate_limited', message or 'HTTP 429 Too Many Requests', body)
    if isinstance(body, list) and family in ('phone_get', 'campaign') and 200 <= http_status < 300:
        data = _phones(body) if family == 'phone_get' else body
        if not data:
            return Outcome('not_found', 'empty_result', 'no record found', [])
        return Outcome('success', 'ok', 'found', data)
    if not isinstance(body, dict):
        return _not_json(http_status, text if body is None else json.dumps(body))
    message = body.get('message', body.get('Message'))
    if message is None and family == 'agent':
        message = body.get('messages')   # deleteAgent's errors (Q9)
    row = match_message(family, message)
    if row:
        text_out = message.strip()
        if row.code == 'invalid_data':
            text_out = _describe_invalid(body, text_out)
        return Outcome(row.kind, row.code, text_out, body)
    if not body:
        return Outcome('unexpected', 'empty', 'empty JSON object (HTTP %d)' % http_status, body)
    status = str(body.get('status', body.get('Status', '') if family == 'agent' else '')).strip().lower()
    absent = _absent_by_meaning(family, status, message)
    if absent:
        return absent._replace(data=body)
    if http_status == 404:
        return _http_404(body)
    if http_status >= 500 or _is_spring_error(body):
        detail = body.get('error') or (message if isinstance(message, str) else None) or 'server error'
        code = 'spring_500' if _is_spring_error(body) else 'http_%d' % http_status
        return Outcome('server_error', code, '%s (HTTP %d)' % (detail, http_status), body)
    shaped = _family_shape(http_status, body, family)
    if shaped:
        return shaped
    text_msg = message.strip() if isinstance(message, str) else None
    by_http = _from_http_status(http_status, text_msg, body)
    if by_http:
        return by_http
    if status in _OK_STATUS:
        return _not_understood(body)
    if status in _ERROR_STATUS:
        return Outcome('invalid_input', 'unknown', text_msg or 'error without a message', body)
    return Outcome('unexpected', 'unknown_shape', 'response not understood', body)
