"""A note and a document put in a program category from the app (issue 26 item 7), and the
release form listing the program's categories with the built-in ones."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from safefile.records import program_categories
from safefile.ui.clients.entry import NoteDialog
from safefile.ui.main_window import MainWindow
from safefile.ui.share.release_form import ReleaseDialog
from tests.ui.helpers import open_client, run_job, unlocked

pytestmark = pytest.mark.usefixtures("qapp")


def test_note_and_document_in_a_category(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    unlocked(qtbot, window)
    open_client(qtbot, window, 1)
    d = window.clients.entry("note")
    assert isinstance(d, NoteDialog)
    qtbot.addWidget(d)
    qtbot.waitUntil(lambda: d.category.count() == 2, timeout=10_000)
    d.category.setCurrentIndex(d.category.findData("substance-use"))
    qtbot.keyClicks(d.data, "Screening done.")
    with qtbot.waitSignal(d.saved, timeout=10_000):
        qtbot.mouseClick(d.save_button, Qt.MouseButton.LeftButton)
    view = window.clients.file_view
    scan = tmp_path / "lab.pdf"
    scan.write_bytes(b"%PDF-1.4 lab")
    qtbot.waitUntil(lambda: len(view.documents.categories) == 1, timeout=10_000)
    attach = view.documents.attach_dialog(scan)
    qtbot.addWidget(attach)
    attach.category.setCurrentIndex(attach.category.findData("substance-use"))
    qtbot.mouseClick(attach.attach_button, Qt.MouseButton.LeftButton)

    def tags(w):  # type: ignore[no-untyped-def]
        v = w.require()
        return program_categories.note_tags(v), program_categories.document_tags(v)

    qtbot.waitUntil(lambda: run_job(qtbot, window, tags)[1] != {}, timeout=10_000)
    notes, docs = run_job(qtbot, window, tags)
    assert list(notes.values()) == ["substance-use"] and list(docs.values()) == ["substance-use"]


def test_release_form_lists_program_categories(qtbot: QtBot, window: MainWindow) -> None:
    unlocked(qtbot, window)
    dialog = ReleaseDialog(window.service, 1)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: "substance-use" in dialog.categories, timeout=10_000)
    box = dialog.categories["substance-use"]
    assert box.text() == "Substance use"
    assert box.toolTip().startswith("substance use disorder records")
    assert list(dialog.categories)[-1] == "substance-use"
