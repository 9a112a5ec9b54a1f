# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Constants and a small requests helper shared by the simulator tests."""

import requests

DEMO_KEY = 'KKdemo00000000000000000000000001'
TOKEN_KEY = 'KKtoken0000000000000000000000002'
TINY_KEY = 'KKtiny00000000000000000000000003'
NODID_KEY = 'KKnodid0000000000000000000000004'


class Api:
    """Thin requests wrapper: a keep-alive session against one simulator."""

    def __init__(self, sim):
        self.sim = sim
        self.session = requests.Session()

    def call(self, method, path, body=None, api_key=None, bearer=None, params=None, data=None, timeout=5):
        headers = {}
        if api_key:
            headers['apiKey'] = api_key
        if bearer:
            headers['Authorization'] = 'Bearer ' + bearer
        return self.session.request(method, self.sim.base_url + path, json=body, data=data, params=params,
                                    headers=headers, timeout=timeout)

    def json(self, method, path, body=None, api_key=DEMO_KEY, **kwargs):
        response = self.call(method, path, body, api_key=api_key, **kwargs)
        assert response.status_code == 200, response.text
        return response.json()

    def token(self, user='token_user', api_key=TOKEN_KEY):
        body = self.json('POST', '/ca_apis/CAToken/generateToken', {'userName': user}, api_key=api_key)
        return body['token']


def user_of(state, name):
    return next(user for user in state['users'] if user['userName'] == name)
