# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The endpoint table: path -> method -> (handler, journal kind)."""

from cloudagent_sim.handlers import agent, blocklist, campaign, dynamic_did, phone, phone_legacy, token

# A kind is 'read', 'write', 'token', or a function of the request (the legacy API writes via GET).
ROUTES = {
    '/ca_apis/CAToken/generateToken': {'POST': (token.generate, 'token')},
    '/ca_apis/PhoneManageV2': {'POST': (phone.post, 'write'), 'GET': (phone.get, 'read')},
    '/CAServices/PhoneManageV2.php': {'GET': (phone_legacy.handle, phone_legacy.kind)},
    '/ca_apis/createBlockNumber': {'POST': (blocklist.create, 'write')},
    '/ca_apis/updateBlockNumbers': {'PUT': (blocklist.update, 'write')},
    '/ca_apis/updateBlockNumber': {'PUT': (blocklist.update, 'write')},        # older page slug
    '/ca_apis/deleteBlockNumber': {'DELETE': (blocklist.delete, 'write')},
    '/ca_apis/deleteBlockNumberGroup': {'DELETE': (blocklist.delete, 'write')},  # the page's own cURL
    dynamic_did.PATH: {'POST': (dynamic_did.update, 'write')},
    '/ca_apis/campaignStatus': {'GET': (campaign.status, 'read')},
    '/ca_apis/createAgent': {'POST': (agent.create, 'write')},
    '/ca_apis/updateAgent': {'PUT': (agent.update, 'write')},
    '/ca_apis/deleteAgent': {'DELETE': (agent.delete, 'write')},
    '/ca_apis/AgentDetails': {'POST': (agent.details, 'read')},
}


def lookup(path):
    return ROUTES.get(path)


def kind_of(kind, request):
    return kind(request) if callable(kind) else kind


def fallback_kind(method):
    """Kind of a request to an unknown path or method: anything but GET/HEAD might have written."""
    return 'read' if method in ('GET', 'HEAD') else 'write'
