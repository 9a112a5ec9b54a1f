# ozonetel.cloudagent developer entry points. The repository root is the collection root.
#   make demo    runtime-only venv (ansible-core + requests), run playbooks/demo.yml against the simulator
#   make test    set up, then every check on the current ansible-core line, failing fast; the last line is
#                pytest's summary
#   make compat  sanity, unit and integration tests on the oldest supported line (ansible-core 2.16)
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

.PHONY: help setup venv demo shell test compat lint sanity integration molecule package ee changelog docs-check \
        units docs runtime simulator bench clean

help:
	@echo 'make demo        runtime-only .venv, start the simulator, run playbooks/demo.yml three times, next steps'
	@echo 'make shell       a shell with .venv active and this checkout as the collection ozonetel.cloudagent'
	@echo 'make test        set up, then lint, sanity, integration, molecule, package, ee, changelog, docs-check, units'
	@echo 'make compat      sanity, unit and integration tests on ansible-core 2.16 / Python 3.11 (.venv-compat)'
	@echo 'make simulator   run the CloudAgent simulator in the foreground, print its URL and credentials (PORT=$(PORT))'
	@echo 'make lint | sanity | integration | molecule | package | ee | changelog | docs-check | units   one step'
	@echo 'make docs        regenerate the module reference docs/reference/ from the modules (antsibull-docs)'
	@echo 'make runtime     regenerate meta/runtime.yml from plugins/modules'
	@echo 'make bench       the benchmark: docs/performance.md and .png (QUICK=1: short; BENCH_FULL_BASELINE=1: full)'
	@echo 'make clean       remove .venv, .cache, tests/output and build leftovers'

# .venv is (re)built by setup.sh when missing or when its pinned set changed (stamp file); it picks the
# set by the venv's Python (requirements-dev.txt for 3.12+, requirements-dev-py311.txt for 3.11) and says
# which; it also writes ansible-test's pip stand-in, installs redis-server/shellcheck and the
# collections-path symlink. It is idempotent and takes well under a second when all is in place.
venv setup:
	@bash scripts/setup.sh

# The demo needs no development tools: scripts/demo.sh runs `setup.sh --runtime` itself.
demo:
	@bash scripts/demo.sh

shell:
	@bash scripts/setup.sh --runtime
	@echo 'make shell: .venv is active and ozonetel.cloudagent is this checkout; exit to leave'
	@bash --rcfile <(printf '%s\n' '[ -f ~/.bashrc ] && . ~/.bashrc' '. "$(BIN)/activate"' 'PS1="(cloudagent) $$PS1"') -i

test: setup
	@export TEST_T0=$$(date +%s); \
	for step in lint sanity integration molecule package ee changelog docs-check units; do \
	    $(MAKE) $$step || exit $$?; \
	done

# The oldest line requires_ansible admits, in its own venv from its own pinned file: ansible-test sanity
# and integration, then the unit tests. ansible-lint, molecule and the docs tools run on the current line only.
compat:
	@export TEST_T0=$$(date +%s) CLOUDAGENT_VENV=$(ROOT)/.venv-compat \
	    ANSIBLE_PYTHON_INTERPRETER=$(ROOT)/.venv-compat/bin/python PATH=$(ROOT)/.venv-compat/bin:$$PATH; \
	bash scripts/setup.sh --compat; \
	ver=ansible-core-$$(.venv-compat/bin/python -c 'from ansible.release import __version__; print(__version__)'); \
	$(call banner,compat: ansible-test sanity on $$ver); \
	bash scripts/ansible_test.sh sanity; \
	$(call banner,compat: ansible-test integration -vvv on $$ver + secret scan); \
	bash scripts/integration.sh; \
	$(call banner,compat: pytest on $$ver); \
	env -u CLOUDAGENT_LIVE .venv-compat/bin/python -m pytest -q -p no:cacheprovider $(PYTEST_ARGS)

lint: setup
	@$(call banner,ansible-lint (production profile, offline) + no wall-clock assertions in tests/)
	@$(PY) scripts/gen_runtime.py --check
	@$(PY) scripts/check_timed_asserts.py tests
	@ansible-lint -q --nocolor

sanity: setup
	@$(call banner,ansible-test sanity (all tests, --local, ansible-core $$($(PY) -c 'from ansible.release import __version__; print(__version__)')))
	@if ls tests/sanity/ignore-*.txt >/dev/null 2>&1 && [ -n "$$(cat tests/sanity/ignore-*.txt)" ]; then \
	    echo 'tests/sanity/ignore-*.txt must stay empty: fix the code instead'; exit 1; fi
	@bash scripts/ansible_test.sh sanity

integration: setup
	@$(call banner,ansible-test integration -vvv (--local) + secret scan of its output)
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
	@$(call banner,packaging check (allow-listed tarball, install, ansible-builder introspect, ansible-doc -l, demo))
	@bash scripts/package_check.sh

ee: setup
	@$(call banner,ansible-builder create (meta/execution-environment.yml))
	@# As a stand-alone definition, its requirements.txt is read next to it (for introspection: the collection root).
	@d=$$(mktemp -d) && trap 'rm -rf "$$d"' EXIT && cp meta/execution-environment.yml requirements.txt "$$d/" && \
	    ansible-builder create -f "$$d/execution-environment.yml" -c "$$d/context" --output-filename Containerfile && \
	    grep -q requests "$$d/context/_build/requirements.txt" && echo "EE build context has requirements.txt (requests, redis)"

changelog: setup
	@$(call banner,antsibull-changelog lint)
	@antsibull-changelog lint
	@antsibull-changelog lint-changelog-yaml changelogs/changelog.yaml
	@$(PY) scripts/changelog_check.py
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

simulator:
	@bash scripts/setup.sh --runtime
	@bash scripts/simulator.sh $(PORT)

bench: setup
	@bash scripts/bench.sh

clean:
	rm -rf .venv .venv-compat .cache .ansible tests/output tests/integration/inventory .pytest_cache \
	    ozonetel-cloudagent-*.tar.gz
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
	rm -rf "$(HOME)/.ansible/collections/ansible_collections/ozonetel/cloudagent"
