# shellcheck shell=bash
# The one shell launcher of the CloudAgent simulator, sourced by the scripts that run playbooks against it
# (demo, packaging check) and by the integration targets (tests/integration/targets/setup_simulator/sim.sh).
# The caller sets ROOT (the checkout) and PY (its Python), and calls stop_simulator from its EXIT trap.
#
#   start_simulator DIR [simulator options]   start on a free loopback port (SIM_PORT=N: that port);
#                                             sets SIM_PID and SIM_URL; the log is DIR/sim.log
#   stop_simulator                            stop it (safe to call twice, or before a start)

SIM_PID=
# shellcheck disable=SC2034  # SIM_URL is read by the scripts that source this file
SIM_URL=

start_simulator() {
    local dir=$1
    shift
    PYTHONPATH="$ROOT/tests/simulator${PYTHONPATH:+:$PYTHONPATH}" \
        "$PY" -m cloudagent_sim --port "${SIM_PORT:-0}" --url-file "$dir/sim.url" "$@" >"$dir/sim.log" 2>&1 &
    SIM_PID=$!
    local _
    for _ in $(seq 1 100); do
        [ -s "$dir/sim.url" ] && break
        if ! kill -0 "$SIM_PID" 2>/dev/null; then
            cat "$dir/sim.log" >&2
            echo "the simulator exited before it was ready" >&2
            return 1
        fi
        sleep 0.1
    done
    if [ ! -s "$dir/sim.url" ]; then
        cat "$dir/sim.log" >&2
        echo "the simulator did not write $dir/sim.url within 10 s" >&2
        return 1
    fi
    # shellcheck disable=SC2034  # read by the caller
    SIM_URL=$(head -n1 "$dir/sim.url" | tr -d '[:space:]')
}

stop_simulator() {
    if [ -n "$SIM_PID" ] && kill -0 "$SIM_PID" 2>/dev/null; then
        kill "$SIM_PID" 2>/dev/null || true
        wait "$SIM_PID" 2>/dev/null || true
    fi
    SIM_PID=
}
