"""Start the desktop app: secure process defaults, error handling, the window."""

from __future__ import annotations

import contextlib
import gc
import logging
import os
import re
import shutil
import sys
import tempfile
import threading
import traceback
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from safefile import APP_ID
from safefile.fsutil import atomic_write, secure_process_defaults
from safefile.ui import startup
from safefile.ui.startup import APP_NAME, FREEZE_AFTER_MS, log_file, vault_path

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget


def log_exception(kind: type[BaseException], tb: TracebackType | None) -> None:
    """Log where it failed: the kind of error and file:line of each frame, never the
    message or any value (they may hold client data)."""
    frames = [f"{f.filename}:{f.lineno} in {f.name}" for f in traceback.extract_tb(tb)]
    logging.getLogger("safefile.ui").error(
        "unexpected %s at %s", kind.__name__, " <- ".join(frames)
    )


_showing_error = False


def _excepthook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    """Log where it failed and show a plain sentence, never a stack trace."""
    global _showing_error
    log_exception(kind, tb)
    if _showing_error:  # one message at a time, however often it happens
        return
    from PySide6.QtWidgets import QMessageBox

    _showing_error = True
    try:
        QMessageBox.warning(
            None,
            APP_NAME,
            "Something went wrong that SafeFile did not expect. "
            f"Your records are safe. If it happens again, send {log_file()} to "
            "your support; it holds no client information.",
        )
    finally:
        _showing_error = False


def _thread_excepthook(args: threading.ExceptHookArgs) -> None:
    log_exception(args.exc_type, args.exc_traceback)


_QUOTED = re.compile(r"\"[^\"]*\"|'[^']*'|“[^”]*”")
_PATHLIKE = re.compile(r"\S*[/\\]\S*")


_QT_LEVELS = {
    "QtDebugMsg": logging.DEBUG,
    "QtInfoMsg": logging.INFO,
    "QtWarningMsg": logging.WARNING,
    "QtCriticalMsg": logging.ERROR,
    "QtFatalMsg": logging.CRITICAL,
}


def redact(message: str) -> str:
    """Qt's message without what may carry data: quoted text and file paths."""
    text = _PATHLIKE.sub("<path>", _QUOTED.sub("<…>", message))
    return text if len(text) <= 200 else text[:200] + "…"


def qt_message_handler(mode: object, context: object, message: str) -> None:
    """Qt's own messages go to the log file reduced to their category and level: their
    text names files, folders and widgets' contents (safefile/logpolicy.py)."""
    name = getattr(mode, "name", "")
    level = _QT_LEVELS.get(name, logging.WARNING)
    category = str(getattr(context, "category", None) or "default")
    if not re.fullmatch(r"[\w.\-]{1,80}", category):
        category = "other"
    kind = name.removeprefix("Qt").removesuffix("Msg").lower() or "warning"
    logging.getLogger("safefile.qt").log(level, "Qt %s message (category %s)", kind, category)


LOG_MAX_BYTES = 1_000_000
LOG_BACKUPS = 2


class LogFile(logging.FileHandler):
    """The log file, rotated as ``logging.handlers.RotatingFileHandler`` rotates it
    (``safefile.log`` → ``.1`` → ``.2``, the oldest dropped, before a record that would
    take it to ``max_bytes``) without importing that module: it pulls ``socket``,
    ``pickle`` and ``queue``, 4 ms of every start before the first window (issue 30)."""

    def __init__(self, path: Path, max_bytes: int = LOG_MAX_BYTES, backups: int = LOG_BACKUPS):
        super().__init__(path, encoding="utf-8")
        self.max_bytes = max_bytes
        self.backups = backups

    def emit(self, record: logging.LogRecord) -> None:
        try:
            if self._full(record):
                self._rotate()
        except Exception:  # as logging does: a log that fails never stops the app
            self.handleError(record)
            return
        super().emit(record)

    def _full(self, record: logging.LogRecord) -> bool:
        if self.stream is None:
            self.stream = self._open()
        self.stream.seek(0, os.SEEK_END)
        return bool(self.stream.tell() + len(self.format(record)) + 1 >= self.max_bytes)

    def _rotate(self) -> None:
        if self.stream is not None:
            self.stream.close()
            self.stream = None
        base = self.baseFilename
        for i in range(self.backups - 1, 0, -1):
            if os.path.exists(f"{base}.{i}"):
                os.replace(f"{base}.{i}", f"{base}.{i + 1}")
        if self.backups > 0:
            os.replace(base, f"{base}.1")
        else:
            os.remove(base)
        self.stream = self._open()


def setup_logging() -> None:
    """The log file the user can send: rotated, readable by the user alone, and holding
    only the program's own listed messages (safefile/logpolicy.py)."""
    from safefile import logpolicy

    handler = LogFile(log_file())
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    logpolicy.install(handler)
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)


def keep_no_dialog_history() -> None:
    """Qt's file dialogs remember the folders chosen in them (``QtProject.conf``: a folder
    named after a client, kept in clear).  Qt's own settings are pointed at a place that
    cannot exist (beneath a file), so they are never written; SafeFile keeps its few
    preferences in its own files (appearance.py), which hold no folder and no client.
    Call before the first dialog."""
    from PySide6.QtCore import QSettings

    uid = os.getuid() if hasattr(os, "getuid") else 0
    blocker = Path(tempfile.gettempdir()) / f"safefile-no-qt-settings-{uid}"
    if not blocker.is_file():
        with contextlib.suppress(OSError):
            if blocker.is_dir() and not blocker.is_symlink():
                shutil.rmtree(blocker)
            blocker.write_bytes(b"")
    nowhere = str(blocker / "settings")
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, nowhere)
        QSettings.setPath(fmt, QSettings.Scope.SystemScope, nowhere)
    # What an earlier version left behind: the file dialogs' history, from every place
    # Qt may have kept it.
    for conf in _qtproject_files():
        with contextlib.suppress(OSError):
            _forget_file_dialog_history(conf)


def remove_stale_staging() -> list[Path]:
    """At start: the hidden folders a killed restore, backup check or first start left
    (encrypted, each with a key file), beside the vault and in the temporary folder."""
    from safefile import fsutil

    removed: list[Path] = []
    with contextlib.suppress(OSError):
        removed += fsutil.remove_stale_staging(fsutil.temp_staging_folders())
        target = vault_path()
        fsutil.recover_replaced(target)
        removed += fsutil.remove_stale_staging(fsutil.staging_folders_beside(target))
    if removed:
        logging.getLogger("safefile.ui").info("stale staging folders removed: %d", len(removed))
    return removed


def _qtproject_files() -> list[Path]:
    base = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return [p for p in (base / "QtProject.conf",) if p.is_file()]


def _forget_file_dialog_history(conf: Path) -> None:
    """Drop the [FileDialog] section of an INI file, atomically; keep the rest."""
    lines = conf.read_text("utf-8", errors="replace").splitlines(keepends=True)
    kept: list[str] = []
    skipping = False
    for line in lines:
        if line.startswith("["):
            skipping = line.strip() == "[FileDialog]"
        if not skipping:
            kept.append(line)
    if kept != lines:
        atomic_write(conf, "".join(kept).encode("utf-8"))


def run_app(argv: list[str] | None = None) -> int:
    secure_process_defaults()
    setup_logging()
    from PySide6.QtCore import QTimer, qInstallMessageHandler
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication

    from safefile.ui.about import app_icon
    from safefile.ui.main_window import MainWindow

    qInstallMessageHandler(qt_message_handler)
    keep_no_dialog_history()
    remove_stale_staging()
    sys.excepthook = _excepthook
    threading.excepthook = _thread_excepthook
    app = QApplication(argv or sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setWindowIcon(app_icon())
    QGuiApplication.setDesktopFileName(APP_ID)
    window = MainWindow(vault_path())  # applies the user's text size and contrast first
    window.show()
    # Once the window is on screen: the collection before the freeze takes ~20 ms.
    QTimer.singleShot(FREEZE_AFTER_MS, startup.freeze_startup_objects)
    code = int(app.exec())
    close_down(window)
    return code


def close_down(window: QWidget) -> None:
    """Destroy the window and every dialog it still owns while the application (and
    Python's wrappers of it) still exist, in Qt's order rather than the garbage
    collector's: leaving it to interpreter exit aborted the app ("pure virtual method
    called") once Settings had been opened."""
    from PySide6.QtCore import QCoreApplication, QEvent

    window.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()
