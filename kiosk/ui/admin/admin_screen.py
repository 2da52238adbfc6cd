"""The administrator's screen: settings pages generated from the schema, versions, reports.

Every settings page is a SettingsForm over one section of the site configuration; saving checks
the whole site and stores a new version (who and when go to the audit log), which every machine
of the site picks up through the change feed. The versions page restores an earlier version or
imports/exports a JSON file; the reports page charts a day or range and exports it as CSV.
"""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ValidationError
from PySide6.QtCharts import (
    QAbstractBarSeries,
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QHorizontalStackedBarSeries,
    QStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QFont, QIcon, QPainter
from PySide6.QtWidgets import (
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QListWidget,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kiosk.services.live_updates import RESYNC, ChangeEvent
from kiosk.services.printers import cups_queues
from kiosk.services.reports import Report, build_report, report_csv
from kiosk.services.site_context import SiteContext
from kiosk.services.staff_accounts import StaffMember
from kiosk.services.ticket_printing import print_test_ticket
from kiosk.settings import SettingsError
from kiosk.settings.loader import describe_validation_error
from kiosk.settings.models import IntakeForm, PrinterSettings, Text
from kiosk.settings.translations import tr
from kiosk.ui.admin.form_preview import FormPreview
from kiosk.ui.admin.settings_form import FormContext, ListEditor, SettingsForm, list_item_type
from kiosk.ui.admin.staff_page import StaffPage
from kiosk.ui.widgets.case_icon import ICONS, CaseIcon
from kiosk.ui.widgets.labels import named_label

log = logging.getLogger(__name__)


#: Top-level settings that are not sections of their own: they share the "General" page.
GENERAL = "general"


def settings_sections(site: Any) -> list[str]:
    """The pages generated from the site configuration: "general" for the top-level values,
    then one per section (a settings group or a list of objects), in the schema's order."""
    sections = [GENERAL]
    for name, info in type(site).model_fields.items():
        value = getattr(site, name)
        item = list_item_type(info.annotation)
        group = isinstance(value, BaseModel) and not isinstance(value, Text)
        listing = isinstance(item, type) and issubclass(item, BaseModel) and item is not Text
        if group or listing:
            sections.append(name)
    return sections


def general_fields(site: Any) -> list[str]:
    sections = set(settings_sections(site))
    return [n for n in type(site).model_fields if n not in sections and n != "schema_version"]


class TestPrintPanel(QWidget):
    """Companion of the printer settings: print a sample ticket with the settings as edited."""

    def __init__(self, admin: AdminScreen, form: SettingsForm) -> None:
        super().__init__()
        self.admin = admin
        self.form = form
        self.button = QPushButton(admin.t("admin.test_print"))
        self.button.clicked.connect(self._on_clicked)
        self.message = named_label("message")
        self.message.setWordWrap(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.button)
        layout.addWidget(self.message, 1)

    def _on_clicked(self) -> None:
        try:
            settings = PrinterSettings.model_validate(self.form.document())
        except ValidationError as exc:
            self.message.setText("\n".join(describe_validation_error(exc)))
            return
        _ok, text = print_test_ticket(self.admin.site.site, settings, self.admin.language)
        self.message.setText(text)


class SectionPage(QWidget):
    """One generated settings page with its Save button and messages."""

    def __init__(self, admin: AdminScreen, section: str) -> None:
        super().__init__()
        self.admin = admin
        self.section = section
        site = admin.site.site
        context = admin.form_context()
        self.form: SettingsForm | ListEditor
        if section == GENERAL:
            self.form = SettingsForm(site, context, only=general_fields(site))
        else:
            value = getattr(site, section)
            if isinstance(value, BaseModel):
                self.form = SettingsForm(value, context)
            else:
                item = list_item_type(type(site).model_fields[section].annotation)
                assert isinstance(item, type)
                self.form = ListEditor(item, value, context, page=True)
        self.save_button = QPushButton(admin.t("admin.save"))
        self.save_button.setObjectName("primary")
        self.save_button.clicked.connect(self._on_save_clicked)
        self.message = named_label("message")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        body: QWidget = self.form
        if isinstance(self.form, SettingsForm):
            body = QScrollArea()
            body.setWidgetResizable(True)
            body.setWidget(self.form)
        layout = QVBoxLayout(self)
        layout.addWidget(named_label("pageTitle", admin.section_title(section)))
        help_key = f"admin.explain.{section}"
        explanation = admin.t(help_key)
        if explanation != help_key:
            note = named_label("fieldHelp", explanation)
            note.setWordWrap(True)
            layout.addWidget(note)
        layout.addWidget(body, 1)
        row = QHBoxLayout()
        row.addWidget(self.message, 1)
        row.addWidget(self.save_button)
        layout.addLayout(row)

    def changes(self) -> dict[str, Any]:
        document = self.form.document()
        if self.section == GENERAL:
            assert isinstance(document, dict)
            return document
        return {self.section: document}

    def _on_save_clicked(self) -> None:
        settings = self.admin.site.settings
        try:
            version = settings.save_changes(self.changes(), actor=self.admin.member.name)
        except SettingsError as exc:
            self.message.setObjectName("error")
            self.message.setText(self.admin.t("admin.refused") + "\n" + "\n".join(exc.problems))
            log.info("settings change refused: %d problem(s)", len(exc.problems))
        else:
            self.message.setObjectName("message")
            self.message.setText(self.admin.t("admin.saved", version=version))
            self.admin.settings_changed(keep=self)
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)


class VersionsPage(QWidget):
    def __init__(self, admin: AdminScreen) -> None:
        super().__init__()
        self.admin = admin
        t = admin.t
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(
            [t("admin.version"), t("admin.when"), t("admin.who"), t("admin.comment")]
        )
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        for column in range(3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.verticalHeader().hide()
        self.restore_button = QPushButton(t("admin.restore"))
        self.restore_button.clicked.connect(self._on_restore_clicked)
        self.path = QLineEdit()
        self.path.setPlaceholderText(t("admin.file"))
        self.import_button = QPushButton(t("admin.import"))
        self.import_button.clicked.connect(self._on_import_clicked)
        self.export_button = QPushButton(t("admin.export"))
        self.export_button.clicked.connect(self._on_export_clicked)
        self.message = named_label("message")
        self.message.setWordWrap(True)
        files = QHBoxLayout()
        files.addWidget(self.path, 1)
        files.addWidget(self.import_button)
        files.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addWidget(named_label("pageTitle", t("admin.page.versions")))
        layout.addWidget(self.table, 1)
        layout.addWidget(self.restore_button)
        layout.addLayout(files)
        layout.addWidget(self.message)
        self.refresh()

    def refresh(self) -> None:
        history = self.admin.site.settings.history()
        zone = ZoneInfo(self.admin.site.site.timezone)
        self.table.setRowCount(len(history))
        for row, stored in enumerate(history):
            values = [
                str(stored.id),
                f"{stored.created_at.astimezone(zone):%Y-%m-%d %H:%M}",  # site time
                stored.created_by,
                stored.comment,
            ]
            for column, value in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(value))

    def _done(self, text: str, ok: bool = True) -> None:
        self.message.setObjectName("message" if ok else "error")
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        self.message.setText(text)
        if ok:
            self.admin.settings_changed()
            self.refresh()

    def _on_restore_clicked(self) -> None:
        row = self.table.currentRow()
        item = self.table.item(row, 0) if row >= 0 else None
        if item is None:
            self._done(self.admin.t("admin.pick_version"), ok=False)
            return
        version = int(item.text())
        try:
            new = self.admin.site.settings.restore(version, actor=self.admin.member.name)
        except SettingsError as exc:
            self._done("\n".join(exc.problems), ok=False)
            return
        self._done(self.admin.t("admin.restored", old=version, version=new))

    def _on_import_clicked(self) -> None:
        try:
            new = self.admin.site.settings.import_file(
                Path(self.path.text()), actor=self.admin.member.name
            )
        except (SettingsError, OSError) as exc:
            problems = exc.problems if isinstance(exc, SettingsError) else [str(exc)]
            self._done(self.admin.t("admin.refused") + "\n" + "\n".join(problems), ok=False)
            return
        self._done(self.admin.t("admin.saved", version=new))

    def _on_export_clicked(self) -> None:
        try:
            version = self.admin.site.settings.export_file(Path(self.path.text()))
        except OSError as exc:
            self._done(str(exc), ok=False)
            return
        self._done(self.admin.t("admin.exported", version=version, file=self.path.text()))


class ReportsPage(QWidget):
    def __init__(self, admin: AdminScreen) -> None:
        super().__init__()
        self.admin = admin
        t = admin.t
        today = admin.site.queue.today()
        self.first = QDateEdit(QDate(today.year, today.month, today.day))
        self.last = QDateEdit(QDate(today.year, today.month, today.day))
        for edit in (self.first, self.last):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.show_button = QPushButton(t("admin.show"))
        self.show_button.clicked.connect(self.refresh)
        self.csv_path = QLineEdit()
        self.csv_path.setPlaceholderText(t("admin.csv_file"))
        self.csv_button = QPushButton(t("admin.export_csv"))
        self.csv_button.clicked.connect(self._on_csv_clicked)
        self.per_hour = QChartView()
        self.per_case = QChartView()
        self.times = QChartView()
        self.outcomes = QChartView()
        for view in (self.per_hour, self.per_case, self.times, self.outcomes):
            view.setRenderHint(QPainter.RenderHint.Antialiasing)
            view.setMinimumHeight(260)
        self.summary = named_label("summary")
        self.summary.setWordWrap(True)
        self.message = named_label("message")
        controls = QHBoxLayout()
        controls.addWidget(self.first)
        controls.addWidget(self.last)
        controls.addWidget(self.show_button)
        controls.addStretch()
        controls.addWidget(self.csv_path, 1)
        controls.addWidget(self.csv_button)
        charts = QGridLayout()
        charts.addWidget(self.per_hour, 0, 0)
        charts.addWidget(self.per_case, 0, 1)
        charts.addWidget(self.times, 1, 0)
        charts.addWidget(self.outcomes, 1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(named_label("pageTitle", t("admin.page.reports")))
        layout.addLayout(controls)
        layout.addLayout(charts, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.message)
        self.report: Report | None = None

    def _range(self) -> tuple[date, date]:
        return self.first.date().toPython(), self.last.date().toPython()  # type: ignore[return-value]

    def refresh(self) -> None:
        first, last = self._range()
        site = self.admin.site
        self.report = report = build_report(site.db, site.site, first, last)
        lang = self.admin.language
        names = {c.id: c.name.get(lang) for c in site.site.case_types}
        self.per_hour.setChart(
            bar_chart(
                self.admin.t("admin.chart.per_hour"),
                [f"{h:02d}" for h in report.tickets_per_hour],
                {"": list(report.tickets_per_hour.values())},
            )
        )
        self.per_case.setChart(
            bar_chart(
                self.admin.t("admin.chart.per_case"),
                [names.get(k, k) for k in report.tickets_per_case_type],
                {"": list(report.tickets_per_case_type.values())},
                horizontal=True,
            )
        )
        t = self.admin.t
        self.times.setChart(
            bar_chart(
                t("admin.chart.times"),
                [t("admin.chart.median"), t("admin.chart.p90")],
                {
                    t("admin.chart.wait"): [report.wait.median or 0, report.wait.p90 or 0],
                    t("admin.chart.service"): [
                        report.service.median or 0,
                        report.service.p90 or 0,
                    ],
                },
            )
        )
        kinds = sorted({o for counts in report.outcomes.values() for o in counts})
        self.outcomes.setChart(
            bar_chart(
                t("admin.chart.outcomes"),
                [names.get(k, k) for k in report.outcomes],
                {
                    t(f"outcome.{kind}"): [c.get(kind, 0) for c in report.outcomes.values()]
                    for kind in kinds
                },
                stacked=True,
                horizontal=True,
            )
        )
        self.summary.setText(t("admin.summary", **summary_values(report)))

    def _on_csv_clicked(self) -> None:
        if self.report is None:
            self.refresh()
        assert self.report is not None
        path = Path(self.csv_path.text())
        try:
            path.write_text(report_csv(self.report), encoding="utf-8")
        except OSError as exc:
            self.message.setText(str(exc))
            return
        self.message.setText(self.admin.t("admin.csv_written", file=str(path)))


def summary_values(report: Report) -> dict[str, str]:
    def minutes(value: float | None) -> str:
        return "–" if value is None else f"{value:.1f}"

    def percent(value: float | None) -> str:
        return "–" if value is None else f"{value * 100:.1f} %"

    return {
        "tickets": str(report.tickets),
        "wait_median": minutes(report.wait.median),
        "wait_p90": minutes(report.wait.p90),
        "service_median": minutes(report.service.median),
        "service_p90": minutes(report.service.p90),
        "no_show": percent(report.no_show_rate),
        "liveness": percent(report.liveness_pass_rate),
        "manual": percent(report.manual_id_rate),
    }


def bar_chart(
    title: str,
    categories: list[str],
    sets: dict[str, list[float]],
    *,
    stacked: bool = False,
    horizontal: bool = False,
) -> QChart:
    """Bars per category, one colour per set (a legend when there are several sets).

    ``horizontal`` bars leave room for long category names (case types) beside them.
    """
    series: QAbstractBarSeries
    if horizontal:
        series = QHorizontalStackedBarSeries() if stacked else QHorizontalBarSeries()
    else:
        series = QStackedBarSeries() if stacked else QBarSeries()
    for name, values in sets.items():
        bars = QBarSet(name)
        bars.append([float(v) for v in values])
        series.append(bars)
    chart = QChart()
    chart.addSeries(series)
    chart.setTitle(title)
    chart.setTitleFont(_font(18, bold=True))
    chart.legend().setVisible(len(sets) > 1)
    chart.legend().setFont(_font(14))
    x = QBarCategoryAxis()
    x.append(categories)
    x.setLabelsFont(_font(13))
    chart.addAxis(x, Qt.AlignmentFlag.AlignLeft if horizontal else Qt.AlignmentFlag.AlignBottom)
    series.attachAxis(x)
    y = QValueAxis()
    if stacked:
        rows = [sum(column) for column in zip(*sets.values(), strict=True)] or [0]
    else:
        rows = [v for values in sets.values() for v in values] or [0]
    y.setRange(0, max(max(rows), 1))
    y.applyNiceNumbers()
    y.setLabelFormat("%.0f")
    y.setLabelsFont(_font(13))
    chart.addAxis(y, Qt.AlignmentFlag.AlignBottom if horizontal else Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(y)
    return chart


def option_picture(source: str, value: str) -> QIcon | None:
    """Case-type icons show their pictogram in the picker."""
    if source != "icons":
        return None
    icon = CaseIcon(value, size=48)
    picture = QIcon(icon.grab())
    icon.deleteLater()
    return picture


def _font(pixels: int, *, bold: bool = False) -> QFont:
    font = QFont()
    font.setPixelSize(pixels)
    font.setBold(bold)
    return font


class AdminScreen(QWidget):
    def __init__(self, site: SiteContext, member: StaffMember, language: str) -> None:
        super().__init__()
        self.site = site
        self.member = member
        self.language = language
        self.nav = QListWidget()
        self.nav.setObjectName("nav")
        self.nav.setMaximumWidth(320)
        self.pages = QStackedWidget()
        self.section_pages: dict[str, SectionPage] = {}
        for section in settings_sections(site.site):
            page = SectionPage(self, section)
            self.section_pages[section] = page
            self._add(self.section_title(section), page)
        self.staff = StaffPage(site.staff, member.name, self.t)
        self._add(self.t("admin.page.staff"), self.staff)
        self.versions = VersionsPage(self)
        self._add(self.t("admin.page.versions"), self.versions)
        self.reports = ReportsPage(self)
        self._add(self.t("admin.page.reports"), self.reports)
        self.nav.currentRowChanged.connect(self.pages.setCurrentIndex)
        self.nav.setCurrentRow(0)
        header = named_label("header", self.t("admin.signed_in_as", name=member.name))
        # Shown when another machine saves a version: reload, or keep editing and save over it.
        self.elsewhere = QWidget()
        self.elsewhere.setObjectName("elsewhere")
        self.elsewhere_text = named_label("elsewhereText")
        self.elsewhere_text.setWordWrap(True)
        self.reload_button = QPushButton(self.t("admin.reload"))
        self.reload_button.clicked.connect(lambda: self.settings_changed())
        notice = QHBoxLayout(self.elsewhere)
        notice.addWidget(self.elsewhere_text, 1)
        notice.addWidget(self.reload_button)
        self.elsewhere.hide()
        body = QHBoxLayout()
        body.addWidget(self.nav)
        body.addWidget(self.pages, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(header)
        layout.addWidget(self.elsewhere)
        layout.addLayout(body, 1)
        self.setStyleSheet(
            "QWidget { font-size: 20px; } #pageTitle { font-size: 30px; font-weight: bold; }"
            "#header { font-size: 22px; color: #454b54; } #error { color: #b00020; }"
            "#fieldHelp { color: #454b54; font-size: 17px; }"
            "#primary { background: #0b57d0; color: white; padding: 8px 24px; }"
            "QPushButton#switch { max-width: 160px; padding: 4px 16px; }"
            "QPushButton#switch:checked, QPushButton#segment:checked"
            " { background: #0b57d0; color: white; }"
            "QGroupBox { font-weight: bold; margin-top: 18px; padding-top: 10px; }"
            "#elsewhere { background: #fff3c4; } #elsewhereText { color: #5c4400; }"
            "QGroupBox::title { subcontrol-origin: margin; left: 6px; }"
            "QListWidget#nav::item { padding: 10px; }"
        )

    def t(self, key: str, **params: object) -> str:
        return tr(self.language, key, **params)

    def settings_changed(self, keep: SectionPage | None = None) -> None:
        """A new version is in force: every other page is rebuilt from it, so that no page
        still shows (and could save back) values from before a restore, an import or a new
        language."""
        self.site.reload_settings()
        self.elsewhere.hide()
        for section, page in list(self.section_pages.items()):
            if page is keep:
                continue
            fresh = SectionPage(self, section)
            index = self.pages.indexOf(page)
            self.pages.insertWidget(index, fresh)
            self.pages.removeWidget(page)
            page.deleteLater()
            self.section_pages[section] = fresh
        self.pages.setCurrentIndex(self.nav.currentRow())

    def on_feed_changed(self, events: list[ChangeEvent]) -> None:
        """Change-feed events: a version saved on another machine is announced, not applied,
        so that nobody's unsaved edits vanish under their hands."""
        if not any(e.entity == "settings" or e.action == RESYNC for e in events):
            return
        newest = self.site.settings.current().version_id
        if newest != self.site.settings_version:
            self.elsewhere_text.setText(self.t("admin.changed_elsewhere", version=newest))
            self.elsewhere.show()

    def form_context(self) -> FormContext:
        site = self.site.site
        return FormContext(
            languages=[lang.code for lang in site.languages],
            ui_language=self.language,
            options=self.options,
            companions={
                IntakeForm: FormPreview,
                PrinterSettings: lambda form: TestPrintPanel(self, form),
            },
            picture=option_picture,
        )

    def options(self, source: str) -> dict[str, str]:
        """Values (and their names) an editor with ``{"options": source}`` picks from."""
        site = self.site.site
        lang = self.language

        def named(items: list[Any], key: str = "id") -> dict[str, str]:
            return {getattr(i, key): f"{getattr(i, key)} · {i.name.get(lang)}" for i in items}

        if source == "queues":
            return named(site.queues)
        if source == "priority_classes":
            return named(site.priority_classes)
        if source == "icons":
            return {icon: icon for icon in ICONS}
        if source in ("site_languages", "languages"):
            values = {lang_.code: lang_.native_name for lang_ in site.languages}
            if source == "languages":  # counters also help in dialects
                for extra in site.assistance.help_languages:
                    values.setdefault(extra.code, extra.name.get(lang))
            return values
        if source == "cups_queues":
            return {queue: queue for queue in cups_queues()}
        return {}

    def section_title(self, section: str) -> str:
        key = f"admin.page.{section}"
        text = self.t(key)
        return section.replace("_", " ").capitalize() if text == key else text

    def _add(self, title: str, page: QWidget) -> None:
        self.nav.addItem(title)
        self.pages.addWidget(page)

    def show_page(self, title: str) -> None:
        for row in range(self.nav.count()):
            if self.nav.item(row).text() == title:
                self.nav.setCurrentRow(row)
                return
        raise KeyError(title)
