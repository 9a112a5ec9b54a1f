# shellcheck shell=bash
# Sourced by integration targets' runme.sh (their aliases hold needs/target/setup_simulator).
# Starts a private CloudAgent simulator on a free loopback port, points the CLOUDAGENT_* variables at it
# with the fixture's demo_user, gives the run its own known-state store and HOME, and stops the simulator
# on exit. SIM_ARGS adds simulator options (e.g. "--latency-ms 5"); SIM_FIXTURE picks another fixture.
#
# What the secret scan of `make integration` (scripts/integration.sh) reads afterwards stays in
# tests/output/secret-scan/targets/<target>/ of the collection tree (scripts/ansible_test.sh copies
# tests/output back): tokens.log (every token this simulator minted), fixture (the fixture it served, whose
# API keys the scan looks for), ledger*/ (the known-state stores) and home/ (this run's HOME: Ansible's
# files and the collection's token cache).

_sim_root="$PWD"
while [ ! -d "$_sim_root/tests/simulator/cloudagent_sim" ] && [ "$_sim_root" != / ]; do
    _sim_root=$(dirname "$_sim_root")
done
SIM_DIR="$_sim_root/tests/simulator"
SIM_PYTHON="${ANSIBLE_TEST_PYTHON_INTERPRETER:-python3}"
SIM_FIXTURE="${SIM_FIXTURE:-$SIM_DIR/fixtures/account.json}"
SIM_ARTIFACTS="$_sim_root/tests/output/secret-scan/targets/$(basename "$PWD")${CLOUDAGENT_EXECUTION:+-$CLOUDAGENT_EXECUTION}"
rm -rf "$SIM_ARTIFACTS"
mkdir -p "$SIM_ARTIFACTS/home"
printf '%s\n' "${SIM_FIXTURE#"$_sim_root"/}" >"$SIM_ARTIFACTS/fixture"
_sim_work=$(mktemp -d)
# shellcheck disable=SC2086  # SIM_ARGS is a list of options
PYTHONPATH="$SIM_DIR" "$SIM_PYTHON" -m cloudagent_sim --port 0 --url-file "$_sim_work/url" --fixture "$SIM_FIXTURE" \
    --token-log "$SIM_ARTIFACTS/tokens.log" ${SIM_ARGS:-} >"$_sim_work/log" 2>&1 &
SIM_PID=$!
trap 'kill "$SIM_PID" 2>/dev/null; wait "$SIM_PID" 2>/dev/null; rm -rf "$_sim_work"' EXIT
for _ in $(seq 200); do
    [ -s "$_sim_work/url" ] && break
    sleep 0.05
done
if [ ! -s "$_sim_work/url" ]; then
    echo "simulator did not start:" >&2
    cat "$_sim_work/log" >&2
    exit 1
fi
SIM_URL=$(cat "$_sim_work/url")
export SIM_URL
export CLOUDAGENT_BASE_URL="$SIM_URL"
export CLOUDAGENT_USERNAME=demo_user
# runme.sh traces with set -x: the key must not reach that trace (the secret scan looks for it everywhere).
case $- in *x*) _sim_trace=1 ;; *) _sim_trace= ;; esac
{ set +x; } 2>/dev/null
export CLOUDAGENT_API_KEY=KKdemo00000000000000000000000001
[ -z "$_sim_trace" ] || set -x
export CLOUDAGENT_LEDGER="$SIM_ARTIFACTS/ledger"
export HOME="$SIM_ARTIFACTS/home"
export ANSIBLE_PYTHON_INTERPRETER="$SIM_PYTHON"
