# shellcheck shell=bash
# Sourced by integration targets' runme.sh (their aliases hold needs/target/setup_simulator).
# Starts a private CloudAgent simulator on a free loopback port, points the CLOUDAGENT_* variables at it
# with the fixture's demo_user, gives the run its own known-state store, and stops it all on exit.
# SIM_ARGS adds simulator options (e.g. "--latency-ms 5").

_sim_root="$PWD"
while [ ! -d "$_sim_root/tests/simulator/cloudagent_sim" ] && [ "$_sim_root" != / ]; do
    _sim_root=$(dirname "$_sim_root")
done
SIM_DIR="$_sim_root/tests/simulator"
SIM_PYTHON="${ANSIBLE_TEST_PYTHON_INTERPRETER:-python3}"
_sim_work=$(mktemp -d)
# shellcheck disable=SC2086  # SIM_ARGS is a list of options
PYTHONPATH="$SIM_DIR" "$SIM_PYTHON" -m cloudagent_sim --port 0 --url-file "$_sim_work/url" ${SIM_ARGS:-} \
    >"$_sim_work/log" 2>&1 &
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
export CLOUDAGENT_API_KEY=KKdemo00000000000000000000000001
export CLOUDAGENT_LEDGER="$_sim_work/ledger"
export ANSIBLE_PYTHON_INTERPRETER="$SIM_PYTHON"
