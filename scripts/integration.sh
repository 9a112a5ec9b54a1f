#!/usr/bin/env bash
# make integration: run the integration targets with -vvv, keep the whole output in a file, then scan
# everything the run wrote for secrets.
#
#   scripts/integration.sh [ansible-test integration args...]
#
# 1. tests/output/secret-scan/ is emptied; `scripts/ansible_test.sh integration -vvv` runs with its output
#    in tests/output/secret-scan/ansible-test-integration.log (-vvv output is large: only the size, the
#    exit status and, on failure, the failing part are printed). Each target's simulator leaves its
#    tokens.log, fixture, known-state stores and HOME in tests/output/secret-scan/targets/<target>/
#    (tests/integration/targets/setup_simulator/sim.sh).
# 2. scripts/secret_scan.py searches all of tests/output (the log, ansible-test's results, every ledger
#    directory and HOME the targets used) for every API key of the fixtures the simulators served and
#    every token they minted, including URL-encoded and JSON-escaped forms. The token logs are its input,
#    and the collection's token-cache files hold a token by design: those are searched for API keys only.
#    At least one token must have been minted, and some module must have run with api_flavor=legacy and
#    one with auth_mode=token, or the scan fails: a clean scan of runs that never used them proves little.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
OUT="$ROOT/tests/output/secret-scan"
LOG="$OUT/ansible-test-integration.log"

# This run's results only: the secret scan must not read an earlier run's (ansible-test writes a new
# junit/*.xml and data/integration-*.json per run and never removes old ones).
# ansible-core 2.21 adds a task's module arguments (invocation) to its result only on request; earlier
# lines always did. Ask, so every line's -vvv log shows them (no_log values masked) and the scan covers them.
export ANSIBLE_INJECT_INVOCATION=true
rm -rf "$OUT" "$ROOT/tests/output/junit" "$ROOT"/tests/output/data/integration-*.json
mkdir -p "$OUT"
started=$(date +%s)
rc=0
bash "$ROOT/scripts/ansible_test.sh" integration -vvv "$@" >"$LOG" 2>&1 || rc=$?
printf 'integration: ansible-test integration -vvv exited %d after %d s; full output (%d bytes): %s\n' \
    "$rc" "$(($(date +%s) - started))" "$(wc -c <"$LOG")" "${LOG#"$ROOT"/}"
if [ "$rc" -ne 0 ]; then
    echo '--- first failures in the output:'
    grep -n -m 3 -A 12 -E '^(fatal|failed): |^ERROR|FAILED!' "$LOG" || true
    echo '--- end of the output:'
    tail -n 25 "$LOG"
    exit "$rc"
fi

# The scan proves something only if the risky paths ran: the legacy flavor (API key in the query string)
# and token mode. Up to ansible-core 2.20, -vvv prints every module's arguments (no_log values masked);
# 2.21's callback hides them, but ansible-test's junit report lists each task's arguments as key=value.
for option in api_flavor=legacy auth_mode=token; do
    json="\"${option%%=*}\": \"${option#*=}\""
    if ! grep -qF "$json" "$LOG" && ! grep -qsE "[ ,]$option(,|$)" "$ROOT"/tests/output/junit/*.xml; then
        echo "secret scan: FAILED: no module ran with $option: the targets must exercise it"
        exit 1
    fi
done

# Every target runs once per execution path (tests/integration/targets/setup_simulator/each_path.sh); -vvv
# prints which path each task of the collection took (plugins/plugin_utils/cloudagent_action.py). The scan
# covers both only if both ran.
for marker in ': in the worker process' ': module path (CLOUDAGENT_EXECUTION=module)'; do
    if ! grep -qF "$marker" "$LOG"; then
        echo "secret scan: FAILED: no task of the collection ran with '$marker': both execution paths must run"
        exit 1
    fi
done

scan_args=(--min-tokens 1)
for file in "$OUT"/targets/*/fixture; do
    [ -f "$file" ] || continue
    fixture=$(cat "$file")
    case "$fixture" in /*) ;; *) fixture="$ROOT/$fixture" ;; esac
    scan_args+=(--fixture "$fixture")
done
for file in "$OUT"/targets/*/tokens.log "$OUT"/targets/*/secrets.log; do
    [ -f "$file" ] && scan_args+=(--token-log "$file")   # secrets.log: other secrets a target used (agent passwords)
done
"${CLOUDAGENT_VENV:-$ROOT/.venv}/bin/python" "$ROOT/scripts/secret_scan.py" "${scan_args[@]}" "$ROOT/tests/output"
