#!/usr/bin/env bash
# Idempotent developer/CI set-up for ozonetel.cloudagent.
#
#   scripts/setup.sh            create/refresh .venv, ansible-test pip stand-in, Debian tools
#
# What it does (each step is skipped when already done):
#   1. finds a working CPython 3.11 (never interpreter discovery: non-3.11 pyenv shims are broken)
#   2. creates .venv with it and installs requirements-dev.txt, again only when that file changed
#      (sha256 stamp in .venv/.requirements-dev.sha256)
#   3. writes ~/.ansible/test/cache/get_pip_<ver>.py, the stand-in that ansible-test sanity runs to
#      bootstrap pip in its venvs (the real script lives on a host that is unreachable here)
#   4. makes sure Debian's redis-server and shellcheck are present (apt-get when root)
#   5. creates .cache/collections/ansible_collections/ozonetel/cloudagent -> repo symlink, the
#      ANSIBLE_COLLECTIONS_PATH entry that makes ansible-playbook/ansible-doc/ansible-lint use the tree
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
VENV="$ROOT/.venv"
REQ="$ROOT/requirements-dev.txt"
STAMP="$VENV/.requirements-dev.sha256"

log() { printf 'setup: %s\n' "$*"; }
die() { printf 'setup: ERROR: %s\n' "$*" >&2; exit 1; }

find_python311() {
    local candidate
    # pyenv's real interpreter first, then python3.11 on PATH (its shim works), then Debian's.
    for candidate in /root/.pyenv/versions/3.11*/bin/python3.11 "$(command -v python3.11 || true)" /usr/bin/python3.11; do
        if [ -z "$candidate" ] || [ ! -x "$candidate" ]; then continue; fi
        if "$candidate" -c 'import sys, venv, ensurepip; sys.exit(sys.version_info[:2] != (3, 11))' >/dev/null 2>&1; then
            printf '%s\n' "$candidate"
            return 0
        fi
    done
    return 1
}

# --- 1 + 2: the virtualenv ------------------------------------------------------------------------
if ! "$VENV/bin/python" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' >/dev/null 2>&1; then
    PY=$(find_python311) || die "no working Python 3.11 found (tried /root/.pyenv/versions/3.11*/bin/python3.11, python3.11 on PATH, /usr/bin/python3.11)"
    log "creating .venv with $PY"
    rm -rf "$VENV"
    "$PY" -m venv "$VENV"
fi

want=$(sha256sum "$REQ" | cut -d' ' -f1)
have=$(cat "$STAMP" 2>/dev/null || true)
if [ "$want" != "$have" ]; then
    log "installing requirements-dev.txt into .venv (quiet)"
    # The machine-wide pip config may name local indexes that do not hold every package: drop
    # pip's "Location ... is ignored" noise, keep real errors (pipefail keeps pip's exit status).
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --no-input -r "$REQ" 2>&1 \
        | { grep -v "is ignored: it is neither a file nor a directory" || true; }
    printf '%s\n' "$want" > "$STAMP"
fi

# --- 3: ansible-test's get-pip stand-in -----------------------------------------------------------
PIP_VER=$("$VENV/bin/python" - <<'EOF'
import re, ansible_test, os
path = os.path.join(os.path.dirname(ansible_test.__file__), '_internal', 'python_requirements.py')
with open(path, encoding='utf-8') as f:
    m = re.search(r"\bpip=['\"]([0-9.]+)['\"]", f.read())
print(m.group(1) if m else '')
EOF
)
[ -n "$PIP_VER" ] || die "cannot read the pip version (default_packages) from ansible_test/_internal/python_requirements.py"
GETPIP_DIR="${HOME:?HOME must be set}/.ansible/test/cache"
GETPIP="$GETPIP_DIR/get_pip_${PIP_VER//./_}.py"
GETPIP_BODY='"""Offline stand-in for get-pip.py (written by ozonetel.cloudagent scripts/setup.sh).

ansible-test runs this (through its quiet_pip wrapper) to bootstrap pip in the venvs it creates; the
real script lives on a host that cannot be reached here. ensurepip installs the pip bundled with the
interpreter, then pip installs what ansible-test asked for (the pinned pip). get-pip-only options
(--no-setuptools, --no-wheel, --no-pip) mean nothing to pip install and are dropped.
"""
import subprocess
import sys

subprocess.run([sys.executable, "-m", "ensurepip", "--default-pip"], check=True, stdout=subprocess.DEVNULL)
args = [a for a in sys.argv[1:] if a not in ("--no-setuptools", "--no-wheel", "--no-pip")]
if [a for a in args if not a.startswith("-")]:
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--disable-pip-version-check"] + args, check=True)
'
if [ "$(cat "$GETPIP" 2>/dev/null || true)" != "$(printf '%s' "$GETPIP_BODY")" ]; then
    mkdir -p "$GETPIP_DIR"
    printf '%s' "$GETPIP_BODY" > "$GETPIP"
    log "wrote ansible-test pip stand-in $GETPIP"
fi

# --- 4: Debian tools ------------------------------------------------------------------------------
missing=()
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
command -v shellcheck >/dev/null 2>&1 || missing+=(shellcheck)
if [ "${#missing[@]}" -gt 0 ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        log "installing Debian packages: ${missing[*]}"
        export DEBIAN_FRONTEND=noninteractive
        aptlog=$(mktemp)
        if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}"; } >"$aptlog" 2>&1; then
            cat "$aptlog" >&2
            rm -f "$aptlog"
            die "apt-get install ${missing[*]} failed"
        fi
        rm -f "$aptlog"
    else
        die "missing ${missing[*]}: run as root (apt-get install ${missing[*]}) or install them yourself; shellcheck is needed by the sanity test, redis-server by the Redis ledger tests"
    fi
fi

# --- 5: collections path pointing at the working tree ---------------------------------------------
LINK="$ROOT/.cache/collections/ansible_collections/ozonetel/cloudagent"
if [ "$(readlink "$LINK" 2>/dev/null || true)" != "$ROOT" ]; then
    mkdir -p "$(dirname "$LINK")"
    ln -sfn "$ROOT" "$LINK"
fi
exit 0
