# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Documented per-account limits of the agent endpoints, on the simulator's clock (shared/agents-api.md section 5).

Always on, unlike the configurable limits of rate_limits.py, whose sliding window (admit) it uses: one per
(account, bucket); every authenticated request counts, a rate-limited one does not.
"""

from collections import deque

from cloudagent_sim import replies
from cloudagent_sim.rate_limits import admit

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
    stamps = ctx.state.rate_windows.setdefault((user['userName'], _bucket(endpoint, behaviour)), deque())
    retry_after = admit(stamps, count, window, now)
    if retry_after is None:
        return None
    reply = replies.rate_limited(behaviour['rate_limit_status'], retry_after)
    if endpoint == 'AgentDetails' and behaviour['agent_details_limit'] == 'one_per_5min':
        reply.body = {'status': 'error', 'message': ONE_HIT_TEXT}
    return reply
