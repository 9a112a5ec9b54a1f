# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Without CLOUDAGENT_LIVE=1 and credentials the live suite skips cleanly, saying why, and sends nothing."""

from __future__ import annotations

import os

import pytest

from ansible_collections.ozonetel.cloudagent.tests.live import live_config
from ansible_collections.ozonetel.cloudagent.tests.unit.live_suite.live_runner import run_suite

# Exit codes pytest uses when nothing failed: 0 (tests ran or were skipped), 5 (no test collected).
CLEAN_EXIT = (0, 5)
UNREACHABLE = 'http://127.0.0.1:9'  # nothing listens there: a request would fail the run, not reach anyone


@pytest.mark.parametrize('env', [
    {},
    {'CLOUDAGENT_USERNAME': 'someone', 'CLOUDAGENT_API_KEY': 'KKskip'},
    {'CLOUDAGENT_LIVE': '1'},
    {'CLOUDAGENT_LIVE': '1', 'CLOUDAGENT_USERNAME': 'someone'},
], ids=['nothing set', 'credentials without CLOUDAGENT_LIVE', 'CLOUDAGENT_LIVE without credentials',
        'no API key or token'])
def test_skips_cleanly(tmp_path, env):
    run = run_suite(tmp_path / 'reports', dict(env, CLOUDAGENT_BASE_URL=UNREACHABLE))
    assert run.rc in CLEAN_EXIT, run.stdout
    assert 'skipped: %s' % live_config.SKIP_REASON in run.stdout
    assert ' passed' not in run.stdout and ' failed' not in run.stdout and ' error' not in run.stdout
    assert not os.path.exists(str(tmp_path / 'reports'))


def test_bad_opt_in_is_a_usage_error(tmp_path):
    env = {'CLOUDAGENT_LIVE': '1', 'CLOUDAGENT_USERNAME': 'someone', 'CLOUDAGENT_API_KEY': 'KKbad',
           'CLOUDAGENT_BASE_URL': UNREACHABLE, 'CLOUDAGENT_LIVE_DID_CAMPAIGN': 'Inbound_Sales'}
    run = run_suite(tmp_path, env)
    assert run.rc == 4, run.stdout  # pytest's usage-error exit code: nothing ran
    assert 'CLOUDAGENT_LIVE_DID_CAMPAIGN needs CLOUDAGENT_LIVE_DIDS' in run.stdout


@pytest.mark.parametrize('name,value,message', [
    ('CLOUDAGENT_LIVE_NUMBER_PREFIX', '012345', 'must be 7 digits'),
    ('CLOUDAGENT_LIVE_GROUP', 'someone-elses-group', "must start with 'ca-live-'"),
    ('CLOUDAGENT_REGION', 'eu', 'must be in or intl'),
    ('CLOUDAGENT_BASE_URL', 'ftp://x', 'must start with http'),
])
def test_config_refuses_unusable_values(name, value, message):
    env = {'CLOUDAGENT_LIVE': '1', 'CLOUDAGENT_USERNAME': 'someone', 'CLOUDAGENT_API_KEY': 'KKbad', name: value}
    with pytest.raises(live_config.LiveConfigError, match=message):
        live_config.load(env)


def test_config_defaults():
    config = live_config.load({'CLOUDAGENT_USERNAME': 'someone', 'CLOUDAGENT_API_KEY': 'KKkey'})
    assert config.settings.base_url == 'https://in1-ccaas-api.ozonetel.com'
    assert (config.token_opt_in, config.token_limit_opt_in, config.legacy_opt_in, config.did_campaign) == (
        False, False, False, None)
    assert config.group == 'ca-live-group' and config.number(7) == '5550100007'
    assert config.report_dir.endswith(os.path.join('tests', 'output', 'live'))
