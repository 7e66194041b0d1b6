"""``safefile backup`` while the app has the vault open (issue 14, item 9).

The app is the one writer (``vault.lock``); a backup, a check and the commands that
only show things are readers beside it (``vault.readers``).  The backup holds SQLite's
write lock with an empty WAL while it streams the file, so it is consistent even
while the writer keeps writing.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from safefile import records
from safefile.errors import AlreadyOpen
from safefile.records.models import ClientIn
from safefile.store import checkup, keys
from safefile.store.lockfile import READERS_PRESENT
from safefile.store.vault import Vault
from tests.conftest import OTHER_PASSPHRASE, PASSPHRASE, run_safefile

S = PASSPHRASE + "\n"


@pytest.fixture
def app_vault(tmp_path: Path) -> Iterator[Vault]:
    """The vault held open as the app holds it: the writer's lock, a live connection."""
    v, _ = Vault.create(tmp_path / "v.safefile", PASSPHRASE, kdf=keys.KdfParams.minimum())
    records.add_client(v, ClientIn.from_input({"name": "Amina"}), actor=v.actor)
    try:
        yield v
    finally:
        v.lock()


def test_a_nightly_backup_succeeds_while_the_app_has_the_vault_open(
    app_vault: Vault,
    tmp_path: Path,
) -> None:
    dest = tmp_path / "nightly.sfbackup"
    r = run_safefile("backup", str(app_vault.path), str(dest), "--passphrase-stdin", stdin=S)
    assert r.code == 0, r.err
    r = run_safefile("verify-backup", str(dest), "--passphrase-stdin", "--json", stdin=S)
    assert r.code == 0, r.err
    assert json.loads(r.out)["counts"]["clients"] == 1
    # Still the one writer: a second writer is refused, the app keeps working.
    r = run_safefile(
        "client", "add", str(app_vault.path), "--name", "X", "--passphrase-stdin", stdin=S
    )
    assert r.code == 1 and "already open" in r.err
    records.add_client(app_vault, ClientIn.from_input({"name": "Ben"}), actor=app_vault.actor)
    # Read-only commands run beside the app too.
    r = run_safefile("client", "list", str(app_vault.path), "--passphrase-stdin", stdin=S)
    assert r.code == 0 and "Ben" in r.out, r.err
    r = run_safefile("check", str(app_vault.path), "--passphrase-stdin", stdin=S)
    assert r.code == 0, r.err
    assert checkup.check(app_vault).ok


@pytest.mark.slow
def test_a_backup_made_while_the_app_writes_is_consistent(app_vault: Vault, tmp_path: Path) -> None:
    dest = tmp_path / "busy.sfbackup"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "safefile",
            "backup",
            str(app_vault.path),
            str(dest),
            "--passphrase-stdin",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "SAFEFILE_TEST_FAST_KDF": "1"},
    )
    assert proc.stdin is not None
    proc.stdin.write(S)
    proc.stdin.close()
    written = 0
    while proc.poll() is None:
        records.add_client(
            app_vault, ClientIn.from_input({"name": f"Client {written}"}), actor=app_vault.actor
        )
        written += 1
    assert proc.returncode == 0, proc.stderr.read() if proc.stderr else ""
    r = run_safefile("verify-backup", str(dest), "--passphrase-stdin", "--json", stdin=S)
    assert r.code == 0, r.err  # every page authentic, both chains whole
    assert 1 <= json.loads(r.out)["counts"]["clients"] <= 1 + written
    assert checkup.check(app_vault).ok


def test_the_key_is_not_changed_under_a_reader(app_vault: Vault) -> None:
    reader = Vault.open(app_vault.path, passphrase=PASSPHRASE, shared=True)
    try:
        with pytest.raises(AlreadyOpen) as info:
            app_vault.rekey(OTHER_PASSPHRASE)
        assert info.value.message == READERS_PRESENT
        assert checkup.check(reader).ok
    finally:
        reader.lock()
    assert checkup.check(app_vault).ok
    app_vault.rekey(OTHER_PASSPHRASE)  # once the reader is gone
    assert checkup.check(app_vault).ok
