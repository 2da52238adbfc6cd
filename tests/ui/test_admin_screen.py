"""The admin screen through its widgets: sign-in, generated pages, versions, reports."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QFileDialog, QSpinBox, QWidget
from pytestqt.qtbot import QtBot

from kiosk.services.day_simulation import simulate_day
from kiosk.services.reports import build_report, report_csv
from kiosk.services.site_context import SiteContext, open_site
from kiosk.settings.translations import tr
from kiosk.ui.admin.admin_window import AdminWindow
from tests.gui_thread_guard import settle
from tests.ui.admin_driver import admin_window, click, select_version, sign_in


@pytest.fixture
def site(admin_site: SiteContext) -> SiteContext:
    return admin_site


def test_only_administrators_get_in(qtbot: QtBot, site: SiteContext) -> None:
    window = AdminWindow(site, "en")
    qtbot.addWidget(window)
    sign_in(qtbot, window, "Wang Fang", "2468")
    assert window.admin is None
    assert window.sign_in.error.text() == tr("en", "admin.not_admin")
    window.sign_in.name.clear()
    sign_in(qtbot, window, "Li Na", "864209")
    assert window.currentWidget() is window.admin


def test_a_setting_changed_on_its_page_is_a_new_version(qtbot: QtBot, site: SiteContext) -> None:
    admin = admin_window(qtbot, site)
    admin.show_page(tr("en", "admin.page.idle"))
    page = admin.section_pages["idle"]
    spin = page.form.editors["timeout_seconds"].editor
    assert isinstance(spin, QSpinBox)
    spin.setValue(120)
    click(qtbot, page.save_button)
    reopened = open_site(str(site.db.url.render_as_string(hide_password=False)))
    assert reopened.site.idle.timeout_seconds == 120
    assert page.message.text() == tr("en", "admin.saved", version=reopened.settings_version)
    history = reopened.settings.history()
    assert history[0].created_by == "Li Na"
    reopened.close()


def test_an_invalid_change_is_refused_with_the_reason_and_nothing_saved(
    qtbot: QtBot, site: SiteContext
) -> None:
    admin = admin_window(qtbot, site)
    before = len(site.settings.history())
    page = admin.section_pages["liveness"]
    low = page.form.editors["prompts_min"].editor
    assert isinstance(low, QSpinBox)
    low.setValue(5)
    click(qtbot, page.save_button)
    assert page.message.text().startswith(tr("en", "admin.refused"))
    assert "prompts_min is larger than prompts_max" in page.message.text()
    assert len(site.settings.history()) == before


def test_restore_an_earlier_version_and_import_a_file_with_errors(
    qtbot: QtBot, site: SiteContext, tmp_path: Path
) -> None:
    admin = admin_window(qtbot, site)
    first = site.settings.current().version_id
    site.settings.save_changes(
        {"idle": {"timeout_seconds": 200, "countdown_seconds": 20}}, actor="x"
    )
    versions = admin.versions
    versions.refresh()
    settle(qtbot)
    select_version(versions, first)
    click(qtbot, versions.restore_button)
    assert site.settings.current().site.idle.timeout_seconds == 60
    broken = json.loads(json.dumps(site.settings.current().site.model_dump(mode="json")))
    broken["case_types"][1]["prefix"] = broken["case_types"][0]["prefix"]
    broken["idle"]["timeout_seconds"] = 5
    broken["retention"]["media_days"] = 0
    broken["case_types"][2]["form"]["fields"][0]["type"] = "colour"
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(broken), encoding="utf-8")
    before = len(site.settings.history())
    click(qtbot, versions.import_button)
    choose_in_file_dialog(qtbot, versions, path)
    lines = versions.message.text().splitlines()
    assert lines[0] == tr("en", "admin.refused")
    assert [line.split(":")[0] for line in lines[1:]] == [
        "case_types[2].form.fields[0].type",
        "retention.media_days",
        "idle.timeout_seconds",
    ]  # every problem, each with its path
    assert len(site.settings.history()) == before


def test_reports_chart_a_simulated_day_and_export_the_same_csv(
    qtbot: QtBot, site: SiteContext, tmp_path: Path
) -> None:
    day = date(2026, 3, 2)
    simulate_day(site.db, site.site, day, visitors=120, seed=3)
    admin = admin_window(qtbot, site, "zh_CN")
    reports = admin.reports
    admin.show_page(tr("zh_CN", "admin.page.reports"))
    for edit in (reports.first, reports.last):
        edit.setDate(QDate(day.year, day.month, day.day))
    click(qtbot, reports.show_button)
    expected = build_report(site.db, site.site, day, day)
    bars = reports.per_hour.chart().series()[0].barSets()[0]
    assert [int(bars.at(i)) for i in range(bars.count())] == list(
        expected.tickets_per_hour.values()
    )
    assert "共 120 张号票" in reports.summary.text()
    wait = reports.times.chart().series()[0].barSets()[0]  # median and p90 of the wait
    assert (wait.at(0), wait.at(1)) == pytest.approx((expected.wait.median, expected.wait.p90))
    outcomes = reports.outcomes.chart().series()[0].barSets()
    assert sum(bars.sum() for bars in outcomes) == sum(
        sum(counts.values()) for counts in expected.outcomes.values()
    )
    waits = reports.waits.chart().series()
    mean_wait = waits[0].barSets()[0]
    assert [mean_wait.at(i) for i in range(mean_wait.count())] == pytest.approx(
        [h.wait_mean or 0 for h in expected.hours]
    )
    counters = waits[1].points()  # the line of open counters, on an axis of its own
    assert [p.y() for p in counters] == pytest.approx([h.counters or 0 for h in expected.hours])
    help_bars = reports.help.chart().series()[0].barSets()
    assert [help_bars[1].at(i) for i in range(help_bars[1].count())] == pytest.approx(
        [100 * r.manual_id_checks / r.cases for r in expected.case_types]
    )
    assert "回电" in reports.summary.text()
    assert reports.progress.isHidden()
    out = tmp_path / "day.csv"
    click(qtbot, reports.csv_button)
    choose_in_file_dialog(qtbot, reports, out)
    assert out.read_text(encoding="utf-8") == report_csv(expected)
    assert reports.message.text() == tr("zh_CN", "admin.csv_written", file=str(out))


def choose_in_file_dialog(qtbot: QtBot, page: QWidget, path: Path) -> None:
    """Pick ``path`` in the file dialog the page opened, as the administrator would."""
    dialog = page.findChild(QFileDialog, "fileDialog")
    assert dialog is not None
    assert dialog.isVisible()
    dialog.selectFile(str(path))
    dialog.accept()
    settle(qtbot)


def test_report_progress_follows_the_steps(qtbot: QtBot, site: SiteContext) -> None:
    admin = admin_window(qtbot, site)
    reports = admin.reports
    seen: list[tuple[int, int]] = []
    original = reports._on_progress

    def watch(done: int, total: int) -> None:
        seen.append((done, total))
        assert reports.progress.isVisible() or not reports.isVisible()
        original(done, total)

    reports._on_progress = watch  # type: ignore[method-assign]
    admin.show_page(tr("en", "admin.page.reports"))
    click(qtbot, reports.show_button)
    assert seen[0] == (0, 4)
    assert seen[-1] == (4, 4)
    assert reports.progress.isHidden()


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_no_list_entry_is_cut_off(qtbot: QtBot, site: SiteContext, language: str) -> None:
    """Every entry of every list on every page shows its whole name (long ones wrap)."""
    from PySide6.QtCore import QRect, Qt
    from PySide6.QtWidgets import QListWidget

    admin = admin_window(qtbot, site, language)
    checked = 0
    for row in range(admin.nav.count()):
        admin.nav.setCurrentRow(row)
        settle(qtbot)
        for items in admin.pages.currentWidget().findChildren(QListWidget, "itemList"):
            if not items.isVisible():
                continue
            metrics = items.fontMetrics()
            for index in range(items.count()):
                item = items.item(index)
                shown = items.visualItemRect(item)
                width = min(shown.width(), items.viewport().width() - shown.left())
                room = QRect(0, 0, width, 10_000)
                needed = metrics.boundingRect(room, Qt.TextFlag.TextWordWrap, item.text())
                assert needed.width() <= width, (item.text(), shown)
                assert needed.height() <= shown.height() + 1, (item.text(), shown)
                checked += 1
    assert checked > 30
