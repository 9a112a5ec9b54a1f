# ozonetel.cloudagent developer entry points. The repository root is the collection root.
#   make demo    set up, run playbooks/demo.yml against the local simulator
#   make test    set up, then every check, failing fast; the last line is pytest's summary
# See docs/development.md for each target and how long it takes.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
MAKEFLAGS += --no-print-directory

ROOT := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))
VENV := $(ROOT)/.venv
BIN  := $(VENV)/bin
PY   := $(BIN)/python
PORT ?= 8765
PYTEST_ARGS ?=

# Environment for every ansible-* run: the working tree wins over any installed copy
# (.cache/collections holds ansible_collections/ozonetel/cloudagent -> the repo, first on the path),
# the venv's Python is the interpreter for localhost (discovery would pick a broken pyenv shim),
# and ANSIBLE_HOME stays under HOME (created on demand; fine for an empty HOME).
export PATH := $(BIN):$(PATH)
export ANSIBLE_COLLECTIONS_PATH := $(ROOT)/.cache/collections:$(HOME)/.ansible/collections
export ANSIBLE_PYTHON_INTERPRETER := $(PY)
export ANSIBLE_LOCALHOST_WARNING := false
export ANSIBLE_INVENTORY_UNPARSED_WARNING := false
export ANSIBLE_NOCOLOR := 1
export ANSIBLE_FORCE_COLOR := 0
export NO_COLOR := 1
export PY_COLORS := 0
export PYTHONDONTWRITEBYTECODE := 1
export PIP_DISABLE_PIP_VERSION_CHECK := 1

# One-line banner per step, with the seconds since `make test` started (TEST_T0).
banner = printf '==> %s  [t+%ss]\n' "$(1)" "$$(( $$(date +%s) - $${TEST_T0:-$$(date +%s)} ))"

.PHONY: help setup venv demo test lint sanity integration molecule package ee changelog docs-check units \
        docs runtime simulator bench clean

help:
	@echo 'make demo        set up, start the simulator, run playbooks/demo.yml, print the write count'
	@echo 'make test        set up, then lint, sanity, integration, molecule, package, ee, changelog, docs-check, units'
	@echo 'make simulator   run the CloudAgent simulator in the foreground (PORT=$(PORT))'
	@echo 'make lint | sanity | integration | molecule | package | ee | changelog | docs-check | units   one step'
	@echo 'make docs        regenerate the module reference docs/reference/ from the modules (antsibull-docs)'
	@echo 'make runtime     regenerate meta/runtime.yml from plugins/modules'
	@echo 'make bench       the benchmark: docs/performance.md and .png (QUICK=1: short; BENCH_FULL_BASELINE=1: full)'
	@echo 'make clean       remove .venv, .cache, tests/output and build leftovers'

# .venv is (re)built by setup.sh when missing or when requirements-dev.txt changed (stamp file);
# setup.sh also writes ansible-test's pip stand-in, installs redis-server/shellcheck and the
# collections-path symlink. It is idempotent and takes well under a second when all is in place.
$(VENV)/.requirements-dev.sha256: requirements-dev.txt scripts/setup.sh
	@bash scripts/setup.sh

venv: $(VENV)/.requirements-dev.sha256

setup:
	@bash scripts/setup.sh

demo: setup
	@bash scripts/demo.sh

test: setup
	@export TEST_T0=$$(date +%s); \
	for step in lint sanity integration molecule package ee changelog docs-check units; do \
	    $(MAKE) $$step || exit $$?; \
	done

lint: setup
	@$(call banner,ansible-lint (production profile, offline) + no wall-clock assertions in tests/)
	@$(PY) scripts/gen_runtime.py --check
	@$(PY) scripts/check_timed_asserts.py tests
	@ansible-lint -q --nocolor

sanity: setup
	@$(call banner,ansible-test sanity (all tests, --python 3.11 --local))
	@if ls tests/sanity/ignore-*.txt >/dev/null 2>&1 && [ -n "$$(cat tests/sanity/ignore-*.txt)" ]; then \
	    echo 'tests/sanity/ignore-*.txt must stay empty: fix the code instead'; exit 1; fi
	@bash scripts/ansible_test.sh sanity

integration: setup
	@$(call banner,ansible-test integration -vvv (--python 3.11 --local) + secret scan of its output)
	@if ls -d tests/integration/targets/*/ >/dev/null 2>&1; then \
	    bash scripts/integration.sh; \
	else echo 'no integration targets under tests/integration/targets: skipped'; fi

molecule: setup
	@$(call banner,molecule (extensions/molecule))
	@if ls extensions/molecule/*/molecule.yml >/dev/null 2>&1; then \
	    rm -rf "$(HOME)"/.ansible/tmp/molecule.*; \
	    rc=0; (cd extensions && molecule test --all) || rc=$$?; \
	    rm -rf "$(HOME)"/.ansible/tmp/molecule.* \
	        "$(HOME)/.ansible/collections/ansible_collections/ozonetel/cloudagent"; \
	    exit $$rc; \
	else echo 'no molecule scenarios under extensions/molecule: skipped'; fi

package: setup
	@$(call banner,packaging check (build, no dev files, install, ansible-doc -l))
	@bash scripts/package_check.sh

ee: setup
	@$(call banner,ansible-builder create (meta/execution-environment.yml))
	@d=$$(mktemp -d) && trap 'rm -rf "$$d"' EXIT && \
	    ansible-builder create -f meta/execution-environment.yml -c "$$d/context" --output-filename Containerfile

changelog: setup
	@$(call banner,antsibull-changelog lint)
	@antsibull-changelog lint
	@antsibull-changelog lint-changelog-yaml changelogs/changelog.yaml
	@echo 'changelog fragments and changelogs/changelog.yaml are valid'

docs-check: setup
	@$(call banner,module reference (docs/reference up to date, antsibull-docs lint))
	@bash scripts/gen_docs.sh --check

# Last step of `make test`: its last output line is pytest's summary. pytest.ini's testpaths include
# tests/live, which must skip here: CLOUDAGENT_LIVE is removed so a shell that has it set never reaches a
# real account from `make test` (run the live suite explicitly, see docs/live-suite.md).
units: setup
	@$(call banner,pytest tests/unit tests/reliability tests/live)
	@env -u CLOUDAGENT_LIVE $(PY) -m pytest -q -p no:cacheprovider $(PYTEST_ARGS)

runtime: setup
	@$(PY) scripts/gen_runtime.py

docs: setup
	@bash scripts/gen_docs.sh

simulator: setup
	@PYTHONPATH=$(ROOT)/tests/simulator $(PY) -m cloudagent_sim --port $(PORT)

bench: setup
	@bash scripts/bench.sh

clean:
	rm -rf .venv .cache .ansible tests/output tests/integration/inventory .pytest_cache \
	    ozonetel-cloudagent-*.tar.gz
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
	rm -rf "$(HOME)/.ansible/collections/ansible_collections/ozonetel/cloudagent"
