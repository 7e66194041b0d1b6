"""The lock always locks first (issue 23, item 3): straight after first start, with a
dialog open, during a running job; the lock screen is up before anything can speak."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from safefile.ui.main_window import MainWindow
from tests.conftest import PASSPHRASE
from tests.ui.helpers import prove_key_written

pytestmark = pytest.mark.usefixtures("qapp")


def first_start(qtbot: QtBot, path: Path) -> MainWindow:
    """A new vault made through the set-up pages, unlocked at their end."""
    from safefile.ui.setup.page import KEY

    w = MainWindow(path, idle_ms=600_000)
    qtbot.addWidget(w)
    w.show()
    s = w.setup
    qtbot.keyClicks(s.pass1, PASSPHRASE)
    qtbot.keyClicks(s.pass2, PASSPHRASE)
    qtbot.mouseClick(s.create_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: s.stack.currentIndex() == KEY, timeout=20_000)
    prove_key_written(s)
    qtbot.mouseClick(s.continue_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(s.program, "Harbour Advocacy")
    qtbot.keyClicks(s.practitioner, "Dana Whitfield")
    qtbot.mouseClick(s.finish_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: w.is_unlocked, timeout=10_000)
    return w


def test_the_first_lock_after_first_start_locks_without_an_error(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """It showed "Something went wrong" twice (an IndexError in the cleared set-up page's
    check of the typed-back key) before the lock screen; qt_default_raising fails on it."""
    w = first_start(qtbot, tmp_path / "v.safefile")
    seen: list[object] = []
    # Whatever the window shows while locking: the lock screen must already be current.
    w.stack.currentChanged.connect(lambda _: seen.append(w.stack.currentWidget()))
    qtbot.keyClick(w, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert w.stack.currentWidget() is w.unlock
    assert seen == [w.unlock]
    assert not any(isinstance(t, QMessageBox) and t.isVisible() for t in QApplication.topLevelWidgets())
    qtbot.waitUntil(lambda: w.service.worker.vault is None, timeout=10_000)
    w.close()
