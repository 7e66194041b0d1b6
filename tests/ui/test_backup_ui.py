"""The Backups screen and the restore dialog, driven through the real widgets over a real
vault: back up with progress, stop a backup, check a backup, restore into a new vault, and
the reminder bar."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from safefile import records
from safefile.backup import Policy, make_backup, verify_backup
from safefile.backup.archive import DAMAGED, NOT_A_BACKUP
from safefile.records.models import ClientIn
from safefile.store.keyring import WRONG_PASSPHRASE
from safefile.store.vault import Vault
from safefile.ui.backup.check import CheckDialog
from safefile.ui.backup.page import CHOOSE_FIRST, NO_FOLDER, STOPPED, BackupPage
from safefile.ui.backup.restore import RestoreDialog
from safefile.ui.main_window import MainWindow
from tests.conftest import OTHER_PASSPHRASE, PASSPHRASE
from tests.ui.helpers import run_job, unlocked

CLICK = Qt.MouseButton.LeftButton


def backups_page(qtbot: QtBot, w: MainWindow) -> BackupPage:
    unlocked(qtbot, w)
    page = w.workspace.backups
    w.workspace.tabs.setCurrentWidget(page)
    return page


def everything_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def prepared_window(qtbot: QtBot, made: Path, setup: Any) -> Iterator[MainWindow]:
    with Vault.open(made, passphrase=PASSPHRASE) as v:
        setup(v)
    w = MainWindow(made, idle_ms=60_000)
    qtbot.addWidget(w)
    w.show()
    yield w
    w.close()


@pytest.fixture
def drive(tmp_path: Path) -> Path:
    folder = tmp_path / "drive"
    folder.mkdir()
    return folder


@pytest.fixture
def heavy_window(qtbot: QtBot, made: Path, drive: Path) -> Iterator[MainWindow]:
    """A vault whose backup takes a moment (32 MiB of documents), backup folder set."""

    def setup(v: Vault) -> None:
        records.attach(v, 1, os.urandom(32 * 1024 * 1024), title="scan", actor=v.actor)
        Policy(drive).save(v)

    yield from prepared_window(qtbot, made, setup)


@pytest.fixture
def overdue_window(qtbot: QtBot, made: Path, drive: Path) -> Iterator[MainWindow]:
    """Backups go to ``drive``, every 3 days, and the last one was in 2020."""

    def setup(v: Vault) -> None:
        Policy(drive, keep=5, max_age_days=3).save(v)
        v.set_meta("last_backup_at", "2020-01-01T09:00:00+00:00")

    yield from prepared_window(qtbot, made, setup)


def test_back_up_now_shows_progress_then_the_file(
    qtbot: QtBot, window: MainWindow, drive: Path
) -> None:
    page = backups_page(qtbot, window)
    qtbot.waitUntil(lambda: page.folder.text() == NO_FOLDER)
    page.set_folder(drive)
    qtbot.waitUntil(lambda: page.folder.text() == str(drive), timeout=10_000)
    assert page.policy_message.text() == f"Backups will go to {drive}."
    assert page.list_message.text() == "There are no backups of this vault in this folder yet."
    seen: list[int] = []
    page.progress.valueChanged.connect(seen.append)
    with qtbot.waitSignal(page.backed_up, timeout=20_000):
        qtbot.mouseClick(page.backup_button, CLICK)
        assert page.progress.isVisible() and page.cancel_button.isVisible()
        assert not page.backup_button.isEnabled()
    [backup] = drive.iterdir()  # the backup and nothing else (no temporary file)
    assert backup.suffix == ".sfbackup"
    assert seen and seen[-1] == page.progress.maximum() and seen == sorted(seen)
    assert page.status.text().startswith("Backed up on ")
    assert backup.name in page.status.text() and (
        "KB" in page.status.text() or "MB" in page.status.text()
    )
    assert not page.progress.isVisible() and page.backup_button.isEnabled()
    assert verify_backup(backup, passphrase=PASSPHRASE).counts["clients"] == 3
    qtbot.waitUntil(lambda: page.table.rowCount() == 1, timeout=10_000)
    item = page.table.item(0, 2)
    assert item is not None and item.text() == backup.name
    assert page.list_message.text() == "1 backup of this vault."

    window.lock()  # the page forgets all it showed
    assert page.table.rowCount() == 0 and page.status.text() == ""
    assert page.folder.text() == NO_FOLDER and page.policy is None


def test_cancel_leaves_no_file_and_the_vault_works(
    qtbot: QtBot, heavy_window: MainWindow, drive: Path
) -> None:
    page = backups_page(qtbot, heavy_window)
    qtbot.waitUntil(lambda: page.folder.text() == str(drive), timeout=10_000)
    backed_up: list[bool] = []
    page.backed_up.connect(lambda: backed_up.append(True))
    qtbot.mouseClick(page.backup_button, CLICK)
    page.cancel_button.click()  # at once: the job stops at its next progress step
    assert page.status.text() == "Stopping the backup…"
    qtbot.waitUntil(lambda: page.status.text() == STOPPED, timeout=20_000)
    assert everything_in(drive) == []  # no backup, no temporary file
    assert not backed_up and page.backup_button.isEnabled() and not page.cancel_button.isVisible()
    run_job(
        qtbot,
        heavy_window,
        lambda w: records.add_client(
            w.require(), ClientIn.from_input({"name": "After"}), actor=w.require().actor
        ),
    )
    with qtbot.waitSignal(page.backed_up, timeout=30_000):
        qtbot.mouseClick(page.backup_button, CLICK)
    [backup] = drive.iterdir()
    assert verify_backup(backup, passphrase=PASSPHRASE).counts["clients"] == 4


def test_back_up_without_a_folder_says_to_choose_one(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    page = backups_page(qtbot, window)
    backed_up: list[bool] = []
    page.backed_up.connect(lambda: backed_up.append(True))
    page.back_up_now()
    qtbot.waitUntil(lambda: page.status.text() == CHOOSE_FIRST, timeout=10_000)
    assert not backed_up and page.backup_button.isEnabled()
    assert not list(tmp_path.rglob("*.sfbackup")) and not list(tmp_path.rglob(".*.part"))
    page.save_settings()
    assert page.policy_message.text() == "Choose a folder for backups first."


def test_a_folder_inside_the_vault_is_refused(qtbot: QtBot, window: MainWindow, made: Path) -> None:
    page = backups_page(qtbot, window)
    page.set_folder(made)
    qtbot.waitUntil(
        lambda: "inside the vault's own folder" in page.policy_message.text(), timeout=10_000
    )
    assert page.folder.text() == NO_FOLDER
    assert run_job(qtbot, window, lambda w: Policy.of(w.require())) is None


def test_settings_are_saved(qtbot: QtBot, overdue_window: MainWindow, drive: Path) -> None:
    page = backups_page(qtbot, overdue_window)
    qtbot.waitUntil(lambda: page.folder.text() == str(drive), timeout=10_000)
    assert (page.keep.value(), page.max_age.value()) == (5, 3)
    page.keep.setValue(2)
    page.max_age.setValue(14)
    qtbot.mouseClick(page.save_button, CLICK)
    qtbot.waitUntil(lambda: page.policy_message.text() == "Saved.", timeout=10_000)
    assert run_job(qtbot, overdue_window, lambda w: Policy.of(w.require())) == Policy(drive, 2, 14)


def test_check_a_backup(qtbot: QtBot, overdue_window: MainWindow, drive: Path) -> None:
    page = backups_page(qtbot, overdue_window)
    with qtbot.waitSignal(page.backed_up, timeout=20_000):
        page.back_up_now()
    qtbot.waitUntil(lambda: page.table.rowCount() == 1, timeout=10_000)
    assert not page.check_button.isEnabled()
    page.table.selectRow(0)
    qtbot.mouseClick(page.check_button, CLICK)
    dialog = page.check_dialog
    assert isinstance(dialog, CheckDialog) and dialog.isVisible()

    qtbot.mouseClick(dialog.check_button, CLICK)
    assert dialog.message.text() == "Type the passphrase (or the recovery key) first."
    qtbot.keyClicks(dialog.secret.edit, OTHER_PASSPHRASE)
    qtbot.mouseClick(dialog.check_button, CLICK)
    qtbot.waitUntil(lambda: dialog.message.text() == WRONG_PASSPHRASE, timeout=20_000)
    assert dialog.secret.edit.text() == ""  # the secret is never kept in the field

    qtbot.keyClicks(dialog.secret.edit, PASSPHRASE)
    qtbot.mouseClick(dialog.check_button, CLICK)
    qtbot.waitUntil(lambda: dialog.info is not None, timeout=20_000)
    assert dialog.message.text().startswith(
        "The backup is complete and undamaged: 3 clients, 0 services,"
    )
    events = run_job(
        qtbot,
        overdue_window,
        lambda w: [r[0] for r in w.require().db.execute("SELECT event FROM audit")],
    )
    assert "backup verified" in events

    [backup] = drive.iterdir()
    data = bytearray(backup.read_bytes())
    data[len(data) // 2] ^= 0xFF
    backup.write_bytes(bytes(data))
    qtbot.keyClicks(dialog.secret.edit, PASSPHRASE)
    qtbot.mouseClick(dialog.check_button, CLICK)
    qtbot.waitUntil(lambda: dialog.message.text() == DAMAGED, timeout=20_000)
    overdue_window.lock()
    assert not dialog.isVisible() and page.check_dialog is None


def test_reminder_shows_when_overdue_and_goes_after_a_backup(
    qtbot: QtBot, overdue_window: MainWindow, drive: Path
) -> None:
    w = overdue_window
    unlocked(qtbot, w)
    bar = w.workspace.reminder_bar
    qtbot.waitUntil(bar.isVisible, timeout=10_000)
    assert "days ago" in w.workspace.reminder.text()
    qtbot.mouseClick(w.workspace.reminder_button, CLICK)  # goes to Backups and backs up
    assert w.workspace.tabs.currentWidget() is w.workspace.backups
    qtbot.waitUntil(lambda: not bar.isVisible(), timeout=20_000)
    assert len(list(drive.glob("*.sfbackup"))) == 1


# --- restore ------------------------------------------------------------------------------


@pytest.fixture
def backup_file(made: Path, tmp_path: Path) -> Path:
    dest = tmp_path / "b.sfbackup"
    with Vault.open(made, passphrase=PASSPHRASE) as v:
        make_backup(v, dest)
    return dest


def restore_dialog(qtbot: QtBot, w: MainWindow) -> RestoreDialog:
    d = RestoreDialog(w.service, w)  # as from the unlock screen: no vault open
    qtbot.addWidget(d)
    d.show()
    return d


def test_restore_into_a_new_vault(
    qtbot: QtBot, window: MainWindow, made: Path, backup_file: Path, tmp_path: Path
) -> None:
    d = restore_dialog(qtbot, window)
    default = Path(d.target.text())
    assert default.parent == made.parent and default.name.startswith("restored-")
    assert default.name.endswith(".safefile") and not default.exists()
    d.set_backup(backup_file)
    target = tmp_path / "new.safefile"
    d.set_target(target)
    qtbot.keyClicks(d.secret.edit, PASSPHRASE)
    seen: list[int] = []
    d.progress.valueChanged.connect(seen.append)
    with qtbot.waitSignal(d.restored, timeout=30_000) as signal:
        qtbot.mouseClick(d.restore_button, CLICK)
    assert signal.args == [target] and not d.isVisible()
    assert seen and seen[-1] == d.progress.maximum()
    with Vault.open(target, passphrase=PASSPHRASE) as v:
        names = sorted(c.name for c in records.list_clients(v))
    assert names == ["Amina Diallo", "Ben Okafor", "Nguyễn Thị Ánh"]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def damage(path: Path) -> Path:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    return path


@pytest.mark.parametrize("case", ["wrong passphrase", "damaged", "not a backup", "target taken"])
def test_restore_refusals_each_say_why_and_create_nothing(
    qtbot: QtBot, window: MainWindow, backup_file: Path, tmp_path: Path, case: str
) -> None:
    d = restore_dialog(qtbot, window)
    passphrase, source, target = PASSPHRASE, backup_file, tmp_path / "new" / "r.safefile"
    expected = {
        "wrong passphrase": WRONG_PASSPHRASE,
        "damaged": DAMAGED,
        "not a backup": NOT_A_BACKUP,
    }.get(case, "There is already something at")
    if case == "wrong passphrase":
        passphrase = OTHER_PASSPHRASE
    elif case == "damaged":
        damage(backup_file)
    elif case == "not a backup":
        source = tmp_path / "notes.txt"
        source.write_text("hello")
    else:
        target = tmp_path / "taken"
        target.mkdir()
        (target / "keep.txt").write_text("mine")
    before = everything_in(tmp_path)
    d.set_backup(source)
    d.set_target(target)
    qtbot.keyClicks(d.secret.edit, passphrase)
    restored: list[Path] = []
    d.restored.connect(restored.append)
    qtbot.mouseClick(d.restore_button, CLICK)
    qtbot.waitUntil(lambda: d.restore_button.isEnabled() and d.message.text() != "", timeout=30_000)
    qtbot.waitUntil(lambda: expected in d.message.text(), timeout=30_000)
    assert not restored and d.isVisible()
    assert everything_in(tmp_path) == before  # no new folder, no staging folder
    if case == "target taken":
        assert everything_in(target) == ["keep.txt"]


def test_restore_asks_for_what_is_missing(
    qtbot: QtBot, window: MainWindow, backup_file: Path
) -> None:
    d = restore_dialog(qtbot, window)
    qtbot.mouseClick(d.restore_button, CLICK)
    assert d.message.text() == "Choose the backup file to restore (Choose… beside it)."
    d.set_backup(backup_file)
    d.target.clear()
    qtbot.mouseClick(d.restore_button, CLICK)
    assert d.message.text() == "Choose where to put the new vault (Choose where… beside it)."
    d.set_target(backup_file.parent / "r.safefile")
    qtbot.mouseClick(d.restore_button, CLICK)
    assert d.message.text().startswith("Type the passphrase the vault had when the backup")
    assert not (backup_file.parent / "r.safefile").exists()


def test_restore_with_the_recovery_key_and_stop(
    qtbot: QtBot, window: MainWindow, backup_file: Path, tmp_path: Path
) -> None:
    d = restore_dialog(qtbot, window)
    d.set_backup(backup_file)
    d.set_target(tmp_path / "r.safefile")
    d.secret.use_recovery.setChecked(True)
    assert d.secret.edit.echoMode() == d.secret.edit.EchoMode.Normal
    qtbot.keyClicks(d.secret.edit, "not-a-recovery-key")
    qtbot.mouseClick(d.restore_button, CLICK)
    qtbot.waitUntil(
        lambda: d.restore_button.isEnabled() and "recovery key" in d.message.text(), timeout=30_000
    )
    assert not (tmp_path / "r.safefile").exists()
