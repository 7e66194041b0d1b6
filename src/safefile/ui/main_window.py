"""The window: setup on first start, then unlock, then the clients screen.

Locking (the Lock button, Ctrl+L, or no activity for the idle time) closes the
vault on its own thread and clears every widget of client data before showing
the unlock screen.  The title never names a client.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QMainWindow, QStackedWidget

from safefile.ui.clients.page import ClientsPage
from safefile.ui.idle import DEFAULT_IDLE_MS, IdleWatcher
from safefile.ui.setup.page import SetupPage
from safefile.ui.unlock.page import UnlockPage
from safefile.ui.worker import VaultService, VaultWorker

STYLE = """
QWidget { font-size: 11pt; }
QLabel#title { font-size: 18pt; font-weight: 600; margin: 8px 0; }
QLabel#error { color: #a40000; }
QLabel#recoverykey { font-family: monospace; font-size: 20pt; padding: 12px;
                     background: white; border: 1px solid #9aa4ae; }
QPushButton { padding: 6px 14px; }
"""


class MainWindow(QMainWindow):
    def __init__(self, vault_path: Path, *, idle_ms: int = DEFAULT_IDLE_MS) -> None:
        super().__init__()
        self.setWindowTitle("SafeFile")
        self.setStyleSheet(STYLE)
        self.resize(1100, 700)
        self.vault_path = vault_path
        self.service = VaultService(self)
        self.stack = QStackedWidget()
        self.setCentralWidget(self.stack)
        self.setup = SetupPage(self.service, vault_path)
        self.unlock = UnlockPage(self.service, vault_path)
        self.clients = ClientsPage(self.service)
        for page in (self.setup, self.unlock, self.clients):
            self.stack.addWidget(page)
        self.idle = IdleWatcher(idle_ms, self)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self.idle)
        self.idle.idle.connect(self.lock)
        self.setup.created.connect(self._opened)
        self.unlock.unlocked.connect(self._opened)
        self.clients.lock_requested.connect(self.lock)
        lock_key = QShortcut(QKeySequence("Ctrl+L"), self)
        lock_key.activated.connect(self.lock)
        self.stack.setCurrentWidget(self.unlock if vault_path.exists() else self.setup)

    @property
    def is_unlocked(self) -> bool:
        return self.stack.currentWidget() is self.clients

    def _opened(self) -> None:
        self.stack.setCurrentWidget(self.clients)
        self.clients.refresh()
        self.clients.search.setFocus()
        self.idle.start()

    def lock(self) -> None:
        """Lock at once: clear every screen, then close the vault on its thread."""
        self.idle.stop()
        self.clients.clear()
        self.stack.setCurrentWidget(self.unlock)
        self.unlock.secret.setFocus()

        def close(w: VaultWorker) -> None:
            if w.vault is not None:
                w.vault.lock()
                w.vault = None

        self.service.submit(close)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        self.clients.clear()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self.idle)
        self.service.shutdown()
        super().closeEvent(event)
