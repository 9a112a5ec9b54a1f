# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The engine's flow, driven by an in-memory resource: what users see in results, diffs and failures."""
from __future__ import annotations

import json
import threading

import pytest

from ansible.module_utils.basic import AnsibleModule
from ansible.module_utils.testing import patch_module_args

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
    spec = engine.argument_spec({'items': {'type': 'list', 'elements': 'dict'}}, bulk=True)
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
    assert result['msg'].startswith('Invalid input (3 problems): ')
    for where in ('items[0].value', 'items[1].name', 'items[3]'):
        assert where in result['msg']
    assert "'OK3' appears twice" in result['msg']


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
                                    'msg': 'server said no to bad1 (key ********)'}


def test_secrets_are_removed_from_failure_messages(capsys):
    result = run(MemoryResource({}), [{'name': 'bad1', 'value': '2222'}], single=True, capsys=capsys)
    assert CONNECTION['api_key'] not in json.dumps(result)
    assert result['msg'].startswith('bad1: server said no to bad1')


def test_bad_connection_option_fails_before_any_request(capsys):
    resource = MemoryResource({})
    resource.read = lambda ctx, item: pytest.fail('read with a bad base_url')
    args = dict(CONNECTION, base_url='ftp://example', items=[{'name': 'desk', 'value': '1234'}])
    spec = engine.argument_spec({'items': {'type': 'list', 'elements': 'dict'}}, bulk=True)
    with patch_module_args(args):
        module = AnsibleModule(argument_spec=spec, supports_check_mode=True)
        with pytest.raises(SystemExit):
            engine.run(module, resource, args['items'], single=True)
    result = json.loads(capsys.readouterr().out)
    assert result['msg'] == "base_url: must start with http:// or https://, got 'ftp://example'"
