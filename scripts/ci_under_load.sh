#!/usr/bin/env bash
# `.ci/run` on fresh clones of one commit, several times in a row, while a Python busy loop runs on every
# core the whole time: the check that CI does not depend on the machine being idle (issue 16).
# Each run is what CI does: a clone, `env -i` with only the system PATH, an empty HOME, CI=true.
#
#   scripts/ci_under_load.sh [RUNS] [OUT]     RUNS defaults to 3, OUT to a new temp directory
#
# Writes OUT/runN.log per run and OUT/summary (commit, then one line per run: exit code, seconds, 1-minute
# load at its start and end, the run's last line). Exits non-zero when any run failed.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RUNS=${1:-3}
OUT=${2:-$(mktemp -d -t ci-under-load-XXXXXX)}
mkdir -p "$OUT"
commit=$(git -C "$ROOT" rev-parse HEAD)
echo "commit $commit, $RUNS runs, $(nproc) busy loops" | tee "$OUT/summary"

hogs=()
trap 'kill "${hogs[@]}" 2>/dev/null || true' EXIT
for _ in $(seq "$(nproc)"); do
    python3 -c 'while True: pass' &
    hogs+=($!)
done

failed=0
for i in $(seq "$RUNS"); do
    clone="$OUT/clone$i" home="$OUT/home$i"
    mkdir -p "$home"
    git clone -q "$ROOT" "$clone"
    git -C "$clone" checkout -q "$commit"
    start=$(date +%s) load0=$(cut -d' ' -f1 /proc/loadavg) rc=0
    (cd "$clone" && env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME="$home" CI=true \
        TERM=dumb bash .ci/run) >"$OUT/run$i.log" 2>&1 || rc=$?
    [ "$rc" -eq 0 ] || failed=1
    echo "run $i rc $rc $(( $(date +%s) - start )) s load $load0 -> $(cut -d' ' -f1 /proc/loadavg): $(tail -n 1 "$OUT/run$i.log")" \
        | tee -a "$OUT/summary"
    rm -rf "$clone"
done
exit "$failed"
