"""Leftovers and traces (issue 17, item 8): stale staging folders, Qt's file-dialog
history, and a log that holds only the program's own listed messages."""

from __future__ import annotations

import io
import logging
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from safefile import fsutil, logpolicy
from safefile.backup import make_backup, verify_backup
from safefile.store.vault import Vault
from tests.conftest import MARKER, PASSPHRASE, Cli


def _leave_like_a_killed_process(folder: Path, vault: Path) -> None:
    """What a killed restore leaves: a hidden copy of a vault, key file and all."""
    shutil.copytree(vault, folder, ignore=shutil.ignore_patterns("vault.lock", "vault.readers"))
    (folder / fsutil.IN_USE).touch()  # its lock died with the process


def test_stale_restore_and_creation_folders_go_at_the_next_open(
    vault: Vault, tmp_path: Path
) -> None:
    path = vault.path
    vault.lock()
    stale_restore = tmp_path / f".{path.name}.restoring-dead0001"
    stale_create = tmp_path / f".{path.name}.creating-dead0002"
    live = tmp_path / f".{path.name}.restoring-live0003"
    for folder in (stale_restore, stale_create, live):
        _leave_like_a_killed_process(folder, path)
    held = fsutil.hold_staging(live)  # another restore, still running
    try:
        with Vault.open(path, passphrase=PASSPHRASE):
            pass
        assert not stale_restore.exists() and not stale_create.exists()
        assert live.exists()
    finally:
        fsutil.release_staging(held)
    with Vault.open(path, passphrase=PASSPHRASE):
        pass
    assert not live.exists()


def test_a_killed_backup_check_leaves_nothing_after_the_next(
    vault: Vault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    stale = temp / "safefile-verify-dead"
    _leave_like_a_killed_process(stale / "v", vault.path)
    (stale / fsutil.IN_USE).touch()
    backup = tmp_path / "b.sfbackup"
    make_backup(vault, backup)
    verify_backup(backup, passphrase=PASSPHRASE)
    assert list(temp.iterdir()) == []


def test_a_restore_killed_between_its_renames_gets_the_old_vault_back(
    vault: Vault, tmp_path: Path, cli: Cli
) -> None:
    path = vault.path
    backup = tmp_path / "b.sfbackup"
    make_backup(vault, backup)
    vault.lock()
    aside = tmp_path / f".{path.name}.replaced-dead0004"
    os.rename(path, aside)  # killed here: the vault has been moved aside, nothing in place
    r = cli(
        "restore",
        str(backup),
        str(path),
        "--replace",
        "--passphrase-stdin",
        stdin=PASSPHRASE + "\n",
    )
    assert r.code == 0, r.err
    assert not aside.exists()
    assert cli("check", str(path), "--passphrase-stdin", stdin=PASSPHRASE + "\n").code == 0


def test_file_dialogs_keep_no_history(
    qapp: QApplication, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shiboken6
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QFileDialog

    from safefile.ui import app as app_module

    config = tmp_path / "config"
    config.mkdir()
    monkeypatch.setenv("XDG_CONFIG_HOME", str(config))
    # What an earlier version left: the dialog's history beside another program's settings.
    (config / "QtProject.conf").write_text(
        f"[FileDialog]\nhistory=/home/a/{MARKER}\nlastVisited=file:///home/a/{MARKER}\n\n"
        "[Other]\nkept=1\n"
    )
    app_module.keep_no_dialog_history()
    assert MARKER not in (config / "QtProject.conf").read_text()
    assert "kept=1" in (config / "QtProject.conf").read_text()

    client_folder = tmp_path / f"Letters for {MARKER}"
    client_folder.mkdir()
    dialog = QFileDialog(None, "Save", str(client_folder))
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    dialog.setHistory([str(client_folder)])
    dialog.show()
    qapp.processEvents()
    dialog.done(0)
    shiboken6.delete(dialog)  # Qt writes the dialog's history as it is destroyed
    settings = QSettings(QSettings.Scope.UserScope, "QtProject")
    settings.sync()
    assert not Path(settings.fileName()).exists()
    written = [
        p for p in config.rglob("*") if p.is_file() and MARKER in p.read_text(errors="replace")
    ]
    assert written == []


@pytest.fixture
def logging_put_back() -> Iterator[None]:
    """The log's set-up holds every other library's logger at WARNING and sets the root
    logger's level, for the whole process: put them back, so that no test that runs
    after these passes or fails because of them (test_the_log_holds_only_listed_messages
    failed when run after test_the_app_installs_the_allow_list, which left the root at
    INFO)."""
    root = logging.getLogger()

    def loggers() -> dict[str, logging.Logger]:
        return {
            name: lg
            for name, lg in list(logging.root.manager.loggerDict.items())
            if isinstance(lg, logging.Logger)
        }

    level, levels = root.level, {name: lg.level for name, lg in loggers().items()}
    yield
    root.setLevel(level)
    for name, lg in loggers().items():
        lg.setLevel(levels.get(name, logging.NOTSET))


@pytest.mark.usefixtures("logging_put_back")
def test_the_log_holds_only_listed_messages(caplog: pytest.LogCaptureFixture) -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s %(message)s"))
    earlier = logging.getLogger("some.library")  # imported before the log was set up
    logpolicy.install(handler)
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    try:
        logging.getLogger("safefile.records").warning("saving %s failed", f"client {MARKER}")
        logging.getLogger("safefile.ui").error("job failed: %s", "ValueError")
        later = logging.getLogger("library.imported.later")  # not held: the filter drops it
        for third in (earlier, later):
            third.info("opened %s", f"/home/a/{MARKER}.pdf")
            third.warning("could not open %s", f"/home/a/{MARKER}.pdf")
        try:
            raise ValueError(MARKER)
        except ValueError:
            logging.getLogger("safefile.ui").exception("unexpected %s at %s", "ValueError", "x")
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)
    text = stream.getvalue()
    assert MARKER not in text
    assert "job failed: ValueError" in text
    assert "message withheld" in text and "test_leftovers" in text
    assert "could not open <withheld>" in text
    assert "opened" not in text  # third-party INFO is not written
    assert text.count("could not open <withheld>") == 2
    assert earlier.level == logging.WARNING  # held where it stood when the log was set up


@pytest.mark.usefixtures("logging_put_back")
def test_the_app_installs_the_allow_list(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from safefile.ui import app as app_module
    from safefile.ui import startup

    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    root = logging.getLogger()
    before = list(root.handlers)
    app_module.setup_logging()
    added = [h for h in root.handlers if h not in before]
    try:
        assert added and any(isinstance(f, logpolicy.AllowList) for f in added[0].filters)
        logging.getLogger("safefile.consent").warning("shared %s", MARKER)
        added[0].flush()
        assert MARKER not in startup.log_file().read_text()
    finally:
        for h in added:
            root.removeHandler(h)
            h.close()
