"""One rebuild of the database (issue 17 item 2, issue 18 item 2): re-key, a new recovery
key, and the one-time move to the faster page format, each atomic with the key file."""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from safefile.errors import DamagedFile, WrongKey
from safefile.records.documents import read_document
from safefile.store import checkup, database, header
from safefile.store.layout import HEADER_FILE
from safefile.store.vault import Vault
from tests.conftest import (
    MARKER,
    OTHER_PASSPHRASE,
    PASSPHRASE,
    Cli,
    all_bytes_under,
    run_safefile,
)
from tests.format_fixtures import fill, make_legacy_vault, table_counts

S = PASSPHRASE + "\n"
THIRD = "copper meadow lantern sketch"


def _items(counts: dict[str, int]) -> dict[str, int]:
    """Every table but those that grow by opening (the audit trail, meta)."""
    return {k: v for k, v in counts.items() if k not in ("audit", "meta")}


@pytest.fixture
def made(tmp_path: Path, cli: Cli) -> tuple[Path, str]:
    path = tmp_path / "clinic.safefile"
    r = cli("init", str(path), "--passphrase-stdin", "--practitioner", "Test Advocate", stdin=S)
    assert r.code == 0, r.err
    recovery = next(
        ln.removeprefix("Recovery key: ") for ln in r.out.splitlines() if ln.startswith("Recovery")
    )
    with Vault.open(path, passphrase=PASSPHRASE) as v:
        fill(v)
    return path, recovery


def test_rekey_locks_out_the_old_key_file_and_recovery_key(
    made: tuple[Path, str], tmp_path: Path, cli: Cli
) -> None:
    path, old_recovery = made
    old_backup = tmp_path / "old.sfbackup"
    assert cli("backup", str(path), str(old_backup), "--passphrase-stdin", stdin=S).code == 0
    old_key_file = (path / HEADER_FILE).read_bytes()
    with Vault.open(path, passphrase=PASSPHRASE) as v:
        before = _items(table_counts(v))

    r = cli("passwd", str(path), "--rekey", "--passphrase-stdin", stdin=f"{S}{OTHER_PASSPHRASE}\n")
    assert r.code == 0, r.err
    new_recovery = next(
        ln.removeprefix("Recovery key: ") for ln in r.out.splitlines() if ln.startswith("Recovery")
    )
    assert new_recovery != old_recovery
    assert "OLD passphrase" in r.err and str(old_backup) in r.err

    # Everything is there under the new key, documents included, and check passes.
    with Vault.open(path, passphrase=OTHER_PASSPHRASE) as v:
        assert _items(table_counts(v)) == before
        doc = v.db.execute("SELECT id FROM documents").fetchone()[0]
        assert MARKER.encode() in read_document(v, doc, actor=v.actor)
        assert checkup.check(v).ok
    assert cli("check", str(path), "--passphrase-stdin", stdin=OTHER_PASSPHRASE + "\n").code == 0
    assert cli("check", str(path), "--recovery-key-stdin", stdin=new_recovery + "\n").code == 0
    assert cli("check", str(path), "--recovery-key-stdin", stdin=old_recovery + "\n").code == 4
    assert cli("check", str(path), "--passphrase-stdin", stdin=S).code == 4

    # The old key file, put back with the old passphrase, no longer opens today's data.
    current_key_file = (path / HEADER_FILE).read_bytes()
    (path / HEADER_FILE).write_bytes(old_key_file)
    with pytest.raises(DamagedFile):
        Vault.open(path, passphrase=PASSPHRASE)
    with pytest.raises(DamagedFile):
        Vault.open(path, recovery_key=old_recovery)
    (path / HEADER_FILE).write_bytes(current_key_file)

    # As the message says, the old backup still opens with the old passphrase.
    assert cli("verify-backup", str(old_backup), "--passphrase-stdin", stdin=S).code == 0
    assert MARKER.encode() not in all_bytes_under(path)


def test_recovery_key_command_replaces_the_recovery_key_alone(
    made: tuple[Path, str], cli: Cli
) -> None:
    path, old_recovery = made
    old_key_file = (path / HEADER_FILE).read_bytes()
    r = cli("recovery-key", str(path), "--passphrase-stdin", stdin=S)
    assert r.code == 0, r.err
    lines = [ln for ln in r.out.splitlines() if ln.startswith("Recovery key: ")]
    assert len(lines) == 1
    new_recovery = lines[0].removeprefix("Recovery key: ")
    assert cli("check", str(path), "--recovery-key-stdin", stdin=old_recovery + "\n").code == 4
    assert cli("check", str(path), "--recovery-key-stdin", stdin=new_recovery + "\n").code == 0
    assert cli("check", str(path), "--passphrase-stdin", stdin=S).code == 0
    (path / HEADER_FILE).write_bytes(old_key_file)  # an old key file + the old recovery key
    assert cli("check", str(path), "--recovery-key-stdin", stdin=old_recovery + "\n").code == 5
    # Asked with the recovery key instead of the passphrase: a clear refusal.
    r = cli("recovery-key", str(path), "--recovery-key-stdin", stdin=old_recovery + "\n")
    assert r.code == 1 and "needs the passphrase" in r.err


def test_passwd_recalibrates_the_key_derivation(
    made: tuple[Path, str], cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    path, _ = made
    before = header.read(path / HEADER_FILE).kdf
    monkeypatch.delenv("SAFEFILE_TEST_FAST_KDF")  # calibrate for real, as at creation
    r = cli("passwd", str(path), "--passphrase-stdin", stdin=f"{S}{OTHER_PASSPHRASE}\n")
    assert r.code == 0, r.err
    after = header.read(path / HEADER_FILE).kdf
    assert after.salt != before.salt and after.time_cost >= before.time_cost
    with Vault.open(path, passphrase=OTHER_PASSPHRASE) as v:
        detail = v.db.execute(
            "SELECT detail FROM audit WHERE event='passphrase changed' ORDER BY seq DESC"
        ).fetchone()[0]
    assert json.loads(detail)["kdf_time_cost"] == after.time_cost


def test_a_vault_of_the_previous_release_moves_to_the_faster_page_format(
    tmp_path: Path,
    cli: Cli,
) -> None:
    path = tmp_path / "old.safefile"
    counts, recovery = make_legacy_vault(path)
    assert header.read(path / HEADER_FILE).format_version == database.LEGACY_PAGE_FORMAT
    # A reader (check, backup, a listing) opens it as it is and never rebuilds it...
    r = cli("check", str(path), "--passphrase-stdin", stdin=S)
    assert r.code == 0, r.err
    assert header.read(path / HEADER_FILE).format_version == database.LEGACY_PAGE_FORMAT
    # ...the writer (the app, a command that changes something) moves it, once.
    r = cli("org", "add", str(path), "--name", "County Court", "--passphrase-stdin", stdin=S)
    assert r.code == 0, r.err
    assert "faster file format" in r.err
    counts["orgs"] += 1
    assert header.read(path / HEADER_FILE).format_version == database.PAGE_FORMAT
    assert cli("check", str(path), "--passphrase-stdin", stdin=S).code == 0
    # A backup was made first, beside the vault, and it verifies.
    backups = list(tmp_path.glob("old-before-upgrade-*.sfbackup"))
    assert len(backups) == 1
    assert cli("verify-backup", str(backups[0]), "--passphrase-stdin", stdin=S).code == 0
    with Vault.open(path, passphrase=PASSPHRASE) as v:
        assert _items(table_counts(v)) == _items(counts)
        page_size = v.db.execute("PRAGMA page_size").fetchone()[0]
        assert int(page_size) == 16384
        events = [r[0] for r in v.db.execute("SELECT event FROM audit")]
    assert "page format upgraded" in events
    assert cli("check", str(path), "--recovery-key-stdin", stdin=recovery + "\n").code == 0
    assert not list(path.glob(".rebuild*"))
    assert MARKER.encode() not in all_bytes_under(path)
    # Opened again: migrated once only.
    assert cli("check", str(path), "--passphrase-stdin", stdin=S).code == 0
    assert len(list(tmp_path.glob("old-before-upgrade-*.sfbackup"))) == 1


class _CrashAfter:
    """os.rename/os.replace that stop working after ``n`` calls, as if the power went at
    that moment (the process carries on, but renames nothing more).  A re-key renames:
    the staging seal file (store/seal.py) and key file into place (1, 2), the staging
    folder to .rebuild-ready (3, the commit point), then vault.db, vault.state, documents
    (twice) and vault.json (4-8)."""

    def __init__(self, n: int) -> None:
        self.n = n
        self.real_rename, self.real_replace = os.rename, os.replace

    def _step(self, real: Any, a: Any, b: Any) -> None:
        if self.n <= 0:
            raise OSError("power lost")
        self.n -= 1
        real(a, b)

    def rename(self, a: Any, b: Any) -> None:
        self._step(self.real_rename, a, b)

    def replace(self, a: Any, b: Any) -> None:
        self._step(self.real_replace, a, b)


@pytest.mark.parametrize("steps", range(9))
def test_a_rekey_cut_short_at_any_step_leaves_a_vault_that_opens(
    made: tuple[Path, str],
    monkeypatch: pytest.MonkeyPatch,
    steps: int,
) -> None:
    path, _ = made
    with Vault.open(path, passphrase=PASSPHRASE) as v:
        before = _items(table_counts(v))
    v = Vault.open(path, passphrase=PASSPHRASE)
    crash = _CrashAfter(steps)
    monkeypatch.setattr(os, "rename", crash.rename)
    monkeypatch.setattr(os, "replace", crash.replace)
    try:
        v.rekey(OTHER_PASSPHRASE)
        finished = True
    except OSError:
        finished = False
    finally:
        v.lock()
        monkeypatch.undo()
    opened = None
    for candidate in (PASSPHRASE, OTHER_PASSPHRASE):
        try:
            with Vault.open(path, passphrase=candidate) as v2:
                assert checkup.check(v2).ok
                assert _items(table_counts(v2)) == before
                opened = candidate
        except WrongKey:
            continue
    assert opened is not None
    # Before the commit point the old key opens; after it, the next open rolls forward.
    assert opened == (PASSPHRASE if steps < 3 else OTHER_PASSPHRASE)
    assert finished == (steps >= 8)
    assert not list(path.glob(".rebuild*"))
    assert sorted(p.name for p in path.iterdir()) == [
        "documents",
        "vault.db",
        "vault.json",
        "vault.lock",
        "vault.readers",
        "vault.state",
    ]


@pytest.mark.slow
def test_killed_rekey_leaves_a_vault_that_opens(made: tuple[Path, str]) -> None:
    """Kill ``passwd --rekey`` at random moments of its run: it opens with the old or the
    new one. The moments are drawn over the time a whole run takes on this machine now
    (measured first), so that the kills fall inside the rekey, whatever the machine."""
    path, _ = made
    rng = random.Random(20261202)
    current, other = PASSPHRASE, OTHER_PASSPHRASE

    def rekey() -> subprocess.Popen[bytes]:
        proc = subprocess.Popen(
            [sys.executable, "-m", "safefile", "passwd", str(path), "--rekey"]
            + ["--passphrase-stdin"],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env={**os.environ, "SAFEFILE_TEST_FAST_KDF": "1"},
        )
        assert proc.stdin is not None
        proc.stdin.write(f"{current}\n{other}\n".encode())
        proc.stdin.close()
        return proc

    started = time.monotonic()
    assert rekey().wait() == 0
    whole = time.monotonic() - started
    current, other = other, current
    for _ in range(8):
        proc = rekey()
        time.sleep(rng.uniform(0.0, whole))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        opened_with = None
        for name, candidate in (("old", current), ("new", other)):
            r = run_safefile("check", str(path), "--passphrase-stdin", stdin=candidate + "\n")
            if r.code == 0:
                opened_with = name
                break
            assert r.code == 4, r.err  # never "damaged"
        assert opened_with is not None
        if opened_with == "new":
            current, other = other, current
    # A reader leaves a killed rebuild's staging folder alone; the next writer's open
    # finishes or drops it (whether the last kill left one depends on its timing).
    Vault.open(path, passphrase=current).lock()
    assert not list(path.glob(".rebuild*"))
    shutil.rmtree(path)
