"""Start the desktop app: secure process defaults, error handling, the window."""

from __future__ import annotations

import logging
import sys
import traceback
from pathlib import Path
from types import TracebackType

import platformdirs

from safefile import APP_ID
from safefile.fsutil import private_mkdir, secure_process_defaults

APP_NAME = "SafeFile"


def default_vault_path() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "vault.safefile"


def log_file() -> Path:
    return (
        private_mkdir(Path(platformdirs.user_state_dir(APP_NAME, appauthor=False))) / "safefile.log"
    )


def _excepthook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    """Log where it failed (file and line, never values or messages: they may hold client
    data) and show a plain sentence, never a stack trace."""
    frames = [f"{f.filename}:{f.lineno} in {f.name}" for f in traceback.extract_tb(tb)]
    logging.getLogger("safefile.ui").error(
        "unexpected %s at %s", kind.__name__, " <- ".join(frames)
    )
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.warning(None, APP_NAME, "Something went wrong that SafeFile did not expect. "
                        f"Your records are safe. If it happens again, send {log_file()} to your "
                        "support; it holds no client information.")  # fmt: skip


def run_app(argv: list[str] | None = None) -> int:
    secure_process_defaults()
    logging.basicConfig(filename=log_file(), level=logging.INFO,
                        format="%(asctime)s %(levelname)s %(name)s %(message)s")  # fmt: skip
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication

    from safefile.ui.main_window import MainWindow

    app = QApplication(argv or sys.argv[:1])
    app.setApplicationName(APP_NAME)
    QGuiApplication.setDesktopFileName(APP_ID)
    sys.excepthook = _excepthook
    window = MainWindow(default_vault_path())
    window.show()
    return int(app.exec())
