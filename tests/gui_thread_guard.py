"""Tests fail when screen code uses the database on the GUI thread.

Storage calls a connection guard before every use of the database. The tests' guard looks at
the calling thread and its Python stack: on the GUI (main) thread, a database call that has
code of ``kiosk/ui`` anywhere below it (a click's slot, a timer, a signal handler, a window
being built) raises, and the test fails with the traceback. The tests' own set-up and checks
call services directly, with no screen code in between, and may use the database.
"""

from __future__ import annotations

import sys
import threading
from pathlib import Path
from typing import Any

import kiosk.ui

UI_FOLDER = str(Path(kiosk.ui.__file__).parent)


class DatabaseOnGuiThread(AssertionError):
    pass


def forbid_database_from_screens() -> None:
    """The connection guard: no database use by screen code on the GUI thread."""
    if threading.current_thread() is not threading.main_thread():
        return
    frame = sys._getframe(1)
    while frame is not None:
        if frame.f_code.co_filename.startswith(UI_FOLDER):
            raise DatabaseOnGuiThread(
                f"{frame.f_code.co_name} ({frame.f_code.co_filename}:{frame.f_lineno}) "
                "used the database on the GUI thread: run it as a job"
            )
        frame = frame.f_back  # type: ignore[assignment]


def settle(qtbot: Any, timeout: int = 10_000) -> None:
    """Wait until every screen's background jobs have answered (and been shown)."""
    from kiosk.ui.jobs import JobRunner, busy_runners

    try:
        qtbot.waitUntil(JobRunner.all_idle, timeout=timeout)
    except Exception as exc:
        raise AssertionError(f"jobs still running: {busy_runners()}") from exc
