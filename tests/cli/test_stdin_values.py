"""Client text never has to be on the command line: an option given as ``-`` reads its
value from the rest of standard input, after the secrets (shared/CLI.md; issue 17, 3).

A value on the command line is readable by every local user in /proc/PID/cmdline for as
long as the command runs, and stays in shell history.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path
from typing import Any

import pytest

import safefile
from safefile.cli.common import client_text_options
from safefile.cli.main import build_parser
from tests.conftest import PASSPHRASE, Built, Cli

S = PASSPHRASE + "\n"
TEXT = "Sleeps at her sister's — 12 Rue d'Alésia\nsecond line, kept"
NAME = "Amélie O'Connor-Ngũgĩ"  # a name is one line: a line break in it is refused (issue 29)


@pytest.fixture
def v(tmp_path: Path, cli: Cli, built: Built) -> str:
    def build(at: Path) -> None:
        path = str(at)
        for args in (
            ["init", path, "--no-recovery-key", "--practitioner", "Test Advocate"],
            ["client", "add", path, "--name", "Amina"],
            ["org", "add", path, "--name", "Division of Parole"],
        ):
            assert cli(*args, "--passphrase-stdin", stdin=S).code == 0

    return str(built(tmp_path / "v.safefile", build))


def show(cli: Cli, v: str) -> dict[str, Any]:
    r = cli(
        "client",
        "show",
        v,
        "1",
        "--process-notes",
        "--confirm-process-notes",
        "--json",
        "--passphrase-stdin",
        stdin=S,
    )
    assert r.code == 0, r.err
    data: dict[str, Any] = json.loads(r.out)
    return data


def test_every_option_the_contract_names_accepts_a_dash() -> None:
    dests = set(client_text_options(build_parser()).values())
    for option in ("--name", "--alias", "--data", "--assessment", "--plan", "--note", "--text"):
        assert option in dests
    for option in ("--summary", "--purpose", "--basis", "--reason", "--search", "--title"):
        assert option in dests


def test_client_text_read_from_stdin_is_stored_exactly(cli: Cli, v: str) -> None:
    def run(*args: str, text: str = TEXT) -> str:
        r = cli(*args, "--passphrase-stdin", stdin=S + text + "\n")
        assert r.code == 0, (args, r.err)
        return r.out.strip()

    assert run("client", "add", v, "--name", "-", text=NAME) == "2"
    run("client", "add", v, "--name", "Ben", "--alias", "-", text=NAME)
    run(
        "service",
        "add",
        v,
        "--client",
        "1",
        "--date",
        "2026-11-02",
        "--type",
        "Intake",
        "--note",
        "-",
    )
    run("note", "add", v, "--client", "1", "--kind", "progress", "--data", "-")
    run("note", "add", v, "--client", "1", "--kind", "process", "--data", "D", "--plan", "-")
    note = json.loads(
        cli(
            "note",
            "add",
            v,
            "--client",
            "1",
            "--kind",
            "progress",
            "--data",
            "D",
            "--sign",
            "--json",
            "--passphrase-stdin",
            stdin=S,
        ).out
    )["id"]
    run("note", "addendum", v, str(note), "--text", "-")
    f = show(cli, v)
    assert f["services"][0]["note"] == TEXT
    assert TEXT in [n["data"] for n in f["notes"]]
    assert TEXT in [n["plan"] for n in f["process_notes"]]
    assert TEXT in [a["text"] for n in f["notes"] for a in n.get("addenda", [])]

    def client(n: str) -> dict[str, Any]:
        r = cli("client", "show", v, n, "--json", "--passphrase-stdin", stdin=S)
        data: dict[str, Any] = json.loads(r.out)["client"]
        return data

    assert client("2")["name"] == NAME
    assert client("3")["alias"] == NAME
    # A search read from stdin, too (a name is client text).
    out = run("client", "list", v, "--search", "-", "--json", text="Amin")
    assert [c["name"] for c in json.loads(out)] == ["Amina"]


def test_the_secrets_come_first_then_the_text(cli: Cli, v: str) -> None:
    r = cli("client", "add", v, "--name", "-", "--passphrase-stdin", stdin=S + "Chen\n")
    assert r.code == 0
    assert show(cli, v)["client"]["name"] == "Amina"  # client 1 untouched
    r = cli("client", "show", v, "2", "--json", "--passphrase-stdin", stdin=S)
    assert json.loads(r.out)["client"]["name"] == "Chen"
    # Without the passphrase first, the text is taken for it: refused, nothing added.
    r = cli("client", "add", v, "--name", "-", "--passphrase-stdin", stdin="Dana\n")
    assert r.code == 4
    r = cli("client", "list", v, "--json", "--passphrase-stdin", stdin=S)
    assert [c["name"] for c in json.loads(r.out)] == ["Amina", "Chen"]


def test_only_one_option_may_be_a_dash(cli: Cli, v: str) -> None:
    r = cli(
        "note",
        "add",
        v,
        "--client",
        "1",
        "--kind",
        "progress",
        "--data",
        "-",
        "--plan",
        "-",
        "--passphrase-stdin",
        stdin=S + TEXT,
    )
    assert r.code == 2 and "Only one option" in r.err and "--data" in r.err and "--plan" in r.err
    assert show(cli, v)["notes"] == []


def test_the_app_never_starts_a_subprocess() -> None:
    """So it never hands client text to one (where /proc/PID/cmdline would show it)."""
    ui = Path(safefile.__file__).parent / "ui"
    for path in ui.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = {
            a.name.split(".")[0]
            for n in ast.walk(tree)
            if isinstance(n, ast.Import | ast.ImportFrom)
            for a in n.names
        } | {
            n.module.split(".")[0]
            for n in ast.walk(tree)
            if isinstance(n, ast.ImportFrom) and n.module
        }
        assert not names & {"subprocess", "multiprocessing", "pty"}, path
        assert "QProcess" not in path.read_text(encoding="utf-8"), path
        assert "os.system" not in path.read_text(encoding="utf-8"), path
