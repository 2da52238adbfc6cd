"""Sessions that end by themselves, the kiosk's admin corner, and alerts on the consoles."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from kiosk.domain.intake import Step
from kiosk.services.liveness_service import LivenessService
from kiosk.services.site_context import SiteContext, open_site
from kiosk.services.visitor_kiosk import compose_visitor_kiosk
from kiosk.settings.translations import tr
from kiosk.storage.schema import audit_log
from kiosk.ui.staff.staff_window import StaffWindow
from kiosk.ui.visitor.admin_host import AdminHost
from kiosk.ui.visitor.visitor_window import VisitorWindow
from kiosk.vision.liveness_check import LivenessOutcome
from tests.gui_thread_guard import settle
from tests.ui.staff_driver import sign_in


@pytest.fixture
def site(tmp_path: Path) -> Iterator[SiteContext]:
    context = open_site(f"sqlite:///{tmp_path / 'site.sqlite3'}")
    context.staff.add("Wang Fang", "2468")
    context.staff.add("Li Na", "864209", role="admin")
    yield context
    context.close()


def staff_window(qtbot: QtBot, site: SiteContext, language: str = "en") -> StaffWindow:
    window = StaffWindow(site, language)
    qtbot.addWidget(window)
    window.resize(1600, 1000)
    window.show()
    qtbot.waitExposed(window)
    sign_in(qtbot, window, "Wang Fang", "2468", counter="c1")
    assert window.console is not None
    return window


# -- the counter's console locks --------------------------------------------------------------
def test_the_console_locks_when_left_idle_and_the_counter_stays_open(
    qtbot: QtBot, site: SiteContext
) -> None:
    window = staff_window(qtbot, site)
    session = window.session
    assert session is not None
    assert session.timer.interval() == 10 * 60_000  # the default: ten minutes
    session.allowed_ms = lambda: 1000  # (a second, for the test)
    session.restart()
    qtbot.waitUntil(lambda: window.console is None, timeout=5000)
    assert window.currentWidget() is window.sign_in
    assert window.sign_in.error.text() == tr("en", "staff.locked", minutes=10)
    assert window.sign_in.name.text() == "Wang Fang"
    assert window.sign_in.secret.text() == ""
    assert window.sign_in.counter.currentData() == "c1"
    c1 = next(s for s in site.queue.status() if s.queue_id in site.site.counter("c1").queues)
    assert c1.counters_open == 1  # locking is not closing
    sign_in(qtbot, window, "Wang Fang", "2468", counter="c1")
    assert window.console is not None  # the clerk is back at once
    window.shutdown()


def test_a_touch_on_the_console_starts_its_idle_time_again(qtbot: QtBot, site: SiteContext) -> None:
    window = staff_window(qtbot, site)
    console, session = window.console, window.session
    assert console is not None
    assert session is not None
    session.timer.start(5000)  # as if nearly ten minutes had gone by without a touch
    table = console.table.viewport()
    QTest.mouseClick(table, Qt.MouseButton.LeftButton, pos=QPoint(20, 20))
    assert session.timer.remainingTime() > 9 * 60_000  # the full time again
    window.shutdown()


def test_the_idle_time_is_read_from_the_settings_in_force(qtbot: QtBot, site: SiteContext) -> None:
    window = staff_window(qtbot, site)
    security = site.site.security.model_copy(update={"console_idle_minutes": 3})
    site.settings.save(site.site.model_copy(update={"security": security}), actor="Li Na")
    site.in_force.refresh()
    console, session = window.console, window.session
    assert console is not None
    assert session is not None
    QTest.mouseClick(console.table.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(20, 20))
    assert session.timer.interval() == 3 * 60_000
    window.shutdown()


# -- the admin corner on a kiosk ------------------------------------------------------------
def kiosk_window(qtbot: QtBot, site: SiteContext) -> VisitorWindow:
    window = VisitorWindow(compose_visitor_kiosk(site, camera=None))
    qtbot.addWidget(window, before_close_func=lambda w: w.close())
    window.resize(1920, 1080)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: window.wizard.position[0] is Step.WELCOME)
    return window


def five_taps(window: VisitorWindow) -> None:
    corner = window.wizard.chrome.progress
    for _ in range(5):
        QTest.mouseClick(corner, Qt.MouseButton.LeftButton, pos=QPoint(10, 10))


def test_the_corner_works_on_the_welcome_screen_only(qtbot: QtBot, site: SiteContext) -> None:
    window = kiosk_window(qtbot, site)
    window.wizard.go_to(Step.ACKNOWLEDGEMENT)  # a visitor is busy: their screen stays theirs
    five_taps(window)
    assert window.admin is None
    window.wizard.wipe(abandoned=True)
    five_taps(window)
    assert isinstance(window.admin, AdminHost)
    assert window.admin.isVisible()
    window.close()


def test_the_admin_screen_left_idle_on_a_kiosk_goes_back_to_the_visitors(
    qtbot: QtBot, site: SiteContext
) -> None:
    window = kiosk_window(qtbot, site)
    five_taps(window)
    host = window.admin
    session = window.admin_session
    assert isinstance(host, AdminHost)
    assert session is not None
    assert session.timer.interval() == 60_000  # the default: a minute
    session.allowed_ms = lambda: 1000
    session.restart()
    qtbot.waitUntil(lambda: not host.isVisible(), timeout=5000)
    assert window.admin_session is None
    assert window.wizard.position[0] is Step.WELCOME
    assert window.wizard.input.on_screen_keyboard() is not None  # given back to the visitors
    window.close()


def test_three_refused_admin_sign_ins_on_a_kiosk_pause_the_corner_and_are_audited(
    qtbot: QtBot, site: SiteContext
) -> None:
    window = kiosk_window(qtbot, site)
    for attempt in range(3):
        five_taps(window)
        host = window.admin
        assert isinstance(host, AdminHost), attempt
        assert host.isVisible(), attempt
        screen = host.admin.sign_in  # type: ignore[attr-defined]
        screen.name.setText("Li Na")
        screen.secret.setText("111111")
        QTest.mouseClick(screen.button, Qt.MouseButton.LeftButton)
        settle(qtbot)
    assert not host.isVisible()  # closed after the third
    assert window.wizard.gesture.paused
    five_taps(window)
    assert window.admin is host
    assert not host.isVisible()
    qtbot.waitUntil(lambda: window.jobs.idle, timeout=5000)
    with site.db.read() as conn:
        paused = conn.execute(
            select(audit_log.c.details).where(audit_log.c.action == "kiosk_admin_paused")
        ).scalar_one()
    assert paused == {"failures": 3, "minutes": 10}
    window.wizard.gesture.pause(0)  # ten minutes later
    five_taps(window)
    assert isinstance(window.admin, AdminHost)
    assert window.admin.isVisible()
    window.close()


# -- a burst of failed face checks alerts every console -----------------------------------
def failed_check() -> LivenessOutcome:
    return LivenessOutcome({"passed": False, "reasons": ["no_blink"]}, None)


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_a_burst_of_failed_face_checks_at_a_kiosk_alerts_the_consoles(
    qtbot: QtBot, site: SiteContext, language: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("KIOSK_MACHINE_NAME", "kiosk-2")
    window = staff_window(qtbot, site, language)
    console = window.console
    assert console is not None
    checks = LivenessService(site.db, site.in_force, site.clock)  # the kiosk's service
    for _ in range(5):
        checks.keep(failed_check())
    qtbot.wait(600)
    assert console.alerts.texts() == []  # five is not more than five
    checks.keep(failed_check())  # the sixth within three minutes
    qtbot.waitUntil(lambda: bool(console.alerts.texts()), timeout=5000)
    expected = tr(language, "staff.alert.face_checks_failing", kiosk="kiosk-2", count=6, minutes=3)
    assert console.alerts.texts() == ["⚠ " + expected]
    assert console.alerts.isVisible()
    inside = console.alerts.geometry()
    assert console.rect().contains(inside)
    out = Path(os.environ.get("KIOSK_SCREENSHOTS", tmp_path))
    out.mkdir(parents=True, exist_ok=True)
    assert window.grab().save(str(out / f"staff_alert_{language}.png"))
    seen = console.alerts.findChildren(type(console.buttons["call_next"]), "alertSeen")
    QTest.mouseClick(seen[0], Qt.MouseButton.LeftButton)
    assert console.alerts.texts() == []
    assert not console.alerts.isVisible()
    window.shutdown()
