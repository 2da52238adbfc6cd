"""Staff accounts on the admin screen: add, change role, set a new PIN, disable or enable.

PINs are typed here and stored only as salted hashes; the table never shows them. Every change
is audited by the service, which also refuses to leave the site without an administrator.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kiosk.services.staff_accounts import ROLES, StaffAccount
from kiosk.ui.admin.admin_jobs import AdminJobs
from kiosk.ui.widgets.labels import named_label, restyle


class StaffPage(QWidget):
    def __init__(self, jobs: AdminJobs, t: Callable[..., str]) -> None:
        super().__init__()
        self.jobs = jobs
        self.t = t
        self.rows: list[StaffAccount] = []
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(
            [t("admin.staff.name"), t("admin.staff.role"), t("admin.staff.state")]
        )
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.name = QLineEdit()
        self.name.setPlaceholderText(t("admin.staff.name"))
        self.pin = QLineEdit()
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setPlaceholderText(t("admin.staff.pin"))
        self.role_group = QButtonGroup(self)
        role_row = QHBoxLayout()
        for index, role in enumerate(ROLES):
            button = QPushButton(t(f"admin.role.{role}"))
            button.setCheckable(True)
            button.setObjectName("segment")
            button.setChecked(index == 0)
            self.role_group.addButton(button, index)
            role_row.addWidget(button)
        self.add_button = QPushButton(t("admin.staff.add"))
        self.add_button.setObjectName("primary")
        self.add_button.clicked.connect(self._on_add_clicked)
        self.role_button = QPushButton(t("admin.staff.set_role"))
        self.role_button.clicked.connect(self._on_role_clicked)
        self.pin_button = QPushButton(t("admin.staff.set_pin"))
        self.pin_button.clicked.connect(self._on_pin_clicked)
        self.active_button = QPushButton(t("admin.staff.disable"))
        self.active_button.clicked.connect(self._on_active_clicked)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.message = named_label("message")
        self.message.setWordWrap(True)
        entry = QHBoxLayout()
        entry.addWidget(self.name, 2)
        entry.addWidget(self.pin, 1)
        entry.addLayout(role_row)
        entry.addWidget(self.add_button)
        actions = QHBoxLayout()
        for button in (self.role_button, self.pin_button, self.active_button):
            actions.addWidget(button)
        actions.addStretch()
        layout = QVBoxLayout(self)
        layout.addWidget(named_label("pageTitle", t("admin.page.staff")))
        about = named_label("fieldHelp", t("admin.explain.staff"))
        about.setWordWrap(True)
        layout.addWidget(about)
        layout.addWidget(named_label("fieldHelp", t("admin.staff.explain")))
        layout.addWidget(self.table, 1)
        layout.addLayout(actions)
        layout.addLayout(entry)
        layout.addWidget(self.message)
        self.refresh()

    def refresh(self) -> None:
        self.jobs.accounts(self._show, lambda lines: self._say("\n".join(lines), ok=False))

    def _show(self, rows: list[StaffAccount]) -> None:
        self.rows = rows
        self.table.setRowCount(len(self.rows))
        for row, account in enumerate(self.rows):
            state = (
                "admin.staff.locked"
                if account.locked
                else "admin.staff.active"
                if account.active
                else "admin.staff.disabled"
            )
            values = [account.name, self.t(f"admin.role.{account.role}"), self.t(state)]
            for column, value in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(value))
        self._selection_changed()

    def selected(self) -> StaffAccount | None:
        row = self.table.currentRow()
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def chosen_role(self) -> str:
        return ROLES[max(0, self.role_group.checkedId())]

    def _selection_changed(self) -> None:
        account = self.selected()
        for button in (self.role_button, self.pin_button, self.active_button):
            button.setEnabled(account is not None)
        if account is not None:
            self.active_button.setText(
                self.t("admin.staff.disable" if account.active else "admin.staff.enable")
            )
            self.role_group.button(ROLES.index(account.role)).setChecked(True)

    def _say(self, text: str, ok: bool) -> None:
        restyle(self.message, "message" if ok else "error")
        self.message.setText(text)

    def _done(self, text: str) -> Callable[[Any], None]:
        def done(_result: Any) -> None:
            self.pin.clear()
            self._say(text, ok=True)
            self.refresh()

        return done

    def _refused(self, lines: list[str]) -> None:
        self._say("\n".join(lines), ok=False)

    def _on_add_clicked(self) -> None:
        name = self.name.text().strip()
        self.jobs.add_account(
            name,
            self.pin.text(),
            self.chosen_role(),
            self._done(self.t("admin.staff.added", name=name)),
            self._refused,
        )

    def _change(self, done_key: str, **change: object) -> None:
        account = self.selected()
        if account is None:
            return
        self.jobs.change_account(
            account.id, change, self._done(self.t(done_key, name=account.name)), self._refused
        )

    def _on_role_clicked(self) -> None:
        self._change("admin.staff.changed", role=self.chosen_role())

    def _on_pin_clicked(self) -> None:
        self._change("admin.staff.changed", secret=self.pin.text())

    def _on_active_clicked(self) -> None:
        account = self.selected()
        if account is not None:
            self._change("admin.staff.changed", active=not account.active)
