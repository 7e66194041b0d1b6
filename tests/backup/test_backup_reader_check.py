"""The backup command's vault (a reader opened with ``check_later``) is checked once,
page by page, beside the backup's own read of the frozen file, not before it: and a
damaged vault still never leaves a backup, whole or partial (issue 30 item 3)."""

from __future__ import annotations

from pathlib import Path

import pytest

from safefile.backup import make_backup, verify_backup
from safefile.errors import DamagedFile
from safefile.store import database
from safefile.store.layout import DB_FILE
from safefile.store.vault import Vault
from tests.conftest import PASSPHRASE

PAGE = 16384  # the page format of a new vault (store/database.PAGE_FORMATS)


@pytest.fixture
def closed_vault(vault: Vault, vault_path: Path) -> Path:
    with vault.transaction():
        for i in range(200):
            vault.db.execute("INSERT INTO meta(key, value) VALUES (?, ?)", (f"f{i}", "x" * 400))
    vault.lock()
    return vault_path


def _reader(path: Path) -> Vault:
    return Vault.open(path, passphrase=PASSPHRASE, shared=True, check_later=True)


def test_one_check_of_the_frozen_file_beside_the_backup(
    closed_vault: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    checks: list[object] = []
    real = database.BackgroundCheck.__init__

    def counted(self: database.BackgroundCheck, *a: object, **kw: object) -> None:
        checks.append(self)
        real(self, *a, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(database.BackgroundCheck, "__init__", counted)
    monkeypatch.setattr(database, "integrity_problems", None)  # no check on the connection
    vault = _reader(closed_vault)
    try:
        assert not vault.check_started and checks == []  # nothing checked at the opening
        info = make_backup(vault, tmp_path / "b.sfbackup")
        assert vault.checked and len(checks) == 1
        events = [r[0] for r in vault.db.execute("SELECT event FROM audit ORDER BY seq")]
        assert events[-2:] == ["vault unlocked", "backup made"]
    finally:
        vault.lock()
    monkeypatch.undo()
    assert verify_backup(info.path, passphrase=PASSPHRASE).counts["audit"] >= 1


def test_damage_the_backup_never_reads_through_sql_still_leaves_no_backup(
    closed_vault: Path, tmp_path: Path
) -> None:
    db = closed_vault / DB_FILE
    original = db.read_bytes()
    out = tmp_path / "out"
    out.mkdir()
    for page in reversed(range(1, len(original) // PAGE)):
        damaged = bytearray(original)
        damaged[page * PAGE + PAGE // 2] ^= 0x01
        db.write_bytes(bytes(damaged))
        try:
            vault = _reader(closed_vault)
        except DamagedFile:
            continue
        try:
            vault.db.execute("SELECT name, n FROM row_counts").fetchall()
        except database.DatabaseError:
            vault.lock()
            continue
        break  # a page only the check reads: the backup meets it in its stream alone
    else:
        raise AssertionError("no page that only the check reads")
    with pytest.raises(DamagedFile):
        make_backup(vault, out / "b.sfbackup")
    assert not vault.is_open and vault.damaged
    assert list(out.iterdir()) == []  # no backup, not even its dot-temp
    assert db.read_bytes() == bytes(damaged)
