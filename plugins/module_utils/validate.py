# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Input rules and canonical forms, one definition each, shared by every module.

Every function takes the user's value and the field path used in messages, returns the canonical
form used for comparisons and requests, and raises ValidationError naming the field and the rule.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

from ansible_collections.ozonetel.cloudagent.plugins.module_utils.errors import ValidationError

# Separators people type inside numbers; the API accepts digits with an optional leading '+'.
_NUMBER_SEPARATORS = re.compile(r'[\s\-().]')
_PHONE_NUMBER = re.compile(r'^\+?[0-9]{3,17}$')  # ASCII only: \d also matches Devanagari or Arabic-Indic digits
# 2-50 characters: letters, digits and + . @ _ -, not starting or ending with a special character.
_PHONE_NAME = re.compile(r'^[A-Za-z0-9][A-Za-z0-9+.@_-]{0,48}[A-Za-z0-9]$')
EXPIRY_FORMAT = '%Y-%m-%d %H:%M:%S'
MAX_NUMBERS_PER_REQUEST = 100
LAST_TIME_ZONE = timedelta(hours=12)  # UTC-12: the last zone to reach a given wall-clock time


def _text(value, field):
    if value is None:
        raise ValidationError(field, 'is required')
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise ValidationError(field, 'must be a string, got %s' % type(value).__name__, value=value)
    return str(value).strip()


def phone_number(value, field='number'):
    """Canonical phone number: separators removed, digits with an optional leading '+', 3 to 17 digits."""
    text = _NUMBER_SEPARATORS.sub('', _text(value, field))
    if not _PHONE_NUMBER.match(text):
        raise ValidationError(
            field, "'%s' is not a phone number: use digits with an optional leading +, 3 to 17 digits" % value,
            rule='phone_number', value=value)
    return text


def phone_name(value, field='name'):
    """A phone name as the API accepts it (compare with name_key(): the API ignores case)."""
    text = _text(value, field)
    if not _PHONE_NAME.match(text):
        raise ValidationError(
            field, "'%s' is not a valid phone name: 2 to 50 letters, digits and + . @ _ -, "
                   'not starting or ending with a special character' % value, rule='phone_name', value=value)
    return text


def _indian_local(number):
    """The 10 local digits of a number spelled as an Indian one (10 digits, 0 + 10, 91 + 10, +91 + 10), else None."""
    if number.startswith('+91') and len(number) == 13:
        return number[3:]
    if number.startswith('+') or not number.isdigit():
        return None
    if len(number) == 12 and number.startswith('91'):
        return number[2:]
    if len(number) == 11 and number.startswith('0'):
        return number[1:]
    return number if len(number) == 10 else None


def indian_spellings(number):
    """Every spelling of the same Indian number, the given one first; [number] for any other number.

    Phones keep their number as typed (the phone API stores and matches it exactly, so changing the form
    would edit every existing phone), while the server stores block numbers as +91...: a lookup by number
    therefore tries the other spellings when the given one is not found.
    """
    local = _indian_local(number)
    if local is None:
        return [number]
    return [number] + [s for s in (local, '0' + local, '91' + local, '+91' + local) if s != number]


def number_key(number):
    """Comparison key of a phone number within one task: +91 + 10 digits for an Indian number, else itself."""
    local = _indian_local(number)
    return number if local is None else '+91' + local


def name_key(name):
    """Comparison key for names the API treats case-insensitively."""
    return name.casefold()


def skill_name(value, field='skills'):
    text = _text(value, field)
    if not text or ',' in text:
        raise ValidationError(field, "'%s' is not a skill name: it must be non-empty and contain no comma" % value,
                              rule='skill_name', value=value)
    return text


def skill_set(values, field='skills'):
    """Skills as a sorted list without duplicates (skills are a set; sorting makes results stable)."""
    if not isinstance(values, (list, tuple)):
        raise ValidationError(field, 'must be a list of skill names', rule='type', value=values)
    return sorted({skill_name(v, '%s[%d]' % (field, i)) for i, v in enumerate(values)})


def group_text(value, field):
    """Block-group name or description: 2 to 50 characters (the API's 'allows 2 to 50 characters only')."""
    text = _text(value, field)
    if not 2 <= len(text) <= 50:
        raise ValidationError(field, "'%s' must be 2 to 50 characters long" % value, rule='length', value=value)
    return text


def expiry_date(value, field='expiry', now=None):
    """An expiry date in the API's form, refused when it has passed: a group created with it blocks nothing.

    The API names no time zone, so a date is refused only when it has passed in every zone (UTC-12 is the
    last to reach it); now is the current UTC time (injected by tests).
    """
    text = _text(value, field)
    try:
        when = datetime.strptime(text, EXPIRY_FORMAT)
    except ValueError:
        raise ValidationError(field, "'%s' is not a date in the form YYYY-MM-DD HH:MM:SS" % value,
                              rule='expiry_date', value=value) from None
    now = now or datetime.now(timezone.utc).replace(tzinfo=None)
    if when < now - LAST_TIME_ZONE:
        raise ValidationError(field, "'%s' is in the past, so the numbers would never be blocked: give a future "
                                     'date' % text, rule='future', value=value)
    return text


def parallel_count(value, field='parallel'):
    """The bulk option parallel: 1 or more (0 or a negative number used to run as 1, silently)."""
    if value is not None and value < 1:
        raise ValidationError(field, 'must be 1 or more, got %d' % value, rule='minimum', value=value)
    return value


def block_number(value, field='numbers'):
    """A block number in the form the server stores it (E.164 with +91 for Indian numbers).

    Mirrors the server's normalisation documented in docs/api-contract.md (decision 12), so that what we
    compare and record is what the server reports back.
    """
    raw = _text(value, field)
    text = _NUMBER_SEPARATORS.sub('', raw)
    digits = text[1:] if text.startswith('+') else text
    if digits.isascii() and digits.isdigit():
        if text.startswith('+') and 8 <= len(digits) <= 15:
            return text
        if not text.startswith('+'):
            if len(digits) == 10:
                return '+91' + digits
            if len(digits) == 11 and digits.startswith('0'):
                return '+91' + digits[1:]
            if len(digits) == 12 and digits.startswith('91'):
                return '+' + digits
    raise ValidationError(
        field, "'%s' is not a blockable number: use +<country code><number> (8 to 15 digits), or an Indian "
               'number as 10 digits, 0 + 10 digits or 91 + 10 digits' % raw, rule='block_number', value=value)


def did_number(value, field='dids'):
    """A DID as the account lists it: digits with an optional leading '+', separators removed."""
    return phone_number(value, field)


def did_list(values, field):
    """DIDs in order, without duplicates (order matters: the API dials them round-robin)."""
    if not isinstance(values, (list, tuple)) or not values:
        raise ValidationError(field, 'must be a non-empty list of DIDs (the API requires both lists)',
                              rule='required', value=values)
    seen, result = set(), []
    for index, value in enumerate(values):
        did = did_number(value, '%s[%d]' % (field, index))
        if did in seen:
            raise ValidationError('%s[%d]' % (field, index), "'%s' is listed twice" % value, rule='duplicate', value=value)
        seen.add(did)
        result.append(did)
    return result


def chunks(items, size=MAX_NUMBERS_PER_REQUEST):
    """Split a list into request-sized pieces, keeping order."""
    return [items[i:i + size] for i in range(0, len(items), size)]


# Options holding phone numbers, block numbers or DIDs, wherever they appear (top level or in a bulk item).
NUMBER_OPTIONS = frozenset(('number', 'numbers', 'dynamic_dids', 'fallback_dids'))


def yaml_number_problem(value, field):
    """The message for a number option that arrived as a YAML integer or float, or None for anything else.

    YAML 1.1 reads unquoted digits as a number: 04412345670 is octal (606718904), +919876500201 loses its +,
    98765.43210 is a float. Ansible then turns the number into a string for a str option, so the module
    would use digits the user never wrote; an integer is therefore refused, never converted.
    """
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    kind = 'float %r' % value if isinstance(value, float) else 'integer %d' % value
    octal = ', 0%o unquoted is octal for %d' % (value, value) if isinstance(value, int) and value > 7 else ''
    return ('%s: is the %s, not a string: YAML converts an unquoted number (a leading + is dropped%s); quote '
            'the number as written, e.g. "09876543210"' % (field, kind, octal))


def yaml_numbers(params, spec, path=''):
    """Every number option of params (the raw module arguments, before Ansible's conversion) given as a YAML
    number: a list of messages in the order the options appear, empty when there is none."""
    problems = []
    for key, value in (params or {}).items():
        field = path + key
        if key in NUMBER_OPTIONS:
            values = value if isinstance(value, list) else [value]
            for index, entry in enumerate(values):
                where = '%s[%d]' % (field, index) if isinstance(value, list) else field
                message = yaml_number_problem(entry, where)
                if message:
                    problems.append(message)
            continue
        options = (spec.get(key) or {}).get('options') if isinstance(spec, dict) else None
        if options and isinstance(value, list):
            for index, item in enumerate(value):
                if isinstance(item, dict):
                    problems.extend(yaml_numbers(item, options, '%s[%d].' % (field, index)))
    return problems
