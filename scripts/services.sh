#!/usr/bin/env bash
# Make sure the local PostgreSQL server used by the multi-kiosk tests answers; start it if
# it is installed here but stopped. The tests themselves say clearly when it cannot be reached.
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
exit 0
