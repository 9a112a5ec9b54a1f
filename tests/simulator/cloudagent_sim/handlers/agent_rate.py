# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Documented per-account limits of the agent endpoints, on the simulator's clock (shared/agents-api.md section 5).

Self-contained on purpose: the generic per-endpoint limiter of the pacing work can replace it at merge.
A sliding window per (account, bucket); every authenticated request counts, a rate-limited one does not.
"""

import math

from cloudagent_sim import replies

WRITE_LIMIT = (5, 60.0)                 # createAgent, updateAgent, deleteAgent: "5 requests per minute"
DETAILS_LIMITS = {
    'ten_per_minute': (10, 60.0),       # the AgentDetails page: "A maximum of 10 requests per minute"
    'one_per_5min': (1, 300.0),         # its error text: "only 1 hit will be allowed within a time frame of 5mins"
}
ONE_HIT_TEXT = 'only 1 hit will be allowed within a time frame of 5mins'


def _bucket(endpoint, behaviour):
    if endpoint != 'AgentDetails' and behaviour['agent_rate_scope'] == 'account':
        return 'agent_writes'
    return endpoint


def _limit(endpoint, behaviour):
    if endpoint == 'AgentDetails':
        return DETAILS_LIMITS[behaviour['agent_details_limit']]
    return WRITE_LIMIT


def check(ctx, user, endpoint):
    """None when the request may proceed (and is counted), else the rate-limited reply."""
    behaviour = ctx.behaviour
    count, window = _limit(endpoint, behaviour)
    now = ctx.clock.now()
    key = (user['userName'], _bucket(endpoint, behaviour))
    hits = [stamp for stamp in ctx.state.rate_windows.get(key, []) if stamp > now - window]
    if len(hits) >= count:
        ctx.state.rate_windows[key] = hits
        reply = replies.rate_limited(behaviour['rate_limit_status'], max(1, math.ceil(hits[0] + window - now)))
        if endpoint == 'AgentDetails' and behaviour['agent_details_limit'] == 'one_per_5min':
            reply.body = {'status': 'error', 'message': ONE_HIT_TEXT}
        return reply
    ctx.state.rate_windows[key] = hits + [now]
    return None
