"""The counter's console: the waiting list, the visitor at the counter, and every action.

Large type, every action on a function key, errors shown inline (no pop-ups to dismiss). The
screen follows the change feed, so it never needs a manual refresh. Reading the queue and
every action run on the console's worker thread: a database that is away never freezes it.
New settings (head starts, names, queues) apply at once: the feed has already read them.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kiosk.domain.errors import DomainError
from kiosk.domain.ticket import Outcome, Ticket
from kiosk.services.case_view import CallbackDue, CaseVideo, CaseView, CaseViews
from kiosk.services.counter_view import CounterView, counter_view
from kiosk.services.live_updates import RESYNC, ChangeEvent
from kiosk.services.site_context import SiteContext
from kiosk.services.staff_accounts import StaffMember
from kiosk.services.ticket_printing import TicketPrinting
from kiosk.settings.translations import tr
from kiosk.ui.failures import failure_text
from kiosk.ui.jobs import JobRunner
from kiosk.ui.staff.case_panel import CasePanel
from kiosk.ui.staff.counter_actions import CounterActions
from kiosk.ui.staff.device_warnings import DeviceWarnings
from kiosk.ui.staff.help_panel import HelpPanel
from kiosk.ui.staff.side_list import SideList
from kiosk.ui.staff.site_alerts import SiteAlerts
from kiosk.ui.staff.ticket_table_model import TicketTableModel
from kiosk.ui.staff.visitor_card import card_text, next_up_text
from kiosk.ui.widgets.labels import named_label

log = logging.getLogger(__name__)


class ConsoleScreen(QWidget):
    def __init__(
        self,
        site: SiteContext,
        member: StaffMember,
        counter_id: str,
        language: str,
        printing: TicketPrinting | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.site = site
        self.member = member
        self.counter_id = counter_id
        self.counter = site.site.counter(counter_id)
        self.language = language
        self.printing = printing
        self.current: Ticket | None = None
        self.card: Any = None  # why the visitor at the counter carries its flags
        self.jobs = JobRunner(self, "console")
        self._reading = False
        self._read_again = False

        def t(key: str, **params: object) -> str:
            return tr(language, key, **params)

        self.header = named_label(
            "header", t("staff.signed_in_as", name=member.name, counter=self.counter.number)
        )
        self.status = named_label("status")
        self.error = named_label("error")
        self.error.setWordWrap(True)
        self.alerts = SiteAlerts(language)
        self.device_warnings = DeviceWarnings(site, language)
        self.help_panel = HelpPanel(site, member.name, language)

        self.help_names: dict[str, str] = {}
        self.model = TicketTableModel(language, {}, self.help_names)
        self.table = QTableView()
        self.table.setModel(self.model)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # (columns fit the rows on screen: measuring every row of a long queue held up reads)
        header.setResizeContentsPrecision(0)
        header.setStretchLastSection(True)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)  # F2 calls, never edits
        self.empty = named_label("empty", t("staff.nobody_waiting"))

        self.current_code = named_label("currentCode", "—")
        self.current_info = named_label("currentInfo", t("staff.none"))
        self.current_info.setWordWrap(True)

        self.action_panel = CounterActions(language)
        self.buttons = self.action_panel.buttons
        self.action_panel.call_next.connect(self.call_next)
        self.action_panel.finish.connect(self.complete_and_call_next)
        other: dict[str, Callable[[], None]] = {
            "recall": lambda: self._on_current(self.site.queue.recall),
            "start": lambda: self._on_current(self.site.queue.start),
            "hold": lambda: self._on_current(self.site.queue.hold),
            "resume": self.resume_held,
            "complete": lambda: self._show_panel("complete"),
            "transfer": lambda: self._show_panel("transfer"),
            "no_show": lambda: self._on_current(self.site.queue.no_show),
            "open_case": self.open_case,
        }
        self.action_panel.triggered.connect(lambda name: other[name]())

        # Complete and transfer panels, shown inline.
        self.outcome = QComboBox()
        for outcome in Outcome:
            self.outcome.addItem(t(f"outcome.{outcome.value}"), outcome.value)
        self.note = QLineEdit()
        self.note.setPlaceholderText(t("staff.note"))
        self.confirm_complete = QPushButton("✓ " + t("staff.complete").split("…")[0])
        self.confirm_complete.clicked.connect(self.complete_current)
        self.complete_panel = QGroupBox(t("staff.outcome"))
        complete_layout = QHBoxLayout(self.complete_panel)
        for widget in (self.outcome, self.note, self.confirm_complete):
            complete_layout.addWidget(widget)

        self.target_queue = QComboBox()
        self.target_counter = QComboBox()
        self.confirm_transfer = QPushButton("✓ " + t("staff.transfer").split("…")[0])
        self.confirm_transfer.clicked.connect(self.transfer_current)
        self.transfer_panel = QGroupBox(t("staff.queue"))
        transfer_layout = QHBoxLayout(self.transfer_panel)
        for widget in (self.target_queue, self.target_counter, self.confirm_transfer):
            transfer_layout.addWidget(widget)
        self.complete_panel.hide()
        self.transfer_panel.hide()

        self.cases = CaseViews(site.db, site.in_force, site.clock)
        self.case_panel = CasePanel(language)
        self.case_panel.play_requested.connect(self._on_case_panel_play_requested)
        self.case_panel.close_requested.connect(self._close_case)
        self.case_panel.hide()
        self._case_of: int | None = None  # the ticket whose case is open
        self._case_opened_for: int | None = None  # the ticket whose case opened by itself
        self.callback_rows: list[CallbackDue] = []
        self.held_list = SideList(t("staff.held"))
        self.failure_list = SideList(t("staff.print_failures"), t("staff.reprint"))
        self.callback_list = SideList(t("staff.callbacks"), t("staff.callback_done"))
        self.held, self.failures = self.held_list.items, self.failure_list.items
        self.callbacks, self.callback_done = self.callback_list.items, self.callback_list.button
        self.failure_list.button.clicked.connect(self.reprint_selected)
        self.callback_done.clicked.connect(self._on_callback_done_clicked)

        left = QVBoxLayout()
        left.addWidget(named_label("section", t("staff.waiting")))
        left.addWidget(self.table, 1)
        left.addWidget(self.empty)
        for side in (self.held_list, self.failure_list, self.callback_list):
            left.addWidget(side)

        right = QVBoxLayout()
        right.addWidget(named_label("section", t("staff.current")))
        right.addWidget(self.current_code)
        right.addWidget(self.current_info)
        right.addWidget(self.action_panel)
        right.addWidget(self.complete_panel)
        right.addWidget(self.transfer_panel)
        right.addWidget(self.error)
        right.addWidget(self.case_panel, 1)
        right.addStretch()

        body = QHBoxLayout()
        body.addLayout(left, 2)
        body.addLayout(right, 3)
        top = QHBoxLayout()
        top.addWidget(self.header)
        top.addStretch()
        top.addWidget(self.status)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.alerts)
        layout.addWidget(self.device_warnings)
        layout.addWidget(self.help_panel)
        layout.addLayout(body, 1)
        self.setStyleSheet(
            "QWidget { font-size: 22px; }"
            "#header { font-size: 28px; font-weight: bold; }"
            "#status { color: #a05a00; }"
            "#section { font-size: 24px; font-weight: bold; margin-top: 8px; }"
            "#currentCode { font-size: 96px; font-weight: bold; color: #0b3d91; }"
            "#primaryAction { font-size: 34px; font-weight: bold; min-height: 110px;"
            " background: #0b57d0; color: #ffffff; border-radius: 12px; }"
            "#finishNext { font-size: 24px; font-weight: bold; min-height: 96px;"
            " background: #0b57d0; color: #ffffff; border-radius: 12px; }"
            "#finishNext:disabled, #primaryAction:disabled { background: #9aa5b5; }"
            "#error { color: #b00020; font-size: 24px; }"
            "QTableView { font-size: 24px; }"
            "#casePanel { background: #ffffff; border: 1px solid #c9ced6; border-radius: 8px; }"
            "#caseTitle { font-size: 26px; font-weight: bold; }"
            "#caseQuestion { color: #454b54; font-weight: bold; padding-right: 16px; }"
            "#caseAnswer { color: #10233f; }"
            "#caseMissing { color: #a05a00; }"
            "#caseNote { color: #454b54; font-size: 18px; }"
        )
        self._use_settings()
        self._show_current()
        self.refresh()
        self.help_panel.refresh()

    # -- the site's names (again when the settings change) ------------------------------------
    def _use_settings(self) -> None:
        site, language = self.site.site, self.language
        self.counter = site.counter(self.counter_id)
        self.help_names = {h.code: h.name.get(language) for h in site.assistance.help_languages}
        self.model.queue_names = {q.id: q.name.get(language) for q in site.queues}
        self.model.help_names = self.help_names
        self.header.setText(
            tr(language, "staff.signed_in_as", name=self.member.name, counter=self.counter.number)
        )
        self.target_queue.clear()
        for queue in site.queues:
            self.target_queue.addItem(queue.name.get(language), queue.id)
        self.target_counter.clear()
        self.target_counter.addItem(tr(language, "staff.any_counter"), None)
        for counter in site.counters:
            self.target_counter.addItem(counter.name.get(language), counter.id)

    # -- reading -------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Read the queue again (in the background; several requests cost one read)."""
        if self._reading:
            self._read_again = True
            return
        self._reading = True
        queue, counter_id, printing = self.site.queue, self.counter_id, self.printing
        self.jobs.run(
            lambda: counter_view(queue, counter_id, printing),
            self._on_read,
            self._on_read_failed,
        )

    def _read_done(self) -> None:
        self._reading = False
        if self._read_again:
            self._read_again = False
            self.refresh()

    def _on_read_failed(self, error: BaseException) -> None:
        self.status.setText(failure_text(error, self.language, "reading the queue"))
        self._read_done()

    def _on_read(self, view: CounterView) -> None:
        self.status.setText("")
        self.current = view.current
        self.card = view.card
        self.model.set_tickets(view.waiting, view.now)
        self.empty.setVisible(not view.waiting)
        self.held_list.fill([ticket.code for ticket in view.held])
        self.callback_rows = list(view.callbacks)
        zone = ZoneInfo(self.site.site.timezone)
        lines = []
        for callback in view.callbacks:
            local = callback.due.astimezone(zone) if callback.due else None
            due = f"{local:%m-%d %H:%M}" if local else (callback.window or "")
            lines.append(f"{callback.ticket_code}  {due}  {callback.phone}")
        self.callback_list.fill(lines)
        self.failure_list.fill(
            [f"{j.ticket_code}  ({j.printer_state})" for j in view.failed_prints]
        )
        if self._case_of is not None and (self.current is None or self.current.id != self._case_of):
            self._close_case()  # nothing of a visitor who has left stays on screen
        self._show_current()
        if self.current is not None and self._case_opened_for != self.current.id:
            # The case fills the lower half while the visitor is here; closed, it stays closed.
            self._case_opened_for = self.current.id
            self.open_case(quiet=True)
        self._read_done()

    def _show_current(self) -> None:
        t = self.current
        if t is None:
            self.current_code.setText("—")
            waiting, now = self.model.tickets, self.model.now
            upcoming = [next_up_text(waiting[0], now, self.site.site, self.language,
                                     self.help_names)] if waiting and now else []  # fmt: skip
            self.current_info.setText("\n".join([tr(self.language, "staff.none"), *upcoming]))
        else:
            self.current_code.setText(t.code)
            self.current_info.setText(
                card_text(t, self.card, self.site.site, self.language, self.help_names)
            )
        self.action_panel.show_state(serving=t is not None, held=self.held.count() > 0)

    # -- actions ---------------------------------------------------------------------------------
    def _run(self, action: Callable[[], object]) -> None:
        """Run a counter action in the background, then read the queue again."""
        self.error.clear()
        self.complete_panel.hide()
        self.transfer_panel.hide()
        self.action_panel.set_busy()  # one action at a time; the read below enables them

        def failed(error: BaseException) -> None:
            self.error.setText(failure_text(error, self.language, "a counter action"))
            self.refresh()

        self.jobs.run(action, lambda _result: self.refresh(), failed)

    def _on_current(self, action: Callable[..., object]) -> None:
        if self.current is not None:
            ticket_id = self.current.id
            self._run(lambda: action(ticket_id, actor=self.member.name))

    def call_next(self) -> None:
        def call() -> None:
            if self.site.queue.call_next(self.counter_id, actor=self.member.name) is None:
                raise DomainError(tr(self.language, "staff.nobody_waiting"))

        self._run(call)

    def complete_and_call_next(self, outcome: str) -> None:
        """One tap: this visit done with ``outcome``, and the next visitor called (nobody
        waiting is no error: the counter is then free)."""
        if self.current is None:
            return
        ticket_id = self.current.id

        def finish() -> None:
            self.site.queue.complete(ticket_id, outcome, self.member.name)
            self.site.queue.call_next(self.counter_id, actor=self.member.name)

        self._run(finish)

    def resume_held(self) -> None:
        item = self.held.currentItem() or self.held.item(0)
        if item is not None:
            code = item.text()
            self._run(lambda: self.site.queue.resume(code, self.counter_id, actor=self.member.name))

    def _show_panel(self, which: str) -> None:
        if self.current is None:
            return
        self.complete_panel.setVisible(which == "complete")
        self.transfer_panel.setVisible(which == "transfer")

    def complete_current(self) -> None:
        outcome = self.outcome.currentData()
        note = self.note.text()
        self.note.clear()
        self._on_current(lambda ref, actor: self.site.queue.complete(ref, outcome, actor, note))

    def transfer_current(self) -> None:
        queue, counter = self.target_queue.currentData(), self.target_counter.currentData()
        self._on_current(lambda ref, actor: self.site.queue.transfer(ref, queue, counter, actor))

    def open_case(self, *, quiet: bool = False) -> None:
        """The visitor's case (audited as a view by this clerk), off the GUI thread; ``quiet``
        (opened by itself) says nothing when the ticket has no case."""
        if self.current is None or self._case_of == self.current.id:
            return  # nobody here, or the case is on screen already
        cases, ticket_id, language = self.cases, self.current.id, self.language
        self.jobs.run(
            lambda: cases.view(ticket_id, language, self.member.name),
            lambda view: self._show_case(view, quiet),
            lambda error: self.error.setText(failure_text(error, language, "opening a case")),
        )

    def _show_case(self, view: CaseView | None, quiet: bool = False) -> None:
        if view is None:
            if not quiet:
                self.error.setText(tr(self.language, "staff.no_case"))
            return
        if self.current is None or self.current.code != view.ticket_code:
            return  # the visitor has left the counter meanwhile
        self._case_of = self.current.id
        self.case_panel.show_case(view)

    def _on_case_panel_play_requested(self) -> None:
        if self.current is None:
            return
        cases, ticket_id = self.cases, self.current.id

        def show(video: CaseVideo) -> None:
            if self.case_panel.isVisible():
                self.case_panel.show_video(video)

        self.jobs.run(
            lambda: cases.video(ticket_id, self.member.name),
            show,
            lambda error: self.error.setText(
                failure_text(error, self.language, "playing a face-check video")
            ),
        )

    def _close_case(self) -> None:
        self._case_of = None
        self.case_panel.clear()
        self.case_panel.hide()

    def _on_callback_done_clicked(self) -> None:
        row = self.callbacks.currentRow()
        if not 0 <= row < len(self.callback_rows):
            row = 0
        if not self.callback_rows:
            return
        callback, cases = self.callback_rows[row], self.cases
        self._run(lambda: cases.mark_callback_done(callback, self.member.name))

    def reprint_selected(self) -> None:
        item = self.failures.currentItem() or self.failures.item(0)
        if item is None or self.printing is None:
            return
        code = item.text().split()[0]
        printing = self.printing
        self._run(
            lambda: printing.print_ticket(code, self.language, actor=self.member.name, reprint=True)
        )

    def shutdown(self) -> None:
        """The console goes away (locked, or the window closes): no case or video stays."""
        self._close_case()
        self.device_warnings.shutdown()
        self.help_panel.shutdown()
        self.jobs.shutdown()

    # -- live updates ------------------------------------------------------------------------------
    def on_changes(self, events: list[ChangeEvent]) -> None:
        self.alerts.on_changes(events)
        self.help_panel.on_changes(events)
        if any(e.entity == "settings" or e.action == RESYNC for e in events):
            self._use_settings()  # already in force: the feed read it before telling us
        if any(e.entity in ("ticket", "counter", "feed", "settings") for e in events):
            self.refresh()

    def on_connection(self, connected: bool) -> None:
        self.status.setText("" if connected else tr(self.language, "staff.reconnecting"))
