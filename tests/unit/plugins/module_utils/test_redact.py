# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The redactor masks exact secrets (and URL-encoded forms) and credential-shaped text."""

from __future__ import annotations

import copy

import pytest

from ansible_collections.ozonetel.cloudagent.plugins.module_utils.redact import MASK, Redactor

KEY = 'KEY+abc/123=xyz'
TOKEN = 'eyJhbGciOi.eyJzdWIiOi.sig-nature_1'


@pytest.fixture
def red():
    return Redactor([KEY, TOKEN])


@pytest.mark.parametrize('text', [
    'plain %s here' % KEY,
    'GET /x?apiKey=KEY%2Babc%2F123%3Dxyz&userName=u',
    'GET /x?apiKey=KEY%2Babc%2F123%3Dxyz',
    'q=KEY%2Babc%2F123%3Dxyz&next=1',
    'Authorization: Bearer %s' % TOKEN,
    'token %s was rejected' % TOKEN,
])
def test_exact_secrets_gone(red, text):
    out = red.text(text)
    assert KEY not in out and TOKEN not in out and 'KEY%2Babc' not in out and 'KEY+abc%2F' not in out
    assert MASK in out


@pytest.mark.parametrize('text,leak', [
    ('url: /CAServices/PhoneManageV2.php?action=create&apiKey=unknownsecret&userName=u', 'unknownsecret'),
    ('?api_key=other1&user_name=u', 'other1'),
    ('headers: {"Authorization": "Bearer other.jwt.value"}', 'other.jwt.value'),
    ('Authorization: Bearer other.jwt.value', 'other.jwt.value'),
    ('{"apiKey": "other2", "username": "u"}', 'other2'),
    ("{'apiKey': 'other3', 'userName': 'u'}", 'other3'),
    ('{"token": "other4", "message": ""}', 'other4'),
])
def test_patterns_mask_unknown_values(text, leak):
    out = Redactor().text(text)
    assert leak not in out and MASK in out


def test_normal_text_untouched(red):
    text = 'phone_get failed: no record found (HTTP 200, not_found) userName=demo'
    assert red.text(text) == text


def test_obj_masks_values_and_secret_keys_without_touching_the_original(red):
    original = {
        'apiKey': 'anything', 'api_key': 'x', 'Authorization': 'Bearer y', 'username': 'demo',
        'nested': [{'msg': 'key is %s' % KEY, 'token': TOKEN}, ('t', TOKEN)],
        'count': 3, 'empty_token': None,
    }
    snapshot = copy.deepcopy(original)
    out = red.obj(original)
    assert original == snapshot
    assert out['apiKey'] == out['api_key'] == out['Authorization'] == MASK
    assert out['username'] == 'demo' and out['count'] == 3
    assert out['nested'][0] == {'msg': 'key is %s' % MASK, 'token': MASK}
    assert out['nested'][1] == ['t', MASK]
    assert KEY not in repr(out) and TOKEN not in repr(out)


def test_added_secret_is_masked_and_longest_first():
    red = Redactor(['abc'])
    red.add('abcdef')
    assert red.text('x abcdef y abc') == 'x %s y %s' % (MASK, MASK)
    red.add(None)
    red.add('')
    assert red.text(None) is None
