"""Liveness analysis cost per 640×480 frame on one core, and GUI stalls while the camera runs.

Targets (DESIGN.md): analysis median ≤ 12 ms per frame and ≤ 1.3× the bare landmarker on the
same frames in the same run; the GUI event loop's stall p99 ≤ 16 ms with the camera thread on.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

import cv2

CLIP = Path(__file__).parents[1] / "data" / "live_mouth_open_smile_liveportrait_d18.mp4"


def frames_640x480() -> list[object]:
    capture = cv2.VideoCapture(str(CLIP))
    frames = []
    while True:
        ok, image = capture.read()
        if not ok:
            break
        frames.append(cv2.resize(image, (640, 480)))
    capture.release()
    return frames


def analysis_cost() -> tuple[float, float]:
    from kiosk.vision.landmarks import FaceLandmarks
    from kiosk.vision.liveness_check import FrameObserver
    from kiosk.vision.sources import Frame

    frames = frames_640x480()
    bare_marks = FaceLandmarks()
    full_marks = FaceLandmarks()
    observer = FrameObserver(full_marks)
    bare, full = [], []
    # Whole passes over the clip, alternating (bare, full, bare, full): both see the same
    # machine load, and neither graph has its caches flushed by the other every frame.
    for loop in range(4):
        for index, image in enumerate(frames):
            stamp = (loop * len(frames) + index) * 33
            started = time.perf_counter()
            bare_marks.detect(image, stamp)  # type: ignore[arg-type]
            bare.append(time.perf_counter() - started)
        for index, image in enumerate(frames):
            stamp = (loop * len(frames) + index) * 33
            started = time.perf_counter()
            observer.observe(Frame(image, stamp, index))  # type: ignore[arg-type]
            full.append(time.perf_counter() - started)
    bare_marks.close()
    full_marks.close()
    return statistics.median(bare) * 1000, statistics.median(full) * 1000


def gui_stalls() -> tuple[float, float, int]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QElapsedTimer, QTimer
    from PySide6.QtWidgets import QApplication

    from kiosk.domain.liveness import Rules
    from kiosk.ui.visitor.liveness_screen import LivenessScreen
    from kiosk.vision.liveness_check import LivenessCheck
    from kiosk.vision.sources import VideoFileSource

    app = QApplication.instance() or QApplication([])
    screen = LivenessScreen("en")
    screen.resize(1080, 1920)
    screen.show()
    interval = 5
    lateness: list[float] = []
    clock = QElapsedTimer()
    clock.start()
    last = [clock.nsecsElapsed()]

    def tick() -> None:
        now = clock.nsecsElapsed()
        lateness.append(max(0.0, (now - last[0]) / 1e6 - interval))
        last[0] = now

    timer = QTimer()
    timer.timeout.connect(tick)
    timer.start(interval)
    screen.start(
        lambda: VideoFileSource(CLIP, loop=True, realtime=True),
        lambda: LivenessCheck(Rules(attempt_limit_ms=60_000, positioning_limit_ms=60_000), seed=1),
    )
    QTimer.singleShot(10_000, app.quit)
    app.exec()
    timer.stop()
    screen.stop()
    ordered = sorted(lateness[20:])
    p99 = ordered[int(len(ordered) * 0.99)]
    return p99, statistics.median(ordered), len(ordered)


def main() -> int:
    os.environ.setdefault("GLOG_minloglevel", "2")
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {0})  # one core, as DESIGN.md measures
    bare, full = analysis_cost()
    ratio = full / bare
    p99, median_stall, ticks = gui_stalls()
    ok = full <= 12 and ratio <= 1.3 and p99 <= 16
    print("liveness analysis, 640×480 frames of the test clip, one core")
    print(f"  bare landmarker          median {bare:6.2f} ms/frame   (baseline)")
    print(
        f"  full analysis            median {full:6.2f} ms/frame   ratio {ratio:4.2f}"
        f"   targets ≤ 12 ms, ≤ 1.3×: {'meets' if full <= 12 and ratio <= 1.3 else 'MISSES'}"
    )
    print(
        f"  GUI stall with camera on p99 {p99:6.2f} ms, median {median_stall:5.2f} ms over {ticks}"
        f" ticks   target ≤ 16 ms: {'meets' if p99 <= 16 else 'MISSES'}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
