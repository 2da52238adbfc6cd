#!/usr/bin/env bash
# Set up (if needed) and run the kiosk. Without arguments: `kiosk demo` on this machine's
# embedded SQLite database. Any arguments are passed to the `kiosk` command.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
if [ $# -eq 0 ]; then set -- demo; fi
exec .venv/bin/kiosk "$@"
