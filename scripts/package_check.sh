#!/usr/bin/env bash
# Packaging check: build the collection tarball, make sure no development files leak into it,
# install it into a throw-away collections path and check that ansible-doc lists every module from
# the installed copy (not from the working tree).
#
#   scripts/package_check.sh
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
VENV="$ROOT/.venv"
export PATH="$VENV/bin:$PATH"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/cloudagent-package.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

fail() { printf 'package check: FAILED: %s\n' "$*" >&2; exit 1; }

# 1. build from a copy of the files git knows about, so stray local files cannot slip in either.
SRC="$WORK/src"
mkdir -p "$SRC"
if git -C "$ROOT" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    git -C "$ROOT" ls-files -co --exclude-standard -z \
        | while IFS= read -r -d '' f; do if [ -e "$ROOT/$f" ]; then printf '%s\0' "$f"; fi; done \
        | (cd "$ROOT" && tar --null -T - -cf -) | tar -xf - -C "$SRC"
else
    (cd "$ROOT" && tar --exclude=./.venv --exclude=./.git --exclude=./.cache -cf - .) | tar -xf - -C "$SRC"
fi
ansible-galaxy collection build "$SRC" --output-path "$WORK/dist" >/dev/null
TARBALL=$(ls "$WORK"/dist/ozonetel-cloudagent-*.tar.gz)
echo "built $(basename "$TARBALL") ($(du -k "$TARBALL" | cut -f1) KiB, $(tar -tzf "$TARBALL" | wc -l) entries)"

# 2. nothing that belongs to a checkout or a test run
bad=$(tar -tzf "$TARBALL" | grep -E '(^|/)(\.venv|\.git|\.cache|\.ansible|__pycache__|\.pytest_cache)(/|$)|^(\./)?tests/output(/|$)|\.pyc$|(^|/)tests/integration/inventory$' || true)
[ -z "$bad" ] || fail "tarball contains development files:
$bad"

# 3. install it, then list the modules from the installed copy only
export ANSIBLE_COLLECTIONS_PATH="$WORK/collections"
export ANSIBLE_COLLECTIONS_SCAN_SYS_PATH=false
export ANSIBLE_HOME="$WORK/ansible-home"
ansible-galaxy collection install -p "$WORK/collections" "$TARBALL" >/dev/null
INSTALLED="$WORK/collections/ansible_collections/ozonetel/cloudagent"
[ -f "$INSTALLED/MANIFEST.json" ] || fail "install did not create $INSTALLED"

listed=$(cd "$WORK" && ansible-doc -t module -l ozonetel.cloudagent 2>"$WORK/doc.err" | awk '{print $1}') \
    || { cat "$WORK/doc.err" >&2; fail "ansible-doc -l ozonetel.cloudagent failed"; }
missing=()
count=0
for path in "$ROOT"/plugins/modules/*.py; do
    [ -e "$path" ] || continue
    name=$(basename "$path" .py)
    case "$name" in _*) continue ;; esac
    count=$((count + 1))
    grep -qx "ozonetel.cloudagent.$name" <<<"$listed" || missing+=("$name")
done
if [ "${#missing[@]}" -gt 0 ]; then
    cat "$WORK/doc.err" >&2
    fail "ansible-doc does not list: ${missing[*]}"
fi
echo "installed copy lists all $count module(s) of plugins/modules"
