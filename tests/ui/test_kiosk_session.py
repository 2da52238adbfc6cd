"""The visitor kiosk in its locked-down session: cage, the one-application Wayland compositor
the appliance's unit starts, here on wlroots' headless backend (no screen, no input devices).

cage will not run as root (it checks that it cannot become root again). When the tests run
as root, cage runs in a user namespace as an ordinary user, who still reads the test's files.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PIL import Image

from kiosk.services.site_context import open_site

OUT = Path(__file__).resolve().parents[2] / "out"


def session_environment(tmp_path: Path) -> dict[str, str]:
    runtime = tmp_path / "runtime"
    runtime.mkdir(mode=0o700)
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM", "QT_QUICK_BACKEND")
    }
    # What the unit (packaging/units/walkin-kiosk@.service) sets for the app.
    unit = Path(__file__).resolve().parents[2] / "packaging" / "units" / "walkin-kiosk@.service"
    for line in unit.read_text(encoding="utf-8").splitlines():
        if line.startswith("Environment=QT_"):
            for pair in line.removeprefix("Environment=").split():
                key, value = pair.split("=", 1)
                env[key] = value
    env.update(
        XDG_RUNTIME_DIR=str(runtime),
        WLR_BACKENDS="headless",
        WLR_LIBINPUT_NO_DEVICES="1",
        WLR_RENDERER="pixman",
        KIOSK_DATA_DIR=str(tmp_path),
    )
    return env


def session_command(cage: str, url: str, *options: str) -> list[str]:
    """``kiosk visitor`` on the demo camera inside cage, as an ordinary user."""
    as_user = ["unshare", "--user", "--map-user=1000", "--map-group=1000"]
    command = [*(as_user if os.getuid() == 0 else []), cage, "--", sys.executable, "-m"]
    return [*command, "kiosk", "--database-url", url, "visitor", "--camera", "demo", *options]


def test_the_visitor_kiosk_starts_in_cage_ready_for_taps(tmp_path: Path) -> None:
    cage, grim = shutil.which("cage"), shutil.which("grim")
    if cage is None or grim is None or shutil.which("Xwayland") is None:
        pytest.fail("cage, Xwayland or grim is missing (Debian: cage xwayland grim)", pytrace=False)
    url = f"sqlite:///{tmp_path / 'site.sqlite3'}"
    open_site(url, demo=True)  # as `kiosk demo` makes one: its sample clip is the camera
    env = session_environment(tmp_path)
    assert env["QT_QPA_PLATFORM"] == "xcb"  # through Xwayland: the on-screen keyboard's input
    command = session_command(cage, url, "--report-ready", "--seconds", "12")
    session = subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        assert session.stdout is not None
        ready = session.stdout.readline()  # the welcome screen takes taps from here
        assert ready.startswith("ready welcome=welcome "), ready
        assert "mediapipe_loaded=False" in ready  # the face model waits for a visitor
        # What cage shows on its screen, taken as any Wayland client would.
        socket = next(Path(env["XDG_RUNTIME_DIR"]).glob("wayland-*[0-9]"))
        shot = OUT / "kiosk_session_cage.png"
        OUT.mkdir(exist_ok=True)
        colours = 0
        deadline = time.monotonic() + 15
        while colours < 50 and time.monotonic() < deadline:
            time.sleep(1)
            subprocess.run(
                [grim, str(shot)],
                env={**env, "WAYLAND_DISPLAY": socket.name}, check=True, timeout=30,
            )  # fmt: skip
            with Image.open(shot) as picture:
                colours = len(picture.convert("RGB").getcolors(1 << 20) or [])
        assert colours >= 50, "cage shows a blank screen: the app's window is not drawn"
        stopped, errors = session.communicate(timeout=60)
    finally:
        if session.poll() is None:
            session.kill()
            session.wait()
    assert session.returncode == 0, errors[-3000:]
    report = stopped.strip().splitlines()[-1]
    assert report.startswith("window platform=xcb ")
    assert "full_screen=True" in report  # the app asked for the whole screen
    assert "pointer=hidden" in report  # a touch screen shows no pointer
