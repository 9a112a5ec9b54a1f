# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the live smoke suite may do, read from the environment once.

The suite runs only with CLOUDAGENT_LIVE=1 and credentials; everything that could disturb the account
beyond creating and removing its own ``ca-live-`` objects needs its own opt-in variable.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

from ansible_collections.ozonetel.cloudagent.plugins.module_utils.options import connection_settings

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEFAULT_REPORT_DIR = os.path.join(ROOT, 'tests', 'output', 'live')
PREFIX = 'ca-live-'
DEFAULT_GROUP = PREFIX + 'group'
DEFAULT_NUMBER_PREFIX = '5550100'
TRUE = ('1', 'true', 'yes', 'on')
WRONG_KEY = PREFIX + 'wrong-key-0000000000000000'   # sent on purpose to see the auth-failure answers
MADE_UP_TOKEN = PREFIX + 'made-up.token'

SKIP_REASON = ('live suite: set CLOUDAGENT_LIVE=1 and CLOUDAGENT_USERNAME plus CLOUDAGENT_API_KEY (or CLOUDAGENT_TOKEN '
               'with CLOUDAGENT_AUTH_MODE=token) to check docs/api-contract.md against a real account '
               '(see docs/live-suite.md)')


class LiveConfigError(ValueError):
    """An opt-in variable has a value the suite cannot use; the message names it."""


def _flag(env, name):
    return str(env.get(name, '')).strip().lower() in TRUE


def _list(env, name):
    return [item.strip() for item in str(env.get(name) or '').split(',') if item.strip()]


def skip_reason(env=None):
    """None when the suite may run, else the one reason it is skipped."""
    env = os.environ if env is None else env
    if not _flag(env, 'CLOUDAGENT_LIVE'):
        return SKIP_REASON
    if not env.get('CLOUDAGENT_USERNAME') or not (env.get('CLOUDAGENT_API_KEY') or env.get('CLOUDAGENT_TOKEN')):
        return SKIP_REASON
    return None


@dataclass(frozen=True)
class LiveConfig:
    settings: object          # ConnectionSettings of the collection's client
    token_opt_in: bool        # CLOUDAGENT_LIVE_TOKEN: may call generateToken (revokes the account's other tokens)
    token_limit_opt_in: bool  # CLOUDAGENT_LIVE_TOKEN_LIMIT: may generate tokens until refused (blocks tokens ~1 h)
    legacy_opt_in: bool       # CLOUDAGENT_LIVE_LEGACY: may send the API key in a query string (deprecated API)
    did_campaign: str | None  # CLOUDAGENT_LIVE_DID_CAMPAIGN: a campaign whose dynamic DIDs may be overwritten
    dids: tuple               # CLOUDAGENT_LIVE_DIDS: the dynamic DIDs to leave on it
    fallback_dids: tuple      # CLOUDAGENT_LIVE_FALLBACK_DIDS: the fallback DIDs to leave on it
    group: str                # CLOUDAGENT_LIVE_GROUP: the one block group the suite reuses
    number_prefix: str        # CLOUDAGENT_LIVE_NUMBER_PREFIX: 7 digits; the suite's numbers are prefix + 3 digits
    report_dir: str           # CLOUDAGENT_LIVE_REPORT_DIR

    @property
    def token_mode(self):
        return self.settings.auth_mode == 'token'

    def number(self, suffix):
        """One of the suite's own 10-digit numbers: the prefix and a 3-digit suffix (0-999)."""
        return '%s%03d' % (self.number_prefix, suffix)

    def secrets(self):
        return self.settings.secrets()


def load(env=None):
    """The LiveConfig of this run; LiveConfigError when a variable is set to something unusable."""
    env = os.environ if env is None else env
    region = (env.get('CLOUDAGENT_REGION') or 'in').strip()
    if region not in ('in', 'intl'):
        raise LiveConfigError("CLOUDAGENT_REGION: must be in or intl, got '%s'" % region)
    try:
        settings = connection_settings({
            'username': env.get('CLOUDAGENT_USERNAME'), 'api_key': env.get('CLOUDAGENT_API_KEY'),
            'auth_mode': env.get('CLOUDAGENT_AUTH_MODE') or 'api_key', 'token': env.get('CLOUDAGENT_TOKEN'),
            'region': region, 'base_url': env.get('CLOUDAGENT_BASE_URL'),
            'validate_certs': env.get('CLOUDAGENT_VALIDATE_CERTS', 'true'), 'timeout': 30, 'retries': 3,
        })
    except ValueError as exc:
        raise LiveConfigError(str(exc)) from None
    did_campaign = (env.get('CLOUDAGENT_LIVE_DID_CAMPAIGN') or '').strip() or None
    dids, fallback = _list(env, 'CLOUDAGENT_LIVE_DIDS'), _list(env, 'CLOUDAGENT_LIVE_FALLBACK_DIDS')
    if did_campaign and not (dids and fallback):
        raise LiveConfigError('CLOUDAGENT_LIVE_DID_CAMPAIGN needs CLOUDAGENT_LIVE_DIDS and CLOUDAGENT_LIVE_FALLBACK_DIDS: '
                              'the DIDs the campaign may be left with (they cannot be read back first)')
    prefix = (env.get('CLOUDAGENT_LIVE_NUMBER_PREFIX') or DEFAULT_NUMBER_PREFIX).strip()
    if not re.fullmatch(r'[1-9][0-9]{6}', prefix):
        raise LiveConfigError("CLOUDAGENT_LIVE_NUMBER_PREFIX: must be 7 digits not starting with 0, got '%s'" % prefix)
    group = (env.get('CLOUDAGENT_LIVE_GROUP') or DEFAULT_GROUP).strip()
    if not group.startswith(PREFIX):
        raise LiveConfigError("CLOUDAGENT_LIVE_GROUP: must start with '%s', got '%s'" % (PREFIX, group))
    return LiveConfig(
        settings=settings, token_opt_in=_flag(env, 'CLOUDAGENT_LIVE_TOKEN'),
        token_limit_opt_in=_flag(env, 'CLOUDAGENT_LIVE_TOKEN_LIMIT'), legacy_opt_in=_flag(env, 'CLOUDAGENT_LIVE_LEGACY'),
        did_campaign=did_campaign, dids=tuple(dids), fallback_dids=tuple(fallback), group=group,
        number_prefix=prefix, report_dir=env.get('CLOUDAGENT_LIVE_REPORT_DIR') or DEFAULT_REPORT_DIR)
