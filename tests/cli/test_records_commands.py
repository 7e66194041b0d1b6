"""The records commands of shared/CLI.md, end to end through the in-process CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import PASSPHRASE, Cli, CliResult

S = PASSPHRASE + "\n"


@pytest.fixture
def vpath(tmp_path: Path, cli: Cli) -> Path:
    path = tmp_path / "v.safefile"
    assert cli("init", str(path), "--passphrase-stdin", "--no-recovery-key", stdin=S).code == 0
    return path


def run(cli: Cli, *args: str) -> CliResult:
    result = cli(*args, "--passphrase-stdin", stdin=S)
    return result


def test_full_record_flow(cli: Cli, vpath: Path, tmp_path: Path) -> None:
    v = str(vpath)
    r = run(cli, "client", "add", v, "--name", "王小明", "--born", "1990", "--case-number", "C-9")
    assert r.code == 0, r.err
    cid = r.out.strip()
    partner = run(cli, "client", "add", v, "--name", "Li Na").out.strip()
    assert (
        run(cli, "org", "add", v, "--name", "Division of Parole", "--phone", "555").out.strip()
        == "1"
    )
    r = run(
        cli,
        "service",
        "add",
        v,
        "--client",
        cid,
        "--date",
        "2026-11-20",
        "--type",
        "Intake",
        "--minutes",
        "30",
        "--note",
        "Intake completed",
    )
    assert r.code == 0, r.err
    r = run(
        cli,
        "note",
        "add",
        v,
        "--client",
        cid,
        "--kind",
        "progress",
        "--data",
        "Couple session",
        "--with",
        partner,
    )
    ref = r.out.strip()
    assert ref == "N-1"
    assert run(cli, "note", "sign", v, ref).code == 0
    r = run(cli, "note", "sign", v, ref)
    assert r.code == 1 and "already signed" in r.err
    assert run(cli, "note", "addendum", v, ref, "--text", "Also present: interpreter").code == 0
    scan = tmp_path / "roi.pdf"
    scan.write_bytes(b"%PDF-1.4 signed release")
    r = run(cli, "attach", v, "--client", cid, str(scan), "--title", "Signed release")
    assert r.code == 0 and r.out.strip() == "1"
    show = run(cli, "client", "show", v, cid)
    assert "王小明" in show.out and "Also present: interpreter" in show.out
    assert "joint note" in show.out and "Signed release" in show.out
    listing = json.loads(run(cli, "client", "list", v, "--search", "王", "--json").out)
    assert [c["name"] for c in listing] == ["王小明"]
    doc = json.loads(run(cli, "client", "show", v, cid, "--json").out)
    assert doc["notes"][0]["addenda"][0]["text"] == "Also present: interpreter"


def test_process_note_hidden_unless_asked(cli: Cli, vpath: Path) -> None:
    v = str(vpath)
    cid = run(cli, "client", "add", v, "--name", "A B").out.strip()
    r = run(cli, "note", "add", v, "--client", cid, "--kind", "process", "--data", "PROCESS-TEXT")
    assert r.out.strip() == "P-1"
    assert "PROCESS-TEXT" not in run(cli, "client", "show", v, cid).out
    assert "PROCESS-TEXT" in run(cli, "client", "show", v, cid, "--process-notes").out


def test_warnings_printed_but_entry_saved(cli: Cli, vpath: Path) -> None:
    v = str(vpath)
    cid = run(cli, "client", "add", v, "--name", "A B").out.strip()
    r = run(
        cli,
        "note",
        "add",
        v,
        "--client",
        cid,
        "--kind",
        "progress",
        "--data",
        "I think she is staying at her sister's on Main Street",
    )
    assert r.code == 0 and "speculation" in r.err and "location" in r.err


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["client", "add", "{v}", "--name", ""], 1, "fill in the name"),
        (["client", "add", "{v}", "--name", "X", "--born", "2099-01-01"], 1, "in the future"),
        (["client", "show", "{v}", "42"], 1, "no client with id 42"),
        (
            ["service", "add", "{v}", "--client", "1", "--date", "2026-11-20", "--type", "Nope"],
            1,
            "service types",
        ),
        (
            ["service", "add", "{v}", "--client", "1", "--date", "20/11/2026", "--type", "Intake"],
            2,
            "YYYY-MM-DD",
        ),
        (
            [
                "note",
                "add",
                "{v}",
                "--client",
                "1",
                "--kind",
                "progress",
                "--data",
                "x",
                "--with",
                "7",
            ],
            1,
            "no client with id 7",
        ),
        (["note", "addendum", "{v}", "N-77", "--text", "x"], 1, "no note N-77"),
        (["attach", "{v}", "--client", "1", "/nonexistent.pdf"], 1, "no file at"),
        (["client", "add", "{v}", "--name", "X", "--household", "1"], 1, "go together"),
    ],
)
def test_bad_input(cli: Cli, vpath: Path, args: list[str], code: int, message: str) -> None:
    run(cli, "client", "add", str(vpath), "--name", "First")
    r = run(cli, *[a.replace("{v}", str(vpath)) for a in args])
    assert r.code == code, r.err
    assert message in r.err
