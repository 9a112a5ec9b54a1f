# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""--token-log / Simulator(token_log=...): every minted token is appended to a file for secret scans."""

import os
import signal
import stat
import subprocess
import sys
import time

import requests

import cloudagent_sim
from cloudagent_sim import Simulator
from cloudagent_sim.token_log import read_tokens
from sim_helpers import Api, TOKEN_KEY

SIM_DIR = os.path.dirname(os.path.dirname(os.path.abspath(cloudagent_sim.__file__)))
GENERATE = '/ca_apis/CAToken/generateToken'


def test_every_minted_token_and_nothing_else(tmp_path):
    log = tmp_path / 'tokens.log'
    with Simulator(token_log=str(log)) as sim:
        api = Api(sim)
        minted = [api.token() for _index in range(3)]
        assert api.call('POST', GENERATE, {'userName': 'token_user'}, api_key='KKwrong').json()['status'] == 'false'
        assert api.call('POST', GENERATE, {'userName': 'demo_user'}, api_key='KKdemo00000000000000000000000001'
                        ).json()['message'] == 'Invalid action.'
        sim.reset()  # the log is append-only: a reset keeps what was minted
        minted.append(api.token())
    assert read_tokens(str(log)) == minted
    assert len(set(minted)) == 4
    assert stat.S_IMODE(os.stat(str(log)).st_mode) == 0o600


def test_no_log_without_the_option(tmp_path):
    with Simulator() as sim:
        Api(sim).token()
    assert os.listdir(str(tmp_path)) == []
    assert read_tokens(str(tmp_path / 'absent.log')) == []


def test_cli_token_log_appends_across_runs(tmp_path):
    log = tmp_path / 'tokens.log'
    env = dict(os.environ, PYTHONPATH=SIM_DIR)
    seen = []
    for run in range(2):
        url_file = tmp_path / ('url%d' % run)
        proc = subprocess.Popen([sys.executable, '-m', 'cloudagent_sim', '--port', '0', '--url-file', str(url_file),
                                 '--token-log', str(log)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                                text=True)
        try:
            deadline = time.time() + 10
            while not url_file.exists() and time.time() < deadline:
                time.sleep(0.02)
            url = url_file.read_text().strip()
            response = requests.post(url + GENERATE, json={'userName': 'token_user'}, headers={'apiKey': TOKEN_KEY},
                                     timeout=5)
            seen.append(response.json()['token'])
            proc.send_signal(signal.SIGTERM)
            proc.communicate(timeout=10)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        assert proc.returncode == 0
    assert read_tokens(str(log)) == seen
