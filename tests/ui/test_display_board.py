"""The waiting-room board as a visitor on a couch 5 m away reads it, after real calls made at
counters and delivered by the live feed (never a hand-made event)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from kiosk.services.site_context import SiteContext, open_site
from kiosk.ui.display.display_screen import MIN_TEXT_PX, DisplayScreen
from kiosk.ui.live_feed import LiveFeed


@pytest.fixture
def site(tmp_path: Path) -> Iterator[SiteContext]:
    site = open_site(f"sqlite:///{tmp_path / 'site.sqlite3'}")
    yield site
    site.close()


@pytest.fixture
def board(qtbot: QtBot, site: SiteContext) -> DisplayScreen:
    """The board at 1920×1080, fed by the real live feed (its voice is tested on its own)."""
    screen = DisplayScreen(site)
    feed = LiveFeed(site, screen)
    feed.changed.connect(screen.on_changes)
    qtbot.addWidget(screen, before_close_func=lambda _w: (feed.stop(), screen.shutdown()))
    screen.resize(1920, 1080)
    screen.show()
    qtbot.waitExposed(screen)
    screen.refresh()
    feed.start()
    return screen


def test_calls_at_counters_are_shown_large_and_every_text_is_at_least_48_px(
    qtbot: QtBot, site: SiteContext, board: DisplayScreen, tmp_path: Path
) -> None:
    window = board
    for case_type in ("messaging_recovery", "messaging_recovery", "wallet_reactivation", "other"):
        site.queue.issue(case_type=case_type)
    site.queue.issue(case_type="merchant_appeal")
    first = site.queue.call_next("c4")
    second = site.queue.call_next("c2")
    assert first is not None
    assert second is not None
    qtbot.waitUntil(lambda: board.latest == (second.code, 2), timeout=10_000)
    qtbot.waitUntil(lambda: (first.code, 4) in board.recent, timeout=10_000)
    qtbot.wait(300)  # the counts follow the calls

    assert board.code.text() == second.code
    assert board.counter.text() == "2 号窗口  ·  Counter 2"
    assert board.recent_rows[0].text() == f"{first.code}  →  4 号窗口 / Counter 4"
    waiting = {s.queue_id for s in site.queue.status() if s.waiting}
    shown = {q for q, tile in board.queue_tiles.items() if tile.isVisible()}
    assert shown == waiting  # only queues with people waiting get a tile
    assert len(shown) < len(site.site.queues)

    assert window.size().height() == 1080  # nothing pushed the board past the screen
    area = window.rect()
    for label in window.findChildren(QLabel):
        if not label.isVisible() or not label.text():
            continue
        label.ensurePolished()
        size = label.font().pixelSize()
        assert size >= MIN_TEXT_PX, (label.objectName(), label.text(), size)
        corner = label.mapTo(window, label.rect().topLeft())
        assert area.contains(corner), label.text()
        assert label.wordWrap() is False or label.objectName() != "queueTile"
        needed = label.fontMetrics().horizontalAdvance(max(label.text().split("\n"), key=len))
        assert needed <= label.contentsRect().width() + 2, (label.text(), needed)  # not cut

    out = Path(os.environ.get("KIOSK_SCREENSHOTS", tmp_path))
    out.mkdir(parents=True, exist_ok=True)
    assert window.grab().save(str(out / "display_1920x1080.png"))


def test_a_queue_renamed_on_another_machine_is_shown_at_once(
    qtbot: QtBot, site: SiteContext, board: DisplayScreen, tmp_path: Path
) -> None:
    site.queue.issue(case_type="merchant_appeal")
    qtbot.waitUntil(lambda: board.queue_tiles["merchant"].isVisible(), timeout=10_000)
    assert "Merchant services" in board.queue_tiles["merchant"].text()
    elsewhere = open_site(f"sqlite:///{tmp_path / 'site.sqlite3'}")
    queues = [q.model_dump(mode="json") for q in elsewhere.site.queues]
    for queue in queues:
        if queue["id"] == "merchant":
            queue["name"]["en"] = "Shops and sellers"
    elsewhere.settings.save_changes({"queues": queues}, actor="admin elsewhere")
    elsewhere.close()
    qtbot.waitUntil(
        lambda: "Shops and sellers" in board.queue_tiles["merchant"].text(), timeout=10_000
    )  # the display takes new names at once, not at a restart
