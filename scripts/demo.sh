#!/usr/bin/env bash
# The demo: start the CloudAgent simulator on loopback, run playbooks/demo.yml against it, stop the
# simulator and print how many writes it received.
#
#   scripts/demo.sh [extra ansible-playbook args...]
#   DEMO_PLAYBOOK=playbooks/other.yml scripts/demo.sh
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
VENV="$ROOT/.venv"
PY="$VENV/bin/python"
PLAYBOOK="${DEMO_PLAYBOOK:-$ROOT/playbooks/demo.yml}"

export PATH="$VENV/bin:$PATH"
export ANSIBLE_COLLECTIONS_PATH="$ROOT/.cache/collections${ANSIBLE_COLLECTIONS_PATH:+:$ANSIBLE_COLLECTIONS_PATH}"
export ANSIBLE_PYTHON_INTERPRETER="${ANSIBLE_PYTHON_INTERPRETER:-$PY}"
export ANSIBLE_LOCALHOST_WARNING=false
export ANSIBLE_INVENTORY_UNPARSED_WARNING=false

WORK=$(mktemp -d "${TMPDIR:-/tmp}/cloudagent-demo.XXXXXX")
URL_FILE="$WORK/url"
SIM_PID=
stop_sim() {
    if [ -n "$SIM_PID" ] && kill -0 "$SIM_PID" 2>/dev/null; then
        kill "$SIM_PID" 2>/dev/null || true
        wait "$SIM_PID" 2>/dev/null || true
    fi
    SIM_PID=
}
trap 'stop_sim; rm -rf "$WORK"' EXIT

# Port 0: the simulator picks a free loopback port and writes its base URL to --url-file.
PYTHONPATH="$ROOT/tests/simulator${PYTHONPATH:+:$PYTHONPATH}" \
    "$PY" -m cloudagent_sim --port "${DEMO_PORT:-0}" --url-file "$URL_FILE" >"$WORK/sim.log" 2>&1 &
SIM_PID=$!

for _ in $(seq 1 100); do
    [ -s "$URL_FILE" ] && break
    kill -0 "$SIM_PID" 2>/dev/null || { cat "$WORK/sim.log" >&2; echo "demo: simulator exited before it was ready" >&2; exit 1; }
    sleep 0.1
done
[ -s "$URL_FILE" ] || { cat "$WORK/sim.log" >&2; echo "demo: simulator did not write $URL_FILE within 10 s" >&2; exit 1; }
CLOUDAGENT_BASE_URL=$(head -n1 "$URL_FILE" | tr -d '[:space:]')
export CLOUDAGENT_BASE_URL
"$PY" - "$CLOUDAGENT_BASE_URL" <<'EOF'
import sys, time, urllib.request
for _ in range(50):
    try:
        with urllib.request.urlopen(sys.argv[1] + '/_sim/health', timeout=2) as r:
            if r.status == 200:
                sys.exit(0)
    except OSError:
        time.sleep(0.1)
sys.exit('demo: simulator health check failed at ' + sys.argv[1])
EOF
echo "demo: simulator at $CLOUDAGENT_BASE_URL"

# Credentials of the default simulator fixture (tests/simulator/fixtures/account.json), unless set.
export CLOUDAGENT_USERNAME="${CLOUDAGENT_USERNAME:-demo_user}"
export CLOUDAGENT_API_KEY="${CLOUDAGENT_API_KEY:-KKdemo00000000000000000000000001}"
export CLOUDAGENT_LEDGER="${CLOUDAGENT_LEDGER:-$WORK/ledger}"

rc=0
ansible-playbook "$PLAYBOOK" "$@" || rc=$?

# Count the writes from the simulator's journal before stopping it.
writes=$("$PY" - "$CLOUDAGENT_BASE_URL" <<'EOF'
import json, sys, urllib.request
with urllib.request.urlopen(sys.argv[1] + '/_sim/journal', timeout=5) as r:
    data = json.load(r)
entries = data.get('journal', data.get('entries', [])) if isinstance(data, dict) else data
print(sum(1 for e in entries if isinstance(e, dict) and e.get('kind') == 'write'))
EOF
) || writes="unknown (journal not readable)"
stop_sim
echo "demo: simulator write count: $writes"
exit "$rc"
