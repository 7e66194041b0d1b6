"""No command writes into a vault's folder (issue 17, item 1).

``safefile backup VAULT VAULT/vault.db`` used to exit 0 and replace the live
database with the backup.  Every output a user chooses is refused when it, or
any folder above it (links followed), is a vault; the vault is unchanged.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from safefile.errors import InvalidInput
from safefile.fsutil import refuse_inside_vault
from tests.conftest import PASSPHRASE

S = PASSPHRASE + "\n"


@pytest.fixture
def v(tmp_path: Path, cli) -> Path:  # type: ignore[no-untyped-def]
    path = tmp_path / "v.safefile"
    assert cli("init", str(path), "--passphrase-stdin", "--no-recovery-key", stdin=S).code == 0
    assert (
        cli("client", "add", str(path), "--name", "Amina", "--passphrase-stdin", stdin=S).code == 0
    )
    return path


def _targets(v: Path, tmp_path: Path) -> list[Path]:
    link = tmp_path / "innocent-looking-folder"
    link.symlink_to(v)
    file_link = tmp_path / "innocent.sfbackup"
    file_link.symlink_to(v / "vault.db")
    return [
        v / "vault.db",
        v / "vault.json",
        v / "documents",
        v / "documents" / "nested.sfbackup",
        v,
        link / "x.sfbackup",
        file_link,
        v / ".." / v.name / "vault.db",
    ]


def test_backup_refuses_every_place_inside_the_vault(v: Path, tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    for target in _targets(v, tmp_path):
        r = cli("backup", str(v), str(target), "--passphrase-stdin", stdin=S)
        assert r.code == 1, (target, r.out, r.err)
        assert "inside the SafeFile vault" in r.err, (target, r.err)
        assert not list((v / "documents").glob("*.sfbackup"))
        assert not list(v.glob("*.sfbackup"))
    assert cli("check", str(v), "--passphrase-stdin", stdin=S).code == 0
    assert "Amina" in cli("client", "list", str(v), "--passphrase-stdin", stdin=S).out


def test_export_refuses_a_pdf_inside_the_vault(v: Path, tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    for target in (v / "x.pdf", v / "documents" / "x.pdf", tmp_path / "innocent" / "x.pdf"):
        if target.parent.name == "innocent" and not target.parent.exists():
            target.parent.symlink_to(v)
        r = cli(
            "export",
            str(v),
            "--client",
            "1",
            "--to",
            str(target),
            "--own-copy",
            "--requested-on",
            "2026-11-20",
            "--passphrase-stdin",
            stdin=S,
        )
        assert r.code == 1, (target, r.err)
        assert "inside the SafeFile vault" in r.err
        assert not (v / "x.pdf").exists()
    assert cli("check", str(v), "--passphrase-stdin", stdin=S).code == 0


def test_restore_and_init_refuse_a_folder_inside_a_vault(v: Path, tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    backup = tmp_path / "good.sfbackup"
    assert cli("backup", str(v), str(backup), "--passphrase-stdin", stdin=S).code == 0
    for target in (v / "restored.safefile", v / "documents" / "r.safefile"):
        r = cli("restore", str(backup), str(target), "--passphrase-stdin", stdin=S)
        assert r.code == 1 and "inside the SafeFile vault" in r.err, r.err
        assert not target.exists()
        r = cli("init", str(target), "--passphrase-stdin", stdin=S)
        assert r.code == 1 and "inside the SafeFile vault" in r.err, r.err
        assert not target.exists()
    # Replacing a whole vault is still allowed when asked for explicitly.
    r = cli("restore", str(backup), str(v), "--replace", "--passphrase-stdin", stdin=S)
    assert r.code == 0, r.err
    assert cli("check", str(v), "--passphrase-stdin", stdin=S).code == 0


def test_the_one_function_resolves_links_and_dot_dots(v: Path, tmp_path: Path) -> None:
    for target in _targets(v, tmp_path):
        with pytest.raises(InvalidInput):
            refuse_inside_vault(target)
    outside = tmp_path / "elsewhere" / "b.sfbackup"
    assert refuse_inside_vault(outside) == outside
    assert refuse_inside_vault(v, allow_vault_itself=True) == v
    os.chdir(v)
    try:
        with pytest.raises(InvalidInput):
            refuse_inside_vault(Path("backup.sfbackup"))
    finally:
        os.chdir(tmp_path)
