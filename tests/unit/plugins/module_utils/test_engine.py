# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The engine's flow, driven by an in-memory resource: what users see in results, diffs and failures."""
from __future__ import annotations

import json
import threading

import pytest

from ansible.module_utils.basic import AnsibleModule
from ansible_collections.ozonetel.cloudagent.tests.unit.module_runner import patch_module_args

from ansible_collections.ozonetel.cloudagent.plugins.module_utils import engine, validate

CONNECTION = {'username': 'demo_user', 'api_key': 'KKsecret-engine-test', 'base_url': 'http://127.0.0.1:9'}


class MemoryResource(engine.Resource):
    """Items {name, value}; 'server' is a dict; names starting with 'bad' fail on apply."""

    kind = None
    singular = 'thing'
    plural = 'things'

    def __init__(self, server):
        self.server = server
        self.writes = []
        self.lock = threading.Lock()

    def validate(self, item, path, problems):
        name = problems.check(validate.phone_name, item.get('name'), '%s.name' % path if path else 'name')
        value = problems.check(validate.phone_number, item.get('value'), '%s.value' % path if path else 'value')
        return None if name is None or value is None else {'name': name, 'value': value}

    def identity(self, item):
        return validate.name_key(item['name'])

    def label(self, item):
        return item['name']

    def read(self, ctx, item):
        return self.server.get(item['name'])

    def plan(self, ctx, item, current):
        steps = [] if current == item['value'] else ['set']
        return engine.Plan(before=current, after=item['value'], steps=steps)

    def apply(self, ctx, item, plan):
        if item['name'].startswith('bad'):
            raise engine.ItemFailure('server said no to %s (key %s)' % (item['name'], CONNECTION['api_key']))
        with self.lock:
            self.writes.append(item['name'])
            self.server[item['name']] = item['value']
        return engine.Applied(after=item['value'], changed=True)

    def show(self, item, state):
        return None if state is None else {'name': item['name'], 'value': state}


def run(resource, items, single, check_mode=False, diff=True, parallel=4, capsys=None):
    args = dict(CONNECTION, items=items, parallel=parallel, _ansible_check_mode=check_mode, _ansible_diff=diff)
    spec = engine.argument_spec({'items': {'type': 'list', 'elements': 'dict'}})
    with patch_module_args(args):
        module = AnsibleModule(argument_spec=spec, supports_check_mode=True)
        with pytest.raises(SystemExit):
            engine.run(module, resource, items, single=single, path='' if single else 'items')
    return json.loads(capsys.readouterr().out)


def test_single_create_reports_item_and_diff(capsys):
    resource = MemoryResource({})
    result = run(resource, [{'name': 'desk', 'value': '1234'}], single=True, capsys=capsys)
    assert result['changed'] is True
    assert result['thing'] == {'name': 'desk', 'value': '1234', 'changed': True}
    assert result['diff']['before'] == {} and result['diff']['after'] == {'name': 'desk', 'value': '1234'}
    assert resource.writes == ['desk']


def test_rerun_with_nothing_to_change_writes_nothing(capsys):
    resource = MemoryResource({'desk': '1234'})
    result = run(resource, [{'name': 'desk', 'value': '1234'}], single=True, capsys=capsys)
    assert result['changed'] is False and resource.writes == []


def test_check_mode_predicts_without_writing(capsys):
    resource = MemoryResource({'desk': '1234'})
    result = run(resource, [{'name': 'desk', 'value': '5678'}], single=True, check_mode=True, capsys=capsys)
    assert result['changed'] is True
    assert result['thing']['value'] == '5678'
    assert result['diff']['before'] == {'name': 'desk', 'value': '1234'}
    assert resource.writes == []


def test_invalid_items_fail_together_before_any_read(capsys):
    resource = MemoryResource({})
    resource.read = lambda ctx, item: pytest.fail('read before validation finished')
    result = run(resource, [{'name': 'ok1', 'value': '12'}, {'name': '_x', 'value': '1234'},
                            {'name': 'ok3', 'value': '1234'}, {'name': 'OK3', 'value': '9999'}],
                 single=False, capsys=capsys)
    assert result['failed'] is True
    assert result['msg'].startswith('Invalid input (3 problems: items[0].value, items[1].name, items[3]): ')
    for where in ('items[0].value', 'items[1].name', 'items[3]'):
        assert where in result['msg']
    assert "'OK3' appears twice" in ' '.join(result['errors'])  # the message summarises; errors holds each


def test_bulk_partial_failure_lists_failed_items_and_keeps_the_rest(capsys):
    resource = MemoryResource({'same': '1111'})
    items = [{'name': 'n%02d' % i, 'value': '10%02d' % i} for i in range(20)]
    items += [{'name': 'bad1', 'value': '2222'}, {'name': 'same', 'value': '1111'}, {'name': 'bad2', 'value': '3333'}]
    result = run(resource, items, single=False, capsys=capsys)
    assert result['failed'] is True and result['changed'] is True
    assert result['msg'].startswith('2 of 23 things failed (21 applied, 20 changed): bad1: server said no to bad1')
    assert result['failed_items'] == ['bad1', 'bad2']
    assert sorted(resource.writes) == sorted('n%02d' % i for i in range(20))
    assert [t['name'] for t in result['things']] == [i['name'] for i in items]  # input order kept
    assert len(result['diff']) == 22  # every changed or failed item, none for the unchanged one
    assert result['things'][20] == {'name': 'bad1', 'state': 'absent', 'changed': False, 'failed': True,
                                    'msg': 'server said no to bad1 (key ********)', 'applied': False}


def test_secrets_are_removed_from_failure_messages(capsys):
    result = run(MemoryResource({}), [{'name': 'bad1', 'value': '2222'}], single=True, capsys=capsys)
    assert CONNECTION['api_key'] not in json.dumps(result)
    assert result['msg'].startswith('bad1: server said no to bad1')


def test_bad_connection_option_fails_before_any_request(capsys):
    resource = MemoryResource({})
    resource.read = lambda ctx, item: pytest.fail('read with a bad base_url')
    args = dict(CONNECTION, base_url='ftp://example', items=[{'name': 'desk', 'value': '1234'}])
    spec = engine.argument_spec({'items': {'type': 'list', 'elements': 'dict'}})
    with patch_module_args(args):
        module = AnsibleModule(argument_spec=spec, supports_check_mode=True)
        with pytest.raises(SystemExit):
            engine.run(module, resource, args['items'], single=True)
    result = json.loads(capsys.readouterr().out)
    assert result['msg'] == "Invalid input: base_url: must start with http:// or https://, got 'ftp://example'"


def test_connection_and_item_problems_come_in_one_message(capsys):
    resource = MemoryResource({})
    args = dict(CONNECTION, base_url='ftp://example', items=[{'name': 'desk', 'value': 'abc'}])
    spec = engine.argument_spec({'items': {'type': 'list', 'elements': 'dict'}})
    with patch_module_args(args):
        module = AnsibleModule(argument_spec=spec, supports_check_mode=True)
        with pytest.raises(SystemExit):
            engine.run(module, resource, args['items'], single=False, path='items')
    result = json.loads(capsys.readouterr().out)
    assert result['msg'].startswith('Invalid input (2 problems: base_url, items[0].value): base_url: must start with http')
    assert 'items[0].value' in result['msg']


class StoredResource(MemoryResource):
    """MemoryResource that also reads and writes the known-state store (kind 'thing')."""

    kind = 'thing'

    def read(self, ctx, item):
        ctx.ledger.get(ctx.key(item['name']))
        return super().read(ctx, item)

    def apply(self, ctx, item, plan):
        applied = super().apply(ctx, item, plan)
        ctx.record(lambda: ctx.ledger.put(ctx.key(item['name']), desired={'value': item['value']}),
                   applied.after, 'thing %s' % item['name'])
        return applied


def run_with(args, resource, items, capsys, single=False, check_mode=False):
    args = dict(CONNECTION, items=items, _ansible_check_mode=check_mode, _ansible_diff=True, **args)
    spec = engine.argument_spec({'items': {'type': 'list', 'elements': 'dict'}})
    with patch_module_args(args):
        module = AnsibleModule(argument_spec=spec, supports_check_mode=True)
        with pytest.raises(SystemExit):
            engine.run(module, resource, items, single=single, path='' if single else 'items')
    return json.loads(capsys.readouterr().out)  # one JSON document, or this raises


def test_unusable_store_fails_once_even_with_parallel_items(capsys, tmp_path):
    not_a_dir = tmp_path / 'file'
    not_a_dir.write_text('x', encoding='utf-8')
    items = [{'name': 'n%02d' % i, 'value': '1000'} for i in range(8)]
    result = run_with({'ledger': str(not_a_dir), 'parallel': 4}, StoredResource({}), items, capsys)
    assert result['failed'] is True and result['msg'] == 'ledger: %s exists and is not a directory' % not_a_dir
    assert result['ledger'] == str(not_a_dir)


def test_missing_requests_fails_once_with_ansibles_text(capsys, monkeypatch):
    from ansible_collections.ozonetel.cloudagent.plugins.module_utils import client as client_mod
    monkeypatch.setattr(client_mod, 'HAS_REQUESTS', False)
    monkeypatch.setattr(client_mod, 'REQUESTS_IMPORT_ERROR', 'Traceback: no requests')
    resource = MemoryResource({})
    resource.read = lambda ctx, item: ctx.client
    items = [{'name': 'n%02d' % i, 'value': '1000'} for i in range(6)]
    result = run(resource, items, single=False, capsys=capsys)
    assert 'Failed to import the required Python library (requests)' in result['msg']


def test_store_write_failure_after_the_api_write_still_reports_the_change(capsys, tmp_path, monkeypatch):
    from ansible_collections.ozonetel.cloudagent.plugins.module_utils.ledger_file import DirectoryLedger
    from ansible_collections.ozonetel.cloudagent.plugins.module_utils.ledger import LedgerError

    def full(*_args, **_kwargs):
        raise LedgerError('ledger: disk full')
    monkeypatch.setattr(DirectoryLedger, 'put', full)
    resource = StoredResource({})
    result = run_with({'ledger': str(tmp_path / 'ledger')}, resource, [{'name': 'desk', 'value': '1234'}], capsys)
    assert result['failed'] is True and result['changed'] is True and resource.writes == ['desk']
    assert result['things'][0]['value'] == '1234' and result['things'][0]['changed'] is True
    assert ('applied thing desk, but writing the known-state store failed (ledger: disk full); the next run sends '
            'the same again') in result['msg']


class Conflicting(MemoryResource):
    """Planning fails for 'held' (a conflict found while planning), naming the state it keeps."""

    def plan(self, ctx, item, current):
        if item['name'] == 'held':
            raise engine.ItemFailure('value taken by another thing', after=current)
        return super().plan(ctx, item, current)


@pytest.mark.parametrize('check_mode', [True, False])
def test_failure_found_while_planning_is_reported_alike_in_check_mode_and_for_real(capsys, check_mode):
    result = run(Conflicting({'held': '1111'}), [{'name': 'held', 'value': '2222'}], single=False,
                 check_mode=check_mode, capsys=capsys)
    assert result['things'] == [{'name': 'held', 'value': '1111', 'changed': False, 'failed': True,
                                 'msg': 'value taken by another thing', 'applied': False}]
    assert result['diff'][0]['before'] == result['diff'][0]['after'] == {'name': 'held', 'value': '1111'}


def test_read_failure_shows_the_state_as_unknown_with_the_requests_details(capsys):
    from ansible_collections.ozonetel.cloudagent.plugins.module_utils.classify import Outcome
    from ansible_collections.ozonetel.cloudagent.plugins.module_utils.errors import CloudAgentError
    resource = MemoryResource({})

    def read(ctx, item):
        if item['name'] == 'flaky':
            raise CloudAgentError('get thing flaky', Outcome('server_error', 'http_503', 'Service Unavailable'),
                                  http_status=503, endpoint='GET /things', body={'status': 'error'})
        return None
    resource.read = read
    result = run(resource, [{'name': 'flaky', 'value': '111'}, {'name': 'fine', 'value': '222'}], single=False,
                 capsys=capsys)
    flaky = result['things'][0]
    assert flaky['state'] is None and flaky['failed'] is True
    assert flaky['error'] == {'http_status': 503, 'kind': 'server_error', 'code': 'http_503',
                              'endpoint': 'GET /things', 'response': {'status': 'error'}}
    assert flaky['applied'] is False
    assert result['things'][1]['changed'] is True


class Guessing(MemoryResource):
    def plan(self, ctx, item, current):
        plan = super().plan(ctx, item, current)
        plan.uncertain = current is None
        return plan


def test_check_mode_marks_a_prediction_it_cannot_be_sure_of(capsys):
    result = run(Guessing({'known': '111'}), [{'name': 'new', 'value': '222'}, {'name': 'known', 'value': '333'}],
                 single=False, check_mode=True, capsys=capsys)
    assert [t.get('uncertain') for t in result['things']] == [True, None]
    real = run(Guessing({}), [{'name': 'new', 'value': '222'}], single=False, capsys=capsys)
    assert 'uncertain' not in real['things'][0]


def test_losing_the_lock_after_the_work_is_a_warning(capsys, tmp_path, monkeypatch):
    import contextlib
    from ansible_collections.ozonetel.cloudagent.plugins.module_utils.ledger import LedgerError
    from ansible_collections.ozonetel.cloudagent.plugins.module_utils.ledger_file import DirectoryLedger

    @contextlib.contextmanager
    def expiring(_store, _key, timeout=60):
        yield
        raise LedgerError('ledger: the lock expired before the work under it finished')
    monkeypatch.setattr(DirectoryLedger, 'lock', expiring)

    class Locking(StoredResource):
        def apply(self, ctx, item, plan):
            with ctx.locked(ctx.key(item['name'])):
                return super().apply(ctx, item, plan)
    result = run_with({'ledger': str(tmp_path / 'ledger')}, Locking({}), [{'name': 'desk', 'value': '1234'}], capsys)
    assert result['changed'] is True and 'failed' not in result
    assert 'ledger: the lock expired before the work under it finished' in json.dumps(result['warnings'])


class Recorded(MemoryResource):
    """Records through the engine (to_record); 'server' is shared, like another run's view of the same account."""

    kind = 'thing'

    def __init__(self, server, ledger_dir, progress=False):
        super().__init__(server)
        self.progress = progress
        self.ledger_dir = ledger_dir

    def read(self, ctx, item):
        record = ctx.ledger.get(ctx.key(item['name']))
        return (record or {}).get('desired', {}).get('value') if record else self.server.get(item['name'])

    def apply(self, ctx, item, plan):
        with ctx.locked(ctx.key(item['name'])):  # re-entrant: the engine already holds it
            if self.progress:
                ctx.save(item, 'half-' + item['value'])  # progress recorded part-way
                raise engine.ItemFailure('second half failed', changed=True, after='half-' + item['value'])
            return super().apply(ctx, item, plan)

    def to_record(self, item, state):
        return {self.identity(item): None if state is None else {'desired': {'value': state}}}


def stored(tmp_path, name):
    from ansible_collections.ozonetel.cloudagent.plugins.module_utils.ledger import LedgerKey, open_ledger
    record = open_ledger(str(tmp_path / 'ledger')).get(LedgerKey(CONNECTION['base_url'], 'demo_user', 'thing', name))
    return record and record['desired']['value']


def test_the_engine_records_what_apply_confirmed(capsys, tmp_path):
    resource = Recorded({}, tmp_path)
    result = run_with({'ledger': str(tmp_path / 'ledger')}, resource, [{'name': 'desk', 'value': '1234'}], capsys)
    assert result['changed'] is True and stored(tmp_path, 'desk') == '1234'
    again = run_with({'ledger': str(tmp_path / 'ledger')}, resource, [{'name': 'desk', 'value': '1234'}], capsys)
    assert again['changed'] is False and resource.writes == ['desk']


def test_progress_saved_part_way_survives_a_later_failure(capsys, tmp_path):
    resource = Recorded({}, tmp_path, progress=True)
    result = run_with({'ledger': str(tmp_path / 'ledger')}, resource, [{'name': 'desk', 'value': '1234'}], capsys)
    assert result['failed'] is True and result['changed'] is True and result['things'][0]['applied'] is True
    assert stored(tmp_path, 'desk') == 'half-1234'


class Stepped(Recorded):
    """Writes in steps and records each one as it lands, the way a block group records its chunks."""

    def __init__(self, server, ledger_dir, steps):
        super().__init__(server, ledger_dir)
        self.steps = steps

    def apply(self, ctx, item, plan):
        problems = []
        for state in self.steps:
            try:
                ctx.save(item, state)
            except engine.NotRecorded as exc:
                problems.append(str(exc))
                break
        if problems:
            raise engine.ItemFailure('; '.join(problems), changed=True, after=self.steps[-1])
        return engine.Applied(after=self.steps[-1], changed=True)


def counting_puts(monkeypatch, fail_from=None):
    """The states the directory store was asked to write; from the fail_from'th on it is full."""
    from ansible_collections.ozonetel.cloudagent.plugins.module_utils.ledger import LedgerError
    from ansible_collections.ozonetel.cloudagent.plugins.module_utils.ledger_file import DirectoryLedger
    puts, real_put = [], DirectoryLedger.put

    def put(store, key, desired=None, server=None):
        puts.append(desired['value'])
        if fail_from is not None and len(puts) >= fail_from:
            raise LedgerError('ledger: disk full')
        return real_put(store, key, desired=desired, server=server)
    monkeypatch.setattr(DirectoryLedger, 'put', put)
    return puts


def test_a_record_saved_again_unchanged_is_not_written_again(capsys, tmp_path, monkeypatch):
    puts = counting_puts(monkeypatch)
    resource = Stepped({}, tmp_path, ['1000', '1000', '1234', '1234'])
    result = run_with({'ledger': str(tmp_path / 'ledger')}, resource, [{'name': 'desk', 'value': '1234'}], capsys)
    assert result['changed'] is True and 'failed' not in result, result
    assert puts == ['1000', '1234']  # the repeats and the engine's own save after apply cost no write
    assert stored(tmp_path, 'desk') == '1234'


def test_after_the_store_failed_an_item_does_not_write_it_again(capsys, tmp_path, monkeypatch):
    puts = counting_puts(monkeypatch, fail_from=2)
    resource = Stepped({}, tmp_path, ['1000', '1200', '1234'])
    result = run_with({'ledger': str(tmp_path / 'ledger')}, resource, [{'name': 'desk', 'value': '1234'}], capsys)
    assert result['failed'] is True and result['changed'] is True, result
    assert puts == ['1000', '1200']  # the engine's save of the failure's state is not tried again
    assert result['msg'].count('writing the known-state store failed (ledger: disk full)') == 1
    assert stored(tmp_path, 'desk') == '1000'  # what the record says is what was last written


def test_another_run_that_did_the_work_meanwhile_makes_this_one_ok(capsys, tmp_path):
    from ansible_collections.ozonetel.cloudagent.plugins.module_utils.ledger import LedgerKey, open_ledger

    class Raced(Recorded):
        def read(self, ctx, item):
            current = super().read(ctx, item)
            if not self.writes:  # another run writes the same item between this run's read and its lock
                self.writes.append('other run')
                open_ledger(str(tmp_path / 'ledger')).put(
                    LedgerKey(CONNECTION['base_url'], 'demo_user', 'thing', item['name']), desired={'value': item['value']})
            return current
    resource = Raced({}, tmp_path)
    result = run_with({'ledger': str(tmp_path / 'ledger')}, resource, [{'name': 'desk', 'value': '1234'}], capsys)
    assert result['changed'] is False and 'failed' not in result
    assert resource.writes == ['other run']  # this run sent nothing: under the lock it found the work done


def test_declared_claims_refuse_two_items_sharing_a_value(capsys):
    class Claiming(MemoryResource):
        def claims(self, item):
            return [('value', item['value'], 'value')]
    result = run(Claiming({}), [{'name': 'aa', 'value': '111'}, {'name': 'bb', 'value': '111'}], single=False,
                 capsys=capsys)
    assert result['msg'] == "Invalid input: items[1].value: '111' is also the value of items[0]"
