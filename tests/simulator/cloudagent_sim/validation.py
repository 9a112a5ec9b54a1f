# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Field rules of the documented endpoints: phone numbers and names, block numbers, list parsing."""

import re

PHONE_NUMBER = re.compile(r'^\+?[0-9]+$')
# 2-50 characters, alphanumerics plus + . @ _ -, first and last alphanumeric (api-reference A.1).
PHONE_NAME = re.compile(r'^[A-Za-z0-9][A-Za-z0-9+.@_-]{0,48}[A-Za-z0-9]$')
BLOCK_NUMBER_CLEANUP = re.compile(r'[\s-]')
EXPIRY_DATE = re.compile(r'^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$')

MSG_NUMBER_NUMERIC = 'phoneNumber must be numeric'
MSG_NUMBER_LENGTH = 'phoneNumber should be between 3 to 17 digits long and allows prefix +'
MSG_NAME_RULES = ('phoneName should be between 2 to 50 alphanumeric characters long allows prefix + and special characters '
                  'like .,@,_,- and Name cannot start and end with Special characters.')


def text(value):
    """A request value as text: numbers become strings, missing stays None."""
    if value is None:
        return None
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, (int, float)):
        return str(value)
    return value if isinstance(value, str) else None


def phone_number_error(number):
    if not PHONE_NUMBER.match(number):
        return MSG_NUMBER_NUMERIC
    if not 3 <= len(number.lstrip('+')) <= 17:
        return MSG_NUMBER_LENGTH
    return None


def phone_name_error(name):
    return None if PHONE_NAME.match(name) else MSG_NAME_RULES


def split_list(value):
    """A comma-separated string (or a JSON array of them) as a list of trimmed, non-empty items."""
    items = value if isinstance(value, list) else [value]
    result = []
    for item in items:
        item = text(item)
        if item is None:
            continue
        result.extend(piece.strip() for piece in item.split(',') if piece.strip())
    return result


class BadBlockNumber(ValueError):
    """A block number that is not numeric at all (decision 13: the whole request is rejected)."""


def normalise_block_number(raw):
    """Decision 12: the server's E.164 form of one number, or None when it is numeric but unusable."""
    cleaned = BLOCK_NUMBER_CLEANUP.sub('', raw)
    if not PHONE_NUMBER.match(cleaned):
        raise BadBlockNumber(raw)
    if cleaned.startswith('+'):
        return cleaned
    if len(cleaned) == 10:
        return '+91' + cleaned
    if len(cleaned) == 11 and cleaned.startswith('0'):
        return '+91' + cleaned[1:]
    if len(cleaned) == 12 and cleaned.startswith('91'):
        return '+' + cleaned
    return None
