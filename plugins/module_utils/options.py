# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Connection options: one argument spec shared by every module, and the settings object built from it."""

from __future__ import annotations

import os
from dataclasses import dataclass

from ansible.module_utils.basic import env_fallback
from ansible.module_utils.parsing.convert_bool import BOOLEANS_FALSE, BOOLEANS_TRUE

REGION_HOSTS = {
    'in': 'https://in1-ccaas-api.ozonetel.com',
    'intl': 'https://api.ccaas.ozonetel.com',
}

CONNECTION_ARGSPEC = {
    'username': {'type': 'str', 'required': True, 'fallback': (env_fallback, ['CLOUDAGENT_USERNAME'])},
    'api_key': {'type': 'str', 'no_log': True, 'fallback': (env_fallback, ['CLOUDAGENT_API_KEY'])},
    'auth_mode': {'type': 'str', 'choices': ['api_key', 'token'], 'default': 'api_key',
                  'fallback': (env_fallback, ['CLOUDAGENT_AUTH_MODE'])},
    'token': {'type': 'str', 'no_log': True, 'fallback': (env_fallback, ['CLOUDAGENT_TOKEN'])},
    'region': {'type': 'str', 'choices': ['in', 'intl'], 'default': 'in', 'fallback': (env_fallback, ['CLOUDAGENT_REGION'])},
    'base_url': {'type': 'str', 'fallback': (env_fallback, ['CLOUDAGENT_BASE_URL'])},
    'timeout': {'type': 'float', 'default': 30, 'fallback': (env_fallback, ['CLOUDAGENT_TIMEOUT'])},
    'retries': {'type': 'int', 'default': 5, 'fallback': (env_fallback, ['CLOUDAGENT_RETRIES'])},
    'validate_certs': {'type': 'str', 'default': 'true',
                       'fallback': (env_fallback, ['CLOUDAGENT_VALIDATE_CERTS'])},
}


class ConnectionSettingsError(ValueError):
    """A connection option has a value that cannot work; the message names the option and the rule."""


@dataclass(frozen=True)
class ConnectionSettings:
    base_url: str
    username: str
    api_key: str | None
    auth_mode: str
    token: str | None
    timeout: float
    retries: int
    verify: object  # True, False or a CA bundle path, as requests expects

    def secrets(self):
        return [s for s in (self.api_key, self.token) if s]


def _verify_from(value):
    text = str(value).strip()
    if text.lower() in [str(v).lower() for v in BOOLEANS_TRUE]:
        return True
    if text.lower() in [str(v).lower() for v in BOOLEANS_FALSE]:
        return False
    if os.path.isfile(os.path.expanduser(text)):
        return os.path.expanduser(text)
    raise ConnectionSettingsError(
        "validate_certs: expected true, false or the path of an existing CA bundle file, got '%s'" % text)


def account_scope(params):
    """(base_url, username): the account the options name, which every request and every store key is scoped to.

    The one definition: connection_settings() and the ledger modules (which send no request) both use it."""
    # Whitespace around a pasted URL is dropped; inside it, it cannot be part of a host name.
    base_url = (params.get('base_url') or '').strip() or REGION_HOSTS[params.get('region') or 'in']
    base_url = base_url.rstrip('/')
    if not base_url.startswith(('http://', 'https://')):
        raise ConnectionSettingsError("base_url: must start with http:// or https://, got '%s'" % base_url)
    if any(char.isspace() for char in base_url):
        raise ConnectionSettingsError("base_url: must not contain spaces, got '%s'" % base_url)
    username = str(params.get('username') or '').strip()
    if not username:
        raise ConnectionSettingsError('username: must not be empty (or set CLOUDAGENT_USERNAME)')
    return base_url, username


def connection_settings(params):
    """Build ConnectionSettings from module params, checking what can be checked before any request."""
    base_url, username = account_scope(params)
    auth_mode = params.get('auth_mode') or 'api_key'
    if auth_mode not in ('api_key', 'token'):
        raise ConnectionSettingsError("auth_mode: must be api_key or token, got '%s'" % auth_mode)
    api_key = params.get('api_key') or None
    token = params.get('token') or None
    if not api_key and not (auth_mode == 'token' and token):
        raise ConnectionSettingsError(
            'api_key: required (or set CLOUDAGENT_API_KEY); only auth_mode=token with a token may omit it')
    timeout = float(params.get('timeout') if params.get('timeout') is not None else 30)
    if timeout <= 0:
        raise ConnectionSettingsError('timeout: must be a positive number of seconds, got %s' % timeout)
    retries = int(params.get('retries') if params.get('retries') is not None else 5)
    if retries < 0:
        raise ConnectionSettingsError('retries: must be 0 or more, got %d' % retries)
    return ConnectionSettings(
        base_url=base_url, username=username, api_key=api_key, auth_mode=auth_mode, token=token,
        timeout=timeout, retries=retries, verify=_verify_from(params.get('validate_certs', 'true')))
