"""The program's policies and retention periods, as editable text kept in the vault."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from safefile import settings
from safefile.ui.program.common import message_label
from safefile.ui.scrolling import fit_width
from safefile.ui.worker import VaultService, plain_message

PERIODS = (
    ("retention_months", "Keep closed &client files (months)", settings.RETENTION_RANGE),
    (
        "process_notes_months",
        "Keep &process notes (months after closing)",
        settings.RETENTION_RANGE,
    ),
    ("sharing_months", "Keep the record of &sharing (months)", (72, 360)),
)


class PoliciesPage(QWidget):
    def __init__(self, service: VaultService) -> None:
        super().__init__()
        self.service = service
        self.periods: dict[str, QSpinBox] = {}
        self.texts: dict[str, QPlainTextEdit] = {}
        form = QFormLayout()
        for key, label, (lo, hi) in PERIODS:
            spin = QSpinBox()
            spin.setRange(lo, hi)
            caption = QLabel(label)
            caption.setBuddy(spin)
            spin.setAccessibleName(label.replace("&", ""))
            form.addRow(caption, spin)
            self.periods[key] = spin
        for key, title in settings.POLICY_TITLES.items():
            edit = QPlainTextEdit()
            edit.setAccessibleName(title)
            edit.setFixedHeight(edit.fontMetrics().lineSpacing() * 4 + 12)
            form.addRow(QLabel(title), edit)
            self.texts[key] = edit
        self.save_button = QPushButton("&Save policies")
        self.message = message_label("info")
        self.error = message_label()
        intro = QLabel(
            "Your program's policies, shown where they apply: before a destruction, when "
            "sharing information and when recording a request. Process notes are never kept "
            "longer than the file they belong to."
        )
        intro.setWordWrap(True)
        inner = QWidget()
        inner_layout = QVBoxLayout(inner)
        inner_layout.addWidget(intro)
        inner_layout.addLayout(form)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        fit_width(scroll)
        # The button and what saving says stay in sight below the policies (the page is
        # taller than a 1366x768 screen's room: Save was half under its edge).
        row = QHBoxLayout()
        row.addWidget(self.save_button)
        row.addStretch()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll, 1)
        layout.addLayout(row)
        layout.addWidget(self.message)
        layout.addWidget(self.error)
        self.save_button.clicked.connect(self.save)

    def refresh(self) -> None:
        self.service.submit(lambda w: settings.load(w.require()), self._show)

    def _show(self, s: settings.Settings) -> None:
        for key, spin in self.periods.items():
            spin.setValue(int(getattr(s, key)))
        for key, edit in self.texts.items():
            edit.setPlainText(str(getattr(s, key)))

    def clear(self) -> None:
        for edit in self.texts.values():
            edit.clear()
        self.message.clear()
        self.error.clear()

    def save(self) -> None:
        changes: dict[str, object] = {k: s.value() for k, s in self.periods.items()}
        changes |= {k: e.toPlainText() for k, e in self.texts.items()}
        self.error.clear()
        self.service.submit(
            lambda w: settings.save(w.require(), changes),
            lambda _: self.message.setText("Saved. Each change is recorded in the audit trail."),
            lambda exc: self.error.setText(plain_message(exc)),
        )
