"""Where a file the user saves goes first: their Documents folder (or home), never the
folder the program was started from (a bare file name there landed in the program's own
folder, issue 23). Qt's own chooser, as everywhere (ui/main_window.py says why)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget


def start_folder() -> Path:
    """The user's Documents folder when there is one, else their home folder."""
    docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    folder = Path(docs) if docs else Path.home()
    return folder if folder.is_dir() else Path.home()


def save_pdf_path(parent: QWidget, title: str, name: str) -> Path | None:
    """Ask where to save a PDF, starting at ``name`` in :func:`start_folder`; the path
    chosen always ends in .pdf (None: cancelled)."""
    chosen, _ = QFileDialog.getSaveFileName(
        parent,
        title,
        str(start_folder() / name),
        "PDF files (*.pdf)",
        options=QFileDialog.Option.DontUseNativeDialog,
    )
    if not chosen:
        return None
    path = Path(chosen)
    return path if path.suffix.lower() == ".pdf" else path.with_name(path.name + ".pdf")
