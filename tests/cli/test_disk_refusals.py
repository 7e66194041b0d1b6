"""A full disk and a read-only one: a clear message naming the disk, never "damaged",
no traceback, nothing changed; and reading still works on a full disk (issue 17, item 4).

The disks are real: a size-limited tmpfs mounted for the test (root only; skipped
elsewhere), filled to the last block, or remounted read-only.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import PASSPHRASE, Cli, CliResult, export_args, release_args

S = PASSPHRASE + "\n"
DISK_SIZE = "4m"


def _mount(where: Path) -> bool:
    where.mkdir()
    r = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={DISK_SIZE},mode=0700", "tmpfs", str(where)],
        capture_output=True,
    )
    return r.returncode == 0


@pytest.fixture
def disk(tmp_path: Path) -> Iterator[Path]:
    """A small disk of its own, unmounted afterwards."""
    where = tmp_path / "disk"
    try:
        mounted = _mount(where)
    except OSError:
        mounted = False
    if not mounted:
        pytest.skip("mounting a small tmpfs needs root")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def fill(disk: Path) -> None:
    """Write until the disk has not one byte left."""
    fd = os.open(disk / "filler", os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        for block in (1 << 16, 1 << 12, 1):
            with contextlib.suppress(OSError):
                while True:
                    os.write(fd, b"\0" * block)
    finally:
        os.close(fd)


def read_only(disk: Path) -> None:
    subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)


def run(cli: Cli, *args: object, stdin: str = S) -> CliResult:
    return cli(*(str(a) for a in args), "--passphrase-stdin", stdin=stdin)


def vault_bytes(vault: Path) -> dict[str, bytes]:
    """What a change would alter: the database, the key file, the documents."""
    names = [
        "vault.db",
        "vault.json",
        *(f"documents/{p.name}" for p in (vault / "documents").iterdir()),
    ]
    return {n: (vault / n).read_bytes() for n in names}


def made_vault(cli: Cli, where: Path) -> Path:
    v = where / "v.safefile"
    assert run(cli, "init", v, "--no-recovery-key", "--practitioner", "Test Advocate").code == 0
    assert run(cli, "client", "add", v, "--name", "Amina").code == 0
    assert run(cli, "org", "add", v, "--name", "Division of Parole").code == 0
    assert (
        run(
            cli, "service", "add", v, "--client", "1", "--date", "2026-11-02", "--type", "Intake"
        ).code
        == 0
    )
    return v


def release(v: Path) -> list[str | Path]:
    args: list[str | Path] = [*release_args(v)]
    return args


def writing_commands(v: Path, elsewhere: Path) -> dict[str, tuple[list[str | Path], str]]:
    """Every command that writes into the vault: (arguments, standard input)."""
    scan = elsewhere / "scan.txt"
    scan.write_bytes(b"a scanned form")
    return {
        "client add": (["client", "add", v, "--name", "Ben"], S),
        # A whole file written anywhere but a terminal is a copy, recorded before it is
        # written: with no room to record it, it is not written.
        "client show to a file": (["client", "show", v, "1"], S),
        "org add": (["org", "add", v, "--name", "Shelter"], S),
        "service add": (
            [
                "service",
                "add",
                v,
                "--client",
                "1",
                "--date",
                "2026-11-03",
                "--type",
                "Hotline call",
            ],
            S,
        ),
        "note add": (["note", "add", v, "--client", "1", "--kind", "progress", "--data", "D"], S),
        "attach": (["attach", v, "--client", "1", scan], S),
        "release add": (release(v), S),
        "request add": (
            [
                "request",
                "add",
                v,
                "--client",
                "1",
                "--requester",
                "Officer Lee",
                "--identity-confirmed-by",
                "rang back",
                "--reason",
                "r",
                "--summary",
                "s",
                "--decision",
                "pending",
                "--received-on",
                "2026-11-20",
            ],
            S,
        ),
        "export own copy": (
            [
                "export",
                v,
                "--client",
                "1",
                "--to",
                elsewhere / "own.pdf",
                "--own-copy",
                "--requested-on",
                "2026-11-20",
                "--identity-checked-by",
                "photo ID seen",
            ],
            S,
        ),
        "passwd": (["passwd", v], S + "quiet lantern mosaic orchard\n"),
    }


def assert_refused_plainly(r: CliResult, word: str) -> None:
    assert r.code == 1, (r.code, r.err)
    last = r.err.strip().splitlines()[-1].lower()
    assert word in last and ("nothing was changed" in last or "nothing was saved" in last), r.err
    assert "damaged" not in r.err and "Traceback" not in r.err and "unexpected" not in r.err


def test_a_vault_on_a_full_disk_reads_and_refuses_every_write(
    cli: Cli, disk: Path, tmp_path: Path
) -> None:
    v = made_vault(cli, disk)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    fill(disk)
    before = vault_bytes(v)
    # Reading still works; the user is told the reading is not in the audit trail.
    reads: list[list[str | Path]] = [["client", "list", v], ["check", v], ["log", v]]
    for args in reads:
        r = run(cli, *args)
        assert r.code == 0, (args, r.err)
        assert "is full" in r.err and "cannot be written to its audit trail" in r.err
    # A whole file written anywhere but a terminal is a local copy, which must be recorded
    # in the record of sharing: with no room to record it, it is not written out at all.
    r = run(cli, "client", "show", v, "1")
    assert r.code == 1 and "is full" in r.err and "Amina" not in r.out, r.err
    assert "Amina" in run(cli, "client", "list", v).out
    for name, (cmd, stdin) in writing_commands(v, elsewhere).items():
        r = run(cli, *cmd, stdin=stdin)
        assert_refused_plainly(r, "is full")
        assert str(disk) in r.err, (name, r.err)  # which disk
        assert vault_bytes(v) == before, name
    assert not (elsewhere / "own.pdf").exists()
    # A backup of it elsewhere is made (it only reads the vault); its date is not noted.
    r = run(cli, "backup", v, elsewhere / "b.sfbackup")
    assert r.code == 0 and "could not be noted" in r.err, r.err
    assert run(cli, "verify-backup", elsewhere / "b.sfbackup").code == 0
    assert vault_bytes(v) == before
    # Once there is room again, everything is as it was and works.
    (disk / "filler").unlink()
    assert run(cli, "check", v).code == 0
    assert run(cli, "client", "add", v, "--name", "Ben").out.strip() == "2"


def test_writing_to_a_full_disk_says_how_much_is_needed(
    cli: Cli, disk: Path, tmp_path: Path
) -> None:
    v = made_vault(cli, tmp_path)
    assert run(cli, *release(v)).code == 0
    backup = tmp_path / "b.sfbackup"
    assert run(cli, "backup", v, backup).code == 0
    fill(disk)
    r = run(cli, "backup", v, disk / "b.sfbackup")
    assert_refused_plainly(r, "is full")
    assert str(disk) in r.err and "this needs about" in r.err
    r = run(cli, "restore", backup, disk / "restored")
    assert_refused_plainly(r, "is full")
    assert "this needs about" in r.err
    for args in (
        ["init", disk / "new.safefile", "--no-recovery-key"],
        [
            *export_args(v, disk / "x.pdf"),
        ],
    ):
        assert_refused_plainly(run(cli, *args), "is full")
    assert sorted(p.name for p in disk.iterdir()) == ["filler"]


def test_a_read_only_disk_is_named_and_nothing_is_changed(
    cli: Cli, disk: Path, tmp_path: Path
) -> None:
    inside = made_vault(cli, disk)
    v = made_vault(cli, tmp_path)
    backup = tmp_path / "b.sfbackup"
    assert run(cli, "backup", v, backup).code == 0
    read_only(disk)
    before = vault_bytes(inside)
    for args in (  # reading works there (tests/hardening/test_read_only_media.py)
        ["client", "add", inside, "--name", "Ben"],
        ["init", disk / "new.safefile", "--no-recovery-key"],
        ["backup", v, disk / "b.sfbackup"],
        ["restore", backup, disk / "restored"],
        [
            "export",
            v,
            "--client",
            "1",
            "--to",
            disk / "own.pdf",
            "--own-copy",
            "--requested-on",
            "2026-11-20",
            "--identity-checked-by",
            "photo ID seen",
        ],
    ):
        r = run(cli, *args)
        assert_refused_plainly(r, "read-only")
        assert str(disk) in r.err, (args, r.err)
    assert vault_bytes(inside) == before
