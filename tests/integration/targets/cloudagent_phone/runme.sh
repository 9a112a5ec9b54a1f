#!/usr/bin/env bash
# cloudagent_phone and cloudagent_phone_info against a private simulator (see ../setup_simulator/sim.sh).
set -eux
# shellcheck source=../setup_simulator/sim.sh
source ../setup_simulator/sim.sh
inventory=../../inventory
[ -f "$inventory" ] || inventory=localhost,
ansible-playbook -i "$inventory" main.yml "$@"
