# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Block-number groups: createBlockNumber, updateBlockNumbers, deleteBlockNumber (api-reference A.3, decisions 9-17)."""

from cloudagent_sim import replies
from cloudagent_sim.auth import authenticate
from cloudagent_sim.request import BadJson
from cloudagent_sim.validation import EXPIRY_DATE, BadBlockNumber, normalise_block_number, split_list, text

MAX_NUMBERS = 100
MSG_AUTH = 'Authentication failed'
MSG_MANDATORY = 'Parameters are mandatory'
MSG_INVALID_GROUP = 'Invalid group id'
MSG_DUPLICATE_GROUP = 'Group name already exists'          # decision 9
MSG_TOO_MANY = 'Maximum 100 numbers allowed per request'   # decision 14
MSG_BAD_NUMBERS = 'Blocknumbers data contains invalid format of numbers'
MSG_EXPIRY = 'expiryDate must be in YYYY-MM-DD HH:MM:SS format'   # simulator choice: format not documented


def _auth_failed():
    return replies.status_error(MSG_AUTH, 'auth_failed')


def _invalid_data(errors):
    return replies.Reply({'status': 'error', 'message': 'invalid data', 'errors': errors}, 'invalid_input')


def _mandatory():
    return replies.status_error(MSG_MANDATORY, 'invalid_input')


def _start(ctx):
    try:
        body = ctx.request.json()
    except BadJson:
        return None, None, replies.invalid_json()
    user, failure = authenticate(ctx, body.get('userName'), _auth_failed)
    return body, user, failure


def _numbers_value(body):
    """blockNumbers, or the singular blockNumber of the seed cURL; (present?, value)."""
    for key in ('blockNumbers', 'blockNumber'):
        if key in body:
            return True, body[key]
    return False, None


def _echo(value):
    # The documented echo is a list: a string arrives back as a one-element list.
    return value if isinstance(value, list) else [value]


def _classify(value, user):
    """Decisions 11-14: (accepted normalised, rejected as sent) or an error reply."""
    raw_numbers = split_list(value)
    if len(raw_numbers) > MAX_NUMBERS:
        return None, None, replies.status_error(MSG_TOO_MANY, 'invalid_input')
    accepted, rejected = [], []
    try:
        for raw in raw_numbers:
            normal = normalise_block_number(raw)
            if normal in user['unblockable']:
                normal = None
            (accepted if normal else rejected).append(normal or raw)
    except BadBlockNumber:
        return None, None, _invalid_data({'blockNumbers': MSG_BAD_NUMBERS})
    return accepted, rejected, None


def _length_error(value):
    # The documented message says "Name (...)" for the description too.
    value = text(value) or ''
    if not 2 <= len(value) <= 50:
        return _invalid_data({'name': 'Name (%s) allows 2 to 50 characters only' % value})
    return None


def _expiry_error(body):
    expiry = body.get('expiryDate')
    if expiry is not None and not (isinstance(expiry, str) and EXPIRY_DATE.match(expiry)):
        return _invalid_data({'expiryDate': MSG_EXPIRY})
    return None


def _find_group(user, body):
    """Decision 10: id (or Id) when present, else groupName. (group, error reply)."""
    for key in ('id', 'Id'):
        if key in body:
            try:
                group_id = int(body[key])
            except (TypeError, ValueError):
                return None, replies.status_error(MSG_INVALID_GROUP, 'not_found')
            group = next((item for item in user['blockGroups'] if item['id'] == group_id), None)
            return group, (None if group else replies.status_error(MSG_INVALID_GROUP, 'not_found'))
    if 'groupName' in body:
        group = next((item for item in user['blockGroups'] if item['name'] == body['groupName']), None)
        return group, (None if group else replies.status_error(MSG_INVALID_GROUP, 'not_found'))
    return None, _mandatory()


def create(ctx):
    body, user, failure = _start(ctx)
    if failure:
        return failure
    present, numbers = _numbers_value(body)
    if 'name' not in body or 'description' not in body or not present:
        return _mandatory()
    error = _length_error(body['name']) or _length_error(body['description']) or _expiry_error(body)
    if error:
        return error
    accepted, rejected, error = _classify(numbers, user)
    if error:
        return error
    if ctx.behaviour['duplicate_group'] == 'reject' and any(group['name'] == body['name'] for group in user['blockGroups']):
        return replies.status_error(MSG_DUPLICATE_GROUP, 'already_exists')
    group_id = ctx.state.allocate_group_id()
    user['blockGroups'].append({
        'id': group_id, 'name': body['name'], 'description': body['description'],
        'expiryDate': body.get('expiryDate'), 'numbers': list(dict.fromkeys(accepted)),
    })
    return replies.Reply({
        'status': 'success', 'message': 'created',
        'input': {'name': body['name'], 'description': body['description'], 'blockNumbers': _echo(numbers)},
        'output': {'affectedRows': 1, 'lastInsertId': group_id, 'succes': accepted, 'error': rejected},
    }, 'success', applied=True)


def update(ctx):
    body, user, failure = _start(ctx)
    if failure:
        return failure
    present, numbers = _numbers_value(body)
    if not present:
        return _mandatory()
    group, error = _find_group(user, body)
    if error:
        return error
    error = (_length_error(body['description']) if 'description' in body else None) or _expiry_error(body)
    if error:
        return error
    accepted, rejected, error = _classify(numbers, user)
    if error:
        return error
    new = [number for number in dict.fromkeys(accepted) if number not in group['numbers']]
    group['numbers'].extend(new)
    # Decision 17: description and expiry become the ones sent.
    if 'description' in body:
        group['description'] = body['description']
    if 'expiryDate' in body:
        group['expiryDate'] = body['expiryDate']
    return replies.Reply({
        'status': 'success', 'message': 'updated',
        'input': {'id': group['id'], 'blockNumbers': _echo(numbers)},
        'output': {'succes': accepted, 'error': rejected, 'new': len(new), 'inserted': len(new)},
    }, 'success', applied=True)


def delete(ctx):
    body, user, failure = _start(ctx)
    if failure:
        return failure
    present, numbers = _numbers_value(body)
    group, error = _find_group(user, body)
    if error:
        return error
    if not present:
        return _mandatory()
    raw_numbers = split_list(numbers)
    if len(raw_numbers) > MAX_NUMBERS:
        return replies.status_error(MSG_TOO_MANY, 'invalid_input')
    try:
        # Check every number before touching the group: a bad one rejects the whole request (decision 13).
        pairs = [(raw, normalise_block_number(raw)) for raw in raw_numbers]
    except BadBlockNumber:
        return _invalid_data({'blockNumbers': MSG_BAD_NUMBERS})
    removed, missing = [], []
    for raw, normal in pairs:
        if normal and normal in group['numbers']:
            group['numbers'].remove(normal)
            removed.append(normal)
        else:
            missing.append(raw)
    return replies.Reply({
        'status': 'success', 'message': 'deleted',
        'input': {'id': group['id'], 'blockNumbers': _echo(numbers)},
        'output': {'success': removed, 'error': missing, 'deleted': len(removed)},
    }, 'success', applied=True)
