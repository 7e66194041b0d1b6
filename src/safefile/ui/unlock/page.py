"""Unlock: passphrase or recovery key; each failure in its own plain words.

A vault with more than one staff member (issue 28) also asks "Your name" first: the
name finds the member's key slot (``Vault.open(..., member=NAME)``).  Whether to ask is
read from the key file before unlocking (``staff.admin.member_names_count``: a count,
never the names).  A wrong name and a wrong passphrase get the core's one message; this
screen never says which of the two was wrong.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from safefile.errors import WrongKey
from safefile.ui.worker import VaultService, VaultWorker, plain_message

ASK_AFTER_MS = 150
WHO_FAILED = (
    "That name and passphrase do not open this vault. Check the spelling of your name as "
    "the administrator entered it, Caps Lock and the keyboard layout, and try again."
)


def one_of_two(exc: WrongKey) -> bool:
    """The core refused a name it does not know, or a passphrase that is not that
    member's: the one message ``WHO_FAILED`` says either."""
    from safefile.store.keys import WRONG_PASSPHRASE
    from safefile.store.memberslots import NO_SUCH_MEMBER

    return exc.message in (WRONG_PASSPHRASE, NO_SUCH_MEMBER)


class UnlockPage(QWidget):
    unlocked = Signal()
    restore_requested = Signal()

    def __init__(self, service: VaultService, path: Path) -> None:
        super().__init__()
        self.service, self.path = service, path
        v = QVBoxLayout(self)
        v.addStretch()
        title = QLabel("SafeFile is locked")
        title.setObjectName("title")
        v.addWidget(title, alignment=Qt.AlignmentFlag.AlignHCenter)
        self.member = QLineEdit()
        self.member.setObjectName("unlockMember")
        self.member.setPlaceholderText("Your name")
        self.member.setAccessibleName("Your name")
        self.member.setMinimumWidth(360)
        self.member.hide()  # shown when the vault has more than one member
        v.addWidget(self.member, alignment=Qt.AlignmentFlag.AlignHCenter)
        self.members = 0  # how many members the key file holds (0: not known yet)
        self.secret = QLineEdit()
        self.secret.setEchoMode(QLineEdit.EchoMode.Password)
        self.secret.setPlaceholderText("Passphrase")
        self.secret.setAccessibleName("Passphrase")
        self.secret.setMinimumWidth(360)
        v.addWidget(self.secret, alignment=Qt.AlignmentFlag.AlignHCenter)
        self.use_recovery = QCheckBox("Use the recovery key instead")
        v.addWidget(self.use_recovery, alignment=Qt.AlignmentFlag.AlignHCenter)
        self.button = QPushButton("Unlock")
        self.button.setDefault(True)
        v.addWidget(self.button, alignment=Qt.AlignmentFlag.AlignHCenter)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)  # moving: key derivation takes about a second
        self.busy.setFixedWidth(360)
        self.busy.setTextVisible(False)
        self.busy.setAccessibleName("Unlocking")
        self.busy.hide()
        v.addWidget(self.busy, alignment=Qt.AlignmentFlag.AlignHCenter)
        self.message = QLabel("")
        self.message.setObjectName("error")
        self.message.setWordWrap(True)
        self.message.setFixedWidth(480)
        self.message.setMinimumHeight(96)  # room for the longest message, wrapped
        self.message.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        v.addWidget(self.message, alignment=Qt.AlignmentFlag.AlignHCenter)
        self.discarded = QLabel("")
        self.discarded.setWordWrap(True)
        self.discarded.setFixedWidth(480)
        self.discarded.setAccessibleName("Not saved")
        self.discarded.hide()
        v.addWidget(self.discarded, alignment=Qt.AlignmentFlag.AlignHCenter)
        self.restore_button = QPushButton("Restore from a backup…")
        self.restore_button.setFlat(True)
        v.addWidget(self.restore_button, alignment=Qt.AlignmentFlag.AlignHCenter)
        v.addStretch()
        self.restore_button.clicked.connect(self.restore_requested)
        self.button.clicked.connect(self.unlock)
        self.secret.returnPressed.connect(self.unlock)
        self.member.returnPressed.connect(self.secret.setFocus)
        self.use_recovery.toggled.connect(self._mode)
        # name, passphrase, Unlock; then the recovery key's box and the restore
        for a, b in (
            (self.member, self.secret),
            (self.secret, self.button),
            (self.button, self.use_recovery),
            (self.use_recovery, self.restore_button),
        ):
            QWidget.setTabOrder(a, b)
        # Asked on the vault's thread once the window is up (its first paint comes first,
        # ui/main_window.py), like the store's own imports.
        QTimer.singleShot(ASK_AFTER_MS, self, self.ask_who)

    @property
    def asks_member(self) -> bool:
        return self.members > 1

    def ask_who(self) -> None:
        """Read from the key file (on the vault's thread) whether to ask who unlocks."""
        path = self.path

        def job(_: VaultWorker) -> int:
            from safefile.staff.admin import member_names_count

            return member_names_count(path) if path.exists() else 0

        def known(count: int) -> None:
            if path != self.path:
                return  # another vault was chosen meanwhile
            self.members = count
            self.member.setVisible(self.asks_member and not self.use_recovery.isChecked())
            if not self.secret.text():  # never moved away from a passphrase being typed
                self.focus_first()

        self.service.submit(job, known, lambda _: None)

    def focus_first(self) -> None:
        (self.member if self.member.isVisibleTo(self) else self.secret).setFocus()

    def clear_member(self) -> None:
        """At a lock: the next person says who they are."""
        self.member.clear()

    def tell_discarded(self, text: str) -> None:
        """Say which forms the lock closed with typed text in them (their titles only)."""
        self.discarded.setText(text)
        # its whole height at its fixed width (aligned in a box, it was given one line's)
        if text:
            self.discarded.setMinimumHeight(self.discarded.heightForWidth(self.discarded.width()))
        self.discarded.setVisible(bool(text))

    def _mode(self, recovery: bool) -> None:
        self.member.setVisible(self.asks_member and not recovery)  # the key is no one's
        self.secret.setPlaceholderText("Recovery key" if recovery else "Passphrase")
        self.secret.setEchoMode(
            QLineEdit.EchoMode.Normal if recovery else QLineEdit.EchoMode.Password
        )

    def unlock(self) -> None:
        secret, recovery, path = self.secret.text(), self.use_recovery.isChecked(), self.path
        member = self.member.text().strip() if self.asks_member else ""
        if self.asks_member and not member and not recovery:
            self.message.setText("Type your name, then your passphrase.")
            self.member.setFocus()
            return
        if not secret:
            return
        self.secret.clear()
        self.button.setEnabled(False)
        self.message.setText("Unlocking…")
        self.busy.show()

        def job(w: VaultWorker) -> None:
            from safefile.store.vault import Vault

            w.vault = (
                Vault.open(path, recovery_key=secret)
                if recovery
                else Vault.open(path, passphrase=secret, member=member or None)
            )
            if w.vault.page_format_is_old:  # once, with a backup first (backup/core.py)
                from safefile.backup.core import upgrade_if_old

                try:
                    upgrade_if_old(w.vault)
                except BaseException:
                    w.close_vault()  # the next try can open it again
                    raise

        self.service.submit(job, self._done, self._failed)

    def _done(self, _: object) -> None:
        self.busy.hide()
        self.button.setEnabled(True)
        self.message.clear()
        self.clear_member()
        self.tell_discarded("")
        self.unlocked.emit()

    def _words(self, exc: Exception) -> str:
        """The core's message; where a name was asked, one message for a wrong name and a
        wrong passphrase alike: saying which was wrong would confirm a staff member's name
        to whoever guesses at this screen."""
        asked = self.asks_member and not self.use_recovery.isChecked()
        if asked and isinstance(exc, WrongKey) and one_of_two(exc):
            return WHO_FAILED
        return plain_message(exc)

    def _failed(self, exc: Exception) -> None:
        self.busy.hide()
        self.button.setEnabled(True)
        self.message.setText(self._words(exc))
        self.secret.setFocus()
