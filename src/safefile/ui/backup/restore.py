"""Restore a backup into a NEW vault, with or without a vault open.

The core (``restore_backup``) authenticates every byte first, builds the new vault
in a hidden staging folder beside the destination, opens and checks it, and only
then renames it into place; a wrong passphrase, a damaged file, a stop or any
failure leaves nothing behind.  It never restores over an existing folder.

A backup of a vault with several staff members (issue 28) opens with one member's name
and passphrase: the name field appears when the core says the backup needs it
(``MemberNeeded``; the backup is sealed, so nothing can be read of it before), and a
wrong name and a wrong passphrase then get one message, as on the unlock screen.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from safefile.backup import BackupInfo
from safefile.backup.archive import SUFFIX as BACKUP_SUFFIX
from safefile.errors import MemberNeeded, WrongKey
from safefile.store.layout import SUFFIX as VAULT_SUFFIX
from safefile.ui.backup.common import NO_NATIVE, SecretField, contents
from safefile.ui.day import vault_today
from safefile.ui.unlock.page import WHO_FAILED, one_of_two
from safefile.ui.worker import Cancelled, VaultService, VaultWorker, plain_message

STEPS = 1000


def free_name(folder: Path, on: date) -> Path:
    """``folder/restored-YYYYMMDD.safefile``, numbered on when that is taken."""
    base = f"restored-{on:%Y%m%d}"
    path, n = folder / f"{base}{VAULT_SUFFIX}", 1
    while path.exists():
        n += 1
        path = folder / f"{base}-{n}{VAULT_SUFFIX}"
    return path


class RestoreDialog(QDialog):
    """``restored`` carries the new vault's folder once it is in place and checked."""

    restored = Signal(Path)

    def __init__(
        self, service: VaultService, parent: QWidget | None = None, *, beside: Path | None = None
    ) -> None:
        super().__init__(parent)
        self.service = service
        self.setWindowTitle("Restore from a backup")
        self.info: BackupInfo | None = None
        self._job: int | None = None
        current = beside if beside is not None else getattr(parent, "vault_path", None)
        self._near = Path(current).parent if current is not None else Path.home()

        intro = QLabel(
            "The backup is restored into a new, separate vault. The vault you use now, if "
            "any, is not changed."
        )
        intro.setWordWrap(True)
        self.backup = QLineEdit()
        self.backup.setAccessibleName("Backup file")
        self.backup.setPlaceholderText(f"A SafeFile backup ({BACKUP_SUFFIX} file)")
        self.choose_backup = QPushButton("C&hoose…")
        self.choose_backup.setAccessibleName("Choose the backup file")
        backup_row = QHBoxLayout()
        backup_row.addWidget(self.backup, 1)
        backup_row.addWidget(self.choose_backup)
        self.secret = SecretField()
        self.member = QLineEdit()
        self.member.setObjectName("restoreMember")
        self.member.setAccessibleName("Your name")
        self.member.setPlaceholderText("your name, as the administrator entered it")
        self.target = QLineEdit(str(free_name(self._near, vault_today(self.service))))
        self.target.setAccessibleName("Folder for the new vault")
        self.choose_target = QPushButton("Choose &where…")
        self.choose_target.setAccessibleName("Choose where to put the new vault")
        target_row = QHBoxLayout()
        target_row.addWidget(self.target, 1)
        target_row.addWidget(self.choose_target)
        form = QFormLayout()
        backup_label, secret_label = QLabel("&Backup file"), QLabel("&Passphrase")
        target_label = QLabel("&New vault")
        backup_label.setBuddy(self.backup)
        secret_label.setBuddy(self.secret.edit)
        target_label.setBuddy(self.target)
        form.addRow(backup_label, backup_row)
        member_label = QLabel("Your na&me")
        member_label.setBuddy(self.member)
        form.addRow(member_label, self.member)
        form.setRowVisible(self.member, False)  # asked when the backup has several members
        self.form = form
        form.addRow(secret_label, self.secret)
        form.addRow(target_label, target_row)
        self.progress = QProgressBar()
        self.progress.setRange(0, STEPS)
        self.progress.setFormat("%p%")
        self.progress.setAccessibleName("Restore progress")
        self.progress.hide()
        self.message = QLabel("")
        self.message.setObjectName("error")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setAccessibleName("Restore message")
        self.message.setMinimumHeight(60)
        self.restore_button = QPushButton("&Restore")
        self.restore_button.setDefault(True)
        self.close_button = QPushButton("Cancel")
        buttons = QHBoxLayout()
        buttons.addStretch()
        buttons.addWidget(self.restore_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.resize(640, 330)
        self.choose_backup.clicked.connect(self.choose_backup_file)
        self.choose_target.clicked.connect(self.choose_target_folder)
        self.restore_button.clicked.connect(self.restore)
        self.secret.edit.returnPressed.connect(self.restore)
        self.close_button.clicked.connect(self.reject)
        self.service.submit(self._find_newest(), self._offer_newest)

    # --- the newest backup, offered first ---------------------------------------------------
    def _find_newest(self) -> Callable[[VaultWorker], Path | None]:
        near = self._near

        def job(w: VaultWorker) -> Path | None:
            from safefile.backup.policy import Policy, newest_backup

            folders = [near]
            if w.vault is not None and w.vault.is_open:  # the program's backup folder too
                policy = Policy.of(w.vault)
                if policy is not None:
                    folders.insert(0, policy.folder)
            return newest_backup(*folders)

        return job

    def _offer_newest(self, path: Path | None) -> None:
        if path is not None and not self.backup.text():
            self.backup.setText(str(path))
            self.backup.setCursorPosition(0)

    # --- choosing -----------------------------------------------------------------------
    def choose_backup_file(self) -> None:
        start = str(Path(self.backup.text()).parent) if self.backup.text() else str(self._near)
        name, _ = QFileDialog.getOpenFileName(
            self,
            "Choose the backup to restore",
            start,
            f"SafeFile backups (*{BACKUP_SUFFIX});;All files (*)",
            options=NO_NATIVE,
        )
        if name:
            self.set_backup(Path(name))

    def set_backup(self, path: Path) -> None:
        self.backup.setText(str(path))
        self.message.clear()
        self.secret.setFocus()

    def choose_target_folder(self) -> None:
        name = QFileDialog.getExistingDirectory(
            self,
            "Choose where to put the new vault",
            str(self._near),
            QFileDialog.Option.ShowDirsOnly | NO_NATIVE,
        )
        if name:
            self.set_target(free_name(Path(name), vault_today(self.service)))

    def set_target(self, path: Path) -> None:
        """The new vault's folder (it must not exist yet, or be empty)."""
        self.target.setText(str(path))
        self.message.clear()

    # --- restoring ----------------------------------------------------------------------
    def restore(self) -> None:
        if self._job is not None:
            return
        source, target = self.backup.text().strip(), self.target.text().strip()
        if not source:
            self.message.setText("Choose the backup file to restore (Choose… beside it).")
            return
        if not target:
            self.message.setText("Choose where to put the new vault (Choose where… beside it).")
            return
        passphrase, recovery_key = self.secret.take()
        if passphrase is None and recovery_key is None:
            self.message.setText(
                "Type the passphrase the vault had when the backup was made, or its recovery key."
            )
            self.secret.setFocus()
            return
        src, dest = Path(source), Path(target)
        member = (self.member.text().strip() or None) if self.asks_member else None

        def job(w: VaultWorker) -> BackupInfo:
            w.progress(0, 1)
            from safefile.retention.restore import restore

            return restore(  # destroyed files are destroyed again
                src,
                dest,
                passphrase=passphrase,
                recovery_key=recovery_key,
                member=member,
                progress=w.progress,
            ).info

        self.message.setText("Restoring: every part of the backup is checked first…")
        self._running(True)
        self._job = self.service.submit(
            job, lambda info: self._restored(info, dest), self._failed, self._progressed
        )

    def _running(self, on: bool) -> None:
        if on:
            self.progress.setValue(0)
        self.progress.setVisible(on)
        for widget in (
            self.restore_button,
            self.backup,
            self.choose_backup,
            self.target,
            self.choose_target,
            self.secret,
        ):
            widget.setEnabled(not on)
        self.close_button.setText("Stop" if on else "Cancel")

    def _progressed(self, done: int, total: int) -> None:
        self.progress.setValue(STEPS * done // total if total else 0)

    def _restored(self, info: BackupInfo, path: Path) -> None:
        self._job = None
        self._running(False)
        self.info = info
        again = (
            f" {info.reapplied} file(s) destroyed since this backup was made were destroyed "
            "again (retention)."
            if info.reapplied
            else ""
        )
        self.message.setText(f"Restored into {path}: {contents(info.counts)}.{again}")
        self.accept()
        self.restored.emit(path)

    def _failed(self, exc: Exception) -> None:
        self._job = None
        self._running(False)
        if isinstance(exc, Cancelled):
            self.message.setText("The restore was stopped. No new vault was created.")
        elif isinstance(exc, MemberNeeded):  # the backup's vault has several members
            self.form.setRowVisible(self.member, True)
            self.message.setText(
                "This backup belongs to a vault with several staff members: type your name "
                "and your passphrase, as you unlocked it then."
            )
            self.member.setFocus()
            return
        elif self.asks_member and isinstance(exc, WrongKey) and one_of_two(exc):
            self.message.setText(WHO_FAILED)
        else:
            self.message.setText(plain_message(exc))
        self.secret.setFocus()

    @property
    def asks_member(self) -> bool:
        return self.form.isRowVisible(self.member)

    def done(self, result: int) -> None:
        """Closing (Cancel, Stop, Escape, or the window locking) stops a restore on its way;
        the core then removes whatever it had begun."""
        if self._job is not None:
            self.service.cancel(self._job)
            self._job = None
        self.secret.clear()
        super().done(result)
