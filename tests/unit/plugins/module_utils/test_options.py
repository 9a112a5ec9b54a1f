# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Connection options: every one can come from a CLOUDAGENT_* variable (AWX credentials, CI, module_defaults)."""

from __future__ import annotations

import pytest

from ansible.module_utils.basic import AnsibleModule
from ansible_collections.ozonetel.cloudagent.tests.unit.module_runner import patch_module_args

from ansible_collections.ozonetel.cloudagent.plugins.module_utils.options import (
    CONNECTION_ARGSPEC, ConnectionSettingsError, connection_settings)

ENVIRONMENT = {
    'CLOUDAGENT_USERNAME': 'env_user',
    'CLOUDAGENT_API_KEY': 'KKfrom-the-environment',
    'CLOUDAGENT_AUTH_MODE': 'token',
    'CLOUDAGENT_TOKEN': 'eyJ.env.token',
    'CLOUDAGENT_REGION': 'intl',
    'CLOUDAGENT_TIMEOUT': '12.5',
    'CLOUDAGENT_RETRIES': '2',
    'CLOUDAGENT_VALIDATE_CERTS': 'false',
}


def test_every_connection_option_names_its_environment_variable():
    variables = {name: spec['fallback'][1][0] for name, spec in CONNECTION_ARGSPEC.items() if 'fallback' in spec}
    assert sorted(variables) == sorted(CONNECTION_ARGSPEC)
    assert all(variable == 'CLOUDAGENT_' + name.upper() for name, variable in variables.items())


def _params(monkeypatch, args, environment):
    for name in list(ENVIRONMENT) + ['CLOUDAGENT_BASE_URL']:
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    with patch_module_args(args):
        return AnsibleModule(argument_spec=CONNECTION_ARGSPEC).params


def test_settings_from_the_environment_alone(monkeypatch):
    settings = connection_settings(_params(monkeypatch, {}, ENVIRONMENT))
    assert settings.base_url == 'https://api.ccaas.ozonetel.com'
    assert (settings.username, settings.api_key, settings.auth_mode, settings.token) == (
        'env_user', 'KKfrom-the-environment', 'token', 'eyJ.env.token')
    assert (settings.timeout, settings.retries, settings.verify) == (12.5, 2, False)


def test_task_arguments_win_over_the_environment(monkeypatch):
    args = {'username': 'task_user', 'region': 'in', 'timeout': 3, 'retries': 0, 'auth_mode': 'api_key'}
    settings = connection_settings(_params(monkeypatch, args, ENVIRONMENT))
    assert (settings.username, settings.base_url, settings.timeout, settings.retries, settings.auth_mode) == (
        'task_user', 'https://in1-ccaas-api.ozonetel.com', 3.0, 0, 'api_key')


def test_base_url_variable_overrides_the_region(monkeypatch):
    environment = dict(ENVIRONMENT, CLOUDAGENT_BASE_URL='http://127.0.0.1:8765/')
    assert connection_settings(_params(monkeypatch, {}, environment)).base_url == 'http://127.0.0.1:8765'


@pytest.mark.parametrize('args, message', [
    ({'timeout': 0}, 'timeout: must be a positive number of seconds'),
    ({'retries': -1}, 'retries: must be 0 or more'),
    ({'base_url': 'in1-ccaas-api.ozonetel.com'}, 'base_url: must start with http:// or https://'),
    ({'validate_certs': '/no/such/bundle.pem'}, 'validate_certs: expected true, false or the path of an existing'),
    ({'auth_mode': 'api_key', 'api_key': None}, 'api_key: required'),
])
def test_bad_values_name_the_option_and_the_rule(monkeypatch, args, message):
    params = _params(monkeypatch, dict({'username': 'u', 'api_key': 'k'}, **args), {})
    with pytest.raises(ConnectionSettingsError, match=message):
        connection_settings(params)
