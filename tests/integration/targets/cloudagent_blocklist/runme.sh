#!/usr/bin/env bash
# cloudagent_blocklist against a private simulator, once per execution path
# (see ../setup_simulator/each_path.sh and sim.sh).
set -eux
# shellcheck source=../setup_simulator/each_path.sh
source ../setup_simulator/each_path.sh
each_execution_path ansible-playbook -i localhost, -c local main.yml "$@"
