#!/usr/bin/env bash
# Make sure the services the tests use answer, starting them if they are installed but stopped:
# PostgreSQL (multi-kiosk tests) and CUPS (printing tests). The tests themselves say clearly
# when one cannot be reached.
set -uo pipefail
host=${KIOSK_TEST_POSTGRES_HOST:-127.0.0.1}
if command -v pg_isready >/dev/null && ! pg_isready -q -h "$host" -p 5432; then
  if command -v pg_ctlcluster >/dev/null && [ -d /etc/postgresql ]; then
    for version in $(ls /etc/postgresql); do
      pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
    done
    for _ in $(seq 1 30); do pg_isready -q -h "$host" -p 5432 && break; sleep 0.5; done
  fi
fi

# CUPS, for printing tickets (tests print to a virtual PDF printer).
if command -v cupsd >/dev/null && ! lpstat -r 2>/dev/null | grep -q "is running"; then
  cupsd || true
  for _ in $(seq 1 30); do lpstat -r 2>/dev/null | grep -q "is running" && break; sleep 0.2; done
fi
exit 0
