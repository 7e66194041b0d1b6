"""A restore that finds no record of destructions for the vault (issue 29, F14): under
another user account or on another computer, a backup made before a destruction brings
the destroyed file back; the restore says so and offers the retention run at once.  A
backup made after a destruction carries its tombstones, so the restore itself knows."""

from __future__ import annotations

from pathlib import Path

import pytest

from safefile.backup import make_backup
from safefile.clock import FixedClock
from safefile.retention import destroy, plan
from safefile.store.vault import Vault
from tests.conftest import PASSPHRASE, Cli
from tests.retention.test_destroy import _people

S = PASSPHRASE + "\n"


def _restore(cli: Cli, backup: Path, to: Path) -> tuple[int, str]:
    r = cli("restore", str(backup), str(to), "--passphrase-stdin", stdin=S)
    return r.code, r.err


def test_restore_elsewhere_of_a_backup_from_before_a_destruction_says_so(
    vault: Vault, tmp_path: Path, clock: FixedClock, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    p = _people(vault)
    before = make_backup(vault, tmp_path / "before.sfbackup")  # no policy folder: no sidecar
    destroy.apply(vault, plan.due(vault), actor=vault.actor)
    after = make_backup(vault, tmp_path / "after.sfbackup")
    vault.lock()
    monkeypatch.setenv("SAFEFILE_DATA_DIR", str(tmp_path / "another-account"))

    code, err = _restore(cli, before.path, tmp_path / "r1.safefile")
    assert code == 0, err
    assert "may have come back" in err and "retention" in err
    assert f"safefile retention {tmp_path / 'r1.safefile'} --apply" in err
    assert "1 file(s) are due for destruction" in err
    with Vault.open(tmp_path / "r1.safefile", passphrase=PASSPHRASE, clock=clock) as v:
        assert v.db.execute("SELECT 1 FROM clients WHERE id = ?", (p["old"],)).fetchone()

    # A backup made after the destruction carries its tombstones: nothing to say.
    code, err = _restore(cli, after.path, tmp_path / "r2.safefile")
    assert code == 0, err
    assert "may have come back" not in err


def test_restore_here_destroys_again_and_says_nothing_more(
    vault: Vault, tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SAFEFILE_DATA_DIR", str(tmp_path / "this-account"))
    p = _people(vault)
    before = make_backup(vault, tmp_path / "before.sfbackup")
    destroy.apply(
        vault, plan.due(vault), actor=vault.actor
    )  # tombstones in this user's data folder
    vault.lock()
    r = cli(
        "restore", str(before.path), str(tmp_path / "r.safefile"), "--passphrase-stdin", stdin=S
    )
    assert r.code == 0, r.err
    assert "destroyed again" in r.out and "may have come back" not in r.err
    with Vault.open(tmp_path / "r.safefile", passphrase=PASSPHRASE) as v:
        assert not v.db.execute("SELECT 1 FROM clients WHERE id = ?", (p["old"],)).fetchone()
