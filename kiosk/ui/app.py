"""Starting the roles: a QApplication, the site, the live feed, the window."""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QWidget

from kiosk.services.face_check import choose_camera
from kiosk.services.site_context import SiteContext
from kiosk.services.visitor_kiosk import compose_visitor_kiosk
from kiosk.ui.gui_garbage import collect_on_gui_thread

log = logging.getLogger(__name__)


@contextmanager
def retention_running(site: SiteContext) -> Iterator[None]:
    """While a role runs, the daily purge runs by itself (one machine of the site per day)."""
    from kiosk.services.retention import RetentionScheduler, RetentionService

    if not site.db.may_purge():  # a kiosk or a display on a shared database: a counter will
        yield
        return
    scheduler = RetentionScheduler(RetentionService(site.db, site.in_force, site.clock))
    scheduler.start()
    try:
        yield
    finally:
        scheduler.stop()


def application(*, on_screen_keyboard: bool = False) -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        # A machine without a screen (a test host): draw offscreen rather than fail to start.
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if on_screen_keyboard:
        from kiosk.ui.visitor.keyboards import prepare_environment

        prepare_environment()
    app = QApplication(sys.argv[:1])
    collect_on_gui_thread()
    app.setFont(QFont(["Noto Sans CJK SC", "WenQuanYi Micro Hei", "DejaVu Sans"], 14))
    return app


def show(window: QWidget, windowed: bool, size: tuple[int, int], *, touch: bool = False) -> None:
    """Full screen on a real screen, else a window of ``size``. ``touch``: a screen people
    touch (visitor kiosk) or only look at (display) shows no pointer, unless
    ``KIOSK_POINTER=show`` (a machine with a mouse)."""
    if windowed or os.environ.get("QT_QPA_PLATFORM") == "offscreen":
        window.resize(*size)
        window.show()
        return
    if touch and os.environ.get("KIOSK_POINTER") != "show":
        QApplication.setOverrideCursor(Qt.CursorShape.BlankCursor)
    window.showFullScreen()


def serve(
    app: QApplication,
    role: str,
    site: SiteContext | None = None,
    state: Callable[[], tuple[str | None, str | None]] | None = None,
) -> int:
    """Run the event loop; under systemd, READY=1 once it runs and WATCHDOG=1 from the GUI
    thread while it keeps running (a frozen screen is restarted). With ``site``, this machine
    reports itself every 30 s (``state``: its camera and printer)."""
    from kiosk.ui.heartbeat import Heartbeat
    from kiosk.ui.watchdog import GuiWatchdog

    watchdog = GuiWatchdog()
    watchdog.start(status=role)
    heartbeat = Heartbeat(site, role, state) if site is not None else None
    if heartbeat is not None:
        heartbeat.start()
    try:
        return app.exec()
    finally:
        watchdog.stop()
        if heartbeat is not None:
            heartbeat.stop()


def run_display(
    site: SiteContext,
    *,
    state_file: Path | None,
    windowed: bool,
    seconds: float | None,
    speech: bool = True,
    call_log: Path | None = None,
) -> int:
    from kiosk.ui.display.display_window import DisplayWindow

    app = application()
    window = DisplayWindow(site, state_file, speech, call_log)
    window.setWindowTitle("Now serving")
    show(window, windowed, (1920, 1080), touch=True)
    if seconds:
        QTimer.singleShot(int(seconds * 1000), app.quit)
    with retention_running(site):
        code = serve(app, "display", site)
    window.shutdown()
    return code


def run_staff(site: SiteContext, *, language: str, windowed: bool) -> int:
    from kiosk.ui.staff.staff_window import StaffWindow

    app = application()
    window = StaffWindow(site, language)
    window.setWindowTitle("Counter console")
    show(window, windowed, (1600, 1000))
    with retention_running(site):
        code = serve(app, "staff", site)
    window.shutdown()
    return code


def run_reception(
    site: SiteContext, *, language: str, windowed: bool, camera: str | None = None
) -> int:
    from kiosk.ui.staff.reception_window import ReceptionWindow

    app = application()
    window = ReceptionWindow(
        site, language, choose_camera(site.site, camera, demo_site=site.demo_site)
    )
    window.setWindowTitle("Reception")
    show(window, windowed, (1600, 1000))
    code = serve(app, "reception", site)
    window.shutdown()
    return code


def run_visitor(
    site: SiteContext,
    *,
    windowed: bool,
    camera: str | None = None,
    size: tuple[int, int] = (1920, 1080),
    quit_after: float | None = None,
    report_ready: bool = False,
) -> int:
    app = application(on_screen_keyboard=True)
    from kiosk.ui.visitor.visitor_window import VisitorWindow

    choice = choose_camera(site.site, camera, demo_site=site.demo_site)
    kiosk = compose_visitor_kiosk(site, camera=choice)
    window = VisitorWindow(kiosk, portrait=size[1] > size[0])
    window.setWindowTitle("Visitor kiosk")
    show(window, windowed, size, touch=True)
    if report_ready:
        # The first turn of the event loop after the welcome screen is shown: from here on
        # a tap is handled. Whether the face-check libraries were needed for that is reported.
        QTimer.singleShot(
            0,
            lambda: print(
                f"ready welcome={window.wizard.position[0].value} "
                f"mediapipe_loaded={'mediapipe' in sys.modules}",
                flush=True,
            ),
        )
        # And as it stops: how the window lay on the screen (full screen under cage).
        app.aboutToQuit.connect(lambda: print(_window_report(window), flush=True))
    if quit_after:
        QTimer.singleShot(int(quit_after * 1000), app.quit)
    with retention_running(site):
        code = serve(app, "visitor", site, kiosk.device_state)
    window.close()  # camera, worker and face model stopped before the interpreter exits
    return code


def _window_report(window: QWidget) -> str:
    screen = window.screen().geometry()
    shown = window.geometry()
    pointer = QApplication.overrideCursor()
    hidden = pointer is not None and pointer.shape() == Qt.CursorShape.BlankCursor
    return (
        f"window platform={QApplication.platformName()} screen={screen.width()}x{screen.height()} "
        f"window={shown.width()}x{shown.height()}+{shown.x()}+{shown.y()} "
        f"full_screen={window.isFullScreen()} pointer={'hidden' if hidden else 'shown'}"
    )


def run_admin(
    site: SiteContext, *, language: str, windowed: bool, seconds: float | None = None
) -> int:
    from kiosk.ui.admin.admin_window import AdminWindow

    app = application()
    window = AdminWindow(site, language)
    window.setWindowTitle("Site settings")
    show(window, windowed, (1600, 1000))
    if seconds:
        QTimer.singleShot(int(seconds * 1000), app.quit)
    with retention_running(site):
        code = serve(app, "admin", site)
    window.shutdown()
    return code


def run_demo(site: SiteContext, *, language: str, camera: str | None = None) -> int:
    app = application(on_screen_keyboard=True)
    from kiosk.ui.display.display_window import DisplayWindow
    from kiosk.ui.staff.staff_window import StaffWindow
    from kiosk.ui.visitor.visitor_window import VisitorWindow

    choice = choose_camera(site.site, camera, demo_site=site.demo_site, demo_role=True)
    kiosk = compose_visitor_kiosk(site, camera=choice)
    visitor = VisitorWindow(kiosk)
    display = DisplayWindow(site, None)
    staff = StaffWindow(site, language)
    visitor.setWindowTitle("Visitor kiosk")
    show(visitor, True, (1280, 800))
    show(display, True, (1280, 720))
    show(staff, True, (1280, 900))
    with retention_running(site):
        code = serve(app, "demo", site, kiosk.device_state)
    visitor.close()
    display.shutdown()
    staff.shutdown()
    return code


def run_autopilot(
    site: SiteContext,
    *,
    out: Path,
    languages: list[str],
    size: tuple[int, int],
    camera: str | None = None,
    case_type: str = "minor_spending_refund",
) -> int:
    """Drive a scripted visitor through the wizard in each language; 0 when every step worked."""
    app = application(on_screen_keyboard=True)
    from kiosk.ui.testing.autopilot import Autopilot
    from kiosk.ui.visitor.visitor_window import VisitorWindow

    choice = choose_camera(site.site, camera, demo_site=site.demo_site, demo_role=True)
    kiosk = compose_visitor_kiosk(site, camera=choice)
    window = VisitorWindow(kiosk, portrait=size[1] > size[0])
    show(window, True, size)
    pilot = Autopilot(window.wizard, out, languages, case_type=case_type)
    pilot.start()
    app.exec()
    window.close()
    for language, code in pilot.tickets:
        print(f"{language}: ticket {code}")
    if pilot.failure:
        print(f"autopilot failed: {pilot.failure}", file=sys.stderr)
        return 1
    print(f"autopilot: {len(pilot.shots)} screens saved under {out}")
    return 0
