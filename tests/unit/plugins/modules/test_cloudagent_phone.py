# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""cloudagent_phone (current flavor) against a real simulator: results, diffs, and the exact requests made."""

from __future__ import annotations

import json

import pytest

from ansible_collections.ozonetel.cloudagent.plugins.module_utils.ledger import LedgerKey, open_ledger
from ansible_collections.ozonetel.cloudagent.plugins.modules import cloudagent_phone
# run_module and clear_cloudagent_environment: kept for tests that call them directly
from ansible_collections.ozonetel.cloudagent.tests.unit.module_runner import clear_cloudagent_environment, run_module  # pylint: disable=unused-import

DEMO_KEY = 'KKdemo00000000000000000000000001'
TINY_KEY = 'KKtiny00000000000000000000000003'
TOKEN_KEY = 'KKtoken0000000000000000000000002'


@pytest.fixture
def env(sim, in_process, tmp_path, monkeypatch):  # pylint: disable=unused-argument  # sim: reset, in in_process
    monkeypatch.setenv('HOME', str(tmp_path))  # token cache under a private home
    return Env(in_process)


class Env:
    def __init__(self, in_process):
        self.in_process = in_process
        self.sim = in_process['sim']
        self.ledger = in_process['ledger']
        self.capsys = in_process['capsys']

    def run(self, check=False, fail=False, user='demo_user', api_key=DEMO_KEY, **args):
        params = self.in_process.connection(username=user, api_key=api_key, **args)
        return self.in_process.run(cloudagent_phone, params, check=check, diff=True, failed=fail, secrets=())

    def requests(self):
        """[(kind, action, body without credentials)] in order, then the journal is cleared."""
        entries = self.sim.journal()
        self.sim.clear_journal()
        out = []
        for entry in entries:
            body = dict(entry['body'] or {})
            for noise in ('userName', 'apiKey'):
                body.pop(noise, None)
            out.append((entry['kind'], body.pop('action', None), body))
        return out

    def phones(self, user='demo_user'):
        users = self.sim.state()['users']
        return sorted(((p['name'], p['number'], tuple(p['skills'])) for u in users if u['userName'] == user
                       for p in u['phones']))

    def add(self, name, number, skills=(), user='demo_user'):
        state = self.sim.state()
        for account in state['users']:
            if account['userName'] == user:
                account['phones'].append({'name': name, 'number': number, 'skills': sorted(skills)})
        self.sim.set_state(state)
        self.sim.clear_journal()

    def record(self, name):
        return open_ledger(self.ledger).get(LedgerKey(self.sim.base_url, 'demo_user', 'phone', name))


def by_name(name):
    return ('read', 'get', {'phoneNumber': '', 'phoneName': name})


def by_number(number):
    return ('read', 'get', {'phoneNumber': number, 'phoneName': ''})


# ---------------------------------------------------------------- create, rerun, edit, delete

def test_create_check_mode_reads_only_and_predicts(env):
    result = env.run(check=True, name='desk1', number='98765 43210', skills=['Sales', 'General'])
    assert result['changed'] is True
    assert result['phone'] == {'name': 'desk1', 'number': '9876543210', 'skills': ['General', 'Sales'],
                               'state': 'present', 'changed': True}
    assert result['diff']['before'] == {}
    assert result['diff']['after'] == {'name': 'desk1', 'number': '9876543210', 'skills': ['General', 'Sales'],
                                       'state': 'present'}
    assert env.requests() == [by_name('desk1'), by_number('9876543210')]
    assert env.phones() == [] and env.record('desk1') is None


def test_create_then_rerun_is_idempotent(env):
    result = env.run(name='desk1', number='9876543210', skills=['Sales', 'General'])
    # No read by number: the API itself refuses a number held by another phone (see the conflict tests).
    # One read after the create: the phone must read back under its name and number (issue 14).
    assert result['changed'] is True and result['api_requests'] == {'read': 2, 'write': 1, 'token': 0}
    assert env.requests() == [by_name('desk1'),
                              ('write', 'create', {'phoneNumber': '9876543210', 'phoneName': 'desk1',
                                                   'skill': 'General,Sales'}),
                              by_name('desk1')]
    assert env.phones() == [('desk1', '9876543210', ('General', 'Sales'))]
    assert env.record('desk1')['desired'] == {'name': 'desk1', 'number': '9876543210', 'skills': ['General', 'Sales']}
    again = env.run(name='DESK1', number='9876543210', skills=['General', 'Sales'])
    assert again['changed'] is False and again['diff'] == {'before': {}, 'after': {}}
    assert again['phone']['name'] == 'desk1'
    assert env.requests() == [by_name('DESK1')]


def test_edit_number_and_skills_sends_only_the_difference(env):
    env.run(name='desk1', number='12345', skills=['Sales', 'General'])
    env.requests()
    check = env.run(check=True, name='desk1', number='123456', skills=['General', 'Support'])
    assert check['changed'] is True and env.sim.writes() == []
    assert check['diff']['before'] == {'name': 'desk1', 'number': '12345', 'skills': ['General', 'Sales'],
                                       'state': 'present'}
    assert check['diff']['after'] == {'name': 'desk1', 'number': '123456', 'skills': ['General', 'Support'],
                                      'state': 'present'}
    env.requests()
    result = env.run(name='desk1', number='123456', skills=['General', 'Support'])
    assert result['phone']['skills'] == ['General', 'Support']
    assert env.requests() == [by_name('desk1'),
                              ('write', 'edit', {'phoneNumber': '12345', 'phoneName': 'desk1', 'phoneNumberNew': '123456',
                                                 'assignSkill': 'Support', 'unAssignSkill': 'Sales'}),
                              by_name('desk1')]
    assert env.phones() == [('desk1', '123456', ('General', 'Support'))]


def test_skills_omitted_are_left_alone_and_empty_list_removes_recorded(env):
    env.run(name='desk1', number='12345', skills=['Sales'])
    env.requests()
    assert env.run(name='desk1', number='12345')['changed'] is False
    assert env.requests() == [by_name('desk1')]
    result = env.run(name='desk1', number='12345', skills=[])
    assert result['changed'] is True and result['phone']['skills'] == []
    assert env.requests()[-1] == ('write', 'edit', {'phoneNumber': '12345', 'phoneName': 'desk1',
                                                    'phoneNumberNew': '12345', 'unAssignSkill': 'Sales'})
    assert env.phones() == [('desk1', '12345', ())]


def test_phone_without_record_gets_whole_skill_set(env):
    env.add('desk1', '12345', ['Billing'])
    result = env.run(name='desk1', number='12345', skills=['Sales'])
    assert result['changed'] is True
    assert result['diff']['before']['skills'] is None
    assert env.requests() == [by_name('desk1'), ('write', 'edit', {'phoneNumber': '12345', 'phoneName': 'desk1',
                                                                   'phoneNumberNew': '12345', 'assignSkill': 'Sales'})]
    assert env.run(name='desk1', number='12345', skills=['Sales'])['changed'] is False
    assert env.requests() == [by_name('desk1')]


def test_empty_skills_without_record_warns_and_writes_nothing(env):
    env.add('desk1', '12345', ['Billing'])
    result = env.run(name='desk1', number='12345', skills=[])
    assert result['changed'] is False and 'cannot remove skills' in json.dumps(result['warnings'])
    assert env.sim.writes() == []


def test_force_resends_whole_set(env):
    env.run(name='desk1', number='12345', skills=['Sales'])
    env.requests()
    result = env.run(name='desk1', number='12345', skills=['Sales', 'General'], force=True)
    assert result['changed'] is True
    assert env.requests()[-1] == ('write', 'edit', {'phoneNumber': '12345', 'phoneName': 'desk1',
                                                    'phoneNumberNew': '12345', 'assignSkill': 'General,Sales'})


def test_delete_then_delete_again(env):
    env.run(name='desk1', number='12345', skills=['Sales'])
    env.requests()
    check = env.run(check=True, name='desk1', state='absent')
    assert check['changed'] is True and check['diff']['after'] == {} and env.sim.writes() == []
    assert check['phone'] == {'name': 'desk1', 'number': None, 'skills': None, 'state': 'absent', 'changed': True}
    env.requests()
    result = env.run(name='desk1', state='absent')
    assert result['changed'] is True
    assert result['diff']['before'] == {'name': 'desk1', 'number': '12345', 'skills': ['Sales'], 'state': 'present'}
    assert env.requests() == [by_name('desk1'), ('write', 'delete', {'phoneNumber': '12345', 'phoneName': 'desk1'})]
    assert env.phones() == [] and env.record('desk1') is None
    again = env.run(name='desk1', state='absent')
    assert again['changed'] is False and env.requests() == [by_name('desk1')]


# ---------------------------------------------------------------- conflicts and renames

def test_number_held_by_another_phone_fails_naming_both(env):
    env.add('desk1', '12345')
    check = env.run(check=True, fail=True, name='desk2', number='12345')
    assert "held by phone 'desk1'" in check['msg'] and "phone 'desk2'" in check['msg']
    assert env.requests() == [by_name('desk2'), by_number('12345')]  # the prediction reads who holds it
    result = env.run(fail=True, name='desk2', number='12345')
    assert "held by phone 'desk1'" in result['msg'] and "phone 'desk2'" in result['msg']
    assert result['failed_items'] == ['desk2'] and result['changed'] is False
    assert result['code'] == 'number_held' and result['holder'] == {'name': 'desk1', 'number': '12345'}
    # A real run lets the API refuse the create, then reads who holds the number to name it.
    assert env.requests() == [by_name('desk2'), ('write', 'create', {'phoneNumber': '12345', 'phoneName': 'desk2'}),
                              by_number('12345')]
    assert env.phones() == [('desk1', '12345', ())]


def test_renumber_onto_taken_number_fails(env):
    env.add('desk1', '12345')
    env.add('desk2', '22222')
    result = env.run(fail=True, name='desk2', number='12345')
    assert "held by phone 'desk1', so phone 'desk2'" in result['msg']
    assert [(kind, action) for kind, action, _body in env.requests()] == [
        ('read', 'get'), ('write', 'edit'), ('read', 'get')]
    assert sorted(env.phones()) == [('desk1', '12345', ()), ('desk2', '22222', ())]  # nothing taken over


def test_name_taken_meanwhile_is_reported_as_such(env):
    """The create is refused although no phone holds the number: another run created the name in between."""
    env.add('desk1', '12345')
    env.sim.set_faults([{'path': '/ca_apis/PhoneManageV2', 'methods': ['POST'], 'kind': 'reply', 'count': 1,
                         'body': {'status': 'error', 'message': 'phone_name or phone_number already exist'}}])
    result = env.run(fail=True, name='desk2', number='99999')
    assert 'no other phone holds number 99999, so the name desk2 was taken meanwhile' in result['msg']


def test_rename_edits_old_phone_and_moves_record(env):
    env.run(name='desk1', number='12345', skills=['Sales'])
    env.requests()
    result = env.run(name='desk9', rename_from='desk1', number='12345')
    assert result['changed'] is True
    assert result['diff']['before']['name'] == 'desk1' and result['diff']['after']['name'] == 'desk9'
    # Both spellings of the new name (seed 001's table: PhoneNameNew; the current sample: phoneNameNew), then
    # the read-back by the new name.
    assert env.requests() == [by_name('desk9'), by_name('desk1'),
                              ('write', 'edit', {'phoneNumber': '12345', 'phoneName': 'desk1', 'phoneNumberNew': '12345',
                                                 'PhoneNameNew': 'desk9', 'phoneNameNew': 'desk9'}),
                              by_name('desk9')]
    assert env.phones() == [('desk9', '12345', ('Sales',))]
    assert env.record('desk1') is None and env.record('desk9')['desired']['skills'] == ['Sales']
    again = env.run(name='desk9', rename_from='desk1', number='12345')
    assert again['changed'] is False and env.requests() == [by_name('desk9')]


def test_rename_with_new_number_checks_the_number(env):
    env.add('desk1', '12345')
    env.add('other', '55555')
    result = env.run(fail=True, name='desk9', rename_from='desk1', number='55555')
    assert "held by phone 'other', so phone 'desk1'" in result['msg']
    edit = ('write', 'edit', {'phoneNumber': '12345', 'phoneName': 'desk1', 'phoneNumberNew': '55555',
                              'PhoneNameNew': 'desk9', 'phoneNameNew': 'desk9'})
    assert env.requests() == [by_name('desk9'), by_name('desk1'), edit, by_number('55555')]
    assert env.phones() == [('desk1', '12345', ()), ('other', '55555', ())]


def test_rename_when_neither_exists_creates(env):
    result = env.run(name='desk9', rename_from='desk1', number='12345')
    assert result['changed'] is True
    assert [r[1] for r in env.requests()] == ['get', 'get', 'create', 'get']
    assert env.phones() == [('desk9', '12345', ())]


# ---------------------------------------------------------------- input checks, zero requests

@pytest.mark.parametrize('args, expected', [
    ({'name': 'd', 'number': '12'}, ['name:', 'number:']),
    ({'name': 'desk1'}, ['number: is required when state is present']),
    ({'name': 'desk1', 'number': '123', 'skills': ['a,b']}, ['skills[0]:']),
    ({'name': 'desk1', 'state': 'absent', 'rename_from': 'old1'}, ['rename_from: cannot be used with state absent']),
])
def test_invalid_input_is_rejected_before_any_request(env, args, expected):
    result = env.run(fail=True, **args)
    for text in expected:
        assert text in result['msg']
    assert env.sim.journal() == []


def test_conflicting_options(env):
    result = env.run(fail=True, name='desk1', number='123', phones=[{'name': 'desk2', 'number': '456'}])
    assert 'mutually exclusive' in result['msg'] and env.sim.journal() == []


# ---------------------------------------------------------------- API outcomes

def test_unknown_skill_fails_naming_it_and_records_skills_unknown(env):
    result = env.run(fail=True, name='desk1', number='12345', skills=['Sales', 'Nope'])
    assert result['changed'] is True and 'Nope' in result['msg'] and 'rejected skills' in result['msg']
    assert result['phone']['skills'] is None and result['phone']['number'] == '12345'
    assert env.record('desk1')['desired'] == {'name': 'desk1', 'number': '12345', 'skills': None}
    env.requests()
    fixed = env.run(name='desk1', number='12345', skills=['Sales'])
    assert fixed['changed'] is True
    assert env.requests()[-1] == ('write', 'edit', {'phoneNumber': '12345', 'phoneName': 'desk1',
                                                    'phoneNumberNew': '12345', 'assignSkill': 'Sales'})


def test_lost_answer_is_resolved_by_reading(env):
    env.sim.set_faults([{'path': '/ca_apis/PhoneManageV2', 'methods': ['POST'], 'kind': 'reset_after', 'count': 1}])
    result = env.run(name='desk1', number='12345', skills=['Sales'])
    assert result['changed'] is True and result['phone']['skills'] is None
    assert 'a read shows it applied' in json.dumps(result['warnings'])
    assert [r[1] for r in env.requests()] == ['get', 'create', 'get']
    assert env.phones() == [('desk1', '12345', ('Sales',))]


def test_lost_answer_not_applied_fails(env):
    env.sim.set_faults([{'path': '/ca_apis/PhoneManageV2', 'methods': ['POST'], 'kind': 'http500', 'count': 1}])
    result = env.run(fail=True, name='desk1', number='12345')
    assert 'not applied' in result['msg'] and result['changed'] is False
    assert [r[1] for r in env.requests()] == ['get', 'create', 'get']
    assert env.record('desk1') is None


def test_http_500_on_create_that_a_read_shows_not_applied_says_so_once(env):
    """Pinned: the answer said "may have been applied", the read-back said it was not: the result says not applied,
    everywhere, once (it used to say applied "unknown", error.applied null and both in the message)."""
    env.sim.set_faults([{'path': '/ca_apis/PhoneManageV2', 'methods': ['POST'], 'kind': 'http500', 'count': 1}])
    result = env.run(fail=True, name='desk1', number='12345')
    phone = result['phone']
    assert phone['applied'] is False and result['applied'] is False
    assert 'applied' not in phone['error'] and phone['error']['http_status'] == 500
    assert result['msg'] == 'desk1: ' + phone['msg']
    assert 'a read shows it was not applied' in phone['msg'] and 'may have been applied' not in phone['msg']
    assert phone['state'] == 'absent' and result['changed'] is False and env.phones() == []


def test_wrong_key(env):
    result = env.run(fail=True, name='desk1', number='12345', api_key='KKwrong')
    assert 'userName or apiKey not valid' in result['msg'] and 'KKwrong' not in json.dumps(result)


def test_wrong_auth_mode(env):
    result = env.run(fail=True, user='token_user', api_key=TOKEN_KEY, name='desk1', number='12345')
    assert 'auth_mode=api_key does not match' in result['msg']


def test_token_mode_creates_and_reads(env):
    result = env.run(user='token_user', api_key=TOKEN_KEY, auth_mode='token', name='desk1', number='12345')
    assert result['changed'] is True and result['api_requests']['token'] == 1
    assert env.phones('token_user') == [('desk1', '12345', ())]
    again = env.run(user='token_user', api_key=TOKEN_KEY, auth_mode='token', name='desk1', number='12345')
    assert again['changed'] is False and again['api_requests']['write'] == 0


def test_creation_limit(env):
    result = env.run(fail=True, user='tiny_user', api_key=TINY_KEY,
                     phones=[{'name': 'p%d' % i, 'number': '1000%d' % i} for i in range(4)], parallel=1)
    assert '1 of 4 phones failed' in result['msg'] and 'Phone Number Limit Exceeded' in result['msg']
    assert result['failed_items'] == ['p3'] and result['changed'] is True
    assert len(env.phones('tiny_user')) == 3


def test_number_conflict_reads_the_same_in_check_mode_and_for_real(env):
    env.add('alpha', '5550001', skills=['Sales'])
    env.add('beta', '5550002')
    check = env.run(check=True, fail=True, name='alpha', number='5550002')
    real = env.run(fail=True, name='alpha', number='5550002')
    for result in (check, real):
        assert result['phone'] == {'name': 'alpha', 'number': '5550001', 'skills': None, 'state': 'present',
                                   'changed': False, 'failed': True, 'msg': result['phone']['msg'], 'applied': False,
                                   'error': {'kind': 'already_exists', 'code': 'number_held',
                                             'holder': {'name': 'beta', 'number': '5550002'}}}
        assert result['diff']['before'] == result['diff']['after'] == {
            'name': 'alpha', 'number': '5550001', 'skills': None, 'state': 'present'}
    assert check['msg'] == real['msg']


def test_store_failure_after_the_write_reports_the_change_and_the_rerun_repairs(env, monkeypatch):
    from ansible_collections.ozonetel.cloudagent.plugins.module_utils import ledger_file
    from ansible_collections.ozonetel.cloudagent.plugins.module_utils.ledger import LedgerError
    original = ledger_file.DirectoryLedger.put

    def full(self, key, desired=None, server=None):
        raise LedgerError('ledger: disk full')
    monkeypatch.setattr(ledger_file.DirectoryLedger, 'put', full)
    result = env.run(fail=True, phones=[{'name': 'p2', 'number': '5551002', 'skills': ['Sales']},
                                        {'name': 'p3', 'number': '5551003'}])
    assert result['changed'] is True and result['failed_items'] == ['p2', 'p3']
    assert '2 of 2 phones failed (0 applied, 2 changed)' in result['msg']
    assert 'applied phone p2, but writing the known-state store failed (ledger: disk full)' in result['msg']
    assert [(p['name'], p['number'], p['state'], p['changed']) for p in result['phones']] == [
        ('p2', '5551002', 'present', True), ('p3', '5551003', 'present', True)]
    assert env.phones() == [('p2', '5551002', ('Sales',)), ('p3', '5551003', ())]
    monkeypatch.setattr(ledger_file.DirectoryLedger, 'put', original)
    env.requests()
    again = env.run(phones=[{'name': 'p2', 'number': '5551002', 'skills': ['Sales']},
                            {'name': 'p3', 'number': '5551003'}])
    # p2's skills were never recorded, so they are assigned once more; then the store knows them.
    assert [p['changed'] for p in again['phones']] == [True, False]
    assert env.record('p2')['desired']['skills'] == ['Sales']
    assert env.run(phones=[{'name': 'p2', 'number': '5551002', 'skills': ['Sales']}])['changed'] is False


def test_absent_with_skills_is_refused_before_any_request(env):
    result = env.run(fail=True, name='desk1', state='absent', skills=['Sales'])
    assert result['msg'] == 'Invalid input: skills: cannot be used with state absent (deleting a phone removes its skills)'
    assert env.requests() == []


def test_absent_with_a_number_deletes_only_the_phone_holding_it(env):
    env.add('desk1', '12345')
    result = env.run(fail=True, name='desk1', state='absent', number='99999')
    assert 'phone desk1 holds number 12345, not 99999, so it was not deleted' in result['msg']
    assert result['phone']['state'] == 'present' and env.phones() == [('desk1', '12345', ())]
    assert env.run(name='desk1', state='absent', number='12345')['changed'] is True and env.phones() == []
