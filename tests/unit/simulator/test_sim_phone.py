# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""/ca_apis/PhoneManageV2: every documented row of api-reference A.1 plus decisions 3-8."""

import pytest

from sim_helpers import DEMO_KEY, TINY_KEY, user_of

PATH = '/ca_apis/PhoneManageV2'
SAVED = {'status': 'success', 'message': 'record inserted successfully'}
SKILLS_FAILED = {'status': 'success', 'message': 'record inserted successfully and failed to insert skills please pass the valid skills'}
AUTH = {'status': 'error', 'message': 'userName or apiKey not valid'}
NOT_FOUND = {'status': 'error', 'message': 'no record found'}
DUPLICATE = {'status': 'error', 'message': 'phone_name or phone_number already exist'}
LENGTH = {'status': 'error', 'message': 'phoneNumber should be between 3 to 17 digits long and allows prefix +'}
NAME_RULES = {'status': 'error', 'message': 'phoneName should be between 2 to 50 alphanumeric characters long allows prefix + and '
              'special characters like .,@,_,- and Name cannot start and end with Special characters.'}
NUMERIC = {'status': 'error', 'message': 'phoneNumber must be numeric'}
LIMIT = {'status': 'error', 'message': " Phone Number Limit Exceeded. Please refer to the 'Phone Number Creation Limit' option "
         "under 'Edit Profile' for reference. "}


def create(api, number='9180000001', name='Alice', **extra):
    body = dict({'userName': 'demo_user', 'action': 'create', 'phoneNumber': number, 'phoneName': name}, **extra)
    return api.json('POST', PATH, body)


CREATE_ROWS = [
    ('success', {}, SAVED),
    ('plus prefix', {'phoneNumber': '+919876543210'}, SAVED),
    ('17 digits', {'phoneNumber': '1' * 17}, SAVED),
    ('3 digits', {'phoneNumber': '123'}, SAVED),
    ('number as JSON integer', {'phoneNumber': 9180000009}, SAVED),
    ('invalid action', {'action': 'make'}, {'status': 'error', 'message': 'action not valid'}),
    ('get is not a POST action', {'action': 'get'}, {'status': 'error', 'message': 'action not valid'}),
    ('non-numeric number', {'phoneNumber': '98a0'}, NUMERIC),
    ('plus inside number', {'phoneNumber': '91+800'}, NUMERIC),
    ('empty number', {'phoneNumber': ''}, {'status': 'error', 'message': 'phoneNumber cannot be empty'}),
    ('missing number', {'phoneNumber': None}, {'status': 'error', 'message': 'phoneNumber cannot be empty'}),
    ('empty name', {'phoneName': ''}, {'status': 'error', 'message': 'phoneName cannot be empty'}),
    ('2 digits', {'phoneNumber': '12'}, LENGTH),
    ('18 digits', {'phoneNumber': '1' * 18}, LENGTH),
    ('plus and 2 digits', {'phoneNumber': '+12'}, LENGTH),
    ('name starts with special', {'phoneName': '-bob'}, NAME_RULES),
    ('name ends with special', {'phoneName': 'bob.'}, NAME_RULES),
    ('name of one character', {'phoneName': 'a'}, NAME_RULES),
    ('name of 51 characters', {'phoneName': 'a' * 51}, NAME_RULES),
    ('name with a space', {'phoneName': 'bob smith'}, NAME_RULES),
    ('name with every allowed special', {'phoneName': 'a+b.c@d_e-f'}, SAVED),
    ('known skills', {'skill': 'General,QA_Skill'}, SAVED),
    ('invalid skill (decision 8)', {'skill': 'General,NoSuchSkill'}, SKILLS_FAILED),
    ('missing skill value', {'skill': ''}, SKILLS_FAILED),
]


@pytest.mark.parametrize('overrides, expected', [row[1:] for row in CREATE_ROWS], ids=[row[0] for row in CREATE_ROWS])
def test_create_rows(api, overrides, expected):
    body = {'userName': 'demo_user', 'action': 'create', 'phoneNumber': '9180000001', 'phoneName': 'Alice'}
    body.update({key: value for key, value in overrides.items() if value is not None})
    for key in [key for key, value in overrides.items() if value is None]:
        del body[key]
    assert api.json('POST', PATH, body) == expected


@pytest.mark.parametrize('api_key, user', [('KKwrong', 'demo_user'), (DEMO_KEY, 'nobody'), (DEMO_KEY, None)])
def test_create_bad_credentials(api, api_key, user):
    body = {'userName': user, 'action': 'create', 'phoneNumber': '9180000001', 'phoneName': 'Alice'}
    assert api.json('POST', PATH, body, api_key=api_key) == AUTH


def test_create_stores_phone_and_known_skills(api, sim):
    assert create(api, skill='General,Bogus') == SKILLS_FAILED
    phones = user_of(sim.state(), 'demo_user')['phones']
    assert phones == [{'name': 'Alice', 'number': '9180000001', 'skills': ['General']}]


@pytest.mark.parametrize('number, name', [('9180000001', 'Bob'), ('9180000002', 'ALICE'), ('9180000002', 'alice')])
def test_create_duplicates(api, number, name):
    assert create(api) == SAVED
    assert create(api, number, name) == DUPLICATE


def test_creation_limit(api):
    for index in range(3):
        body = {'userName': 'tiny_user', 'action': 'create', 'phoneNumber': '91800000%02d' % index, 'phoneName': 'p%d' % index}
        assert api.json('POST', PATH, body, api_key=TINY_KEY) == SAVED
    body = {'userName': 'tiny_user', 'action': 'create', 'phoneNumber': '9180000099', 'phoneName': 'p9'}
    assert api.json('POST', PATH, body, api_key=TINY_KEY) == LIMIT


def edit(api, **fields):
    body = dict({'userName': 'demo_user', 'action': 'edit', 'phoneNumber': '9180000001', 'phoneName': 'Alice',
                 'phoneNumberNew': '9180000001'}, **fields)
    return api.json('POST', PATH, body)


EDIT_ROWS = [
    ('renumber', {'phoneNumberNew': '9180000005'}, SAVED, ('9180000005', 'Alice')),
    ('rename phoneNameNew', {'phoneNameNew': 'Alicia'}, SAVED, ('9180000001', 'Alicia')),
    ('rename PhoneNameNew', {'PhoneNameNew': 'Alicia'}, SAVED, ('9180000001', 'Alicia')),
    ('existing name in other case', {'phoneName': 'ALICE', 'phoneNameNew': 'Al'}, SAVED, ('9180000001', 'Al')),
    ('unknown number (decision 6)', {'phoneNumber': '9180000077'}, NOT_FOUND, ('9180000001', 'Alice')),
    ('name does not match number', {'phoneName': 'Bob'}, NOT_FOUND, ('9180000001', 'Alice')),
    ('new number held by another', {'phoneNumberNew': '9180000002'}, DUPLICATE, ('9180000001', 'Alice')),
    ('new name held by another', {'phoneNameNew': 'bob'}, DUPLICATE, ('9180000001', 'Alice')),
    ('missing phoneNumberNew', {'phoneNumberNew': ''}, {'status': 'error', 'message': 'phoneNumber cannot be empty'}, ('9180000001', 'Alice')),
    ('bad new number', {'phoneNumberNew': '12'}, LENGTH, ('9180000001', 'Alice')),
    ('bad new name', {'phoneNameNew': '_x'}, NAME_RULES, ('9180000001', 'Alice')),
    ('empty phoneName', {'phoneName': ''}, {'status': 'error', 'message': 'phoneName cannot be empty'}, ('9180000001', 'Alice')),
]


@pytest.mark.parametrize('fields, expected, after', [row[1:] for row in EDIT_ROWS], ids=[row[0] for row in EDIT_ROWS])
def test_edit_rows(api, sim, fields, expected, after):
    create(api)
    create(api, '9180000002', 'Bob')
    assert edit(api, **fields) == expected
    phones = {(phone['number'], phone['name']) for phone in user_of(sim.state(), 'demo_user')['phones']}
    assert after in phones


def test_edit_skills(api, sim):
    create(api, skill='General,Sales')
    assert edit(api, assignSkill='Support,QA_Skill', unAssignSkill='Sales') == SAVED
    assert user_of(sim.state(), 'demo_user')['phones'][0]['skills'] == ['General', 'QA_Skill', 'Support']
    assert edit(api, assignSkill='Billing,Nope') == SKILLS_FAILED
    assert 'Billing' in user_of(sim.state(), 'demo_user')['phones'][0]['skills']


@pytest.mark.parametrize('fields, expected', [
    ({}, SAVED),
    ({'phoneName': 'alice'}, SAVED),
    ({'phoneName': 'Bob'}, NOT_FOUND),
    ({'phoneNumber': '9180000077'}, NOT_FOUND),
    ({'phoneNumber': ''}, {'status': 'error', 'message': 'phoneNumber cannot be empty'}),
])
def test_delete_rows(api, sim, fields, expected):
    create(api)
    body = dict({'userName': 'demo_user', 'action': 'delete', 'phoneNumber': '9180000001', 'phoneName': 'Alice'}, **fields)
    assert api.json('POST', PATH, body) == expected
    assert (user_of(sim.state(), 'demo_user')['phones'] == []) == (expected == SAVED)


FOUND = {'status': 'success', 'message': [{'phoneNumber': '9180000001', 'phoneName': 'Alice'}]}
GET_ROWS = [
    ('by number', {'phoneNumber': '9180000001', 'phoneName': ''}, FOUND),
    ('number wins over name', {'phoneNumber': '9180000001', 'phoneName': 'other'}, FOUND),
    ('by name, case-insensitive', {'phoneNumber': '', 'phoneName': 'aLiCe'}, FOUND),
    ('by name only key', {'phoneName': 'Alice'}, FOUND),
    ('unknown number (decision 3)', {'phoneNumber': '9180000077'}, NOT_FOUND),
    ('unknown name', {'phoneName': 'Zed'}, NOT_FOUND),
    ('neither key', {}, {'status': 'error', 'message': 'phoneNumber cannot be empty'}),
    ('action is case-sensitive', {'action': 'Get', 'phoneNumber': '9180000001'}, {'status': 'error', 'message': 'action not valid'}),
    ('write action over GET', {'action': 'create', 'phoneNumber': '9180000001'}, {'status': 'error', 'message': 'action not valid'}),
]


@pytest.mark.parametrize('fields, expected', [row[1:] for row in GET_ROWS], ids=[row[0] for row in GET_ROWS])
def test_get_rows(api, fields, expected):
    create(api)
    body = dict({'userName': 'demo_user', 'action': 'get'}, **fields)
    assert api.json('GET', PATH, body) == expected


@pytest.mark.parametrize('switch, value, number, expected', [
    ('phone_get_not_found', 'empty', '9180000077', {'status': 'success', 'message': []}),
    ('phone_get_shape', 'bare', '9180000001', {'phoneNumber': '9180000001', 'phoneName': 'Alice'}),
])
def test_get_behaviour_switches(api, sim, switch, value, number, expected):
    state = sim.state()
    state['behaviour'][switch] = value
    sim.set_state(state)
    create(api)
    assert api.json('GET', PATH, {'userName': 'demo_user', 'action': 'get', 'phoneNumber': number}) == expected


def test_get_is_a_read_and_create_a_write(api, sim):
    create(api)
    api.json('GET', PATH, {'userName': 'demo_user', 'action': 'get', 'phoneNumber': '9180000001'})
    assert [entry['kind'] for entry in sim.journal()] == ['write', 'read']
    assert [entry['outcome'] for entry in sim.writes()] == ['success']


def test_token_account_with_bearer(api, sim):
    token = api.token()
    body = {'userName': 'token_user', 'action': 'create', 'phoneNumber': '9180000001', 'phoneName': 'Alice'}
    assert api.json('POST', PATH, body, api_key=None, bearer=token) == SAVED
    assert user_of(sim.state(), 'token_user')['phones'][0]['number'] == '9180000001'
    assert user_of(sim.state(), 'demo_user')['phones'] == []


def test_body_that_is_not_json(api):
    response = api.call('POST', PATH, data=b'action=create', api_key=DEMO_KEY)
    assert response.json() == {'status': 'false', 'message': 'Invalid Json Pass Valid Json', 'data': None}


def _get(api, **fields):
    return api.json('GET', PATH, dict({'userName': 'demo_user', 'action': 'get'}, **fields))


def _found(number, name):
    return {'status': 'success', 'message': [{'phoneNumber': number, 'phoneName': name}]}


def test_look_ups_follow_renames_renumbers_and_deletes(api):
    """The look-up index (handlers/phone_rules.py) answers as a scan of the list would, after every change."""
    for i in range(1, 6):
        assert create(api, '918000000%d' % i, 'p%d' % i) == SAVED
    assert _get(api, phoneName='P3') == _found('9180000003', 'p3')
    body = {'userName': 'demo_user', 'action': 'edit', 'phoneNumber': '9180000003', 'phoneName': 'p3',
            'phoneNumberNew': '9180000033', 'phoneNameNew': 'q3'}
    assert api.json('POST', PATH, body) == SAVED
    # The new keys first: a look-up that saw the old ones could repair a stale index by itself.
    assert _get(api, phoneName='Q3') == _found('9180000033', 'q3')
    assert _get(api, phoneNumber='9180000033') == _found('9180000033', 'q3')
    assert _get(api, phoneName='p3') == NOT_FOUND
    assert _get(api, phoneNumber='9180000003') == NOT_FOUND
    # The freed number and name are free again; the new ones are taken.
    assert create(api, '9180000003', 'p3') == SAVED
    assert create(api, '9180000033', 'other') == DUPLICATE
    body = {'userName': 'demo_user', 'action': 'delete', 'phoneNumber': '9180000002', 'phoneName': 'p2'}
    assert api.json('POST', PATH, body) == SAVED
    assert _get(api, phoneNumber='9180000002') == NOT_FOUND
    assert _get(api, phoneName='p2') == NOT_FOUND
    assert create(api, '9180000002', 'p2') == SAVED
    assert _get(api, phoneName='p2') == _found('9180000002', 'p2')


def test_look_ups_see_a_replaced_state_and_answer_the_first_of_duplicates(api, sim):
    assert create(api) == SAVED
    assert _get(api, phoneNumber='9180000001') == _found('9180000001', 'Alice')
    state = sim.state()
    # A seeded account may hold what the API would refuse: the first phone in list order answers, as before.
    user_of(state, 'demo_user')['phones'] = [{'name': 'First', 'number': '9180000042'},
                                             {'name': 'first', 'number': '9180000043'},
                                             {'name': 'Third', 'number': '9180000042'}]
    sim.set_state(state)
    assert _get(api, phoneNumber='9180000001') == NOT_FOUND
    assert _get(api, phoneNumber='9180000042') == _found('9180000042', 'First')
    assert _get(api, phoneName='FIRST') == _found('9180000042', 'First')
    assert _get(api, phoneName='third') == _found('9180000042', 'Third')
