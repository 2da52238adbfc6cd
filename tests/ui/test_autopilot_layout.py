"""Every screen of a whole visit, in both languages, both orientations, with and without large
text: nothing outside the window, no page that only fits by scrolling. The scripted visitor
taps keys and candidates at their places; its pictures are kept for a person to look at."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kiosk.services.site_context import open_site
from kiosk.services.visitor_kiosk import compose_visitor_kiosk
from kiosk.ui.testing.autopilot import Autopilot
from kiosk.ui.visitor.visitor_window import VisitorWindow
from tests.ui.visitor_driver import CLIP_CAMERA

SIZES = {"landscape": (1920, 1080), "portrait": (1080, 1920)}


@pytest.mark.parametrize("large_text", [False, True], ids=["normal", "large_text"])
@pytest.mark.parametrize("orientation", ["landscape", "portrait"])
def test_every_screen_of_a_visit_is_inside_the_window(
    qtbot: QtBot, tmp_path: Path, orientation: str, large_text: bool
) -> None:
    site = open_site(f"sqlite:///{tmp_path / 'site.sqlite3'}", demo=True)
    width, height = SIZES[orientation]
    window = VisitorWindow(compose_visitor_kiosk(site, camera=CLIP_CAMERA), portrait=height > width)
    qtbot.addWidget(window, before_close_func=lambda w: w.close())
    window.resize(width, height)
    window.show()
    qtbot.waitExposed(window)
    name = f"{orientation}{'_large' if large_text else ''}"
    out = Path(os.environ.get("KIOSK_SCREENSHOTS", tmp_path)) / "autopilot" / name
    pilot = Autopilot(
        window.wizard, out, ["zh_CN", "en"], quit_when_done=False, large_text=large_text
    )
    pilot.start()
    qtbot.waitUntil(lambda: pilot.finished, timeout=280_000)
    assert pilot.failure is None, pilot.failure
    for language in ("zh_CN", "en"):
        names = sorted(p.name for p in (out / language).glob("*.png"))
        for screen in (
            ("pinyin_candidates", "help", "lookup", "ticket")
            if language == "zh_CN"
            else ("help", "lookup", "ticket")
        ):
            assert any(n.endswith(f"_{screen}.png") for n in names), (language, screen, names)
    listing = "\n".join(f"{shot}: {found}" for shot, found in pilot.layout_problems.items())
    assert not pilot.layout_problems, "screens a visitor could not see whole:\n" + listing
    window.close()
    site.close()
