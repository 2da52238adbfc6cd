"""Nothing a visitor typed reaches a log line, also when the database fails under a submit;
the review shows a phone number only by its last four digits."""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from kiosk.domain.intake import Step
from kiosk.services.log_privacy import PrivateFormatter
from kiosk.settings.translations import tr
from kiosk.storage import database
from kiosk.ui.visitor.review_page import ReviewPage
from tests.ui.visitor_driver import make_kiosk

NAME = "Zhang Weixyz"
ACCOUNT = "acct778899"
PHONE = "13912345678"


def test_a_failing_database_during_submit_logs_nothing_personal(
    qtbot: QtBot,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    capfd: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    caplog.set_level(logging.DEBUG)
    monkeypatch.setattr(database, "SQLITE_LOCK_TIMEOUT_S", 0.3)
    path = tmp_path / "site.sqlite3"
    kiosk = make_kiosk(qtbot, f"sqlite:///{path}")
    kiosk.start("en")
    kiosk.choose("other")
    kiosk.fill_form({"subject": NAME, "account_id": ACCOUNT, "contact_phone": PHONE})
    kiosk.to_review()
    review = kiosk.wizard.page
    assert isinstance(review, ReviewPage)
    shown = {label.accessibleName(): label.text() for label in review.findChildren(QLabel)}
    assert shown["answer:contact_phone"] == "●●●●●●●5678"  # over the visitor's shoulder
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")  # another program holds the database
    try:
        kiosk.tap("next")
        qtbot.waitUntil(
            lambda: review.message.text() == tr("en", "wizard.error.database"), timeout=10_000
        )
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert kiosk.step is Step.REVIEW
    formatter = PrivateFormatter("%(levelname)s %(name)s: %(message)s")
    logged = "\n".join(formatter.format(r) for r in caplog.records)
    out, err = capfd.readouterr()
    assert "database is locked" in logged  # the cause is in the log …
    for typed in (NAME, ACCOUNT, PHONE):  # … what the visitor typed is not
        assert typed not in logged
        assert typed not in out + err
    kiosk.submit()  # once the database is free again, the same answers give a ticket
    kiosk.site.close()


def test_database_details_that_quote_values_are_dropped_from_exceptions() -> None:
    formatter = PrivateFormatter("%(message)s")
    try:
        raise RuntimeError(
            'duplicate key value violates unique constraint "uq_staff_name"\n'
            "DETAIL:  Key (name)=(Zhang Weixyz) already exists.\n"
            "[SQL: INSERT INTO staff (name) VALUES (%(name)s)]\n"
            "[parameters: {'name': 'Zhang Weixyz'}]"
        )
    except RuntimeError:
        import sys

        text = formatter.formatException(sys.exc_info())
    assert "unique constraint" in text
    assert "Zhang Weixyz" not in text
