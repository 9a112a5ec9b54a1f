#!/usr/bin/env python
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Reject tests that assert on elapsed wall time (`make lint`).

These machines are shared: an assertion on how long something took makes landing a matter of luck.
Performance belongs in `make bench`. A value is "timed" when it comes from a clock call
(time.monotonic, perf_counter, time.time, ...) or from a function that returns such a value; an
`assert` (or a pytest.approx comparison inside one) that uses a timed value is reported. Clock calls
used for deadlines in wait loops or for file names are fine: they are never asserted.

Values are followed through names, through the items and attributes they are stored in (d["t"] = elapsed,
then assert d["t"] < 5; an item is told apart from its siblings, so assert d["count"] == 3 is fine), through
containers they are appended to, through for-loop and comprehension targets, and across functions of one
file: a helper that returns a timed value, one that stores it in an argument the caller passed
(measure(out) filling out["t"]), and one that stores it in a module-level container.

Usage: check_timed_asserts.py [PATH ...]   (default: tests/)   exit 1 when anything is found.
"""
import ast
import os
import sys

CLOCKS = {'monotonic', 'monotonic_ns', 'perf_counter', 'perf_counter_ns', 'time', 'time_ns',
          'process_time', 'process_time_ns'}
# Methods that put their arguments into the container they are called on.
FILLING_METHODS = {'append', 'extend', 'add', 'insert', 'update', 'setdefault', 'appendleft', 'put'}
ANY_KEY = '*'


def _is_clock_call(node):
    if not isinstance(node, ast.Call):
        return False
    func = node.func
    if isinstance(func, ast.Attribute) and func.attr in CLOCKS:
        return isinstance(func.value, ast.Name) and func.value.id in ('time', '_time')
    return isinstance(func, ast.Name) and func.id in {'monotonic', 'perf_counter'}


def _walk_scope(scope):
    """The nodes of one scope: a function's body or the module's top level, not nested definitions."""
    stack = list(ast.iter_child_nodes(scope))
    while stack:
        node = stack.pop()
        yield node
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            stack.extend(ast.iter_child_nodes(node))


def _is_formatting(node):
    """A string built from a clock reading (a unique file name, a log line) is not a duration."""
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):
        return isinstance(node.left, ast.Constant) and isinstance(node.left.value, str)
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == 'format'


def _place(node):
    """(name, path) of a name or of an item/attribute reached from one (d["t"].x: ('d', ('t', '.x'))), else
    None. A key that is not a constant is ANY_KEY."""
    path = []
    while isinstance(node, (ast.Subscript, ast.Attribute)):
        if isinstance(node, ast.Attribute):
            path.append('.' + node.attr)
        else:
            key = node.slice
            path.append(repr(key.value) if isinstance(key, ast.Constant) else ANY_KEY)
        node = node.value
    if isinstance(node, ast.Name):
        return node.id, tuple(reversed(path))
    return None


def _overlap(one, other):
    """Whether one path reaches into the other or holds it (a prefix either way; ANY_KEY matches any key)."""
    return all(a == b or ANY_KEY in (a, b) for a, b in zip(one, other))


def _tainted_place(place, tainted):
    name, path = place
    return any(_overlap(path, other) for other in tainted.get(name, ()))


class _File:
    """What one file's functions do with clock readings: which return one, and which store one in an argument."""

    def __init__(self, tree):
        self.functions = {}
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                self.functions.setdefault(node.name, node)
        self.timed = set()      # functions whose return value is timed
        self.fills = {}         # function -> {parameter index: [paths]} it stores timed values at
        self.module_places = {}  # module-level name -> paths functions store timed values at
        while True:
            before = (len(self.timed), sum(len(v) for v in self.fills.values()), self._size(self.module_places))
            for func in self.functions.values():
                self._learn(func)
            if before == (len(self.timed), sum(len(v) for v in self.fills.values()), self._size(self.module_places)):
                break

    @staticmethod
    def _size(places):
        return sum(len(paths) for paths in places.values())

    @staticmethod
    def _params(func):
        args = func.args
        return [a.arg for a in args.posonlyargs + args.args + args.kwonlyargs]

    def _learn(self, func):
        tainted = self.tainted(func)
        for node in _walk_scope(func):
            if isinstance(node, ast.Return) and node.value is not None and self.uses(node.value, tainted):
                self.timed.add(func.name)
        params = self._params(func)
        local = {n.id for n in _walk_scope(func) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
        for name, paths in tainted.items():
            for path in paths:
                if not path:
                    continue  # a plain name: local unless it is a parameter's whole value (not visible outside)
                if name in params:
                    self.fills.setdefault(func.name, {}).setdefault(params.index(name), set()).add(path)
                elif name not in local:
                    self.module_places.setdefault(name, set()).add(path)

    def _callee(self, call):
        func = call.func
        name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None
        target = self.functions.get(name)
        if target is None:
            return None, 0
        bound = isinstance(func, ast.Attribute) and self._params(target)[:1] in (['self'], ['cls'])
        return target, 1 if bound else 0

    def uses(self, node, tainted):
        """Whether the expression reads a timed value."""
        stack = [node]
        while stack:
            sub = stack.pop()
            if _is_formatting(sub):
                continue
            if _is_clock_call(sub):
                return True
            if isinstance(sub, (ast.Name, ast.Subscript, ast.Attribute)):
                place = _place(sub)
                if place is not None:
                    if _tainted_place(place, tainted):
                        return True
                    # the keys of d[k] may still read a clock
                    while isinstance(sub, (ast.Subscript, ast.Attribute)):
                        if isinstance(sub, ast.Subscript):
                            stack.append(sub.slice)
                        sub = sub.value
                    continue
            if isinstance(sub, ast.Call) and self._is_timed_call(sub):
                return True
            stack.extend(ast.iter_child_nodes(sub))
        return False

    def _is_timed_call(self, call):
        target, _skip = self._callee(call)
        return target is not None and target.name in self.timed

    def tainted(self, scope):
        """{name: set of paths} in scope holding a timed value (path () is the name itself); to a fixpoint."""
        tainted = {name: set(paths) for name, paths in self.module_places.items()}

        def taint(target, path=()):
            place = _place(target)
            if place is not None:
                tainted.setdefault(place[0], set()).add(place[1] + path)
            elif isinstance(target, (ast.Tuple, ast.List)):
                for element in target.elts:
                    taint(element.value if isinstance(element, ast.Starred) else element)
        while True:
            before = self._size(tainted)
            for node in _walk_scope(scope):
                self._follow(node, tainted, taint)
            if self._size(tainted) == before:
                return tainted

    def _follow(self, node, tainted, taint):
        if isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign)) and node.value is not None:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            value = node.value
            if isinstance(value, ast.Dict) and all(isinstance(k, ast.Constant) for k in value.keys):
                # a dict literal: only its timed items are timed, so its other items may be asserted
                for key, item in zip(value.keys, value.values):
                    if self.uses(item, tainted):
                        for target in targets:
                            taint(target, (repr(key.value),))
            elif self.uses(value, tainted):
                for target in targets:
                    taint(target)
        elif isinstance(node, (ast.For, ast.AsyncFor, ast.comprehension)) and self.uses(node.iter, tainted):
            taint(node.target)
        elif isinstance(node, ast.Call):
            func = node.func
            values = list(node.args) + [k.value for k in node.keywords]
            if isinstance(func, ast.Attribute) and func.attr in FILLING_METHODS and any(
                    self.uses(v, tainted) for v in values):
                taint(func.value, (ANY_KEY,))  # results.append(elapsed): an item of results is timed
            target, skip = self._callee(node)
            for index, paths in self.fills.get(getattr(target, 'name', None), {}).items():
                argument = self._argument(node, target, index, skip)
                if argument is not None:
                    for path in paths:
                        taint(argument, path)

    def _argument(self, call, target, index, skip):
        """The expression the call passes for the target's parameter at index (None when it passes none); skip is
        1 for a method called on an object (its self is not among the call's arguments)."""
        position = index - skip
        if position < 0:
            return None
        if position < len(call.args) and not any(isinstance(a, ast.Starred) for a in call.args[:position + 1]):
            return call.args[position]
        name = self._params(target)[index]
        return next((k.value for k in call.keywords if k.arg == name), None)


def check_file(path):
    with open(path, encoding='utf-8') as handle:
        source = handle.read()
    tree = ast.parse(source, filename=path)
    facts = _File(tree)
    found = []
    scopes = [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))] + [tree]
    for scope in scopes:
        tainted = facts.tainted(scope)
        for node in _walk_scope(scope):
            if isinstance(node, ast.Assert) and facts.uses(node.test, tainted):
                found.append((node.lineno, ast.get_source_segment(source, node.test)))
    return sorted(set(found))


def main(argv):
    roots = argv or ['tests']
    problems = 0
    for root in roots:
        paths = [root] if root.endswith('.py') else [
            os.path.join(d, f) for d, _dirs, files in os.walk(root) for f in files if f.endswith('.py')]
        for path in sorted(paths):
            for lineno, text in check_file(path):
                problems += 1
                print('%s:%d: assertion on elapsed wall time: %s (measure it in make bench instead)'
                      % (path, lineno, (text or '').replace('\n', ' ')[:120]))
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
