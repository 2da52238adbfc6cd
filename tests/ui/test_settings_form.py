"""Settings pages generated from the schema: editors by type and bounds, no UI code per field."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import Field
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDoubleSpinBox, QPushButton, QSpinBox, QTimeEdit
from pytestqt.qtbot import QtBot

from kiosk.domain.liveness import Challenge
from kiosk.services.site_context import open_site
from kiosk.settings import SettingsError, SiteConfig, default_site, parse_site
from kiosk.settings.models import Counter, IdleSettings, Text
from kiosk.settings.translations import tr
from kiosk.ui.admin.form_context import FormContext
from kiosk.ui.admin.list_editor import ListEditor
from kiosk.ui.admin.settings_form import SettingsForm, make_settings_form

CONTEXT = FormContext(["zh_CN", "en"])


def test_a_field_added_to_the_schema_appears_with_its_bounds(qtbot: QtBot) -> None:
    class IdleWithDimming(IdleSettings):
        dim_after_seconds: int = Field(
            default=30,
            ge=5,
            le=600,
            title="Dim the screen after",
            description="seconds without a visitor",
            json_schema_extra={"requires_restart": True},
        )

    form = SettingsForm(IdleWithDimming(), CONTEXT)
    qtbot.addWidget(form)
    editor = form.editors["dim_after_seconds"]
    assert editor.title == "Dim the screen after"
    assert isinstance(editor.editor, QSpinBox)
    assert (editor.editor.minimum(), editor.editor.maximum()) == (5, 600)
    assert editor.editor.value() == 30
    assert "seconds without a visitor" in editor.help.text()
    assert "restarts" in editor.help.text()
    assert form.document()["dim_after_seconds"] == 30


def test_editors_follow_the_field_types(qtbot: QtBot, site: SiteConfig) -> None:
    liveness = SettingsForm(site.liveness, CONTEXT)
    printer = SettingsForm(site.printer, CONTEXT)
    retention = SettingsForm(site.retention, CONTEXT)
    for form in (liveness, printer, retention):
        qtbot.addWidget(form)
    assert isinstance(liveness.editors["enabled"].editor, QPushButton)  # a switch
    assert isinstance(liveness.editors["response_window_seconds"].editor, QDoubleSpinBox)
    challenges = liveness.editors["challenges"].editor.findChildren(QPushButton)
    names = [tr("en", f"admin.value.{c.value}") for c in Challenge]
    assert [b.text() for b in challenges] == names  # one toggle each, named
    on = [c.value for c in Challenge if c in site.liveness.challenges]
    assert [b.isChecked() for b in challenges] == [c.value in on for c in Challenge]
    challenges[0].click()
    expected = [c.value for c in Challenge if (c.value in on) != (c is Challenge.BLINK)]
    assert liveness.document()["challenges"] == expected
    paper = printer.editors["paper_width_mm"].editor.findChildren(QPushButton)
    assert [b.text() for b in paper] == ["58", "80"]  # segmented buttons
    assert isinstance(retention.editors["purge_time"].editor, QTimeEdit)


def save_through(site_url: str, section: str, form: SettingsForm) -> int:
    context = open_site(site_url)
    try:
        document = context.site.model_dump(mode="json")
        document[section] = form.document()
        return context.settings.save(parse_site(document, "admin screen"), actor="admin")
    finally:
        context.close()


def test_changes_made_on_the_widgets_become_a_new_version(qtbot: QtBot, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'site.sqlite3'}"
    context = open_site(url)
    form = SettingsForm(context.site.idle, CONTEXT)
    qtbot.addWidget(form)
    spin = form.editors["timeout_seconds"].editor
    assert isinstance(spin, QSpinBox)
    spin.setFocus()
    spin.selectAll()
    qtbot.keyClicks(spin, "90")
    qtbot.keyClick(spin, Qt.Key.Key_Enter)
    assert spin.value() == 90
    version = save_through(url, "idle", form)
    reopened = open_site(url)
    assert reopened.settings_version == version
    assert reopened.site.idle.timeout_seconds == 90
    reopened.close()
    context.close()


def test_a_change_that_breaks_the_rules_is_refused_with_its_path(
    qtbot: QtBot, tmp_path: Path
) -> None:
    url = f"sqlite:///{tmp_path / 'site.sqlite3'}"
    context = open_site(url)
    before = context.settings_version
    form = SettingsForm(context.site.liveness, CONTEXT)
    qtbot.addWidget(form)
    low = form.editors["prompts_min"].editor
    assert isinstance(low, QSpinBox)
    low.setValue(4)  # more than prompts_max (3)
    with pytest.raises(SettingsError) as refused:
        save_through(url, "liveness", form)
    assert any("prompts_min is larger than prompts_max" in p for p in refused.value.problems)
    assert open_site(url).settings_version == before  # nothing saved
    context.close()


def test_a_list_added_to_the_schema_gets_a_list_editor(qtbot: QtBot) -> None:
    class IdleWithMessages(IdleSettings):
        reminders: list[Text] = Field(
            default_factory=lambda: [Text({"zh_CN": "还在吗？", "en": "Still there?"})],
            title="Reminders shown while idle",
        )

    form = SettingsForm(IdleWithMessages(), CONTEXT)
    qtbot.addWidget(form)
    reminders = form.lists["reminders"]
    assert reminders.list.count() == 1
    reminders.add_button.click()
    assert reminders.list.count() == 2
    assert form.document()["reminders"] == [
        {"zh_CN": "还在吗？", "en": "Still there?"},
        {"zh_CN": "还在吗？", "en": "Still there?"},
    ]


def test_a_copied_item_gets_a_fresh_id_and_number(qtbot: QtBot, site: SiteConfig) -> None:
    counters = ListEditor(Counter, site.counters, CONTEXT, make_form=make_settings_form)
    qtbot.addWidget(counters)
    counters.list.setCurrentRow(0)
    counters.add_button.click()
    copy = counters.document()[1]
    assert copy["id"] == "c1_2"
    assert copy["number"] == max(c.number for c in site.counters) + 1
    assert copy["queues"] == site.counters[0].queues
    counters.move_selected(1)
    assert [c["id"] for c in counters.document()][:3] == ["c1", "c2", "c1_2"]
    counters.remove_selected()
    assert [c["id"] for c in counters.document()] == [c.id for c in site.counters]


def test_the_time_zone_is_picked_by_name_and_found_by_typing(qtbot: QtBot) -> None:
    """No typed time-zone ids: a drop-down of every zone with its offset, searchable."""
    from PySide6.QtWidgets import QComboBox

    from kiosk.ui.admin.admin_screen import time_zone_names

    names = time_zone_names()
    assert names["Asia/Shanghai"] == "Asia/Shanghai  UTC+08:00"
    assert names["America/New_York"].startswith("America/New York  UTC-0")
    site = default_site()
    context = FormContext(
        languages=["zh_CN", "en"],
        options=lambda source: names if source == "timezones" else {},
    )
    form = SettingsForm(site, context, only=["timezone"])
    qtbot.addWidget(form)
    combo = form.editors["timezone"].editor
    assert isinstance(combo, QComboBox)
    assert combo.currentData() == "Asia/Shanghai"
    assert combo.currentText() == "Asia/Shanghai  UTC+08:00"
    combo.setCurrentIndex(combo.findData("Europe/Berlin"))
    assert form.document()["timezone"] == "Europe/Berlin"
    finder = combo.completer()
    assert finder is not None
    finder.setCompletionPrefix("berlin")
    assert finder.currentCompletion() == names["Europe/Berlin"]
