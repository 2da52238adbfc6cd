"""The administrator's screen: a page per settings section, staff, versions and reports.

The settings pages are generated from the schema (SectionPage over SettingsForm/ListEditor);
every successful save, restore or import rebuilds the other pages from the version in force, and
a version saved on another machine is announced (not applied under unsaved edits). Every page
reaches the database through AdminJobs, off the GUI thread.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, available_timezones

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListWidget,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.services.live_updates import RESYNC, ChangeEvent
from kiosk.services.printers import cups_queues
from kiosk.services.site_context import SiteContext
from kiosk.services.staff_accounts import StaffMember
from kiosk.settings.models import IntakeForm, PrinterSettings, RetentionSettings
from kiosk.settings.translations import tr
from kiosk.ui.admin.admin_jobs import AdminJobs
from kiosk.ui.admin.devices_page import DevicesPage
from kiosk.ui.admin.form_context import FormContext
from kiosk.ui.admin.form_preview import FormPreview
from kiosk.ui.admin.printer_panel import TestPrintPanel
from kiosk.ui.admin.reports_page import ReportsPage
from kiosk.ui.admin.retention_panel import RetentionPanel
from kiosk.ui.admin.section_page import SectionPage, settings_sections
from kiosk.ui.admin.staff_page import StaffPage
from kiosk.ui.admin.versions_page import VersionsPage
from kiosk.ui.widgets.case_icon import ICONS, CaseIcon
from kiosk.ui.widgets.labels import named_label

log = logging.getLogger(__name__)


def option_picture(source: str, value: str) -> QIcon | None:
    """Case-type icons show their pictogram in the picker."""
    if source != "icons":
        return None
    icon = CaseIcon(value, size=48)
    picture = QIcon(icon.grab())
    icon.deleteLater()
    return picture


def time_zone_names() -> dict[str, str]:
    """Every time zone, by name, with its offset from UTC today: "Asia/Shanghai  UTC+08:00"."""
    now = datetime.now(UTC)
    names: dict[str, str] = {}
    for zone in sorted(available_timezones()):
        if zone.startswith(("Etc/", "SystemV/")) or "/" not in zone:
            continue
        offset = now.astimezone(ZoneInfo(zone)).utcoffset() or timedelta(0)
        minutes = int(offset.total_seconds() // 60)
        sign = "+" if minutes >= 0 else "-"
        hours, rest = divmod(abs(minutes), 60)
        names[zone] = f"{zone.replace('_', ' ')}  UTC{sign}{hours:02d}:{rest:02d}"
    return names


class AdminScreen(QWidget):
    def __init__(self, site: SiteContext, member: StaffMember, language: str) -> None:
        super().__init__()
        self.site = site
        self.member = member
        self.language = language
        self.jobs = AdminJobs(site, member.name, language, self)
        #: the version the pages show (a newer one saved elsewhere is announced first)
        self.shown_version = site.settings_version
        self.nav = QListWidget()
        self.nav.setObjectName("nav")
        self.nav.setMaximumWidth(320)
        self.pages = QStackedWidget()
        self.section_pages: dict[str, SectionPage] = {}
        for section in settings_sections(site.site):
            page = self._section_page(section)
            self.section_pages[section] = page
            self._add(self.section_title(section), page)
        self.staff = StaffPage(self.jobs, self.t)
        self._add(self.t("admin.page.staff"), self.staff)
        self.versions = VersionsPage(
            self.jobs, self.t, lambda: self.site.site.timezone, self.settings_changed
        )
        self._add(self.t("admin.page.versions"), self.versions)
        self.reports = ReportsPage(self.jobs, self.t, lambda: self.site.site, site.queue.today())
        self._add(self.t("admin.page.reports"), self.reports)
        self.devices = DevicesPage(
            self.jobs, self.t, lambda: self.site.site.timezone, self.site.clock
        )
        self._add(self.t("admin.page.devices"), self.devices)
        self.nav.currentRowChanged.connect(
            lambda row: self.devices.refresh() if self.pages.widget(row) is self.devices else None
        )
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

    def _section_page(self, section: str) -> SectionPage:
        help_key = f"admin.explain.{section}"
        explanation = self.t(help_key)
        return SectionPage(
            section,
            self.site.site,
            self.form_context(),
            self.jobs,
            self.t,
            title=self.section_title(section),
            explanation=None if explanation == help_key else explanation,
            on_saved=lambda page: self.settings_changed(keep=page),
        )

    def settings_changed(self, keep: SectionPage | None = None) -> None:
        """A new version is in force (AdminJobs read it): every other page is rebuilt from it,
        so that no page still shows (and could save back) values from before a restore, an
        import or a new language."""
        self.shown_version = self.site.settings_version
        self.elsewhere.hide()
        for section, page in list(self.section_pages.items()):
            if page is keep:
                continue
            fresh = self._section_page(section)
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
        newest = self.site.settings_version  # the feed has read it into the settings in force
        if newest != self.shown_version:
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
                PrinterSettings: lambda form: TestPrintPanel(self.jobs, self.t, form),
                RetentionSettings: lambda _form: RetentionPanel(
                    self.jobs, self.t, self.site.site.timezone
                ),
            },
            picture=option_picture,
            language_names={lang.code: lang.native_name for lang in site.languages},
        )

    def options(self, source: str) -> dict[str, str]:
        """Values (and their names) an editor with ``{"options": source}`` picks from."""
        site = self.site.site
        lang = self.language

        def named(items: list[Any], key: str = "id") -> dict[str, str]:
            return {getattr(i, key): i.name.get(lang) or getattr(i, key) for i in items}

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
        if source == "timezones":
            return time_zone_names()
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

    def shutdown(self) -> None:
        self.devices.shutdown()
        self.jobs.shutdown()
