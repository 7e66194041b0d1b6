"""``safefile --help`` and every command's start import no implementation (issue 18, item 5).

Timing belongs in bench/cli_start.py; here we check the cause of a slow start: which
modules building the parser (and printing help) pulls in, in a fresh interpreter.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

# Modules that only a command's handler may import.  Each costs from ~10 ms
# (pydantic, cryptography) to ~100 ms (reportlab, Qt) at start.
HEAVY = (
    "sqlcipher3",
    "argon2",
    "cryptography",
    "pydantic",
    "reportlab",
    "pypdf",
    "uharfbuzz",
    "PySide6",
    "safefile.store.vault",
    "safefile.store.database",
    "safefile.records",
    "safefile.consent.gate",
    "safefile.consent.releases",
    "safefile.export",
    "safefile.backup",
    "safefile.ui",
    "safefile.health",
    "importlib.metadata",  # safefile.__version__ is read when asked for (--version)
    "zoneinfo",  # the clock is made after parsing
    "dataclasses",  # with inspect, 7 ms: store/actor.Actor is a NamedTuple
)

PROBE = """
import contextlib, io, json, sys
from safefile.cli.main import build_parser, main
build_parser()
with contextlib.redirect_stdout(io.StringIO()):
    for argv in {argvs!r}:
        main(argv, stdout=io.StringIO(), stderr=io.StringIO())
print(json.dumps(sorted(sys.modules)))
"""


def loaded_after(*argvs: list[str]) -> set[str]:
    code = PROBE.format(argvs=list(argvs))
    out = subprocess.run(
        [sys.executable, "-c", code],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
    return set(json.loads(out))


def heavy_in(modules: set[str]) -> list[str]:
    return sorted(
        name for name in modules for heavy in HEAVY if name == heavy or name.startswith(heavy + ".")
    )


def test_help_imports_no_implementation() -> None:
    loaded = loaded_after(["--help"], ["client", "--help"], ["export", "--help"])
    assert heavy_in(loaded) == [], (
        "building the command line imported implementation modules; import them inside "
        "the command's handler instead (see the docstring of safefile/cli/main.py)"
    )


def test_a_usage_error_imports_no_implementation() -> None:
    loaded = loaded_after(["client", "show"], ["backup"])
    assert heavy_in(loaded) == []


def test_the_probe_sees_a_command_that_runs() -> None:
    """The check above can fail: running a command does import its implementation."""
    loaded = loaded_after(["check", "/nonexistent/vault.safefile", "--passphrase-stdin"])
    assert "safefile.store.vault" in heavy_in(loaded)


def test_written_out_choices_match_the_core() -> None:
    from safefile.backup.archive import SUFFIX
    from safefile.cli import backup_cmds, export_cmds
    from safefile.consent.gate import LEGAL_KINDS

    assert sorted(LEGAL_KINDS) == list(export_cmds.LEGAL_KINDS)
    assert backup_cmds.SUFFIX == SUFFIX


@pytest.mark.parametrize("argv", [["--help"], ["client", "add", "--help"]])
def test_help_still_lists_the_commands(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    from safefile.cli.main import main

    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "usage: safefile" in out
