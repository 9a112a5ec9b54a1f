# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""GET /CAServices/PhoneManageV2.php, the deprecated query-string API (api-reference A.2, decision 25)."""

from cloudagent_sim.handlers import phone_rules


def handle(ctx):
    query = ctx.request.query
    user = ctx.state.user(query.get('userName'))
    api_key = query.get('apiKey', query.get('api_key'))
    # Decision 25: works whatever the account's API Authentication mode is.
    if user is None or not api_key or api_key != user['apiKey']:
        return phone_rules.auth_failed()
    return phone_rules.write(user, query.get('action'), query, ctx.behaviour)


def kind(request):
    action = request.query.get('action')
    return 'write' if isinstance(action, str) and action.lower() in phone_rules.WRITE_ACTIONS else 'read'
