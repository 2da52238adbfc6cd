"""Staff "call" → the display shows it, over 200 calls, on SQLite and on PostgreSQL.

The display runs in its own process (as on the waiting-room machine) and writes what it
shows, with the time it showed it, to a state file; the call is timed from just before the
call is made. Targets (DESIGN.md): p95 ≤ 250 ms on SQLite, ≤ 50 ms on PostgreSQL.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import psycopg
from sqlalchemy.engine import make_url

from kiosk.services.site_context import open_site

CALLS = 200
TARGETS = {"sqlite": 250.0, "postgresql": 50.0}
ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"


def shown(state: Path) -> dict | None:  # type: ignore[type-arg]
    try:
        return json.loads(state.read_text(encoding="utf-8"))  # type: ignore[no-any-return]
    except (FileNotFoundError, json.JSONDecodeError):
        return None


def measure(url: str, workdir: Path) -> list[float]:
    site = open_site(url)
    state = workdir / "display.json"
    display = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "kiosk",
            "--database-url",
            url,
            "display",
            "--state-file",
            str(state),
            "--no-speech",
            "--seconds",
            "600",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    try:
        while shown(state) is None:
            time.sleep(0.05)
        time.sleep(1.0)
        latencies = []
        for _ in range(CALLS):
            ticket = site.queue.issue(queue_id="general")
            time.sleep(0.05)  # let the display settle after the issue
            started = time.time()
            site.queue.call_next("c1")
            while True:
                current = shown(state)
                if current and current["latest"] and current["latest"]["code"] == ticket.code:
                    latencies.append((current["shown_at"] - started) * 1000)
                    break
                time.sleep(0.001)
            site.queue.complete(ticket.id, "resolved")
        return latencies
    finally:
        display.terminate()
        display.wait(timeout=20)
        site.close()


def main() -> int:
    ok = True
    lines = [f"call → display shows it, {CALLS} calls, display in its own process"]
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        name = f"kiosk_bench_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(ADMIN, autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
        try:
            urls = {
                "sqlite": f"sqlite:///{root / 'site.sqlite3'}",
                "postgresql": make_url(ADMIN).set(database=name).render_as_string(False),
            }
            for backend, url in urls.items():
                workdir = root / backend
                workdir.mkdir()
                samples = sorted(measure(url, workdir))
                p95 = samples[int(len(samples) * 0.95) - 1]
                target = TARGETS[backend]
                ok &= p95 <= target
                lines.append(
                    f"  {backend:<10} median {statistics.median(samples):6.1f} ms"
                    f"   p95 {p95:6.1f} ms"
                    f"   max {samples[-1]:6.1f} ms   target p95 ≤ {target:.0f} ms: "
                    + ("meets" if p95 <= target else "MISSES")
                )
        finally:
            with psycopg.connect(ADMIN, autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    print("\n".join(lines))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
