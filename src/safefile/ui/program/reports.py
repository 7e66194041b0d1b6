"""Funder reports (counts only, small counts hidden) and de-identified material.

The form picks the table: the program's own counts, VOCA's PMT or the FVPSA report
(reports/funder.py); the table is shown before anything is saved."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from safefile.export.exporter import ExportResult
from safefile.reports import counts, deidentified, funder, output
from safefile.ui.day import vault_today
from safefile.ui.program.common import date_edit, message_label, to_date
from safefile.ui.tables import RowsModel, table_view
from safefile.ui.worker import VaultService, VaultWorker, plain_message

Row = tuple[str, str, str, str]
FORMS = (
    ("program", "The program's own counts"),
    ("pmt", "VOCA performance measures (PMT, quarterly)"),
    ("fvpsa", "FVPSA performance report (annual)"),
)


def _save_path(parent: QWidget, title: str, name: str, pattern: str) -> Path | None:
    path, _ = QFileDialog.getSaveFileName(
        parent,
        title,
        str(Path.home() / name),
        pattern,
        options=QFileDialog.Option.DontUseNativeDialog,
    )
    return Path(path) if path else None


def hours_note(report: counts.Report) -> str:
    """Why an Hours cell is blank: hours are counted for services only, and hidden with
    a count that is hidden (they could give it away)."""
    text = "Hours are counted for services only, so client and program counts have none."
    hidden = any(c.count is not None and c.hours is None for c in report.services)
    if hidden or any(c.count is None for c in report.services) or report.services_hours_hidden:
        text += (
            f' Where a count shows as "fewer than {report.min_count}", or could be worked '
            "out from the hours, its hours are left blank too."
        )
    return text


class ReportsPage(QWidget):
    def __init__(self, service: VaultService) -> None:
        super().__init__()
        self.service = service
        self.report: counts.Report | funder.FunderReport | None = None
        today = vault_today(service)
        self.form = QComboBox()
        self.form.setObjectName("report_form")
        # the forms' long names must not widen the window past a small screen
        self.form.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.form.setMinimumContentsLength(16)
        for key, label in FORMS:
            self.form.addItem(label, key)
        self.start = date_edit(date(today.year, 1, 1))
        self.end = date_edit(today)
        self.min_count = QSpinBox()
        self.min_count.setRange(2, 50)
        self.min_count.setValue(counts.DEFAULT_MIN_COUNT)
        self.show_button = QPushButton("&Show the report")
        self.csv_button = QPushButton("Save as &CSV…")
        self.pdf_button = QPushButton("Save as &PDF…")
        self.deid_button = QPushButton("De-identified &material…")
        self.model: RowsModel[Row] = RowsModel(
            ("Section", "Measure", "Count", "Hours"), lambda r: r
        )
        self.table = table_view(self.model, "Funder report", (150, 300, 110, 80))
        self.message = message_label("info")
        self.error = message_label()
        self.hours_note = QLabel("")  # why an Hours cell is blank (issue 23)
        self.hours_note.setWordWrap(True)
        self.hours_note.setAccessibleName("About the Hours column")
        form = QHBoxLayout()
        for label, w in (
            ("F&orm", self.form),
            ("&From", self.start),
            ("&To", self.end),
            ("&Smallest count shown", self.min_count),
        ):
            caption = QLabel(label)
            caption.setBuddy(w)
            w.setAccessibleName(label.replace("&", ""))
            form.addWidget(caption)
            form.addWidget(w)
        form.addWidget(self.show_button)
        form.addStretch()
        buttons = QHBoxLayout()
        for b in (self.csv_button, self.pdf_button):
            b.setEnabled(False)
            buttons.addWidget(b)
        buttons.addStretch()
        buttons.addWidget(self.deid_button)
        intro = QLabel(
            "Counts for funders: no names, numbers or dates of birth. A count from 1 to 4 "
            '(with the usual 5) shows as "fewer than 5", and so does any count it could be '
            "worked out from. Saving a report records it in the record of sharing as "
            "de-identified material."
        )
        intro.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.hours_note)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        layout.addWidget(self.error)
        self.show_button.clicked.connect(self.build)
        self.csv_button.clicked.connect(lambda: self.save("csv"))
        self.pdf_button.clicked.connect(lambda: self.save("pdf"))
        self.deid_button.clicked.connect(self.open_deidentified)

    def refresh(self) -> None:
        pass  # a report is made when asked for

    def clear(self) -> None:
        self.report = None
        self.model.clear()
        self.message.clear()
        self.error.clear()
        self.hours_note.clear()
        self.csv_button.setEnabled(False)
        self.pdf_button.setEnabled(False)

    def build(self) -> None:
        a, b, n = to_date(self.start), to_date(self.end), self.min_count.value()
        form = str(self.form.currentData())
        self.error.clear()
        self.message.clear()

        def job(w: VaultWorker) -> counts.Report | funder.FunderReport:
            vault = w.require()
            if form == "program":
                return counts.build(vault, a, b, n)
            return funder.build(vault, form, a, b, n)

        self.service.submit(job, self._shown, lambda exc: self.error.setText(plain_message(exc)))

    def _shown(self, report: counts.Report | funder.FunderReport) -> None:
        self.report = report
        table = isinstance(report, funder.FunderReport)
        if isinstance(report, funder.FunderReport):
            self.model.set_items([(s, m, c, "") for s, m, c in report.table()])
            self.hours_note.clear()  # the funder's tables count people and times, not hours
        else:
            self.model.set_items(report.rows())
            self.hours_note.setText(hours_note(report))
        # the funder's tables have no hours: their measures get the room instead
        self.table.setColumnHidden(3, table)
        self.table.setColumnWidth(0, 240 if table else 150)
        self.table.setColumnWidth(1, 620 if table else 300)
        self.csv_button.setEnabled(True)
        self.pdf_button.setEnabled(True)

    def save(self, kind: str, dest: Path | None = None) -> None:
        report = self.report
        if report is None:
            return
        form = report.form if isinstance(report, funder.FunderReport) else "funder"
        dest = dest or _save_path(
            self,
            "Save the funder report",
            f"{form}-report-{report.start}-{report.end}.{kind}",
            f"{kind.upper()} (*.{kind})",
        )
        if dest is None:
            return
        target = dest

        def job(w: VaultWorker) -> ExportResult:
            vault = w.require()
            if isinstance(report, funder.FunderReport):
                write = output.write_funder_csv if kind == "csv" else output.write_funder_pdf
                return write(vault, report, target, actor=vault.actor)
            return (output.write_csv if kind == "csv" else output.write_pdf)(
                vault, report, target, actor=vault.actor
            )

        self.service.submit(
            job,
            lambda r: self.message.setText(
                f"Saved {r.path}. It is recorded as de-identified material ({r.written_ref})."
            ),
            lambda exc: self.error.setText(plain_message(exc)),
        )

    def open_deidentified(self) -> DeidentifiedDialog:
        d = DeidentifiedDialog(self.service, self)
        d.open()
        return d


class DeidentifiedDialog(QDialog):
    """Material for consultation, teaching or training, with identifying details removed."""

    def __init__(self, service: VaultService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.setWindowTitle("De-identified material")
        self.purpose = QComboBox()
        self.purpose.addItems(deidentified.PURPOSES)
        self.description = QLineEdit()
        self.description.setPlaceholderText("for example: a case for peer consultation")
        self.text = QPlainTextEdit()
        self.text.setPlaceholderText(
            "Write the material without names, numbers, full dates or places. "
            "Use 'a woman in her thirties', 'in the spring'."
        )
        self.message = message_label()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText("Save as PDF…")
        form = QFormLayout()
        for label, w in (("&Purpose", self.purpose), ("&What it is", self.description)):
            caption = QLabel(label)
            caption.setBuddy(w)
            w.setAccessibleName(label.replace("&", ""))
            form.addRow(caption, w)
        intro = QLabel(
            "No release is needed for de-identified material, but it is recorded. SafeFile "
            "refuses it while it still holds a client's name, a case number or a full date."
        )
        intro.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.resize(640, 480)
        self.buttons.accepted.connect(lambda: self.save())
        self.buttons.rejected.connect(self.reject)

    def save(self, dest: Path | None = None) -> None:
        purpose, desc, text = (
            self.purpose.currentText(),
            self.description.text(),
            self.text.toPlainText(),
        )

        def check(found: list[str]) -> None:
            if found:
                self.message.setText(
                    "The material still holds " + ", ".join(found) + ". Remove it first."
                )
                return
            target = dest or _save_path(
                self, "Save the material", "deidentified.pdf", "PDF (*.pdf)"
            )
            if target is None:
                return
            self.service.submit(
                lambda w: deidentified.write_pdf(
                    w.require(), purpose, desc, text, target, actor=w.require().actor
                ),
                lambda _: self.accept(),
                lambda exc: self.message.setText(plain_message(exc)),
            )

        self.service.submit(
            lambda w: deidentified.identifying(w.require(), text + "\n" + desc), check
        )
