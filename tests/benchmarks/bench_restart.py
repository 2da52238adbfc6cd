"""Back at the welcome screen after a crash or a freeze (target ≤ 5 s for a crash).

The visitor kiosk runs as the unit runs it (packaging/units/walkin-kiosk@.service): in cage
(headless here), with the unit's environment, under a small stand-in for systemd that does
what the unit asks of it: it waits for READY=1, restarts the session RestartSec after it ends
(Restart=always), and ends it when no WATCHDOG=1 came for WatchdogSec. This machine has no
systemd as its init, so the stand-in plays its part; the times the app itself takes (start,
pings) are real.

- crash: the app is killed (SIGKILL); timed from the kill to READY=1 of the next start.
- freeze: the app is stopped (SIGSTOP: its GUI thread answers nothing); timed from the stop
  to READY=1 of the next start (the watchdog period is part of it).
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import statistics
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.ui.test_kiosk_session import session_command, session_environment

RUNS = 3
TARGET_S = 5.0
UNIT = Path(__file__).resolve().parents[2] / "packaging" / "units" / "walkin-kiosk@.service"


def _unit_seconds(name: str) -> float:
    value = re.search(rf"^{name}=(\d+)(ms)?$", UNIT.read_text(encoding="utf-8"), re.M)
    assert value, name
    return int(value[1]) / (1000 if value[2] else 1)


class Supervisor:
    """The part of systemd the unit relies on, for one session at a time: notifications count
    only from the session's own processes (NotifyAccess=all: the unit's cgroup), and the
    watchdog runs from READY=1 on (before it, TimeoutStartSec applies)."""

    def __init__(self, folder: Path, command: list[str], env: dict[str, str]) -> None:
        self.path = str(folder / "notify")
        self.listener = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_PASSCRED, 1)
        self.listener.bind(self.path)
        self.command = command
        self.watchdog = _unit_seconds("WatchdogSec")
        self.restart = _unit_seconds("RestartSec")
        watchdog_usec = str(int(self.watchdog * 1e6))
        self.env = {**env, "NOTIFY_SOCKET": self.path, "WATCHDOG_USEC": watchdog_usec}
        self.session: subprocess.Popen[bytes] | None = None
        self.ready = False

    def start(self) -> None:
        self.ready = False
        self.session = subprocess.Popen(
            self.command, env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )

    def app_pid(self) -> int:
        assert self.session is not None
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            for child in self._children():  # cage's children: Xwayland and the app
                try:
                    line = Path(f"/proc/{child}/cmdline").read_bytes().replace(b"\0", b" ")
                except FileNotFoundError:
                    continue
                if b"kiosk" in line and b"visitor" in line:
                    return child
            time.sleep(0.05)
        raise RuntimeError("the app is not running under cage")

    def _children(self) -> list[int]:
        assert self.session is not None
        found = subprocess.run(["pgrep", "-P", str(self.session.pid)],
                               capture_output=True, text=True).stdout.split()  # fmt: skip
        return [int(pid) for pid in found]

    def _receive(self) -> str:
        """The next notification from this session's processes ("" when none came); one from
        a process of an ended session (still queued, or sent while it died) is dropped."""
        try:
            data, ancillary, _flags, _address = self.listener.recvmsg(
                4096, socket.CMSG_SPACE(struct.calcsize("3i"))
            )
        except TimeoutError:
            return ""
        for level, kind, payload in ancillary:
            if level == socket.SOL_SOCKET and kind == socket.SCM_CREDENTIALS:
                sender = struct.unpack("3i", payload[: struct.calcsize("3i")])[0]
                assert self.session is not None
                if sender == self.session.pid or sender in self._children():
                    return data.decode()
        return ""

    def until_ready(self, timeout: float = 60) -> float:
        """Supervise until READY=1: restart an ended session, end a ready one gone silent."""
        self.listener.settimeout(0.05)
        last_ping = time.monotonic()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.session is not None
            message = self._receive()
            now = time.monotonic()
            if message.startswith("READY=1"):
                self.ready = True
                return now
            if "WATCHDOG=1" in message:
                last_ping = now
            if self.session.poll() is not None:
                time.sleep(self.restart)
                self.start()
            elif self.ready and now - last_ping > self.watchdog:
                self._end()  # systemd's watchdog ends the unit; Restart= starts it again
        raise TimeoutError("no READY=1")

    def _end(self) -> None:
        """Kill the session and everything in it (as systemd kills the unit's cgroup)."""
        assert self.session is not None
        for child in self._children():
            with contextlib.suppress(ProcessLookupError):  # (it may just have ended)
                os.kill(child, signal.SIGKILL)
        self.session.kill()
        self.session.wait()

    def stop(self) -> None:
        if self.session is not None and self.session.poll() is None:
            self._end()
        self.listener.close()


def main() -> int:
    from kiosk.services.site_context import open_site

    crash: list[float] = []
    freeze: list[float] = []
    with tempfile.TemporaryDirectory(prefix="kiosk-restart-") as tmp:
        folder = Path(tmp)
        url = f"sqlite:///{folder / 'site.sqlite3'}"
        os.environ["KIOSK_DATA_DIR"] = tmp
        open_site(url, demo=True)
        env = session_environment(folder)
        supervisor = Supervisor(folder, session_command("cage", url), env)
        try:
            supervisor.start()
            supervisor.until_ready()
            for _ in range(RUNS):
                time.sleep(2)
                began = time.monotonic()
                os.kill(supervisor.app_pid(), signal.SIGKILL)
                crash.append(supervisor.until_ready() - began)
                time.sleep(2)
                began = time.monotonic()
                os.kill(supervisor.app_pid(), signal.SIGSTOP)
                freeze.append(supervisor.until_ready() - began)
        finally:
            supervisor.stop()
    print(f"restart to the welcome screen, unit: WatchdogSec={supervisor.watchdog:g} s, "
          f"RestartSec={supervisor.restart:g} s, {RUNS} runs each")  # fmt: skip
    print(f"  crash (SIGKILL):  median {statistics.median(crash):.2f} s "
          f"(runs {', '.join(f'{s:.2f}' for s in crash)}); target ≤ {TARGET_S:g} s")  # fmt: skip
    print(f"  freeze (SIGSTOP): median {statistics.median(freeze):.2f} s "
          f"(runs {', '.join(f'{s:.2f}' for s in freeze)}); target ≤ {TARGET_S:g} s")  # fmt: skip
    ok = statistics.median(crash) <= TARGET_S and statistics.median(freeze) <= TARGET_S
    print("  MEETS the target" if ok else "  MISSES the target")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
