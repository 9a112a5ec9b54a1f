#!/usr/bin/env bash
# cloudagent_agent and cloudagent_agent_info against a private simulator, once per execution path
# (see ../setup_simulator/each_path.sh and sim.sh).
# Sized to stay inside the agent endpoints' limits (10 AgentDetails, 5 writes per endpoint a minute), so the
# run never waits; the bulk and pacing cases at scale run on the simulator's clock in tests/unit.
set -eux
# shellcheck source=../setup_simulator/each_path.sh
source ../setup_simulator/each_path.sh
inventory=../../inventory
[ -f "$inventory" ] || inventory=localhost,
run() {
    # The agent passwords (values marked "# secret") join the secret scan of `make integration`.
    sed -n 's/^  *[a-z_0-9]*: "\(.*\)"  # secret$/\1/p' secrets.yml >"$SIM_ARTIFACTS/secrets.log"
    ansible-playbook -i "$inventory" main.yml "$@"
}
each_execution_path run "$@"
