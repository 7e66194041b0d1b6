"""The record of sharing for the whole program: filter it, read an entry, record a request,
add a correction, and save it as a PDF to print (through the consent module, and logged).

The rows come in plain words from the core (consent/log_view.select) on the worker
thread; this screen only shows them.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from safefile import records
from safefile.consent import log_print, log_view
from safefile.consent.log import Entry
from safefile.consent.log_view import LogFilter, LogRow
from safefile.export.exporter import ExportResult, Verified, check_destination, check_export
from safefile.export.log_report import export_log_pdf
from safefile.records.models import Client
from safefile.ui.choosers import save_pdf_path, start_folder
from safefile.ui.day import vault_today
from safefile.ui.log.dialogs import PRINT_HINT, CorrectionDialog, PrintDialog
from safefile.ui.log.model import LogTableModel
from safefile.ui.log.request import RequestDialog
from safefile.ui.tables import table_view
from safefile.ui.worker import VaultService, VaultWorker, plain_message

ANY_DATE = QDate(2000, 1, 1)  # shown as "any": no limit


def _date_edit(name: str) -> QDateEdit:
    edit = QDateEdit()
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setMinimumDate(ANY_DATE)
    edit.setSpecialValueText("any")
    edit.setDate(ANY_DATE)
    edit.setAccessibleName(name)
    edit.setFixedWidth(125)
    return edit


def _day(edit: QDateEdit) -> date | None:
    q = edit.date()
    return None if q == ANY_DATE else date(q.year(), q.month(), q.day())


VERIFY_HINT = (
    "Someone shows you a PDF said to come from here (a court, an agency)? Choose it: SafeFile "
    "says whether this vault exported it and it is unchanged, and which entry of the record "
    "of sharing it belongs to."
)


def verified_words(entry: Entry) -> str:
    """What the user is told about a PDF this vault exported (as ``verify-export`` says)."""
    return (
        f"This PDF was exported from this vault on {entry.at[:16].replace('T', ' ')} and is "
        f"unchanged. Record of sharing: {entry.detail.get('for')} (file recorded as "
        f"{entry.ref}), to {entry.detail.get('recipient')}."
    )


def describe(row: LogRow) -> str:
    """Every field of an entry, one a line, in plain words (shown as plain text)."""
    return "\n".join(f"{label}: {value}" for label, value in row.fields)


class LogPage(QWidget):
    def __init__(self, service: VaultService) -> None:
        super().__init__()
        self.service = service
        self.model = LogTableModel()
        self.exported: ExportResult | None = None
        self._generation = 0  # each reload of the rows
        self._epoch = 0  # each clear (lock)
        self._shown_filter = LogFilter()
        # --- filters ---------------------------------------------------------------
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search the record of sharing")
        self.search.setAccessibleName("Search the record of sharing")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(160)
        self.kind = QComboBox()
        self.kind.setAccessibleName("Kind of entry")
        for key, words in log_view.GROUPS.items():
            self.kind.addItem(words, key)
        self.client = QComboBox()
        self.client.setAccessibleName("Client")
        self.client.addItem("All clients", None)
        for combo in (self.kind, self.client):
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(16)
        self.date_from = _date_edit("From date")
        self.date_to = _date_edit("To date")
        for combo in (self.kind, self.client):  # long kinds and names must not widen the
            combo.setSizeAdjustPolicy(  # window past the screen at larger text sizes
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(10)
        filters = QHBoxLayout()
        for text, widget, stretch in (
            ("&Search", self.search, 2),
            ("&Kind", self.kind, 0),
            ("C&lient", self.client, 1),
            ("&From", self.date_from, 0),
            ("&To", self.date_to, 0),
        ):
            label = QLabel(text)
            label.setBuddy(widget)
            label.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Preferred)
            label.setMinimumWidth(label.fontMetrics().horizontalAdvance(text.replace("&", "")) + 4)
            filters.addWidget(label)
            filters.addWidget(widget, stretch)
        # --- the table and the entry --------------------------------------------------
        self.table = table_view(
            self.model,
            "Entries of the record of sharing, newest first",
            (145, 115, 170, 125, 180, 205),
        )
        self.detail = QPlainTextEdit()
        self.detail.setReadOnly(True)
        self.detail.setAccessibleName("The chosen entry")
        self.detail.setPlaceholderText("Choose an entry to see everything it records.")
        self.split = QSplitter()
        self.split.setChildrenCollapsible(False)
        self.split.addWidget(self.table)
        self.split.addWidget(self.detail)
        self.split.setStretchFactor(0, 1)
        self.split.setSizes([1000, 300])  # fits 1366x768
        # --- actions -------------------------------------------------------------------
        self.request_button = QPushButton("&Record a request…")
        self.request_button.setAccessibleName("Record a request for information")
        self.correct_button = QPushButton("Add a c&orrection…")
        self.correct_button.setAccessibleName("Add a correction to the chosen entry")
        self.correct_button.setEnabled(False)
        self.print_button = QPushButton("Save as &PDF to print…")
        self.print_button.setAccessibleName("Save the record of sharing as a PDF to print")
        self.print_button.setToolTip(PRINT_HINT)
        self.verify_button = QPushButton("Chec&k a PDF someone shows you…")  # issue 23
        self.verify_button.setAccessibleName("Check whether a PDF was sent from here, unchanged")
        self.verify_button.setToolTip(VERIFY_HINT)
        # An encrypted PDF is checked with its password (verify-export --password-prompt).
        self.verify_password = QLineEdit()
        self.verify_password.setEchoMode(QLineEdit.EchoMode.Password)
        self.verify_password.setAccessibleName("Password of the PDF to check, if it has one")
        self.verify_password.setPlaceholderText("only for a PDF with a password")
        self.verify_password.setMaximumWidth(260)
        password_label = QLabel("Its pass&word:")
        password_label.setBuddy(self.verify_password)
        self.count = QLabel("")
        self.count.setAccessibleName("Number of entries shown")
        self.hint = QLabel("To print: save as PDF, then print it from your PDF viewer.")
        self.hint.setToolTip(PRINT_HINT)
        self.hint.setWordWrap(True)  # at larger text it wraps instead of widening the window
        actions = QHBoxLayout()
        actions.addWidget(self.count)
        actions.addStretch(1)
        actions.addWidget(self.request_button)
        actions.addWidget(self.correct_button)
        actions.addWidget(self.print_button)
        actions.addWidget(self.verify_button)
        checking = QHBoxLayout()
        checking.addStretch(1)
        checking.addWidget(password_label)
        checking.addWidget(self.verify_password)
        self.message = QLabel("")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setAccessibleName("Message")
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.split, 1)
        layout.addLayout(actions)
        layout.addLayout(checking)
        # its own line: a wrapped label beside buttons was given one line's height and cut
        self.hint.setAlignment(Qt.AlignmentFlag.AlignRight)
        layout.addWidget(self.hint)
        layout.addWidget(self.message)
        # --- wiring --------------------------------------------------------------------
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(200)
        self._debounce.timeout.connect(self.reload)
        self.search.textChanged.connect(lambda _: self._debounce.start())
        for combo in (self.kind, self.client):
            combo.currentIndexChanged.connect(lambda _: self.reload())
        for edit in (self.date_from, self.date_to):
            edit.dateChanged.connect(lambda _: self._debounce.start())
        self.table.selectionModel().currentRowChanged.connect(lambda cur, _: self._show(cur.row()))
        self.model.modelReset.connect(lambda: self._show(-1))
        self.request_button.clicked.connect(lambda: self.record_request().open())
        self.correct_button.clicked.connect(self._correct_clicked)
        self.print_button.clicked.connect(self._print_clicked)
        self.verify_button.clicked.connect(self._verify_clicked)
        widgets = [
            self.search,
            self.kind,
            self.client,
            self.date_from,
            self.date_to,
            self.table,
            self.detail,
            self.request_button,
            self.correct_button,
            self.print_button,
        ]
        for first, second in zip(widgets, widgets[1:], strict=False):
            self.setTabOrder(first, second)

    # --- loading ------------------------------------------------------------------------
    def current_filter(self) -> LogFilter:
        data = self.client.currentData()
        return LogFilter(
            text=self.search.text(),
            group=str(self.kind.currentData() or "all"),
            client_id=None if data is None else int(data),
            date_from=_day(self.date_from),
            date_to=_day(self.date_to),
        )

    def refresh(self) -> None:
        """Load (again) from the vault; called after unlock and when the tab is shown."""
        self._load_clients()
        self.reload()

    def _load_clients(self) -> None:
        epoch = self._epoch

        def fill(clients: list[Client]) -> None:
            if epoch != self._epoch:
                return  # locked since: show nothing
            keep = self.client.currentData()
            self.client.blockSignals(True)
            self.client.clear()
            self.client.addItem("All clients", None)
            for c in clients:
                self.client.addItem(c.name, c.id)
            found = self.client.findData(keep) if keep is not None else 0
            self.client.setCurrentIndex(max(found, 0))
            self.client.blockSignals(False)
            if keep is not None and found < 0:
                self.reload()

        self.service.submit(lambda w: records.list_clients(w.require(), limit=100_000), fill)

    def reload(self) -> None:
        """Ask the core for the rows the filter keeps; the newest answer wins."""
        self._debounce.stop()
        self._generation += 1
        gen, flt = self._generation, self.current_filter()
        selected = self.selected_ref()

        def done(rows: list[LogRow]) -> None:
            if gen != self._generation:
                return  # an older filter, already replaced
            self._shown_filter = flt
            self.model.set_items(rows)
            self.count.setText(f"{len(rows)} entr{'y' if len(rows) == 1 else 'ies'} shown")
            row = self.model.row_of(selected) if selected else -1
            if row >= 0:
                self.table.selectRow(row)

        def failed(exc: Exception) -> None:
            if gen == self._generation:
                self.message.setText(plain_message(exc))

        self.message.clear()
        self.service.submit(lambda w: log_view.select(w.require(), flt), done, failed)

    def clear(self) -> None:
        """Forget everything shown (on lock): rows, the entry, the search, the client names."""
        self._generation += 1
        self._epoch += 1
        self._debounce.stop()
        for widget in (self.search, self.kind, self.client, self.date_from, self.date_to):
            widget.blockSignals(True)
        self.search.clear()
        self.verify_password.clear()
        self.kind.setCurrentIndex(0)
        self.client.clear()
        self.client.addItem("All clients", None)
        self.date_from.setDate(ANY_DATE)
        self.date_to.setDate(ANY_DATE)
        for widget in (self.search, self.kind, self.client, self.date_from, self.date_to):
            widget.blockSignals(False)
        self.model.clear()
        self.detail.clear()
        self.count.clear()
        self.message.clear()
        self.exported = None
        self.print_button.setEnabled(True)  # a save cut short by the lock never answers
        self._shown_filter = LogFilter()
        for dialog in self.findChildren(QDialog):  # already rejected by the lock
            dialog.hide()
            dialog.setParent(None)
            dialog.deleteLater()

    # --- the chosen entry -----------------------------------------------------------------
    def selected_ref(self) -> str | None:
        row = self.table.currentIndex().row()
        return self.model.items[row].ref if 0 <= row < len(self.model.items) else None

    def _show(self, row: int) -> None:
        if 0 <= row < len(self.model.items):
            self.detail.setPlainText(describe(self.model.items[row]))
            self.correct_button.setEnabled(True)
        else:
            self.detail.clear()
            self.correct_button.setEnabled(False)

    # --- actions --------------------------------------------------------------------------
    def record_request(self) -> RequestDialog:
        """The request dialog, the client chosen in it (the caller shows it)."""
        dialog = RequestDialog(self.service, None, self)
        dialog.saved.connect(self._added)
        return dialog

    def correction(self) -> CorrectionDialog | None:
        """The correction dialog for the chosen entry (the caller shows it)."""
        ref = self.selected_ref()
        if ref is None:
            self.message.setText("Choose the entry to correct in the list first.")
            return None
        dialog = CorrectionDialog(self.service, ref, self)
        dialog.saved.connect(self._added)
        return dialog

    def _correct_clicked(self) -> None:
        dialog = self.correction()
        if dialog is not None:
            dialog.open()

    def _added(self, ref: str) -> None:
        self.reload()
        self.message.setText(f"Recorded as {ref}.")

    def _print_clicked(self) -> None:
        dialog = PrintDialog(self.model.rowCount(), self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        purpose, password = dialog.purpose, dialog.password.text() or None
        dialog.password.clear()
        path = save_pdf_path(
            self, "Save the record of sharing", f"record-of-sharing-{vault_today(self.service)}.pdf"
        )
        if path is not None:
            self.save_pdf(path, purpose, password)

    def _verify_clicked(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self,
            "Check a PDF",
            str(start_folder()),
            "PDF files (*.pdf)",
            options=QFileDialog.Option.DontUseNativeDialog,
        )
        if name:
            self.verify_pdf(Path(name))

    def verify_pdf(self, path: Path) -> None:
        """Whether ``path`` is a PDF this vault exported, unchanged, and its seal (as
        ``verify-export`` says; an encrypted PDF with the password typed beside the button)."""
        password = self.verify_password.text() or None
        self.verify_password.clear()  # a secret is not kept on screen

        def done(found: Verified) -> None:
            self.verify_button.setEnabled(True)
            if found.seal.ok:
                sealed = "Seal: intact, covers the whole file, made with this program's seal."
            else:
                sealed = f"Seal: not checked. {found.seal.problem}"
            self.message.setText(f"{verified_words(found.entry)}\n{sealed}")

        def failed(exc: Exception) -> None:
            self.verify_button.setEnabled(True)
            self.message.setText(plain_message(exc))

        self.verify_button.setEnabled(False)
        self.message.setText("Checking the PDF…")
        self.service.submit(lambda w: check_export(w.require(), path, password), done, failed)

    def save_pdf(self, path: Path, purpose: str, password: str | None = None) -> None:
        """Print the entries shown (or the chosen client's accounting) to ``path`` through
        the consent module; the result and its entries are shown."""
        flt = self._shown_filter

        def job(w: VaultWorker) -> ExportResult:
            v = w.require()
            dest = check_destination(path)  # before anything is recorded as printed
            return export_log_pdf(
                v,
                log_print.print_log(v, purpose, flt, actor=v.actor),
                dest,
                password=password,
                actor=v.actor,
            )

        self.print_button.setEnabled(False)
        self.message.setText("Saving the PDF…")
        self.service.submit(job, self._saved, self._failed)

    def _saved(self, result: ExportResult) -> None:
        self.exported = result
        self.print_button.setEnabled(True)
        self.reload()
        self.message.setText(
            f"Saved {result.pages} page(s) to {result.path}. Print it from your PDF viewer. "
            f"Recorded in the record of sharing as {result.decision_ref}."
        )

    def _failed(self, exc: Exception) -> None:
        self.print_button.setEnabled(True)
        self.message.setText(plain_message(exc))
