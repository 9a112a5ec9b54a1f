# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Options declared once: the derived argument specs equal the ones the modules wrote by hand before.

HAND_WRITTEN holds, verbatim, each resource module's own options, bulk suboptions, mutually exclusive sets and
required_one_of as they were declared twice in the module (before ItemOptions). The derivation must give exactly
these, so users see no difference in what is accepted, defaulted or refused.
"""
from __future__ import annotations

import json

import pytest

from ansible_collections.ozonetel.cloudagent.tests.unit.module_runner import patch_module_args

from ansible_collections.ozonetel.cloudagent.plugins.module_utils import engine, item_specs
from ansible_collections.ozonetel.cloudagent.plugins.module_utils.item_options import ItemOptions
from ansible_collections.ozonetel.cloudagent.plugins.modules import cloudagent_blocklist, cloudagent_did, cloudagent_phone

_PHONE_ITEM = {
    'name': {'type': 'str', 'required': True},
    'number': {'type': 'str'},
    'skills': {'type': 'list', 'elements': 'str'},
    'state': {'type': 'str', 'choices': ['present', 'absent']},
    'rename_from': {'type': 'str'},
}
_DID_ITEM = {
    'campaign': {'type': 'str'},
    'dynamic_dids': {'type': 'list', 'elements': 'str'},
    'fallback_dids': {'type': 'list', 'elements': 'str'},
    'force': {'type': 'bool'},
}
_BLOCKLIST_ITEM = {
    'name': {'type': 'str', 'required': True},
    'description': {'type': 'str'},
    'expiry': {'type': 'str'},
    'numbers': {'type': 'list', 'elements': 'str'},
    'state': {'type': 'str', 'choices': ['present', 'absent']},
    'purge': {'type': 'bool'},
    'force': {'type': 'bool'},
}
HAND_WRITTEN = {
    'cloudagent_phone': (cloudagent_phone, item_specs.PHONE, {
        'name': {'type': 'str'},
        'number': {'type': 'str'},
        'skills': {'type': 'list', 'elements': 'str'},
        'state': {'type': 'str', 'choices': ['present', 'absent'], 'default': 'present'},
        'rename_from': {'type': 'str'},
        'phones': {'type': 'list', 'elements': 'dict', 'options': _PHONE_ITEM},
        'api_flavor': {'type': 'str', 'choices': ['current', 'legacy'], 'default': 'current'},
        'force': {'type': 'bool', 'default': False},
    }, [('name', 'phones'), ('phones', 'number'), ('phones', 'skills'), ('phones', 'rename_from')],
        [('name', 'phones')]),
    'cloudagent_did': (cloudagent_did, item_specs.DID, {
        'campaign': {'type': 'str'},
        'dynamic_dids': {'type': 'list', 'elements': 'str'},
        'fallback_dids': {'type': 'list', 'elements': 'str'},
        'force': {'type': 'bool', 'default': False},
        'campaigns': {'type': 'list', 'elements': 'dict', 'options': _DID_ITEM},
    }, [('campaign', 'campaigns'), ('dynamic_dids', 'campaigns'), ('fallback_dids', 'campaigns')],
        [('campaign', 'campaigns')]),
    'cloudagent_blocklist': (cloudagent_blocklist, item_specs.BLOCKLIST, {
        'name': {'type': 'str'},
        'description': {'type': 'str'},
        'expiry': {'type': 'str'},
        'numbers': {'type': 'list', 'elements': 'str'},
        'state': {'type': 'str', 'choices': ['present', 'absent'], 'default': 'present'},
        'purge': {'type': 'bool', 'default': False},
        'force': {'type': 'bool', 'default': False},
        'return_numbers': {'type': 'bool', 'default': False},
        'blocklists': {'type': 'list', 'elements': 'dict', 'options': _BLOCKLIST_ITEM},
    }, [('blocklists', field) for field in ('name', 'description', 'expiry', 'numbers')], [('name', 'blocklists')]),
}


def as_sets(pairs):
    return {frozenset(pair) for pair in pairs}


@pytest.mark.parametrize('name', sorted(HAND_WRITTEN))
def test_derived_specs_equal_the_hand_written_ones(name):
    _module, options, spec, exclusive, one_of = HAND_WRITTEN[name]
    assert options.argument_spec() == spec
    assert as_sets(options.mutually_exclusive()) == as_sets(exclusive)
    assert as_sets(options.required_one_of()) == as_sets(one_of)


@pytest.mark.parametrize('name', sorted(HAND_WRITTEN))
def test_no_resource_module_declares_an_option_twice(name):
    module = HAND_WRITTEN[name][0]
    declared = [n for n in vars(module) if n.isupper() and isinstance(vars(module)[n], dict)
                and any(isinstance(v, dict) and 'type' in v for v in vars(module)[n].values())]
    assert declared == [], '%s still declares option dicts by hand: %s' % (name, declared)


OPTIONS = ItemOptions(key='name', bulk='things', item={'name': {'type': 'str', 'required': True}},
                      defaults={'state': {'type': 'str', 'choices': ['present', 'absent'], 'default': 'present'}})


class Echo(engine.Resource):
    """Reports the items it was given, so the dispatch of engine.main is visible."""
    singular, plural = 'thing', 'things'

    def validate(self, item, path, problems):
        return dict(item)

    def identity(self, item):
        return item['name']

    def read(self, ctx, item):
        return None

    def plan(self, ctx, item, current):
        return engine.Plan(before=None, after=item)

    def apply(self, ctx, item, plan):
        raise AssertionError('nothing to apply')

    def show(self, item, state):
        return {'name': state['name'], 'state': state['state']}


def run_main(capsys, **args):
    args = dict({'username': 'demo_user', 'api_key': 'KKitem-options-test', 'base_url': 'http://127.0.0.1:9'}, **args)
    with patch_module_args(args):
        with pytest.raises(SystemExit):
            engine.main(OPTIONS, lambda params: Echo())
    return json.loads(capsys.readouterr().out)


def test_main_dispatches_the_single_and_the_bulk_form(capsys):
    assert run_main(capsys, name='one')['thing'] == {'name': 'one', 'state': 'present', 'changed': False}
    bulk = run_main(capsys, state='absent', things=[{'name': 'a'}, {'name': 'b', 'state': 'present'}])
    assert bulk['things'] == [{'name': 'a', 'state': None, 'changed': False},
                              {'name': 'b', 'state': 'present', 'changed': False}]
    refused = run_main(capsys, name='one', things=[{'name': 'a'}])
    assert refused['failed'] is True and 'mutually exclusive: name|things' in refused['msg']
    assert 'one of the following is required: name, things' in run_main(capsys)['msg']
