# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What a handler hands back, the response families of the API, and how a reply becomes bytes."""

import json
from dataclasses import dataclass, field
from http import HTTPStatus

# Outcomes that are not errors: the http_errors=rest switch leaves them at HTTP 200.
NON_ERROR_OUTCOMES = frozenset(('success', 'partial'))
MAX_LIMIT_BODY = {'message': 'Max limit exceeded', 'status': 'error'}


@dataclass
class Reply:
    """One response. ``action`` is respond, reset (close without a response) or hang (wait ``delay`` then close)."""

    body: object
    outcome: str = 'success'
    status: int = 200
    applied: bool = False
    headers: dict = field(default_factory=dict)
    content_type: str = 'application/json'
    documented: bool = True
    action: str = 'respond'
    delay: float = 0.0

    def payload(self):
        if isinstance(self.body, bytes):
            return self.body
        if isinstance(self.body, str):
            return self.body.encode('utf-8')
        return json.dumps(self.body, separators=(',', ':')).encode('utf-8')


def status_error(message, outcome):
    """The ca_apis family: {"status": "error", "message": ...}."""
    return Reply({'status': 'error', 'message': message}, outcome)


def status_success(message, outcome='success', applied=True):
    return Reply({'status': 'success', 'message': message}, outcome, applied=applied)


def token_layer(message, outcome='auth_failed'):
    """The token layer in front of /ca_apis/* (api-reference 2.3, 2.4)."""
    return Reply({'status': 'false', 'message': message, 'data': None}, outcome)


def invalid_json():
    # Borrowed from the live-verified CDR endpoint (api-reference B.3): the ca_apis answer to a body that is not JSON.
    return token_layer('Invalid Json Pass Valid Json', 'invalid_input')


def rate_limited(status, retry_after):
    headers = {'Retry-After': str(int(retry_after))} if retry_after is not None else {}
    return Reply(dict(MAX_LIMIT_BODY), 'rate_limited', status=int(status), headers=headers, documented=False)


def html_page(status, text):
    reason = HTTPStatus(status).phrase
    page = '<html><head><title>%d %s</title></head><body><h1>%d %s</h1><p>%s</p></body></html>' % (status, reason, status, reason, text)
    return page


def html_reply(status, text, outcome):
    return Reply(html_page(status, text), outcome, status=status, content_type='text/html; charset=utf-8', documented=False)


def spring_error(status, error, path, timestamp):
    """Spring Boot's default error body, as documented for the dynamic DID endpoint."""
    body = {'timestamp': timestamp, 'status': status, 'error': error, 'path': path}
    outcome = 'server_error' if status >= 500 else 'invalid_input'
    return Reply(body, outcome, status=status, documented=False)


def rest_status(outcome):
    """HTTP status of a documented error body when behaviour http_errors is "rest" (decision 1)."""
    return {'auth_failed': 401, 'not_found': 404, 'already_exists': 409}.get(outcome, 400)
