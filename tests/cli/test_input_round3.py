"""Bad input, round three (issue 29): control characters in names and one-line fields,
standard input read with a cap that refuses as soon as it is passed, the vault's own
files refused as attachments, CSV encodings and over-long cells named."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from safefile.cli.common import STDIN_LIMIT
from safefile.cli.main import main
from tests.conftest import PASSPHRASE, Built, Cli, init_with_clients

S = PASSPHRASE + "\n"


@pytest.fixture
def v(tmp_path: Path, cli: Cli, built: Built) -> str:
    def build(at: Path) -> None:
        init_with_clients(cli, at, "Amina")

    return str(built(tmp_path / "v.safefile", build))


def _names(cli: Cli, v: str) -> list[str]:
    r = cli("client", "list", v, "--json", "--passphrase-stdin", stdin=S)
    return [c["name"] for c in json.loads(r.out)]


@pytest.mark.parametrize(
    "bad", ["Ada\x00Evil", "Ada\x1b[2JEvil", "Ada\nEvil", "Ada\u202eliveE", "A\tB"]
)
def test_control_characters_in_a_name_are_refused(v: str, cli: Cli, bad: str) -> None:
    r = cli("client", "add", v, "--name", "-", "--passphrase-stdin", stdin=S + bad + "\n")
    assert r.code == 1 and "control character" in r.err, r.err
    if "\x00" not in bad:  # the command line itself cannot carry a NUL
        r = cli("client", "add", v, "--name", bad, "--passphrase-stdin", stdin=S)
        assert r.code == 1 and "control character" in r.err, r.err
    r = cli("org", "add", v, "--name", "-", "--passphrase-stdin", stdin=S + bad + "\n")
    assert r.code == 1, r.err
    r = cli(
        "client",
        "restrict",
        v,
        "1",
        "--person",
        "-",
        "--reason",
        "r",
        "--passphrase-stdin",
        stdin=S + bad + "\n",
    )
    assert r.code == 1, r.err
    assert _names(cli, v) == ["Amina"]


def test_text_keeps_its_line_breaks_but_not_a_nul(v: str, cli: Cli) -> None:
    base = ["note", "add", v, "--client", "1", "--kind", "progress", "--data", "-"]
    assert cli(*base, "--passphrase-stdin", stdin=S + "line one\nline two\n").code == 0
    r = cli(*base, "--passphrase-stdin", stdin=S + "line one\x00hidden\n")
    assert r.code == 1 and "U+0000" in r.err, r.err


def test_standard_input_is_refused_as_soon_as_it_passes_the_cap(v: str, clock: object) -> None:
    """A 50 MB value took minutes: now it is never read past the cap."""
    big = S + "x" * (50 * 1024 * 1024)
    stdin = io.StringIO(big)
    out, err = io.StringIO(), io.StringIO()
    code = main(
        ["client", "add", v, "--name", "-", "--passphrase-stdin"],
        stdin=stdin,
        stdout=out,
        stderr=err,
        clock=clock,  # type: ignore[arg-type]
    )
    assert code == 1 and "longer than SafeFile takes" in err.getvalue(), err.getvalue()
    assert stdin.tell() <= len(S) + STDIN_LIMIT + 2  # the rest was never read
    stdin = io.StringIO("y" * (10 * 1024 * 1024))  # a "passphrase" line with no end
    code = main(["check", v, "--passphrase-stdin"], stdin=stdin, stdout=out, stderr=err)
    assert code == 1 and stdin.tell() < 10_000


def test_the_vaults_own_files_are_not_attachments(v: str, cli: Cli, tmp_path: Path) -> None:
    for own in ("vault.db", "vault.json"):
        r = cli("attach", v, "--client", "1", str(Path(v) / own), "--passphrase-stdin", stdin=S)
        assert r.code == 1 and "vault's own files" in r.err, r.err
    link = tmp_path / "scan.pdf"
    link.symlink_to(Path(v) / "vault.db")
    r = cli("attach", v, "--client", "1", str(link), "--passphrase-stdin", stdin=S)
    assert r.code == 1 and "vault's own files" in r.err, r.err


def _import(cli: Cli, v: str, f: Path) -> tuple[int, str]:
    r = cli("import", v, str(f), "--passphrase-stdin", stdin=S)
    return r.code, r.err


def test_a_utf16_csv_is_read_or_named(v: str, cli: Cli, tmp_path: Path) -> None:
    f = tmp_path / "unicode.csv"
    f.write_bytes("name,case_number\r\nZoë Ångström,U-1\r\n".encode("utf-16"))
    code, err = _import(cli, v, f)
    assert code == 0, err
    assert "Zoë Ångström" in _names(cli, v)
    f.write_bytes("name\tcase_number\r\nLi Wei\tU-2\r\n".encode("utf-16"))  # "Unicode text"
    code, err = _import(cli, v, f)
    assert code == 1 and "UTF-16" in err and "tabs" in err, err
    f.write_bytes("name,case_number\r\nLi Wei,U-3\r\n".encode("utf-16-le"))  # no mark
    code, err = _import(cli, v, f)
    assert code == 1 and "UTF-16" in err, err


def test_an_over_long_cell_is_named_as_such(v: str, cli: Cli, tmp_path: Path) -> None:
    f = tmp_path / "long.csv"
    f.write_bytes(b"name,alias\r\nAda," + b"x" * (20 * 1024 * 1024) + b"\r\n")
    code, err = _import(cli, v, f)
    assert code == 1 and "longer than SafeFile reads" in err and "quotes do not match" not in err, (
        err
    )
