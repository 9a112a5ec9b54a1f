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
# The one shell launcher of the simulator (also the demo's and the packaging check's).
# shellcheck disable=SC2034  # ROOT and PY are scripts/lib/simulator.sh's inputs
ROOT="$_sim_root" PY="$SIM_PYTHON"
# shellcheck source=/dev/null  # scripts/lib/simulator.sh of the collection tree found above
source "$_sim_root/scripts/lib/simulator.sh"
trap 'stop_simulator; rm -rf "$_sim_work"' EXIT
# shellcheck disable=SC2086  # SIM_ARGS is a list of options
start_simulator "$_sim_work" --fixture "$SIM_FIXTURE" --token-log "$SIM_ARTIFACTS/tokens.log" ${SIM_ARGS:-} \
    || exit 1
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
