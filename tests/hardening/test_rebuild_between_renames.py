"""A rebuild stopped between its two renames (issue 29, F2): the database moved into
place, the key file not yet.  Every read-only command (a shared opener) finishes the
committed rebuild or reads the staging key file, and opens with exactly one of the old
and new secrets; none says "damaged"."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from safefile.store import database, header, keys
from safefile.store.layout import HEADER_FILE, READY
from safefile.store.vault import Vault
from tests.conftest import OTHER_PASSPHRASE, PASSPHRASE, Cli
from tests.format_fixtures import fill, make_legacy_vault
from tests.hardening.test_rebuild import _CrashAfter

S = PASSPHRASE + "\n"


def read_only_commands(path: Path, tmp: Path) -> list[tuple[str, ...]]:
    """Every command that opens the vault as a reader beside the writer."""
    v = str(path)
    return [
        ("check", v),
        ("client", "list", v),
        ("client", "show", v, "1"),
        ("org", "list", v),
        ("log", v),
        ("release", "list", v, "--client", "1"),
        ("backup", v, str(tmp / f"b-{os.urandom(4).hex()}.sfbackup")),
    ]


def opens_with_exactly_one(cli: Cli, path: Path, tmp: Path, secrets: list[tuple[str, str]]) -> str:
    """Run every read-only command with each secret: exactly one opens, for all of them."""
    opened: set[str] = set()
    for command in read_only_commands(path, tmp):
        worked = []
        for flag, secret in secrets:
            r = cli(*command, flag, stdin=secret + "\n")
            assert r.code in (0, 4), (command, r.code, r.err)  # never "damaged" (5)
            if r.code == 0:
                worked.append(secret)
        assert len(worked) == 1, (command, worked)
        opened.add(worked[0])
    assert len(opened) == 1
    return opened.pop()


def _stop_between_renames(
    monkeypatch: pytest.MonkeyPatch, steps: int, act: Callable[[], object]
) -> None:
    crash = _CrashAfter(steps)
    monkeypatch.setattr(os, "rename", crash.rename)
    monkeypatch.setattr(os, "replace", crash.replace)
    try:
        with pytest.raises(OSError, match="power lost"):
            act()
    finally:
        monkeypatch.undo()


def _made(tmp_path: Path) -> tuple[Path, str]:
    path = tmp_path / "clinic.safefile"
    v, recovery = Vault.create(
        path, PASSPHRASE, kdf=keys.KdfParams.minimum(), user_name="Test Advocate"
    )
    try:
        fill(v)
    finally:
        v.lock()
    assert recovery is not None
    return path, recovery


# A re-key renames: the staging seal of the security state (1), the staging key file (2),
# the commit (3), vault.db (4), documents (5, 6), vault.state (7), vault.json (8).
# Stopped after 4 or 6: database new, key file old.
@pytest.mark.parametrize("steps", [4, 6])
def test_rekey_stopped_between_the_renames(
    tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch, steps: int
) -> None:
    path, _ = _made(tmp_path)
    v = Vault.open(path, passphrase=PASSPHRASE)
    try:
        _stop_between_renames(monkeypatch, steps, lambda: v.rekey(OTHER_PASSPHRASE))
    finally:
        v.lock()
    assert (path / READY).is_dir()
    secrets = [("--passphrase-stdin", PASSPHRASE), ("--passphrase-stdin", OTHER_PASSPHRASE)]
    assert opens_with_exactly_one(cli, path, tmp_path, secrets) == OTHER_PASSPHRASE
    assert not (path / READY).exists()  # the first reader finished it


def test_recovery_key_stopped_between_the_renames(
    tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    path, old_recovery = _made(tmp_path)
    v = Vault.open(path, passphrase=PASSPHRASE)
    staged: list[str] = []

    real = keys.new_recovery_key

    def capture() -> str:
        staged.append(real())
        return staged[-1]

    def act() -> None:
        monkeypatch.setattr(keys, "new_recovery_key", capture)
        v.issue_recovery_key(PASSPHRASE)

    try:
        _stop_between_renames(monkeypatch, 4, act)  # as a re-key's: after vault.db
    finally:
        v.lock()
    assert (path / READY).is_dir()
    new_recovery = staged[0]
    secrets = [("--recovery-key-stdin", old_recovery), ("--recovery-key-stdin", new_recovery)]
    assert opens_with_exactly_one(cli, path, tmp_path, secrets) == new_recovery
    assert cli("check", str(path), "--passphrase-stdin", stdin=S).code == 0


def test_page_upgrade_stopped_between_the_renames(
    tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "old.safefile"
    make_legacy_vault(path)
    v = Vault.open(path, passphrase=PASSPHRASE)
    try:  # staging key file (1), commit (2), vault.db (3), then vault.json
        _stop_between_renames(monkeypatch, 3, v.upgrade_page_format)
    finally:
        v.lock()
    assert (path / READY).is_dir()
    assert header.read(path / HEADER_FILE).format_version == database.LEGACY_PAGE_FORMAT
    for command in read_only_commands(path, tmp_path):
        r = cli(*command, "--passphrase-stdin", stdin=S)
        assert r.code == 0, (command, r.err)
    assert header.read(path / HEADER_FILE).format_version == database.PAGE_FORMAT


def test_a_reader_beside_a_reader_reads_the_staging_key_file(
    tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When it cannot finish the rebuild (another reader is in), it reads the key file
    that goes with the database in place."""
    path, _ = _made(tmp_path)
    v = Vault.open(path, passphrase=PASSPHRASE)
    try:
        _stop_between_renames(monkeypatch, 4, lambda: v.rekey(OTHER_PASSPHRASE))
    finally:
        v.lock()
    from safefile.store.lockfile import VaultLock

    other_reader = VaultLock(path / "vault.lock", shared=True)
    other_reader.acquire()
    try:
        assert (
            cli("check", str(path), "--passphrase-stdin", stdin=OTHER_PASSPHRASE + "\n").code == 0
        )
        assert cli("check", str(path), "--passphrase-stdin", stdin=S).code == 4
        assert (path / READY).is_dir()  # left for whoever can finish it
    finally:
        other_reader.release()
