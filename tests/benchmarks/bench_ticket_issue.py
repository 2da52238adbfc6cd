"""Tickets issued per second by 8 concurrent processes, on SQLite and on PostgreSQL.

Each run starts from an empty database. The single-process rate is measured in the same run
as a baseline, so the ratio tells how well issuing scales however fast this machine is.
Targets (DESIGN.md): ≥ 200/s on SQLite, ≥ 1,000/s on PostgreSQL, zero duplicates or losses.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import uuid
from pathlib import Path

import psycopg
from sqlalchemy.engine import make_url

from kiosk.storage import Database
from tests.integration.concurrent_issue import issue_concurrently

TARGETS = {"sqlite": 200.0, "postgresql": 1000.0}


def measure(url: str, processes: int, each: int, workdir: Path) -> dict[str, float]:
    db = Database(url)
    db.upgrade()
    db.dispose()
    run = issue_concurrently(url, processes, each, workdir)
    if sorted(run.numbers) != list(range(1, processes * each + 1)):
        raise SystemExit("duplicate or lost ticket numbers")
    return {"tickets": len(run.numbers), "seconds": run.wall_seconds, "rate": run.rate}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--each", type=int, default=500, help="tickets per process")
    parser.add_argument("--processes", type=int, default=8)
    parser.add_argument(
        "--postgres", default="postgresql://postgres@127.0.0.1:5432/postgres", help="admin URL"
    )
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    results: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        name = f"kiosk_bench_{uuid.uuid4().hex[:8]}"
        admin = psycopg.connect(args.postgres, autocommit=True)
        try:
            for backend in ("sqlite", "postgresql"):
                for label, processes in (("single", 1), ("concurrent", args.processes)):
                    if backend == "sqlite":
                        url = f"sqlite:///{root / f'{label}.sqlite3'}"
                    else:
                        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                        admin.execute(f'CREATE DATABASE "{name}"')
                        url = (
                            make_url(args.postgres)
                            .set(database=name)
                            .render_as_string(hide_password=False)
                        )
                    each = args.each if processes > 1 else args.each * 2
                    results[f"{backend}/{label}"] = measure(url, processes, each, root / label)
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.close()

    ok = True
    lines = ["ticket issue throughput (tickets/s; wall clock from the common start signal)"]
    for backend, target in TARGETS.items():
        single = results[f"{backend}/single"]["rate"]
        many = results[f"{backend}/concurrent"]["rate"]
        verdict = "meets" if many >= target else "MISSES"
        ok &= many >= target
        lines.append(
            f"  {backend:<10} {args.processes} processes: {many:7.0f}/s"
            f"   1 process: {single:7.0f}/s   ratio {many / single:4.2f}"
            f"   target ≥ {target:.0f}/s: {verdict}"
        )
    print(json.dumps(results, indent=2) if args.json else "\n".join(lines))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
