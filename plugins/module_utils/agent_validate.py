# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Input rules of one agent, as the createAgent/updateAgent pages state them (shared/agents-api.md 2.1, 2.2).

Each function returns the canonical value or raises ValidationError naming the field and the rule, so bad
input is refused before any request. A value the pages give no rule for (agentId, sipLocation, autoAnswer)
only has to be a non-empty string without spaces or commas where the API lists values comma-separated.
"""

from __future__ import annotations

import re

from ansible_collections.ozonetel.cloudagent.plugins.module_utils import validate
from ansible_collections.ozonetel.cloudagent.plugins.module_utils.errors import ValidationError

MODE_FLAGS = ('inbound', 'manual', 'preview', 'progressive', 'chat', 'blended', 'blended_inbound', 'blended_manual',
              'blended_preview', 'blended_progressive', 'blended_chat')
_AGENT_ID = re.compile(r'^[A-Za-z0-9._@-]{1,50}$')
_AGENT_NAME = re.compile(r'^[A-Za-z0-9.@_-]{2,50}$')
_AGENT_DATA = re.compile(r'^[A-Za-z0-9.@_-]{2,100}$')
_EMAIL = re.compile(r'^[^@\s,]+@[^@\s,]+\.[^@\s,]+$')


def _text(value, field):
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise ValidationError(field, 'must be a string, got %s' % type(value).__name__, rule='type')
    return str(value).strip()


def agent_id(value, field='agent_id'):
    text = _text(value, field) if value is not None else ''
    if not _AGENT_ID.match(text):
        raise ValidationError(field, "'%s' is not an agent id: 1 to 50 letters, digits and . _ @ -" % text,
                              rule='agent_id', value=value)
    return text


def agent_name(value, field='name'):
    text = _text(value, field)
    if not _AGENT_NAME.match(text):
        raise ValidationError(field, "'%s' is not an agent name: 2 to 50 letters, digits and . @ _ - (no spaces)" % text,
                              rule='agent_name', value=value)
    return text


def email(value, field='email'):
    text = _text(value, field)
    if not _EMAIL.match(text):
        raise ValidationError(field, "'%s' is not an email address" % text, rule='email', value=value)
    return text


def password(value, field='password'):
    """3 to 50 characters; the message never shows the value."""
    if not isinstance(value, str) or not 3 <= len(value) <= 50:
        raise ValidationError(field, 'must be 3 to 50 characters', rule='password')
    return value


def agent_data(value, field='agent_data'):
    text = _text(value, field)
    if not _AGENT_DATA.match(text):
        raise ValidationError(field, "'%s' is not valid agent data: 2 to 100 letters, digits and . @ _ - (no spaces or "
                                     'commas)' % text, rule='agent_data', value=value)
    return text


def plain_word(value, field):
    """sipLocation, autoAnswer: no rule on the pages; refuse what cannot be one value."""
    text = _text(value, field)
    if not text or ',' in text:
        raise ValidationError(field, "'%s' must be a non-empty value without commas" % text, rule='word', value=value)
    return text


def group_names(values, field='groups'):
    """Agent groups travel comma-separated (assignAgentGroups): a name may not hold a comma."""
    if not isinstance(values, (list, tuple)):
        raise ValidationError(field, 'must be a list of agent group names', rule='type')
    return sorted({plain_word(value, '%s[%d]' % (field, index)) for index, value in enumerate(values)}, key=str.casefold)


def skills(values, field='skills'):
    """[(name, priority or None)] sorted by name; an entry is a name or {name, priority 1-9} (1 is the highest)."""
    if not isinstance(values, (list, tuple)):
        raise ValidationError(field, 'must be a list of skill names or {name, priority} entries', rule='type')
    found = {}
    for index, entry in enumerate(values):
        where = '%s[%d]' % (field, index)
        priority = None
        if isinstance(entry, dict):
            unknown = sorted(set(entry) - {'name', 'priority'})
            if unknown:
                raise ValidationError(where, 'unknown key(s) %s; an entry has name and priority' % ', '.join(unknown),
                                      rule='type')
            priority = entry.get('priority')
            if priority is not None and (isinstance(priority, bool) or not isinstance(priority, int)
                                         or not 1 <= priority <= 9):
                raise ValidationError(where + '.priority', 'must be a whole number from 1 (highest) to 9', rule='range')
            entry = entry.get('name')
        name = validate.skill_name(entry, where)
        if name.casefold() in found:
            raise ValidationError(where, "skill '%s' is listed twice" % name, rule='duplicate')
        found[name.casefold()] = (name, priority)
    return sorted(found.values(), key=lambda pair: pair[0].casefold())


def modes(value, field='modes'):
    if not isinstance(value, dict):
        raise ValidationError(field, 'must be a mapping of mode flags to true/false', rule='type')
    unknown = sorted(set(value) - set(MODE_FLAGS))
    if unknown:
        raise ValidationError(field, 'unknown mode(s) %s; known: %s' % (', '.join(unknown), ', '.join(MODE_FLAGS)),
                              rule='choice')
    for key, flag in value.items():
        if not isinstance(flag, bool):
            raise ValidationError('%s.%s' % (field, key), 'must be true or false', rule='type')
    return dict(sorted(value.items()))
