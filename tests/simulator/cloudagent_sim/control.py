# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The /_sim/ control API for playbooks and other processes; its calls are never journaled."""

import json

from cloudagent_sim import replies
from cloudagent_sim.request import BadJson

PREFIX = '/_sim/'


def _ok(**extra):
    return replies.Reply(dict({'status': 'ok'}, **extra), documented=False)


def _bad(message, status=400):
    return replies.Reply({'status': 'error', 'message': message}, 'invalid_input', status=status, documented=False)


def _health(app, request):
    del request
    return _ok(base_url=app.base_url, clock=app.clock.now(), clock_offset=app.clock.offset)


def _journal(app, request):
    return replies.Reply(app.journal.entries(request.query.get('kind')), documented=False)


def _clear_journal(app, request):
    del request
    app.journal.clear()
    return _ok()


def _state(app, request):
    del request
    return replies.Reply(app.export_state(), documented=False)


def _set_state(app, request):
    app.set_state(request.json())
    return _ok()


def _faults(app, request):
    body = json.loads(request.body.decode('utf-8') or '{}')
    if isinstance(body, list):
        # A bare JSON array of rules is accepted too.
        body = {'rules': body}
    app.set_faults(body.get('rules', []), body.get('seed'))
    return _ok(rules=app.faults.export())


def _latency(app, request):
    body = request.json()
    app.latency.set(body.get('ms', 0), body.get('path'))
    return _ok(latency=app.latency.export())


def _clock(app, request):
    now = app.clock.advance(request.json().get('advance', 0))
    return _ok(clock=now, clock_offset=app.clock.offset)


def _rate_limits(app, request):
    app.rate_limits.set(request.json().get('limits', {}))
    return _ok(limits=app.rate_limits.export())


def _actors(app, request):
    app.virtual_time.expect(request.json().get('count', 0))
    return _ok(**app.virtual_time.export())


def _sleep(app, request):
    now = app.virtual_time.sleep(request.json().get('seconds', 0))
    return _ok(clock=now, clock_offset=app.clock.offset)


def _actor_done(app, request):
    del request
    app.virtual_time.done()
    return _ok(**app.virtual_time.export())


def _reset(app, request):
    del request
    app.reset()
    return _ok()


ACTIONS = {
    ('GET', 'health'): _health,
    ('GET', 'journal'): _journal,
    ('DELETE', 'journal'): _clear_journal,
    ('GET', 'state'): _state,
    ('PUT', 'state'): _set_state,
    ('PUT', 'faults'): _faults,
    ('PUT', 'latency'): _latency,
    ('POST', 'clock'): _clock,
    ('POST', 'reset'): _reset,
    ('PUT', 'rate_limits'): _rate_limits,
    ('PUT', 'actors'): _actors,
    ('POST', 'sleep'): _sleep,
    ('POST', 'actor_done'): _actor_done,
}


def handle(app, request):
    name = request.path[len(PREFIX):].strip('/')
    action = ACTIONS.get((request.method, name))
    if action is None:
        known = any(key[1] == name for key in ACTIONS)
        return _bad('method not allowed' if known else 'unknown control call', 405 if known else 404)
    try:
        return action(app, request)
    except (BadJson, ValueError, TypeError, KeyError, AttributeError) as exc:
        return _bad('bad control request: %s' % exc)
