# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""One-line messages of bounded length: long lists are summarised, the full detail stays in the result.

A person reads `msg`; a program reads the structured fields next to it. So a message names the count and
the first few entries, and says which result field holds all of them.
"""

from __future__ import annotations

MAX_MESSAGE = 300   # characters in any msg the collection prints
MAX_PART = 120      # characters of one entry inside a summary
MAX_FIELDS = 90     # characters of the field names listed in 'Invalid input (N problems: ...)'


def one_line(text):
    """text with every run of whitespace (newlines included) folded into one space."""
    return ' '.join(str(text).split())


def clip(text, limit):
    text = one_line(text)
    return text if len(text) <= limit else text[:max(0, limit - 3)].rstrip() + '...'


def summarise(head, parts, where, limit=MAX_MESSAGE, part_limit=MAX_PART):
    """'<head>: <part>; <part>; ... and N more (all in <where>)', at most `limit` characters.

    Parts are shown in order, each clipped to part_limit, as many as fit; at least the first one.
    """
    parts = [one_line(part) for part in parts]
    if not parts:
        return clip(head, limit)
    whole = '%s: %s' % (head, '; '.join(parts))
    if len(whole) <= limit or len(parts) == 1:
        return clip(whole, limit)  # everything fits, or one entry that may use the whole line
    shown = []
    for index, part in enumerate(parts):
        rest = len(parts) - index - 1
        tail = '; ... and %d more (all in %s)' % (rest, where) if rest else ''
        candidate = '%s: %s%s' % (head, '; '.join(shown + [clip(part, part_limit)]), tail)
        if len(candidate) > limit and shown:
            break
        shown.append(clip(part, part_limit))
    hidden = len(parts) - len(shown)
    tail = '; ... and %d more (all in %s)' % (hidden, where) if hidden else ''
    # The tail says where the rest is: it is never cut, the entries are.
    return clip('%s: %s' % (head, '; '.join(shown)), limit - len(tail)) + tail


def problems_message(messages, shown_fields=6):
    """'Invalid input (N problems: field, field, ...): first message; ...' for '<field>: <rule>' messages."""
    if len(messages) == 1:
        return clip('Invalid input: %s' % messages[0], MAX_MESSAGE)
    fields = [message.split(': ', 1)[0] for message in messages]
    names = []
    for field in fields[:shown_fields]:
        if names and len(', '.join(names + [field])) > MAX_FIELDS:
            break
        names.append(field)
    if len(fields) > len(names):
        names.append('%d more' % (len(fields) - len(names)))
    return summarise('Invalid input (%d problems: %s)' % (len(messages), ', '.join(names)), messages, 'errors')
