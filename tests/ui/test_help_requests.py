"""Call staff: from the kiosk's button to every console, claimed by one clerk, cancelled by the
visitor; and the service's rules underneath (one claim wins, nothing personal, audited)."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLabel, QPushButton
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from kiosk.domain.intake import Step
from kiosk.services.help_requests import HelpRequests, HelpTaken
from kiosk.services.site_context import SiteContext, open_site
from kiosk.services.visitor_kiosk import compose_visitor_kiosk
from kiosk.settings.translations import tr
from kiosk.storage import Database
from kiosk.storage.schema import audit_log
from kiosk.ui.staff.staff_window import StaffWindow
from kiosk.ui.visitor.visitor_window import VisitorWindow
from tests.ui.staff_driver import sign_in


def test_one_claim_wins_and_the_others_are_told_who_went(db: Database) -> None:
    help_requests = HelpRequests(db)
    asked = help_requests.ask(kiosk="kiosk-2", step="form", language="zh_CN", dialect="yue")
    assert [r.id for r in help_requests.waiting()] == [asked]
    results: list[str] = []

    def claim(name: str) -> None:
        try:
            HelpRequests(db).claim(asked, name)
            results.append(f"{name} won")
        except HelpTaken as refused:
            results.append(str(refused))

    threads = [threading.Thread(target=claim, args=(f"clerk {n}",)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    winners = [r for r in results if r.endswith("won")]
    assert len(winners) == 1
    winner = winners[0].removesuffix(" won")
    assert results.count(f"{winner} is already going") == 5
    assert help_requests.state(asked) == ("claimed", winner)
    assert help_requests.done(asked, winner)
    assert not help_requests.cancel(asked)  # closed already: nothing to cancel
    assert help_requests.waiting() == []
    with db.read() as conn:
        audited = conn.execute(
            select(audit_log.c.action, audit_log.c.details).where(audit_log.c.entity == "help")
        ).all()
    assert [a for a, _ in audited] == ["help_requested", "help_claimed", "help_done"]
    assert audited[0][1] == {
        "kiosk": "kiosk-2", "step": "form", "language": "zh_CN", "kind": "yue", "status": "open",
    }  # fmt: skip


@pytest.fixture
def site(tmp_path: Path) -> Iterator[SiteContext]:
    context = open_site(f"sqlite:///{tmp_path / 'site.sqlite3'}")
    context.staff.add("Wang Fang", "2468")
    context.staff.add("Zhao Min", "7391")
    yield context
    context.close()


def console_of(qtbot: QtBot, site: SiteContext, name: str, pin: str, counter: str) -> StaffWindow:
    window = StaffWindow(site, "zh_CN")
    qtbot.addWidget(window)
    window.resize(1600, 1000)
    window.show()
    sign_in(qtbot, window, name, pin, counter=counter)
    assert window.console is not None
    return window


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_a_visitor_calls_staff_one_clerk_goes_and_the_visitor_cancels(
    qtbot: QtBot, site: SiteContext, tmp_path: Path, language: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KIOSK_MACHINE_NAME", "kiosk-2")
    kiosk = VisitorWindow(compose_visitor_kiosk(site, camera=None))
    qtbot.addWidget(kiosk, before_close_func=lambda w: w.close())
    kiosk.resize(1920, 1080)
    kiosk.show()
    wizard = kiosk.wizard
    qtbot.waitUntil(lambda: wizard.position[0] is Step.WELCOME)
    wang = console_of(qtbot, site, "Wang Fang", "2468", "c1")
    zhao = console_of(qtbot, site, "Zhao Min", "7391", "c2")
    assert wang.console is not None
    assert zhao.console is not None
    wang_panel, zhao_panel = wang.console.help_panel, zhao.console.help_panel

    tile = next(
        b for b in wizard.findChildren(QPushButton) if b.accessibleName() == f"language:{language}"
    )
    QTest.mouseClick(tile, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.position[0] is Step.ACKNOWLEDGEMENT)
    banner = wizard.aids.banner
    QTest.mouseClick(wizard.chrome.help_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: banner.text.text() == tr(language, "help.called"), timeout=5000)
    assert banner.isVisible()
    assert wizard.window().rect().contains(banner.geometry())
    out = Path(os.environ.get("KIOSK_SCREENSHOTS", tmp_path))
    out.mkdir(parents=True, exist_ok=True)
    assert wizard.window().grab().save(str(out / f"visitor_help_called_{language}.png"))

    # every console sees it; Wang Fang goes, Zhao Min's console says so
    qtbot.waitUntil(lambda: len(wang_panel.requests) == 1, timeout=5000)
    qtbot.waitUntil(lambda: len(zhao_panel.requests) == 1, timeout=5000)
    assert wang_panel.isVisible()
    claim = next(
        b
        for b in wang_panel.findChildren(QPushButton)
        if b.accessibleName().startswith("help:claim")
    )
    QTest.mouseClick(claim, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: zhao_panel.requests[0].claimed_by == "Wang Fang", timeout=5000)
    assert not any(
        b.accessibleName().startswith("help:claim") for b in zhao_panel.findChildren(QPushButton)
    )
    assert wang.grab().save(str(out / "staff_help_claimed.png"))
    qtbot.waitUntil(lambda: banner.text.text() == tr(language, "help.coming"), timeout=5000)
    assert wizard.window().grab().save(str(out / f"visitor_help_coming_{language}.png"))

    QTest.mouseClick(banner.cancel, Qt.MouseButton.LeftButton)
    assert not banner.isVisible()
    qtbot.waitUntil(lambda: wang_panel.requests == [] and zhao_panel.requests == [], timeout=5000)
    assert not wang_panel.isVisible()
    wang.shutdown()
    zhao.shutdown()
    kiosk.close()


def test_a_visit_that_ends_cancels_its_call(qtbot: QtBot, site: SiteContext) -> None:
    kiosk = VisitorWindow(compose_visitor_kiosk(site, camera=None))
    qtbot.addWidget(kiosk, before_close_func=lambda w: w.close())
    kiosk.resize(1920, 1080)
    kiosk.show()
    wizard = kiosk.wizard
    qtbot.waitUntil(lambda: wizard.position[0] is Step.WELCOME)
    QTest.mouseClick(wizard.chrome.help_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.aids.request_id is not None, timeout=5000)
    asked = wizard.aids.request_id
    wizard.wipe(abandoned=True)  # the visitor walked away
    help_requests = HelpRequests(site.db)
    qtbot.waitUntil(lambda: help_requests.state(asked)[0] == "cancelled", timeout=5000)
    kiosk.close()


def test_a_claim_on_one_console_process_reaches_another(qtbot: QtBot, postgres_url: str) -> None:
    """Two consoles in two processes on one PostgreSQL database: Zhao Min taps "I'm going" in
    hers; Wang Fang's console loses its button and says who went."""
    site = open_site(postgres_url)
    site.staff.add("Wang Fang", "2468")
    site.staff.add("Zhao Min", "7391")
    wang = console_of(qtbot, site, "Wang Fang", "2468", "c1")
    assert wang.console is not None
    panel = wang.console.help_panel
    asked = HelpRequests(site.db).ask(kiosk="kiosk-3", step="form", language="zh_CN")
    qtbot.waitUntil(lambda: [r.id for r in panel.requests] == [asked], timeout=10_000)
    assert any(b.accessibleName() == f"help:claim:{asked}" for b in panel.findChildren(QPushButton))
    other = subprocess.Popen(
        [sys.executable, "-m", "tests.ui.help_console_worker", postgres_url, "Zhao Min", "7391",
         "c2"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    qtbot.waitUntil(lambda: other.poll() is not None, timeout=60_000)
    out, err = other.communicate()
    assert other.returncode == 0, err
    assert out.strip() == f"claimed {asked}"
    qtbot.waitUntil(
        lambda: bool(panel.requests) and panel.requests[0].claimed_by == "Zhao Min",
        timeout=10_000,
    )
    assert not any(
        b.accessibleName().startswith("help:claim") for b in panel.findChildren(QPushButton)
    )
    shown = [label.text() for label in panel.findChildren(QLabel) if label.isVisible()]
    assert tr("zh_CN", "help.goes", name="Zhao Min") in shown
    assert HelpRequests(site.db).state(asked) == ("claimed", "Zhao Min")
    wang.shutdown()
    site.close()
