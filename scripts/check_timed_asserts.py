#!/usr/bin/env python
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Reject tests that assert on elapsed wall time (`make lint`).

These machines are shared: an assertion on how long something took makes landing a matter of luck.
Performance belongs in `make bench`. A value is "timed" when it comes from a clock call
(time.monotonic, perf_counter, time.time, ...) or from a function that returns such a value; an
`assert` (or a pytest.approx comparison inside one) that uses a timed value is reported. Clock calls
used for deadlines in wait loops or for file names are fine: they are never asserted.

Usage: check_timed_asserts.py [PATH ...]   (default: tests/)   exit 1 when anything is found.
"""
import ast
import os
import sys

CLOCKS = {'monotonic', 'monotonic_ns', 'perf_counter', 'perf_counter_ns', 'time', 'time_ns',
          'process_time', 'process_time_ns'}


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


def _uses(node, tainted_names, timed_functions):
    stack = [node]
    while stack:
        sub = stack.pop()
        if _is_formatting(sub):
            continue
        if _is_clock_call(sub):
            return True
        if isinstance(sub, ast.Name) and sub.id in tainted_names:
            return True
        if isinstance(sub, ast.Call) and isinstance(sub.func, ast.Name) and sub.func.id in timed_functions:
            return True
        stack.extend(ast.iter_child_nodes(sub))
    return False


def _targets(target):
    if isinstance(target, ast.Name):
        yield target.id
    elif isinstance(target, (ast.Tuple, ast.List)):
        for element in target.elts:
            yield from _targets(element)


def _tainted_names(func, timed_functions):
    """Names in func bound (directly or through other names) to a clock reading; iterate to a fixpoint."""
    tainted = set()
    while True:
        before = len(tainted)
        for node in _walk_scope(func):
            if isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign)) and node.value is not None:
                if _uses(node.value, tainted, timed_functions):
                    targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                    for target in targets:
                        tainted.update(_targets(target))
        if len(tainted) == before:
            return tainted


def _timed_functions(tree):
    """Functions whose return value is a clock reading or derived from one (e.g. an _elapsed helper)."""
    functions = [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]
    timed = set()
    while True:
        before = len(timed)
        for func in functions:
            tainted = _tainted_names(func, timed)
            for node in _walk_scope(func):
                if isinstance(node, ast.Return) and node.value is not None and _uses(node.value, tainted, timed):
                    timed.add(func.name)
        if len(timed) == before:
            return timed


def check_file(path):
    with open(path, encoding='utf-8') as handle:
        source = handle.read()
    tree = ast.parse(source, filename=path)
    timed = _timed_functions(tree)
    found = []
    scopes = [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))] + [tree]
    for scope in scopes:
        tainted = _tainted_names(scope, timed)
        for node in _walk_scope(scope):
            if isinstance(node, ast.Assert) and _uses(node.test, tainted, timed):
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
