"""A kiosk without a camera fails closed: the sample clip of a stranger is never filmed in its
place, the visit goes on, and the ticket asks staff for an ID check, saying why."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import cv2
import pytest
from pytestqt.qtbot import QtBot

from kiosk.domain.intake import MANUAL_ID_CHECK
from kiosk.services import face_check
from kiosk.services.case_view import CaseViews
from kiosk.services.face_check import choose_camera
from kiosk.services.site_context import open_site
from kiosk.services.visitor_kiosk import compose_visitor_kiosk
from kiosk.settings.translations import tr
from kiosk.ui.testing.autopilot import Autopilot
from kiosk.ui.visitor.visitor_window import VisitorWindow


@pytest.mark.parametrize(
    ("requested", "reason"),
    [(None, "no_camera"), ("demo", "recording_refused"), ("clip.mp4", "recording_refused")],
)
def test_a_kiosk_without_a_camera_never_opens_a_recording_and_flags_the_ticket(
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    requested: str | None,
    reason: str,
) -> None:
    opened: list[Any] = []
    real_capture = cv2.VideoCapture

    def watched_capture(*args: Any, **kwargs: Any) -> Any:
        opened.append(args[0] if args else None)
        return real_capture(*args, **kwargs)

    monkeypatch.setattr(cv2, "VideoCapture", watched_capture)
    monkeypatch.setattr(face_check, "_device", lambda _site: None)  # no /dev/video here
    site = open_site(f"sqlite:///{tmp_path / 'site.sqlite3'}", demo=False)
    assert not site.demo_site
    choice = choose_camera(site.site, requested, demo_site=site.demo_site, demo_role=True)
    assert choice.source is None
    assert choice.reason == reason
    window = VisitorWindow(compose_visitor_kiosk(site, camera=choice))
    qtbot.addWidget(window, before_close_func=lambda w: w.close())
    window.resize(1920, 1080)
    window.show()
    qtbot.waitExposed(window)
    pilot = Autopilot(window.wizard, tmp_path / "screens", ["en"], quit_when_done=False)
    pilot.start()
    qtbot.waitUntil(lambda: bool(pilot.tickets) or pilot.failure is not None, timeout=120_000)
    assert pilot.failure is None
    assert opened == []  # no camera, no video file: nothing was filmed
    code = pilot.tickets[0][1]
    ticket = next(t for t in site.queue.tickets() if t.code == code)
    assert MANUAL_ID_CHECK in ticket.flags
    view = CaseViews(site.db, site.in_force, site.clock).view(ticket.id, "en", "Wang Fang")
    assert view is not None
    assert view.manual_id_check
    assert tr("en", f"case.reason.{reason}") in view.face_reasons
    window.close()
    site.close()
