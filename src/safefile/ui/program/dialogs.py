"""Closing a file and placing a legal hold: the two dialogs of the Retention screen."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from safefile.retention import closing
from safefile.ui.day import vault_today
from safefile.ui.program.common import (
    client_combo,
    date_edit,
    message_label,
    policy_panel,
    to_date,
)
from safefile.ui.worker import VaultService, VaultWorker, plain_message


class _Form(QDialog):
    saved = Signal()

    def __init__(
        self, service: VaultService, title: str, intro: str, parent: QWidget | None
    ) -> None:
        super().__init__(parent)
        self.service = service
        self.setWindowTitle(title)
        self.form = QFormLayout()
        self.message = message_label()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        text = QLabel(intro)
        text.setWordWrap(True)
        self.body = QVBoxLayout(self)
        self.body.addWidget(text)
        self.body.addLayout(self.form)
        self.body.addWidget(self.message)
        self.body.addWidget(self.buttons)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

    def _row(self, label: str, widget: QWidget) -> None:
        caption = QLabel(label)
        caption.setBuddy(widget)
        widget.setAccessibleName(label.replace("&", ""))
        self.form.addRow(caption, widget)

    def _run(self, job: object) -> None:
        def failed(exc: Exception) -> None:
            self.message.setText(plain_message(exc))

        def done(_: object) -> None:
            self.saved.emit()
            self.accept()

        self.service.submit(job, done, failed)  # type: ignore[arg-type]

    def save(self) -> None:  # pragma: no cover - each form has its own
        raise NotImplementedError


class CloseFileDialog(_Form):
    def __init__(self, service: VaultService, parent: QWidget | None = None) -> None:
        super().__init__(
            service,
            "Close a file",
            "Close a client's file when services end. The retention period counts from the "
            "date you give; the file can be reopened until it is destroyed.",
            parent,
        )
        self.client = client_combo(service, self, status="open")
        self.on = date_edit(vault_today(self.service))
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("for example: services ended, moved away")
        self._row("&Client", self.client)
        self._row("&Closed on", self.on)
        self._row("&Reason", self.reason)

    def save(self) -> None:
        cid, on, reason = self.client.currentData(), to_date(self.on), self.reason.text()
        if cid is None:
            self.message.setText("Choose the client whose file to close.")
            return
        self._run(
            lambda w: closing.close_file(w.require(), int(cid), on, reason, actor=w.require().actor)
        )


class HoldDialog(_Form):
    def __init__(self, service: VaultService, parent: QWidget | None = None) -> None:
        super().__init__(
            service,
            "Place a legal hold",
            "A file under a legal hold (a subpoena received, litigation) is never destroyed, "
            "whatever the retention policy, until you release the hold.",
            parent,
        )
        self.client = client_combo(service, self)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("for example: subpoena received 2026-11-20")
        self._row("&Client", self.client)
        self._row("&Reason", self.reason)
        self.setMinimumWidth(480)
        self.policies = policy_panel(service, ("policy_legal_demand",), self.adjustSize)
        self.body.insertWidget(1, self.policies)

    def save(self) -> None:
        cid, reason = self.client.currentData(), self.reason.text()
        if cid is None:
            self.message.setText("Choose the client whose file to hold.")
            return

        def job(w: VaultWorker) -> None:
            closing.place_hold(w.require(), int(cid), reason, actor=w.require().actor)

        self._run(job)
