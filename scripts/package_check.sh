#!/usr/bin/env bash
# Packaging check: build the collection tarball, make sure it holds only the allow-list of galaxy.yml's
# manifest, install it into a throw-away collections path, run `ansible-builder introspect` on that path
# (what an EE build reads: the requirements named by meta/execution-environment.yml), check that ansible-doc lists every module from
# the installed copy (not from the working tree), and run the installed copy's demo playbook
# (playbooks/ ships in the tarball) against the local simulator twice: changes, then changed=0.
#
#   scripts/package_check.sh
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
VENV="$ROOT/.venv"
PY="$VENV/bin/python"
export PATH="$VENV/bin:$PATH"

# shellcheck source=lib/simulator.sh
source "$ROOT/scripts/lib/simulator.sh"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/cloudagent-package.XXXXXX")
trap 'stop_simulator; rm -rf "$WORK"' EXIT

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

# 2. only the allow-list of galaxy.yml's manifest: what a user of the collection needs, nothing of the
#    workshop (Makefile, scripts/, bench/, test suites, dev pins, images). The same list, written again
#    here on purpose: a directive added to galaxy.yml by mistake fails this check until it is added here.
ALLOWED='^(README\.md|COPYING|requirements\.txt|requirements-redis\.txt|MANIFEST\.json|FILES\.json'
ALLOWED+='|meta/(runtime|execution-environment)\.yml'
ALLOWED+='|plugins/(modules|module_utils|doc_fragments|action|plugin_utils)/([a-z0-9_]+/)*[a-z0-9_]+\.py'
ALLOWED+='|docs/([a-z0-9_-]+/)*[A-Za-z0-9_-]+\.(md|rst)'
ALLOWED+='|playbooks/[A-Za-z0-9_./-]+\.(yml|yml\.example)'
ALLOWED+='|extensions/awx/[a-z0-9_]+\.yml'
ALLOWED+='|tests/simulator/cloudagent_sim/([a-z0-9_]+/)*[a-z0-9_]+\.py|tests/simulator/fixtures/[a-z0-9_-]+\.json'
ALLOWED+='|changelogs/(changelog|config)\.yaml|changelogs/fragments/[A-Za-z0-9_.-]+\.ya?ml)$'
files=$(tar -tzf "$TARBALL" | grep -v '/$' | sed 's|^\./||')
outside=$(grep -vE "$ALLOWED" <<<"$files" || true)
[ -z "$outside" ] || fail "tarball holds paths outside the allow-list (galaxy.yml manifest):
$outside"
for needed in COPYING README.md requirements.txt meta/runtime.yml meta/execution-environment.yml \
    playbooks/demo.yml extensions/awx/cloudagent_credential_type.yml tests/simulator/cloudagent_sim/__main__.py; do
    grep -qx "$needed" <<<"$files" || fail "tarball lacks $needed"
done
echo "tarball: $(wc -l <<<"$files") files, all on the allow-list; $(grep -c '^plugins/' <<<"$files") of them under plugins/"

# 3. install it, then list the modules from the installed copy only
export ANSIBLE_COLLECTIONS_PATH="$WORK/collections"
export ANSIBLE_COLLECTIONS_SCAN_SYS_PATH=false
export ANSIBLE_HOME="$WORK/ansible-home"
ansible-galaxy collection install -p "$WORK/collections" "$TARBALL" >/dev/null
INSTALLED="$WORK/collections/ansible_collections/ozonetel/cloudagent"
[ -f "$INSTALLED/MANIFEST.json" ] || fail "install did not create $INSTALLED"

# 3b. what ansible-builder finds when it builds an EE that contains the installed collection
introspect=$(ansible-builder introspect "$WORK/collections" 2>&1) \
    || { printf '%s\n' "$introspect" >&2; fail "ansible-builder introspect of the installed collection failed"; }
for req in requests redis; do
    grep -qE "^- '${req}[<>=!~ ].*# from collection ozonetel\.cloudagent'\$" <<<"$introspect" \
        || { printf '%s\n' "$introspect" >&2; fail "ansible-builder introspect does not list $req for ozonetel.cloudagent"; }
done
echo "ansible-builder introspect of the installed copy lists requests and redis (from requirements.txt)"

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

# 4. the demo from the installed copy only: its playbooks and inventory, its modules (the collections
#    path holds nothing else), against the simulator of this checkout on a free loopback port
PLAYBOOK="$INSTALLED/playbooks/demo.yml"
INVENTORY="$INSTALLED/playbooks/inventory/demo"
if [ ! -f "$PLAYBOOK" ] || [ ! -d "$INVENTORY" ]; then
    fail "the tarball does not ship playbooks/demo.yml and playbooks/inventory/demo"
fi
start_simulator "$WORK" || fail "no simulator for the installed demo"
export CLOUDAGENT_BASE_URL="$SIM_URL" CLOUDAGENT_USERNAME=demo_user CLOUDAGENT_API_KEY=KKdemo00000000000000000000000001
export CLOUDAGENT_LEDGER="$WORK/ledger"
unset CLOUDAGENT_TOKEN CLOUDAGENT_AUTH_MODE CLOUDAGENT_VALIDATE_CERTS CLOUDAGENT_LEDGER_PASSWORD
export ANSIBLE_PYTHON_INTERPRETER="$PY" ANSIBLE_RETRY_FILES_ENABLED=false ANSIBLE_NOCOLOR=1

demo_run() {  # demo_run <n>: run the installed demo playbook, print its PLAY RECAP line's changed= count
    local log="$WORK/demo$1.log"
    (cd "$WORK" && ansible-playbook -i "$INVENTORY" "$PLAYBOOK") >"$log" 2>&1 \
        || { cat "$log" >&2; fail "run $1 of the installed playbooks/demo.yml failed"; }
    grep -E '^localhost +:' "$log" | tail -n1 | sed -nE 's/.*changed=([0-9]+).*/\1/p'
}
first=$(demo_run 1)
[ "${first:-0}" -gt 0 ] || { cat "$WORK/demo1.log" >&2; fail "run 1 of the installed demo reported no change"; }
second=$(demo_run 2)
[ "$second" = 0 ] || { cat "$WORK/demo2.log" >&2; fail "run 2 of the installed demo is not idempotent: changed=${second:-?}"; }
stop_simulator
echo "installed copy's playbooks/demo.yml: run 1 changed=$first, run 2 changed=0 (simulator, installed modules only)"
