# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""One live run: the account's settings, the token in use, the collection's client, observations, verdicts.

Token mode needs a token for every /ca_apis/* call. The suite uses CLOUDAGENT_TOKEN when given; otherwise it
generates one only with CLOUDAGENT_LIVE_TOKEN=1, because a new token revokes every other token of the account
and only 10 may be generated per hour. It never touches the collection's shared token cache.
"""

from __future__ import annotations

import dataclasses

from ansible_collections.ozonetel.cloudagent.plugins.module_utils.client import CloudAgentClient
from ansible_collections.ozonetel.cloudagent.plugins.module_utils.endpoints import endpoint
from ansible_collections.ozonetel.cloudagent.plugins.module_utils.redact import Redactor
from ansible_collections.ozonetel.cloudagent.tests.live.observe import Observer
from ansible_collections.ozonetel.cloudagent.tests.live.verdicts import Check, NotChecked, Verdicts

NO_TOKEN = ('this account is in token mode and the suite has no token: set CLOUDAGENT_TOKEN, or allow the suite to '
            'generate one with CLOUDAGENT_LIVE_TOKEN=1 (that revokes the account\'s other tokens)')


class LiveSession:
    def __init__(self, config):
        self.config = config
        self.redactor = Redactor(config.secrets())
        self.observer = Observer(config.settings, self.redactor)
        self.verdicts = Verdicts()
        self.cleanup_log = []       # (action, outcome) of every clean-up step, for the report
        self.token = config.settings.token
        self.token_observation = None  # the generateToken call this run made, if any
        self.minted = []               # every token this run generated (kept out of every report)
        self.extra_secrets = []        # other secrets the run made up (agent passwords), kept out of every report
        self.shared = {}               # observations two checks share (made once per run)
        self._token_tried = False
        self._clients = {}

    # ---- checks and observations ---------------------------------------------------------------

    def check(self, assumption_id):
        return Check(self.verdicts, assumption_id, self.redactor.text)

    def observe(self, endpoint_name, body, label):
        """Through the collection's client, as production sends it; every outcome is returned."""
        needs_token = endpoint(endpoint_name).auth == 'account'
        return self.observer.via_client(self.client(needs_token), endpoint_name, body, label)

    def raw(self, endpoint_name, label, body=None, api_key=None, bearer=None, params=None, on_body=None):
        ep = endpoint(endpoint_name)
        return self.observer.raw(ep.method, ep.path, label, body=body, api_key=api_key, bearer=bearer, params=params,
                                 family=ep.family, on_body=on_body)

    def account_auth(self):
        """(api_key, bearer) exactly as the client sends them on /ca_apis/* for this account."""
        if self.config.token_mode:
            return None, self.require_token()
        return self.config.settings.api_key, None

    # ---- token and client ----------------------------------------------------------------------

    def generate_token(self, label):
        """One generateToken call, raw so its answer is observable: (observation, token or None).

        A token in the answer joins the redactor before the observation is built, so no report shows it.
        """
        minted = []

        def learn(parsed):
            token = parsed.get('token') if isinstance(parsed, dict) else None
            if isinstance(token, str) and token:
                self.redactor.add(token)
                self.minted.append(token)
                minted.append(token)

        observation = self.raw('token_generate', label, body={'userName': self.config.settings.username},
                               api_key=self.config.settings.api_key or '', on_body=learn)
        return observation, (minted[0] if minted and observation.kind == 'success' else None)

    def require_token(self):
        if self.token:
            return self.token
        if not self.config.token_opt_in:
            raise NotChecked(NO_TOKEN)
        if not self._token_tried:
            self._token_tried = True
            self.token_observation, token = self._mint_for_run()
            if token:
                self.token = token
        if not self.token:
            raise NotChecked('generateToken gave no token: %s' % self.token_observation.short())
        return self.token

    def _mint_for_run(self):
        return self.generate_token('generateToken for this run (CLOUDAGENT_LIVE_TOKEN=1)')

    def client(self, needs_token=True):
        """The collection's client for this account; in token mode bound to the run's token (never cached).

        needs_token=False is for endpoints that carry the API key themselves (dynamic DIDs, the legacy API).
        """
        settings = self.config.settings
        if self.config.token_mode and needs_token:
            settings = dataclasses.replace(settings, token=self.require_token())
        key = settings.token or ''
        if key not in self._clients:
            self._clients[key] = CloudAgentClient(settings, use_token_cache=False)
        return self._clients[key]

    def secrets(self):
        return list(self.config.secrets()) + list(self.minted) + list(self.extra_secrets)

    def close(self):
        for client in self._clients.values():
            client.close()
        self.observer.close()
