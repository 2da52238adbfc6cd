"""The form builder and the list pages of the admin screen, through their widgets.

A question added here must be asked by a kiosk running in another process on the same
database; reordering, removing, refusals, new text versions, staff accounts and the test print
are checked the same way: by what was saved, never by what the widgets claim.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel, QLineEdit
from pytestqt.qtbot import QtBot

from kiosk.services.case_view import case_file
from kiosk.services.site_context import SiteContext, open_site
from kiosk.settings.translations import tr
from kiosk.ui.admin.form_preview import FormPreview
from kiosk.ui.admin.list_editor import ListEditor
from kiosk.ui.admin.settings_form import SettingsForm
from tests.cups_queues import wait_for_output
from tests.pdf_tools import text_of
from tests.ui.admin_driver import (
    WINDOWS,
    admin_window,
    choose,
    click,
    line,
    open_page,
    pick,
    retype,
    save,
    select_version,
    text_lines,
)


@pytest.fixture
def site(admin_site: SiteContext) -> SiteContext:
    return admin_site


def questions_of(
    qtbot: QtBot, cases: ListEditor, case_type: str
) -> tuple[SettingsForm, ListEditor]:
    case_form = pick(qtbot, cases, case_type)
    form = case_form.groups["form"]
    return form, form.lists["fields"]


def field_ids(site: SiteContext, case_type: str) -> list[str]:
    return [f.id for f in site.settings.current().site.case_type(case_type).form.fields]


def test_a_question_added_on_the_screen_is_asked_by_a_kiosk_in_another_process(
    qtbot: QtBot, postgres_url: str, tmp_path: Path
) -> None:
    site = open_site(postgres_url)
    site.staff.add("Li Na", "864209", role="admin")
    admin = admin_window(qtbot, site)
    page = open_page(admin, "case_types")
    assert isinstance(page.form, ListEditor)
    form, questions = questions_of(qtbot, page.form, "other")
    pick(qtbot, questions, "account_id")
    click(qtbot, questions.add_button)
    new = questions.editor_at(questions.current_row())
    assert isinstance(new, SettingsForm)
    retype(qtbot, line(new.editors["id"]), "order_number")
    choose(new.editors["type"], "digits")
    labels = text_lines(new.editors["label"])
    retype(qtbot, labels["zh_CN"], "订单号")
    retype(qtbot, labels["en"], "Order number")
    for help_line in text_lines(new.editors["help"]).values():
        retype(qtbot, help_line, "")
    required = new.editors["required"].editor
    if not new.editors["required"].value():
        click(qtbot, required)  # type: ignore[arg-type]
    preview = form.companion
    assert isinstance(preview, FormPreview)
    qtbot.waitUntil(lambda: preview.edited_form() is not None, timeout=3000)
    assert [f.id for f in preview.edited_form().fields][1:3] == ["account_id", "order_number"]  # type: ignore[union-attr]
    assert save(qtbot, page) == tr("en", "admin.saved", version=site.settings_version)
    assert field_ids(site, "other")[:3] == ["subject", "account_id", "order_number"]

    liveness = open_page(admin, "liveness")  # no face check: the scripted visitor is quick
    click(qtbot, liveness.form.editors["enabled"].editor)  # type: ignore[union-attr, arg-type]
    assert save(qtbot, liveness).startswith(tr("en", "admin.saved", version="")[:10])

    kiosk = subprocess.run(
        [
            sys.executable,
            "-m",
            "kiosk",
            "--database-url",
            postgres_url,
            "demo",
            "--autopilot",
            "--out",
            str(tmp_path / "screens"),
            "--case-type",
            "other",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        env=os.environ.copy(),
        check=False,
    )
    assert kiosk.returncode == 0, kiosk.stderr[-2000:]
    tickets = [t for t in site.queue.tickets() if t.case_type == "other"]
    assert len(tickets) == 2  # one visit in each language
    for ticket in tickets:
        assert case_file(site.db, ticket.id).answers["order_number"] == "12"
    admin.window().close()  # stops its change feed before the database goes
    WINDOWS.clear()
    site.close()


def test_reorder_and_remove_questions(qtbot: QtBot, site: SiteContext) -> None:
    admin = admin_window(qtbot, site)
    page = open_page(admin, "case_types")
    assert isinstance(page.form, ListEditor)
    _form, questions = questions_of(qtbot, page.form, "messaging_recovery")
    before = field_ids(site, "messaging_recovery")
    pick(qtbot, questions, "registration_phone")
    click(qtbot, questions.up_button)
    click(qtbot, questions.up_button)
    pick(qtbot, questions, "nickname")
    click(qtbot, questions.remove_button)
    assert save(qtbot, page).startswith(tr("en", "admin.saved", version="")[:10])
    expected = ["registration_phone"] + [
        i for i in before if i not in ("registration_phone", "nickname")
    ]
    assert field_ids(site, "messaging_recovery") == expected
    reopened = open_site(str(site.db.url.render_as_string(hide_password=False)))
    assert [f.id for f in reopened.site.case_type("messaging_recovery").form.fields] == expected
    assert reopened.site.case_type("messaging_recovery").form.version == 2  # a new form version
    reopened.close()


def test_a_case_type_with_another_ones_prefix_is_refused_and_nothing_saved(
    qtbot: QtBot, site: SiteContext
) -> None:
    admin = admin_window(qtbot, site)
    page = open_page(admin, "case_types")
    assert isinstance(page.form, ListEditor)
    case_form = pick(qtbot, page.form, "other")
    retype(qtbot, line(case_form.editors["prefix"]), "A")  # the prefix of messaging_recovery
    before = len(site.settings.history())
    message = save(qtbot, page)
    assert message.startswith(tr("en", "admin.refused"))
    assert "case_types[5].prefix: ticket prefix 'A' is used twice" in message
    assert len(site.settings.history()) == before
    assert site.settings.current().site.case_type("other").prefix == "C"


def test_the_preview_shows_a_broken_question_before_anything_is_saved(
    qtbot: QtBot, site: SiteContext
) -> None:
    admin = admin_window(qtbot, site, "zh_CN")
    page = open_page(admin, "case_types")
    assert isinstance(page.form, ListEditor)
    form, questions = questions_of(qtbot, page.form, "other")
    preview = form.companion
    assert isinstance(preview, FormPreview)
    pictures = {code: label.pixmap().cacheKey() for code, label in preview.pictures.items()}
    subject = pick(qtbot, questions, "subject")
    retype(qtbot, text_lines(subject.editors["label"])["en"], "What is it about?")
    qtbot.waitUntil(
        lambda: preview.pictures["en"].pixmap().cacheKey() != pictures["en"], timeout=3000
    )
    choose(subject.editors["type"], "choice")  # a choice question without choices
    qtbot.waitUntil(lambda: preview.problems.isVisible(), timeout=3000)
    assert "needs at least two choices" in preview.problems.text()
    before = len(site.settings.history())
    assert "needs at least two choices" in save(qtbot, page)
    assert len(site.settings.history()) == before


def test_a_new_rule_text_is_a_new_acknowledgement_version(qtbot: QtBot, site: SiteContext) -> None:
    admin = admin_window(qtbot, site)
    old = site.site.acknowledgement
    page = open_page(admin, "acknowledgement")
    assert isinstance(page.form, SettingsForm)
    rules = page.form.lists["rules"]
    click(qtbot, rules.add_button)  # a copy of the first rule, after it
    rule = rules.editor_at(rules.current_row())
    lines = rule.editor.findChildren(QLineEdit)  # type: ignore[attr-defined]
    retype(qtbot, lines[0], "请勿在等候区饮食。")
    retype(qtbot, lines[1], "No food or drink in the waiting room.")
    assert save(qtbot, page).startswith(tr("en", "admin.saved", version="")[:10])
    saved = site.settings.current().site.acknowledgement
    assert saved.version == old.version + 1
    assert len(saved.rules) == len(old.rules) + 1
    assert saved.rules[1].get("en") == "No food or drink in the waiting room."
    assert "new text version for acknowledgement" in site.settings.history()[0].comment


def test_staff_accounts_are_added_changed_and_disabled_on_the_screen(
    qtbot: QtBot, site: SiteContext
) -> None:
    admin = admin_window(qtbot, site)
    admin.show_page(tr("en", "admin.page.staff"))
    staff = admin.staff
    qtbot.keyClicks(staff.name, "Zhao Lei")
    qtbot.keyClicks(staff.pin, "1357")
    click(qtbot, staff.add_button)
    assert staff.message.text() == tr("en", "admin.staff.added", name="Zhao Lei")
    assert site.staff.sign_in("Zhao Lei", "1357").role == "clerk"
    row = [a.name for a in staff.rows].index("Zhao Lei")
    staff.table.selectRow(row)
    qtbot.keyClicks(staff.pin, "2468")
    click(qtbot, staff.pin_button)
    assert site.staff.sign_in("Zhao Lei", "2468").name == "Zhao Lei"
    staff.table.selectRow([a.name for a in staff.rows].index("Zhao Lei"))
    click(qtbot, staff.active_button)
    assert not next(a for a in site.staff.accounts() if a.name == "Zhao Lei").active
    # the last administrator cannot be disabled: the site would be locked out of its settings
    staff.table.selectRow([a.name for a in staff.rows].index("Li Na"))
    click(qtbot, staff.active_button)
    assert "at least one active administrator" in staff.message.text()
    assert next(a for a in site.staff.accounts() if a.name == "Li Na").active


def test_a_test_print_goes_to_the_printer_being_set_up(
    qtbot: QtBot, site: SiteContext, tmp_path: Path
) -> None:
    admin = admin_window(qtbot, site)
    page = open_page(admin, "printer")
    assert isinstance(page.form, SettingsForm)
    folder = tmp_path / "tickets"
    retype(qtbot, line(page.form.editors["pdf_folder"]), str(folder))
    panel = page.form.companion
    click(qtbot, panel.button)  # type: ignore[union-attr]
    printed = list(folder.glob("*.pdf"))
    assert len(printed) == 1
    assert printed[0].read_bytes().startswith(b"%PDF")
    message: QLabel = panel.message  # type: ignore[union-attr]
    assert message.text() == tr("en", "admin.test_print.ok", where=str(printed[0]))
    choose(page.form.editors["backend"], "cups")  # CUPS chosen, but no queue picked yet
    click(qtbot, panel.button)  # type: ignore[union-attr]
    assert message.text().startswith(tr("en", "admin.test_print.failed", detail="")[:20])
    assert "cups_queue" in message.text()


def test_a_new_language_starts_with_copied_texts_and_every_page_offers_it(
    qtbot: QtBot, site: SiteContext
) -> None:
    admin = admin_window(qtbot, site)
    page = open_page(admin, "languages")
    assert isinstance(page.form, ListEditor)
    pick(qtbot, page.form, "en")
    click(qtbot, page.form.add_button)
    new = page.form.editor_at(page.form.current_row())
    assert isinstance(new, SettingsForm)
    retype(qtbot, line(new.editors["code"]), "fr")
    retype(qtbot, line(new.editors["native_name"]), "Français")
    assert save(qtbot, page).startswith(tr("en", "admin.saved", version="")[:10])
    saved = site.settings.current().site
    assert [lang.code for lang in saved.languages] == ["zh_CN", "en", "fr"]
    assert saved.site_name.get("fr") == saved.site_name.get("zh_CN")  # to be translated
    assert "texts copied for fr" in site.settings.history()[0].comment
    general = open_page(admin, "general")  # rebuilt from the new version
    assert isinstance(general.form, SettingsForm)
    site_name = text_lines(general.form.editors["site_name"])
    assert list(site_name) == ["zh_CN", "en", "fr"]
    retype(qtbot, site_name["fr"], "Centre de service client")
    assert save(qtbot, general).startswith(tr("en", "admin.saved", version="")[:10])
    assert site.settings.current().site.site_name.get("fr") == "Centre de service client"


def test_pages_show_the_restored_version_not_the_one_before(
    qtbot: QtBot, site: SiteContext
) -> None:
    admin = admin_window(qtbot, site)
    first = site.settings.current().version_id
    idle = open_page(admin, "idle")
    spin = idle.form.editors["timeout_seconds"].editor  # type: ignore[union-attr]
    spin.setValue(200)  # type: ignore[attr-defined]
    assert save(qtbot, idle).startswith(tr("en", "admin.saved", version="")[:10])
    versions = admin.versions
    select_version(versions, first)
    click(qtbot, versions.restore_button)
    assert site.settings.current().site.idle.timeout_seconds == 60
    idle = open_page(admin, "idle")
    assert idle.form.editors["timeout_seconds"].value() == 60  # type: ignore[union-attr]


def test_a_test_print_on_a_real_cups_queue_picked_from_the_list(
    qtbot: QtBot, site: SiteContext, pdf_queue: str
) -> None:
    admin = admin_window(qtbot, site, "zh_CN")
    page = open_page(admin, "printer")
    assert isinstance(page.form, SettingsForm)
    choose(page.form.editors["backend"], "cups")
    choose(page.form.editors["cups_queue"], pdf_queue)  # offered because CUPS has it
    panel = page.form.companion
    click(qtbot, panel.button)  # type: ignore[union-attr]
    message: QLabel = panel.message  # type: ignore[union-attr]
    assert message.text().startswith(tr("zh_CN", "admin.test_print.ok", where="")[:5])
    job = message.text().split("（")[1].rstrip("）。")
    output = wait_for_output(job)
    assert "TEST" in text_of(output)
    output.unlink()
    assert save(qtbot, page).startswith(tr("zh_CN", "admin.saved", version="")[:5])
    printer = site.settings.current().site.printer
    assert (printer.backend.value, printer.cups_queue) == ("cups", pdf_queue)


def test_a_version_saved_on_another_machine_is_announced_then_shown(
    qtbot: QtBot, site: SiteContext
) -> None:
    admin = admin_window(qtbot, site)
    idle = open_page(admin, "idle")
    other = open_site(str(site.db.url.render_as_string(hide_password=False)))
    version = other.settings.save_changes(
        {"idle": {"timeout_seconds": 90, "countdown_seconds": 15}}, actor="Zhang Wei"
    )
    other.close()
    qtbot.waitUntil(admin.elsewhere.isVisible, timeout=5000)
    assert admin.elsewhere_text.text() == tr("en", "admin.changed_elsewhere", version=version)
    assert idle.form.editors["timeout_seconds"].value() == 60  # nothing changed under the hands
    click(qtbot, admin.reload_button)
    assert not admin.elsewhere.isVisible()
    idle = open_page(admin, "idle")
    assert idle.form.editors["timeout_seconds"].value() == 90  # type: ignore[union-attr]


def test_choices_are_offered_only_for_a_choice_question(qtbot: QtBot, site: SiteContext) -> None:
    admin = admin_window(qtbot, site)
    page = open_page(admin, "case_types")
    assert isinstance(page.form, ListEditor)
    _form, questions = questions_of(qtbot, page.form, "superapp_appeal")
    question = pick(qtbot, questions, "reason_shown")
    choices_box = question.lists["choices"].parentWidget()
    assert choices_box.isVisible()
    choose(question.editors["type"], "text")
    assert not choices_box.isVisible()
    assert not question.editors["multiple"].isVisible()
    assert save(qtbot, page).startswith(tr("en", "admin.saved", version="")[:10])
    field = next(
        f
        for f in site.settings.current().site.case_type("superapp_appeal").form.fields
        if f.id == "reason_shown"
    )
    assert (field.type.value, field.choices) == ("text", [])
