"""Import from a spreadsheet: choose the file, match its columns to SafeFile's, check, import.

The mapping step lists every column of the spreadsheet with a choice of SafeFile's
columns (or "leave out"); the first rows are shown so the user can see what is
what.  "Check" validates every row and imports nothing; "Import" is all rows or none.
Afterwards the screen says to delete the spreadsheet securely, and why, and can do it.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from safefile.importer import load, reading
from safefile.retention.destroy import shred
from safefile.ui.program.common import message_label
from safefile.ui.worker import VaultService, plain_message

LEAVE_OUT = "(leave out)"


class ImportPage(QWidget):
    def __init__(self, service: VaultService) -> None:
        super().__init__()
        self.service = service
        self.path: Path | None = None
        self.table: reading.Table | None = None
        self.combos: dict[str, QComboBox] = {}
        self.choose_button = QPushButton("C&hoose a CSV file…")
        self.file_label = QLabel("No file chosen.")
        self.file_label.setWordWrap(True)
        self.grid = QGridLayout()
        self.check_button = QPushButton("Chec&k (import nothing)")
        self.import_button = QPushButton("&Import all rows")
        self.delete_button = QPushButton("Delete the spreadsheet now")
        self.delete_button.hide()
        for b in (self.check_button, self.import_button):
            b.setEnabled(False)
        self.message = message_label("info")
        self.error = message_label()
        intro = QLabel(
            "Bring clients and their services in from a spreadsheet saved as CSV (comma or "
            "semicolon, UTF-8 or Windows-1252). One service a row; rows with the same case "
            "number (or name) are one client. Nothing is imported unless every row is right."
        )
        intro.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(self.choose_button)
        top.addWidget(self.file_label, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.check_button)
        buttons.addWidget(self.import_button)
        buttons.addStretch()
        mapping_box = QWidget()
        mapping_box.setLayout(self.grid)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(top)
        layout.addWidget(mapping_box)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        delete_row = QHBoxLayout()
        delete_row.addWidget(self.delete_button)
        delete_row.addStretch()
        layout.addLayout(delete_row)
        layout.addWidget(self.error)
        layout.addStretch()
        self.choose_button.clicked.connect(lambda: self.choose())
        self.check_button.clicked.connect(lambda: self.run(dry_run=True))
        self.import_button.clicked.connect(lambda: self.run(dry_run=False))
        self.delete_button.clicked.connect(self.delete_spreadsheet)

    def refresh(self) -> None:
        pass

    def clear(self) -> None:
        self.path = None
        self.table = None
        self._clear_grid()
        self.file_label.setText("No file chosen.")
        for label in (self.message, self.error):
            label.clear()
        self.delete_button.hide()
        for b in (self.check_button, self.import_button):
            b.setEnabled(False)

    def _clear_grid(self) -> None:
        while self.grid.count():
            item = self.grid.takeAt(0)
            if item and item.widget():
                item.widget().deleteLater()  # type: ignore[union-attr]
        self.combos = {}

    def choose(self, path: Path | None = None) -> None:
        if path is None:
            chosen, _ = QFileDialog.getOpenFileName(
                self,
                "Choose the spreadsheet",
                str(Path.home()),
                "CSV (*.csv *.txt)",
                options=QFileDialog.Option.DontUseNativeDialog,
            )
            if not chosen:
                return
            path = Path(chosen)
        self.error.clear()
        self.message.clear()
        self.delete_button.hide()
        try:
            table = reading.read(path)
        except Exception as exc:
            self.error.setText(plain_message(exc))
            return
        self.path, self.table = path, table
        self.file_label.setText(
            f"{path.name}: {len(table.rows)} rows, read as {table.encoding}, "
            f"separated by '{table.delimiter}'."
        )
        self._mapping(table)
        for b in (self.check_button, self.import_button):
            b.setEnabled(True)

    def _mapping(self, table: reading.Table) -> None:
        self._clear_grid()
        headers = ("Column in the spreadsheet", "SafeFile's column", "First rows")
        for i, h in enumerate(headers):
            self.grid.addWidget(QLabel(f"<b>{h}</b>"), 0, i)
        defaults = load.default_mapping(table.columns)
        for r, col in enumerate(table.columns, start=1):
            combo = QComboBox()
            combo.addItem(LEAVE_OUT, None)
            for f in load.FIELDS:
                combo.addItem(f"{load.LABELS[f].capitalize()} ({f})", f)
            target = defaults.get(col)
            combo.setCurrentIndex(combo.findData(target) if target else 0)
            combo.setAccessibleName(f"SafeFile's column for {col}")
            sample = ", ".join(
                cells[r - 1].replace("\n", " ")[:20]
                for _, cells in table.rows[:3]
                if r - 1 < len(cells)
            )
            self.grid.addWidget(QLabel(col or "(no name)"), r, 0)
            self.grid.addWidget(combo, r, 1)
            self.grid.addWidget(QLabel(sample), r, 2)
            self.combos[col] = combo

    def mapping(self) -> dict[str, str | None]:
        return {col: combo.currentData() for col, combo in self.combos.items()}

    def run(self, *, dry_run: bool) -> None:
        path, mapping = self.path, self.mapping()
        if path is None:
            return
        self.error.clear()
        self.message.clear()

        def done(result: load.ImportResult) -> None:
            if result.dry_run:
                self.message.setText(
                    f"Every row is right: {result.clients} client(s) and {result.services} "
                    "service(s) would be imported. Nothing was imported yet."
                )
                return
            self.message.setText(
                f"Imported {result.clients} client(s) and {result.services} service(s).\n\n"
                + load.DELETE_ADVICE
            )
            self.delete_button.show()
            self.import_button.setEnabled(False)

        self.service.submit(
            lambda w: load.import_csv(
                w.require(), path, mapping=mapping, dry_run=dry_run, actor=w.require().actor
            ),
            done,
            lambda exc: self.error.setText(plain_message(exc)),
        )

    def delete_spreadsheet(self, confirm: bool = True) -> None:
        path = self.path
        if path is None:
            return
        if confirm:
            answer = QMessageBox.question(
                self,
                "Delete the spreadsheet",
                f"Overwrite and delete {path}? Copies elsewhere (email, Downloads, USB drives, "
                "cloud folders) are not touched: delete those too. On an SSD an overwrite is "
                "not a guarantee; full-disk encryption is what protects old copies.",
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        shred(path)
        self.delete_button.hide()
        self.message.setText(f"{path.name} was overwritten and deleted. Empty the Trash too.")
