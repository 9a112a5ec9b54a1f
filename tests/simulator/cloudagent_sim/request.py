# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A parsed HTTP request, independent of the socket plumbing, and the context handlers run in."""

import json
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit


class BadJson(ValueError):
    """The body is not a JSON object."""


@dataclass
class Request:
    method: str
    target: str
    headers: dict = field(default_factory=dict)   # lower-case names
    body: bytes = b''

    def __post_init__(self):
        parts = urlsplit(self.target)
        self.path = parts.path
        # parse_qs turns an unencoded '+' into a space, as a PHP server does (the docs' %2B note).
        self.query = {key: values[0] for key, values in parse_qs(parts.query, keep_blank_values=True).items()}
        self._json = None

    def header(self, name):
        return self.headers.get(name.lower())

    def bearer(self):
        parts = (self.header('authorization') or '').split(None, 1)
        return parts[1].strip() if len(parts) == 2 and parts[0].lower() == 'bearer' else None

    def json(self):
        """The body as a dict; an empty body is {}; anything else that is not a JSON object raises BadJson."""
        if self._json is None:
            if not self.body.strip():
                self._json = {}
            else:
                try:
                    value = json.loads(self.body.decode('utf-8'))
                except (UnicodeDecodeError, ValueError) as exc:
                    raise BadJson(str(exc)) from exc
                if not isinstance(value, dict):
                    raise BadJson('not a JSON object')
                self._json = value
        return self._json

    def json_or_none(self):
        try:
            return self.json()
        except BadJson:
            return None


@dataclass
class Context:
    request: Request
    state: object
    clock: object

    @property
    def behaviour(self):
        return self.state.behaviour
