"""What the user works in once the vault is open: the clients, the record of sharing and
backups, under a reminder bar that says when a backup is due."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTabWidget, QVBoxLayout, QWidget

from safefile.backup import reminder
from safefile.ui.backup.page import BackupPage
from safefile.ui.clients.page import ClientsPage
from safefile.ui.log.page import LogPage
from safefile.ui.names import name_tree
from safefile.ui.orgs.page import OrgsPage
from safefile.ui.program.page import ProgramPage
from safefile.ui.requests.page import RequestsPage
from safefile.ui.worker import VaultService


class Page(Protocol):
    def refresh(self) -> None: ...
    def clear(self) -> None: ...


class Workspace(QWidget):
    def __init__(self, service: VaultService) -> None:
        super().__init__()
        self.service = service
        self.clients = ClientsPage(service)
        self.log = LogPage(service)
        self.backups = BackupPage(service)
        self.orgs = OrgsPage(service)
        self.requests = RequestsPage(service)
        self.program = ProgramPage(service)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.clients, "&Clients")
        self.tabs.addTab(self.log, "Record of &sharing")
        self.tabs.addTab(self.orgs, "&Organisations")
        self.tabs.addTab(self.requests, "Own co&pies")
        self.tabs.addTab(self.backups, "&Backups")
        self.tabs.addTab(self.program, "&Program")
        self.reminder = QLabel("")
        self.reminder.setObjectName("reminder")
        self.reminder.setWordWrap(True)
        self.reminder.setAccessibleName("Backup reminder")
        self.reminder_button = QPushButton("Back up now")
        self.reminder_bar = QWidget()
        self.reminder_bar.setObjectName("reminderbar")
        bar = QHBoxLayout(self.reminder_bar)
        bar.addWidget(self.reminder, 1)
        bar.addWidget(self.reminder_button)
        self.reminder_bar.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.reminder_bar)
        layout.addWidget(self.tabs, 1)
        self.reminder_button.clicked.connect(self.back_up_now)
        self.backups.backed_up.connect(self.check_backup_reminder)
        self.tabs.currentChanged.connect(lambda _: self._current().refresh())
        self.requests.overdue_changed.connect(self._overdue)
        name_tree(self)  # stable names for tests and the parity table (ui/parity.py)

    @property
    def pages(self) -> tuple[Page, ...]:
        return (self.clients, self.log, self.orgs, self.requests, self.backups, self.program)

    def _current(self) -> Page:
        # The tabs were added in the order of ``pages``.
        return self.pages[self.tabs.currentIndex()]

    def opened(self) -> None:
        """The vault was just unlocked."""
        self.tabs.setCurrentWidget(self.clients)
        self.clients.refresh()
        self.clients.search.setFocus()
        self.check_backup_reminder()
        self.requests.refresh()  # overdue own-copy requests show on their tab at once

    def _overdue(self, count: int) -> None:
        i = self.tabs.indexOf(self.requests)
        self.tabs.setTabText(i, f"Own co&pies ({count} overdue)" if count else "Own co&pies")

    def clear(self) -> None:
        self.reminder_bar.hide()
        self.reminder.clear()
        for page in self.pages:
            page.clear()
        self._overdue(0)

    def check_backup_reminder(self) -> None:
        def shown(text: str | None) -> None:
            self.reminder.setText(text or "")
            self.reminder_bar.setVisible(bool(text))

        self.service.submit(lambda w: reminder(w.require()), shown)

    def back_up_now(self) -> None:
        self.tabs.setCurrentWidget(self.backups)
        self.backups.back_up_now()
