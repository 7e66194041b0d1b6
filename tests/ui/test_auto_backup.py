"""The app backs up on its own: daily while open, and when it locks or quits, if one is due,
into the chosen folder, each backup checked."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from safefile.backup import Policy, verify_backup
from safefile.ui.main_window import MainWindow
from tests.conftest import PASSPHRASE
from tests.ui.helpers import run_job, unlocked


def _set_folder(qtbot: Any, window: MainWindow, folder: Path) -> None:
    folder.mkdir()
    run_job(qtbot, window, lambda w: Policy(folder).save(w.require()))


def _backups(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if not p.name.startswith("."))


def test_locking_backs_up_when_due_and_only_then(
    qtbot: Any, window: MainWindow, tmp_path: Path
) -> None:
    folder = tmp_path / "drive"
    unlocked(qtbot, window)
    _set_folder(qtbot, window, folder)
    window.lock()
    qtbot.waitUntil(lambda: window.service.worker.vault is None, timeout=30_000)
    [made] = _backups(folder)
    assert verify_backup(made, passphrase=PASSPHRASE).counts["clients"] == 3

    unlocked(qtbot, window)
    window.lock()  # backed up minutes ago: not due
    qtbot.waitUntil(lambda: window.service.worker.vault is None, timeout=30_000)
    assert _backups(folder) == [made]


def test_quitting_backs_up_when_due(qtbot: Any, window: MainWindow, tmp_path: Path) -> None:
    folder = tmp_path / "drive"
    unlocked(qtbot, window)
    _set_folder(qtbot, window, folder)
    window.close()
    assert window.service.worker.vault is None
    [made] = _backups(folder)
    verify_backup(made, passphrase=PASSPHRASE)


def test_the_daily_backup_while_open(qtbot: Any, window: MainWindow, tmp_path: Path) -> None:
    folder = tmp_path / "drive"
    unlocked(qtbot, window)
    window.backup_if_due()  # no folder chosen yet: nothing happens, nothing is said
    _set_folder(qtbot, window, folder)
    assert window.backup_timer.isActive()
    window.backup_timer.timeout.emit()
    qtbot.waitUntil(lambda: "Backed up automatically" in window.statusBar().currentMessage())
    assert len(_backups(folder)) == 1
