"""A backup, check or restore stopped part-way (the app's Cancel) leaves nothing behind,
and the backup policy is saved whole or not at all."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from safefile import records
from safefile.backup import Policy, backup_now, make_backup, restore_backup, verify_backup
from safefile.backup.policy import FOLDER_KEY, KEEP_KEY, MAX_AGE_KEY
from safefile.errors import InvalidInput, WrongKey
from safefile.records.models import ClientIn
from safefile.store.vault import Vault
from tests.conftest import OTHER_PASSPHRASE, PASSPHRASE


class Stop(Exception):
    """What the app's progress callback raises when the user pressed Cancel."""


def stop_after(calls: int) -> tuple[list[tuple[int, int]], object]:
    seen: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> None:
        seen.append((done, total))
        if len(seen) >= calls:
            raise Stop

    return seen, progress


@pytest.fixture
def weighty(vault: Vault) -> Vault:
    """A vault whose backup takes several chunks (so a stop can land in the middle)."""
    c = records.add_client(vault, ClientIn.from_input({"name": "Amina Diallo"}), actor=vault.actor)
    records.attach(vault, c, os.urandom(3 * 1024 * 1024), title="scan", actor=vault.actor)
    return vault


def test_stopped_backup_leaves_no_file_and_the_vault_works(weighty: Vault, tmp_path: Path) -> None:
    folder = tmp_path / "drive"
    folder.mkdir()
    seen, progress = stop_after(2)
    with pytest.raises(Stop):
        backup_now(weighty, Policy(folder), progress)  # type: ignore[arg-type]
    assert len(seen) == 2 and seen[-1][0] < seen[-1][1]  # stopped in the middle
    assert list(folder.iterdir()) == []  # no backup, no temporary file
    assert weighty.get_meta("last_backup_at") is None
    assert not weighty.db.in_transaction
    records.add_client(weighty, ClientIn.from_input({"name": "Still works"}), actor=weighty.actor)
    info = backup_now(weighty, Policy(folder))
    assert [p.name for p in folder.iterdir()] == [info.path.name]
    assert verify_backup(info.path, passphrase=PASSPHRASE).counts["clients"] == 2


def test_stopped_restore_leaves_nothing(weighty: Vault, tmp_path: Path) -> None:
    backup = tmp_path / "b.sfbackup"
    make_backup(weighty, backup)
    target = tmp_path / "new" / "deeper" / "r.safefile"
    seen, progress = stop_after(2)
    with pytest.raises(Stop):
        restore_backup(backup, target, passphrase=PASSPHRASE, progress=progress)  # type: ignore[arg-type]
    assert len(seen) == 2
    assert not (tmp_path / "new").exists()  # not even the folders made for it
    restore_backup(backup, target, passphrase=PASSPHRASE)
    Vault.open(target, passphrase=PASSPHRASE).lock()


def test_wrong_passphrase_restore_creates_no_folder(weighty: Vault, tmp_path: Path) -> None:
    backup = tmp_path / "b.sfbackup"
    make_backup(weighty, backup)
    with pytest.raises(WrongKey):
        restore_backup(backup, tmp_path / "new" / "r.safefile", passphrase=OTHER_PASSPHRASE)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b.sfbackup", "test.safefile"]


def test_verify_reports_progress_and_can_be_stopped(weighty: Vault, tmp_path: Path) -> None:
    backup = tmp_path / "b.sfbackup"
    make_backup(weighty, backup)
    seen: list[tuple[int, int]] = []
    verify_backup(backup, passphrase=PASSPHRASE, progress=lambda d, t: seen.append((d, t)))
    size = backup.stat().st_size
    assert len(seen) >= 3 and seen[-1] == (size, size)
    assert all(a[0] <= b[0] for a, b in zip(seen, seen[1:], strict=False))
    _, progress = stop_after(1)
    with pytest.raises(Stop):
        verify_backup(backup, passphrase=PASSPHRASE, record_in=weighty, progress=progress)  # type: ignore[arg-type]
    events = [r[0] for r in weighty.db.execute("SELECT event FROM audit")]
    assert "backup verified" not in events


def test_policy_is_saved_whole_or_not_at_all(
    vault: Vault, vault_path: Path, tmp_path: Path
) -> None:
    Policy(tmp_path / "drive", keep=4, max_age_days=3).save(vault)
    assert Policy.of(vault) == Policy(tmp_path / "drive", 4, 3)
    for bad, message in (
        (Policy(tmp_path / "other", keep=0), "Keep at least one backup."),
        (Policy(tmp_path / "other", max_age_days=0), "at least one day"),
        (Policy(vault_path), "inside the vault's own folder"),
        (Policy(vault_path / "backups"), "inside the vault's own folder"),
    ):
        with pytest.raises(InvalidInput, match=message):
            bad.save(vault)
        assert [vault.get_meta(k) for k in (FOLDER_KEY, KEEP_KEY, MAX_AGE_KEY)] == [
            str(tmp_path / "drive"),
            "4",
            "3",
        ]
