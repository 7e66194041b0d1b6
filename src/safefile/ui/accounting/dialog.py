"""A client's accounting of disclosures (HIPAA 164.528), opened from their file.

The list comes from :mod:`safefile.consent.accounting` (the same list the command line
prints); saving it as a PDF takes its own recorded road out (the printed record of
sharing with the accounting purpose), like every export.  The window title names no
client.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from safefile.consent import accounting, log_print
from safefile.consent.log_view import LogFilter
from safefile.export.exporter import ExportResult, check_destination
from safefile.export.log_report import export_log_pdf
from safefile.ui.choosers import save_pdf_path
from safefile.ui.day import vault_today
from safefile.ui.tables import RowsModel, table_view
from safefile.ui.worker import VaultService, VaultWorker, plain_message


def _cells(x: accounting.Disclosure) -> tuple[str, ...]:
    who = x.recipient + (f" ({x.person})" if x.person else "")
    return (x.on, who, x.address, x.what, x.purpose, f"{x.road}; {x.method}", x.entry)


class AccountingDialog(QDialog):
    def __init__(self, service: VaultService, client_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Accounting of disclosures")
        self.service, self.client_id = service, client_id
        self.exported: ExportResult | None = None
        self.model: RowsModel[accounting.Disclosure] = RowsModel(
            ("Date", "Recipient", "Address", "What", "Purpose", "Basis and how", "Entry"), _cells
        )
        self.table = table_view(
            self.model, "Disclosures in the past six years", (90, 160, 140, 160, 140, 200)
        )
        intro = QLabel(
            "Every time information from this client's file was given out in the past six "
            "years: exports, calls, letters and disclosures required by law. Refusals are not "
            "disclosures and are not listed. The client may ask for this list."
        )
        intro.setWordWrap(True)
        self.message = QLabel("")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setAccessibleName("Message")
        self.save_button = QPushButton("&Save as PDF for the client…")
        # The PDF is in the language the client reads; this adds it in English after it,
        # for the program's file (issue 24).
        self.bilingual = QCheckBox("Also in &English, after it (for the file)")
        self.bilingual.setAccessibleName("Also in English, after it, for the file")
        close = QPushButton("&Close")
        row = QHBoxLayout()
        row.addWidget(self.message, 1)
        row.addWidget(self.bilingual)
        row.addWidget(self.save_button)
        row.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        self.resize(980, 420)
        close.clicked.connect(self.reject)
        self.save_button.clicked.connect(self._save_clicked)
        cid = client_id
        service.submit(lambda w: accounting.disclosures(w.require(), cid), self._show)

    def _show(self, items: list[accounting.Disclosure]) -> None:
        self.model.set_items(items)
        self.message.setText(
            f"{len(items)} disclosure{'s' if len(items) != 1 else ''} since "
            f"{accounting.since(vault_today(self.service))}."
        )

    def _save_clicked(self) -> None:
        path = save_pdf_path(
            self,
            "Save the accounting of disclosures",
            f"accounting-of-disclosures-{vault_today(self.service)}.pdf",
        )
        if path is not None:
            self.save_pdf(path)

    def save_pdf(self, path: Path) -> None:
        cid, both = self.client_id, self.bilingual.isChecked()

        def job(w: VaultWorker) -> ExportResult:
            v = w.require()
            dest = check_destination(path)  # before anything is recorded as printed
            grant = log_print.print_log(
                v, log_print.ACCOUNTING, LogFilter(client_id=cid), actor=v.actor
            )
            return export_log_pdf(v, grant, dest, bilingual=both, actor=v.actor)

        self.save_button.setEnabled(False)
        self.message.setText("Saving the PDF…")
        self.service.submit(job, self._saved, self._failed)

    def _saved(self, result: ExportResult) -> None:
        self.exported = result
        self.save_button.setEnabled(True)
        self.message.setText(
            f"Saved {result.pages} page(s) to {result.path}. Recorded in the record of "
            f"sharing as {result.decision_ref}."
        )

    def _failed(self, exc: Exception) -> None:
        self.save_button.setEnabled(True)
        self.message.setText(plain_message(exc))
