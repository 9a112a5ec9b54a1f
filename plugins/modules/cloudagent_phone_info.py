#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
module: cloudagent_phone_info
short_description: Look up CloudAgent phone numbers by name or number
version_added: 0.1.0
description:
  - Looks phones up by name and/or by number with the C(/ca_apis/PhoneManageV2) C(get) action, one read per name or
    number, O(parallel) at a time over one HTTP session.
  - Phones that are not found are listed in RV(missing); they are not failures.
  - The API cannot read skills, so none are returned (see M(ozonetel.cloudagent.cloudagent_ledger_info) for the skills
    last applied by M(ozonetel.cloudagent.cloudagent_phone)).
extends_documentation_fragment: [ozonetel.cloudagent.connection, ozonetel.cloudagent.ledger, ozonetel.cloudagent.bulk,
                                 ozonetel.cloudagent.info_module]
options:
  names:
    description:
      - Phone names to look up (compared without regard to case).
      - At least one of O(names) and O(numbers) is required.
    type: list
    elements: str
  numbers:
    description:
      - Phone numbers to look up, digits with an optional leading C(+); spaces, C(-), C(.) and parentheses are removed.
      - Phones keep the number as it was written when they were created, so an Indian number is looked up in each
        of its spellings (10 digits, V(0) + 10, V(91) + 10, V(+91) + 10), the given one first, until one is found;
        V(+919876500201) finds the phone created as V(9876500201). RV(phones) shows the number as the server
        holds it. The other spellings cost a read each, only when the given one is not found.
    type: list
    elements: str
seealso:
  - module: ozonetel.cloudagent.cloudagent_phone
notes:
  - O(ledger) is accepted, so one C(module_defaults) group can serve every module, and not used - the module reads
    the API only (phone skills, which only the store knows, are not reported).
author:
  - ozonetel.cloudagent contributors (@ozonetel)
'''

EXAMPLES = r'''
- name: Which phones exist?
  ozonetel.cloudagent.cloudagent_phone_info:
    username: demo_user
    api_key: "{{ vault_cloudagent_api_key }}"
    names: [desk-101, desk-102]
    numbers: ["+919876543210"]
  register: lookup

- name: Show the phones that are missing
  ansible.builtin.debug:
    var: lookup.missing
'''

RETURN = r'''
phones:
  description:
    - The phones found, in the order asked (names first, then numbers), each once.
  returned: always
  type: list
  elements: dict
  contains:
    name:
      description: The phone's name as the server holds it.
      type: str
    number:
      description: The phone's number.
      type: str
  sample: [{name: desk-101, number: "+919876543210"}]
missing:
  description: What was not found, as C({name}) or C({number}) entries in the order asked.
  returned: always
  type: list
  elements: dict
  sample: [{name: desk-102}]
api_requests:
  description: How many HTTP requests the task made, by kind.
  returned: when a request was made
  type: dict
  sample: {read: 3, write: 0, token: 0}
'''


from ansible_collections.ozonetel.cloudagent.plugins.module_utils import engine, phone as api
from ansible_collections.ozonetel.cloudagent.plugins.module_utils.module import CloudAgentModule
from ansible_collections.ozonetel.cloudagent.plugins.module_utils.validate import (
    indian_spellings, name_key, number_key, phone_name, phone_number)


def _lookups(params):
    """[('name'|'number', canonical value)] without duplicates, or fail with every bad entry named."""
    problems = engine.Problems()
    lookups, seen = [], set()
    for field, rule, key in (('names', phone_name, name_key), ('numbers', phone_number, number_key)):
        for index, value in enumerate(params[field] or []):
            text = problems.check(rule, value, '%s[%d]' % (field, index))
            if text is not None and (field, key(text)) not in seen:
                seen.add((field, key(text)))
                lookups.append((field[:-1], text))
    return lookups, problems


def _find(client, field, value):
    """The phone by name, or by number under any spelling of it: phones keep the spelling they were created
    with, so +919876500201 finds the phone created as 9876500201 (the other spellings are read only on a miss)."""
    if field == 'name':
        return api.get_phone(client, name=value)
    for spelling in indian_spellings(value):
        found = api.get_phone(client, number=spelling)
        if found is not None:
            return found
    return None


def main():
    module = CloudAgentModule(
        argument_spec=engine.argument_spec({
            'names': {'type': 'list', 'elements': 'str'},
            'numbers': {'type': 'list', 'elements': 'str'},
        }),
        required_one_of=[('names', 'numbers')],
        supports_check_mode=True,
    )
    lookups, problems = _lookups(module.params)
    if problems:
        engine.finish(module, None, {'changed': False}, msg=problems.message(), errors=problems.messages)
    ctx = engine.Context(module, None)
    try:
        client = ctx.fail_on_setup_error(lambda: ctx.client)
        results = ctx.map(lambda lookup: _find(client, *lookup), lookups)
    finally:
        ctx.close()
    phones, missing, failures, seen = [], [], [], set()
    for (field, value), (found, error) in zip(lookups, results):
        if error is not None:
            failures.append('%s %s: %s' % (field, value, ctx.failure_text(error)))
        elif found is None:
            missing.append({field: value})
        elif found['number'] not in seen:
            seen.add(found['number'])
            phones.append(found)
    result = {'changed': False, 'phones': phones, 'missing': missing}
    failed = '%d of %d lookups failed: %s' % (len(failures), len(lookups), '; '.join(failures)) if failures else None
    engine.finish(module, ctx, result, msg=failed)


if __name__ == '__main__':
    main()
