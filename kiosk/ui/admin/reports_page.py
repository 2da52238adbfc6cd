"""Reports on the admin screen: a day or range as charts (QtCharts), a summary line and CSV."""

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
    QStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QFont, QPainter
from PySide6.QtWidgets import (
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.services.reports import Report, report_csv
from kiosk.settings import SiteConfig
from kiosk.ui.admin.admin_jobs import AdminJobs
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
        """Compute the report in the background; the charts follow when it is ready."""
        first, last = self._range()
        self.show_button.setEnabled(False)
        self.message.setText(self.t("admin.report.computing"))

        def refused(lines: list[str]) -> None:
            self.show_button.setEnabled(True)
            self.message.setText("\n".join(lines))

        self.jobs.report(first, last, self._show, refused)

    def _show(self, report: Report) -> None:
        self.show_button.setEnabled(True)
        self.message.setText("")
        self.report = report
        lang = self.jobs.language
        names = {c.id: c.name.get(lang) for c in self.site().case_types}
        t = self.t
        self.per_hour.setChart(
            bar_chart(
                t("admin.chart.per_hour"),
                [f"{h:02d}" for h in report.tickets_per_hour],
                {"": list(report.tickets_per_hour.values())},
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
        self.summary.setText(t("admin.summary", **summary_values(report)))

    def _on_csv_clicked(self) -> None:
        if self.report is None or (self.report.first_day, self.report.last_day) != self._range():
            self.message.setText(self.t("admin.report.show_first"))
            return
        path = Path(self.csv_path.text())
        try:
            path.write_text(report_csv(self.report), encoding="utf-8")
        except OSError as exc:
            self.message.setText(str(exc))
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


def _font(pixels: int, *, bold: bool = False) -> QFont:
    font = QFont()
    font.setPixelSize(pixels)
    font.setBold(bold)
    return font
