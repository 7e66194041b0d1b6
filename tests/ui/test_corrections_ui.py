"""Correcting what was entered, from the app: a service entry corrected or voided (with the
reason kept and shown), a note dated for its session, a draft changed or deleted."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox
from pytestqt.qtbot import QtBot

from safefile import records
from safefile.records.models import NoteIn, ServiceIn
from safefile.ui.clients.corrections import (
    CorrectServiceDialog,
    EditDraftDialog,
    VoidServiceDialog,
)
from safefile.ui.clients.entry import NoteDialog
from safefile.ui.main_window import MainWindow
from tests.ui.helpers import open_client, run_job, unlocked
from tests.ui.pages import FilePage

TODAY = date.today()


def _modal(qtbot: QtBot, kind: type[QDialog]) -> Any:
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), kind))
    return QApplication.activeModalWidget()


def test_correct_then_void_a_service(qtbot: QtBot, window: MainWindow) -> None:
    unlocked(qtbot, window)
    run_job(
        qtbot,
        window,
        lambda w: records.add_service(
            w.require(),
            ServiceIn(client_id=1, on_date=TODAY, type="Intake", minutes=300, note="Intake"),
            actor=w.require().actor,
        ),
    )
    open_client(qtbot, window, 1)
    tab = window.clients.file_view.services
    FilePage(window.clients.file_view).go_to("services")
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1)
    tab.table.selectRow(0)
    qtbot.mouseClick(tab.correct_button, Qt.MouseButton.LeftButton)
    d = _modal(qtbot, CorrectServiceDialog)
    assert d.minutes.value() == 300 and d.note.text() == "Intake"  # filled in with the entry
    d.minutes.setValue(30)
    qtbot.keyClicks(d.reason, "300 was a typing mistake for 30")
    with qtbot.waitSignal(d.saved, timeout=10_000):
        qtbot.mouseClick(d.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.model.rowCount() == 2)
    texts = tab.model.texts()
    assert any(t.startswith("corrected by") and "typing mistake" in t for t in texts)

    current = next(i for i, s in enumerate(tab.model.items) if not s.voided)
    tab.table.selectRow(current)
    qtbot.mouseClick(tab.void_button, Qt.MouseButton.LeftButton)
    d = _modal(qtbot, VoidServiceDialog)
    qtbot.mouseClick(d.save_button, Qt.MouseButton.LeftButton)  # no reason: refused, kept open
    qtbot.waitUntil(lambda: "say why" in d.message.text())
    assert d.isVisible()
    qtbot.keyClicks(d.reason, "entered in the wrong file")
    with qtbot.waitSignal(d.saved, timeout=10_000):
        qtbot.mouseClick(d.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: all(s.voided for s in tab.model.items))
    tab.table.selectRow(0)
    assert not tab.correct_button.isEnabled() and not tab.void_button.isEnabled()
    counted = run_job(qtbot, window, lambda w: records.list_services(w.require(), 1))
    assert counted == []


def test_a_note_is_dated_for_its_session(qtbot: QtBot, window: MainWindow) -> None:
    unlocked(qtbot, window)
    open_client(qtbot, window, 1)
    d = window.clients.entry("note")
    assert isinstance(d, NoteDialog)
    qtbot.addWidget(d)
    d.on.setDate(QDate.currentDate().addDays(-3))
    qtbot.keyClicks(d.data, "Met at the office.")
    with qtbot.waitSignal(d.saved, timeout=10_000):
        qtbot.mouseClick(d.save_button, Qt.MouseButton.LeftButton)
    [note] = run_job(qtbot, window, lambda w: records.list_notes(w.require(), 1))
    assert note.on_date == TODAY - timedelta(days=3)


def test_change_and_delete_a_draft(qtbot: QtBot, window: MainWindow) -> None:
    unlocked(qtbot, window)
    run_job(
        qtbot,
        window,
        lambda w: records.add_note(
            w.require(),
            NoteIn(client_ids=(1,), on_date=TODAY, data="Phone check-in."),
            actor=w.require().actor,
        ),
    )
    open_client(qtbot, window, 1)
    tab = window.clients.file_view.notes
    FilePage(window.clients.file_view).go_to("notes")
    qtbot.waitUntil(lambda: tab.list.model.rowCount() == 1)
    tab.list.table.selectRow(0)
    qtbot.mouseClick(tab.edit_button, Qt.MouseButton.LeftButton)
    d = _modal(qtbot, EditDraftDialog)
    d.sections["data"].setPlainText("Phone check-in; she is safe.")
    with qtbot.waitSignal(d.saved, timeout=10_000):
        qtbot.mouseClick(d.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.list.model.items[0].data == "Phone check-in; she is safe.")
    tab.list.table.selectRow(0)
    box = tab.confirm_delete()
    assert isinstance(box, QMessageBox) and "cannot be brought back" in box.text()
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.list.model.rowCount() == 0)
    assert run_job(qtbot, window, lambda w: records.list_notes(w.require(), 1)) == []
