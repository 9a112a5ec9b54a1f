# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The module scenarios of the reading matrix: per scenario family, the goals a user asks for in order
(create, change, rename, delete...), each with what the simulator must hold once the module says it is done,
and what the known-state store may claim.

A goal's `holds(user, result)` reads the simulator's account (the fixture form of one user) and the module's
result; `records(user, ledger_records)` returns the records that claim what the server does not hold.
"""

from __future__ import annotations

from collections import namedtuple

from ansible_collections.ozonetel.cloudagent.plugins.modules import (
    cloudagent_agent, cloudagent_blocklist, cloudagent_campaign_info, cloudagent_did, cloudagent_phone)

Goal = namedtuple('Goal', 'label args holds')
Family = namedtuple('Family', 'name module base goals kind stale')


# ---- phones -------------------------------------------------------------------------------------

def _phone(user, name):
    return next((p for p in user['phones'] if p['name'].lower() == name.lower()), None)


def phone_is(name, number, skills=None):
    def holds(user, result):  # pylint: disable=unused-argument
        phone = _phone(user, name)
        held = [p for p in user['phones'] if p['number'] == number]
        return (phone is not None and phone['number'] == number and held == [phone]
                and (skills is None or sorted(phone['skills']) == sorted(skills)))
    return holds


def phone_gone(name, number):
    def holds(user, result):  # pylint: disable=unused-argument
        return _phone(user, name) is None and all(p['number'] != number for p in user['phones'])
    return holds


def stale_phone_records(user, records):
    """Phone records the server contradicts: a phone it does not hold, other skills, or a tombstone of a
    phone it still holds."""
    stale = []
    for record in records:
        desired = record['desired']
        phone = _phone(user, desired['name'])
        if desired.get('state') == 'absent':
            if phone is not None and phone['number'] == desired['number']:
                stale.append(record)
        elif phone is None or phone['number'] != desired['number'] or (
                desired.get('skills') is not None and sorted(phone['skills']) != sorted(desired['skills'])):
            stale.append(record)
    return stale


PHONE_GOALS = [
    # With a '+': a server that normalises numbers (decision 7) cannot hold what was asked.
    Goal('create', {'name': 'mx1', 'number': '+914000012345', 'skills': ['Sales']},
         phone_is('mx1', '+914000012345', ['Sales'])),
    Goal('change', {'name': 'mx1', 'number': '4000055555', 'skills': ['General']},
         phone_is('mx1', '4000055555', ['General'])),
    Goal('rename', {'name': 'mx9', 'rename_from': 'mx1', 'number': '4000055555'}, phone_is('mx9', '4000055555')),
    Goal('delete', {'name': 'mx9', 'state': 'absent'}, phone_gone('mx9', '4000055555')),
    Goal('delete missing', {'name': 'ghost', 'number': '4000077777', 'state': 'absent'},
         phone_gone('ghost', '4000077777')),
]
LEGACY_GOALS = [Goal(g.label, dict(g.args, api_flavor='legacy'), g.holds) for g in PHONE_GOALS]
# The legacy API deletes by number: the delete goal names it (there is a record, but a user may not know).
LEGACY_GOALS[3] = LEGACY_GOALS[3]._replace(args=dict(LEGACY_GOALS[3].args, number='4000055555'))


# ---- block groups -------------------------------------------------------------------------------

GROUP = 'MX_Group'
EXPIRY = '2030-01-01 00:00:00'
LATER = '2031-06-30 12:00:00'


def _groups(user):
    return [g for g in user['blockGroups'] if g['name'].lower() == GROUP.lower()]


def _expiry(group, number):
    """A number's expiry: its own where the server keeps one per number (block_expiry_scope=number), else the group's."""
    return (group.get('numberExpiry') or {}).get(number, group['expiryDate'])


def group_is(numbers, description, expiry):
    def holds(user, result):  # pylint: disable=unused-argument
        groups = _groups(user)
        return (len(groups) == 1 and sorted(groups[0]['numbers']) == sorted(numbers)
                and groups[0]['description'] == description
                and all(_expiry(groups[0], number) == expiry for number in numbers))
    return holds


def stale_group_records(user, records):
    stale = []
    for record in records:
        desired, groups = record['desired'], _groups(user)
        if len(groups) != 1 or not set(desired.get('numbers') or []) <= set(groups[0]['numbers']) or (
                desired.get('description') not in (None, groups[0]['description'])) or (
                desired.get('expiry') is not None and any(_expiry(groups[0], n) != desired['expiry']
                                                          for n in desired.get('numbers') or [])):
            stale.append(record)
    return stale


N1, N2, N3 = '+919876500001', '+919876500002', '+919876500003'
BLOCK_GOALS = [
    Goal('create', {'name': GROUP, 'description': 'matrix group', 'expiry': EXPIRY, 'numbers': [N1, N2]},
         group_is([N1, N2], 'matrix group', EXPIRY)),
    Goal('change', {'name': GROUP, 'numbers': [N1, N3], 'purge': True}, group_is([N1, N3], 'matrix group', EXPIRY)),
    Goal('description and expiry', {'name': GROUP, 'description': 'matrix group 2', 'expiry': LATER, 'numbers': [N1, N3]},
         group_is([N1, N3], 'matrix group 2', LATER)),
    Goal('delete numbers', {'name': GROUP, 'numbers': [N3], 'state': 'absent'}, group_is([N1], 'matrix group 2', LATER)),
]


# ---- dynamic DIDs -------------------------------------------------------------------------------

def _campaign(user, name):
    return next(c for c in user['campaigns'] if c['CampaignName'] == name)


def dids_are(campaign, dids, fallback):
    def holds(user, result):  # pylint: disable=unused-argument
        row = _campaign(user, campaign)
        return row['dynamicDIDs'] == dids and row['fallbackDynamicDIDs'] == fallback
    return holds


def stale_did_records(user, records):
    stale = []
    for record in records:
        desired = record['desired']
        row = next((c for c in user['campaigns'] if c['CampaignName'] == desired.get('campaign')), None)
        if row is None or row['dynamicDIDs'] != desired.get('dynamic_dids') or \
                row['fallbackDynamicDIDs'] != desired.get('fallback_dids'):
            stale.append(record)
    return stale


DID_GOALS = [
    Goal('set', {'campaign': 'inbound_sales', 'dynamic_dids': ['8040000001', '8040000002'],
                 'fallback_dids': ['8040000003']},
         dids_are('Inbound_Sales', ['8040000001', '8040000002'], ['8040000003'])),
    Goal('change', {'campaign': 'Inbound_Sales', 'dynamic_dids': ['8040000004'], 'fallback_dids': ['8040000003']},
         dids_are('Inbound_Sales', ['8040000004'], ['8040000003'])),
]


# ---- campaign listing (a read: the result itself must be what the server holds) ---------------------

def _rows(user, names=None):
    return [{'name': c['CampaignName'], 'id': c['CampaignID'], 'position': c['Position']} for c in user['campaigns']
            if names is None or c['CampaignName'].lower() in names]


def lists(names=None):
    def holds(user, result):
        return result.get('campaigns') == _rows(user, names)
    return holds


CAMPAIGN_GOALS = [
    Goal('list all', {}, lists()),
    Goal('look up one', {'names': ['inbound_sales']}, lists(['inbound_sales'])),
]


# ---- agents (paced: the matrix runs them on the simulator's clock) --------------------------------

def _agent(user, agent_id):
    return next((a for a in user['agents'] if a['agentId'] == agent_id), None)


def agent_is(agent_id, name, skills):
    def holds(user, result):  # pylint: disable=unused-argument
        agent = _agent(user, agent_id)
        return (agent is not None and agent['agentName'] == name
                and sorted(s['name'] for s in agent['skills']) == sorted(skills))
    return holds


def agent_gone(agent_id):
    def holds(user, result):  # pylint: disable=unused-argument
        return _agent(user, agent_id) is None
    return holds


def stale_agent_records(user, records):
    """Agent records the server contradicts: an agent it does not hold, another name or other skills."""
    stale = []
    for record in records:
        desired = record['desired']
        agent = _agent(user, (record.get('server') or {}).get('agent_id') or record.get('identity'))
        if desired.get('state') == 'absent':   # the tombstone of a confirmed delete
            if agent is not None:
                stale.append(record)
        elif agent is None or agent['agentName'] != desired.get('name') or (
                sorted(s['name'].lower() for s in agent['skills'])
                != sorted(s.lower() for s in desired.get('skills') or [])):
            stale.append(record)
    return stale


AGENT = {'agent_id': 'mxagent1', 'email': 'mx@example.com', 'password': 'Matrix-pass-1'}
AGENT_GOALS = [
    Goal('create', dict(AGENT, name='Matrix_One', skills=['Sales']), agent_is('mxagent1', 'Matrix_One', ['Sales'])),
    Goal('change', dict(AGENT, name='Matrix_One', skills=['Support', 'General']),
         agent_is('mxagent1', 'Matrix_One', ['Support', 'General'])),
    Goal('rename', dict(AGENT, name='Matrix_Two', skills=['Support', 'General']),
         agent_is('mxagent1', 'Matrix_Two', ['Support', 'General'])),
    Goal('delete', {'agent_id': 'mxagent1', 'state': 'absent'}, agent_gone('mxagent1')),
]


def no_records(user, records):  # pylint: disable=unused-argument
    return []


FAMILIES = {
    'phone': Family('phone', cloudagent_phone, {}, PHONE_GOALS, 'phone', stale_phone_records),
    'phone_legacy': Family('phone_legacy', cloudagent_phone, {}, LEGACY_GOALS, 'phone', stale_phone_records),
    'blocklist': Family('blocklist', cloudagent_blocklist, {}, BLOCK_GOALS, 'blocklist', stale_group_records),
    'did': Family('did', cloudagent_did, {}, DID_GOALS, 'did', stale_did_records),
    'campaign_info': Family('campaign_info', cloudagent_campaign_info, {}, CAMPAIGN_GOALS, None, no_records),
    # Rate-limited answers are waited out (on the simulator's clock), as with the default retries; a timeout of
    # 60 s gives a 600 s retry budget, which the 1-in-5-minutes reading of Q11 needs (its message says so).
    'agent': Family('agent', cloudagent_agent, {'retries': 3, 'timeout': 60}, AGENT_GOALS, 'agent', stale_agent_records),
}
