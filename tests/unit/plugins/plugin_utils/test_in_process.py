# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The action path returns what the module path returns: same validation, same result, same masking.

Every case runs the module's main() twice against the same fresh simulator state: once as the module
process would (AnsibleModule reading its arguments, module_runner.run_module) and once as the action plugin
does (InProcessModule through module.in_process_factory). The two results must be equal, whole.
"""

from __future__ import annotations

import json
import os
import shutil

import pytest

from ansible.module_utils.common.parameters import PASS_VARS

from ansible_collections.ozonetel.cloudagent.plugins.module_utils import module as module_hook
from ansible_collections.ozonetel.cloudagent.plugins.modules import (
    cloudagent_blocklist, cloudagent_campaign_info, cloudagent_did, cloudagent_ledger_info, cloudagent_phone,
    cloudagent_phone_info)
from ansible_collections.ozonetel.cloudagent.plugins.plugin_utils.in_process import ModuleExit, TaskRun, task_environment
from ansible_collections.ozonetel.cloudagent.tests.unit.module_runner import clear_cloudagent_environment, run_module

KEY = 'KKdemo00000000000000000000000001'
# ansible-core 2.21 adds invocation only on request; earlier lines always do: ask, so both paths show it.
INJECT = 'inject_invocation' in PASS_VARS


@pytest.fixture
def both(sim, tmp_path, capsys, monkeypatch):
    clear_cloudagent_environment(monkeypatch)
    monkeypatch.setenv('HOME', str(tmp_path))
    return Both(sim, str(tmp_path / 'ledger'), capsys)


def in_process(module, args, check=False, diff=False):
    """module.main() the way the action plugin runs it; the result and the module object it used."""
    run = TaskRun(name=module.__name__.rsplit('.', 1)[-1], args=json.loads(json.dumps(args)), check_mode=check, diff=diff,
                  verbosity=0, inject_invocation=True)
    try:
        with module_hook.in_process_factory(run.make_module):
            module.main()
    except ModuleExit as done:
        return done.result, run.module
    raise AssertionError('main() returned without exit_json() or fail_json()')


class Both:
    def __init__(self, sim, ledger, capsys):
        self.sim = sim
        self.ledger = ledger
        self.capsys = capsys

    def fresh(self):
        self.sim.reset()
        shutil.rmtree(self.ledger, ignore_errors=True)

    def compare(self, module, args, check=False, diff=True, connection=True):
        """(module path result, action path result, requests made by each), each from the same fresh state."""
        if connection:
            args = dict({'username': 'demo_user', 'api_key': KEY, 'base_url': self.sim.base_url, 'ledger': self.ledger},
                        **args)
        self.fresh()
        internal = {'_ansible_module_name': module.__name__.rsplit('.', 1)[-1]}
        if INJECT:
            internal['_ansible_inject_invocation'] = True
        by_module = run_module(self.capsys, module, dict(args, **internal), check=check, diff=diff, secrets=(KEY,))
        module_requests = [(e['method'], e['path'], e['body']) for e in self.sim.journal()]
        self.fresh()
        by_action, _unused = in_process(module, args, check=check, diff=diff)
        action_requests = [(e['method'], e['path'], e['body']) for e in self.sim.journal()]
        assert KEY not in json.dumps(by_action)
        # In a controller process (this test) ansible-core 2.19+ shows module warnings at once instead of returning
        # them, as a module process does; the action path returns them (checked by the legacy case below).
        warnings = by_action.pop('warnings', None)
        if by_module.get('warnings') is not None:
            # 2.19+ modules send each warning as a WarningSummary (the controller shows its message); the action
            # path returns the message, which the controller turns into the same summary.
            assert warnings == [w['event']['msg'] if isinstance(w, dict) else w for w in by_module.pop('warnings')]
        assert by_action == by_module
        if warnings is not None:
            by_action['warnings'] = warnings
        # Bulk items are read in parallel: the same requests, in any order.
        assert sorted(action_requests, key=repr) == sorted(module_requests, key=repr)
        return by_action


CASES = [
    ('phone create', cloudagent_phone, {'name': 'inproc1', 'number': '9811100001', 'skills': ['Support']}, False),
    ('phone bulk, check mode', cloudagent_phone, {'phones': [{'name': 'inproc1', 'number': '9811100001'},
                                                             {'name': 'inproc2', 'number': '9811100002'}]}, True),
    ('phone legacy flavor, check mode: a warning', cloudagent_phone,
     {'name': 'inproc1', 'number': '9811100001', 'api_flavor': 'legacy'}, True),
    ('bad item: not a dict (no_log values found only by the collection)', cloudagent_phone,
     {'phones': ['just-a-name']}, False),
    ('unsupported option', cloudagent_phone, {'name': 'inproc1', 'colour': 'red'}, False),
    ('a YAML number for a str option', cloudagent_phone, {'name': 'inproc1', 'number': 9811100001}, False),
    ('mutually exclusive forms', cloudagent_phone, {'name': 'inproc1', 'phones': [{'name': 'inproc2'}]}, False),
    ('bad choice', cloudagent_phone, {'name': 'inproc1', 'state': 'gone'}, False),
    ('parallel below 1', cloudagent_phone, {'phones': [{'name': 'inproc1', 'number': '9811100001'}], 'parallel': 0},
     False),
    ('blocklist create', cloudagent_blocklist, {'name': 'inproc_group', 'numbers': ['9811100001', '9811100002'],
                                                'expiry': '2030-12-31 23:59:59'}, False),
    ('did in check mode', cloudagent_did, {'campaign': 'Inbound_Sales', 'dynamic_dids': ['8040000001']}, True),
    ('campaign info', cloudagent_campaign_info, {'names': ['Inbound_Sales']}, False),
    ('phone info', cloudagent_phone_info, {'names': ['nosuchphone']}, False),
    ('ledger info', cloudagent_ledger_info, {}, False),
]


@pytest.mark.parametrize('module, args, check', [case[1:] for case in CASES], ids=[case[0] for case in CASES])
def test_same_result_on_both_paths(both, module, args, check):
    result = both.compare(module, args, check=check)
    if args.get('api_flavor') == 'legacy':
        assert result['warnings'] == ['api_flavor=legacy: check mode predicts from the known-state store only (the legacy '
                                      'API cannot read phones)']


def test_missing_username_reads_the_same(both):
    result = both.compare(cloudagent_phone, {'name': 'inproc1', 'api_key': KEY, 'base_url': both.sim.base_url},
                          connection=False)
    assert result['failed'] and 'username' in result['msg']


def test_credentials_from_the_environment_are_masked_in_invocation(both, monkeypatch):
    monkeypatch.setenv('CLOUDAGENT_API_KEY', KEY)
    monkeypatch.setenv('CLOUDAGENT_USERNAME', 'demo_user')
    result = both.compare(cloudagent_phone, {'name': 'inproc1', 'number': '9811100001', 'base_url': both.sim.base_url,
                                             'ledger': both.ledger}, connection=False)
    assert result['invocation']['module_args']['api_key'] == 'VALUE_SPECIFIED_IN_NO_LOG_PARAMETER'


def test_runs_in_one_process_share_nothing(both):
    """A worker runs every item of a loop: no warning, secret or module object may pass from one to the next."""
    both.fresh()
    common = {'username': 'demo_user', 'base_url': both.sim.base_url, 'ledger': both.ledger}
    warned, first = in_process(cloudagent_phone, dict(common, api_key=KEY, name='inproc1', number='9811100001',
                                                      api_flavor='legacy'), check=True)
    assert warned['warnings']
    assert module_hook._IN_PROCESS == [None]  # pylint: disable=protected-access
    other_key = 'KKtiny00000000000000000000000003'
    quiet, second = in_process(cloudagent_phone, dict(common, api_key=other_key, name='inproc1', number='9811100001'))
    assert 'warnings' not in quiet
    assert quiet['phone']['name'] == 'inproc1'
    assert second is not first and KEY not in second.no_log_values
    assert module_hook._IN_PROCESS == [None]  # pylint: disable=protected-access


def test_a_module_that_raises_leaves_no_factory_behind(both):
    with pytest.raises(KeyError):
        with module_hook.in_process_factory(lambda **kwargs: {}['boom']):
            cloudagent_phone.main()
    assert module_hook._IN_PROCESS == [None]  # pylint: disable=protected-access


def test_the_task_environment_is_restored(monkeypatch):
    monkeypatch.setenv('CLOUDAGENT_REGION', 'in')
    monkeypatch.delenv('CLOUDAGENT_TIMEOUT', raising=False)
    with task_environment({'CLOUDAGENT_REGION': 'intl', 'CLOUDAGENT_TIMEOUT': 5}):
        assert os.environ['CLOUDAGENT_REGION'] == 'intl'
        assert os.environ['CLOUDAGENT_TIMEOUT'] == '5'
    assert os.environ['CLOUDAGENT_REGION'] == 'in'
    assert 'CLOUDAGENT_TIMEOUT' not in os.environ
