"""The process refuses to dump core: the app and the command line (issue 17, item 5).

A core file of a process with a vault open holds the data key and the client text on
screen, in clear. Each check runs in a child process, as the real entry points start.
"""

from __future__ import annotations

import contextlib
import os
import resource
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux limits")

PROBE = textwrap.dedent(
    """
    import ctypes, resource, sys
    print("before", resource.getrlimit(resource.RLIMIT_CORE), ctypes.CDLL(None).prctl(3, 0, 0, 0, 0))
    from safefile.cli.main import main
    code = main(sys.argv[1:])
    dumpable = ctypes.CDLL(None).prctl(3, 0, 0, 0, 0)  # PR_GET_DUMPABLE
    print(code, resource.getrlimit(resource.RLIMIT_CORE), dumpable)
    """
)


def _core_limit(pid: int) -> str | None:
    for line in Path(f"/proc/{pid}/limits").read_text().splitlines():
        if line.startswith("Max core file size"):
            return " ".join(line.split()[4:6])
    return None


def _allow_cores() -> None:
    """In the child before it starts: a core limit of 1 MiB, as a desktop may set."""
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_CORE, (1 << 20, 1 << 20))


def _children_can_have_cores() -> bool:
    # An earlier in-process CLI test set this process's hard limit to 0; root may raise it.
    return os.geteuid() == 0 or resource.getrlimit(resource.RLIMIT_CORE)[1] != 0


needs_cores = pytest.mark.skipif(
    not _children_can_have_cores(), reason="cannot give a child a core limit to take away"
)


@needs_cores
def test_the_command_line_sets_no_core_and_not_dumpable() -> None:
    r = subprocess.run(
        [sys.executable, "-c", PROBE, "--help"],
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=_allow_cores,
    )
    assert r.returncode == 0, r.stderr
    first, last = r.stdout.splitlines()[0], r.stdout.splitlines()[-1]
    assert first == "before (1048576, 1048576) 1"  # the child could have dumped core
    assert last == "0 (0, 0) 0"  # after main(): no core, not dumpable


@needs_cores
def test_a_waiting_command_has_a_core_limit_of_zero(tmp_path: Path) -> None:
    """Seen from outside while ``check`` waits for its passphrase on standard input."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "safefile", "check", str(tmp_path / "v"), "--passphrase-stdin"],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        preexec_fn=_allow_cores,
    )
    try:
        deadline = time.monotonic() + 60
        limit = None
        while time.monotonic() < deadline and limit != "0 0":
            limit = _core_limit(proc.pid)
            time.sleep(0.05)
        assert limit == "0 0"
    finally:
        proc.kill()
        proc.wait()


@needs_cores
@pytest.mark.slow
def test_the_app_has_a_core_limit_of_zero(tmp_path: Path) -> None:
    """The desktop app, started offscreen, as it waits at its first screen."""
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "HOME": str(tmp_path),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "safefile"],
        env=env,
        preexec_fn=_allow_cores,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 90
        limit = None
        while time.monotonic() < deadline and limit != "0 0" and proc.poll() is None:
            limit = _core_limit(proc.pid)
            time.sleep(0.1)
        assert limit == "0 0"
    finally:
        proc.kill()
        proc.wait()
