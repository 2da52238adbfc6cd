"""Memory of the visitor kiosk while its camera is on (target: RSS ≤ 450 MB).

`kiosk demo --autopilot` runs the visitor kiosk alone in its own process and drives two whole
visits (Chinese, then English) with the bundled clip as the camera. Its resident memory is
sampled every 100 ms from /proc; samples taken while the kiosk's camera thread exists are the
"camera on" ones. The idle figure is the welcome screen before the first visit. The autopilot
also saves a picture of every screen, which the real kiosk does not, so these numbers are an
upper bound.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET_MB = 450
ENV = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}


def rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def camera_on(pid: int) -> bool:
    try:
        return any(
            (task / "comm").read_text().strip() == "camera"
            for task in Path(f"/proc/{pid}/task").iterdir()
        )
    except OSError:
        return False


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        env = {**ENV, "KIOSK_DATA_DIR": str(Path(folder) / "data")}
        command = [
            sys.executable, "-m", "kiosk", "--database-url",
            f"sqlite:///{Path(folder) / 'site.sqlite3'}",
            "demo", "--autopilot", "--out", str(Path(folder) / "screens"),
        ]  # fmt: skip
        process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env
        )
        idle: list[float] = []
        camera: list[float] = []
        seen_camera = False
        started = time.monotonic()
        while process.poll() is None:
            value = rss_mb(process.pid)
            if value is not None:
                if camera_on(process.pid):
                    seen_camera = True
                    camera.append(value)
                elif not seen_camera and time.monotonic() - started > 3:
                    idle.append(value)  # the welcome screen and the form, before the camera
            time.sleep(0.1)
        output = process.communicate()[0]
    if process.returncode != 0 or not camera:
        print(f"the autopilot failed (exit {process.returncode}):\n{output}")
        return 1
    median = statistics.median(camera)
    print("visitor kiosk memory (RSS), two visits with the camera on:")
    print(f"  before the first face check: median {statistics.median(idle):.0f} MB")
    print(f"  camera on: median {median:.0f} MB, peak {max(camera):.0f} MB ({len(camera)} samples)")
    print(
        f"target camera-on median ≤ {TARGET_MB} MB: {'met' if median <= TARGET_MB else 'NOT met'}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
