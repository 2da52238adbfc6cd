"""The systemd watchdog: READY=1 once the event loop runs, WATCHDOG=1 from the GUI thread,
and no pings while the GUI thread is blocked (so systemd restarts a frozen screen)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kiosk.ui.watchdog import GuiWatchdog


@pytest.fixture
def service_manager(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[socket.socket, str]]:
    """A fake systemd: a datagram socket where notifications arrive."""
    folder = Path(tempfile.mkdtemp(prefix="kiosk-notify-"))  # short: socket paths are limited
    path = str(folder / "notify")
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    listener.bind(path)
    listener.setblocking(False)
    monkeypatch.setenv("NOTIFY_SOCKET", path)
    monkeypatch.setenv("WATCHDOG_USEC", "200000")  # 0.2 s: a ping every 0.1 s
    monkeypatch.delenv("WATCHDOG_PID", raising=False)
    yield listener, path
    listener.close()
    shutil.rmtree(folder)


def received(listener: socket.socket) -> list[str]:
    messages = []
    while True:
        try:
            messages.append(listener.recv(4096).decode())
        except BlockingIOError:
            return messages


def test_ready_then_pings_that_stop_while_the_gui_thread_is_blocked(
    qtbot: QtBot, service_manager: tuple[socket.socket, str]
) -> None:
    listener, _ = service_manager
    watchdog = GuiWatchdog()
    watchdog.start(status="visitor")
    qtbot.wait(650)
    first = received(listener)
    assert first[0] == "READY=1\nSTATUS=visitor"
    assert first[1:].count("WATCHDOG=1") >= 4
    time.sleep(0.8)  # the GUI thread is stuck: no event loop, no timer, no ping
    assert received(listener) == []
    qtbot.wait(350)  # it answers again: so do the pings
    assert received(listener).count("WATCHDOG=1") >= 2
    watchdog.stop()
    assert received(listener) == ["STOPPING=1"]


def test_the_display_process_tells_systemd_it_is_ready_and_alive(
    service_manager: tuple[socket.socket, str], tmp_path: Path
) -> None:
    listener, path = service_manager
    url = f"sqlite:///{tmp_path / 'site.sqlite3'}"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", NOTIFY_SOCKET=path)
    env["WATCHDOG_USEC"] = "1000000"
    run = subprocess.run(
        [sys.executable, "-m", "kiosk", "--database-url", url, "display", "--windowed",
         "--no-speech", "--seconds", "4"],
        env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    messages = received(listener)
    assert messages[0] == "READY=1\nSTATUS=display"
    assert messages.count("WATCHDOG=1") >= 4  # every half second for about 4 s
    assert messages[-1] == "STOPPING=1"
