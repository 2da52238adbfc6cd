"""Starting the roles: a QApplication, the site, the live feed, the window."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QStackedWidget, QWidget

from kiosk.services.site_context import SiteContext
from kiosk.services.ticket_printing import TicketPrinting
from kiosk.ui.display.announcer import Announcer
from kiosk.ui.display.display_screen import DisplayScreen
from kiosk.ui.display.qt_audio import QtChime, QtSpeaker
from kiosk.ui.gui_garbage import collect_on_gui_thread
from kiosk.ui.live_feed import LiveFeed
from kiosk.ui.staff.console_screen import ConsoleScreen
from kiosk.ui.staff.sign_in_screen import SignInScreen

log = logging.getLogger(__name__)


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


def make_speaker() -> QtSpeaker | None:
    """The first speech engine that works here, or None (chime and screen only)."""
    try:
        engines = QtSpeaker.available_engines()
    except ImportError:
        return None
    preferred = [e for e in ("speechd", "flite", "espeak") if e in engines]
    for engine in preferred:
        speaker = QtSpeaker(engine)
        if speaker.usable():
            return speaker
    return None


class DisplayWindow(QWidget):
    def __init__(self, site: SiteContext, state_file: Path | None, speech: bool = True) -> None:
        super().__init__()
        languages = [lang.code for lang in site.site.languages if lang.speech_locale]
        self.announcer = Announcer(make_speaker() if speech else None, QtChime(), languages)
        self.board = DisplayScreen(site, self.announcer, state_file, self)
        self.feed = LiveFeed(site, self)
        self.feed.changed.connect(self.board.on_changes)
        self.feed.connection_changed.connect(self.board.on_connection)
        from PySide6.QtWidgets import QVBoxLayout

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.board)
        self.board.refresh()
        self.feed.start()

    def closeEvent(self, event: object) -> None:  # noqa: N802 (Qt override)
        self.feed.stop()
        super().closeEvent(event)  # type: ignore[arg-type]


class StaffWindow(QStackedWidget):
    def __init__(self, site: SiteContext, language: str) -> None:
        super().__init__()
        self.site = site
        self.language = language
        self.sign_in = SignInScreen(site, language)
        self.sign_in.signed_in.connect(self._on_sign_in_signed_in)
        self.addWidget(self.sign_in)
        self.console: ConsoleScreen | None = None
        self.feed = LiveFeed(site, self)
        self.feed.start()

    def _on_sign_in_signed_in(self, member: object, counter_id: str) -> None:
        try:
            printing: TicketPrinting | None = TicketPrinting(self.site.queue)
        except ValueError:  # printer settings incomplete: the console works without reprint
            printing = None
        console = ConsoleScreen(self.site, member, counter_id, self.language, printing)  # type: ignore[arg-type]
        self.feed.changed.connect(console.on_changes)
        self.feed.connection_changed.connect(console.on_connection)
        self.console = console
        self.addWidget(console)
        self.setCurrentWidget(console)
        self.site.queue.open_counter(counter_id, actor=getattr(member, "name", "staff"))

    def closeEvent(self, event: object) -> None:  # noqa: N802 (Qt override)
        self.feed.stop()
        super().closeEvent(event)  # type: ignore[arg-type]


class AdminWindow(QStackedWidget):
    """Sign-in (administrators only), then the generated settings pages, versions, reports."""

    def __init__(self, site: SiteContext, language: str) -> None:
        super().__init__()
        self.site = site
        self.language = language
        self.sign_in = SignInScreen(site, language, with_counter=False)
        self.sign_in.signed_in.connect(self._on_sign_in_signed_in)
        self.addWidget(self.sign_in)
        self.admin: QWidget | None = None
        self.feed: LiveFeed | None = None

    def _on_sign_in_signed_in(self, member: object, _counter_id: str) -> None:
        from kiosk.settings.translations import tr
        from kiosk.ui.admin.admin_screen import AdminScreen

        if not getattr(member, "is_admin", False):
            self.sign_in.error.setText(tr(self.language, "admin.not_admin"))
            log.warning("a non-administrator tried to open the admin screen")
            return
        self.admin = admin = AdminScreen(self.site, member, self.language)  # type: ignore[arg-type]
        self.addWidget(admin)
        self.setCurrentWidget(admin)
        # Versions saved on other machines: the screen offers to reload its pages.
        self.feed = LiveFeed(self.site, self)
        self.feed.changed.connect(admin.on_feed_changed)
        self.feed.start()

    def closeEvent(self, event: object) -> None:  # noqa: N802 (Qt override)
        if self.feed is not None:
            self.feed.stop()
        super().closeEvent(event)  # type: ignore[arg-type]


def show(window: QWidget, windowed: bool, size: tuple[int, int]) -> None:
    if windowed or os.environ.get("QT_QPA_PLATFORM") == "offscreen":
        window.resize(*size)
        window.show()
    else:
        window.showFullScreen()


def run_display(
    site: SiteContext,
    *,
    state_file: Path | None,
    windowed: bool,
    seconds: float | None,
    speech: bool = True,
) -> int:
    app = application()
    window = DisplayWindow(site, state_file, speech)
    window.setWindowTitle("Now serving")
    show(window, windowed, (1920, 1080))
    if seconds:
        QTimer.singleShot(int(seconds * 1000), app.quit)
    code = app.exec()
    window.feed.stop()
    return code


def run_staff(site: SiteContext, *, language: str, windowed: bool) -> int:
    app = application()
    window = StaffWindow(site, language)
    window.setWindowTitle("Counter console")
    show(window, windowed, (1600, 1000))
    code = app.exec()
    window.feed.stop()
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

    window = VisitorWindow(site, camera=camera, portrait=size[1] > size[0])
    window.setWindowTitle("Visitor kiosk")
    show(window, windowed, size)
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
    if quit_after:
        QTimer.singleShot(int(quit_after * 1000), app.quit)
    code = app.exec()
    window.close()  # camera, worker and face model stopped before the interpreter exits
    return code


def run_admin(
    site: SiteContext, *, language: str, windowed: bool, seconds: float | None = None
) -> int:
    app = application()
    window = AdminWindow(site, language)
    window.setWindowTitle("Site settings")
    show(window, windowed, (1600, 1000))
    if seconds:
        QTimer.singleShot(int(seconds * 1000), app.quit)
    return app.exec()


def run_demo(site: SiteContext, *, language: str, camera: str | None = None) -> int:
    app = application(on_screen_keyboard=True)
    from kiosk.ui.visitor.visitor_window import VisitorWindow

    visitor = VisitorWindow(site, camera=camera)
    display = DisplayWindow(site, None)
    staff = StaffWindow(site, language)
    visitor.setWindowTitle("Visitor kiosk")
    show(visitor, True, (1280, 800))
    show(display, True, (1280, 720))
    show(staff, True, (1280, 900))
    code = app.exec()
    visitor.close()
    display.feed.stop()
    staff.feed.stop()
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
    from kiosk.ui.visitor.autopilot import Autopilot
    from kiosk.ui.visitor.visitor_window import VisitorWindow

    window = VisitorWindow(site, camera=camera, portrait=size[1] > size[0])
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
