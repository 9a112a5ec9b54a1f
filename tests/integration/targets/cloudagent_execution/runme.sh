#!/usr/bin/env bash
# The two execution paths themselves (docs/architecture.md): module_defaults groups, the task's environment,
# delegate_to, forks, async, loops that fail part-way, the switch and its bad values; once per default path.
# The playbook's own environment points the modules at an unreachable URL: only what a task gives (module
# options, module_defaults, environment:) reaches the simulator, so each of those is proven to work.
set -eux
# shellcheck source=../setup_simulator/each_path.sh
source ../setup_simulator/each_path.sh
# sim.sh gives the run its own HOME, which is not root's home: async_status would expand ~ to the latter.
run() {
    ANSIBLE_ASYNC_DIR="$HOME/.ansible_async" CLOUDAGENT_BASE_URL=http://127.0.0.1:9 ansible-playbook -i inventory.ini main.yml -e "sim_url=$SIM_URL" "$@"
}
each_execution_path run "$@"
