"""The app notices a vault replaced on disk under it (issue 29, F1): its next job locks
the window with a clear message, and nothing is written to either folder."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from safefile.store.layout import DB_FILE
from safefile.store.vault import REPLACED
from safefile.ui.main_window import MainWindow
from tests.ui.conftest import _private_user_dirs, made  # noqa: F401 - the fixtures
from tests.ui.helpers import unlock

pytestmark = pytest.mark.usefixtures("qapp")


def test_the_app_locks_when_its_vault_is_replaced(qtbot, made: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    copy = tmp_path / "copy.safefile"
    shutil.copytree(made, copy)
    w = MainWindow(made, idle_ms=60_000)
    qtbot.addWidget(w)
    w.show()
    unlock(qtbot, w)
    qtbot.waitUntil(
        lambda: w.service.worker.vault is not None and w.service.worker.vault.checked,
        timeout=10_000,
    )
    os.rename(made, tmp_path / "aside.safefile")
    os.rename(copy, made)
    before = (made / DB_FILE).read_bytes()
    w.service.submit(lambda worker: worker.require())  # any job: a list, a save
    qtbot.waitUntil(lambda: REPLACED in w.unlock.message.text(), timeout=10_000)
    assert not w.is_unlocked
    w.close()
    assert (made / DB_FILE).read_bytes() == before
