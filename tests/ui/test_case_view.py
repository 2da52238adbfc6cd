"""The clerk's view of a case: every answer type under its question, the agreements, the face
check with its video played from memory, and every view in the audit log."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from kiosk.domain.recording import pack_recording
from kiosk.services.case_view import CaseViews
from kiosk.services.intake_service import IntakeService
from kiosk.services.liveness_service import LivenessService
from kiosk.services.site_context import SiteContext, open_site
from kiosk.settings.translations import tr
from kiosk.storage.schema import audit_log
from kiosk.ui.staff.console_screen import ConsoleScreen
from kiosk.ui.staff.staff_window import StaffWindow
from kiosk.vision.liveness_check import LivenessOutcome
from kiosk.vision.recorder import Recording
from tests.gui_thread_guard import settle
from tests.intake_answers import complete_draft

ALL_TYPES = [
    {"id": "full_name", "type": "text", "label": {"zh_CN": "姓名", "en": "Full name"}},
    {"id": "order_no", "type": "digits", "label": {"zh_CN": "订单号", "en": "Order number"}},
    {"id": "mobile", "type": "phone", "label": {"zh_CN": "手机号", "en": "Mobile number"}},
    {"id": "since", "type": "date", "label": {"zh_CN": "开始日期", "en": "Since when"}},
    {
        "id": "channel",
        "type": "choice",
        "label": {"zh_CN": "渠道", "en": "Channel"},
        "choices": [
            {"value": "app", "label": {"zh_CN": "手机应用", "en": "The app"}},
            {"value": "web", "label": {"zh_CN": "网页", "en": "The website"}},
        ],
    },
    {
        "id": "devices",
        "type": "choice",
        "multiple": True,
        "label": {"zh_CN": "设备", "en": "Devices used"},
        "choices": [
            {"value": "phone", "label": {"zh_CN": "手机", "en": "Phone"}},
            {"value": "tablet", "label": {"zh_CN": "平板", "en": "Tablet"}},
            {"value": "pc", "label": {"zh_CN": "电脑", "en": "Computer"}},
        ],
    },
    {"id": "still_owner", "type": "yes_no", "label": {"zh_CN": "仍在使用吗", "en": "Still yours?"}},
    {"id": "was_abroad", "type": "yes_no", "label": {"zh_CN": "在国外吗", "en": "Abroad?"}},
    {"id": "story", "type": "multiline", "label": {"zh_CN": "经过", "en": "What happened"}},
    {"id": "extra", "type": "text", "label": {"zh_CN": "补充", "en": "Anything else"}},
]
ANSWERS: dict[str, Any] = {
    "full_name": "Chen Li <b>bold?</b>",
    "order_no": "20240518",
    "mobile": "13800138000",
    "since": "2024-05",
    "channel": "web",
    "devices": ["phone", "pc"],
    "still_owner": True,
    "was_abroad": False,
    "story": "Line one\nLine two",
    "extra": None,
}


def jpeg(shade: int) -> bytes:
    ok, data = cv2.imencode(".jpg", np.full((120, 160, 3), shade, dtype=np.uint8))
    assert ok
    return bytes(data)


def recording() -> bytes:
    frames = []
    for index in range(6):
        image = np.full((120, 160, 3), 40 * index, dtype=np.uint8)
        ok, jpeg = cv2.imencode(".jpg", image)
        assert ok
        frames.append((index * 66, bytes(jpeg)))
    return pack_recording((160, 120), frames)


@pytest.fixture
def site(tmp_path: Path) -> Iterator[SiteContext]:
    context = open_site(f"sqlite:///{tmp_path / 'site.sqlite3'}")
    context.staff.add("Wang Fang", "2468")
    document = context.site.model_dump(mode="json")
    other = next(c for c in document["case_types"] if c["id"] == "other")
    other["form"]["fields"] = ALL_TYPES
    context.settings.save_changes({"case_types": document["case_types"]}, actor="admin")
    context.in_force.refresh()
    yield context
    context.close()


def submit(site: SiteContext) -> int:
    intake = IntakeService(site.queue, LivenessService(site.db, site.in_force))
    draft = complete_draft(site.site, "other")
    draft.answers = dict(ANSWERS)
    draft.liveness = intake.store_liveness(
        LivenessOutcome(
            {"passed": False, "reasons": ["the blink came too late"]},
            Recording(video=recording(), best_frame=jpeg(200), frames=6, duration_ms=330),
        )
    )
    return intake.submit(draft, settings_version=site.settings_version).ticket.id


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_every_answer_type_is_shown_under_its_question(site: SiteContext, language: str) -> None:
    ticket_id = submit(site)
    view = CaseViews(site.db, site.in_force).view(ticket_id, language, "Wang Fang")
    assert view is not None
    shown = {line.question: line.answer for line in view.answers}
    zh = language == "zh_CN"
    assert shown["姓名" if zh else "Full name"] == "Chen Li <b>bold?</b>"
    assert shown["订单号" if zh else "Order number"] == "20240518"
    assert shown["手机号" if zh else "Mobile number"] == "13800138000"  # staff see it whole
    assert shown["开始日期" if zh else "Since when"] == "2024-05"
    assert shown["渠道" if zh else "Channel"] == ("网页" if zh else "The website")
    assert shown["设备" if zh else "Devices used"] == ("手机、电脑" if zh else "Phone, Computer")
    assert shown["仍在使用吗" if zh else "Still yours?"] == tr(language, "answer.yes")
    assert shown["在国外吗" if zh else "Abroad?"] == tr(language, "answer.no")
    assert shown["经过" if zh else "What happened"] == "Line one\nLine two"
    assert shown["补充" if zh else "Anything else"] == tr(language, "case.not_answered")
    assert view.consent.startswith(tr(language, "case.consent_given", version=1, time="")[:2])
    assert view.face_check == tr(language, "case.face_failed")
    assert view.face_reasons == ["the blink came too late"]
    assert view.has_video


def signed_in_console(
    qtbot: QtBot, site: SiteContext, language: str
) -> tuple[StaffWindow, ConsoleScreen]:
    window = StaffWindow(site, language)
    qtbot.addWidget(window)
    window.resize(1600, 1000)
    window.show()
    screen = window.sign_in
    qtbot.keyClicks(screen.name, "Wang Fang")
    qtbot.keyClicks(screen.secret, "2468")
    screen.counter.setCurrentIndex(screen.counter.findData("c1"))
    qtbot.mouseClick(screen.button, Qt.MouseButton.LeftButton)
    settle(qtbot)
    console = window.console
    assert console is not None
    return window, console


def test_the_clerk_plays_the_video_and_every_view_is_audited(
    qtbot: QtBot, site: SiteContext
) -> None:
    ticket_id = submit(site)
    site.queue.call_next("c1", actor="Wang Fang")
    window, console = signed_in_console(qtbot, site, "en")
    qtbot.waitUntil(lambda: console.current is not None and console.current.id == ticket_id)
    settle(qtbot)
    panel = console.case_panel
    assert panel.isVisible()  # the case of the visitor at the counter opens by itself
    qtbot.mouseClick(console.buttons["open_case"], Qt.MouseButton.LeftButton)
    settle(qtbot)  # and the button does not open (nor audit) it twice
    texts = [label.text() for label in panel.rows.findChildren(QLabel)]
    assert "Full name" in texts
    assert "Chen Li <b>bold?</b>" in texts  # shown as typed, never as markup
    answer = next(x for x in panel.rows.findChildren(QLabel) if x.text().startswith("Chen Li"))
    assert answer.textFormat() == Qt.TextFormat.PlainText
    qtbot.mouseClick(panel.play, Qt.MouseButton.LeftButton)
    settle(qtbot)
    assert panel.player.isVisible()
    qtbot.waitUntil(lambda: panel.player.position == 5, timeout=3000)  # played to the end
    assert not panel.best_frame.pixmap().isNull()  # the clearest frame beside it
    with site.db.read() as conn:
        views = conn.execute(
            select(audit_log.c.actor, audit_log.c.action, audit_log.c.details).where(
                audit_log.c.action.in_(["case_viewed", "media_viewed"])
            )
        ).all()
    assert [(v.actor, v.action) for v in views] == [
        ("Wang Fang", "case_viewed"),
        ("Wang Fang", "media_viewed"),
        ("Wang Fang", "media_viewed"),
    ]
    close = next(
        b for b in panel.findChildren(QPushButton) if b.text() == tr("en", "staff.case.close")
    )
    qtbot.mouseClick(close, Qt.MouseButton.LeftButton)
    console.refresh()
    settle(qtbot)
    assert not panel.isVisible()  # closed by the clerk, it stays closed for this visitor
    qtbot.mouseClick(console.buttons["open_case"], Qt.MouseButton.LeftButton)
    settle(qtbot)
    assert panel.isVisible()  # until asked for again
    qtbot.mouseClick(console.buttons["complete"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(console.confirm_complete, Qt.MouseButton.LeftButton)
    settle(qtbot)
    assert not panel.isVisible()  # nothing of a visitor who left stays on screen
    assert not panel.rows.findChildren(QLabel) or all(
        not label.text().startswith("Chen Li") for label in panel.rows.findChildren(QLabel)
    )
    window.shutdown()


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_screenshots_of_the_case_view_with_its_video_playing(
    qtbot: QtBot, site: SiteContext, language: str, tmp_path: Path
) -> None:
    out = Path(os.environ.get("KIOSK_SCREENSHOTS", tmp_path))
    out.mkdir(parents=True, exist_ok=True)
    submit(site)
    site.queue.call_next("c1", actor="Wang Fang")
    window, console = signed_in_console(qtbot, site, language)
    qtbot.waitUntil(lambda: console.current is not None)
    qtbot.mouseClick(console.buttons["open_case"], Qt.MouseButton.LeftButton)
    settle(qtbot)
    qtbot.mouseClick(console.case_panel.play, Qt.MouseButton.LeftButton)
    settle(qtbot)
    qtbot.waitUntil(lambda: console.case_panel.player.position >= 2)
    path = out / f"staff_case_view_{language}.png"
    assert window.grab().save(str(path))
    assert path.stat().st_size > 20_000
    window.shutdown()
