"""One lock that works from anywhere: Ctrl+L, the idle timer and the desktop's lock
lock the app whatever dialog or menu is open, and nothing typed stays on screen."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialog,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from safefile import records
from safefile.records.models import OrgIn
from safefile.store.vault import Vault
from safefile.ui.main_window import MainWindow
from safefile.ui.share.dialog import ShareDialog
from tests.conftest import PASSPHRASE
from tests.ui.helpers import open_client, unlocked

pytestmark = pytest.mark.usefixtures("qapp")
TYPED = "TYPED-BEFORE-THE-LOCK"


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


def _open_dialog(qtbot: QtBot, w: MainWindow, what: str) -> tuple[QDialog, QWidget]:
    page = w.clients
    dialog: QDialog = page.share() if what == "send" else page.entry(what)
    dialog.open()
    qtbot.waitUntil(dialog.isVisible)
    if isinstance(dialog, ShareDialog):
        dialog.choose_road("legal")  # the road with text to type
    field = next(
        f
        for f in dialog.findChildren(QWidget)
        if isinstance(f, (QPlainTextEdit, QLineEdit))
        and f.isVisible()
        and f.isEnabled()
        and not f.isReadOnly()
        and not (isinstance(f, QLineEdit) and f.echoMode() != QLineEdit.EchoMode.Normal)
        and not isinstance(f.parent(), (QAbstractSpinBox, QComboBox))  # their own editors
    )
    dialog.activateWindow()
    field.setFocus()
    qtbot.keyClicks(field, TYPED)
    return dialog, field


def _no_dialog_shown() -> bool:
    return not any(isinstance(w, QDialog) and w.isVisible() for w in QApplication.topLevelWidgets())


def _typed_anywhere() -> bool:
    for widget in QApplication.allWidgets():
        if isinstance(widget, QLineEdit) and TYPED in widget.text():
            return True
        if isinstance(widget, QPlainTextEdit) and TYPED in widget.toPlainText():
            return True
    return False


@pytest.mark.parametrize("what", ["note", "service", "release", "send"])
def test_ctrl_l_locks_with_a_dialog_open(qtbot: QtBot, win: MainWindow, what: str) -> None:
    dialog, field = _open_dialog(qtbot, win, what)
    title = dialog.windowTitle()
    assert _typed_anywhere() and field.window() is dialog
    qtbot.keyClick(field, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not win.is_unlocked, timeout=5_000)
    assert not dialog.isVisible()
    assert not _typed_anywhere()  # nothing typed is left on screen or in a hidden widget
    assert win.clients.model.rowCount() == 0
    qtbot.waitUntil(lambda: win.service.worker.vault is None)
    # what was typed is kept, encrypted in the vault, and the user is told which form
    told = win.unlock.discarded
    assert told.isVisible() and title in told.text()
    assert "kept, encrypted inside the vault" in told.text() and "Amina" not in told.text()
    unlocked(qtbot, win)
    assert title in win.statusBar().currentMessage()
    assert not win.unlock.discarded.isVisible()
    # ... and it is offered back in the same form of the same file
    open_client(qtbot, win, 1)
    again: QDialog = win.clients.share() if what == "send" else win.clients.entry(what)
    again.open()
    qtbot.waitUntil(lambda: _typed_in(again), timeout=5_000)
    again.reject()


def _typed_in(dialog: QDialog) -> bool:
    return any(
        (isinstance(w, QLineEdit) and TYPED in w.text())
        or (isinstance(w, QPlainTextEdit) and TYPED in w.toPlainText())
        for w in dialog.findChildren(QWidget)
    )


def test_ctrl_l_locks_with_a_menu_open(qtbot: QtBot, win: MainWindow) -> None:
    menu = win.menuBar().actions()[0].menu()
    assert isinstance(menu, QMenu)
    menu.popup(win.mapToGlobal(win.rect().center()))
    qtbot.waitUntil(menu.isVisible)
    qtbot.keyClick(menu, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not win.is_unlocked, timeout=5_000)
    assert not menu.isVisible() and QApplication.activePopupWidget() is None


def test_idle_and_the_desktop_lock_with_a_dialog_open(qtbot: QtBot, win: MainWindow) -> None:
    _open_dialog(qtbot, win, "note")
    win.set_idle_ms(300)
    win.idle.start()
    qtbot.waitUntil(lambda: not win.is_unlocked, timeout=5_000)
    assert _no_dialog_shown() and not _typed_anywhere()
    unlocked(qtbot, win)
    open_client(qtbot, win, 1)
    _open_dialog(qtbot, win, "service")
    win.session_lock.on_screensaver_active(True)
    assert not win.is_unlocked and _no_dialog_shown() and not _typed_anywhere()
