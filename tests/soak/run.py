"""A fault-injection soak on the real PostgreSQL server (``./scripts/soak.sh``).

Three kiosk processes submit visits, six counter processes call and complete tickets and one
waiting-room display (the real ``kiosk display``, offscreen) shows the calls, all through a TCP
proxy in front of the database. Meanwhile a seeded injector keeps killing database sessions,
cutting the proxy for 2-10 s, breaking a kiosk's ticket folder and saving new settings.

At the end it checks that every visit has exactly one ticket (or the visitor was shown a
failure and gave up), that no number was given twice, that every call reached the display,
that each change has its one audit row and that no process died; the last line says so, and
the exit status is 1 on any loss.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg
from sqlalchemy.engine import make_url

from kiosk.services.site_context import open_site
from tests.faults.tcp_proxy import TcpProxy

ADMIN_URL = os.environ.get(
    "KIOSK_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)
COUNTERS = ["c1", "c2", "c3", "c4", "c5", "c6"]
CALLS = ("called", "recalled", "resumed")


@dataclass
class Soak:
    minutes: float
    seed: int
    work: Path
    database: str = field(default_factory=lambda: f"kiosk_soak_{uuid.uuid4().hex[:10]}")
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)
    faults: Counter[str] = field(default_factory=Counter)
    died: list[str] = field(default_factory=list)

    # -- set-up --------------------------------------------------------------------------------
    def url(self, port: int | None = None) -> str:
        url = make_url(ADMIN_URL).set(database=self.database)
        if port is not None:
            url = url.set(host="127.0.0.1", port=port)
        return url.render_as_string(hide_password=False)

    def start(self) -> None:
        with psycopg.connect(ADMIN_URL, autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{self.database}"')
        site = open_site(self.url())  # migrate and seed the settings once, directly
        site.close()
        target = make_url(ADMIN_URL)
        self.proxy = TcpProxy((target.host or "127.0.0.1", target.port or 5432))
        through = self.url(self.proxy.port)
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONUNBUFFERED": "1"}
        self.processes["display"] = subprocess.Popen(
            [
                sys.executable, "-m", "kiosk", "--database-url", through, "display",
                "--no-speech", "--call-log", str(self.work / "display-calls.jsonl"),
                "--state-file", str(self.work / "display.json"),
            ],
            stdout=(self.work / "display.out").open("wb"),
            stderr=subprocess.STDOUT,
            env=env,
        )  # fmt: skip
        self._wait_for_display()  # it shows every call from here on
        for index in range(3):
            folder = self.work / f"kiosk-{index}" / "tickets"
            folder.mkdir(parents=True)
            self._spawn(f"kiosk-{index}", ["kiosk", through, str(index), str(self.seed)], folder)
        for index, counter in enumerate(COUNTERS):
            args = ["counter", through, str(index), str(self.seed)]
            self._spawn(f"counter-{counter}", args, counter)

    def _wait_for_display(self) -> None:
        state = self.work / "display.json"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if json.loads(state.read_text(encoding="utf-8")).get("connected"):
                    time.sleep(1.0)  # its feed listens by now
                    return
            except (FileNotFoundError, json.JSONDecodeError):
                pass
            time.sleep(0.1)
        raise RuntimeError("the display did not start")

    def _spawn(self, name: str, args: list[str], extra: Path | str) -> None:
        ledger = self.work / f"{name}.jsonl"
        self.processes[name] = subprocess.Popen(
            [sys.executable, "-m", "tests.soak.workers", *args, str(ledger), str(extra)],
            stdout=(self.work / f"{name}.out").open("wb"),
            stderr=subprocess.STDOUT,
        )

    # -- faults --------------------------------------------------------------------------------
    def inject(self, rng: random.Random, until: float) -> None:
        while time.monotonic() < until:
            time.sleep(rng.uniform(2.0, 6.0))
            self._check_alive()
            kind = rng.choice(["kill_sessions", "cut_network", "printer", "settings"])
            self.faults[kind] += 1
            if kind == "kill_sessions":
                with psycopg.connect(ADMIN_URL, autocommit=True) as admin:
                    admin.execute(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                        "WHERE datname = %s AND pid <> pg_backend_pid()",
                        (self.database,),
                    )
            elif kind == "cut_network":
                self.proxy.cut(rng.uniform(2.0, 10.0))
            elif kind == "printer":
                self._break_folder(rng)
            else:
                self._new_settings(rng)

    def _break_folder(self, rng: random.Random) -> None:
        """A kiosk's ticket folder becomes unusable for a while (a file where it should be)."""
        folder = self.work / f"kiosk-{rng.randrange(3)}" / "tickets"
        away = folder.with_name("tickets.away")
        folder.rename(away)
        folder.write_bytes(b"not a folder")
        time.sleep(rng.uniform(2.0, 6.0))
        folder.unlink()
        away.rename(folder)

    def _new_settings(self, rng: random.Random) -> None:
        site = open_site(self.url())
        try:
            queues = [q.model_dump(mode="json") for q in site.site.queues]
            for queue in queues:
                queue["default_service_minutes"] = rng.choice([6, 8, 10, 12, 15])
            site.settings.save_changes({"queues": queues}, actor="soak administrator")
        finally:
            site.close()

    def _check_alive(self) -> None:
        for name, process in self.processes.items():
            if process.poll() is not None and name not in self.died:
                self.died.append(name)

    # -- the end -------------------------------------------------------------------------------
    def stop(self) -> None:
        self._check_alive()
        for name, process in self.processes.items():
            if name != "display" and process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for name, process in self.processes.items():
            if name == "display":
                continue
            try:
                code = process.wait(timeout=90)
            except subprocess.TimeoutExpired:
                process.send_signal(signal.SIGUSR1)  # its threads' stacks, into its log
                time.sleep(1)
                process.kill()
                code = -9
                print(f"soak: {name} did not stop; its stacks are in {name}.out")
            if code != 0 and name not in self.died:
                self.died.append(name)
                print(f"soak: {name} ended with {code}")

    def stop_display(self) -> None:
        display = self.processes["display"]
        if display.poll() is not None:
            if "display" not in self.died:
                self.died.append("display")
            return
        display.send_signal(signal.SIGTERM)
        try:
            display.wait(timeout=20)
        except subprocess.TimeoutExpired:
            display.kill()

    def ledger(self, prefix: str) -> list[dict[str, Any]]:
        entries: list[dict[str, Any]] = []
        for path in sorted(self.work.glob(f"{prefix}-*.jsonl")):
            entries += [json.loads(line) for line in path.read_text().splitlines() if line]
        return entries

    def displayed(self) -> set[int]:
        path = self.work / "display-calls.jsonl"
        if not path.exists():
            return set()
        lines = [json.loads(line) for line in path.read_text().splitlines() if line]
        return {line["audit_id"] for line in lines if "audit_id" in line}  # not the sound lines

    def check(self) -> tuple[dict[str, int], list[str]]:
        visits = self.ledger("kiosk")
        with psycopg.connect(self.url(), autocommit=True) as conn:
            cases = conn.execute("SELECT submission_id, ticket_id FROM cases").fetchall()
            duplicate_numbers = conn.execute(
                "SELECT count(*) FROM (SELECT 1 FROM tickets GROUP BY prefix, service_day, number "
                "HAVING count(*) > 1) AS twice"
            ).fetchone()[0]
            calls = {
                row[0]
                for row in conn.execute(
                    "SELECT id FROM audit_log WHERE entity = 'ticket' AND action = ANY(%s)",
                    (list(CALLS),),
                )
            }
            audit_problems = conn.execute(
                "SELECT count(*) FROM tickets t WHERE "
                "(SELECT count(*) FROM audit_log a WHERE a.entity = 'ticket' "
                " AND a.entity_id = CAST(t.id AS TEXT) AND a.action = 'issued') <> 1 "
                "OR (t.state = 'done' AND (SELECT count(*) FROM audit_log a WHERE "
                " a.entity = 'ticket' AND a.entity_id = CAST(t.id AS TEXT) "
                " AND a.action = 'completed') <> 1) "
                "OR (SELECT count(*) FROM audit_log a WHERE a.entity = 'case' "
                " AND a.entity_id = CAST((SELECT c.id FROM cases c WHERE c.ticket_id = t.id)"
                " AS TEXT) AND a.action = 'case_submitted') > 1"
            ).fetchone()[0]
        tickets_of: dict[str, list[int]] = {}
        for submission_id, ticket_id in cases:
            tickets_of.setdefault(submission_id, []).append(ticket_id)
        problems: list[str] = []
        lost = 0
        ledger_ids = {v["visit"] for v in visits}
        for visit in visits:
            stored = tickets_of.get(visit["visit"], [])
            if visit["ticket"] is None:
                lost += 1  # the visitor gave up: report it, it should not happen
                problems.append(f"visit {visit['visit']} got no ticket after retries")
            elif stored != [visit["ticket"]]:
                lost += 1
                problems.append(f"visit {visit['visit']}: ledger {visit['ticket']}, db {stored}")
        strays = [s for s in tickets_of if s not in ledger_ids]
        lost += len(strays)
        problems += [f"a ticket was stored for a visit no kiosk finished: {s}" for s in strays]
        duplicated = duplicate_numbers + sum(len(t) > 1 for t in tickets_of.values())
        missed = calls - self.displayed()
        if audit_problems:
            problems.append(f"{audit_problems} ticket(s) without exactly one audit row per change")
        totals = {
            "visits": len(visits),
            "tickets": sum(1 for v in visits if v["ticket"] is not None),
            "lost": lost,
            "duplicated": duplicated,
            "display_missed": len(missed),
            "audit": audit_problems,
            "calls": len(calls),
            "failures_shown": sum(v["failures_shown"] for v in visits),
            "prints_failed": sum(1 for v in visits if v.get("printed") is False),
        }
        return totals, problems

    def drop(self) -> None:
        self.proxy.close()
        with psycopg.connect(ADMIN_URL, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')


def run(minutes: float, seed: int, work: Path) -> int:
    soak = Soak(minutes, seed, work)
    soak.start()
    rng = random.Random(seed)
    try:
        time.sleep(3)  # everyone connected
        soak.inject(rng, time.monotonic() + minutes * 60)
        time.sleep(2)  # the last fault heals
        soak.stop()
        deadline = time.monotonic() + 30
        with psycopg.connect(soak.url(), autocommit=True) as conn:
            calls = {
                r[0]
                for r in conn.execute(
                    "SELECT id FROM audit_log WHERE action = ANY(%s)", (list(CALLS),)
                )
            }
        while time.monotonic() < deadline and not calls <= soak.displayed():
            time.sleep(0.2)
        soak.stop_display()
        totals, problems = soak.check()
    finally:
        for process in soak.processes.values():
            if process.poll() is None:
                process.kill()
        soak.drop()
    for problem in problems[:20]:
        print(f"soak: {problem}")
    faults = ", ".join(f"{kind} {n}" for kind, n in sorted(soak.faults.items()))
    print(
        f"soak: {totals['calls']} calls, {totals['failures_shown']} failures shown to visitors "
        f"(each tapped again), {totals['prints_failed']} prints failed (tickets kept)"
    )
    print(
        f"visits {totals['visits']}, tickets {totals['tickets']}, lost {totals['lost']}, "
        f"duplicated {totals['duplicated']}, display missed {totals['display_missed']}, "
        f"faults {sum(soak.faults.values())} ({faults}), processes died {len(soak.died)}"
    )
    bad = (
        (totals["lost"] or totals["duplicated"] or totals["display_missed"] or totals["audit"])
        or soak.died
        or not totals["tickets"]
    )
    return 1 if bad else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--keep", help="keep the ledgers and logs in this folder")
    args = parser.parse_args()
    if args.keep:
        work = Path(args.keep)
        work.mkdir(parents=True, exist_ok=True)
        return run(args.minutes, args.seed, work)
    work = Path(tempfile.mkdtemp(prefix="kiosk-soak-"))
    try:
        return run(args.minutes, args.seed, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
