"""Nothing typed is lost (issue 23, item 2): a lock keeps what was typed in a form as a
draft inside the vault, and the same form offers it back after the unlock."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from shiboken6 import isValid

from safefile import records
from safefile.records import drafts
from safefile.records.models import OrgIn
from safefile.store.vault import Vault
from safefile.ui.clients.entry import NoteDialog
from safefile.ui.main_window import MainWindow
from tests.conftest import PASSPHRASE
from tests.ui.helpers import open_client, run_job, unlocked

pytestmark = pytest.mark.usefixtures("qapp")
NOTE = "Client called from a safe phone; discussed the protective order hearing."


@pytest.fixture
def win(qtbot: QtBot, made: Path) -> Iterator[MainWindow]:
    with Vault.open(made, passphrase=PASSPHRASE) as v:
        records.add_org(v, OrgIn.from_input({"name": "Division of Parole"}), actor=v.actor)
    w = MainWindow(made, idle_ms=600_000)
    qtbot.addWidget(w)
    w.show()
    unlocked(qtbot, w)
    open_client(qtbot, w, 1)
    yield w
    w.close()


def _note_dialog(qtbot: QtBot, w: MainWindow) -> NoteDialog:
    dialog = w.clients.entry("note")
    assert isinstance(dialog, NoteDialog)
    dialog.open()
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def test_the_note_dialog_opens_with_the_keyboard_in_its_text(qtbot: QtBot, win: MainWindow) -> None:
    """It opened on "Kind", so text typed at once went nowhere."""
    dialog = _note_dialog(qtbot, win)
    dialog.activateWindow()
    assert dialog.focusWidget() is dialog.data
    qtbot.keyClicks(dialog.focusWidget(), "Typed at once")
    assert dialog.data.toPlainText() == "Typed at once"


def test_a_note_typed_before_the_idle_lock_is_offered_back(
    qtbot: QtBot, win: MainWindow, made: Path
) -> None:
    dialog = _note_dialog(qtbot, win)
    qtbot.keyClicks(dialog.data, NOTE)
    qtbot.keyClicks(dialog.plan, "Call back Tuesday")
    win.set_idle_ms(200)
    win.idle.start()
    started = time.monotonic()
    qtbot.waitUntil(lambda: not win.is_unlocked, timeout=5_000)
    assert not isValid(dialog) or not dialog.isVisible()
    qtbot.waitUntil(lambda: win.service.worker.vault is None, timeout=10_000)
    told = win.unlock.discarded.text()
    assert "Write a note" in told and "kept" in told and "Amina" not in told
    # Inside the vault, encrypted: the vault's file never holds the words in clear.
    for f in made.rglob("*"):
        if f.is_file():
            assert b"protective order" not in f.read_bytes()
    win.set_idle_ms(600_000)
    unlocked(qtbot, win)
    open_client(qtbot, win, 1)
    again = _note_dialog(qtbot, win)
    qtbot.waitUntil(lambda: again.data.toPlainText() == NOTE, timeout=5_000)
    recovered = time.monotonic() - started
    assert again.plan.toPlainText() == "Call back Tuesday"
    assert "kept, encrypted, inside the vault" in again.draft_label.text()  # type: ignore[attr-defined]
    print(f"note recovered {recovered:.2f} s after the idle lock began")
    # Saved: the draft goes.
    qtbot.mouseClick(again.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not again.isVisible(), timeout=10_000)
    qtbot.waitUntil(
        lambda: run_job(qtbot, win, lambda x: drafts.find(x.require(), "note", 1)) is None,
        timeout=5_000,
    )
    assert NOTE in "\n".join(
        n.data for n in run_job(qtbot, win, lambda x: records.list_notes(x.require(), 1))
    )


def test_a_discarded_draft_goes_and_other_clients_get_none(qtbot: QtBot, win: MainWindow) -> None:
    dialog = _note_dialog(qtbot, win)
    qtbot.keyClicks(dialog.data, NOTE)
    win.session_lock.on_screensaver_active(True)  # the desktop's lock
    qtbot.waitUntil(lambda: win.service.worker.vault is None, timeout=10_000)
    unlocked(qtbot, win)
    open_client(qtbot, win, 2)
    other = _note_dialog(qtbot, win)
    qtbot.wait(200)
    assert other.data.toPlainText() == ""  # Ben's note form: nothing of Amina's
    other.reject()
    open_client(qtbot, win, 1)
    again = _note_dialog(qtbot, win)
    qtbot.waitUntil(lambda: again.data.toPlainText() == NOTE, timeout=5_000)
    again.reject()  # Cancel: thrown away
    qtbot.waitUntil(
        lambda: run_job(qtbot, win, lambda x: drafts.find(x.require(), "note", 1)) is None,
        timeout=5_000,
    )
    assert not any(
        isinstance(w, NoteDialog) and w.isVisible() for w in QApplication.topLevelWidgets()
    )
