"""The display in its own process follows calls made elsewhere, and survives losing the
database: the same tests on SQLite (polling) and PostgreSQL (LISTEN/NOTIFY)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kiosk.services.site_context import SiteContext, open_site
from kiosk.ui.staff.staff_window import StaffWindow

pytestmark = pytest.mark.slow


@pytest.fixture
def site(database_url: str) -> Iterator[SiteContext]:
    context = open_site(database_url)
    context.staff.add("Li Na", "1357")
    yield context
    context.close()


@pytest.fixture
def display(database_url: str, tmp_path: Path, site: SiteContext) -> Iterator[Path]:
    state = tmp_path / "display.json"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "kiosk",
            "--database-url",
            database_url,
            "display",
            "--state-file",
            str(state),
            "--no-speech",
            "--seconds",
            "120",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    try:
        wait_for(state, lambda s: s is not None, timeout=60, process=process)
        yield state
    finally:
        process.terminate()
        process.communicate(timeout=20)  # also closes the pipe


def read(state: Path) -> dict[str, Any] | None:
    try:
        return json.loads(state.read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return None


def wait_for(
    state: Path,
    condition: Callable[[dict[str, Any] | None], bool],
    timeout: float = 15,
    process: subprocess.Popen[bytes] | None = None,
) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        current = read(state)
        if condition(current):
            return current  # type: ignore[return-value]
        if process is not None and process.poll() is not None:
            output = process.stdout.read().decode() if process.stdout else ""
            raise AssertionError(f"the display exited: {output[-2000:]}")
        time.sleep(0.02)
    raise AssertionError(f"the display did not show it within {timeout} s: {read(state)}")


def test_a_call_at_a_console_appears_on_the_display(
    qtbot: QtBot, site: SiteContext, display: Path
) -> None:
    window = StaffWindow(site, "en")
    qtbot.addWidget(window)
    screen = window.sign_in
    qtbot.keyClicks(screen.name, "Li Na")
    qtbot.keyClicks(screen.secret, "1357")
    screen.counter.setCurrentIndex(screen.counter.findData("c5"))
    qtbot.mouseClick(screen.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.console is not None)
    console = window.console
    assert console is not None
    site.queue.issue(case_type="merchant_appeal")
    wait_for(display, lambda s: s is not None and "1 waiting" in s["queues"]["merchant"])
    qtbot.mouseClick(console.buttons["call_next"], Qt.MouseButton.LeftButton)
    shown = wait_for(display, lambda s: s is not None and s["latest"] is not None)
    assert shown["latest"] == {"code": "M001", "counter": 5}
    qtbot.waitUntil(lambda: console.buttons["recall"].isEnabled())
    qtbot.mouseClick(console.buttons["recall"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: console.jobs.idle)
    window.shutdown()


@pytest.mark.parametrize("backend", ["postgresql"])
def test_display_recovers_after_its_database_sessions_are_killed(
    site: SiteContext, display: Path, database_url: str
) -> None:
    conninfo = database_url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(conninfo, autocommit=True) as admin:
        killed = admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid() "
            "AND application_name LIKE 'kiosk%'"
        ).fetchall()
    assert killed  # the display's feed and pool sessions
    time.sleep(0.5)
    site.queue.issue(queue_id="wallet")
    site.queue.call_next("c4", actor="Li Na")
    shown = wait_for(display, lambda s: s is not None and s["latest"] is not None, timeout=20)
    assert shown["latest"] == {"code": "W001", "counter": 4}
    assert shown["connected"] is True
