# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Connection options shared by every ozonetel.cloudagent module."""

from __future__ import annotations


class ModuleDocFragment:
    DOCUMENTATION = r'''
options:
  username:
    description:
      - The CloudAgent account user name (C(userName) in the API).
      - If not set, the value of the E(CLOUDAGENT_USERNAME) environment variable is used.
    type: str
    required: true
  api_key:
    description:
      - The account API key from CloudAgent Admin > Edit User.
      - If not set, the value of the E(CLOUDAGENT_API_KEY) environment variable is used.
      - Required by every module that calls the API, unless O(auth_mode=token) and O(token) is given.
        M(ozonetel.cloudagent.cloudagent_ledger) and M(ozonetel.cloudagent.cloudagent_ledger_info) call no API and
        never need it.
    type: str
  auth_mode:
    description:
      - How calls authenticate. It must match the account's C(API Authentication) admin setting.
      - V(api_key) sends the API key in an C(apiKey) header (account setting C(BASIC_AUTH)).
      - V(token) sends an C(Authorization) header with a Bearer token (account setting C(TOKEN_AUTH)). A token is
        generated once and shared by every task, fork and later run through a controller-side cache,
        because the API allows only 10 tokens an hour and each new one revokes the older ones.
      - If not set, the value of the E(CLOUDAGENT_AUTH_MODE) environment variable is used.
    type: str
    choices: [api_key, token]
    default: api_key
  token:
    description:
      - A token generated beforehand. When set in O(auth_mode=token), no token is generated.
      - If not set, the value of the E(CLOUDAGENT_TOKEN) environment variable is used.
    type: str
  region:
    description:
      - Which CloudAgent API host to use. V(in) is C(in1-ccaas-api.ozonetel.com) (domestic, India),
        V(intl) is C(api.ccaas.ozonetel.com) (international).
      - Ignored when O(base_url) is set.
      - If not set, the value of the E(CLOUDAGENT_REGION) environment variable is used.
    type: str
    choices: [in, intl]
    default: in
  base_url:
    description:
      - Full base URL of the API, for partner deployments and the local simulator. Overrides O(region).
      - If not set, the value of the E(CLOUDAGENT_BASE_URL) environment variable is used.
    type: str
  timeout:
    description:
      - Seconds to wait for each HTTP response.
      - If not set, the value of the E(CLOUDAGENT_TIMEOUT) environment variable is used.
    type: float
    default: 30
  retries:
    description:
      - How many times a rate-limited call, or a read that met a server or connection error, is retried.
      - Retries use capped exponential backoff with jitter, honour C(Retry-After), and stop when a total
        time budget of 10 times O(timeout) is spent.
      - If not set, the value of the E(CLOUDAGENT_RETRIES) environment variable is used.
    type: int
    default: 5
  validate_certs:
    description:
      - Verify the server's TLS certificate. V(true) uses the system CA store; a path to a CA bundle
        file verifies against that bundle instead. V(false) disables verification (not recommended).
      - If not set, the value of the E(CLOUDAGENT_VALIDATE_CERTS) environment variable is used.
    type: str
    default: 'true'
requirements:
  - requests >= 2.25
notes:
  - Modules talk to the CloudAgent API from the machine they run on. Run them on the controller
    (a play for C(localhost)) or delegate the task to C(localhost).
  - Every module of the collection accepts every connection option, O(ledger) and O(parallel), so they can be set
    once for all of them through the C(group/ozonetel.cloudagent.cloudagent) action group in C(module_defaults).
    A module that does not use one of them says so in its notes.
'''
