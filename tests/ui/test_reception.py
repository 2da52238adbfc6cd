"""Reception: a member of staff fills in the intake with a visitor, through the real widgets;
the case is stored as assisted, the agreements as given orally to them, and the ticket comes
out of a real CUPS queue."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from kiosk.resources import sample_clip
from kiosk.services.case_view import CaseViews
from kiosk.services.face_check import CameraChoice
from kiosk.services.site_context import SiteContext, open_site
from kiosk.settings.translations import tr
from kiosk.storage.schema import (
    acknowledgements,
    audit_log,
    cases,
    consents,
    liveness_checks,
    print_jobs,
    tickets,
)
from kiosk.ui.staff.reception_window import ReceptionWindow
from tests.cups_queues import lp, wait_for_output
from tests.gui_thread_guard import settle
from tests.pdf_tools import text_of


@pytest.fixture
def site(tmp_path: Path) -> Iterator[SiteContext]:
    context = open_site(f"sqlite:///{tmp_path / 'site.sqlite3'}")
    context.staff.add("Li Na", "1357")
    yield context
    context.close()


def reception_of(
    qtbot: QtBot, site: SiteContext, language: str, camera: CameraChoice | None = None
) -> ReceptionWindow:
    """The reception window with Li Na (PIN 1357) signed in through the sign-in widgets."""
    window = ReceptionWindow(site, language, camera)
    qtbot.addWidget(window)
    window.resize(1600, 1000)
    window.show()
    qtbot.keyClicks(window.sign_in.name, "Li Na")
    qtbot.keyClicks(window.sign_in.secret, "1357")
    qtbot.mouseClick(window.sign_in.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.reception is not None, timeout=5000)
    return window


def test_an_assisted_intake_is_stored_as_such_and_printed_on_the_desk_printer(
    qtbot: QtBot, site: SiteContext, pdf_queue: str, tmp_path: Path
) -> None:
    window = reception_of(qtbot, site, "zh_CN")
    screen = window.reception
    assert screen is not None
    english = next(
        b for b in screen.findChildren(QPushButton) if b.accessibleName() == "language:en"
    )
    qtbot.mouseClick(english, Qt.MouseButton.LeftButton)
    screen.case_type.setCurrentIndex(screen.case_type.findData("other"))
    questions = {e.field.id: e for e in screen.editors}
    assert set(questions) == {f.id for f in site.site.case_type("other").form.fields}
    assert questions["subject"].label.text() == "What do you need help with?"  # in English

    qtbot.mouseClick(screen.issue_button, Qt.MouseButton.LeftButton)
    assert screen.message.text() == tr("zh_CN", "reception.fix")  # nothing typed yet
    qtbot.keyClicks(questions["subject"].input_widget, "Card swallowed")
    qtbot.keyClicks(questions["description"].input_widget, "The machine kept my bank card")
    qtbot.mouseClick(screen.issue_button, Qt.MouseButton.LeftButton)
    assert screen.message.text() == tr("zh_CN", "reception.confirm_rules")
    screen.rules_heard.setChecked(True)
    screen.reasons["age_65"].setChecked(True)
    screen.help_language.setCurrentIndex(screen.help_language.findData("yue"))
    qtbot.waitUntil(lambda: screen.printer.findData(pdf_queue) >= 0, timeout=10_000)
    screen.printer.setCurrentIndex(screen.printer.findData(pdf_queue))
    qtbot.mouseClick(screen.issue_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.ticket.text() != "", timeout=20_000)
    code = screen.ticket.text()
    out = Path(os.environ.get("KIOSK_SCREENSHOTS", tmp_path))
    out.mkdir(parents=True, exist_ok=True)
    assert window.grab().save(str(out / "reception_issued_zh_CN.png"))

    with site.db.read() as conn:
        case = conn.execute(select(cases)).mappings().one()
        ticket = conn.execute(select(tickets)).mappings().one()
        heard = [
            conn.execute(select(table.c.witness)).scalar_one()
            for table in (acknowledgements, consents)
        ]
        consent_given = conn.execute(select(consents.c.granted)).scalar_one()
        submitted = conn.execute(
            select(audit_log.c.actor, audit_log.c.details).where(
                audit_log.c.action == "case_submitted"
            )
        ).one()
        job = conn.execute(select(print_jobs)).mappings().one()
    assert case["assisted_by"] == "Li Na"
    assert case["language"] == "en"
    assert case["manual_id_check"] is True  # no face check at this desk
    assert heard == ["Li Na", "Li Na"]  # the rules and the consent, given orally
    assert consent_given is False
    assert set(ticket["flags"]) == {"assisted", "manual_id_check", "language_help", "help:yue"}
    assert ticket["priority_class"] != "normal"  # aged 65 or over
    assert submitted.actor == "Li Na"
    assert submitted.details["assisted_by"] == "Li Na"
    assert submitted.details["consent_given"] == "orally"
    assert (job["printer"], job["status"], job["actor"]) == (pdf_queue, "printed", "Li Na")
    printed = lp("lpstat", "-W", "completed", "-o", pdf_queue).stdout.split()[0]
    output = wait_for_output(printed)
    assert code in text_of(output)
    output.unlink()

    view = CaseViews(site.db, site.site).view(ticket["id"], "en", "Wang Fang")
    assert view is not None
    assert view.assisted_by == "Li Na"
    assert view.consent.endswith(tr("en", "case.orally", name="Li Na"))

    qtbot.mouseClick(screen.next_button, Qt.MouseButton.LeftButton)
    assert screen.ticket.text() == ""
    assert not screen.rules_heard.isChecked()
    assert all(e.value() in (None, "", []) for e in screen.editors)  # nothing of the last visitor
    window.shutdown()


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_reception_screen_pictures(
    qtbot: QtBot, site: SiteContext, tmp_path: Path, language: str
) -> None:
    window = reception_of(qtbot, site, language)
    screen = window.reception
    assert screen is not None
    settle(qtbot)
    fixed = [screen.issue_button, screen.case_type, screen.rules_heard, screen.printer]
    for widget in fixed + list(screen.reasons.values()):  # the questions scroll; these do not
        place = QRect(widget.mapTo(screen, QPoint(0, 0)), widget.size())
        assert screen.rect().contains(place), widget
    out = Path(os.environ.get("KIOSK_SCREENSHOTS", tmp_path))
    out.mkdir(parents=True, exist_ok=True)
    assert window.grab().save(str(out / f"reception_{language}.png"))
    window.shutdown()


def test_a_visitor_who_agrees_has_the_face_check_at_the_desk(qtbot: QtBot, tmp_path: Path) -> None:
    """On the desk's camera (here the sample clip, on a demo site), the kiosk's own face check
    runs in the visitor's language; the check is stored with the case, the consent as given
    orally."""
    site = open_site(f"sqlite:///{tmp_path / 'demo.sqlite3'}", demo=True)
    site.staff.add("Li Na", "1357")
    camera = CameraChoice(str(sample_clip()), demo=True, realtime=False)
    window = reception_of(qtbot, site, "en", camera)
    screen = window.reception
    assert screen is not None
    assert screen.face_agreed.isEnabled()
    screen.case_type.setCurrentIndex(screen.case_type.findData("other"))
    questions = {e.field.id: e for e in screen.editors}
    qtbot.keyClicks(questions["subject"].input_widget, "Card swallowed")
    qtbot.keyClicks(questions["description"].input_widget, "The machine kept my card")
    screen.rules_heard.setChecked(True)
    qtbot.mouseClick(screen.face_agreed, Qt.MouseButton.LeftButton)
    assert screen.consent.isVisible()  # what the face check keeps, to be read out
    qtbot.mouseClick(screen.issue_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.checking is not None and screen.checking.isVisible())
    dialog = screen.checking
    assert dialog.check_screen.language == "zh_CN"  # the visitor's language
    out = Path(os.environ.get("KIOSK_SCREENSHOTS", tmp_path))
    out.mkdir(parents=True, exist_ok=True)
    qtbot.waitUntil(lambda: dialog.check_screen.camera._image is not None, timeout=60_000)
    assert dialog.grab().save(str(out / "reception_face_check_zh_CN.png"))
    qtbot.waitUntil(lambda: screen.ticket.text() != "", timeout=180_000)
    assert screen.checking is None  # the dialog closed when the check ended
    assert window.grab().save(str(out / "reception_after_face_check_en.png"))
    with site.db.read() as conn:
        case = conn.execute(select(cases)).mappings().one()
        consent = conn.execute(select(consents.c.granted, consents.c.witness)).one()
        linked = conn.execute(select(liveness_checks.c.case_id)).scalars().all()
    assert tuple(consent) == (True, "Li Na")
    assert linked == [case["id"]]  # the check belongs to this visit
    assert case["assisted_by"] == "Li Na"
    window.shutdown()
    site.close()
