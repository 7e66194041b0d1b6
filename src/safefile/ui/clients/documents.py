"""Attach a document to a client's file.

The file the user picks is read on the vault's thread and stored encrypted in the
vault (records.attach); SafeFile never writes a document back out to disk to show
it, so there is no "open" here: the list shows what is kept, not the content.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from safefile.records.documents import DOC_TYPES
from safefile.records.program_categories import ProgramCategory


def choose_file(parent: QWidget, caption: str) -> Path | None:
    """Qt's own file chooser: the desktop's native one records names in "recent files"."""
    name, _ = QFileDialog.getOpenFileName(
        parent,
        caption,
        "",
        "Documents (*.pdf *.png *.jpg *.jpeg *.tif *.tiff *.txt);;All files (*)",
        options=QFileDialog.Option.DontUseNativeDialog,
    )
    return Path(name) if name else None


def size_text(size: int) -> str:
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / 1024 / 1024:.1f} MB"


class AttachDialog(QDialog):
    """Title, kind and category of a document the user picked; ``chosen(path, title, kind,
    category)`` on Attach (category "" for none)."""

    chosen = Signal(object, str, str, str)

    def __init__(
        self,
        path: Path,
        parent: QWidget | None = None,
        categories: tuple[ProgramCategory, ...] = (),
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Attach a document")
        self.path = path
        intro = QLabel(
            "The document is copied into the vault, encrypted. You may delete your own copy "
            "afterwards if you no longer need it."
        )
        intro.setWordWrap(True)
        file_label = QLabel(path.name)
        file_label.setTextFormat(Qt.TextFormat.PlainText)
        file_label.setAccessibleName("File")
        self.title = QLineEdit(path.stem)
        self.title.setAccessibleName("Title")
        self.kind = QComboBox()
        self.kind.addItems(list(DOC_TYPES))
        self.kind.setCurrentText("other")
        self.kind.setAccessibleName("Kind of document")
        form = QFormLayout()
        form.addRow("File", file_label)
        form.addRow("&Title", self.title)
        form.addRow("&Kind", self.kind)
        self.category = QComboBox()
        self.category.setObjectName("documentCategory")
        self.category.setAccessibleName("Category of information it belongs to")
        self.category.addItem("Documents (no category of its own)", "")
        for c in categories:
            self.category.addItem(f"{c.name}: only under a release naming it", c.code)
        form.addRow("&Category", self.category)
        self.attach_button = QPushButton("&Attach")
        self.attach_button.setDefault(True)
        cancel = QPushButton("Cancel")
        cancel.setAutoDefault(False)
        row = QHBoxLayout()
        row.addStretch()
        row.addWidget(cancel)
        row.addWidget(self.attach_button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addLayout(row)
        cancel.clicked.connect(self.reject)
        self.attach_button.clicked.connect(self._attach)
        self.title.setFocus()
        self.title.selectAll()

    def _attach(self) -> None:
        self.chosen.emit(
            self.path, self.title.text(), self.kind.currentText(), self.category.currentData()
        )
        self.accept()
