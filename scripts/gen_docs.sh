#!/usr/bin/env bash
# Module reference: generate docs/reference/ from the modules' own DOCUMENTATION, EXAMPLES and RETURN
# with antsibull-docs, in its simplified-rst format (plain docutils RST, which git hosts render).
#
#   scripts/gen_docs.sh           rewrite docs/reference/ (make docs)
#   scripts/gen_docs.sh --check   regenerate into a temp dir, fail if docs/reference/ differs, then run
#                                 antsibull-docs lint-collection-docs on the collection (make test)
#
# Offline: --use-current documents the collection found on ANSIBLE_COLLECTIONS_PATH, which is set to the
# working tree only (.cache/collections/ansible_collections/ozonetel/cloudagent -> the repository, made
# by scripts/setup.sh), so an installed copy elsewhere can never be documented instead.
# docs/antsibull-docs.cfg points the pages' collection link and install command at the repository.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
VENV="$ROOT/.venv"
DEST="$ROOT/docs/reference"
CHECK=false
case "${1:-}" in
    '') ;;
    --check) CHECK=true ;;
    *) echo "usage: $0 [--check]" >&2; exit 2 ;;
esac

export PATH="$VENV/bin:$PATH"
export ANSIBLE_COLLECTIONS_PATH="$ROOT/.cache/collections"
export ANSIBLE_COLLECTIONS_SCAN_SYS_PATH=false
[ -e "$ANSIBLE_COLLECTIONS_PATH/ansible_collections/ozonetel/cloudagent/galaxy.yml" ] \
    || { echo "$0: $ANSIBLE_COLLECTIONS_PATH does not hold the collection; run scripts/setup.sh" >&2; exit 1; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/cloudagent-docs.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
OUT="$WORK/reference"
mkdir -m 700 "$OUT"   # antsibull-docs writes only into an existing directory of mode 700

antsibull-docs --config-file "$ROOT/docs/antsibull-docs.cfg" collection \
    --use-current --squash-hierarchy --output-format simplified-rst \
    --no-add-antsibull-docs-version --fail-on-error --dest-dir "$OUT" ozonetel.cloudagent >"$WORK/log" 2>&1 \
    || { cat "$WORK/log" >&2; echo "$0: antsibull-docs collection failed" >&2; exit 1; }

if ! $CHECK; then
    rm -rf "$DEST"
    mkdir -p "$DEST"
    cp "$OUT"/* "$DEST"/
    chmod 644 "$DEST"/*
    echo "wrote docs/reference/ ($(find "$DEST" -type f | wc -l) files)"
    exit 0
fi

if ! diff -r "$DEST" "$OUT" >"$WORK/diff" 2>&1; then
    head -n 40 "$WORK/diff" >&2
    echo "docs/reference/ is out of date with the modules' documentation; run: make docs" >&2
    exit 1
fi
echo "docs/reference/ matches the modules' documentation ($(find "$DEST" -type f | wc -l) files)"

antsibull-docs lint-collection-docs --plugin-docs --output-format simplified-rst "$ROOT"
echo 'antsibull-docs lint-collection-docs: no problems'
