#!/usr/bin/env bash
# cloudagent_blocklist against a private simulator (see ../setup_simulator/sim.sh).
set -eux
# shellcheck source=/dev/null
source ../setup_simulator/sim.sh
ansible-playbook -i localhost, -c local main.yml "$@"
