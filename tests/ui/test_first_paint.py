"""The first window paints before anything the unlock screen does not need (issue 30):
the modules it does not use stay unloaded until after the first paint, and what comes
after it (the application-wide guards, the desktop's buses) does come."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from safefile.store import keys
from safefile.store.vault import Vault
from safefile.ui.app import LogFile
from tests.conftest import PASSPHRASE

# Each of these is imported by a feature of the window used after its first paint.
NOT_BEFORE_THE_FIRST_PAINT = (
    "logging.handlers",  # the log file rotates without it (ui/app.LogFile)
    "socket",
    "hashlib",  # the clipboard guard, at the first copy
    "dataclasses",
    "PySide6.QtDBus",  # the session-lock watcher subscribes after it
    "pydantic",
    "reportlab",
    "safefile.store.vault",
)

START = """
import json, os, sys
from pathlib import Path
from safefile.ui.app import secure_process_defaults, setup_logging
secure_process_defaults(); setup_logging()
from PySide6.QtWidgets import QApplication
from safefile.ui.main_window import MainWindow
app = QApplication([])
w = MainWindow(Path(sys.argv[1])); w.show(); app.processEvents()
painted = w._painted
loaded = sorted(m for m in json.loads(sys.argv[2]) if m in sys.modules)
guarded = w._events_installed
while not w._events_installed:
    app.processEvents()
print(json.dumps({"painted": painted, "loaded": loaded, "guarded_at_paint": guarded,
                  "buses": w.session_lock.subscribed}), flush=True)
os._exit(0)  # as the bench does: the test is the window's start, not its teardown
"""


@pytest.mark.slow
def test_the_first_paint_comes_before_what_the_unlock_screen_does_not_need(
    tmp_path: Path,
) -> None:
    vault = tmp_path / "v.safefile"
    Vault.create(vault, PASSPHRASE, kdf=keys.KdfParams.minimum())[0].lock()
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_STATE_HOME": str(tmp_path),
        "XDG_CONFIG_HOME": str(tmp_path),
        "XDG_DATA_HOME": str(tmp_path),
    }
    out = subprocess.run(
        [sys.executable, "-c", START, str(vault), json.dumps(NOT_BEFORE_THE_FIRST_PAINT)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    ).stdout
    got = json.loads(out.strip().splitlines()[-1])
    assert got["painted"], "the window was not painted by the first events"
    assert got["loaded"] == []
    assert not got["guarded_at_paint"]
    # ... and then they come, without anything else happening.
    assert got["buses"]


def test_the_log_file_rotates_and_keeps_two(tmp_path: Path) -> None:
    path = tmp_path / "safefile.log"
    handler = LogFile(path, max_bytes=300, backups=2)
    handler.setFormatter(logging.Formatter("%(message)s"))
    log = logging.getLogger("safefile.test.rotation")
    log.propagate = False
    log.addHandler(handler)
    try:
        for i in range(60):
            log.warning("message number %03d of the rotation test", i)
    finally:
        log.removeHandler(handler)
        handler.close()
    kept = sorted(p.name for p in tmp_path.iterdir())
    assert kept == ["safefile.log", "safefile.log.1", "safefile.log.2"]
    for p in tmp_path.iterdir():
        assert 0 < p.stat().st_size < 300
    newest = path.read_text("utf-8").splitlines()
    assert newest[-1] == "message number 059 of the rotation test"
    older = (tmp_path / "safefile.log.1").read_text("utf-8").splitlines()
    assert int(older[-1].split()[2]) + 1 == int(newest[0].split()[2])  # nothing lost between
