#!/usr/bin/env bash
# Set up (if needed) and run every check: lint, format, types, architecture, tests.
# Extra arguments go to pytest, e.g. ./scripts/test.sh -k queue
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
./scripts/services.sh

export PATH="$PWD/.venv/bin:$PATH"
echo "== ruff";         ruff check .
echo "== ruff format";  ruff format --check .
echo "== mypy";         mypy
echo "== import rules"; lint-imports --no-cache
echo "== pytest";       pytest "$@"
