"""Backups: where they go and how often, "Back up now" with progress and a way to stop,
and this vault's backups in the folder, each of which can be checked.

Every step runs on the vault's thread through the core's ``safefile.backup``: the
policy is saved with ``Policy.save``, a backup is ``backup_now`` (written to a
hidden temporary file and renamed only when complete, so a stopped or failed
backup leaves nothing that looks like a backup).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from safefile.backup import BackupInfo, Policy, backup_now
from safefile.backup.policy import DEFAULT_KEEP, DEFAULT_MAX_AGE_DAYS, ours
from safefile.errors import InvalidInput
from safefile.store.vault import Vault
from safefile.ui.backup.check import CheckDialog
from safefile.ui.backup.common import NO_NATIVE, size_text, when
from safefile.ui.worker import Cancelled, VaultService, VaultWorker, plain_message

STEPS = 1000  # the bar's range: byte counts do not fit a QProgressBar's int
NO_FOLDER = (
    "No folder chosen yet. Choose a folder, ideally on an external drive you keep locked away."
)
CHOOSE_FIRST = (
    "Choose a folder for backups first (Choose… above), ideally on an external drive you "
    "keep locked away. Then press Back up now."
)
STOPPED = "The backup was stopped. No file was written; your earlier backups are as they were."


@dataclass(frozen=True)
class Listing:
    """What the page shows: the policy, whether its folder is there, this vault's
    backups in it as (created, path, size), newest first."""

    policy: Policy | None
    folder_there: bool
    backups: tuple[tuple[str, Path, int], ...]


def listing(vault: Vault) -> Listing:
    """Runs on the vault's thread (the folder may be a slow drive)."""
    policy = Policy.of(vault)
    if policy is None or not policy.folder.is_dir():
        return Listing(policy, False, ())
    found = []
    for created, path in reversed(ours(vault, policy.folder)):
        try:
            found.append((created, path, path.stat().st_size))
        except OSError:
            continue  # removed meanwhile
    return Listing(policy, True, tuple(found))


class BackupPage(QWidget):
    """``backed_up`` is emitted after a backup was written (the window hides its reminder)."""

    backed_up = Signal()

    def __init__(self, service: VaultService) -> None:
        super().__init__()
        self.service = service
        self.policy: Policy | None = None
        self.last: BackupInfo | None = None
        self.check_dialog: CheckDialog | None = None
        self._job: int | None = None

        # --- where and how often -------------------------------------------------------
        self.folder = QLabel(NO_FOLDER)
        self.folder.setWordWrap(True)
        self.folder.setTextFormat(Qt.TextFormat.PlainText)
        self.folder.setAccessibleName("Backup folder")
        self.choose_button = QPushButton("Ch&oose…")
        self.choose_button.setAccessibleName("Choose the backup folder")
        where = QHBoxLayout()
        where.addWidget(self.folder, 1)
        where.addWidget(self.choose_button)
        self.keep = QSpinBox()
        self.keep.setRange(1, 999)
        self.keep.setValue(DEFAULT_KEEP)
        self.keep.setSuffix(" backups")
        self.keep.setAccessibleName("Number of backups to keep")
        self.max_age = QSpinBox()
        self.max_age.setRange(1, 365)
        self.max_age.setValue(DEFAULT_MAX_AGE_DAYS)
        self.max_age.setSuffix(" days without a backup")
        self.max_age.setAccessibleName("Days without a backup before a reminder")
        for spin in (self.keep, self.max_age):
            spin.setMaximumWidth(280)
        self.save_button = QPushButton("Sa&ve settings")
        self.save_button.setEnabled(False)
        self.policy_message = QLabel("")
        self.policy_message.setWordWrap(True)
        self.policy_message.setTextFormat(Qt.TextFormat.PlainText)
        self.policy_message.setAccessibleName("Backup settings message")
        form = QFormLayout()
        form.addRow("Backups go to", where)
        keep_label, age_label = QLabel("Kee&p the newest"), QLabel("&Remind me after")
        keep_label.setBuddy(self.keep)
        age_label.setBuddy(self.max_age)
        form.addRow(keep_label, self.keep)
        form.addRow(age_label, self.max_age)
        save_row = QHBoxLayout()
        save_row.addWidget(self.policy_message, 1)
        save_row.addWidget(self.save_button)
        form.addRow(save_row)
        settings = QGroupBox("Where and how often")
        settings.setLayout(form)

        # --- back up now -----------------------------------------------------------------
        self.backup_button = QPushButton("Back up &now")
        self.backup_button.setDefault(True)
        self.progress = QProgressBar()
        self.progress.setRange(0, STEPS)
        self.progress.setFormat("%p%")
        self.progress.setAccessibleName("Backup progress")
        self.progress.hide()
        self.cancel_button = QPushButton("C&ancel")
        self.cancel_button.setAccessibleName("Stop the backup")
        self.cancel_button.hide()
        self.status = QLabel("")
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setAccessibleName("Backup message")
        run_row = QHBoxLayout()
        run_row.addWidget(self.backup_button)
        run_row.addWidget(self.progress, 1)
        run_row.addWidget(self.cancel_button)
        run_row.addStretch(0)  # the button keeps its size while no bar is shown
        run = QGroupBox("Back up")
        run_layout = QVBoxLayout(run)
        run_layout.addLayout(run_row)
        run_layout.addWidget(self.status)

        # --- the backups in the folder ---------------------------------------------------
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(["Made on", "Size", "File"])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.setAccessibleName("Backups of this vault in the folder, newest first")
        self.list_message = QLabel("")
        self.list_message.setWordWrap(True)
        self.list_message.setTextFormat(Qt.TextFormat.PlainText)
        self.check_button = QPushButton("Chec&k this backup…")
        self.check_button.setEnabled(False)
        check_row = QHBoxLayout()
        check_row.addWidget(self.list_message, 1)
        check_row.addWidget(self.check_button)
        found = QGroupBox("Backups of this vault in the folder (newest first)")
        found_layout = QVBoxLayout(found)
        found_layout.addWidget(self.table, 1)
        found_layout.addLayout(check_row)

        inner = QWidget()
        inner_layout = QVBoxLayout(inner)
        inner_layout.addWidget(settings)
        inner_layout.addWidget(run)
        inner_layout.addWidget(found, 1)
        scroll = QScrollArea()  # larger text on a small screen: it scrolls, never cut off
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(inner)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)
        for a, b in (
            (self.choose_button, self.keep),
            (self.keep, self.max_age),
            (self.max_age, self.save_button),
            (self.save_button, self.backup_button),
            (self.backup_button, self.cancel_button),
            (self.cancel_button, self.table),
            (self.table, self.check_button),
        ):
            QWidget.setTabOrder(a, b)

        self.choose_button.clicked.connect(self.choose_folder)
        self.save_button.clicked.connect(self.save_settings)
        self.backup_button.clicked.connect(self.back_up_now)
        self.cancel_button.clicked.connect(self.cancel)
        self.check_button.clicked.connect(self.check_selected)
        self.table.itemSelectionChanged.connect(
            lambda: self.check_button.setEnabled(self.selected() is not None)
        )
        self.table.doubleClicked.connect(lambda _: self.check_selected())

    # --- loading and forgetting --------------------------------------------------------
    def refresh(self) -> None:
        """Load the policy and the list of backups; called after unlock and when shown."""
        self.service.submit(
            lambda w: listing(w.require()),
            self._show,
            lambda e: self.list_message.setText(plain_message(e)),
        )

    def clear(self) -> None:
        """Forget everything shown (on lock)."""
        if self._job is not None:
            self.service.cancel(self._job)
        self._job = None
        if self.check_dialog is not None:
            self.check_dialog.reject()
            self.check_dialog = None
        self.policy = self.last = None
        self.folder.setText(NO_FOLDER)
        self.keep.setValue(DEFAULT_KEEP)
        self.max_age.setValue(DEFAULT_MAX_AGE_DAYS)
        self.save_button.setEnabled(False)
        for label in (self.policy_message, self.status, self.list_message):
            label.clear()
        self.table.setRowCount(0)
        self._running(False)

    def _show(self, found: Listing) -> None:
        self.policy = found.policy
        self.save_button.setEnabled(found.policy is not None)
        if found.policy is None:
            self.folder.setText(NO_FOLDER)
            self.list_message.setText("")
        else:
            self.folder.setText(str(found.policy.folder))
            self.keep.setValue(found.policy.keep)
            self.max_age.setValue(found.policy.max_age_days)
            if not found.folder_there:
                self.list_message.setText(
                    "The backup folder is not there. Connect the backup drive, or choose "
                    "another folder."
                )
            elif not found.backups:
                self.list_message.setText("There are no backups of this vault in this folder yet.")
            else:
                n = len(found.backups)
                self.list_message.setText(f"{n} backup{'s' if n != 1 else ''} of this vault.")
        self.table.setRowCount(0)
        self.table.setRowCount(len(found.backups))
        for row, (created, path, size) in enumerate(found.backups):
            made = QTableWidgetItem(when(created))
            made.setData(Qt.ItemDataRole.UserRole, (str(path), created))
            self.table.setItem(row, 0, made)
            self.table.setItem(row, 1, QTableWidgetItem(size_text(size)))
            self.table.setItem(row, 2, QTableWidgetItem(path.name))
        self.check_button.setEnabled(self.selected() is not None)

    # --- the policy ----------------------------------------------------------------------
    def choose_folder(self) -> None:
        start = str(self.policy.folder) if self.policy else str(Path.home())
        name = QFileDialog.getExistingDirectory(
            self,
            "Choose the backup folder",
            start,
            QFileDialog.Option.ShowDirsOnly | NO_NATIVE,
        )
        if name:
            self.set_folder(Path(name))

    def set_folder(self, folder: Path) -> None:
        """Save ``folder`` as where backups go (with the numbers shown)."""
        self._save(
            Policy(Path(folder), self.keep.value(), self.max_age.value()),
            f"Backups will go to {folder}.",
        )

    def save_settings(self) -> None:
        if self.policy is None:
            self.policy_message.setText("Choose a folder for backups first.")
            return
        self._save(Policy(self.policy.folder, self.keep.value(), self.max_age.value()), "Saved.")

    def _save(self, policy: Policy, said: str) -> None:
        def job(w: VaultWorker) -> Listing:
            vault = w.require()
            policy.save(vault)
            return listing(vault)

        def saved(found: Listing) -> None:
            self._show(found)
            self.policy_message.setText(said)

        self.service.submit(job, saved, lambda e: self.policy_message.setText(plain_message(e)))

    # --- back up now -----------------------------------------------------------------------
    @property
    def running(self) -> bool:
        return self._job is not None

    def _running(self, on: bool) -> None:
        self.backup_button.setEnabled(not on)
        self.choose_button.setEnabled(not on)
        self.progress.setVisible(on)
        self.cancel_button.setVisible(on)
        self.cancel_button.setEnabled(on)
        if on:
            self.progress.setValue(0)

    def back_up_now(self) -> None:
        """Start a backup to the policy's folder, with progress and a way to cancel."""
        if self._job is not None:
            return

        def job(w: VaultWorker) -> BackupInfo:
            vault = w.require()
            policy = Policy.of(vault)
            if policy is None:
                raise InvalidInput(CHOOSE_FIRST)
            w.progress(0, 1)  # shows the bar at 0% and stops here if cancelled already
            return backup_now(vault, policy, w.progress)

        self.status.setText("Backing up…")
        self._running(True)
        self._job = self.service.submit(job, self._backed_up, self._failed, self._progressed)
        self.cancel_button.setFocus()

    def cancel(self) -> None:
        if self._job is not None:
            self.service.cancel(self._job)
            self.cancel_button.setEnabled(False)
            self.status.setText("Stopping the backup…")

    def _progressed(self, done: int, total: int) -> None:
        self.progress.setValue(STEPS * done // total if total else 0)

    def _backed_up(self, info: BackupInfo) -> None:
        self._job = None
        self._running(False)
        self.last = info
        self.status.setText(
            f"Backed up on {when(info.created)} to {info.path.name} ({size_text(info.size)}), "
            "and checked: it restores. Keep the backup drive somewhere safe and locked away."
        )
        self.backed_up.emit()
        self.refresh()

    def _failed(self, exc: Exception) -> None:
        self._job = None
        self._running(False)
        self.status.setText(STOPPED if isinstance(exc, Cancelled) else plain_message(exc))

    # --- checking a backup ---------------------------------------------------------------
    def selected(self) -> tuple[Path, str] | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        item = self.table.item(rows[0].row(), 0)
        if item is None:
            return None
        path, created = item.data(Qt.ItemDataRole.UserRole)
        return Path(path), str(created)

    def check_selected(self) -> None:
        """Open the check of the selected backup (it asks for the passphrase or key)."""
        chosen = self.selected()
        if chosen is None:
            return
        if self.check_dialog is not None:
            self.check_dialog.reject()
        self.check_dialog = CheckDialog(self.service, chosen[0], chosen[1], self)
        self.check_dialog.open()
