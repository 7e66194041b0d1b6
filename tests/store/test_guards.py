"""Structural guarantees: SQLCipher only, no Qt in the core, the audit trail tamper-evident."""

from __future__ import annotations

import ast
import sqlite3
from pathlib import Path

import pytest

import safefile
from safefile.errors import DamagedFile
from safefile.store import chain, checkup, database
from safefile.store.layout import DB_FILE
from safefile.store.vault import Vault
from tests.conftest import PASSPHRASE

SRC = Path(safefile.__file__).parent


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_no_module_imports_plain_sqlite3() -> None:
    offenders = [p for p in SRC.rglob("*.py") if "sqlite3" in _imports(p)]
    assert offenders == []


def test_core_never_imports_qt() -> None:
    offenders = [
        p
        for p in SRC.rglob("*.py")
        if "ui" not in p.relative_to(SRC).parts and "PySide6" in _imports(p)
    ]
    assert offenders == []


def test_connect_refuses_plain_sqlite(tmp_path: Path) -> None:
    """Handed Python's plain sqlite3, the opener refuses before writing anything."""
    target = tmp_path / "plain.db"
    with pytest.raises(database.NotSQLCipher):
        database.connect(target, b"\x00" * 32, driver=sqlite3.connect, create=True)
    assert not target.exists() or target.stat().st_size == 0


def test_plain_sqlite_cannot_read_a_vault(vault: Vault, vault_path: Path) -> None:
    vault.lock()
    conn = sqlite3.connect(vault_path / DB_FILE)
    with pytest.raises(sqlite3.DatabaseError):
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    conn.close()


def test_wrong_raw_key_is_detected_though_pragma_key_says_ok(
    vault: Vault, vault_path: Path
) -> None:
    vault.lock()
    with pytest.raises(DamagedFile):
        database.connect(vault_path / DB_FILE, b"\x01" * 32)


def test_audit_records_vault_events(new_vault: tuple[Vault, str], vault_path: Path) -> None:
    vault, recovery = new_vault
    vault.lock()
    with Vault.open(vault_path, recovery_key=recovery) as v:
        v.change_passphrase("quiet lantern mosaic orchard")
        events = [r[0] for r in v.db.execute("SELECT event FROM audit ORDER BY seq")]
        detail = v.db.execute("SELECT detail FROM audit WHERE event='vault unlocked'").fetchone()[0]
    assert events == ["vault created", "vault unlocked", "passphrase changed"]
    assert "recovery key" in detail


def test_audit_entries_cannot_be_changed_through_the_store(vault: Vault) -> None:
    vault.audit("something happened", actor=vault.actor)
    with pytest.raises(database.IntegrityError, match="cannot be changed"):
        vault.db.execute("UPDATE audit SET event = 'nothing' WHERE seq = 1")
    with pytest.raises(database.IntegrityError, match="cannot be deleted"):
        vault.db.execute("DELETE FROM audit")


@pytest.mark.parametrize("tamper", ["edit", "delete-middle", "delete-last"])
def test_tampered_audit_trail_fails_check(vault: Vault, tamper: str) -> None:
    for i in range(5):
        vault.audit("event", n=i, actor=vault.actor)
    assert checkup.check(vault).ok
    db = vault.db
    db.execute("DROP TRIGGER audit_no_update")
    db.execute("DROP TRIGGER audit_no_delete")
    if tamper == "edit":
        db.execute("UPDATE audit SET detail = '{\"n\": 99}' WHERE seq = 3")
    elif tamper == "delete-middle":
        db.execute("DELETE FROM audit WHERE seq = 3")
    else:
        db.execute("DELETE FROM audit WHERE seq = (SELECT max(seq) FROM audit)")
    report = checkup.check(vault)
    assert not report.ok
    assert any("audit" in p for p in report.problems)


def test_chain_verify_of_a_fresh_vault(vault: Vault) -> None:
    assert chain.AUDIT.verify(vault.db, vault.key_for("audit")) == []


def test_reopen_after_check(vault: Vault, vault_path: Path) -> None:
    assert checkup.check(vault).ok
    vault.lock()
    Vault.open(vault_path, passphrase=PASSPHRASE).lock()
