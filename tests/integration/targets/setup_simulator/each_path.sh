# shellcheck shell=bash
# Sourced by integration targets' runme.sh: each_execution_path CMD... runs CMD once per execution path of
# the collection's modules (docs/architecture.md, "Two execution paths"): first `action` (the default: the
# action plugin runs the module in the worker process), then `module` (a module process per task), each in a
# subshell with its own simulator, known-state store and HOME (../setup_simulator/sim.sh, whose artifacts
# for the secret scan go to tests/output/secret-scan/targets/<target>-<path>/). Stops at the first failure.
each_execution_path() {
    local path
    for path in action module; do
        echo "=== $(basename "$PWD"): execution path $path"
        (
            export CLOUDAGENT_EXECUTION="$path"
            # shellcheck source=./sim.sh
            source ../setup_simulator/sim.sh
            "$@"
        ) || return
    done
}
