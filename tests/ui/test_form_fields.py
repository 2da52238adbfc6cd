"""The schema-driven field editors: every field of every case type, both languages."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kiosk.domain.forms import FieldType
from kiosk.settings import SiteConfig
from kiosk.ui.widgets.form_fields import FieldEditor, build_editors

TODAY = date(2026, 3, 2)


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_every_field_of_every_case_type_gets_an_editor(
    qtbot: QtBot, site: SiteConfig, language: str
) -> None:
    for case in site.case_types:
        editors = build_editors(case.form.fields, language)
        for editor in editors:
            qtbot.addWidget(editor)
            assert editor.label.text().startswith(editor.field.label.get(language))
            if editor.field.required:
                assert not editor.validate(TODAY)
                assert (
                    editor.message.text()
                    == {"zh_CN": "请填写此项。", "en": "Please fill this in."}[language]
                )
            else:
                assert editor.validate(TODAY)


def field(site: SiteConfig, case_type: str, field_id: str) -> FieldEditor:
    spec = next(f for f in site.case_type(case_type).form.fields if f.id == field_id)
    return FieldEditor(spec, "en")


def test_typed_phone_is_checked_and_kept(qtbot: QtBot, site: SiteConfig) -> None:
    editor = field(site, "messaging_recovery", "registration_phone")
    qtbot.addWidget(editor)
    qtbot.keyClicks(editor.input_widget, "138-00x")
    assert not editor.validate(TODAY)
    assert editor.message.text() == "Please enter a phone number (digits, may start with +)."
    assert editor.value() == "138-00x"  # the visitor's input stays, to be corrected
    editor.set_value("")
    qtbot.keyClicks(editor.input_widget, "+86 138 0013 8000")
    assert editor.validate(TODAY)
    assert editor.message.text() == ""


def test_digits_date_and_pattern_messages(qtbot: QtBot, site: SiteConfig) -> None:
    card = field(site, "wallet_reactivation", "card_last_digits")
    qtbot.addWidget(card)
    qtbot.keyClicks(card.input_widget, "12a4")
    assert not card.validate(TODAY)
    assert card.message.text() == "Please use digits only."
    when = field(site, "merchant_appeal", "suspension_date")
    qtbot.addWidget(when)
    qtbot.keyClicks(when.input_widget, "2027-01")
    assert not when.validate(TODAY)
    assert when.message.text() == "This date is in the future."
    licence = field(site, "merchant_appeal", "business_licence")
    qtbot.addWidget(licence)
    qtbot.keyClicks(licence.input_widget, "91350100M000100Y4")  # 17 characters
    assert not licence.validate(TODAY)
    assert licence.message.text() == "It has 18 digits or capital letters"


def test_choices_and_yes_no_are_buttons(qtbot: QtBot, site: SiteConfig) -> None:
    notice = field(site, "messaging_recovery", "suspension_notice")
    qtbot.addWidget(notice)
    assert notice.field.type is FieldType.CHOICE
    buttons = notice._choices.buttons()  # type: ignore[union-attr]
    assert [b.text() for b in buttons][:2] == ["Account suspended", "Phone number unavailable"]
    qtbot.mouseClick(buttons[2], Qt.MouseButton.LeftButton)
    assert notice.value() == "stolen"
    assert notice.validate(TODAY)
    yes_no = field(site, "messaging_recovery", "phone_still_yours")
    qtbot.addWidget(yes_no)
    qtbot.mouseClick(yes_no._choices.buttons()[1], Qt.MouseButton.LeftButton)  # type: ignore[union-attr]
    assert yes_no.value() is False
    yes_no.set_value(True)
    assert yes_no.value() is True
