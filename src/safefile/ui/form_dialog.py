"""A small form dialog: an explanation, a form, a message line, Cancel and a default button.

A subclass fills ``form`` and returns the core call to make from ``job()``; saving runs it
on the vault's thread, shows the core's refusal next to what was typed (nothing typed is
lost), or emits ``saved(result)`` and closes.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from safefile.ui.worker import VaultService, plain_message


class FormDialog(QDialog):
    saved = Signal(object)

    def __init__(
        self,
        service: VaultService,
        title: str,
        intro: str,
        action: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)  # never a client's name
        self.service = service
        explain = QLabel(intro)
        explain.setTextFormat(Qt.TextFormat.PlainText)
        explain.setWordWrap(True)
        self.form = QFormLayout()
        self.message = QLabel("")
        self.message.setObjectName("error")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setAccessibleName("Message")
        self.save_button = QPushButton(action)
        self.save_button.setDefault(True)
        self.save_button.setAutoDefault(True)
        cancel = QPushButton("Cancel")
        cancel.setAutoDefault(False)
        row = QHBoxLayout()
        row.addStretch()
        row.addWidget(cancel)
        row.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(explain)
        layout.addLayout(self.form)
        layout.addWidget(self.message)
        layout.addLayout(row)
        cancel.clicked.connect(self.reject)
        self.save_button.clicked.connect(self.save)

    def job(self) -> Any:
        raise NotImplementedError

    def save(self) -> None:
        self.save_button.setEnabled(False)
        self.message.clear()
        self.service.submit(self.job(), self._done, self._failed)

    def _done(self, result: object) -> None:
        self.saved.emit(result)
        self.accept()

    def _failed(self, exc: Exception) -> None:
        self.save_button.setEnabled(True)
        self.message.setText(plain_message(exc))
