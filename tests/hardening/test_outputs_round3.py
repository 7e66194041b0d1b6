"""Outputs (issue 29, F7 and F8): an existing destination that is not a regular file (a
device, a pipe) is refused and left as it was; ``report --csv`` takes the one guard
against writing inside the vault; a failed write names the kind of file it was."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from tests.cli.test_disk_refusals import disk, read_only  # noqa: F401 - the fixture
from tests.conftest import PASSPHRASE, Cli
from tests.hardening.test_outputs_outside_vault import v  # noqa: F401 - the fixture

S = PASSPHRASE + "\n"


def _pipe(where: Path) -> Path:
    os.mkfifo(where)
    return where


def _outputs(vault: Path, dest: Path) -> dict[str, list[str]]:
    own = [
        "export",
        str(vault),
        "--client",
        "1",
        "--own-copy",
        "--requested-on",
        "2026-11-20",
        "--identity-checked-by",
        "photo ID seen",
        "--to",
    ]
    report = ["report", str(vault), "--from", "2026-01-01", "--to", "2026-11-22"]
    return {
        "backup": ["backup", str(vault), str(dest)],
        "export": [*own, str(dest.with_suffix(".pdf"))],
        "report --csv": [*report, "--csv", str(dest.with_suffix(".csv"))],
        "report --pdf": [*report, "--pdf", str(dest.with_suffix(".pdf"))],
    }


@pytest.mark.parametrize("command", ["backup", "export", "report --csv", "report --pdf"])
def test_a_pipe_is_never_replaced(v: Path, tmp_path: Path, cli: Cli, command: str) -> None:  # noqa: F811
    dest = tmp_path / "out.sfbackup"
    args = _outputs(v, dest)[command]
    target = Path(args[-1])
    _pipe(target)
    r = cli(*args, "--passphrase-stdin", stdin=S)
    assert r.code == 1, r.err
    assert "not a regular file" in r.err and "Nothing was written" in r.err
    assert stat.S_ISFIFO(os.stat(target).st_mode)


def test_a_device_node_is_never_replaced(v: Path, tmp_path: Path, cli: Cli) -> None:  # noqa: F811
    """``backup V /dev/full`` as root replaced the device node; here a node of our own."""
    node = tmp_path / "full"
    try:
        os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, 7))  # what /dev/full is
    except PermissionError:
        pytest.skip("making a device node needs root")
    link = tmp_path / "nightly.sfbackup"
    link.symlink_to(node)  # a mistyped destination that points at a device
    for dest in (node, link):
        r = cli("backup", str(v), str(dest), "--passphrase-stdin", stdin=S)
        assert r.code == 1 and "not a regular file" in r.err, r.err
    assert stat.S_ISCHR(os.stat(node).st_mode)
    assert not list(tmp_path.glob(".full.*")) and not list(tmp_path.glob(".nightly*"))


def test_report_csv_is_refused_inside_the_vault(v: Path, cli: Cli) -> None:  # noqa: F811
    before = sorted(p.name for p in v.iterdir())
    for dest in (v / "counts.csv", v / "documents" / "counts.csv"):
        r = cli(
            "report",
            str(v),
            "--from",
            "2026-01-01",
            "--to",
            "2026-11-22",
            "--csv",
            str(dest),
            "--passphrase-stdin",
            stdin=S,
        )
        assert r.code == 1 and "inside the SafeFile vault" in r.err, r.err
        assert not dest.exists()
    assert sorted(p.name for p in v.iterdir()) == before


def test_a_failed_csv_says_csv(v: Path, disk: Path, cli: Cli) -> None:  # noqa: F811
    read_only(disk)
    r = cli(
        "report",
        str(v),
        "--from",
        "2026-01-01",
        "--to",
        "2026-11-22",
        "--csv",
        str(disk / "counts.csv"),
        "--passphrase-stdin",
        stdin=S,
    )
    assert r.code == 1, r.err
    assert "The CSV could not be written" in r.err and "PDF" not in r.err, r.err
