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
MSG_DUPLICATE_REWORDED = 'Group Name Already Exist.'     # same meaning, other wording (issue 14)

# Each question the block-number pages leave open (api-reference section 5, docs/api-contract.md), with every
# defensible reading; the first value is the simulator's default. Registered in state.BEHAVIOUR_CHOICES and
# listed in READINGS so a scenario matrix can run every reading.
SWITCHES = {
    # Decision 9: a second create of one name is refused (in the documented wording or another), or makes a
    # second group of that name.
    'duplicate_group': ('reject', 'reject_reworded', 'create_another'),
    # Create's blockNumbers: a comma-joined string holds several numbers ('split'), or is ONE entry, as the seed's
    # only multi-number answer echoes it ('string_is_one'). A JSON array means the same under both.
    'block_create_numbers': ('split', 'string_is_one'),
    # expiryDate belongs to the group ('group': an update sets it for the group), or to each number as it is sent
    # ('number', seed 002: "the expiry date for the number"; an update sets it only for the numbers it carries).
    'block_expiry_scope': ('group', 'number'),
    # Which key names the group of a delete: id when present else groupName (decision 10), only id/Id (seed 004's
    # error table), only groupName (as update), or neither (seed 004's body has no group key: the numbers leave
    # every group of the account that holds them).
    'block_delete_key': ('id_or_name', 'id', 'group_name', 'neither'),
}
READINGS = tuple(SWITCHES.items())

# Member sets by the id of a group's numbers list (kept with the list itself, so a reused id cannot match):
# membership tests stay O(1) for groups of 50,000 numbers without changing the exported state's shape.
_MEMBER_SETS = {}


def _members(group):
    numbers = group['numbers']
    cached = _MEMBER_SETS.get(id(numbers))
    if cached is None or cached[0] is not numbers or len(cached[1]) != len(numbers):
        cached = (numbers, set(numbers))
        _MEMBER_SETS[id(numbers)] = cached
    return cached[1]


def _add_members(group, numbers):
    """Append the numbers the group does not hold yet (in order); the ones that were new."""
    members = _members(group)
    new = []
    for number in numbers:
        if number not in members:
            members.add(number)
            new.append(number)
    group['numbers'].extend(new)
    return new


def _remove_members(group, numbers):
    """Remove these numbers (a set) from the group; returns nothing, one pass over the list."""
    members = _members(group)
    members.difference_update(numbers)
    group['numbers'][:] = [number for number in group['numbers'] if number in members]


def _set_expiry(ctx, group, numbers, expiry):
    """Reading block_expiry_scope=number: each number carries the expiry it was last sent with."""
    if ctx.behaviour['block_expiry_scope'] == 'number' and expiry is not None:
        per_number = group.setdefault('numberExpiry', {})
        for number in numbers:
            per_number[number] = expiry


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


def _entries(value, one_string):
    """The entries of blockNumbers: comma-split, or (one_string) a string as ONE entry."""
    if not one_string:
        return split_list(value)
    items = value if isinstance(value, list) else [value]
    return [item for item in (text(item) for item in items) if item]


def _classify(value, user, one_string=False):
    """Decisions 11-14: (accepted normalised, rejected as sent) or an error reply."""
    raw_numbers = _entries(value, one_string)
    if len(raw_numbers) > MAX_NUMBERS:
        return None, None, replies.status_error(MSG_TOO_MANY, 'invalid_input')
    accepted, rejected = [], []
    try:
        for raw in raw_numbers:
            # A comma-joined entry is one malformed number: the seed's answer lists it in the error array.
            normal = None if ',' in raw else normalise_block_number(raw)
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


def _find_group(user, body, keys=('id', 'groupName')):
    """Decision 10: id (or Id) when present, else groupName; keys limits which are read. (group, error reply)."""
    for key in ('id', 'Id') if 'id' in keys else ():
        if key in body:
            try:
                group_id = int(body[key])
            except (TypeError, ValueError):
                return None, replies.status_error(MSG_INVALID_GROUP, 'not_found')
            group = next((item for item in user['blockGroups'] if item['id'] == group_id), None)
            return group, (None if group else replies.status_error(MSG_INVALID_GROUP, 'not_found'))
    if 'groupName' in body and 'groupName' in keys:
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
    accepted, rejected, error = _classify(numbers, user, ctx.behaviour['block_create_numbers'] == 'string_is_one')
    if error:
        return error
    duplicate = ctx.behaviour['duplicate_group']
    if duplicate != 'create_another' and any(group['name'] == body['name'] for group in user['blockGroups']):
        return replies.status_error(MSG_DUPLICATE_GROUP if duplicate == 'reject' else MSG_DUPLICATE_REWORDED,
                                    'already_exists')
    group_id = ctx.state.allocate_group_id()
    group = {'id': group_id, 'name': body['name'], 'description': body['description'],
             'expiryDate': body.get('expiryDate'), 'numbers': list(dict.fromkeys(accepted))}
    _set_expiry(ctx, group, group['numbers'], body.get('expiryDate'))
    user['blockGroups'].append(group)
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
    new = _add_members(group, accepted)
    # Decision 17: description and expiry become the ones sent (expiry per number: only for the numbers sent).
    if 'description' in body:
        group['description'] = body['description']
    if ctx.behaviour['block_expiry_scope'] == 'number':
        _set_expiry(ctx, group, accepted, body.get('expiryDate'))
    elif 'expiryDate' in body:
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
    key = ctx.behaviour['block_delete_key']
    if key == 'neither':
        group, error = None, None
    else:
        group, error = _find_group(user, body, {'id_or_name': ('id', 'groupName'), 'id': ('id',),
                                                'group_name': ('groupName',)}[key])
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
    # Reading block_delete_key=neither: no group is named, so the numbers leave every group holding them.
    targets = [group] if group is not None else list(user['blockGroups'])
    removed, missing, gone = [], [], {id(target): set() for target in targets}
    for raw, normal in pairs:
        holders = [target for target in targets if normal and normal in _members(target)
                   and normal not in gone[id(target)]]
        (removed if holders else missing).append(normal if holders else raw)
        for target in holders:
            gone[id(target)].add(normal)
    for target in targets:
        if gone[id(target)]:
            _remove_members(target, gone[id(target)])
    holders = [target['id'] for target in targets if gone[id(target)]]
    echo_id = group['id'] if group is not None else (holders[0] if holders else None)
    return replies.Reply({
        'status': 'success', 'message': 'deleted',
        'input': {'id': echo_id, 'blockNumbers': _echo(numbers)},
        'output': {'success': removed, 'error': missing, 'deleted': len(removed)},
    }, 'success', applied=True)
