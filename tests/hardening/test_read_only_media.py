"""A vault on read-only media (issue 29): it could not even be listed, because the
readers' lock file must be writable. Now a reader falls back to a lock of its own and
says the media is read-only; every reading works; every change is refused plainly."""

from __future__ import annotations

from pathlib import Path

from tests.cli.test_disk_refusals import (  # noqa: F401 - the fixture
    assert_refused_plainly,
    disk,
    made_vault,
    read_only,
    run,
    vault_bytes,
)
from tests.conftest import Cli


def test_reading_works_from_read_only_media(cli: Cli, disk: Path, tmp_path: Path) -> None:  # noqa: F811
    v = made_vault(cli, disk)
    read_only(disk)
    before = vault_bytes(v)
    r = run(cli, "client", "list", v)
    assert r.code == 0 and "Amina" in r.out, r.err
    assert "read-only media" in r.err
    for args in (
        ["check", v],
        ["org", "list", v],
        ["log", v],
        ["release", "list", v, "--client", "1"],
    ):
        r = run(cli, *args)
        assert r.code == 0, (args, r.err)
    backup = tmp_path / "b.sfbackup"
    r = run(cli, "backup", v, backup)
    assert r.code == 0, r.err
    assert run(cli, "verify-backup", backup).code == 0
    assert_refused_plainly(run(cli, "client", "add", v, "--name", "Ben"), "read-only")
    assert vault_bytes(v) == before
