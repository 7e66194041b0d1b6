"""``restore --replace`` over a vault in use (issue 29, F1): refused while the app or
any command holds the vault, so no write made there is lost; and a vault replaced on
disk under an open one (by anything) is locked at its next write, with a clear message."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from safefile import records
from safefile.errors import VaultReplaced
from safefile.records.models import ClientIn
from safefile.store import keys
from safefile.store.vault import REPLACED, Vault
from tests.conftest import PASSPHRASE, Cli

S = PASSPHRASE + "\n"


@pytest.fixture
def backed_up(tmp_path: Path, cli: Cli) -> tuple[Path, Path]:
    v, _ = Vault.create(tmp_path / "v.safefile", PASSPHRASE, kdf=keys.KdfParams.minimum())
    records.add_client(v, ClientIn.from_input({"name": "Amina"}), actor=v.actor)
    v.lock()
    backup = tmp_path / "b.sfbackup"
    assert cli("backup", str(v.path), str(backup), "--passphrase-stdin", stdin=S).code == 0
    return v.path, backup


def test_restore_replace_is_refused_while_the_app_holds_the_vault(
    backed_up: tuple[Path, Path], cli: Cli
) -> None:
    path, backup = backed_up
    app = Vault.open(path, passphrase=PASSPHRASE)  # the app: the writer's lock
    try:
        r = cli("restore", str(backup), str(path), "--replace", "--passphrase-stdin", stdin=S)
        assert r.code == 1 and "already open" in r.err, r.err
        # The app's write after the refused restore is in the vault, not lost.
        records.add_client(app, ClientIn.from_input({"name": "Ben"}), actor=app.actor)
    finally:
        app.lock()
    with Vault.open(path, passphrase=PASSPHRASE) as v:
        assert v.db.execute("SELECT count(*) FROM clients").fetchone()[0] == 2
    # Once nobody holds it, the restore goes ahead.
    r = cli("restore", str(backup), str(path), "--replace", "--passphrase-stdin", stdin=S)
    assert r.code == 0, r.err
    with Vault.open(path, passphrase=PASSPHRASE) as v:
        assert v.db.execute("SELECT count(*) FROM clients").fetchone()[0] == 1


def test_restore_replace_is_refused_while_a_reader_holds_the_vault(
    backed_up: tuple[Path, Path], cli: Cli
) -> None:
    path, backup = backed_up
    reader = Vault.open(path, passphrase=PASSPHRASE, shared=True)  # a backup, a check
    try:
        r = cli("restore", str(backup), str(path), "--replace", "--passphrase-stdin", stdin=S)
        assert r.code == 1, r.err
        assert reader.db.execute("SELECT count(*) FROM clients").fetchone()[0] == 1
    finally:
        reader.lock()


def test_a_vault_replaced_under_the_open_one_locks_at_its_next_write(
    backed_up: tuple[Path, Path], tmp_path: Path
) -> None:
    path, _ = backed_up
    copy = tmp_path / "copy.safefile"
    shutil.copytree(path, copy)
    app = Vault.open(path, passphrase=PASSPHRASE)
    try:
        # Something other than SafeFile (a file manager, an old build) swaps the folder.
        os.rename(path, tmp_path / "aside.safefile")
        os.rename(copy, path)
        assert app.replaced
        with pytest.raises(VaultReplaced) as caught:
            records.add_client(app, ClientIn.from_input({"name": "Ben"}), actor=app.actor)
        assert caught.value.message == REPLACED
        assert not app.is_open  # locked: nothing more is written anywhere
    finally:
        app.lock()
    with Vault.open(tmp_path / "aside.safefile", passphrase=PASSPHRASE) as v:
        assert v.db.execute("SELECT count(*) FROM clients").fetchone()[0] == 1
