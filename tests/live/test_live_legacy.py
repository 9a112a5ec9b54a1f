# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Assumption 25: the deprecated query-string API /CAServices/PhoneManageV2.php.

Runs only with CLOUDAGENT_LIVE_LEGACY=1: that API takes the API key in the URL's query string (over HTTPS,
but URLs tend to end up in server logs). It creates the suite's ca-live-legacy phone and deletes it again.
"""

from __future__ import annotations

from ansible_collections.ozonetel.cloudagent.tests.live.live_config import PREFIX

LEGACY = PREFIX + 'legacy'
SAVED = {'status': 'success', 'message': 'record inserted successfully'}


def test_legacy_phone_api(live):
    phones = live.phones
    with live.check('25') as check:
        if not live.config.legacy_opt_in:
            check.not_checked('sends the API key in a URL query string: set CLOUDAGENT_LIVE_LEGACY=1 to allow it')
        if not live.config.settings.api_key:
            check.not_checked('the legacy API needs CLOUDAGENT_API_KEY')
        number = phones.number(LEGACY)
        phones.make_room(LEGACY, number)
        phones.track(LEGACY, number)
        body = {'phoneNumber': number, 'phoneName': LEGACY}
        created = check.add(live.observe('legacy_phone_create', body, 'legacy create (GET, query string)'))
        check.expect(created.body == SAVED, 'create: expected %s; got %s' % (SAVED, created.short()))
        found = check.add(live.observe('phone_get', {'phoneNumber': number, 'phoneName': ''},
                                       'current API get of the phone the legacy API created'))
        check.expect(found.kind == 'success', 'the legacy create is not visible to the current API: %s' % found.short())
        deleted = check.add(live.observe('legacy_phone_delete', body, 'legacy delete'))
        check.expect(deleted.body == SAVED, 'delete: expected %s; got %s' % (SAVED, deleted.short()))
        again = check.add(live.observe('legacy_phone_delete', body, 'legacy delete of the missing phone'))
        current = check.add(live.observe('phone_delete', body, 'current API delete of the same missing phone'))
        check.expect(again.body == current.body, 'delete again: expected the current API\'s answer %s; got %s'
                     % (current.short(), again.short()))
        check.note('checked in auth_mode %s only (the account\'s mode)' % live.config.settings.auth_mode)
