#!/usr/bin/env bash
# Set up (if needed) and run the benchmarks; each prints its numbers and the targets.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
./scripts/services.sh
status=0
for bench in tests/benchmarks/bench_*.py; do
  module=${bench%.py}; module=${module//\//.}
  echo "== $module"
  .venv/bin/python -m "$module" || status=1
done
exit $status
