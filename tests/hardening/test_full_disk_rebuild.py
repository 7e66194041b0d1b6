"""A full disk during a re-key or a new recovery key (issue 29, F12): the disk-full
message on every path, ``sqlcipher_export`` included, never "unexpected problem"; the
vault is untouched and opens with the old secrets."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.cli.test_disk_refusals import (  # noqa: F401 - the fixture
    disk,
    fill,
    made_vault,
    run,
    vault_bytes,
)
from tests.conftest import OTHER_PASSPHRASE, PASSPHRASE, Cli

S = PASSPHRASE + "\n"


@pytest.mark.parametrize("room", [0, 96 * 1024])  # none; some, not enough for a copy
@pytest.mark.parametrize(
    ("args", "stdin"),
    [
        (["passwd", "--rekey"], S + OTHER_PASSPHRASE + "\n"),
        (["recovery-key"], S),
    ],
)
def test_a_rebuild_on_a_full_disk_says_the_disk_is_full(
    cli: Cli,
    disk: Path,  # noqa: F811
    args: list[str],
    stdin: str,
    room: int,
) -> None:
    v = made_vault(cli, disk)
    # Room for the vault's own WAL, never for a second copy of the database.
    fill(disk)
    assert shutil.disk_usage(disk).free < 64 * 1024
    if room:
        size = (disk / "filler").stat().st_size
        os.truncate(disk / "filler", size - room)
    before = vault_bytes(v)
    r = run(cli, args[0], v, *args[1:], stdin=stdin)
    assert r.code == 1, r.err
    assert "full" in r.err and "unexpected" not in r.err and "damaged" not in r.err, r.err
    after = vault_bytes(v)
    assert after["vault.json"] == before["vault.json"]  # the old key file: the old secrets
    if not room:  # with some room the opening's audit entry was written, nothing more
        assert after == before
    assert not list(v.glob(".rebuild*"))
    (disk / "filler").unlink()
    assert run(cli, "check", v).code == 0
