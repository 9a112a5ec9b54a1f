#!/usr/bin/env bash
# Provisioning benchmark (make bench): the modules against the uri-loop playbooks teams write today,
# on the local simulator at 0 and 30 ms per request. See docs/performance.md.
#
#   scripts/bench.sh                full run: N = 10, 100, 1000 (about 20 minutes on 2 cores)
#   BENCH_QUICK=1 scripts/bench.sh  N = 10 and 100, one run each (make bench QUICK=1)
#   scripts/bench.sh --help         every option of bench/run.py (extra arguments are passed on)
#
# Installs requirements-bench.txt (matplotlib, for docs/performance.png) into .venv first, only when
# that file changed (sha256 stamp). Writes bench/results/*.json, docs/performance.md and .png.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
VENV="$ROOT/.venv"
PY="$VENV/bin/python"
REQ="$ROOT/requirements-bench.txt"
STAMP="$VENV/.requirements-bench.sha256"

[ -x "$PY" ] || { echo "bench: $PY missing: run scripts/setup.sh (make setup) first" >&2; exit 1; }

want=$(sha256sum "$REQ" | cut -d' ' -f1)
if [ "$want" != "$(cat "$STAMP" 2>/dev/null || true)" ]; then
    echo "bench: installing requirements-bench.txt into .venv (quiet)"
    "$PY" -m pip install --quiet --disable-pip-version-check --no-input -r "$REQ" 2>&1 \
        | { grep -v "is ignored: it is neither a file nor a directory" || true; }
    printf '%s\n' "$want" > "$STAMP"
fi

# make passes QUICK=1 through the environment as QUICK.
if [ -n "${QUICK:-}" ] && [ "${QUICK}" != 0 ]; then
    export BENCH_QUICK=1
fi

export PYTHONDONTWRITEBYTECODE="${PYTHONDONTWRITEBYTECODE:-1}"
start=$(date +%s)
rc=0
"$PY" "$ROOT/bench/run.py" "$@" || rc=$?
echo "bench: finished in $(( $(date +%s) - start )) s (exit $rc)"
exit "$rc"
