"""client close, hold, retention, report and import through the in-process CLI."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader

from safefile.clock import FixedClock
from tests.conftest import PASSPHRASE

S = PASSPHRASE + "\n"


@pytest.fixture(autouse=True)
def _data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SAFEFILE_DATA_DIR", str(tmp_path / "data"))


@pytest.fixture
def vpath(tmp_path: Path, cli) -> Path:  # type: ignore[no-untyped-def]
    path = tmp_path / "v.safefile"
    assert (
        cli(
            "init",
            str(path),
            "--passphrase-stdin",
            "--no-recovery-key",
            "--practitioner",
            "Test Advocate",
            stdin=S,
        ).code
        == 0
    )
    return path


def run(cli, *args: str, extra: str = ""):  # type: ignore[no-untyped-def]
    return cli(*args, "--passphrase-stdin", stdin=S + extra)


def test_close_hold_retention_apply(cli, vpath: Path, tmp_path: Path, clock: FixedClock) -> None:  # type: ignore[no-untyped-def]
    v = str(vpath)
    now = clock.now()
    clock.set(now.replace(year=2023))
    ids = [
        run(cli, "client", "add", v, "--name", name).out.strip()
        for name in ("Gone Person", "Held Person", "Open Person")
    ]
    clock.set(now)
    r = run(
        cli,
        "client",
        "close",
        v,
        ids[0],
        "--on",
        "2024-01-10",
        "--reason",
        "-",
        extra="moved away\n",
    )
    assert r.code == 0, r.err
    assert "due for destruction 2025-01-10" in r.out
    assert run(cli, "client", "close", v, ids[1], "--on", "2024-01-10").code == 0
    r = run(cli, "client", "close", v, ids[2], "--on", "2030-01-01")
    assert r.code == 1 and "in the future" in r.err
    assert run(cli, "hold", v, "--client", ids[1], "--reason", "subpoena received").code == 0
    assert run(cli, "hold", v, "--client", ids[1], "--reason", "again").code == 1
    assert run(cli, "hold", v, "--client", ids[2], "--release").code == 1
    assert run(cli, "backup", v, str(tmp_path / "before.sfbackup")).code == 0
    clock.advance(timedelta(minutes=1))

    r = run(cli, "retention", v)
    assert r.code == 0 and f"client {ids[0]}: closed 2024-01-10" in r.out
    assert f"client {ids[1]} (would otherwise be due)" in r.out
    r = run(cli, "retention", v, "--apply")
    assert r.code == 0, r.err
    assert "client files: 1" in r.out and "Gone Person" not in r.out
    listed = run(cli, "client", "list", v).out
    assert "Gone Person" not in listed and "Held Person" in listed
    assert "Nothing is due" in run(cli, "retention", v).out
    assert run(cli, "check", v).code == 0

    r = cli(
        "restore",
        str(tmp_path / "before.sfbackup"),
        str(tmp_path / "r.safefile"),
        "--passphrase-stdin",
        stdin=S,
    )
    assert r.code == 0, r.err
    assert "destroyed again" in r.out
    assert "Gone Person" not in run(cli, "client", "list", str(tmp_path / "r.safefile")).out


def test_report_and_import(cli, vpath: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    v = str(vpath)
    csv_in = tmp_path / "in.csv"
    rows = ["name;case_number;born;service_date;service_type;minutes"]
    rows += [
        f"Person {i};K{i};1970-01-0{1 + i % 9};2026-03-0{1 + i % 9};Hotline call;30"
        for i in range(12)
    ]
    csv_in.write_bytes(("\r\n".join(rows) + "\r\n").encode("cp1252"))
    r = run(cli, "import", v, str(csv_in), "--dry-run")
    assert r.code == 0 and "Would import 12 client(s)" in r.out
    assert "Person 1" not in run(cli, "client", "list", v).out
    r = run(cli, "import", v, str(csv_in))
    assert r.code == 0 and "delete the spreadsheet securely" in r.out
    bad = tmp_path / "bad.csv"
    bad.write_text("name,service_date,service_type\nA,2026-02-30,Intake\n", "utf-8")
    r = run(cli, "import", v, str(bad))
    assert r.code == 1 and "Row 2, column 'service_date'" in r.err

    r = run(
        cli,
        "report",
        v,
        "--from",
        "2026-01-01",
        "--to",
        "2026-06-30",
        "--csv",
        str(tmp_path / "r.csv"),
        "--pdf",
        str(tmp_path / "r.pdf"),
        "--min-count",
        "5",
    )
    assert r.code == 0, r.err
    assert "Unduplicated clients served: 12" in r.out
    text = (tmp_path / "r.csv").read_text("utf-8-sig") + "".join(
        p.extract_text() for p in PdfReader(tmp_path / "r.pdf").pages
    )
    assert "Person" not in text and "K1" not in text and "1970-01" not in text
    r = run(cli, "report", v, "--from", "2026-01-01", "--to", "2026-06-30", "--json")
    rows_json = json.loads(r.out)["rows"]
    assert rows_json[0]["count"] == "12"
    assert run(cli, "report", v, "--from", "2026-07-01", "--to", "2026-01-01").code == 1
    assert (
        run(cli, "report", v, "--from", "2026-01-01", "--to", "2026-06-30", "--min-count", "1").code
        == 2
    )
    r = run(cli, "log", v)
    assert r.code == 0


def test_the_written_out_default_matches() -> None:
    from safefile.cli.program_cmds import DEFAULT_MIN_COUNT
    from safefile.reports.counts import DEFAULT_MIN_COUNT as REAL

    assert DEFAULT_MIN_COUNT == REAL
