"""A second staff console in a process of its own, for the cross-process help test.

``python -m tests.ui.help_console_worker URL NAME PIN COUNTER`` signs in through the sign-in
screen's widgets, waits until its help panel shows a request, taps "I'm going" on it and waits
until its own panel shows the claim. It prints ``claimed <id>`` and exits 0, or exits 1 with
what it was waiting for.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QPushButton

from kiosk.services.site_context import open_site
from kiosk.ui.staff.staff_window import StaffWindow


def wait_for(what: str, condition: Callable[[], bool], seconds: float = 20.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            print(f"gave up waiting for {what}", file=sys.stderr)
            sys.exit(1)
        QApplication.processEvents()
        time.sleep(0.02)


def main(url: str, name: str, pin: str, counter: str) -> int:
    app = QApplication([])
    site = open_site(url)
    window = StaffWindow(site, "zh_CN")
    window.resize(1600, 1000)
    window.show()
    screen = window.sign_in
    QTest.keyClicks(screen.name, name)
    QTest.keyClicks(screen.secret, pin)
    screen.counter.setCurrentIndex(screen.counter.findData(counter))
    QTest.mouseClick(screen.button, Qt.MouseButton.LeftButton)
    wait_for("the console", lambda: window.console is not None)
    assert window.console is not None
    panel = window.console.help_panel
    wait_for("a help request", lambda: len(panel.requests) == 1)

    def claim_button() -> QPushButton | None:
        return next(
            (
                b
                for b in panel.findChildren(QPushButton)
                if b.accessibleName().startswith("help:claim") and b.isVisible()
            ),
            None,
        )

    wait_for("the I'm-going button", lambda: claim_button() is not None)
    button = claim_button()
    assert button is not None
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)
    wait_for("the claim", lambda: bool(panel.requests) and panel.requests[0].claimed_by == name)
    print(f"claimed {panel.requests[0].id}", flush=True)
    window.shutdown()
    site.close()
    app.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:5]))
