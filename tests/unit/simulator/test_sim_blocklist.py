# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Block-number groups (api-reference A.3, decisions 9-17)."""

import pytest

from sim_helpers import user_of

CREATE = '/ca_apis/createBlockNumber'
UPDATE = '/ca_apis/updateBlockNumbers'
DELETE = '/ca_apis/deleteBlockNumber'
MANDATORY = {'status': 'error', 'message': 'Parameters are mandatory'}
INVALID_GROUP = {'status': 'error', 'message': 'Invalid group id'}
BAD_NUMBERS = {'status': 'error', 'message': 'invalid data', 'errors': {'blockNumbers': 'Blocknumbers data contains invalid format of numbers'}}
TOO_MANY = {'status': 'error', 'message': 'Maximum 100 numbers allowed per request'}


def create(api, **fields):
    body = dict({'userName': 'demo_user', 'name': 'VIP', 'description': 'Do not call', 'blockNumbers': '9876543210',
                 'expiryDate': '2030-01-01 00:00:00'}, **fields)
    return api.json('POST', CREATE, {key: value for key, value in body.items() if value is not None})


def groups(sim, user='demo_user'):
    return user_of(sim.state(), user)['blockGroups']


def test_create_success_shape(api, sim):
    body = create(api, blockNumbers='9876543210,09876543211,919876543212,+15551234567,12345')
    assert body == {
        'status': 'success', 'message': 'created',
        'input': {'name': 'VIP', 'description': 'Do not call', 'blockNumbers': ['9876543210,09876543211,919876543212,+15551234567,12345']},
        'output': {'affectedRows': 1, 'lastInsertId': 1,
                   'succes': ['+919876543210', '+919876543211', '+919876543212', '+15551234567'], 'error': ['12345']},
    }
    assert groups(sim) == [{'id': 1, 'name': 'VIP', 'description': 'Do not call', 'expiryDate': '2030-01-01 00:00:00',
                            'numbers': ['+919876543210', '+919876543211', '+919876543212', '+15551234567']}]
    assert create(api, name='Other')['output']['lastInsertId'] == 2


@pytest.mark.parametrize('raw, normal', [
    ('9876543210', '+919876543210'),
    ('98765 43210', '+919876543210'),
    ('98765-43210', '+919876543210'),
    ('09876543210', '+919876543210'),
    ('919876543210', '+919876543210'),
    ('+919876543210', '+919876543210'),
    ('+14155550100', '+14155550100'),
])
def test_normalisation(api, raw, normal):
    assert create(api, blockNumbers=raw)['output']['succes'] == [normal]


@pytest.mark.parametrize('raw', ['12345', '19876543210', '8876543210123'])
def test_numeric_but_unusable_is_a_per_number_error(api, raw):
    assert create(api, blockNumbers=raw)['output'] == {'affectedRows': 1, 'lastInsertId': 1, 'succes': [], 'error': [raw]}


def test_unblockable_numbers_land_in_the_error_array(api, sim):
    """The lever that lets tests see the server refuse numbers the client accepts (create and update)."""
    state = sim.state()
    user_of(state, 'demo_user')['unblockable'] = ['+919876543211']
    sim.set_state(state)
    body = create(api, blockNumbers='9876543210,09876543211')
    assert body['output']['succes'] == ['+919876543210'] and body['output']['error'] == ['09876543211']
    update = api.json('PUT', UPDATE, {'userName': 'demo_user', 'groupName': 'VIP', 'blockNumbers': ['+919876543211']})
    assert update['output'] == {'succes': [], 'error': ['+919876543211'], 'new': 0, 'inserted': 0}
    assert groups(sim)[0]['numbers'] == ['+919876543210']


@pytest.mark.parametrize('fields, expected', [
    ({'blockNumbers': '98765abc'}, BAD_NUMBERS),
    ({'blockNumbers': '9876543210,x'}, BAD_NUMBERS),
    ({'blockNumbers': ','.join('98765432%02d' % i for i in range(101))}, TOO_MANY),
    ({'name': None}, MANDATORY),
    ({'description': None}, MANDATORY),
    ({'blockNumbers': None}, MANDATORY),
    ({'name': 'X'}, {'status': 'error', 'message': 'invalid data', 'errors': {'name': 'Name (X) allows 2 to 50 characters only'}}),
    ({'name': 'N' * 51}, {'status': 'error', 'message': 'invalid data', 'errors': {'name': 'Name (%s) allows 2 to 50 characters only' % ('N' * 51)}}),
    ({'description': 'B'}, {'status': 'error', 'message': 'invalid data', 'errors': {'name': 'Name (B) allows 2 to 50 characters only'}}),
])
def test_create_error_rows(api, sim, fields, expected):
    assert create(api, **fields) == expected
    assert groups(sim) == []


def test_create_accepts_array_and_exactly_100(api):
    numbers = ['98765432%02d' % i for i in range(100)]
    body = create(api, blockNumbers=numbers)
    assert body['input']['blockNumbers'] == numbers and len(body['output']['succes']) == 100


def test_duplicate_group_name(api, sim):
    create(api)
    assert create(api) == {'status': 'error', 'message': 'Group name already exists'}
    state = sim.state()
    state['behaviour']['duplicate_group'] = 'create_another'
    sim.set_state(state)
    assert create(api)['output']['lastInsertId'] == 2
    assert [group['name'] for group in groups(sim)] == ['VIP', 'VIP']


@pytest.mark.parametrize('path', [UPDATE, '/ca_apis/updateBlockNumber'])
def test_update_counters_and_description(api, sim, path):
    create(api, blockNumbers='9876543210')
    body = {'userName': 'demo_user', 'groupName': 'VIP', 'description': 'Changed', 'expiryDate': '2031-01-01 00:00:00',
            'blockNumbers': ['9876543210', '9876543211', '12345']}
    assert api.json('PUT', path, body) == {
        'status': 'success', 'message': 'updated',
        'input': {'id': 1, 'blockNumbers': ['9876543210', '9876543211', '12345']},
        'output': {'succes': ['+919876543210', '+919876543211'], 'error': ['12345'], 'new': 1, 'inserted': 1},
    }
    group = groups(sim)[0]
    assert group['numbers'] == ['+919876543210', '+919876543211']
    assert (group['description'], group['expiryDate']) == ('Changed', '2031-01-01 00:00:00')


@pytest.mark.parametrize('fields, expected', [
    ({'groupName': 'Nope'}, INVALID_GROUP),
    ({'groupName': None, 'id': 99}, INVALID_GROUP),
    ({'groupName': None}, MANDATORY),
    ({'blockNumbers': None}, MANDATORY),
    ({'blockNumbers': ['abc']}, BAD_NUMBERS),
    ({'blockNumbers': ['98765432%02d' % i for i in range(101)]}, TOO_MANY),
])
def test_update_error_rows(api, fields, expected):
    create(api)
    body = dict({'userName': 'demo_user', 'groupName': 'VIP', 'description': 'Desc', 'blockNumbers': ['9876543211']}, **fields)
    assert api.json('PUT', UPDATE, {key: value for key, value in body.items() if value is not None}) == expected


def test_update_with_empty_array_and_by_id(api, sim):
    create(api)
    body = {'userName': 'demo_user', 'id': 1, 'description': 'Only the text', 'blockNumbers': []}
    assert api.json('PUT', UPDATE, body)['output'] == {'succes': [], 'error': [], 'new': 0, 'inserted': 0}
    assert groups(sim)[0]['description'] == 'Only the text'


@pytest.mark.parametrize('path, fields', [
    (DELETE, {'id': 1}),
    (DELETE, {'Id': '1'}),
    (DELETE, {'groupName': 'VIP'}),
    ('/ca_apis/deleteBlockNumberGroup', {'id': 1}),
])
def test_delete_success(api, sim, path, fields):
    create(api, blockNumbers='9876543210,9876543211')
    body = dict({'userName': 'demo_user', 'blockNumbers': ['919876543210', '9876543299']}, **fields)
    assert api.json('DELETE', path, body) == {
        'status': 'success', 'message': 'deleted',
        'input': {'id': 1, 'blockNumbers': ['919876543210', '9876543299']},
        'output': {'success': ['+919876543210'], 'error': ['9876543299'], 'deleted': 1},
    }
    assert groups(sim)[0]['numbers'] == ['+919876543211']


def test_delete_singular_blocknumber_alias(api, sim):
    create(api, blockNumbers='9876543210')
    body = {'userName': 'demo_user', 'id': 1, 'blockNumber': '9876543210'}
    assert api.json('DELETE', '/ca_apis/deleteBlockNumberGroup', body)['output']['deleted'] == 1
    assert groups(sim)[0]['numbers'] == []


@pytest.mark.parametrize('fields, expected', [
    ({}, MANDATORY),
    ({'id': 7}, INVALID_GROUP),
    ({'id': 'abc'}, INVALID_GROUP),
    ({'groupName': 'Nope'}, INVALID_GROUP),
    ({'id': 1, 'blockNumbers': None}, MANDATORY),
    ({'id': 1, 'blockNumbers': ['98x']}, BAD_NUMBERS),
])
def test_delete_error_rows(api, sim, fields, expected):
    create(api)
    body = dict({'userName': 'demo_user', 'blockNumbers': ['9876543210']}, **fields)
    assert api.json('DELETE', DELETE, {key: value for key, value in body.items() if value is not None}) == expected
    assert groups(sim)[0]['numbers'] == ['+919876543210']


def test_auth_failure_and_token_mode(api, sim):
    body = {'userName': 'demo_user', 'name': 'VIP', 'description': 'Desc', 'blockNumbers': '9876543210'}
    assert api.json('POST', CREATE, body, api_key='KKwrong') == {'status': 'error', 'message': 'Authentication failed'}
    token_body = dict(body, userName='token_user')
    assert api.json('POST', CREATE, token_body, api_key=None, bearer=api.token())['message'] == 'created'
    assert groups(sim, 'token_user')[0]['name'] == 'VIP' and groups(sim) == []


def test_groups_are_per_account(api, sim):
    create(api)
    body = {'userName': 'token_user', 'id': 1, 'blockNumbers': ['9876543210']}
    assert api.json('DELETE', DELETE, body, api_key=None, bearer=api.token()) == INVALID_GROUP


# ---------------------------------------------------------------- readings behind switches (issue 14)

def reading(sim, switch, value):
    state = sim.state()
    state['behaviour'][switch] = value
    sim.set_state(state)


def test_a_comma_string_is_one_entry_under_string_is_one(api, sim):
    reading(sim, 'block_create_numbers', 'string_is_one')
    body = create(api, blockNumbers='9876543210,9876543211')
    assert body['output']['succes'] == [] and body['output']['error'] == ['9876543210,9876543211']
    assert create(api, name='Other', blockNumbers=['9876543210', '9876543211'])['output']['succes'] == [
        '+919876543210', '+919876543211']


def test_expiry_per_number(api, sim):
    reading(sim, 'block_expiry_scope', 'number')
    create(api, blockNumbers=['9876543210', '9876543211'])
    body = {'userName': 'demo_user', 'groupName': 'VIP', 'expiryDate': '2031-01-01 00:00:00'}
    api.json('PUT', UPDATE, dict(body, blockNumbers=[]))
    assert groups(sim)[0]['numberExpiry'] == {'+919876543210': '2030-01-01 00:00:00', '+919876543211': '2030-01-01 00:00:00'}
    api.json('PUT', UPDATE, dict(body, blockNumbers=['9876543211']))
    assert groups(sim)[0]['numberExpiry']['+919876543211'] == '2031-01-01 00:00:00'
    assert groups(sim)[0]['expiryDate'] == '2030-01-01 00:00:00'


@pytest.mark.parametrize('key, fields, outcome', [
    ('id', {'groupName': 'VIP'}, MANDATORY),
    ('id', {'id': 1}, 'deleted'),
    ('group_name', {'id': 1}, MANDATORY),
    ('group_name', {'id': 99, 'groupName': 'VIP'}, 'deleted'),
    ('neither', {}, 'deleted'),
])
def test_delete_keyed_by(api, sim, key, fields, outcome):
    create(api, blockNumbers=['9876543210'])
    reading(sim, 'block_delete_key', key)
    body = api.json('DELETE', DELETE, dict({'userName': 'demo_user', 'blockNumbers': ['9876543210']}, **fields))
    if outcome == 'deleted':
        assert body['output']['deleted'] == 1 and groups(sim)[0]['numbers'] == []
    else:
        assert body == outcome


def test_delete_keyed_by_neither_empties_every_group_holding_the_number(api, sim):
    create(api, blockNumbers=['9876543210'])
    create(api, name='Other', blockNumbers=['9876543210', '9876543211'])
    reading(sim, 'block_delete_key', 'neither')
    body = api.json('DELETE', DELETE, {'userName': 'demo_user', 'blockNumbers': ['9876543210']})
    assert body['input']['id'] == 1 and [g['numbers'] for g in groups(sim)] == [[], ['+919876543211']]


def test_duplicate_refused_in_other_words(api, sim):
    reading(sim, 'duplicate_group', 'reject_reworded')
    create(api)
    assert create(api) == {'status': 'error', 'message': 'Group Name Already Exist.'}


def test_big_groups_stay_linear_and_consistent(api, sim):
    """Member sets beside the exported lists: adds, re-adds and removals agree with the list."""
    create(api, blockNumbers=[])
    for start in range(0, 1000, 100):
        chunk = ['+9190000%05d' % n for n in range(start, start + 100)]
        assert api.json('PUT', UPDATE, {'userName': 'demo_user', 'groupName': 'VIP', 'blockNumbers': chunk})['output']['new'] == 100
    again = api.json('PUT', UPDATE, {'userName': 'demo_user', 'groupName': 'VIP', 'blockNumbers': ['+919000000005']})
    assert again['output']['new'] == 0
    api.json('DELETE', DELETE, {'userName': 'demo_user', 'id': 1, 'blockNumbers': ['+919000000005', '+919000000006']})
    numbers = groups(sim)[0]['numbers']
    assert len(numbers) == 998 and '+919000000005' not in numbers and numbers[:5] == ['+9190000%05d' % n for n in range(5)]
