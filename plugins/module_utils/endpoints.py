# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The endpoint table: every CloudAgent call the collection makes, and nothing else.

Auth styles (api-reference.md section 2.2):
  account      apiKey header (auth_mode=api_key) or Authorization: Bearer (auth_mode=token); userName in the body
  body_apikey  apiKey and lower-case username in the JSON body, no auth header, in both modes
  query        GET with apiKey and userName (and every other field) in the query string
  token        generateToken: apiKey header, userName in the body

Response families name the envelope the classifier expects (see classify.py).
Kinds: read (safe to repeat), write (never resent when its outcome is unknown), token (mints a token).
"""

from __future__ import annotations

from collections import namedtuple

# limit: the documented request limit per account, Limit(requests, window seconds), or None: not paced
# (pacing.py). Only documented (or measured) limits belong here: the phone, block-list and DID pages state
# none. "5 requests per minute" is limit=Limit(5, 60.0).
Endpoint = namedtuple('Endpoint', 'name method path auth family kind action limit', defaults=(None,))
Limit = namedtuple('Limit', 'requests window')

AUTH_STYLES = ('account', 'body_apikey', 'query', 'token')
FAMILIES = ('token', 'phone', 'phone_get', 'block', 'did', 'campaign', 'agent')
KINDS = ('read', 'write', 'token')

_PHONE = '/ca_apis/PhoneManageV2'
_LEGACY_PHONE = '/CAServices/PhoneManageV2.php'

ENDPOINTS = {e.name: e for e in (
    Endpoint('token_generate', 'POST', '/ca_apis/CAToken/generateToken', 'token', 'token', 'token', None),
    Endpoint('phone_create', 'POST', _PHONE, 'account', 'phone', 'write', 'create'),
    Endpoint('phone_edit', 'POST', _PHONE, 'account', 'phone', 'write', 'edit'),
    Endpoint('phone_delete', 'POST', _PHONE, 'account', 'phone', 'write', 'delete'),
    Endpoint('phone_get', 'GET', _PHONE, 'account', 'phone_get', 'read', 'get'),
    Endpoint('legacy_phone_create', 'GET', _LEGACY_PHONE, 'query', 'phone', 'write', 'create'),
    Endpoint('legacy_phone_edit', 'GET', _LEGACY_PHONE, 'query', 'phone', 'write', 'edit'),
    Endpoint('legacy_phone_delete', 'GET', _LEGACY_PHONE, 'query', 'phone', 'write', 'delete'),
    Endpoint('block_create', 'POST', '/ca_apis/createBlockNumber', 'account', 'block', 'write', None),
    Endpoint('block_update', 'PUT', '/ca_apis/updateBlockNumbers', 'account', 'block', 'write', None),
    Endpoint('block_delete', 'DELETE', '/ca_apis/deleteBlockNumber', 'account', 'block', 'write', None),
    Endpoint('did_update', 'POST', '/APIServices/dynamic/did/update', 'body_apikey', 'did', 'write', None),
    Endpoint('campaign_status', 'GET', '/ca_apis/campaignStatus', 'account', 'campaign', 'read', None),
    # Agents (shared/agents-api.md 2.1-2.4, section 5): 5 requests a minute for each write, 10 for AgentDetails.
    Endpoint('agent_create', 'POST', '/ca_apis/createAgent', 'account', 'agent', 'write', None, Limit(5, 60.0)),
    Endpoint('agent_update', 'PUT', '/ca_apis/updateAgent', 'account', 'agent', 'write', None, Limit(5, 60.0)),
    Endpoint('agent_delete', 'DELETE', '/ca_apis/deleteAgent', 'account', 'agent', 'write', None, Limit(5, 60.0)),
    Endpoint('agent_details', 'POST', '/ca_apis/AgentDetails', 'account', 'agent', 'read', None, Limit(10, 60.0)),
)}


def endpoint(name):
    """Look up one endpoint; an unknown name is a programming error, so fail loudly."""
    try:
        return ENDPOINTS[name]
    except KeyError:
        raise ValueError('unknown CloudAgent endpoint %r; known: %s' % (name, ', '.join(sorted(ENDPOINTS)))) from None
