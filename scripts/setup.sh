#!/usr/bin/env bash
# Idempotent set-up of a virtualenv for ozonetel.cloudagent (every make target calls it).
#
#   scripts/setup.sh             .venv with the whole development tool set (make test and its steps)
#   scripts/setup.sh --runtime   .venv with ansible-core, requests and redis only (make demo, make shell)
#   scripts/setup.sh --compat    .venv-compat: the oldest supported line, ansible-core 2.16 on Python 3.11
#                                (make compat: sanity, unit and integration tests)
#   SETUP_PYTHON=/path/to/python3.13 scripts/setup.sh    use that interpreter for a new .venv
#
# Pinned sets (every package ==, so a fresh machine gets the set that was tested), picked by the venv's
# Python and printed:
#   Python >= 3.12    requirements-dev.txt          ansible-core 2.21 (the current line)
#   Python 3.11       requirements-dev-py311.txt    ansible-core 2.19 (the newest line that runs on 3.11)
#   --compat (3.11)   requirements-compat.txt       ansible-core 2.16 (requires_ansible's lower bound)
# --runtime installs only requirements.txt and ansible-core, at the versions of the picked set (pip -c).
#
# Each step is skipped when already done (about 0.1 s then):
#   1. finds a working CPython >= 3.11 (3.12 first, the tested one; never interpreter discovery: pyenv
#      shims of other versions are broken on these machines), verified to have venv and ensurepip
#   2. creates the venv and installs the pinned set, again only when it changed (sha256 stamp)
#   3. (development sets) writes ~/.ansible/test/cache/get_pip_<ver>.py, the stand-in that ansible-test
#      sanity runs to bootstrap pip in its venvs (the real script lives on an unreachable host)
#   4. (development set) makes sure Debian's redis-server and shellcheck are present (apt-get when root):
#      the Redis ledger tests and the shellcheck sanity test need them, the demo does not
#   5. creates .cache/collections/ansible_collections/ozonetel/cloudagent -> repo symlink, the
#      ANSIBLE_COLLECTIONS_PATH entry that makes ansible-playbook/ansible-doc/ansible-lint use the tree
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
LEVEL=dev
case "${1:-}" in
    '') ;;
    --runtime) LEVEL=runtime ;;
    --compat) LEVEL=compat ;;
    *) echo "usage: $0 [--runtime|--compat]" >&2; exit 2 ;;
esac

log() { printf 'setup: %s\n' "$*"; }
die() { printf 'setup: ERROR: %s\n' "$*" >&2; exit 1; }

# py_minor PYTHON: "3.12" when PYTHON runs and has venv + ensurepip, else nothing (exit 1)
py_minor() {
    [ -n "$1" ] && [ -x "$1" ] || return 1
    "$1" -c 'import sys, venv, ensurepip; print("%d.%d" % sys.version_info[:2])' 2>/dev/null
}

# find_python MINOR...: the first working interpreter of the first minor version that has one
find_python() {
    local minor candidate pyenv_root
    for minor in "$@"; do
        for pyenv_root in "${PYENV_ROOT:-}" "$HOME/.pyenv" /root/.pyenv; do
            [ -n "$pyenv_root" ] || continue
            for candidate in "$pyenv_root"/versions/"$minor".*/bin/python"$minor"; do
                if [ "$(py_minor "$candidate" || true)" = "$minor" ]; then printf '%s\n' "$candidate"; return 0; fi
            done
        done
        for candidate in "$(command -v "python$minor" || true)" "/usr/bin/python$minor" "/usr/local/bin/python$minor"; do
            if [ "$(py_minor "$candidate" || true)" = "$minor" ]; then printf '%s\n' "$candidate"; return 0; fi
        done
    done
    return 1
}

# at_least_311 MINOR: true for 3.11 and later
at_least_311() { [ "${1%%.*}" = 3 ] && [ "${1#*.}" -ge 11 ] 2>/dev/null; }

if [ "$LEVEL" = compat ]; then
    VENV="$ROOT/.venv-compat"
    want_minors=(3.11)
else
    VENV="$ROOT/.venv"
    want_minors=(3.12 3.13 3.14 3.15 3.11)
fi
STAMP="$VENV/.cloudagent-setup"

# --- 1: the interpreter (an existing venv's, when it is still good) ---------------------------------
have_minor=$(py_minor "$VENV/bin/python" || true)
keep=
if [ "$LEVEL" = compat ]; then
    if [ "$have_minor" = 3.11 ]; then keep=yes; fi
elif [ -n "${SETUP_PYTHON:-}" ]; then
    want=$(py_minor "$SETUP_PYTHON") || die "SETUP_PYTHON=$SETUP_PYTHON does not run, or lacks venv/ensurepip"
    at_least_311 "$want" || die "SETUP_PYTHON=$SETUP_PYTHON is Python $want; ozonetel.cloudagent needs 3.11 or later"
    if [ "$have_minor" = "$want" ]; then keep=yes; fi
elif at_least_311 "${have_minor:-0.0}"; then
    # An existing venv on 3.12+ stays (the current line). One on 3.11 (the previous default) stays only
    # while no newer interpreter exists: it moves to the current line once one does.
    keep=yes
    if [ "$have_minor" = 3.11 ]; then
        newer=$(py_minor "$(find_python "${want_minors[@]}" || true)" || true)
        if [ -n "$newer" ] && [ "$newer" != 3.11 ]; then keep=; fi
    fi
fi
if [ -z "$keep" ]; then
    if [ "$LEVEL" != compat ] && [ -n "${SETUP_PYTHON:-}" ]; then
        PY=$SETUP_PYTHON
    else
        PY=$(find_python "${want_minors[@]}") \
            || die "no working Python ${want_minors[*]} found (pyenv versions, python3.X on PATH, /usr/bin, /usr/local/bin); set SETUP_PYTHON=/path/to/python3"
    fi
    log "creating $(basename "$VENV") with $PY"
    rm -rf "$VENV"
    "$PY" -m venv "$VENV"
fi
minor=$(py_minor "$VENV/bin/python") || die "$VENV/bin/python does not run"

# --- 2: the pinned set ----------------------------------------------------------------------------
if [ "$LEVEL" = compat ]; then
    PINS=requirements-compat.txt
elif [ "${minor#*.}" -ge 12 ]; then
    PINS=requirements-dev.txt
else
    PINS=requirements-dev-py311.txt
fi
[ -f "$ROOT/$PINS" ] || die "$PINS is missing"
core=$(sed -nE 's/^ansible-core==([0-9.]+).*/\1/p' "$ROOT/$PINS")
sha=$(cat "$ROOT/$PINS" "$ROOT/requirements.txt" | sha256sum | cut -d' ' -f1)
stamp=$(cat "$STAMP" 2>/dev/null || true)
# A development install also satisfies --runtime (the runtime packages are part of every set).
satisfied=
case "$LEVEL:$stamp" in
    runtime:"dev $sha"|runtime:"runtime $sha"|dev:"dev $sha"|compat:"compat $sha") satisfied=yes ;;
esac

pip_install() {
    # The machine-wide pip config may name local indexes that do not hold every package: drop pip's
    # "Location ... is ignored" noise, keep real errors (pipefail keeps pip's exit status).
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --no-input "$@" 2>&1 \
        | { grep -v "is ignored: it is neither a file nor a directory" || true; }
}
if [ -z "$satisfied" ]; then
    if [ "$LEVEL" = runtime ]; then
        # --no-compile: byte-compiling all of ansible-core costs more than half of a cold demo; Python
        # compiles (and caches) only the modules a run imports.
        log "Python $minor: installing ansible-core $core, requests and redis into .venv at the versions of $PINS"
        pip_install --no-compile -c "$ROOT/$PINS" -r "$ROOT/requirements.txt" ansible-core distlib
    else
        log "Python $minor: installing $PINS (ansible-core $core) into $(basename "$VENV") (quiet, about 30 s)"
        pip_install -r "$ROOT/$PINS"
        # What a runtime install left uncompiled: make test runs with PYTHONDONTWRITEBYTECODE=1.
        case "$stamp" in runtime\ *) "$VENV/bin/python" -m compileall -q -j 0 "$("$VENV/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')" >/dev/null || true ;; esac
    fi
    printf '%s %s\n' "$LEVEL" "$sha" > "$STAMP"
fi

# --- 3: ansible-test's get-pip stand-in (only the development sets run ansible-test) -------------
if [ "$LEVEL" != runtime ]; then
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
fi

# --- 4: Debian tools for make test ----------------------------------------------------------------
if [ "$LEVEL" = dev ]; then
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
            die "make test needs ${missing[*]}: run it as root once (apt-get install ${missing[*]}) or install them yourself; shellcheck is needed by the sanity test, redis-server by the Redis ledger tests (make demo needs neither)"
        fi
    fi
fi

# --- 5: collections path pointing at the working tree ---------------------------------------------
LINK="$ROOT/.cache/collections/ansible_collections/ozonetel/cloudagent"
if [ "$(readlink "$LINK" 2>/dev/null || true)" != "$ROOT" ]; then
    mkdir -p "$(dirname "$LINK")"
    ln -sfn "$ROOT" "$LINK"
fi
exit 0
