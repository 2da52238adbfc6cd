"""Reports on the admin screen: a day or range as charts (QtCharts), a summary line and CSV.

The charts show the same numbers as the CSV: arrivals and no-shows by hour, the mean wait by
hour against the counters open then, tickets, wait and service times and outcomes per case
type, and the share of visits that needed help or a manual ID check. The report is computed
off the GUI thread; a progress bar follows its steps.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCharts import (
    QAbstractBarSeries,
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QHorizontalStackedBarSeries,
    QLineSeries,
    QStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QFont, QPainter
from PySide6.QtWidgets import (
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.services.reports import Report, report_csv
from kiosk.settings import SiteConfig
from kiosk.ui.admin.admin_jobs import AdminJobs
from kiosk.ui.admin.file_choice import choose_file
from kiosk.ui.widgets.labels import named_label


class ReportsPage(QWidget):
    def __init__(
        self,
        jobs: AdminJobs,
        t: Callable[..., str],
        site: Callable[[], SiteConfig],
        today: date,
    ) -> None:
        super().__init__()
        self.jobs = jobs
        self.t = t
        self.site = site
        self.first = QDateEdit(QDate(today.year, today.month, today.day))
        self.last = QDateEdit(QDate(today.year, today.month, today.day))
        for edit in (self.first, self.last):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.show_button = QPushButton(t("admin.show"))
        self.show_button.clicked.connect(self.refresh)
        self.csv_button = QPushButton(t("admin.export_csv"))
        self.csv_button.clicked.connect(self._on_csv_clicked)
        self.progress = QProgressBar()
        self.progress.setObjectName("reportProgress")
        self.progress.setTextVisible(False)
        self.progress.hide()
        self.per_hour = QChartView()
        self.waits = QChartView()
        self.per_case = QChartView()
        self.times = QChartView()
        self.outcomes = QChartView()
        self.help = QChartView()
        self.charts = [self.per_hour, self.waits, self.per_case, self.times, self.outcomes]
        self.charts.append(self.help)
        for view in self.charts:
            view.setRenderHint(QPainter.RenderHint.Antialiasing)
            view.setMinimumHeight(240)
        self.summary = named_label("summary")
        self.summary.setWordWrap(True)
        self.message = named_label("message")
        controls = QHBoxLayout()
        controls.addWidget(self.first)
        controls.addWidget(self.last)
        controls.addWidget(self.show_button)
        controls.addWidget(self.progress, 1)
        controls.addStretch()
        controls.addWidget(self.csv_button)
        charts = QGridLayout()
        for index, view in enumerate(self.charts):
            charts.addWidget(view, index // 2, index % 2)
        layout = QVBoxLayout(self)
        layout.addWidget(named_label("pageTitle", t("admin.page.reports")))
        layout.addWidget(named_label("fieldHelp", t("admin.explain.reports")))
        layout.addLayout(controls)
        layout.addLayout(charts, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.message)
        self.report: Report | None = None

    def _range(self) -> tuple[date, date]:
        return self.first.date().toPython(), self.last.date().toPython()  # type: ignore[return-value]

    def refresh(self) -> None:
        """Compute the report in the background; the charts follow when it is ready."""
        first, last = self._range()
        self.show_button.setEnabled(False)
        self.message.setText(self.t("admin.report.computing"))
        self.progress.setRange(0, 0)
        self.progress.show()

        def refused(lines: list[str]) -> None:
            self.show_button.setEnabled(True)
            self.progress.hide()
            self.message.setText("\n".join(lines))

        self.jobs.report(first, last, self._show, refused, self._on_progress)

    def _on_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)

    def _show(self, report: Report) -> None:
        self.show_button.setEnabled(True)
        self.progress.hide()
        self.message.setText("")
        self.report = report
        lang = self.jobs.language
        names = {c.id: c.name.get(lang) for c in self.site().case_types}
        t = self.t
        hours = [f"{h.hour:02d}" for h in report.hours]
        self.per_hour.setChart(
            bar_chart(
                t("admin.chart.per_hour"),
                hours,
                {
                    t("admin.chart.arrivals"): [h.tickets for h in report.hours],
                    t("admin.chart.no_shows"): [h.no_shows for h in report.hours],
                },
            )
        )
        self.waits.setChart(
            with_line(
                bar_chart(
                    t("admin.chart.waits_by_hour"),
                    hours,
                    {t("admin.chart.mean_wait"): [h.wait_mean or 0 for h in report.hours]},
                    legend=True,
                ),
                t("admin.chart.open_counters"),
                [h.counters or 0 for h in report.hours],
            )
        )
        self.per_case.setChart(
            bar_chart(
                t("admin.chart.per_case"),
                [names.get(k, k) for k in report.tickets_per_case_type],
                {"": list(report.tickets_per_case_type.values())},
                horizontal=True,
            )
        )
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
        self.help.setChart(
            bar_chart(
                t("admin.chart.help"),
                [names.get(r.case_type, r.case_type) for r in report.case_types],
                {
                    t("admin.chart.needed_help"): [
                        _percent(r.needed_help, r.cases) for r in report.case_types
                    ],
                    t("admin.chart.manual_id"): [
                        _percent(r.manual_id_checks, r.cases) for r in report.case_types
                    ],
                },
                horizontal=True,
            )
        )
        self.summary.setText(
            t("admin.summary", **summary_values(report))
            + "\n"
            + t(
                "admin.summary.callbacks",
                requested=report.callbacks.requested,
                done=report.callbacks.done,
                overdue=report.callbacks.overdue,
            )
        )

    def _on_csv_clicked(self) -> None:
        report = self.report
        if report is None or (report.first_day, report.last_day) != self._range():
            self.message.setText(self.t("admin.report.show_first"))
            return
        name = f"report-{report.first_day:%Y%m%d}-{report.last_day:%Y%m%d}.csv"
        choose_file(
            self,
            self.t("admin.export_csv"),
            self.t("admin.filter.csv"),
            lambda path: self._write_csv(report, path),
            save_as=name,
        )

    def _write_csv(self, report: Report, path: Path) -> None:
        try:
            path.write_text(report_csv(report), encoding="utf-8")
        except OSError as exc:
            self.message.setText(self.t("admin.file_failed", file=str(path), why=exc.strerror))
            return
        self.message.setText(self.t("admin.csv_written", file=str(path)))


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


def _percent(part: int, whole: int) -> float:
    return 100.0 * part / whole if whole else 0.0


def with_line(chart: QChart, name: str, values: list[float]) -> QChart:
    """The bar chart with a line on an axis of its own, at the right (counters over hours)."""
    line = QLineSeries()
    line.setName(name)
    for index, value in enumerate(values):
        line.append(float(index), float(value))
    pen = line.pen()
    pen.setWidth(4)
    line.setPen(pen)
    chart.addSeries(line)
    axis = QValueAxis()
    axis.setRange(0, max(max(values, default=0), 1))
    axis.applyNiceNumbers()
    axis.setLabelFormat("%.0f")
    axis.setLabelsFont(_font(13))
    chart.addAxis(axis, Qt.AlignmentFlag.AlignRight)
    line.attachAxis(axis)
    categories = chart.axes(Qt.Orientation.Horizontal)
    if categories:
        line.attachAxis(categories[0])
    chart.legend().setVisible(True)
    return chart


def bar_chart(
    title: str,
    categories: list[str],
    sets: dict[str, list[float]],
    *,
    stacked: bool = False,
    horizontal: bool = False,
    legend: bool = False,
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
    chart.legend().setVisible(legend or len(sets) > 1)
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


def _font(pixels: int, *, bold: bool = False) -> QFont:
    font = QFont()
    font.setPixelSize(pixels)
    font.setBold(bold)
    return font
