# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""orphan.py on a made-up /proc: which ancestors are watched, and when the run counts as gone.
(tests/reliability/test_orphaned_run.py kills a real ansible-playbook.)"""

from __future__ import annotations

import os

from ansible_collections.ozonetel.cloudagent.plugins.module_utils import orphan

PY = '/usr/bin/python3'


def write_proc(root, table):
    """table: {pid: (ppid, state, start, argv)} -> root/<pid>/stat and cmdline, plus our own pid's directory."""
    for pid, (ppid, state, start, argv) in table.items():
        directory = root / str(pid)
        directory.mkdir(exist_ok=True)
        fields = [state, str(ppid)] + ['0'] * 17 + [str(start)]
        (directory / 'stat').write_text('%d (some (odd) name) %s\n' % (pid, ' '.join(fields)), encoding='ascii')
        (directory / 'cmdline').write_bytes(b'\0'.join(a.encode() for a in argv) + b'\0')
    (root / str(os.getpid())).mkdir(exist_ok=True)


TREE = {
    90: (80, 'S', 900, ['/bin/sh', '-c', PY + ' /root/.ansible/tmp/x/AnsiballZ_cloudagent_phone.py && sleep 0']),
    80: (70, 'S', 800, [PY, '/venv/bin/ansible-playbook', 'site.yml']),   # the worker: a fork of the main process
    70: (60, 'S', 700, [PY, '/venv/bin/ansible-playbook', 'site.yml']),
    60: (1, 'S', 600, ['-bash']),
}


def test_watches_up_to_the_topmost_ansible_process(tmp_path):
    write_proc(tmp_path, TREE)
    assert orphan.ancestors(90, proc=str(tmp_path)) == [(90, '900'), (80, '800'), (70, '700')]


def test_not_started_by_ansible_watches_nothing(tmp_path):
    write_proc(tmp_path, {90: (60, 'S', 900, ['/bin/sh']), 60: (1, 'S', 600, ['-bash'])})
    watch = orphan.RunWatch(proc=str(tmp_path), parent=90)
    assert orphan.ancestors(90, proc=str(tmp_path)) == [] and not watch.watching
    (tmp_path / '90' / 'stat').unlink()
    assert watch.gone() is False


def test_gone_when_ansible_playbook_exits_is_a_zombie_or_its_pid_is_reused(tmp_path):
    for change in ('exit', 'zombie', 'reused'):
        root = tmp_path / change
        root.mkdir()
        write_proc(root, TREE)
        watch = orphan.RunWatch(proc=str(root), parent=90)
        assert watch.watching and watch.gone() is False
        if change == 'exit':
            for name in ('stat', 'cmdline'):
                (root / '70' / name).unlink()
        else:
            write_proc(root, {70: (60, 'Z', 700, [])} if change == 'zombie' else {70: (5, 'S', 7777, ['vim'])})
        assert watch.gone() is True, change
        write_proc(root, TREE)
        assert watch.gone() is True  # once gone, always gone


def test_a_shell_above_ansible_playbook_may_exit(tmp_path):
    """nohup ansible-playbook ... & and logging out: the shell goes, the run does not."""
    write_proc(tmp_path, TREE)
    watch = orphan.RunWatch(proc=str(tmp_path), parent=90)
    for name in ('stat', 'cmdline'):
        (tmp_path / '60' / name).unlink()
    assert watch.gone() is False


def test_items_that_only_read_may_use_a_recent_look_items_that_write_never_do(tmp_path):
    """gone(max_age) before reads (a 5,000-phone check) reuses a look that young; gone() before a write looks now."""
    write_proc(tmp_path, TREE)
    now = [100.0]
    watch = orphan.RunWatch(proc=str(tmp_path), parent=90, clock=lambda: now[0])
    assert watch.gone(max_age=orphan.READS_MAX_AGE) is False
    for name in ('stat', 'cmdline'):
        (tmp_path / '70' / name).unlink()
    now[0] += orphan.READS_MAX_AGE / 2
    assert watch.gone(max_age=orphan.READS_MAX_AGE) is False   # the look is younger than max_age
    now[0] += orphan.READS_MAX_AGE
    assert watch.gone(max_age=orphan.READS_MAX_AGE) is True    # older: looked again
    write_proc(tmp_path, TREE)
    assert watch.gone() is True


def test_a_write_sees_the_run_gone_at_once(tmp_path):
    write_proc(tmp_path, TREE)
    watch = orphan.RunWatch(proc=str(tmp_path), parent=90, clock=lambda: 5.0)  # the clock never moves
    assert watch.gone(max_age=orphan.READS_MAX_AGE) is False
    for name in ('stat', 'cmdline'):
        (tmp_path / '70' / name).unlink()
    assert watch.gone() is True
