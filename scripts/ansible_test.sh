#!/usr/bin/env bash
# Run ansible-test on a clean copy of the collection.
#
#   scripts/ansible_test.sh sanity|integration|units [ansible-test args...]
#
# ansible-test must run from a real .../ansible_collections/ozonetel/cloudagent/ directory (a symlinked
# tree is resolved and rejected), and without git it walks every file, .venv/ included. So this copies
# the files git knows about (tracked + untracked, .gitignore honoured: `git ls-files -co
# --exclude-standard`) through tar into a temporary tree and runs there with
# `--python <the venv's version> --local`. The copy is not a git repository: ansible-test then lists its files by
# walking the tree, which holds only the copied files, so no `git init` is needed.
# tests/output from the run is copied back to the repo's tests/output (gitignored) and the temporary
# tree is removed.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# CLOUDAGENT_VENV: the venv whose ansible-test runs (make compat: .venv-compat, ansible-core 2.16).
VENV="${CLOUDAGENT_VENV:-$ROOT/.venv}"
[ $# -ge 1 ] || { echo "usage: $0 sanity|integration|units [ansible-test args...]" >&2; exit 2; }
CMD=$1
shift
case "$CMD" in
    sanity|integration|units) ;;
    *) echo "$0: unsupported ansible-test command '$CMD'" >&2; exit 2 ;;
esac

[ -x "$VENV/bin/ansible-test" ] || { echo "$0: $VENV/bin/ansible-test missing; run scripts/setup.sh" >&2; exit 1; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/cloudagent-ansible-test.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
DEST="$WORK/ansible_collections/ozonetel/cloudagent"
mkdir -p "$DEST"

list_files() {
    if git -C "$ROOT" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
        # -c includes tracked files deleted in the work tree: keep only those that exist.
        git -C "$ROOT" ls-files -co --exclude-standard -z \
            | while IFS= read -r -d '' f; do
                if [ -e "$ROOT/$f" ] || [ -L "$ROOT/$f" ]; then printf '%s\0' "$f"; fi
            done
    else
        # Not a checkout (e.g. an unpacked archive): everything but the usual generated paths.
        (cd "$ROOT" && find . \( -path ./.git -o -path ./.venv -o -path ./.cache -o -path ./.ansible \
            -o -path ./tests/output -o -name __pycache__ -o -name .pytest_cache \) -prune \
            -o \( -type f -o -type l \) -printf '%P\0')
    fi
}
list_files | (cd "$ROOT" && tar --null -T - -cf -) | tar -xf - -C "$DEST"

PYVER=$("$VENV/bin/python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
export PATH="$VENV/bin:$PATH"
export ANSIBLE_PYTHON_INTERPRETER="${ANSIBLE_PYTHON_INTERPRETER:-$VENV/bin/python}"
# The copy under test must be the only ozonetel.cloudagent that ansible-test's runs can see.
unset ANSIBLE_COLLECTIONS_PATH ANSIBLE_COLLECTIONS_PATHS

rc=0
(cd "$DEST" && ansible-test "$CMD" --python "$PYVER" --local --color no "$@") || rc=$?

if [ -d "$DEST/tests/output" ]; then
    mkdir -p "$ROOT/tests/output"
    cp -a "$DEST/tests/output/." "$ROOT/tests/output/" 2>/dev/null || true
fi
exit "$rc"
