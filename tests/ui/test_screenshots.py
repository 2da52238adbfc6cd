"""Every finished screen, in Chinese and English, grabbed to PNG so a person can look at them.

The files go to ``KIOSK_SCREENSHOTS`` (e.g. ``KIOSK_SCREENSHOTS=out/screens ./scripts/test.sh
-k screenshots``), otherwise to the test's temporary folder.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from kiosk.services.day_simulation import simulate_day
from kiosk.services.site_context import SiteContext, open_site
from kiosk.ui.admin.admin_screen import AdminScreen
from kiosk.ui.admin.list_editor import ListEditor
from kiosk.ui.admin.settings_form import SettingsForm
from kiosk.ui.staff.console_screen import ConsoleScreen
from kiosk.ui.staff.sign_in_screen import SignInScreen
from kiosk.ui.visitor.liveness_screen import LivenessScreen
from tests.gui_thread_guard import settle


@pytest.fixture
def busy_site(tmp_path: Path) -> Iterator[SiteContext]:
    site = open_site(f"sqlite:///{tmp_path / 'site.sqlite3'}")
    site.staff.add("Wang Fang", "2468")
    for case_type in ("messaging_recovery", "wallet_reactivation", "merchant_appeal", "other"):
        site.queue.issue(case_type=case_type)
    site.queue.issue(queue_id="general", priority_class="priority", flags=["language_help"])
    site.queue.call_next("c4")
    site.queue.call_next("c2")
    yield site
    site.close()


@pytest.fixture
def out(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("KIOSK_SCREENSHOTS", tmp_path / "screens"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def grab(qtbot: QtBot, widget: QWidget, path: Path, size: tuple[int, int]) -> None:
    qtbot.addWidget(widget)
    widget.resize(*size)
    widget.show()
    qtbot.waitExposed(widget)
    settle(qtbot)  # what the screen reads in the background is on it
    assert widget.grab().save(str(path))
    assert path.stat().st_size > 10_000  # a drawn screen, not an empty picture


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_screens_in_both_languages(
    qtbot: QtBot, busy_site: SiteContext, out: Path, language: str
) -> None:
    member = busy_site.staff.sign_in("Wang Fang", "2468")
    grab(
        qtbot,
        SignInScreen(busy_site, language),
        out / f"staff_sign_in_{language}.png",
        (1600, 1000),
    )
    grab(
        qtbot,
        ConsoleScreen(busy_site, member, "c2", language),
        out / f"staff_console_{language}.png",
        (1600, 1000),
    )
    liveness = LivenessScreen(language)
    liveness.set_demo(True)
    grab(qtbot, liveness, out / f"visitor_liveness_{language}_portrait.png", (1080, 1920))


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_visitor_screens_the_autopilot_does_not_reach(
    qtbot: QtBot, out: Path, tmp_path: Path, language: str
) -> None:
    """An inline message, the idle question and a ticket for a manual ID check."""
    from kiosk.domain.intake import Step
    from kiosk.settings.translations import tr
    from kiosk.ui.visitor.ticket_page import TicketPage
    from tests.ui.test_intake_wizard import EmptyPrinter
    from tests.ui.visitor_driver import make_kiosk

    url = f"sqlite:///{tmp_path / 'visitor.sqlite3'}"
    kiosk = make_kiosk(qtbot, url, idle_ms=300_000, printer=EmptyPrinter())
    kiosk.start(language)
    kiosk.choose("messaging_recovery")
    kiosk.fill_page({"account_id": "a"})
    kiosk.tap("next")
    qtbot.wait(150)
    assert kiosk.editor("account_id").message.text()
    assert kiosk.wizard.grab().save(str(out / f"visitor-invalid-{language}.png"))
    kiosk.wizard.idle.overlay.start(language, 15)
    qtbot.wait(50)
    assert kiosk.wizard.grab().save(str(out / f"visitor-idle-{language}.png"))
    kiosk.tap("still_here")
    kiosk.fill_form()
    kiosk.to_review(consent=False, reasons=("age_65",))
    kiosk.submit()
    assert kiosk.step is Step.TICKET
    page = kiosk.wizard.page
    assert isinstance(page, TicketPage)
    printing = tr(language, "wizard.ticket.printing")
    qtbot.waitUntil(lambda: page.print_status.text() != printing, timeout=10_000)
    assert kiosk.wizard.grab().save(str(out / f"visitor-ticket-manual-id-{language}.png"))
    kiosk.site.close()


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_every_admin_page(qtbot: QtBot, tmp_path: Path, out: Path, language: str) -> None:
    site = open_site(f"sqlite:///{tmp_path / 'admin.sqlite3'}")
    site.staff.add("Li Na", "864209", role="admin")
    site.staff.add("Wang Fang", "2468")
    member = site.staff.sign_in("Li Na", "864209")
    simulate_day(site.db, site.site, site.queue.today(), visitors=300, seed=3)
    admin = AdminScreen(site, member, language)
    qtbot.addWidget(admin)
    admin.resize(1920, 1080)
    admin.show()
    qtbot.waitExposed(admin)
    admin.reports.refresh()
    cases = admin.section_pages["case_types"].form
    assert isinstance(cases, ListEditor)
    cases.list.setCurrentRow(1)  # superapp_appeal: its choice question "reason_shown"
    form = cases.editor_at(1)
    assert isinstance(form, SettingsForm)
    form.groups["form"].lists["fields"].list.setCurrentRow(3)
    for row in range(admin.nav.count()):
        admin.nav.setCurrentRow(row)
        qtbot.wait(50)
        path = out / f"admin_{row:02d}_{language}.png"
        assert admin.grab().save(str(path))
        assert path.stat().st_size > 10_000
    site.close()
