"""Quitting never aborts: the real app, in a child process (an abort there fails this
test instead of killing the test run), opens and closes every dialog and page, then
quits. It once aborted at exit ("pure virtual method called") after Settings."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_child(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "SAFEFILE_TEST_FAST_KDF": "1"}
    return subprocess.run(
        [sys.executable, "-m", "tests.ui.quit_child", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_quit_after_every_dialog_and_page_does_not_abort() -> None:
    done = run_child()
    out = done.stdout + done.stderr
    assert done.returncode == 0, out[-3000:]
    assert "DONE 0" in done.stdout
    # every step ran, once, each after the last one's jobs had ended
    steps = re.findall(r"^step (\d+)$", done.stdout, re.MULTILINE)
    (planned,) = re.findall(r"^steps to run: (\d+)$", done.stdout, re.MULTILINE)
    assert steps == [str(i) for i in range(int(planned))] and int(planned) > 20, out[-3000:]
    assert "UNSETTLED" not in done.stdout, out[-3000:]
    assert "pure virtual" not in out and "shared QObject was deleted directly" not in out
    assert "Traceback" not in out, out[-3000:]
