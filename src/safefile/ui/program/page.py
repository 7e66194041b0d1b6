"""The Program tab: retention, funder reports, shelter and survey counts, import and the
program's policies."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from safefile.ui.program.counts import CountsPage
from safefile.ui.program.importer import ImportPage
from safefile.ui.program.policies import PoliciesPage
from safefile.ui.program.reports import ReportsPage
from safefile.ui.program.retention import RetentionPage
from safefile.ui.worker import VaultService


class ProgramPage(QWidget):
    def __init__(self, service: VaultService) -> None:
        super().__init__()
        self.retention = RetentionPage(service)
        self.reports = ReportsPage(service)
        self.counts = CountsPage(service)
        self.importer = ImportPage(service)
        self.policies = PoliciesPage(service)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.retention, "Retention")
        self.tabs.addTab(self.reports, "Funder reports")
        self.tabs.addTab(self.counts, "Shelter and survey")
        self.tabs.addTab(self.importer, "Import")
        self.tabs.addTab(self.policies, "Policies")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        self.tabs.currentChanged.connect(lambda _: self.tabs.currentWidget().refresh())  # type: ignore[attr-defined]

    @property
    def pages(self) -> tuple[RetentionPage, ReportsPage, CountsPage, ImportPage, PoliciesPage]:
        return (self.retention, self.reports, self.counts, self.importer, self.policies)

    def refresh(self) -> None:
        self.tabs.currentWidget().refresh()  # type: ignore[attr-defined]

    def clear(self) -> None:
        for p in self.pages:
            p.clear()
