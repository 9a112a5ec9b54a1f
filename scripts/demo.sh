#!/usr/bin/env bash
# The demo (`make demo`): a runtime-only .venv (ansible-core, requests; no development tools, no root,
# no redis-server), then the CloudAgent simulator on loopback and the provisioning playbook against it
# three times, one progress line per step:
#   1. provision the demo inventory's desired state          -> changes, writes
#   2. the same again                                         -> must be changed=0 (idempotent)
#   3. --check --diff with edited vars (playbooks/demo-edits.yml) -> shows the planned change, must write nothing
# The simulator's write count (its request journal) is printed before and after each run. A fresh
# known-state store (ledger) is used every time. Exits non-zero when a run fails, run 2 reports a
# change or run 3 writes anything.
#
#   scripts/demo.sh [extra ansible-playbook args for every run, e.g. -v]
#   DEMO_PLAYBOOK=playbooks/other.yml DEMO_INVENTORY=... DEMO_EDITS=... scripts/demo.sh
#   DEMO_PORT=8765 scripts/demo.sh        # fixed simulator port instead of a free one
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
T0=$(date +%s)
step() { printf 'demo [%s/5] %s  (t+%ss)\n' "$1" "$2" "$(( $(date +%s) - T0 ))"; }

step 1 "Python venv .venv with ansible-core and requests only (first time about 15 s)"
bash "$ROOT/scripts/setup.sh" --runtime
VENV="$ROOT/.venv"
PY="$VENV/bin/python"
PLAYBOOK="${DEMO_PLAYBOOK:-$ROOT/playbooks/demo.yml}"
INVENTORY="${DEMO_INVENTORY:-$ROOT/playbooks/inventory/demo}"
EDITS="${DEMO_EDITS:-$ROOT/playbooks/demo-edits.yml}"

export PATH="$VENV/bin:$PATH"
# The runtime venv is installed without byte-compiling (setup.sh --runtime): let the first run cache
# what it imports (make exports PYTHONDONTWRITEBYTECODE=1 for the test steps).
unset PYTHONDONTWRITEBYTECODE
export ANSIBLE_COLLECTIONS_PATH="$ROOT/.cache/collections${ANSIBLE_COLLECTIONS_PATH:+:$ANSIBLE_COLLECTIONS_PATH}"
export ANSIBLE_PYTHON_INTERPRETER="${ANSIBLE_PYTHON_INTERPRETER:-$PY}"
export ANSIBLE_LOCALHOST_WARNING=false
export ANSIBLE_INVENTORY_UNPARSED_WARNING=false
export ANSIBLE_NOCOLOR="${ANSIBLE_NOCOLOR:-1}"
export ANSIBLE_RETRY_FILES_ENABLED=false

# shellcheck source=lib/simulator.sh
source "$ROOT/scripts/lib/simulator.sh"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/cloudagent-demo.XXXXXX")
trap 'stop_simulator; rm -rf "$WORK"' EXIT

banner() {
    printf '\n'
    printf '=%.0s' $(seq 1 78); printf '\n'
    printf '  %s\n' "$@"
    printf '=%.0s' $(seq 1 78); printf '\n'
}

step 2 "starting the CloudAgent simulator on 127.0.0.1"
SIM_PORT="${DEMO_PORT:-0}" start_simulator "$WORK" || { echo "demo: no simulator" >&2; exit 1; }
export CLOUDAGENT_BASE_URL="$SIM_URL"

# Writes the simulator has received so far (its request journal, kind=write); "?" if unreadable.
sim_writes() {
    "$PY" - "$CLOUDAGENT_BASE_URL" <<'EOF' || echo '?'
import json, sys, time, urllib.request
for attempt in range(50):
    try:
        with urllib.request.urlopen(sys.argv[1] + '/_sim/journal?kind=write', timeout=5) as r:
            data = json.load(r)
        break
    except OSError:
        time.sleep(0.1)
else:
    sys.exit(1)
entries = data.get('journal', data.get('entries', [])) if isinstance(data, dict) else data
print(sum(1 for e in entries if isinstance(e, dict) and e.get('kind') == 'write'))
EOF
}
[ "$(sim_writes)" != '?' ] || { cat "$WORK/sim.log" >&2; echo "demo: simulator at $CLOUDAGENT_BASE_URL does not answer" >&2; exit 1; }

# Credentials of the default simulator fixture (tests/simulator/fixtures/account.json), unless set.
export CLOUDAGENT_USERNAME="${CLOUDAGENT_USERNAME:-demo_user}"
export CLOUDAGENT_API_KEY="${CLOUDAGENT_API_KEY:-KKdemo00000000000000000000000001}"
# A fresh known-state store for every demo (never the user's ~/.ansible/cloudagent/ledger).
export CLOUDAGENT_LEDGER="$WORK/ledger"
unset CLOUDAGENT_TOKEN CLOUDAGENT_AUTH_MODE

rel() { local p=$1; printf '%s' "${p#"$ROOT"/}"; }

banner "CloudAgent demo: simulator at $CLOUDAGENT_BASE_URL (account demo_user)" \
       "playbook $(rel "$PLAYBOOK"), inventory $(rel "$INVENTORY")" \
       "known-state store (ledger): a fresh directory in $WORK"

declare -a RUN_TITLE RUN_RC RUN_CHANGED RUN_WRITES RUN_RECAP
run() {  # run <index> <title> <ansible-playbook args...>
    local i=$1 title=$2; shift 2
    local before after rc=0 log="$WORK/run$i.log"
    before=$(sim_writes)
    step $((i + 2)) "run $i: ansible-playbook ${PLAYBOOK#"$ROOT"/} - ${title%% (*}"
    banner "Run $i: $title" "simulator writes so far: $before"
    (cd "$ROOT" && ansible-playbook -i "$INVENTORY" "$PLAYBOOK" "$@") 2>&1 | tee "$log" || rc=$?
    after=$(sim_writes)
    RUN_TITLE[i]=$title
    RUN_RC[i]=$rc
    RUN_RECAP[i]=$(grep -E '^localhost +:' "$log" | tail -n1 | sed -E 's/ +$//' || true)
    RUN_CHANGED[i]=$(sed -nE 's/.*changed=([0-9]+).*/\1/p' <<<"${RUN_RECAP[i]}")
    if [ "$before" = '?' ] || [ "$after" = '?' ]; then RUN_WRITES[i]='?'; else RUN_WRITES[i]=$((after - before)); fi
    printf -- '--> run %s: exit code %s; simulator writes %s -> %s (%s during this run)\n' \
        "$i" "$rc" "$before" "$after" "${RUN_WRITES[i]}"
}

run 1 "provision with --diff (expect changes: phones, block groups and DIDs are created)" --diff "$@"
run 2 "the same playbook again (expect changed=0 and no writes: idempotent)" "$@"
run 3 "--check --diff with edited vars $(rel "$EDITS") (expect the planned changes, no writes)" \
    --check --diff -e "@$EDITS" "$@"

stop_simulator

banner "Summary"
failures=()
for i in 1 2 3; do
    printf '  run %s  writes=%-4s %s\n' "$i" "${RUN_WRITES[i]}" "${RUN_TITLE[i]%% (*}"
    printf '         %s\n' "${RUN_RECAP[i]:-(no PLAY RECAP line: see the output above)}"
    [ "${RUN_RC[i]}" = 0 ] || failures+=("run $i failed (ansible-playbook exit code ${RUN_RC[i]})")
done
[ "${RUN_CHANGED[1]:-0}" -gt 0 ] 2>/dev/null || failures+=("run 1 reported no change (expected the demo data to be created)")
[ "${RUN_CHANGED[2]:-x}" = 0 ] || failures+=("run 2 is not idempotent: changed=${RUN_CHANGED[2]:-?} (expected 0)")
[ "${RUN_WRITES[2]}" = 0 ] || failures+=("run 2 sent ${RUN_WRITES[2]} write(s) to the simulator (expected 0)")
[ "${RUN_CHANGED[3]:-0}" -gt 0 ] 2>/dev/null || failures+=("run 3 (--check) predicted no change for the edited vars")
[ "${RUN_WRITES[3]}" = 0 ] || failures+=("run 3 (--check) sent ${RUN_WRITES[3]} write(s) to the simulator (expected 0)")

if [ "${#failures[@]}" -gt 0 ]; then
    printf '\ndemo: FAILED\n' >&2
    printf '  - %s\n' "${failures[@]}" >&2
    exit 1
fi
printf '\ndemo: OK in %s s - run 1 provisioned with %s write(s), run 2 changed nothing, run 3 showed the\n' \
    "$(( $(date +%s) - T0 ))" "${RUN_WRITES[1]}"
printf 'planned changes of %s without a single write.\n' "$(rel "$EDITS")"
cat <<TEXT

Next steps
  1. Use the Ansible this demo installed (ansible-playbook, ansible-doc, ansible-galaxy are in .venv):
       make shell                  # a shell with .venv active and this checkout as ozonetel.cloudagent
     or
       source .venv/bin/activate   # then install the collection: docs/getting-started.md, step 2
  2. Point your own inventory at the simulator: start it in another terminal with
       make simulator              # http://127.0.0.1:8765; prints these variables again
     then, in the shell of step 1:
       export CLOUDAGENT_BASE_URL=http://127.0.0.1:8765 CLOUDAGENT_USERNAME=$CLOUDAGENT_USERNAME
       export CLOUDAGENT_API_KEY=$CLOUDAGENT_API_KEY CLOUDAGENT_LEDGER=$ROOT/.cache/simulator-ledger
       cp -r playbooks/inventory/example ~/cloudagent   # your inventory: edit group_vars/cloudagent/main.yml
       ansible-playbook -i ~/cloudagent ozonetel.cloudagent.provision -e cloudagent_username=$CLOUDAGENT_USERNAME --check --diff
  Against a real account: docs/getting-started.md.
TEXT
