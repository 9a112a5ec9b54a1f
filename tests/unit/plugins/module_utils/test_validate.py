# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import annotations

import pytest

from ansible_collections.ozonetel.cloudagent.plugins.module_utils import validate
from ansible_collections.ozonetel.cloudagent.plugins.module_utils.errors import ValidationError


@pytest.mark.parametrize('raw, canonical', [
    ('9876543210', '9876543210'),
    ('+91 98765-43210', '+919876543210'),
    ('(080) 4000.0001', '08040000001'),
    ('123', '123'),
    ('+12345678901234567', '+12345678901234567'),
    (9876543210, '9876543210'),
])
def test_phone_number_canonical_form(raw, canonical):
    assert validate.phone_number(raw) == canonical


@pytest.mark.parametrize('raw', ['12', '123456789012345678', '98a76', '++91987', '', None, True, ['1']])
def test_phone_number_rejects_with_field_and_rule(raw):
    with pytest.raises(ValidationError) as info:
        validate.phone_number(raw, 'phones[3].number')
    assert str(info.value).startswith('phones[3].number: ')


@pytest.mark.parametrize('name', ['ab', 'Front_Desk', 'sales.team@hq', 'a+b-c', 'x' * 50, 'A1'])
def test_phone_name_accepts_documented_characters(name):
    assert validate.phone_name(name) == name


@pytest.mark.parametrize('name', ['a', 'x' * 51, '_desk', 'desk-', 'front desk', 'desk#1', '+desk'])
def test_phone_name_rejects_documented_violations(name):
    with pytest.raises(ValidationError, match='name: .*2 to 50'):
        validate.phone_name(name)


def test_name_key_ignores_case_like_the_api():
    assert validate.name_key('Front_Desk') == validate.name_key('FRONT_desk')


def test_skill_set_sorts_and_collapses_duplicates():
    assert validate.skill_set(['Sales', 'General', 'Sales']) == ['General', 'Sales']


def test_skill_with_comma_is_rejected_because_the_api_splits_on_commas():
    with pytest.raises(ValidationError, match=r'skills\[1\]'):
        validate.skill_set(['General', 'QA,Sales'])


@pytest.mark.parametrize('raw, stored', [
    ('9876543210', '+919876543210'),
    ('09876543210', '+919876543210'),
    ('919876543210', '+919876543210'),
    ('+14155550100', '+14155550100'),
    ('98765 43210', '+919876543210'),
])
def test_block_number_matches_server_normalisation(raw, stored):
    assert validate.block_number(raw) == stored


@pytest.mark.parametrize('raw', ['12345', '98765432101234', 'abc', '+1234', '+1234567890123456'])
def test_block_number_rejects_numbers_the_server_cannot_store(raw):
    with pytest.raises(ValidationError, match='numbers'):
        validate.block_number(raw)


def test_expiry_date_requires_the_api_format():
    assert validate.expiry_date('2027-01-31 23:59:59') == '2027-01-31 23:59:59'
    for bad in ('2027-01-31', '2027-02-30 00:00:00', '31-01-2027 10:00:00', '2027-01-31T10:00:00'):
        with pytest.raises(ValidationError, match='YYYY-MM-DD HH:MM:SS'):
            validate.expiry_date(bad)


def test_group_text_length_rule():
    assert validate.group_text(' VIP ', 'name') == 'VIP'
    with pytest.raises(ValidationError, match='2 to 50'):
        validate.group_text('x', 'description')


def test_did_list_keeps_order_and_rejects_duplicates_and_empty():
    assert validate.did_list(['8040000002', '8040000001'], 'dynamic_dids') == ['8040000002', '8040000001']
    with pytest.raises(ValidationError, match=r'dynamic_dids\[1\].*twice'):
        validate.did_list(['8040000002', '804-000-0002'], 'dynamic_dids')
    with pytest.raises(ValidationError, match='fallback_dids: must be a non-empty list'):
        validate.did_list([], 'fallback_dids')


def test_chunks_split_at_the_api_limit():
    pieces = validate.chunks(list(range(250)))
    assert [len(p) for p in pieces] == [100, 100, 50]
    assert sum(pieces, []) == list(range(250))


def test_expiry_in_the_past_everywhere_is_refused():
    from datetime import datetime  # pylint: disable=import-outside-toplevel
    now = datetime(2030, 6, 1, 12, 0, 0)  # UTC
    assert validate.expiry_date('2030-06-01 00:00:01', now=now) == '2030-06-01 00:00:01'  # not yet past in UTC-12
    with pytest.raises(ValidationError) as caught:
        validate.expiry_date('2030-05-31 23:59:59', now=now)  # past in every time zone
    assert caught.value.rule == 'future' and 'is in the past' in str(caught.value)


@pytest.mark.parametrize('value', [0, -3])
def test_parallel_below_one_is_refused(value):
    with pytest.raises(ValidationError) as caught:
        validate.parallel_count(value)
    assert str(caught.value) == 'parallel: must be 1 or more, got %d' % value
    assert validate.parallel_count(1) == 1


@pytest.mark.parametrize('params, expected', [
    ({'number': 606718904}, ['number: is the integer 606718904']),
    ({'number': '04412345670'}, []),
    ({'number': True}, []),  # booleans are not numbers YAML made: the ordinary rule reports them
    ({'numbers': ['1', 2.5]}, ['numbers[1]: is the float 2.5']),
    ({'phones': [{'name': 'a', 'number': 12345678}, 'not-a-dict']}, ['phones[0].number: is the integer 12345678']),
])
def test_yaml_numbers(params, expected):
    spec = {'number': {}, 'numbers': {}, 'phones': {'options': {'name': {}, 'number': {}}}}
    found = validate.yaml_numbers(params, spec)
    assert len(found) == len(expected)
    for message, start in zip(found, expected):
        assert message.startswith(start) and 'quote the number' in message
