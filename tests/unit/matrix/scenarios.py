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
    cloudagent_agent, cloudagent_blocklist, cloudagent_campaign_info, cloudagent_did, cloudagent_ledger, cloudagent_phone)

Goal = namedtuple('Goal', 'label args holds module')
Goal.__new__.__defaults__ = (None,)   # module: the family's, unless the goal is a step of another (an adoption)
Family = namedtuple('Family', 'name module base goals kind stale preset')
Family.__new__.__defaults__ = (None,)   # preset(user): objects made elsewhere (in the UI) before the first goal


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


def _skills_allowed(phone, desired, record):
    """The skills the record claims: exactly these, or at least these when it says so (server.skills_unconfirmed)."""
    if (record.get('server') or {}).get('skills_unconfirmed'):
        return set(desired['skills']) <= set(phone['skills'])
    return sorted(phone['skills']) == sorted(desired['skills'])


def adopted_phone(name):
    """The user recorded the phone as the admin UI shows it (what the warning asks): nothing to hold but the record."""
    def holds(user, result):
        return _phone(user, name) is not None and not result.get('failed')
    return holds


def preset_ui_phone(user):
    user['phones'].append({'name': 'ui1', 'number': '4000088888', 'skills': ['Billing']})


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
                desired.get('skills') is not None and not _skills_allowed(phone, desired, record)):
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
    # A phone made in the UI (preset_ui_phone) with skill Billing: the API cannot read its skills, so the first run
    # cannot remove Billing; the user records what the admin UI shows (what the warning asks), and the next run can.
    Goal('first contact (skills)', {'name': 'ui1', 'number': '4000088888', 'skills': ['Sales']},
         phone_is('ui1', '4000088888', ['Sales'])),
    Goal('adopt skills', lambda user: {'kind': 'phone', 'identity': 'ui1', 'server': {}, 'desired': _phone(user, 'ui1')},
         adopted_phone('ui1'), cloudagent_ledger),
    Goal('replace skills', {'name': 'ui1', 'number': '4000088888', 'skills': ['Sales']},
         phone_is('ui1', '4000088888', ['Sales'])),
]
LEGACY_GOALS = [g._replace(args=dict(g.args, api_flavor='legacy')) if g.module is None else g for g in PHONE_GOALS]
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


def _may_hold(held, desired, if_added):
    """A list the record allows: `desired`, or where it is not confirmed (server.unconfirmed) what an update that
    adds would have left: that list, or (None: no record of the campaign before) `desired` after unknown DIDs."""
    if if_added is None:
        return set(desired or []) <= set(held)
    return held in (desired, if_added)


def stale_did_records(user, records):
    stale = []
    for record in records:
        desired = record['desired']
        unconfirmed = (record.get('server') or {}).get('unconfirmed') or {}
        row = next((c for c in user['campaigns'] if c['CampaignName'] == desired.get('campaign')), None)
        if row is None or any(
                not (row[field] == desired.get(key) if key not in unconfirmed
                     else _may_hold(row[field], desired.get(key), unconfirmed[key]))
                for key, field in (('dynamic_dids', 'dynamicDIDs'), ('fallback_dids', 'fallbackDynamicDIDs'))):
            stale.append(record)
    return stale


def adopted(campaign, dids, fallback):
    """The user looked at the campaign in the admin UI and recorded what it holds (what the warning asks)."""
    def holds(user, result):  # pylint: disable=unused-argument
        return dids_are(campaign, dids, fallback)(user, result) and not result.get('failed')
    return holds


def adopt_campaign(user, name, campaign_id):
    """cloudagent_ledger's arguments recording the lists the campaign holds (what the admin UI shows)."""
    row = _campaign(user, name)
    return {'kind': 'did', 'identity': name, 'server': {'campaign_id': campaign_id},
            'desired': {'campaign': name, 'dynamic_dids': row['dynamicDIDs'], 'fallback_dids': row['fallbackDynamicDIDs']}}


D1, D2, D3, D4 = '8040000001', '8040000002', '8040000003', '8040000004'
DID_GOALS = [
    # No record: whether an update replaces the lists or adds to them (decision #18), DIDs set before may stay.
    Goal('first contact', {'campaign': 'inbound_sales', 'dynamic_dids': [D1, D2], 'fallback_dids': [D3]},
         dids_are('Inbound_Sales', [D1, D2], [D3])),
    Goal('adopt', lambda user: adopt_campaign(user, 'Inbound_Sales', 101), adopted('Inbound_Sales', [D1, D2], [D3]),
         cloudagent_ledger),
    Goal('add', {'campaign': 'Inbound_Sales', 'dynamic_dids': [D1, D2, D4], 'fallback_dids': [D3]},
         dids_are('Inbound_Sales', [D1, D2, D4], [D3])),
    Goal('remove', {'campaign': 'Inbound_Sales', 'dynamic_dids': [D4], 'fallback_dids': [D3]},
         dids_are('Inbound_Sales', [D4], [D3])),
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
    'phone': Family('phone', cloudagent_phone, {}, PHONE_GOALS, 'phone', stale_phone_records, preset_ui_phone),
    'phone_legacy': Family('phone_legacy', cloudagent_phone, {}, LEGACY_GOALS, 'phone', stale_phone_records,
                           preset_ui_phone),
    'blocklist': Family('blocklist', cloudagent_blocklist, {}, BLOCK_GOALS, 'blocklist', stale_group_records),
    'did': Family('did', cloudagent_did, {}, DID_GOALS, 'did', stale_did_records),
    'campaign_info': Family('campaign_info', cloudagent_campaign_info, {}, CAMPAIGN_GOALS, None, no_records),
    # Rate-limited answers are waited out (on the simulator's clock), as with the default retries; a timeout of
    # 60 s gives a 600 s retry budget, which the 1-in-5-minutes reading of Q11 needs (its message says so).
    'agent': Family('agent', cloudagent_agent, {'retries': 3, 'timeout': 60}, AGENT_GOALS, 'agent', stale_agent_records),
}
