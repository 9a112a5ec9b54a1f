#!/usr/bin/env bash
# `make simulator [PORT=8765]`: run the CloudAgent simulator in the foreground on 127.0.0.1 and print
# what a playbook needs to use it: its base URL, the credentials of its account fixture, and a fresh
# known-state store for it (the simulator forgets everything when it stops, so the records of an
# earlier session would describe objects that no longer exist). Ctrl-C stops it.
#
#   scripts/simulator.sh [PORT]
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PY="$ROOT/.venv/bin/python"
PORT=${1:-8765}
FIXTURE="$ROOT/tests/simulator/fixtures/account.json"
LEDGER="$ROOT/.cache/simulator-ledger"

# The first user of the fixture the simulator serves: user name and API key.
read -r USER_NAME API_KEY < <("$PY" - "$FIXTURE" <<'PYEOF'
import json, sys
with open(sys.argv[1], encoding='utf-8') as handle:
    user = json.load(handle)['users'][0]
print(user['userName'], user['apiKey'])
PYEOF
)
rm -rf "$LEDGER"
mkdir -p "$LEDGER"

cat <<TEXT
CloudAgent simulator on http://127.0.0.1:$PORT (account fixture ${FIXTURE#"$ROOT"/}).
In another shell (make shell, or with .venv active and the collection installed), point any playbook at it:

  export CLOUDAGENT_BASE_URL=http://127.0.0.1:$PORT
  export CLOUDAGENT_USERNAME=$USER_NAME
  export CLOUDAGENT_API_KEY=$API_KEY
  export CLOUDAGENT_LEDGER=$LEDGER

then, for example, with the shipped demo inventory or your own copy of playbooks/inventory/example
(extra vars win over its cloudagent_username):

  ansible-playbook -i playbooks/inventory/demo ozonetel.cloudagent.provision --check --diff
  ansible-playbook -i ~/cloudagent ozonetel.cloudagent.provision -e cloudagent_username=$USER_NAME --check --diff

Ctrl-C stops the simulator (it forgets everything; the next start empties $LEDGER).
TEXT
exec env PYTHONPATH="$ROOT/tests/simulator" "$PY" -m cloudagent_sim --port "$PORT" --fixture "$FIXTURE"
