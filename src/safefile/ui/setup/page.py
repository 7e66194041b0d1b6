"""First start: create a vault in a few plain steps, then show the recovery key once."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)  # fmt: skip

from safefile import passphrase as rules
from safefile.ui.worker import VaultService, VaultWorker, plain_message

STRENGTH = ["Not accepted", "Acceptable", "Good", "Strong", "Very strong"]
RULES_TEXT = (
    "Use at least 15 characters. Several unrelated words are easiest to remember, for "
    "example: amber kettle violin harbour. Avoid common passwords. Nobody, not even "
    "SafeFile's makers, can recover a forgotten passphrase without the recovery key."
)


class SetupPage(QWidget):
    """Emits ``created`` once the vault exists and the user confirmed the recovery key."""

    created = Signal()

    def __init__(self, service: VaultService, default_path: Path) -> None:
        super().__init__()
        self.service = service
        self.stack = QStackedWidget()
        layout = QVBoxLayout(self)
        layout.addWidget(self.stack)

        form_page = QWidget()
        v = QVBoxLayout(form_page)
        title = QLabel("Welcome to SafeFile")
        title.setObjectName("title")
        v.addWidget(title)
        v.addWidget(
            QLabel("Let's create the encrypted vault that will hold your clients' records.")
        )
        form = QFormLayout()
        self.location = QLineEdit(str(default_path))
        self.location.setAccessibleName("Where to keep the vault")
        self.program = QLineEdit()
        self.program.setPlaceholderText("e.g. Harbour Advocacy Program")
        self.program.setAccessibleName("Program name")
        self.pass1 = QLineEdit()
        self.pass1.setEchoMode(QLineEdit.EchoMode.Password)
        self.pass1.setAccessibleName("Passphrase")
        self.pass2 = QLineEdit()
        self.pass2.setEchoMode(QLineEdit.EchoMode.Password)
        self.pass2.setAccessibleName("Passphrase again")
        form.addRow("Vault location", self.location)
        form.addRow("Program name", self.program)
        form.addRow("Passphrase", self.pass1)
        form.addRow("Type it again", self.pass2)
        v.addLayout(form)
        self.strength = QLabel(STRENGTH[0])
        self.strength.setAccessibleName("Passphrase strength")
        v.addWidget(self.strength)
        hint = QLabel(RULES_TEXT)
        hint.setWordWrap(True)
        v.addWidget(hint)
        self.message = QLabel("")
        self.message.setWordWrap(True)
        self.message.setObjectName("error")
        v.addWidget(self.message)
        self.create_button = QPushButton("Create vault")
        self.create_button.setDefault(True)
        v.addWidget(self.create_button, alignment=Qt.AlignmentFlag.AlignRight)
        v.addStretch()
        self.stack.addWidget(form_page)

        key_page = QWidget()
        k = QVBoxLayout(key_page)
        key_title = QLabel("Your recovery key")
        key_title.setObjectName("title")
        k.addWidget(key_title)
        explain = QLabel(
            "Write this key on paper now and keep it locked away, apart from this computer. "
            "It opens the vault if the passphrase is forgotten, or lets a designated custodian "
            "reach the records if you no longer can. It is shown only this once."
        )
        explain.setWordWrap(True)
        k.addWidget(explain)
        self.key_label = QLabel("")
        self.key_label.setObjectName("recoverykey")
        self.key_label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.key_label.setAccessibleName("Recovery key")
        k.addWidget(self.key_label)
        self.written = QCheckBox("I have written it down and put it somewhere safe")
        k.addWidget(self.written)
        row = QHBoxLayout()
        row.addStretch()
        self.continue_button = QPushButton("Continue")
        self.continue_button.setEnabled(False)
        row.addWidget(self.continue_button)
        k.addLayout(row)
        k.addStretch()
        self.stack.addWidget(key_page)

        self.pass1.textChanged.connect(self._update_strength)
        self.create_button.clicked.connect(self._create)
        self.written.toggled.connect(self.continue_button.setEnabled)
        self.continue_button.clicked.connect(self._finish)

    def _update_strength(self, text: str) -> None:
        self.strength.setText(f"Strength: {STRENGTH[rules.strength(text)]}")

    def _create(self) -> None:
        p1, p2 = self.pass1.text(), self.pass2.text()
        problems = rules.problems(p1)
        if problems:
            self.message.setText("\n".join(problems))
            return
        if p1 != p2:
            self.message.setText("The two passphrases are different. Type them again.")
            return
        path, program = Path(self.location.text()).expanduser(), self.program.text().strip()
        self.message.setText("Creating the vault…")
        self.create_button.setEnabled(False)

        def job(w: VaultWorker) -> str | None:
            from safefile.store.vault import Vault

            vault, key = Vault.create(path, p1)
            if program:
                vault.set_meta("program_name", program)
            w.vault = vault
            return key

        self.service.submit(job, self._show_key, self._failed)

    def _show_key(self, key: str | None) -> None:
        self.pass1.clear()
        self.pass2.clear()
        self.key_label.setText(key or "")
        self.stack.setCurrentIndex(1)

    def _failed(self, exc: Exception) -> None:
        self.create_button.setEnabled(True)
        self.message.setText(plain_message(exc))

    def _finish(self) -> None:
        self.key_label.clear()  # shown once
        self.created.emit()
