"""Whole records written off the screen (issue 17, item 10).

``client show ID --process-notes --json > file`` used to write the whole record, process
notes included, in clear with only an audit entry.  Now a command's output that is not
a terminal is a local copy recorded in the record of sharing, and process notes need
``--confirm-process-notes`` there.
"""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from safefile.consent import log
from safefile.consent.kinds import EntryKind
from safefile.store.vault import Vault
from tests.conftest import MARKER, PASSPHRASE, Cli, run_safefile

S = PASSPHRASE + "\n"


@pytest.fixture
def v(tmp_path: Path, cli: Cli) -> Path:
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
    assert (
        cli("client", "add", str(path), "--name", "Amina", "--passphrase-stdin", stdin=S).code == 0
    )
    for kind in ("progress", "process"):
        r = cli(
            "note",
            "add",
            str(path),
            "--client",
            "1",
            "--kind",
            kind,
            "--data",
            f"{kind} {MARKER}",
            "--passphrase-stdin",
            stdin=S,
        )
        assert r.code == 0, r.err
    return path


def _local_copies(path: Path) -> list[log.Entry]:
    with Vault.open(path, passphrase=PASSPHRASE) as vault:
        return [e for e in log.entries(vault) if e.kind == EntryKind.LOCAL_COPY]


def test_a_whole_file_written_to_a_file_is_recorded_as_a_local_copy(
    v: Path, tmp_path: Path
) -> None:
    out = tmp_path / "amina.json"
    with out.open("w") as fh:
        proc = subprocess.run(
            [
                sys.executable,
                "-m",
                "safefile",
                "client",
                "show",
                str(v),
                "1",
                "--json",
                "--passphrase-stdin",
            ],
            input=S,
            stdout=fh,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "SAFEFILE_TEST_FAST_KDF": "1"},
            timeout=120,
        )
    assert proc.returncode == 0, proc.stderr
    assert f"progress {MARKER}" in out.read_text()
    assert f"process {MARKER}" not in out.read_text()
    [entry] = _local_copies(v)
    assert entry.client_id == 1 and entry.actor
    assert entry.detail["to"] == "a file"
    assert entry.detail["command"] == "client show --json"
    assert "progress notes" in entry.detail["what"]


def test_process_notes_need_confirmation_off_the_screen(v: Path, cli: Cli) -> None:
    r = cli(
        "client", "show", str(v), "1", "--process-notes", "--json", "--passphrase-stdin", stdin=S
    )
    assert r.code == 1 and "--confirm-process-notes" in r.err
    assert MARKER not in r.out
    assert _local_copies(v) == []
    r = cli(
        "client",
        "show",
        str(v),
        "1",
        "--process-notes",
        "--confirm-process-notes",
        "--json",
        "--passphrase-stdin",
        stdin=S,
    )
    assert r.code == 0, r.err
    assert f"process {MARKER}" in json.dumps(json.loads(r.out))
    [entry] = _local_copies(v)
    assert "process notes" in entry.detail["what"]
    assert entry.detail["to"] == "another program"


def test_the_screen_is_not_a_copy(v: Path) -> None:
    """On a terminal nothing is recorded and process notes show when asked."""
    pid, fd = pty.fork()
    if pid == 0:  # the child: safefile with a terminal as its standard output
        os.environ["SAFEFILE_TEST_FAST_KDF"] = "1"
        os.execv(
            sys.executable,
            [
                sys.executable,
                "-m",
                "safefile",
                "client",
                "show",
                str(v),
                "1",
                "--process-notes",
                "--passphrase-stdin",
            ],
        )
    os.write(fd, S.encode())
    output = b""
    while True:
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            break
        if not chunk:
            break
        output += chunk
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0, output
    assert f"process {MARKER}".encode() in output
    assert _local_copies(v) == []
    assert run_safefile("check", str(v), "--passphrase-stdin", stdin=S).code == 0
