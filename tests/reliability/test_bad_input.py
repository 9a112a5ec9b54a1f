# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Bad input across the modules: each case fails with one clear message naming the field/rule or the API's words.

Cases that can be caught locally make zero requests (checked in the simulator's journal); cases only the
API can judge make no write unless the write itself is what the API rejects. The modules run in-process
(patch_module_args + main()); test_playbook_bad_input runs a handful through ansible-playbook.
"""

from __future__ import annotations

import os
import socket

import pytest
import requests

from ansible_collections.ozonetel.cloudagent.plugins.module_utils.summary import MAX_MESSAGE

from ansible_collections.ozonetel.cloudagent.tests.reliability import bad_input_table
from ansible_collections.ozonetel.cloudagent.tests.reliability.rel_harness import (
    DEMO_KEY, TOKEN_KEY, TOKEN_USER, connection, module_by_name, run_module, run_playbook)

PHONE = {'name': 'RelP1', 'number': '9876543210'}
GROUP = {'name': 'RelG1', 'description': 'reliability', 'expiry': '2031-12-31 00:00:00', 'numbers': ['9876543210']}
DIDS = {'campaign': 'Inbound_Sales', 'dynamic_dids': ['8040000001'], 'fallback_dids': ['8040000002']}
TINY = {'username': 'tiny_user', 'api_key': 'KKtiny00000000000000000000000003'}
NODID = {'username': 'nodid_user', 'api_key': 'KKnodid0000000000000000000000004'}
INFO = ('cloudagent_campaign_info', 'cloudagent_phone_info')  # no ledger option

ZERO, READS, WRITES = 'zero requests', 'reads only', 'writes'


def p(**kw):
    return dict(PHONE, **kw)


def g(**kw):
    return dict(GROUP, **kw)


def d(**kw):
    return dict(DIDS, **kw)


# (id, module, args, words the message must contain, what may reach the server)
CASES = [
    # ---- cloudagent_phone: numbers and names
    ('phone-number-letters', 'cloudagent_phone', p(number='abc'), ["number: 'abc' is not a phone number"], ZERO),
    ('phone-number-short', 'cloudagent_phone', p(number='12'), ['number:', '3 to 17 digits'], ZERO),
    ('phone-number-long', 'cloudagent_phone', p(number='1' * 18), ['number:', '3 to 17 digits'], ZERO),
    ('phone-number-plus-inside', 'cloudagent_phone', p(number='98+76543210'), ['number:', 'optional leading +'], ZERO),
    ('phone-name-space', 'cloudagent_phone', p(name='bad name'), ["name: 'bad name' is not a valid phone name"], ZERO),
    ('phone-name-one-char', 'cloudagent_phone', p(name='a'), ['name:', '2 to 50'], ZERO),
    ('phone-name-51-chars', 'cloudagent_phone', p(name='a' * 51), ['name:', '2 to 50'], ZERO),
    ('phone-name-special-start', 'cloudagent_phone', p(name='_abc'), ['name:', 'not starting or ending with a special'], ZERO),
    ('phone-number-missing', 'cloudagent_phone', {'name': 'RelP1'}, ['number: is required when state is present'], ZERO),
    ('phone-number-wrong-type', 'cloudagent_phone', {'phones': [{'name': 'RelP1', 'number': ['9876543210']}]},
     ['phones[0].number', 'is not a phone number'], ZERO),
    ('phone-skill-comma', 'cloudagent_phone', p(skills=['a,b']), ["skills[0]: 'a,b' is not a skill name"], ZERO),
    ('phone-bulk-duplicate-name', 'cloudagent_phone',
     {'phones': [p(), {'name': 'relp1', 'number': '9876543211'}]}, ["phones[1]: 'relp1' appears twice"], ZERO),
    ('phone-bulk-duplicate-number', 'cloudagent_phone',
     {'phones': [p(), {'name': 'RelP2', 'number': '98765-43210'}]}, ['phones[1].number', 'also the number of phones[0]'], ZERO),
    ('phone-bulk-same-number-other-spelling', 'cloudagent_phone',
     {'phones': [p(), {'name': 'RelP2', 'number': '+919876543210'}]},
     ["phones[1].number: '+919876543210' is also the number of phones[0]"], ZERO),
    ('phone-bulk-many-problems', 'cloudagent_phone',
     {'phones': [{'name': 'x', 'number': 'y'}, {'name': 'RelP2', 'number': '1'}]},
     ['Invalid input (3 problems: phones[0].name, phones[0].number, phones[1].number)', 'phones[0].number', 'phones[1].number'], ZERO),
    ('phone-rename-absent', 'cloudagent_phone', p(state='absent', rename_from='Old1'), ['rename_from: cannot be used with state absent'], ZERO),
    ('phone-name-and-phones', 'cloudagent_phone', dict(PHONE, phones=[p()]), ['mutually exclusive: name|phones'], ZERO),
    ('phone-neither', 'cloudagent_phone', {'number': '9876543210'}, ['one of the following is required: name, phones'], ZERO),
    ('phone-state-unknown', 'cloudagent_phone', p(state='gone'), ['state must be one of: present, absent'], ZERO),
    ('phone-flavor-unknown', 'cloudagent_phone', p(api_flavor='v3'), ['api_flavor must be one of: current, legacy'], ZERO),
    ('phone-items-not-dicts', 'cloudagent_phone', {'phones': ['RelP1']}, ['dictionary requested'], ZERO),
    ('phone-unknown-option', 'cloudagent_phone', p(bogus=1), ['Unsupported parameters', 'bogus'], ZERO),
    ('phone-unknown-skill', 'cloudagent_phone', p(skills=['NoSuchSkill']),
     ['rejected skills', 'NoSuchSkill', 'failed to insert skills please pass the valid skills'], WRITES),
    ('phone-limit-exceeded', 'cloudagent_phone',
     dict(TINY, phones=[{'name': 'Tiny%d' % i, 'number': '987654321%d' % i} for i in range(4)]),
     ['1 of 4 phones failed', 'Phone Number Limit Exceeded'], WRITES),
    # ---- numbers YAML read as integers (unquoted): refused, never converted
    ('phone-number-yaml-octal', 'cloudagent_phone', p(number=0o4412345670),
     ['number: is the integer 606718904, not a string', '04412345670 unquoted is octal', 'quote the number'], ZERO),
    ('phone-number-yaml-int', 'cloudagent_phone', p(number=9876543210), ['number: is the integer 9876543210', 'quote'], ZERO),
    ('phone-number-yaml-plus-dropped', 'cloudagent_phone', p(number=919876500201),
     ['number: is the integer 919876500201', 'a leading + is dropped'], ZERO),
    ('phone-number-yaml-float', 'cloudagent_phone', p(number=98765.4321), ['number: is the float 98765.4321', 'quote'], ZERO),
    ('phone-bulk-number-yaml-int', 'cloudagent_phone', {'phones': [p(), {'name': 'RelP2', 'number': 9876543211}]},
     ['phones[1].number: is the integer 9876543211'], ZERO),
    ('block-number-yaml-int', 'cloudagent_blocklist', g(numbers=['9876543210', 9876543211]),
     ['numbers[1]: is the integer 9876543211', 'quote'], ZERO),
    ('block-bulk-number-yaml-octal', 'cloudagent_blocklist', {'blocklists': [g(numbers=[0o4412345670])]},
     ['blocklists[0].numbers[0]: is the integer 606718904'], ZERO),
    ('block-many-numbers-yaml-int', 'cloudagent_blocklist', g(numbers=[9876500000 + i for i in range(300)]),
     ['Invalid input (300 problems: numbers[0], numbers[1]', '294 more', 'numbers[0]: is the integer 9876500000',
      '(all in errors)'], ZERO),
    ('did-dynamic-yaml-int', 'cloudagent_did', d(dynamic_dids=[8040000001]), ['dynamic_dids[0]: is the integer 8040000001'], ZERO),
    ('did-fallback-yaml-octal', 'cloudagent_did', d(fallback_dids=[0o4412345670]),
     ['fallback_dids[0]: is the integer 606718904', 'octal'], ZERO),
    ('did-bulk-yaml-int', 'cloudagent_did', {'campaigns': [d(dynamic_dids=['8040000001', 8040000003])]},
     ['campaigns[0].dynamic_dids[1]: is the integer 8040000003'], ZERO),
    ('phone-info-number-yaml-int', 'cloudagent_phone_info', {'numbers': [9876543210]},
     ['numbers[0]: is the integer 9876543210', 'quote'], ZERO),
    # ---- accepted nonsense: refused now
    ('conn-parallel-zero', 'cloudagent_phone', p(parallel=0), ['parallel: must be 1 or more, got 0'], ZERO),
    ('conn-parallel-negative', 'cloudagent_blocklist', g(parallel=-3), ['parallel: must be 1 or more, got -3'], ZERO),
    ('did-parallel-zero', 'cloudagent_did', d(parallel=0), ['parallel: must be 1 or more, got 0'], ZERO),
    ('phone-info-parallel-negative', 'cloudagent_phone_info', {'names': ['RelP1'], 'parallel': -1},
     ['parallel: must be 1 or more, got -1'], ZERO),
    ('block-expiry-past', 'cloudagent_blocklist', g(expiry='2020-01-01 00:00:00'),
     ["expiry: '2020-01-01 00:00:00' is in the past, so the numbers would never be blocked"], ZERO),
    ('block-bulk-expiry-past', 'cloudagent_blocklist', {'blocklists': [g(), g(name='RelG2', expiry='2021-06-30 12:00:00')]},
     ["blocklists[1].expiry: '2021-06-30 12:00:00' is in the past"], ZERO),
    # ---- connection options (shared by every module)
    ('conn-region-unknown', 'cloudagent_phone', p(region='eu'), ['region must be one of: in, intl, got: eu'], ZERO),
    ('conn-auth-mode-unknown', 'cloudagent_phone', p(auth_mode='oauth'), ['auth_mode must be one of: api_key, token'], ZERO),
    ('conn-base-url-scheme', 'cloudagent_phone', p(base_url='ftp://example.com'), ['base_url: must start with http:// or https://'], ZERO),
    ('conn-timeout-zero', 'cloudagent_did', d(timeout=0), ['timeout: must be a positive number'], ZERO),
    ('conn-retries-negative', 'cloudagent_blocklist', g(retries=-1), ['retries: must be 0 or more'], ZERO),
    ('conn-validate-certs-word', 'cloudagent_phone', p(validate_certs='maybe'), ['validate_certs: expected true, false or the path'], ZERO),
    ('conn-api-key-missing', 'cloudagent_phone', p(api_key=None), ['api_key: required'], ZERO),
    ('conn-parallel-type', 'cloudagent_phone', p(parallel='many'), ["argument 'parallel'", 'int'], ZERO),
    ('conn-wrong-key', 'cloudagent_phone', p(api_key='KKwrong0000000000000000000000000'), ['userName or apiKey not valid', 'auth_failed'], READS),
    ('conn-unknown-user', 'cloudagent_blocklist', g(username='nobody_here'), ['Authentication failed'], WRITES),
    ('conn-token-mode-on-basic-account', 'cloudagent_phone', p(auth_mode='token'),
     ['Invalid action.', "auth_mode=token does not match the account's API Authentication setting"], READS),
    ('conn-key-mode-on-token-account', 'cloudagent_phone', p(username=TOKEN_USER, api_key=TOKEN_KEY),
     ['Invalid action.', "auth_mode=api_key does not match the account's API Authentication setting"], READS),
    ('conn-bad-token-option', 'cloudagent_phone', p(username=TOKEN_USER, api_key=TOKEN_KEY, auth_mode='token', token='not-a-real-token'),
     ['Invalid Token', 'the token option was rejected'], READS),
    # ---- cloudagent_blocklist
    ('block-number-letters', 'cloudagent_blocklist', g(numbers=['abc']), ["numbers[0]: 'abc' is not a blockable number"], ZERO),
    ('block-number-short', 'cloudagent_blocklist', g(numbers=['12345']), ["numbers[0]: '12345' is not a blockable number"], ZERO),
    ('block-number-11-digits', 'cloudagent_blocklist', g(numbers=['19876543210']), ['numbers[0]', 'not a blockable number'], ZERO),
    ('block-one-bad-among-many', 'cloudagent_blocklist', g(numbers=['98765%05d' % i for i in range(150)] + ['x1']),
     ['numbers[150]', "'x1'"], ZERO),
    ('block-expiry-month-13', 'cloudagent_blocklist', g(expiry='2031-13-01 00:00:00'), ['expiry:', 'YYYY-MM-DD HH:MM:SS'], ZERO),
    ('block-expiry-format', 'cloudagent_blocklist', g(expiry='31/12/2031'), ["expiry: '31/12/2031' is not a date"], ZERO),
    ('block-name-short', 'cloudagent_blocklist', g(name='G'), ["name: 'G' must be 2 to 50 characters long"], ZERO),
    ('block-description-long', 'cloudagent_blocklist', g(description='d' * 51), ['description:', '2 to 50 characters'], ZERO),
    ('block-absent-no-numbers', 'cloudagent_blocklist', {'name': 'RelG1', 'state': 'absent'}, ['cannot delete a whole group'], ZERO),
    ('block-purge-no-numbers', 'cloudagent_blocklist', {'name': 'RelG1', 'purge': True, 'description': 'dd', 'expiry': '2031-12-31 00:00:00'},
     ['purge: purge=true needs numbers'], ZERO),
    ('block-create-needs-description', 'cloudagent_blocklist', {'name': 'RelG1', 'numbers': ['9876543210']},
     ['requires description and expiry on create'], ZERO),
    ('block-bulk-duplicate', 'cloudagent_blocklist', {'blocklists': [g(), g(name='relg1')]}, ["blocklists[1]: 'relg1' appears twice"], ZERO),
    ('block-name-and-bulk', 'cloudagent_blocklist', dict(GROUP, blocklists=[g()]), ['mutually exclusive'], ZERO),
    # ---- cloudagent_did
    ('did-lists-missing', 'cloudagent_did', {'campaign': 'Inbound_Sales'}, ['Invalid input (2 problems: dynamic_dids, fallback_dids)', 'dynamic_dids:'], ZERO),
    ('did-empty-list', 'cloudagent_did', d(dynamic_dids=[]), ['dynamic_dids: must be a non-empty list'], ZERO),
    ('did-duplicate', 'cloudagent_did', d(dynamic_dids=['8040000001', '804-000-0001']), ["dynamic_dids[1]: '804-000-0001' is listed twice"], ZERO),
    ('did-letters', 'cloudagent_did', d(fallback_dids=['80400x']), ["fallback_dids[0]: '80400x' is not a phone number"], ZERO),
    ('did-campaign-blank', 'cloudagent_did', d(campaign='   '), ['campaign: must not be empty'], ZERO),
    ('did-bulk-duplicate', 'cloudagent_did', {'campaigns': [d(), d(campaign='inbound_sales')]}, ["campaigns[1]: 'inbound_sales' appears twice"], ZERO),
    ('did-conflicting-forms', 'cloudagent_did', dict(DIDS, campaigns=[d()]), ['mutually exclusive'], ZERO),
    ('did-campaign-unknown', 'cloudagent_did', d(campaign='No_Such_Campaign'), ["campaign 'No_Such_Campaign' not found"], READS),
    ('did-campaign-ambiguous', 'cloudagent_did', d(campaign='Dup_Name'), ["campaign 'Dup_Name' is ambiguous", "'dup_name' (id 105)"], READS),
    ('did-not-on-account', 'cloudagent_did', d(dynamic_dids=['8049999999']),
     ['Please enter the Valid DIDs assigned to the account.', 'sent: 8049999999'], WRITES),
    ('did-fallback-not-on-account', 'cloudagent_did', d(fallback_dids=['8049999998']),
     ['Please enter the Valid FallbackDIDs assigned to the account.'], WRITES),
    ('did-feature-off', 'cloudagent_did', dict(DIDS, **NODID), ['Dynamic DID for Campaign is not enabled for this account.'], WRITES),
    # ---- more phone numbers and names
    ('phone-number-empty', 'cloudagent_phone', p(number=''), ["number: '' is not a phone number"], ZERO),
    ('phone-number-blank', 'cloudagent_phone', p(number='   '), ['number:', 'is not a phone number'], ZERO),
    ('phone-number-plus-only', 'cloudagent_phone', p(number='+'), ["number: '+' is not a phone number"], ZERO),
    ('phone-number-double-plus', 'cloudagent_phone', p(number='++9876543210'), ['number:', 'optional leading +'], ZERO),
    ('phone-number-devanagari-digits', 'cloudagent_phone', p(number='\u096f\u096e\u096d\u096c\u096b\u096a\u0969\u0968\u0967\u0966'),
     ['number:', 'is not a phone number'], ZERO),
    ('phone-number-arabic-digits', 'cloudagent_phone', p(number='\u0669\u0668\u0667\u0666\u0665\u0664\u0663\u0662\u0661\u0660'),
     ['number:', 'is not a phone number'], ZERO),
    ('phone-number-letters-inside', 'cloudagent_phone', p(number='98765abc10'), ["number: '98765abc10' is not a phone number"], ZERO),
    ('phone-number-slash', 'cloudagent_phone', p(number='98765/43210'), ['number:', 'is not a phone number'], ZERO),
    ('phone-number-extension', 'cloudagent_phone', p(number='9876543210 ext 12'), ['number:', 'is not a phone number'], ZERO),
    ('phone-number-dict', 'cloudagent_phone', p(number={'n': '1'}), ['number:', 'is not a phone number'], ZERO),
    ('phone-number-trailing-plus', 'cloudagent_phone', p(number='9876543210+'), ['number:', 'optional leading +'], ZERO),
    ('phone-name-empty', 'cloudagent_phone', p(name=''), ["name: '' is not a valid phone name"], ZERO),
    ('phone-name-accent', 'cloudagent_phone', p(name='d\u00e9sk-1'), ['name:', 'is not a valid phone name'], ZERO),
    ('phone-name-trailing-dash', 'cloudagent_phone', p(name='desk-'), ['name:', 'not starting or ending with a special'], ZERO),
    ('phone-name-comma', 'cloudagent_phone', p(name='desk,1'), ['name:', 'is not a valid phone name'], ZERO),
    ('phone-name-tab', 'cloudagent_phone', p(name='desk\t1'), ['name:', 'is not a valid phone name'], ZERO),
    ('phone-name-slash', 'cloudagent_phone', p(name='desk/1'), ['name:', 'is not a valid phone name'], ZERO),
    ('phone-skill-empty', 'cloudagent_phone', p(skills=['']), ["skills[0]: '' is not a skill name"], ZERO),
    ('phone-skill-blank', 'cloudagent_phone', p(skills=['ok', '  ']), ['skills[1]:', 'must be non-empty'], ZERO),
    ('phone-skills-with-absent', 'cloudagent_phone', p(state='absent', skills=['a']),
     ['skills: cannot be used with state absent'], ZERO),
    ('phone-rename-bad-name', 'cloudagent_phone', p(rename_from='old name'), ['rename_from:', 'is not a valid phone name'], ZERO),
    ('phone-bulk-rename-clash', 'cloudagent_phone',
     {'phones': [p(rename_from='Old1'), {'name': 'RelP2', 'number': '9876543211', 'rename_from': 'old1'}]},
     ['phones[1].rename_from', 'is also the rename_from of phones[0]'], ZERO),
    ('phone-bulk-name-empty', 'cloudagent_phone', {'phones': [{'name': '', 'number': '9876543210'}]},
     ["phones[0].name: '' is not a valid phone name"], ZERO),
    ('phone-bulk-name-missing', 'cloudagent_phone', {'phones': [{'number': '9876543210'}]},
     ['missing required arguments: name', 'phones'], ZERO),
    ('phone-bulk-unknown-key', 'cloudagent_phone', {'phones': [p(bogus='x')]}, ['Unsupported parameters', 'bogus'], ZERO),
    ('phone-bulk-state-unknown', 'cloudagent_phone', {'phones': [p(state='gone')]}, ['state must be one of: present, absent'], ZERO),
    ('phone-bulk-number-missing', 'cloudagent_phone', {'phones': [{'name': 'RelP1'}]},
     ['phones[0].number: is required when state is present'], ZERO),
    ('phone-bulk-300-bad-numbers', 'cloudagent_phone', {'phones': [{'name': 'Bad%03d' % i, 'number': 'x%d' % i} for i in range(300)]},
     ['Invalid input (300 problems: phones[0].number', '(all in errors)'], ZERO),
    ('phone-force-word', 'cloudagent_phone', p(force='maybe'), ["argument 'force'", 'bool'], ZERO),
    ('phone-parallel-float', 'cloudagent_phone', p(parallel=2.5), ["argument 'parallel'", 'int'], ZERO),
    # ---- more connection options
    ('conn-username-blank', 'cloudagent_phone', p(username='   '), ['username: must not be empty'], ZERO),
    ('conn-username-blank-did', 'cloudagent_did', d(username=''), ['username:'], ZERO),
    ('conn-base-url-no-scheme', 'cloudagent_phone', p(base_url='in1-ccaas-api.ozonetel.com'),
     ["base_url: must start with http:// or https://, got 'in1-ccaas-api.ozonetel.com'"], ZERO),
    ('conn-base-url-inner-space', 'cloudagent_blocklist', g(base_url='https://in1 ccaas-api.ozonetel.com'),
     ['base_url: must not contain spaces'], ZERO),
    ('conn-base-url-scheme-did', 'cloudagent_did', d(base_url='ws://example.com'), ['base_url: must start with http://'], ZERO),
    ('conn-timeout-negative', 'cloudagent_phone', p(timeout=-5), ['timeout: must be a positive number of seconds'], ZERO),
    ('conn-timeout-word', 'cloudagent_phone', p(timeout='soon'), ["argument 'timeout'", 'float'], ZERO),
    ('conn-retries-word', 'cloudagent_did', d(retries='many'), ["argument 'retries'", 'int'], ZERO),
    ('conn-retries-negative-phone', 'cloudagent_phone', p(retries=-2), ['retries: must be 0 or more'], ZERO),
    ('conn-validate-certs-missing-file', 'cloudagent_blocklist', g(validate_certs='/nonexistent/ca-bundle.pem'),
     ["validate_certs: expected true, false or the path of an existing CA bundle file, got '/nonexistent/ca-bundle.pem'"], ZERO),
    ('conn-validate-certs-word-did', 'cloudagent_did', d(validate_certs='strict'), ['validate_certs: expected true, false'], ZERO),
    ('conn-token-mode-no-token-no-key', 'cloudagent_phone', p(auth_mode='token', api_key=None), ['api_key: required'], ZERO),
    ('conn-api-key-missing-blocklist', 'cloudagent_blocklist', g(api_key=None), ['api_key: required'], ZERO),
    ('conn-api-key-missing-did', 'cloudagent_did', d(api_key=None), ['api_key: required'], ZERO),
    ('conn-region-unknown-did', 'cloudagent_did', d(region='us'), ['region must be one of: in, intl'], ZERO),
    ('conn-auth-mode-unknown-blocklist', 'cloudagent_blocklist', g(auth_mode='basic'), ['auth_mode must be one of'], ZERO),
    ('conn-ledger-scheme', 'cloudagent_blocklist', g(ledger='ftp://example.com/ledger'),
     ["ledger: unsupported location 'ftp://example.com/ledger'"], ZERO),
    ('conn-ledger-is-a-file', 'cloudagent_blocklist', g(ledger='/etc/passwd'), ['exists and is not a directory'], ZERO),
    ('conn-unknown-option-did', 'cloudagent_did', d(bogus=True), ['Unsupported parameters', 'bogus'], ZERO),
    # ---- more block groups
    ('block-number-plus-7-digits', 'cloudagent_blocklist', g(numbers=['+1234567']), ["numbers[0]: '+1234567' is not a blockable number"], ZERO),
    ('block-number-plus-16-digits', 'cloudagent_blocklist', g(numbers=['+' + '1' * 16]), ['numbers[0]', 'not a blockable number'], ZERO),
    ('block-number-91-plus-9', 'cloudagent_blocklist', g(numbers=['91987654321']), ['numbers[0]', 'not a blockable number'], ZERO),
    ('block-number-empty', 'cloudagent_blocklist', g(numbers=['']), ["numbers[0]: '' is not a blockable number"], ZERO),
    ('block-number-arabic-digits', 'cloudagent_blocklist', g(numbers=['\u0669\u0668\u0667\u0666\u0665\u0664\u0663\u0662\u0661\u0660']),
     ['numbers[0]', 'not a blockable number'], ZERO),
    ('block-number-plus-inside', 'cloudagent_blocklist', g(numbers=['98765+43210']), ['numbers[0]', 'not a blockable number'], ZERO),
    ('block-number-9-digits', 'cloudagent_blocklist', g(numbers=['987654321']), ['numbers[0]', 'not a blockable number'], ZERO),
    ('block-description-short', 'cloudagent_blocklist', g(description='d'), ["description: 'd' must be 2 to 50 characters long"], ZERO),
    ('block-name-long', 'cloudagent_blocklist', g(name='n' * 51), ['name:', 'must be 2 to 50 characters long'], ZERO),
    ('block-name-blank', 'cloudagent_blocklist', g(name='   '), ['name:', 'must be 2 to 50 characters long'], ZERO),
    ('block-expiry-feb-30', 'cloudagent_blocklist', g(expiry='2031-02-30 00:00:00'), ["expiry: '2031-02-30 00:00:00' is not a date"], ZERO),
    ('block-expiry-date-only', 'cloudagent_blocklist', g(expiry='2031-12-31'), ["expiry: '2031-12-31' is not a date in the form"], ZERO),
    ('block-expiry-iso-t', 'cloudagent_blocklist', g(expiry='2031-12-31T00:00:00'), ['expiry:', 'YYYY-MM-DD HH:MM:SS'], ZERO),
    ('block-expiry-hour-24', 'cloudagent_blocklist', g(expiry='2031-12-31 24:00:00'), ['expiry:', 'is not a date'], ZERO),
    ('block-expiry-word', 'cloudagent_blocklist', g(expiry='never'), ["expiry: 'never' is not a date"], ZERO),
    ('block-expiry-yaml-int', 'cloudagent_blocklist', g(expiry=20311231), ['expiry:', 'is not a date'], ZERO),
    ('block-purge-with-absent', 'cloudagent_blocklist', g(state='absent', purge=True),
     ['purge: applies to state=present only'], ZERO),
    ('block-state-unknown', 'cloudagent_blocklist', g(state='gone'), ['state must be one of: present, absent'], ZERO),
    ('block-bulk-name-missing', 'cloudagent_blocklist', {'blocklists': [{'numbers': ['9876543210']}]},
     ['missing required arguments: name', 'blocklists'], ZERO),
    ('block-bulk-bad-number', 'cloudagent_blocklist', {'blocklists': [g(numbers=['9876543210', 'x'])]},
     ["blocklists[0].numbers[1]: 'x' is not a blockable number"], ZERO),
    ('block-bulk-300-bad-numbers', 'cloudagent_blocklist', g(numbers=['x%d' % i for i in range(300)]),
     ['Invalid input (300 problems: numbers[0], numbers[1]', '(all in errors)'], ZERO),
    ('block-bulk-unknown-key', 'cloudagent_blocklist', {'blocklists': [g(colour='red')]}, ['Unsupported parameters', 'colour'], ZERO),
    ('block-force-word', 'cloudagent_blocklist', g(force='sometimes'), ["argument 'force'", 'bool'], ZERO),
    ('block-create-needs-expiry', 'cloudagent_blocklist', {'name': 'RelG1', 'numbers': ['9876543210'], 'description': 'dd'},
     ['requires expiry on create'], ZERO),
    ('block-bulk-create-needs-description', 'cloudagent_blocklist',
     {'blocklists': [{'name': 'RelG9', 'numbers': ['9876543210'], 'expiry': '2031-12-31 00:00:00'}]},
     ['requires description on create'], ZERO),
    # ---- more dynamic DIDs
    ('did-dynamic-plus-inside', 'cloudagent_did', d(dynamic_dids=['80+40000001']), ['dynamic_dids[0]:', 'is not a phone number'], ZERO),
    ('did-dynamic-short', 'cloudagent_did', d(dynamic_dids=['12']), ["dynamic_dids[0]: '12' is not a phone number"], ZERO),
    ('did-fallback-empty-list', 'cloudagent_did', d(fallback_dids=[]), ['fallback_dids: must be a non-empty list'], ZERO),
    ('did-fallback-duplicate', 'cloudagent_did', d(fallback_dids=['8040000002', '8040000002']),
     ["fallback_dids[1]: '8040000002' is listed twice"], ZERO),
    ('did-dynamic-devanagari', 'cloudagent_did', d(dynamic_dids=['\u096e\u0966\u096a\u0966\u0966\u0966\u0966\u0966\u0966\u0967']),
     ['dynamic_dids[0]:', 'is not a phone number'], ZERO),
    ('did-dynamic-empty-string', 'cloudagent_did', d(dynamic_dids=['']), ["dynamic_dids[0]: '' is not a phone number"], ZERO),
    ('did-campaign-missing', 'cloudagent_did', {'dynamic_dids': ['8040000001'], 'fallback_dids': ['8040000002']},
     ['one of the following is required: campaign, campaigns'], ZERO),
    ('did-bulk-campaign-blank', 'cloudagent_did', {'campaigns': [d(campaign='')]}, ['campaigns[0].campaign: must not be empty'], ZERO),
    ('did-bulk-lists-missing', 'cloudagent_did', {'campaigns': [{'campaign': 'Inbound_Sales'}]},
     ['campaigns[0].dynamic_dids:', 'campaigns[0].fallback_dids:'], ZERO),
    ('did-bulk-unknown-key', 'cloudagent_did', {'campaigns': [d(dids=['1'])]}, ['Unsupported parameters', 'dids'], ZERO),
    ('did-force-word', 'cloudagent_did', d(force='perhaps'), ["argument 'force'", 'bool'], ZERO),
    ('did-bulk-many-bad', 'cloudagent_did', {'campaigns': [d(campaign='C%03d' % i, dynamic_dids=['x']) for i in range(40)]},
     ['Invalid input (40 problems: campaigns[0].dynamic_dids[0]', '(all in errors)'], ZERO),
    ('did-items-not-dicts', 'cloudagent_did', {'campaigns': ['Inbound_Sales']}, ['dictionary requested'], ZERO),
    # ---- known-state store modules
    ('ledger-kind-unknown', 'cloudagent_ledger', {'kind': 'campaign', 'identity': 'x', 'desired': {}}, ['kind must be one of'], ZERO),
    ('ledger-identity-missing', 'cloudagent_ledger', {'kind': 'phone', 'desired': {}}, ['missing required arguments: identity'], ZERO),
    ('ledger-desired-missing', 'cloudagent_ledger', {'kind': 'phone', 'identity': 'desk-1'},
     ['state is present but all of the following are missing: desired'], ZERO),
    ('ledger-desired-holds-key', 'cloudagent_ledger', {'kind': 'phone', 'identity': 'desk-1', 'desired': {'apiKey': 'abc'}},
     ['records never hold credentials'], ZERO),
    ('ledger-state-unknown', 'cloudagent_ledger', {'kind': 'phone', 'identity': 'desk-1', 'state': 'gone'},
     ['state must be one of: present, absent'], ZERO),
    ('ledger-info-kind-unknown', 'cloudagent_ledger_info', {'kind': 'campaign'}, ['kind must be one of'], ZERO),
    ('ledger-info-ledger-scheme', 'cloudagent_ledger_info', {'ledger': 'http://example.com'}, ['ledger: unsupported location'], ZERO),
    # ---- info modules
    ('campaign-info-empty-name', 'cloudagent_campaign_info', {'names': ['']}, ['names[0]: must not be empty'], ZERO),
    ('phone-info-bad-name', 'cloudagent_phone_info', {'names': ['bad name']}, ['names[0]', 'bad name'], ZERO),
    ('phone-info-bad-number', 'cloudagent_phone_info', {'numbers': ['abc']}, ["numbers[0]: 'abc' is not a phone number"], ZERO),
    ('phone-info-neither', 'cloudagent_phone_info', {}, ['one of the following is required: names, numbers'], ZERO),
    ('phone-info-empty-name', 'cloudagent_phone_info', {'names': ['']}, ["names[0]: '' is not a valid phone name"], ZERO),
    ('phone-info-many-bad-names', 'cloudagent_phone_info', {'names': ['bad name %d' % i for i in range(50)]},
     ['Invalid input (50 problems: names[0], names[1]', '(all in errors)'], ZERO),
    ('phone-info-unknown-option', 'cloudagent_phone_info', {'names': ['RelP1'], 'colour': 'red'}, ['Unsupported parameters', 'colour'], ZERO),
    ('phone-info-base-url-scheme', 'cloudagent_phone_info', {'names': ['RelP1'], 'base_url': 'example.com'},
     ['base_url: must start with http://'], ZERO),
    ('campaign-info-blank-name', 'cloudagent_campaign_info', {'names': ['   ']}, ['names[0]: must not be empty'], ZERO),
    ('campaign-info-many-empty', 'cloudagent_campaign_info', {'names': [''] * 30},
     ['Invalid input (30 problems: names[0], names[1]', '(all in errors)'], ZERO),
    ('campaign-info-unknown-option', 'cloudagent_campaign_info', {'names': ['x'], 'bogus': 1}, ['Unsupported parameters', 'bogus'], ZERO),
    ('campaign-info-api-key-missing', 'cloudagent_campaign_info', {'names': ['x'], 'api_key': None}, ['api_key: required'], ZERO),
]


@pytest.fixture
def nodid_campaign(sim):
    """nodid_user has no campaigns in the fixture: give it one, so the DID endpoint itself answers."""
    state = sim.state()
    user = next(u for u in state['users'] if u['userName'] == 'nodid_user')
    user['campaigns'] = [{'CampaignID': 401, 'CampaignName': 'Inbound_Sales', 'Position': 'READY'}]
    sim.set_state(state)
    return sim


def _args(sim, ledger_dir, module_name, args):
    base = connection(sim, ledger_dir, timeout=2, retries=1)
    if module_name in INFO:
        del base['ledger']
    base.update(args)
    return {k: v for k, v in base.items() if v is not None}


# Cases whose result leaks the api_key given as a task argument (see test_malformed_bulk_list_does_not_leak_the_key).
KNOWN_LEAKS = ('phone-items-not-dicts',)


def assert_one_clear_message(result, words, secrets=True):
    assert result.get('failed') is True, result
    msg = result['msg']
    assert '\n' not in msg and 'Traceback' not in msg and 'exception' not in result, result
    assert len(msg) <= MAX_MESSAGE, 'message of %d characters: %s' % (len(msg), msg)
    for word in words:
        assert word in msg, 'expected %r in the message: %s' % (word, msg)
    if secrets:
        assert DEMO_KEY not in str(result) and TOKEN_KEY not in str(result)


@pytest.mark.parametrize('case_id, module_name, args, words, reach', CASES, ids=[c[0] for c in CASES])
def test_bad_input(capsys, sim, nodid_campaign, ledger_dir, case_id, module_name, args, words, reach):
    del nodid_campaign
    module = module_by_name(module_name)
    result = run_module(capsys, module, _args(sim, ledger_dir, module_name, args))
    assert_one_clear_message(result, words, secrets=case_id not in KNOWN_LEAKS)
    journal = sim.journal()
    if reach == ZERO:
        assert journal == [], 'a locally detectable error reached the API: %r' % journal
        assert not any((result.get('api_requests') or {}).values()), result.get('api_requests')
    elif reach == READS:
        assert journal and sim.writes() == [], journal
    if reach != WRITES:
        written = [str(path) for path in ledger_dir.rglob('*') if path.is_file()] if ledger_dir.exists() else []
        assert written == [], 'the known-state store was written: %r' % written


def test_table_size():
    assert len(CASES) >= 150
    assert sum(1 for case in CASES if case[4] == ZERO) >= 130
    assert len({case[0] for case in CASES}) == len(CASES)  # ids are unique


def closed_port():
    with socket.socket() as probe:
        probe.bind(('127.0.0.1', 0))
        return probe.getsockname()[1]


def test_unreachable_url(capsys, ledger_dir, sim):
    module = module_by_name('cloudagent_phone')
    args = _args(sim, ledger_dir, 'cloudagent_phone', dict(PHONE, base_url='http://127.0.0.1:%d' % closed_port(), timeout=1))
    result = run_module(capsys, module, args)
    assert_one_clear_message(result, ['connection refused by 127.0.0.1 port', 'gave up after 2 attempts'])


def test_token_budget_exhausted(capsys, sim, ledger_dir):
    """Ten tokens minted this hour: the 11th is rate limited for ~an hour, beyond any retry budget; no write."""
    for _minted in range(10):
        answer = requests.post(sim.base_url + '/ca_apis/CAToken/generateToken', json={'userName': TOKEN_USER},
                               headers={'apiKey': TOKEN_KEY}, timeout=5)
        assert 'token' in answer.json()
    sim.clear_journal()
    module = module_by_name('cloudagent_phone')
    args = _args(sim, ledger_dir, 'cloudagent_phone', dict(PHONE, username=TOKEN_USER, api_key=TOKEN_KEY, auth_mode='token'))
    result = run_module(capsys, module, args)
    assert_one_clear_message(result, ['generate token', 'Max limit exceeded', 'more than the remaining retry budget'])
    assert [e['kind'] for e in sim.journal()] == ['token']  # asked once, not hammered; nothing else sent
    sim.advance_clock(3601)
    sim.clear_journal()
    result = run_module(capsys, module, args)
    assert result.get('failed') is not True and result['changed'] is True, result
    assert [e['kind'] for e in sim.journal()][0] == 'token'


def test_playbook_bad_input(sim, tmp_path):
    """A handful of the table through ansible-playbook: the same one-line messages reach the user."""
    picked = ['phone-number-letters', 'block-expiry-format', 'did-campaign-ambiguous', 'conn-region-unknown', 'conn-wrong-key']
    cases = [case for case in CASES if case[0] in picked]
    for name in sorted({case[1] for case in cases}):
        module_by_name(name)
    tasks = []
    for _cid, module_name, args, _words, _reach in cases:
        task_args = dict(args)
        task_args.update(base_url=sim.base_url, username='demo_user', timeout=2, retries=1)
        task_args.setdefault('api_key', DEMO_KEY)
        tasks.append({'name': _cid, 'ozonetel.cloudagent.%s' % module_name: task_args})
    run = run_playbook(tmp_path, tasks)
    assert run.results is not None, run.stdout + run.stderr
    for (cid, _m, _a, words, _r), result in zip(cases, run.results):
        assert result.get('failed') is True, (cid, result)
        for word in words:
            assert word in result['msg'], (cid, word, result['msg'])
    assert sim.writes() == []


@pytest.mark.parametrize('module_name, option', [('cloudagent_phone', 'phones'), ('cloudagent_blocklist', 'blocklists'),
                                                 ('cloudagent_did', 'campaigns')])
def test_malformed_bulk_list_does_not_leak_the_key(capsys, sim, ledger_dir, module_name, option):
    module = module_by_name(module_name)
    result = run_module(capsys, module, _args(sim, ledger_dir, module_name, {option: ['just-a-name']}))
    assert result.get('failed') is True and sim.journal() == []
    assert DEMO_KEY not in str(result), 'api_key leaked in the failure result: %r' % result.get('invocation')


def test_troubleshooting_table_is_current():
    """docs/troubleshooting.md lists every case of this file (BAD_INPUT_WRITE_DOCS=1 rewrites it)."""
    if os.environ.get('BAD_INPUT_WRITE_DOCS') == '1':
        bad_input_table.write(CASES)
    with open(bad_input_table.PAGE, encoding='utf-8') as handle:
        section = bad_input_table.current_section(handle.read())
    assert section == bad_input_table.render(CASES), (
        'docs/troubleshooting.md is out of date with CASES: run BAD_INPUT_WRITE_DOCS=1 .venv/bin/python -m pytest '
        'tests/reliability/test_bad_input.py -k troubleshooting_table')


def test_many_rejected_numbers_are_summarised(capsys, sim, ledger_dir, monkeypatch):
    """300 numbers the server refuses (one line of 49,118 characters before): count, the first few, and
    where the full list is; the numbers the server took are applied and recorded."""
    from cloudagent_sim.handlers import blocklist as sim_blocklist  # pylint: disable=import-outside-toplevel
    good = ['+91%010d' % (9100000000 + i) for i in range(20)]
    bad = ['+91%010d' % (9200000000 + i) for i in range(300)]
    real = sim_blocklist.normalise_block_number
    refused = set(bad)
    monkeypatch.setattr(sim_blocklist, 'normalise_block_number', lambda raw: None if raw in refused else real(raw))
    module = module_by_name('cloudagent_blocklist')
    result = run_module(capsys, module, _args(sim, ledger_dir, 'cloudagent_blocklist', g(numbers=good + bad)))
    assert_one_clear_message(result, ['the server rejected 300 number(s): %s: rejected by' % bad[0],
                                      'more (all in blocklist.rejected)', '(20 number change(s) applied and recorded)'])
    assert result['blocklist']['rejected'] == bad and result['blocklist']['numbers'] == good
