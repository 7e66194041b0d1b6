"""'Back up now' and the app's own schedule: every new backup is read back and checked
before older ones are removed, and a backup that fails its check never stays behind."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import pytest

from safefile import records
from safefile.backup import Policy, backup_now, verify_backup
from safefile.backup.policy import NEW_BACKUP_BAD, backup_due, backup_if_due, last_backup
from safefile.errors import DamagedFile
from safefile.records.models import ClientIn
from safefile.store.vault import Vault
from tests.conftest import PASSPHRASE


@pytest.fixture
def drive(tmp_path: Path) -> Path:
    folder = tmp_path / "drive"
    folder.mkdir()
    return folder


def _audit_events(vault: Vault) -> list[str]:
    return [r[0] for r in vault.db.execute("SELECT event FROM audit ORDER BY seq")]


def test_a_new_backup_is_checked_and_the_check_is_recorded(vault: Vault, drive: Path) -> None:
    records.add_client(vault, ClientIn.from_input({"name": "Amina Diallo"}), actor=vault.actor)
    seen: list[tuple[int, int]] = []
    info = backup_now(vault, Policy(drive), lambda done, total: seen.append((done, total)))
    assert "backup verified" in _audit_events(vault)
    assert seen[-1][0] == seen[-1][1]  # the bar reaches the end only once checked
    assert any(done <= total // 2 for done, total in seen)  # writing is the first half
    assert verify_backup(info.path, passphrase=PASSPHRASE).counts["clients"] == 1


def test_a_backup_that_fails_its_check_is_removed_and_older_ones_kept(
    vault: Vault, drive: Path
) -> None:
    c = records.add_client(vault, ClientIn.from_input({"name": "Amina Diallo"}), actor=vault.actor)
    records.attach(
        vault, c, os.urandom(3 * 1024 * 1024), title="scan", actor=vault.actor
    )  # several chunks
    policy = Policy(drive, keep=1)
    good = backup_now(vault, policy)
    vault.clock.advance(timedelta(hours=1))  # type: ignore[attr-defined]
    last_good = last_backup(vault)
    flipped: list[Path] = []

    def failing_drive(done: int, total: int) -> None:
        # Once checking has started, the drive corrupts a byte near the end of the file.
        if done > total // 2 and not flipped:
            new = next(p for p in drive.iterdir() if p != good.path and not p.name.startswith("."))
            with new.open("r+b") as fh:
                fh.seek(-100, os.SEEK_END)
                byte = fh.read(1)
                fh.seek(-100, os.SEEK_END)
                fh.write(bytes([byte[0] ^ 0xFF]))
            flipped.append(new)

    with pytest.raises(DamagedFile) as err:
        backup_now(vault, policy, failing_drive)
    assert err.value.message == NEW_BACKUP_BAD
    assert flipped and not flipped[0].exists()
    assert [p.name for p in drive.iterdir()] == [good.path.name]  # the older one was kept
    assert last_backup(vault) == last_good
    assert "backup failed its check" in _audit_events(vault)


def test_the_schedule_backs_up_once_a_day(vault: Vault, drive: Path, tmp_path: Path) -> None:
    assert not backup_due(vault) and backup_if_due(vault) is None  # no folder chosen
    Policy(tmp_path / "unplugged").save(vault)
    assert not backup_due(vault)  # the drive is not connected: the reminder says so
    Policy(drive).save(vault)
    assert backup_due(vault)
    first = backup_if_due(vault)
    assert first is not None and first.path.exists()
    assert not backup_due(vault) and backup_if_due(vault) is None
    vault.clock.advance(timedelta(hours=23))  # type: ignore[attr-defined]
    assert not backup_due(vault)
    vault.clock.advance(timedelta(hours=1))  # type: ignore[attr-defined]
    assert backup_due(vault)
    assert backup_if_due(vault) is not None
    assert len(list(drive.iterdir())) == 2


def test_stopped_while_checking_leaves_no_file(vault: Vault, drive: Path) -> None:
    c = records.add_client(vault, ClientIn.from_input({"name": "Amina Diallo"}), actor=vault.actor)
    records.attach(vault, c, os.urandom(3 * 1024 * 1024), title="scan", actor=vault.actor)

    class Stop(Exception):
        pass

    def stop_while_checking(done: int, total: int) -> None:
        if done > total // 2:
            raise Stop

    with pytest.raises(Stop):
        backup_now(vault, Policy(drive), stop_while_checking)
    assert list(drive.iterdir()) == []
    assert last_backup(vault) is None
