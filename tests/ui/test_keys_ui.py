"""Changing the passphrase, re-keying and a new recovery key from the app, each checked by
opening the vault again with what the user was told."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from safefile.errors import WrongKey
from safefile.store.vault import Vault
from safefile.ui.main_window import MainWindow
from safefile.ui.settings.keys import RecoveryKeyDialog
from tests.conftest import PASSPHRASE
from tests.ui.helpers import unlocked

NEW = "a brand new passphrase for the vault"


def _wait_closed(qtbot: Any, window: MainWindow) -> None:
    window.close()
    qtbot.waitUntil(lambda: window.service.worker.vault is None, timeout=20_000)


def test_wrong_current_passphrase_changes_nothing(qtbot: Any, window: MainWindow) -> None:
    unlocked(qtbot, window)
    d = window.change_passphrase()
    qtbot.keyClicks(d.current, "not the passphrase at all")
    qtbot.keyClicks(d.new1, NEW)
    qtbot.keyClicks(d.new2, NEW)
    qtbot.mouseClick(d.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "passphrase" in d.message.text() and d.save_button.isEnabled())
    assert d.isVisible() and d.new1.text() == NEW  # nothing typed is lost
    d.reject()
    path = window.vault_path
    _wait_closed(qtbot, window)
    Vault.open(path, passphrase=PASSPHRASE).lock()


def test_two_new_passphrases_that_differ_are_refused(qtbot: Any, window: MainWindow) -> None:
    unlocked(qtbot, window)
    d = window.change_passphrase()
    qtbot.keyClicks(d.current, PASSPHRASE)
    qtbot.keyClicks(d.new1, NEW)
    qtbot.keyClicks(d.new2, NEW + "x")
    qtbot.keyClick(d.new2, Qt.Key.Key_Return)
    assert "differ" in d.message.text() and d.new2.text() == ""
    d.reject()


def test_change_passphrase(qtbot: Any, window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: told.append(text))
    unlocked(qtbot, window)
    d = window.change_passphrase()
    qtbot.keyClicks(d.current, PASSPHRASE)
    qtbot.keyClicks(d.new1, NEW)
    qtbot.keyClicks(d.new2, NEW)
    with qtbot.waitSignal(d.changed, timeout=20_000):
        qtbot.mouseClick(d.save_button, Qt.MouseButton.LeftButton)
    assert told and "old passphrase" in told[0]
    path = window.vault_path
    _wait_closed(qtbot, window)
    with pytest.raises(WrongKey):
        Vault.open(path, passphrase=PASSPHRASE)
    Vault.open(path, passphrase=NEW).lock()


def _recovery_dialog(qtbot: Any) -> RecoveryKeyDialog:
    qtbot.waitUntil(
        lambda: isinstance(QApplication.activeModalWidget(), RecoveryKeyDialog), timeout=30_000
    )
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, RecoveryKeyDialog)
    return dialog


def _prove_written(qtbot: Any, dialog: RecoveryKeyDialog) -> str:
    key = dialog.shown.text()
    groups = key.split("-")
    first, second = dialog.asked
    qtbot.keyClicks(dialog.typed[first], "WRONG")
    qtbot.keyClicks(dialog.typed[second], groups[second].lower())
    assert not dialog.done_button.isEnabled()
    dialog.typed[first].setText(groups[first])
    assert dialog.done_button.isEnabled()
    qtbot.mouseClick(dialog.done_button, Qt.MouseButton.LeftButton)
    assert dialog.shown.text() == ""  # shown once, then forgotten
    return key


def test_rekey_gives_a_new_recovery_key_that_opens_the_vault(
    qtbot: Any, window: MainWindow
) -> None:
    unlocked(qtbot, window)
    d = window.change_passphrase()
    qtbot.keyClicks(d.current, PASSPHRASE)
    qtbot.keyClicks(d.new1, NEW)
    qtbot.keyClicks(d.new2, NEW)
    d.rekey.setChecked(True)
    qtbot.mouseClick(d.save_button, Qt.MouseButton.LeftButton)
    key = _prove_written(qtbot, _recovery_dialog(qtbot))
    path = window.vault_path
    _wait_closed(qtbot, window)
    Vault.open(path, recovery_key=key).lock()
    Vault.open(path, passphrase=NEW).lock()


def test_new_recovery_key_alone(qtbot: Any, window: MainWindow) -> None:
    unlocked(qtbot, window)
    d = window.new_recovery_key()
    qtbot.keyClicks(d.current, PASSPHRASE)
    qtbot.mouseClick(d.save_button, Qt.MouseButton.LeftButton)
    key = _prove_written(qtbot, _recovery_dialog(qtbot))
    path = window.vault_path
    _wait_closed(qtbot, window)
    Vault.open(path, recovery_key=key).lock()
    Vault.open(path, passphrase=PASSPHRASE).lock()
