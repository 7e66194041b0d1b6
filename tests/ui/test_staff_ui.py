"""Staff accounts in the app (issue 28): Settings › Staff for administrators, the unlock
screen's "Your name", "Lock and switch user". Real vaults, real widgets, the real core."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from safefile import records
from safefile.backup import make_backup
from safefile.errors import SafeFileError
from safefile.staff import admin, closures
from safefile.staff.roles import Role
from safefile.store.vault import Vault
from safefile.ui.backup.restore import RestoreDialog
from safefile.ui.main_window import MainWindow
from safefile.ui.settings.dialog import SettingsDialog
from safefile.ui.settings.keys import RecoveryKeyDialog
from safefile.ui.settings.staff import REMOVE_WARNING, AddMemberDialog
from safefile.ui.unlock.page import WHO_FAILED
from tests.conftest import OTHER_PASSPHRASE, PASSPHRASE
from tests.ui.helpers import run_job, unlock, unlocked

LEFT = Qt.MouseButton.LeftButton
NEW_PASSPHRASE = "copper willow tundra beacon"


def _settings(qtbot: QtBot, w: MainWindow) -> SettingsDialog:
    dialog = w.settings_dialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.is_loaded, timeout=10_000)
    return dialog


def _add(w: MainWindow, qtbot: QtBot, name: str, role: Role, passphrase: str) -> None:
    """An administrator's session adds a member through the core (as the page does)."""
    run_job(
        qtbot,
        w,
        lambda v: admin.add_member(
            v.require(),
            name=name,
            role=role,
            passphrase=passphrase,
            actor=v.require().actor,
            admin_passphrase=PASSPHRASE,  # asked only while the vault has no staff yet
        ),
    )


def _relock(qtbot: QtBot, w: MainWindow) -> None:
    w.lock()
    qtbot.waitUntil(lambda: w.service.worker.vault is None, timeout=10_000)


def test_tab_through_the_add_form_then_the_list_shows_the_member(
    qtbot: QtBot, window: MainWindow
) -> None:
    unlocked(qtbot, window)
    dialog = _settings(qtbot, window)
    page = dialog.staff
    qtbot.waitUntil(page.isVisible, timeout=10_000)
    assert page.model.rowCount() == 0 and page.first  # no staff accounts yet
    add = page.add_dialog()
    assert isinstance(add, AddMemberDialog)
    qtbot.addWidget(add)
    add.show()
    qtbot.waitUntil(add.isVisible)
    add.activateWindow()
    add.name.setFocus()
    qtbot.keyClicks(add.name, "Maria Lopez")
    order = [add.role, add.credentials, add.passphrase, add.again, add.yours, add.save_button]
    for before, after in zip([add.name, *order[:-1]], order, strict=True):
        qtbot.keyClick(before, Qt.Key.Key_Tab)
        assert add.focusWidget() is after, f"Tab from {before.accessibleName()}"
    add.role.setCurrentIndex(add.role.findData(Role.ADVOCATE))
    add.credentials.setText("MSW")
    add.passphrase.setText(OTHER_PASSPHRASE)
    add.again.setText(OTHER_PASSPHRASE + "x")
    qtbot.mouseClick(add.save_button, LEFT)
    assert "differ" in add.message.text()  # nothing asked of the core
    add.again.setText(OTHER_PASSPHRASE)
    add.yours.setText(PASSPHRASE)  # the first member makes the practitioner administrator
    with qtbot.waitSignal(add.saved, timeout=30_000):
        qtbot.mouseClick(add.save_button, LEFT)
    assert add.passphrase.text() == add.again.text() == add.yours.text() == ""
    qtbot.waitUntil(lambda: page.model.rowCount() == 2, timeout=10_000)
    assert not page.first
    rows = {tuple(page.model._cells(m)) for m in page.model.items}
    assert ("Maria Lopez", "MSW", "advocate", "yes") in rows
    assert "Maria Lopez" in page.message.text()


def test_unlock_asks_the_name_once_there_are_two_members(qtbot: QtBot, window: MainWindow) -> None:
    page = window.unlock
    qtbot.waitUntil(lambda: not window.service.busy, timeout=10_000)
    assert page.members == 0  # no staff accounts: no member slot in the key file
    assert page.member.isHidden()  # a single-user vault's unlock screen, as before
    unlocked(qtbot, window)
    admin_name = window.service.worker.vault.actor.name  # type: ignore[union-attr]
    assert window.lock_action.text() == "&Lock"
    _add(window, qtbot, "Maria Lopez", Role.ADVOCATE, OTHER_PASSPHRASE)
    _relock(qtbot, window)
    qtbot.waitUntil(lambda: page.members == 2, timeout=10_000)
    assert not page.member.isHidden() and page.member.objectName() == "unlockMember"
    assert page.member.text() == ""
    page.use_recovery.setChecked(True)  # a recovery key is no member's: no name asked
    assert page.member.isHidden()
    page.use_recovery.setChecked(False)
    assert not page.member.isHidden()
    # name → passphrase → Unlock
    page.member.setFocus()
    qtbot.keyClick(page.member, Qt.Key.Key_Tab)
    assert window.focusWidget() is page.secret
    qtbot.keyClick(page.secret, Qt.Key.Key_Tab)
    assert window.focusWidget() is page.button

    def fails(name: str, secret: str) -> str:
        page.member.setText(name)
        unlock(qtbot, window, secret)
        qtbot.waitUntil(lambda: page.button.isEnabled() and page.message.text() != "Unlocking…")
        assert not window.is_unlocked
        return page.message.text()

    wrong_name = fails("Nobody Here", OTHER_PASSPHRASE)
    wrong_passphrase = fails("Maria Lopez", PASSPHRASE)  # the other member's passphrase
    assert wrong_name == wrong_passphrase != ""  # never says which of the two was wrong
    page.member.setText("maria lopez")
    unlock(qtbot, window, OTHER_PASSPHRASE)
    qtbot.waitUntil(lambda: window.is_unlocked, timeout=20_000)
    actor = window.service.worker.vault.actor  # type: ignore[union-attr]
    assert (actor.name, actor.role) != (admin_name, "administrator")
    assert actor.role == "advocate" and "Maria Lopez" in actor.name
    qtbot.waitUntil(lambda: window.lock_action.text() == "&Lock and switch user")
    assert window.workspace.clients.lock_button.text() == "Lock and switch user"
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)  # still locks
    qtbot.waitUntil(lambda: not window.is_unlocked)
    assert page.member.isVisible() and page.member.text() == ""  # who are you?


def test_a_member_not_administrator_sees_no_staff_page_and_the_core_refuses(
    qtbot: QtBot, window: MainWindow
) -> None:
    unlocked(qtbot, window)
    _add(window, qtbot, "Maria Lopez", Role.ADVOCATE, OTHER_PASSPHRASE)
    _relock(qtbot, window)
    page = window.unlock
    qtbot.waitUntil(lambda: page.members == 2, timeout=10_000)
    page.member.setText("Maria Lopez")
    unlock(qtbot, window, OTHER_PASSPHRASE)
    qtbot.waitUntil(lambda: window.is_unlocked, timeout=20_000)
    dialog = _settings(qtbot, window)
    staff = dialog.staff
    qtbot.wait(300)  # the page's load has come back
    run_job(qtbot, window, lambda w: None)  # every job before it has finished
    assert staff.isHidden() and staff.model.rowCount() == 0
    with pytest.raises(SafeFileError) as refused:
        _add(window, qtbot, "Someone Else", Role.ADMINISTRATOR, "a long enough passphrase here")
    assert "administrator" in str(refused.value.message)


def test_unlock_screen_of_a_vault_that_does_not_exist_yet_asks_no_name(
    qtbot: QtBot, tmp_path: Path
) -> None:
    w = MainWindow(tmp_path / "new.safefile", idle_ms=60_000)
    qtbot.addWidget(w)
    qtbot.waitUntil(lambda: not w.service.busy, timeout=10_000)
    assert not w.unlock.asks_member and w.unlock.member.isHidden()


def test_restoring_a_backup_of_several_members_asks_the_name(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    unlocked(qtbot, window)
    _add(window, qtbot, "Maria Lopez", Role.ADVOCATE, OTHER_PASSPHRASE)
    backup = tmp_path / "b.sfbackup"
    run_job(qtbot, window, lambda w: make_backup(w.require(), backup))
    _relock(qtbot, window)
    d = RestoreDialog(window.service, window)  # as from the unlock screen
    qtbot.addWidget(d)
    d.show()
    assert not d.asks_member and not d.member.isVisible()
    d.set_backup(backup)
    target = tmp_path / "new.safefile"
    d.set_target(target)
    qtbot.keyClicks(d.secret.edit, OTHER_PASSPHRASE)
    qtbot.mouseClick(d.restore_button, LEFT)
    qtbot.waitUntil(lambda: d.member.isVisible(), timeout=30_000)
    assert "several staff members" in d.message.text() and not target.exists()
    d.member.setText("Nobody Here")
    qtbot.keyClicks(d.secret.edit, OTHER_PASSPHRASE)
    qtbot.mouseClick(d.restore_button, LEFT)
    qtbot.waitUntil(lambda: d.message.text() == WHO_FAILED, timeout=30_000)
    d.member.setText("Maria Lopez")
    qtbot.keyClicks(d.secret.edit, OTHER_PASSPHRASE)
    with qtbot.waitSignal(d.restored, timeout=30_000):
        qtbot.mouseClick(d.restore_button, LEFT)
    with Vault.open(target, passphrase=OTHER_PASSPHRASE, member="Maria Lopez") as v:
        assert v.actor.role == "advocate"


@pytest.mark.slow
def test_change_a_role_close_a_file_then_remove_a_member_from_the_page(
    qtbot: QtBot, window: MainWindow
) -> None:
    unlocked(qtbot, window)
    _add(window, qtbot, "Maria Lopez", Role.ADVOCATE, OTHER_PASSPHRASE)
    page = _settings(qtbot, window).staff
    qtbot.waitUntil(lambda: page.model.rowCount() == 2, timeout=10_000)
    row = next(i for i, m in enumerate(page.model.items) if m.name == "Maria Lopez")
    page.table.selectRow(row)
    assert page.role_button.isEnabled() and page.remove_button.isEnabled()
    maria = page.current()
    assert maria is not None
    role = page.role_dialog(maria)
    qtbot.addWidget(role)
    role.role.setCurrentIndex(role.role.findData(Role.SUPERVISOR))
    with qtbot.waitSignal(role.saved, timeout=10_000):
        qtbot.mouseClick(role.save_button, LEFT)
    qtbot.waitUntil(lambda: "is now a supervisor" in page.message.text())
    qtbot.waitUntil(lambda: ("Maria Lopez", "", "supervisor", "yes") in page.model._rows)

    members = run_job(qtbot, window, lambda w: admin.members(w.require()))
    clients = run_job(qtbot, window, lambda w: records.list_clients(w.require()))
    close = page.restrict_dialog(members, clients)
    qtbot.addWidget(close)
    close.member.setCurrentIndex(close.member.findData("Maria Lopez"))
    qtbot.mouseClick(close.save_button, LEFT)
    assert "Choose the client" in close.message.text()  # none chosen for them
    close.client.setCurrentIndex(close.client.findData(2))
    close.reason.setText("knows her from church")
    with qtbot.waitSignal(close.saved, timeout=10_000):
        qtbot.mouseClick(close.save_button, LEFT)
    uid = maria.uid
    closed = run_job(qtbot, window, lambda w: closures.closed_to(w.require().db, uid))
    assert closed == frozenset({2})

    warning = REMOVE_WARNING.format(name="Maria Lopez")
    assert "re-keyed" in warning and "will open no backup made after" in warning
    page.table.selectRow(next(i for i, m in enumerate(page.model.items) if m.uid == uid))
    page.remove("Maria Lopez")
    assert not page.isEnabled()  # while the vault is re-keyed on its thread
    qtbot.waitUntil(lambda: page.isEnabled(), timeout=60_000)
    assert "was removed and the vault re-keyed" in page.message.text()
    qtbot.waitUntil(lambda: ("Maria Lopez", "", "supervisor", "removed") in page.model._rows)
    shown = [d for d in page.findChildren(RecoveryKeyDialog) if d.isVisible()]
    assert len(shown) == 1  # the new recovery key, once (the old one opened the old key)
    assert admin.member_names_count(window.vault_path) == 1


def test_a_member_changes_their_own_passphrase(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: told.append(text))
    unlocked(qtbot, window)
    _add(window, qtbot, "Maria Lopez", Role.ADVOCATE, OTHER_PASSPHRASE)
    _relock(qtbot, window)
    page = window.unlock
    qtbot.waitUntil(lambda: page.members == 2, timeout=10_000)
    page.member.setText("Maria Lopez")
    unlock(qtbot, window, OTHER_PASSPHRASE)
    qtbot.waitUntil(lambda: window.is_unlocked, timeout=20_000)
    dialog = window.change_passphrase()
    dialog.current.setText(PASSPHRASE)  # the administrator's: not hers
    dialog.new1.setText(NEW_PASSPHRASE)
    dialog.new2.setText(NEW_PASSPHRASE)
    dialog.save()
    qtbot.waitUntil(lambda: dialog.save_button.isEnabled(), timeout=20_000)
    assert "does not open" in dialog.message.text()
    dialog.current.setText(OTHER_PASSPHRASE)
    dialog.save()
    qtbot.waitUntil(
        lambda: dialog.save_button.isEnabled() or not dialog.isVisible(), timeout=60_000
    )
    assert not dialog.isVisible(), dialog.message.text()
    assert told and "passphrase was changed" in told[0]
    _relock(qtbot, window)
    page.member.setText("Maria Lopez")
    unlock(qtbot, window, NEW_PASSPHRASE)
    qtbot.waitUntil(lambda: window.is_unlocked, timeout=20_000)
