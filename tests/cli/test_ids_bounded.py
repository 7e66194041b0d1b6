"""Ids typed on the command line (issue 29, crashes and input): one parser, bounded
before conversion, ASCII digits only. Ids of 2^63 and more crashed with OverflowError
behind "unexpected problem"; ``client show V ٣`` showed client 3."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import PASSPHRASE, Built, Cli, init_with_clients

S = PASSPHRASE + "\n"
HUGE = str(2**63)
HUGER = "9" * 5000


@pytest.fixture
def v(tmp_path: Path, cli: Cli, built: Built) -> str:
    def build(at: Path) -> None:
        init_with_clients(cli, at, "Amina", "Ben", "Chen")

    return str(built(tmp_path / "v.safefile", build))


def _commands(v: str, n: str, tmp: Path) -> list[list[str]]:
    out = str(tmp / "x.pdf")
    return [
        ["note", "add", v, "--client", "1", "--kind", "progress", "--data", "d", "--with", n],
        ["release", "revoke", v, n, "--on", "2026-11-20"],
        ["release", "revoke", v, f"R-{n}", "--on", "2026-11-20"],
        [
            "export",
            v,
            "--client",
            "1",
            "--recipient",
            "1",
            "--categories",
            "services",
            "--to",
            out,
            "--release",
            n,
        ],
        ["own-copy", "extend", v, n, "--reason", "r", "--told-on", "2026-11-20"],
        ["log", v, "--release", n],
        ["client", "show", v, n],
        ["note", "sign", v, n],
        ["service", "add", v, "--client", n, "--date", "2026-11-20", "--type", "Intake"],
        ["release", "list", v, "--client", n],
    ]


@pytest.mark.parametrize("n", [HUGE, HUGER, "٣", "0"])
def test_no_id_crashes_nor_is_misread(v: str, cli: Cli, tmp_path: Path, n: str) -> None:
    for args in _commands(v, n, tmp_path):
        r = cli(*args, "--passphrase-stdin", stdin=S)
        assert r.code in (1, 2), (args, r.code, r.err)
        assert "unexpected" not in r.err and "Traceback" not in r.err, (args, r.err)
        assert "Chen" not in r.out


def test_minutes_take_ascii_digits_only(v: str, cli: Cli) -> None:
    base = ["service", "add", v, "--client", "1", "--date", "2026-11-20", "--type", "Intake"]
    assert cli(*base, "--minutes", "٣٠", "--passphrase-stdin", stdin=S).code == 2
    assert cli(*base, "--minutes", HUGER, "--passphrase-stdin", stdin=S).code == 2
    assert cli(*base, "--minutes", "30", "--passphrase-stdin", stdin=S).code == 0
