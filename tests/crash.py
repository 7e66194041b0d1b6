"""Kill ``safefile`` inside a write, and know that the kill landed there.

``kill_during_write`` starts the command under ``tests/crash_child.py`` (which reports
when the atomic write of a named file begins and when its rename is done), waits for the
write to begin, waits a chosen moment more and sends SIGKILL. The result says whether the
kill landed (the process was still running: it died of the signal, not by exiting) and
whether the rename had happened before it. ``crash_at`` makes the process kill itself at a
fixed point (before or after the rename, after a backup's header) that timing misses.
"""

from __future__ import annotations

import os
import random
import select
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

CHILD = Path(__file__).with_name("crash_child.py")


@dataclass
class Killed:
    began: bool  # the write had begun when the kill was sent
    landed: bool  # the process was still running: it died of the SIGKILL
    renamed: bool  # the new file had been renamed into place before it died
    err: str


class Delays:
    """Kill delays that straddle the rename, whatever the machine's speed or load.

    Each delay is drawn from [0, span). A kill that left the old file grows the span; one
    that left the new file, or came after the process had exited, shrinks it. So the
    kills gather around the moment of the rename, and both outcomes keep happening.
    """

    def __init__(self, rng: random.Random, span: float = 0.3) -> None:
        self.rng, self.span = rng, span

    def next(self) -> float:
        return self.rng.uniform(0.0, self.span)

    def saw(self, *, old: bool) -> None:
        self.span = min(self.span * 1.6, 30.0) if old else max(self.span * 0.6, 0.01)


def _start(
    mode: str, name: str, args: list[str], stdin: str, fsync_delay: float, skip: int = 0
) -> tuple[subprocess.Popen[bytes], int]:
    read_end, write_end = os.pipe()
    proc = subprocess.Popen(
        [sys.executable, str(CHILD), mode, name, "--", *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={
            **os.environ,
            "SAFEFILE_TEST_FAST_KDF": "1",
            "CRASH_MARKER_FD": str(write_end),
            "CRASH_FSYNC_DELAY": str(fsync_delay),
            "CRASH_SKIP": str(skip),
        },
        pass_fds=(write_end,),
    )
    os.close(write_end)
    assert proc.stdin is not None
    proc.stdin.write(stdin.encode())
    proc.stdin.close()
    return proc, read_end


def _read_until_eof(fd: int) -> bytes:
    data = b""
    while chunk := os.read(fd, 64):
        data += chunk
    return data


def kill_during_write(
    args: list[str],
    name: str,
    stdin: str,
    delay: float,
    *,
    fsync_delay: float = 0.1,
    timeout: float = 120,
    after_rename: bool = False,
) -> Killed:
    """Run ``safefile ARGS``; ``delay`` seconds after the write of ``name`` begins, kill it
    (``after_rename``: ``delay`` seconds after the new file is renamed into place, 0 for
    at once, inside the folder's fsync, which the child slows by ``fsync_delay``: the
    moment a kill lands least often by chance)."""
    proc, fd = _start("watch", name, args, stdin, fsync_delay)
    try:
        seen = b""
        deadline = time.monotonic() + timeout
        while (b"D" if after_rename else b"W") not in seen:
            ready, _, _ = select.select([fd], [], [], max(0.0, deadline - time.monotonic()))
            if not ready:
                raise TimeoutError(f"the write of {name} never began")
            chunk = os.read(fd, 64)
            if not chunk:  # exited without writing
                proc.wait()
                err = proc.stderr.read().decode() if proc.stderr else ""
                return Killed(False, False, False, err)
            seen += chunk
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=timeout)
        seen += _read_until_eof(fd)  # every marker in the pipe was written before it died
        err = proc.stderr.read().decode() if proc.stderr else ""
        return Killed(True, proc.returncode == -signal.SIGKILL, b"D" in seen, err)
    finally:
        os.close(fd)
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        if proc.stderr:
            proc.stderr.close()


def crash_at(
    point: str, args: list[str], name: str, stdin: str, timeout: float = 120, *, skip: int = 0
) -> None:
    """Run ``safefile ARGS`` and have it kill itself at ``point`` (see crash_child.py), at
    the write of ``name`` after the first ``skip``."""
    proc, fd = _start(point, name, args, stdin, 0.0, skip)
    try:
        proc.wait(timeout=timeout)
        err = proc.stderr.read().decode() if proc.stderr else ""
    finally:
        os.close(fd)
        if proc.stderr:
            proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL, f"never reached {point}: {err}"
