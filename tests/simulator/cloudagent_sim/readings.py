# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What each behaviour switch asks: the question the vendor pages leave open, where it is discussed, and
which module scenarios its readings can change (issue 14).

The switches and their readings themselves live in one place, state.BEHAVIOUR_CHOICES (first choice = our
assumption). This table only explains them. The reading matrix (tests/unit/matrix) runs every scenario
family named here under every reading of the switch, and fails when a switch of BEHAVIOUR_CHOICES has no
entry here: a new switch is added by one line in BEHAVIOUR_CHOICES and one Question below.
"""

from collections import namedtuple

from cloudagent_sim.state import BEHAVIOUR_CHOICES

# Scenario families of the matrix: one per module form whose requests a reading can change.
FAMILIES = ('phone', 'phone_legacy', 'blocklist', 'did', 'campaign_info', 'agent')
# The readings every endpoint family shares (decisions 1 and 2).
ALL = FAMILIES

# limits: {family: why} for a family the reading can affect but no request can reveal (shown in the table, not run).
Question = namedtuple('Question', 'text where families limits')
Question.__new__.__defaults__ = ({},)

QUESTIONS = {
    'http_errors': Question('HTTP status of the documented error bodies', 'decision #1', ALL),
    'rate_limit_status': Question('HTTP status of a rate-limited answer', 'decision #2', ALL),
    'phone_get_not_found': Question('Phone get of a phone that does not exist', 'decision #3', ('phone',)),
    'phone_get_shape': Question('Phone get: the shape of a success', 'decision #4', ('phone',)),
    'duplicate_group': Question('Block group create with a name that exists', 'decision #9', ('blocklist',)),
    'campaign_status_name': Question('campaignStatus with a campaignName: filtered by it or not', 'decision #21',
                                     ('did', 'campaign_info')),
    'phone_number_storage': Question("Phone numbers: kept exactly as sent, or normalised (a leading '+' dropped)",
                                     'decision #7', ('phone',),
                                     {'phone_legacy': 'not detectable: the legacy API cannot read (live check 7 settles it)'}),
    'phone_rename_key': Question('Phone edit: the key of the new name (PhoneNameNew or phoneNameNew)',
                                 'api-reference section 5 #9', ('phone', 'phone_legacy')),
    'phone_delete_missing': Question('Phone delete of a number the account does not hold: the answer',
                                     'decision #6', ('phone', 'phone_legacy')),
    # The block-group readings (handlers/blocklist.py SWITCHES, the blocklist branch): explained here ahead of them.
    'block_create_numbers': Question('Block group create: blockNumbers as one comma-joined string',
                                     'api-reference section 5 #2', ('blocklist',)),
    'block_expiry_scope': Question('Block group expiryDate: for the group or for each number', 'seed 002',
                                   ('blocklist',)),
    'block_delete_key': Question('Block number delete: the key that names the group', 'decision #10',
                                 ('blocklist',)),
    'campaign_list_without_name': Question('campaignStatus without a campaignName: every campaign or refused',
                                           'decision #21', ('campaign_info',)),
    # Agents (shared/agents-api.md section 7; docs/api-contract.md section 12).
    'agent_create_fields': Question("createAgent: does it apply updateAgent's fields (skills...)?", 'agents Q1',
                                    ('agent',)),
    'agent_create_existing': Question('createAgent of an agentId that exists', 'agents Q2', ('agent',)),
    'agent_update_requires': Question('updateAgent: are agentName, email and password required on every call?',
                                      'agents Q4', ('agent',)),
    'agent_skill_schema': Question('updateAgent: what an assignSkills entry is', 'agents Q6', ('agent',)),
    'agent_details_not_found': Question('AgentDetails of an unknown agentId', 'agents Q11', ('agent',)),
    'agent_details_logged_out': Question('AgentDetails: are logged-out agents listed?', 'agents Q11', ('agent',)),
    'agent_details_limit': Question('AgentDetails limit: 10 a minute or 1 in 5 minutes', 'agents Q11', ('agent',)),
    'agent_rename_key': Question('updateAgent: does agentNameNew rename (agentName the current name, perhaps a match '
                                 'key), or does agentName set the name?', 'agents Q5', ('agent',)),
    'agent_update_reply': Question("updateAgent's success answer (undocumented): the legacy string or other words",
                                   'agents Q8', ('agent',)),
    'agent_rate_scope': Question('Agent write limit: per endpoint or shared by every agent write', 'agents Q18',
                                 ('agent',)),
}


def readings():
    """[(switch, reading, is_default)] for every switch, in registry order."""
    return [(switch, choice, index == 0) for switch, choices in BEHAVIOUR_CHOICES.items()
            for index, choice in enumerate(choices)]


def unexplained():
    """Switches of BEHAVIOUR_CHOICES without a Question (the matrix refuses to run them blind)."""
    return sorted(set(BEHAVIOUR_CHOICES) - set(QUESTIONS))
