"""Does the time of a refused sign-in tell an attacker whether the name exists?

Times, at the production scrypt cost, a wrong PIN for a real name, an unknown name, and a
locked account, interleaved so that the machine's drift touches each alike, on SQLite and on
PostgreSQL. The known name's wrong PIN is the baseline of the same run; the target is a ratio
within 1 ± 0.10 for an unknown name and for a locked account (all three say the same words).
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import psycopg
from sqlalchemy.engine import make_url

from kiosk.domain.errors import DomainError
from kiosk.services.site_context import open_site

ROUNDS = 15
TOLERANCE = 0.10


def _timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    with contextlib.suppress(DomainError):  # refused: that is what is timed
        action()
    return (time.perf_counter() - started) * 1000


def measure(url: str, rounds: int) -> dict[str, float]:
    site = open_site(url)
    staff = site.staff
    staff.add("Wang Fang", "5820", actor="bench")
    staff.add("Zhao Min", "7391", actor="bench")
    for _ in range(site.site.security.failures_before_lock):  # Zhao Min is now locked
        _timed(lambda: staff.sign_in("Zhao Min", "0000"))
    samples: dict[str, list[float]] = {"known": [], "unknown": [], "locked": []}
    for index in range(rounds):
        samples["known"].append(_timed(lambda: staff.sign_in("Wang Fang", "0000")))
        stranger = f"nobody {index}"
        samples["unknown"].append(_timed(lambda name=stranger: staff.sign_in(name, "0000")))
        samples["locked"].append(_timed(lambda: staff.sign_in("Zhao Min", "0000")))
        if index % 3 == 2:  # a right PIN now and then, so that Wang Fang never locks
            staff.sign_in("Wang Fang", "5820")
    site.close()
    return {kind: statistics.median(values) for kind, values in samples.items()}


def report(backend: str, medians: dict[str, float]) -> bool:
    known = medians["known"]
    good = True
    print(f"{backend}: wrong PIN for a real name {known:.1f} ms (baseline)")
    for kind in ("unknown", "locked"):
        ratio = medians[kind] / known
        held = abs(ratio - 1) <= TOLERANCE
        good &= held
        print(
            f"{backend}: {kind:<8} {medians[kind]:.1f} ms, ratio {ratio:.3f} "
            f"(target 1 ± {TOLERANCE:.2f}) {'ok' if held else 'MISSED'}"
        )
    return good


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=ROUNDS)
    parser.add_argument(
        "--postgres", default="postgresql://postgres@127.0.0.1:5432/postgres", help="admin URL"
    )
    args = parser.parse_args()
    good = True
    with tempfile.TemporaryDirectory() as tmp:
        good &= report("sqlite", measure(f"sqlite:///{Path(tmp) / 'bench.sqlite3'}", args.rounds))
    name = f"kiosk_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(args.postgres, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')  # type: ignore[arg-type]
    try:
        url = make_url(args.postgres).set(database=name).render_as_string(hide_password=False)
        good &= report("postgresql", measure(url, args.rounds))
    finally:
        with psycopg.connect(args.postgres, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')  # type: ignore[arg-type]
    return 0 if good else 1


if __name__ == "__main__":
    sys.exit(main())
