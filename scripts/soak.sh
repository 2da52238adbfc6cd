#!/usr/bin/env bash
# Set up (if needed) and run the fault-injection soak on the PostgreSQL server at 127.0.0.1:5432
# (override with KIOSK_TEST_POSTGRES_URL): ./scripts/soak.sh [--minutes N] [--seed S] [--keep DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
./scripts/services.sh
exec .venv/bin/python -m tests.soak.run "$@"
