"""The staff console through its real widgets: sign-in, every action, live updates."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kiosk.domain.ticket import TicketState
from kiosk.services.intake_service import IntakeService
from kiosk.services.site_context import SiteContext, open_site
from kiosk.services.staff_accounts import REFUSED
from kiosk.ui.staff.console_screen import ConsoleScreen
from kiosk.ui.staff.staff_window import StaffWindow
from tests.gui_thread_guard import settle
from tests.intake_answers import complete_draft
from tests.ui.staff_driver import sign_in


@pytest.fixture
def site(tmp_path: Path) -> SiteContext:
    context = open_site(f"sqlite:///{tmp_path / 'site.sqlite3'}")
    context.staff.add("Wang Fang", "2468")
    yield context  # type: ignore[misc]
    context.close()


def click(qtbot: QtBot, console: ConsoleScreen, name: str) -> None:
    """Tap a console button (once the console is ready for it) and wait for its answer."""
    qtbot.waitUntil(lambda: console.buttons[name].isEnabled())
    qtbot.mouseClick(console.buttons[name], Qt.MouseButton.LeftButton)
    settle(qtbot)


def test_wrong_pin_is_refused_on_screen_and_the_right_one_opens_the_console(
    qtbot: QtBot, site: SiteContext
) -> None:
    window = StaffWindow(site, "en")
    qtbot.addWidget(window)
    sign_in(qtbot, window, "Wang Fang", "1111")
    assert window.sign_in.error.text() == REFUSED  # the same words whatever was wrong
    assert window.console is None
    sign_in(qtbot, window, "Wang Fang", "2468")
    assert window.console is not None
    assert window.currentWidget() is window.console
    assert window.console.header.text() == "Wang Fang · counter 2"
    window.shutdown()


def test_every_counter_action_through_the_buttons(qtbot: QtBot, site: SiteContext) -> None:
    window = StaffWindow(site, "en")
    qtbot.addWidget(window)
    sign_in(qtbot, window, "Wang Fang", "2468")
    console = window.console
    assert console is not None
    second = site.queue.issue(case_type="messaging_recovery")
    first = site.queue.issue(queue_id="general", priority_class="priority")
    qtbot.waitUntil(lambda: console.model.rowCount() == 2, timeout=5000)  # live update
    # The priority visitor (A002) goes ahead of A001, who has not waited 20 minutes.
    assert console.model.data(console.model.index(0, 0)) == "A002"
    assert console.model.data(console.model.index(0, 3)) == "⚑ priority"

    click(qtbot, console, "call_next")
    assert console.current_code.text() == "A002"
    click(qtbot, console, "no_show")
    assert "recall it 2 more time(s)" in console.error.text()
    click(qtbot, console, "recall")
    click(qtbot, console, "recall")
    assert site.queue.get(first.id).recall_count == 2
    click(qtbot, console, "no_show")
    assert site.queue.get(first.id).state is TicketState.NO_SHOW

    click(qtbot, console, "call_next")
    assert console.current_code.text() == second.code
    click(qtbot, console, "start")
    click(qtbot, console, "hold")
    assert site.queue.get(second.id).state is TicketState.ON_HOLD
    assert console.held.count() == 1
    click(qtbot, console, "resume")
    assert site.queue.get(second.id).state is TicketState.CALLED

    click(qtbot, console, "transfer")
    assert not console.transfer_panel.isHidden()
    console.target_queue.setCurrentIndex(console.target_queue.findData("wallet"))
    console.target_counter.setCurrentIndex(console.target_counter.findData("c4"))
    qtbot.mouseClick(console.confirm_transfer, Qt.MouseButton.LeftButton)
    settle(qtbot)
    moved = site.queue.get(second.id)
    assert (moved.state, moved.queue_id, moved.target_counter_id) == (
        TicketState.TRANSFERRED,
        "wallet",
        "c4",
    )
    assert console.current_code.text() == "—"

    third = site.queue.issue(queue_id="general")
    click(qtbot, console, "call_next")
    click(qtbot, console, "complete")
    console.outcome.setCurrentIndex(console.outcome.findData("escalated"))
    qtbot.keyClicks(console.note, "needs the wallet team")
    qtbot.mouseClick(console.confirm_complete, Qt.MouseButton.LeftButton)
    settle(qtbot)
    done = site.queue.get(third.id)
    assert (done.state, done.outcome.value if done.outcome else None) == (
        TicketState.DONE,
        "escalated",
    )

    click(qtbot, console, "call_next")
    assert console.error.text() == "Nobody is waiting for this counter."
    window.shutdown()


def test_function_keys_drive_the_console(qtbot: QtBot, site: SiteContext) -> None:
    window = StaffWindow(site, "zh_CN")
    qtbot.addWidget(window)
    window.show()
    sign_in(qtbot, window, "Wang Fang", "2468")
    console = window.console
    assert console is not None
    site.queue.issue(queue_id="general")
    qtbot.waitUntil(lambda: console.model.rowCount() == 1, timeout=5000)
    qtbot.keyClick(console, Qt.Key.Key_F2)
    settle(qtbot)
    assert console.current_code.text() == "A001"
    qtbot.keyClick(console, Qt.Key.Key_F10)
    settle(qtbot)
    assert console.error.text() == "此号票没有登记信息（由服务台或脚本发出）。"
    window.shutdown()


def test_callbacks_due_are_listed(qtbot: QtBot, site: SiteContext) -> None:
    from datetime import UTC, datetime

    from sqlalchemy import insert

    from kiosk.storage.schema import cases

    ticket = site.queue.issue(case_type="minor_spending_refund")
    with site.db.write() as conn:
        conn.execute(
            insert(cases).values(
                ticket_id=ticket.id,
                case_type="minor_spending_refund",
                form_version=1,
                language="zh_CN",
                manual_id_check=False,
                notes="",
                outcome_note="",
                callback_phone="13800138000",
                callback_window="14:00-16:00",
                callback_due=datetime(2026, 3, 3, 6, 0, tzinfo=UTC),
                callback_queue="specialist",
                created_at=datetime(2026, 3, 2, 6, 0, tzinfo=UTC),
            )
        )
    window = StaffWindow(site, "en")
    qtbot.addWidget(window)
    sign_in(qtbot, window, "Wang Fang", "2468", counter="c6")
    console = window.console
    assert console is not None
    assert console.callbacks.count() == 1
    assert console.callbacks.item(0).text() == "S001  03-03 14:00  13800138000"  # Shanghai time
    window.shutdown()


def test_a_needed_language_is_named_in_the_waiting_list(
    qtbot: QtBot, site: SiteContext, tmp_path: Path
) -> None:
    window = StaffWindow(site, "zh_CN")
    qtbot.addWidget(window)
    sign_in(qtbot, window, "Wang Fang", "2468")
    console = window.console
    assert console is not None
    site.queue.issue(case_type="other", flags=["language_help", "help:yue", "manual_id_check"])
    console.refresh()
    settle(qtbot)
    model = console.model
    flags = model.data(model.index(0, model.COLUMNS.index("flags")))
    assert flags == "⚑ 人工核验身份   ⚑ 需要粤语"
    # with nobody at the counter, the card says who "Call next" will bring, and their flags
    shown = console.current_info.text().splitlines()
    assert shown[0] == "窗口空闲"
    assert shown[1].startswith("下一位：")
    assert shown[1].endswith("已等 0 分钟")
    assert "⚑ 需要粤语" in shown
    window.resize(1600, 1000)
    window.show()
    settle(qtbot)
    out = Path(os.environ.get("KIOSK_SCREENSHOTS", tmp_path))
    out.mkdir(parents=True, exist_ok=True)
    assert window.grab().save(str(out / "staff_console_idle_zh_CN.png"))
    window.shutdown()


def test_one_tap_completes_with_its_outcome_and_calls_the_next_visitor(
    qtbot: QtBot, site: SiteContext, tmp_path: Path
) -> None:
    window = StaffWindow(site, "en")
    qtbot.addWidget(window)
    window.resize(1600, 1000)
    window.show()
    sign_in(qtbot, window, "Wang Fang", "2468")
    console = window.console
    assert console is not None
    panel = console.action_panel
    draft = complete_draft(site.site, "messaging_recovery", consent=False)  # said no at the kiosk
    draft.help_language = "yue"
    first = IntakeService(site.queue, None, site.clock).submit(draft).ticket
    second = site.queue.issue(case_type="messaging_recovery")
    qtbot.waitUntil(lambda: console.model.rowCount() == 2, timeout=5000)
    assert panel.primary.isVisible()  # idle: the one large action is "Call next"
    assert not panel.finish_box.isVisible()
    click(qtbot, console, "call_next")
    assert console.current_code.text() == first.code
    # serving: "Complete and call next", one button per outcome, in place of "Call next"
    assert not panel.primary.isVisible()
    assert panel.finish_box.isVisible()
    card = console.current_info.text().split("\n")
    assert card[0].startswith(site.site.case_type("messaging_recovery").name.get("en"))
    # each flag on its own line, with its reason
    assert "⚑ manual ID check: did not agree to the face check" in card
    assert any(line.startswith("⚑ needs") for line in card)
    out = Path(os.environ.get("KIOSK_SCREENSHOTS", tmp_path))
    out.mkdir(parents=True, exist_ok=True)
    assert window.grab().save(str(out / "staff_console_serving_en.png"))
    finish = panel.finish_buttons["escalated"]
    qtbot.mouseClick(finish, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: console.current_code.text() == second.code, timeout=5000)
    done = site.queue.get(first.id)
    assert done.state is TicketState.DONE
    assert done.outcome is not None
    assert done.outcome.value == "escalated"
    assert site.queue.get(second.id).state is TicketState.CALLED
    # the last visitor: complete and call next leaves the counter free, without an error
    qtbot.waitUntil(lambda: panel.finish_buttons["resolved"].isEnabled(), timeout=5000)
    qtbot.mouseClick(panel.finish_buttons["resolved"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: console.current is None, timeout=5000)
    assert console.error.text() == ""
    assert panel.primary.isVisible()
    window.shutdown()


def test_a_long_queue_gets_the_room_and_side_lists_show_only_when_they_hold_something(
    qtbot: QtBot, site: SiteContext
) -> None:
    window = StaffWindow(site, "en")
    qtbot.addWidget(window)
    window.resize(1920, 1080)
    window.show()
    sign_in(qtbot, window, "Wang Fang", "2468")
    console = window.console
    assert console is not None
    for _ in range(40):
        site.queue.issue(queue_id="general")
    qtbot.waitUntil(lambda: console.model.rowCount() == 40, timeout=5000)
    settle(qtbot)
    sides = (console.held_list, console.failure_list, console.callback_list)
    assert not any(side.isVisible() for side in sides)  # nothing held, failed or due
    table = console.table
    row = table.rowHeight(0)
    rows_on_screen = table.viewport().height() // row
    assert rows_on_screen >= 20, rows_on_screen  # a clerk sees half of a queue of forty
    # Hold one ticket: the held list appears, one line high, and the queue keeps its room.
    click(qtbot, console, "call_next")
    click(qtbot, console, "hold")
    qtbot.waitUntil(console.held_list.isVisible, timeout=5000)
    assert console.held.count() == 1
    assert console.held.height() < 3 * console.held.sizeHintForRow(0)
    assert table.viewport().height() // row >= 16
    window.shutdown()
