"""Send information to someone: choose, see the gate's decision in plain words, then save.

Nothing is written until the gate has allowed it and the user has read what the
file will contain and what happens to it once it leaves.  The decision itself
(and every refusal) is made and recorded by the core's consent gate.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)  # fmt: skip

from safefile.consent import gate
from safefile.export.exporter import ExportResult, export_pdf
from safefile.ui.share.choices import category_boxes, recipient_combo
from safefile.ui.worker import VaultService, VaultWorker, plain_message

AFTER_IT_LEAVES = (
    "Once this file leaves, SafeFile cannot protect it: the recipient may share it further, "
    "and an emailed file can be forwarded. Send it only as the release allows."
)


class ShareDialog(QDialog):
    def __init__(
        self, service: VaultService, client_id: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Send information")
        self.service, self.client_id = service, client_id
        self.grant: gate.Grant | None = None
        self.exported: ExportResult | None = None
        form = QFormLayout()
        self.recipient = recipient_combo(service)
        form.addRow("Send to", self.recipient)
        self.categories, boxes = category_boxes()
        form.addRow("What to send", boxes)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText("optional: protect the PDF with a password")
        self.password.setAccessibleName("PDF password")
        form.addRow("Password", self.password)
        self.decision = QLabel("Choose the recipient and what to send, then check.")
        self.decision.setWordWrap(True)
        self.decision.setAccessibleName("Decision")
        self.check_button = QPushButton("Check the release")
        self.save_button = QPushButton("Save PDF…")
        self.save_button.setEnabled(False)
        buttons = QHBoxLayout()
        buttons.addStretch()
        buttons.addWidget(self.check_button)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.decision)
        layout.addLayout(buttons)
        self.resize(620, 520)
        self.check_button.clicked.connect(self.check)
        self.save_button.clicked.connect(lambda: self.save(None))
        for box in self.categories.values():
            box.toggled.connect(self._changed)
        self.recipient.currentIndexChanged.connect(self._changed)

    def _changed(self) -> None:
        self.grant = None
        self.save_button.setEnabled(False)

    def chosen(self) -> tuple[str, ...]:
        return tuple(c for c, box in self.categories.items() if box.isChecked())

    def check(self) -> None:
        cats, org = self.chosen(), self.recipient.currentData()
        if not cats or org is None:
            self.decision.setText("Choose a recipient and at least one kind of information.")
            return
        request = gate.ExportRequest(self.client_id, int(org), cats)
        self.service.submit(lambda w: gate.decide(w.require(), request), self._decided,
                            lambda e: self.decision.setText(plain_message(e)))  # fmt: skip

    def _decided(self, result: gate.Grant | gate.Refusal) -> None:
        if isinstance(result, gate.Refusal):
            self.grant = None
            self.save_button.setEnabled(False)
            self.decision.setText(
                "Not allowed. SafeFile will not send this because:\n"
                + "\n".join(f"- {r}" for r in result.reasons)
                + f"\n(recorded as {result.log_ref})"
            )
            return
        self.grant = result
        lines = [f"Allowed by release {result.release_ref}, valid until {result.expires_on}.",
                 f"The PDF will contain: {', '.join(result.categories)} of this client only.",
                 *(f"- {x}" for x in result.left_out), "", AFTER_IT_LEAVES]  # fmt: skip
        self.decision.setText("\n".join(lines))
        self.save_button.setEnabled(True)

    def save(self, path: Path | None) -> None:
        if self.grant is None:
            return
        if path is None:
            name, _ = QFileDialog.getSaveFileName(self, "Save the PDF", "", "PDF files (*.pdf)")
            if not name:
                return
            path = Path(name)
        grant, password = self.grant, self.password.text() or None
        self.grant = None
        self.save_button.setEnabled(False)

        def job(w: VaultWorker) -> ExportResult:
            return export_pdf(w.require(), grant, path, password=password)

        self.service.submit(job, self._saved, lambda e: self.decision.setText(plain_message(e)))

    def _saved(self, result: ExportResult) -> None:
        self.exported = result
        self.password.clear()
        self.decision.setText(
            f"Saved {result.pages} page(s) to {result.path}.\n"
            f"Recorded in the record of sharing as {result.decision_ref}."
        )
