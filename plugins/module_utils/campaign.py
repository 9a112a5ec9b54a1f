# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Campaigns as campaignStatus lists them, shared by cloudagent_did and cloudagent_campaign_info.

campaignStatus (GET with a JSON body) matches a name case-insensitively and lists every campaign when
no name is given (docs/architecture.md decision #21). A name that matches several campaigns (for
example ``Dup_Name`` and ``dup_name``) is ambiguous for the modules that write: see resolve().
"""

from __future__ import annotations

from ansible_collections.ozonetel.cloudagent.plugins.module_utils.engine import ItemFailure
from ansible_collections.ozonetel.cloudagent.plugins.module_utils.errors import CloudAgentError, ValidationError
from ansible_collections.ozonetel.cloudagent.plugins.module_utils.validate import name_key

AUTH_HINT = 'check username and api_key (and that auth_mode matches the account)'
# The legacy campaignStatus page marks campaign_name mandatory; the current sample lists several campaigns.
# A server that takes the legacy reading refuses a listing: say so instead of a bare "All parameters...".
LIST_REFUSED = ("list campaigns: this CloudAgent server treats campaignName as mandatory (it answered '%s' to a "
                "request without one), so campaigns cannot be listed; give the campaign names to look up")


def campaign_name(value, field='campaign'):
    """A campaign name: a non-empty string, surrounding spaces removed (the API defines no other rule)."""
    if value is None:
        raise ValidationError(field, 'is required')
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise ValidationError(field, 'must be a string, got %s' % type(value).__name__, value=value)
    text = str(value).strip()
    if not text:
        raise ValidationError(field, 'must not be empty', rule='required', value=value)
    return text


def view(row):
    """The public form of one campaignStatus row."""
    return {'name': row.get('CampaignName'), 'id': row.get('CampaignID'), 'position': row.get('Position')}


def lookup(client, name=None):
    """Campaigns whose name equals name case-insensitively (every campaign when name is empty), as view()s.

    An unknown name gives []; any other failure raises, authentication failures with a hint.
    """
    what = "look up campaign '%s'" % name if name else 'list campaigns'
    body = {'campaignName': name or ''}
    try:
        response = client.call('campaign_status', body, operation='%s (campaignStatus)' % what, allow=('not_found',))
    except CloudAgentError as exc:
        if not name and exc.code == 'missing_parameters':
            raise ItemFailure(LIST_REFUSED % exc.outcome.message, details=exc.to_result()) from exc
        if exc.kind == 'auth_failed':
            raise ItemFailure('%s: authentication failed: %s; %s' % (what, exc.outcome.message, AUTH_HINT),
                              details=exc.to_result()) from exc
        raise
    if response.kind == 'not_found' or not isinstance(response.data, list):
        return []
    rows = [view(row) for row in response.data if isinstance(row, dict)]
    # The documented sample answers a query for one campaign with several: keep only the asked-for name.
    return [row for row in rows if not name or name_key(str(row['name'] or '')) == name_key(name)]


def resolve(client, name):
    """The one campaign named name, or ItemFailure (not found, or ambiguous) before anything is written.

    Ambiguity: campaignStatus cannot tell campaigns apart whose names differ only in case, and the
    known-state store keys campaign records by the case-folded name, so several matches are an error even
    when one of them has exactly the requested spelling.
    """
    matches = lookup(client, name)
    if not matches:
        raise ItemFailure("campaign '%s' not found: campaignStatus lists no campaign of that name on this account"
                          % name, details={'kind': 'not_found', 'code': 'campaign_not_found'})
    if len(matches) > 1:
        listed = ', '.join("'%s' (id %s)" % (m['name'], m['id']) for m in matches)
        raise ItemFailure("campaign '%s' is ambiguous: campaignStatus matches %d campaigns whose names differ only in case: "
                          '%s. Rename all but one in CloudAgent to manage it with this collection' % (name, len(matches), listed),
                          details={'kind': 'ambiguous', 'code': 'campaign_ambiguous', 'matches': matches})
    return matches[0]
