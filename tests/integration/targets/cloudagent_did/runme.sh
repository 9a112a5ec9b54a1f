#!/usr/bin/env bash
# cloudagent_did and cloudagent_campaign_info against a private simulator, once per execution path
# (see ../setup_simulator/each_path.sh and sim.sh).
set -eux
# shellcheck source=../setup_simulator/each_path.sh
source ../setup_simulator/each_path.sh
inventory=../../inventory
[ -f "$inventory" ] || inventory=localhost,
each_execution_path ansible-playbook -i "$inventory" main.yml "$@"
