# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""scripts/check_timed_asserts.py: assertions on elapsed wall time are found however they are spelled;
clock calls used for deadlines and file names are left alone; the repository's tests/ is clean."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CHECK = os.path.join(ROOT, 'scripts', 'check_timed_asserts.py')


def _run(*paths):
    proc = subprocess.run([sys.executable, CHECK] + [str(p) for p in paths], capture_output=True, text=True,
                          check=False, timeout=60)
    return proc.returncode, proc.stdout


@pytest.mark.parametrize('body', [
    """
    def test_direct():
        started = time.monotonic()
        work()
        assert time.monotonic() - started < 1.0
    """,
    """
    def test_through_a_name():
        t0 = time.perf_counter()
        work()
        elapsed = time.perf_counter() - t0
        assert elapsed < 2.0
    """,
    """
    def _elapsed():
        start = time.perf_counter()
        work()
        return time.perf_counter() - start

    def test_through_a_helper():
        assert _elapsed() >= 0.15
    """,
    """
    def test_approx():
        begin = time.time()
        work()
        assert time.time() - begin == pytest.approx(1, abs=0.5)
    """,
])
def test_timed_assertions_are_reported(tmp_path, body):
    path = tmp_path / 'test_sample.py'
    path.write_text('import time\n' + textwrap.dedent(body))
    code, out = _run(path)
    assert code == 1 and 'assertion on elapsed wall time' in out and 'test_sample.py:' in out


def test_deadlines_and_file_names_are_not_reported(tmp_path):
    path = tmp_path / 'test_fine.py'
    path.write_text(textwrap.dedent("""
        import os, time

        def test_wait_for_a_file(tmp_path):
            deadline = time.time() + 10
            while not os.path.exists('x') and time.time() < deadline:
                time.sleep(0.02)
            name = 'out-%d.json' % time.monotonic_ns()
            assert name.startswith('out-')
            assert os.path.exists('x') is False
    """))
    assert _run(path) == (0, '')


def test_the_repository_tests_have_none():
    assert _run(os.path.join(ROOT, 'tests')) == (0, '')
