"""Run N issuing processes at once against one database (shared by the test and the benchmark)."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

WORKER = Path(__file__).with_name("issue_worker.py")


@dataclass(frozen=True)
class Run:
    numbers: list[int]
    per_process_seconds: list[float]
    wall_seconds: float

    @property
    def rate(self) -> float:
        return len(self.numbers) / self.wall_seconds


def issue_concurrently(url: str, processes: int, each: int, workdir: Path) -> Run:
    workdir.mkdir(parents=True, exist_ok=True)
    go = workdir / "go"
    go.unlink(missing_ok=True)
    readies = [workdir / f"ready-{i}" for i in range(processes)]
    for ready in readies:
        ready.unlink(missing_ok=True)
    workers = [
        subprocess.Popen(
            [sys.executable, str(WORKER), url, str(each), str(ready), str(go)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for ready in readies
    ]
    deadline = time.monotonic() + 120
    while not all(r.exists() for r in readies):
        failed = [w for w in workers if w.poll() not in (None, 0)]
        if failed:
            raise RuntimeError(f"a worker failed to start: {failed[0].communicate()[1][-2000:]}")
        if time.monotonic() > deadline:
            raise RuntimeError("workers did not get ready within 120 s")
        time.sleep(0.01)
    started = time.perf_counter()
    go.touch()
    numbers: list[int] = []
    seconds: list[float] = []
    for worker in workers:
        out, err = worker.communicate(timeout=600)
        if worker.returncode != 0:
            raise RuntimeError(f"a worker failed: {err[-2000:]}")
        result = json.loads(out.strip().splitlines()[-1])
        numbers += result["numbers"]
        seconds.append(result["seconds"])
    wall = time.perf_counter() - started
    return Run(numbers, seconds, wall)
