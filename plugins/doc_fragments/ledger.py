# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The ledger option, shared by every ozonetel.cloudagent module that uses the known-state store."""

from __future__ import annotations


class ModuleDocFragment:
    DOCUMENTATION = r'''
options:
  ledger:
    description:
      - Where the known-state store (the "ledger") keeps what the modules last applied, for the state the
        CloudAgent API cannot read back (block-number groups, a campaign's dynamic DIDs, a phone's skills).
      - Not set or empty means the directory C(~/.ansible/cloudagent/ledger) on the machine that runs the
        module (normally the controller).
      - A directory path keeps the records there (directories mode 0700, files 0600). A relative path is
        relative to the directory the module runs in; prefer an absolute path.
      - A V(redis://host:6379/0) or V(rediss://host:6380/0) (TLS) URL keeps the records in Redis, shared by
        every controller, AWX/AAP job and team member that uses the same URL. This needs the C(redis) Python
        package. redis-py URL query options such as C(ssl_ca_certs) or C(ssl_cert_reqs) are passed through.
      - Put the Redis password in the E(CLOUDAGENT_LEDGER_PASSWORD) environment variable rather than in the
        URL; a password in the URL is removed from messages and results, but the option value itself may be
        logged by Ansible.
      - Every run against the same account (base URL and user name) must use the same ledger, or the
        modules cannot know what the others applied.
      - If not set, the value of the E(CLOUDAGENT_LEDGER) environment variable is used.
    type: str
notes:
  - The ledger never holds the API key, a token or a password. Records are keyed by base URL, user name,
    kind and identity. Inspect them with M(ozonetel.cloudagent.cloudagent_ledger_info); forget or adopt one
    with M(ozonetel.cloudagent.cloudagent_ledger).
  - Check mode never writes to the ledger.
'''
