"""Screens say the right thing when a job fails, and never touch the database themselves."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kiosk.domain.errors import DatabasePermissionDenied, DatabaseUnavailable
from kiosk.services.site_context import SiteContext, open_site
from kiosk.settings.translations import tr
from kiosk.ui.jobs import JobRunner
from kiosk.ui.staff.console_screen import ConsoleScreen
from kiosk.ui.staff.staff_window import StaffWindow
from tests.gui_thread_guard import DatabaseOnGuiThread, settle


@pytest.fixture
def site(tmp_path: Path) -> Iterator[SiteContext]:
    context = open_site(f"sqlite:///{tmp_path / 'site.sqlite3'}")
    context.staff.add("Wang Fang", "2468")
    yield context
    context.close()


def console(qtbot: QtBot, site: SiteContext) -> tuple[StaffWindow, ConsoleScreen]:
    window = StaffWindow(site, "en")
    qtbot.addWidget(window)
    screen = window.sign_in
    qtbot.keyClicks(screen.name, "Wang Fang")
    qtbot.keyClicks(screen.secret, "2468")
    qtbot.mouseClick(screen.button, Qt.MouseButton.LeftButton)
    settle(qtbot)
    assert window.console is not None
    return window, window.console


def test_a_bug_in_a_counter_action_is_an_internal_error_not_reconnecting(
    qtbot: QtBot, site: SiteContext, monkeypatch: pytest.MonkeyPatch, caplog: Any
) -> None:
    window, screen = console(qtbot, site)

    def broken(*_args: Any, **_kwargs: Any) -> None:
        raise KeyError("a programming error")

    monkeypatch.setattr(site.queue, "call_next", broken)
    qtbot.mouseClick(screen.buttons["call_next"], Qt.MouseButton.LeftButton)
    settle(qtbot)
    assert screen.error.text() == tr("en", "error.internal")
    assert screen.error.text() != tr("en", "error.database")
    bug = [r for r in caplog.records if r.levelno == logging.ERROR and r.exc_info]
    assert bug
    assert bug[0].exc_info[0] is KeyError
    window.shutdown()


def test_a_database_outage_during_an_action_is_said_plainly(
    qtbot: QtBot, site: SiteContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    window, screen = console(qtbot, site)

    def away(*_args: Any, **_kwargs: Any) -> None:
        raise DatabaseUnavailable("the database at … cannot be reached", "connection refused")

    monkeypatch.setattr(site.queue, "call_next", away)
    qtbot.mouseClick(screen.buttons["call_next"], Qt.MouseButton.LeftButton)
    settle(qtbot)
    assert screen.error.text() == tr("en", "error.database")
    window.shutdown()


def test_an_action_this_machines_role_may_not_do_is_said_plainly(
    qtbot: QtBot, site: SiteContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    window, screen = console(qtbot, site)

    def refused(*_args: Any, **_kwargs: Any) -> None:
        raise DatabasePermissionDenied("the database … refused", "permission denied")

    monkeypatch.setattr(site.queue, "call_next", refused)
    qtbot.mouseClick(screen.buttons["call_next"], Qt.MouseButton.LeftButton)
    settle(qtbot)
    assert screen.error.text() == tr("en", "error.database_denied")
    window.shutdown()


def test_screen_code_that_reads_the_database_on_the_gui_thread_fails_the_tests(
    site: SiteContext,
) -> None:
    runner = JobRunner()
    runner.pending = 1
    # As if a job's answer (delivered on the GUI thread) went on to query the database there.
    with pytest.raises(DatabaseOnGuiThread):
        runner._on_self_done(lambda _value: site.queue.tickets(), None)
    runner.shutdown()
    site.queue.tickets()  # the test itself, outside screen code, may read it
