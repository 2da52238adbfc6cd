"""A separate process that issues tickets as fast as it can, for the concurrency test and
the throughput benchmark. Usage: issue_worker.py URL COUNT READY_FILE GO_FILE

Prints one JSON line: the numbers it was given and the seconds it spent issuing them.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from kiosk.services.queue_service import QueueService
from kiosk.settings import default_site
from kiosk.storage import Database


def main() -> None:
    url, count, ready, go = sys.argv[1], int(sys.argv[2]), Path(sys.argv[3]), Path(sys.argv[4])
    db = Database(url)
    queue = QueueService(db, default_site())
    db.check()  # open the connection before the start signal
    ready.touch()
    deadline = time.monotonic() + 120
    while not go.exists():
        if time.monotonic() > deadline:
            raise SystemExit("no start signal within 120 s")
        time.sleep(0.002)
    started = time.perf_counter()
    numbers = [queue.issue(queue_id="general", actor="load").number for _ in range(count)]
    elapsed = time.perf_counter() - started
    print(json.dumps({"numbers": numbers, "seconds": elapsed}))
    db.dispose()


if __name__ == "__main__":
    main()
