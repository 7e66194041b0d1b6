"""Check one backup: decrypt and authenticate every byte, then check its database and
logs, on the vault's thread (recorded in the open vault's audit trail)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from safefile.backup import BackupInfo, verify_backup
from safefile.ui.backup.common import SecretField, contents, when
from safefile.ui.worker import Cancelled, VaultService, VaultWorker, plain_message

STEPS = 1000


class CheckDialog(QDialog):
    def __init__(
        self, service: VaultService, path: Path, created: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Check a backup")
        self.service, self.path = service, Path(path)
        self.info: BackupInfo | None = None
        self._job: int | None = None
        intro = QLabel(
            f"Check the backup made on {when(created)} ({self.path.name}).\n"
            "Type the passphrase the vault had when this backup was made, or its recovery key."
        )
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.PlainText)
        self.secret = SecretField()
        self.progress = QProgressBar()
        self.progress.setRange(0, STEPS)
        self.progress.setFormat("%p%")
        self.progress.setAccessibleName("Checking the backup")
        self.progress.hide()
        self.message = QLabel("")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setAccessibleName("Result of the check")
        self.message.setMinimumHeight(60)
        self.check_button = QPushButton("&Check")
        self.check_button.setDefault(True)
        self.close_button = QPushButton("Close")
        buttons = QHBoxLayout()
        buttons.addStretch()
        buttons.addWidget(self.check_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.secret)
        layout.addWidget(self.progress)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.resize(520, 260)
        self.check_button.clicked.connect(self.check)
        self.secret.edit.returnPressed.connect(self.check)
        self.close_button.clicked.connect(self.reject)

    def check(self) -> None:
        if self._job is not None:
            return
        passphrase, recovery_key = self.secret.take()
        if passphrase is None and recovery_key is None:
            self.message.setText("Type the passphrase (or the recovery key) first.")
            self.secret.setFocus()
            return
        path = self.path

        def job(w: VaultWorker) -> BackupInfo:
            vault = w.require()
            w.progress(0, 1)
            return verify_backup(
                path,
                passphrase=passphrase,
                recovery_key=recovery_key,
                clock=vault.clock,
                record_in=vault,
                progress=w.progress,
            )

        self.message.setText("Checking every part of the backup…")
        self.progress.setValue(0)
        self.progress.show()
        self.check_button.setEnabled(False)
        self._job = self.service.submit(job, self._checked, self._failed, self._progressed)

    def _progressed(self, done: int, total: int) -> None:
        self.progress.setValue(STEPS * done // total if total else 0)

    def _idle(self) -> None:
        self._job = None
        self.progress.hide()
        self.check_button.setEnabled(True)

    def _checked(self, info: BackupInfo) -> None:
        self._idle()
        self.info = info
        self.message.setText(
            f"The backup is complete and undamaged: {contents(info.counts)}. "
            f"It was made on {when(info.created)}."
        )
        self.close_button.setFocus()

    def _failed(self, exc: Exception) -> None:
        self._idle()
        if isinstance(exc, Cancelled):
            self.message.setText("The check was stopped. The backup was not changed.")
        else:
            self.message.setText(plain_message(exc))
        self.secret.setFocus()

    def done(self, result: int) -> None:  # closing (also on lock) stops a check on its way
        if self._job is not None:
            self.service.cancel(self._job)
            self._job = None
        self.secret.clear()
        super().done(result)
