"""Two small dialogs of the record of sharing: a correction, and why it is being printed."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from safefile.consent import log, log_print
from safefile.ui.worker import VaultService, VaultWorker, plain_message

PRINT_HINT = (
    "To print, save a PDF and print it from your PDF viewer. SafeFile does not send the "
    "record straight to a printer: the printer's queue would keep a readable copy on disk."
)
AFTER_SAVING = (
    "Anyone who can open the file can read it. Print it, then keep the paper locked away and "
    "delete the file (or keep it where only you can reach it). Saving it is recorded in the "
    "record of sharing."
)
PURPOSE_WORDS = {
    log_print.ACCOUNTING: "For the client: an accounting of the disclosures of their information "
    "over the past six years (choose the client in the filter first)",
    log_print.REVIEW: "For the program's own review: the entries shown, with names",
    log_print.AUDIT: "For an audit by a funder or monitor: the entries shown, with no names "
    "(clients by number only)",
}


class CorrectionDialog(QDialog):
    """A correction is a new entry naming the one it corrects; the original stays."""

    saved = Signal(str)

    def __init__(self, service: VaultService, ref: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service, self.ref = service, ref
        self.setWindowTitle("Add a correction")
        intro = QLabel(
            f"Entries cannot be changed. Your correction is added as a new entry "
            f"that points to {ref}; the original stays as it was."
        )
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.PlainText)
        self.text = QPlainTextEdit()
        self.text.setAccessibleName("What the correction is")
        self.text.setTabChangesFocus(True)
        self.message = QLabel("")
        self.message.setObjectName("error")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        form = QFormLayout()
        form.addRow("&What the correction is", self.text)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setDefault(True)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.resize(480, 300)

    def save(self) -> None:
        ref, text = self.ref, self.text.toPlainText()

        def job(w: VaultWorker) -> log.Entry:
            return log.correct(w.require(), ref, text, actor=w.require().actor)

        self.save_button.setEnabled(False)
        self.service.submit(job, self._saved, self._failed)

    def _saved(self, entry: log.Entry) -> None:
        self.save_button.setEnabled(True)
        self.saved.emit(entry.ref)
        self.accept()

    def _failed(self, exc: Exception) -> None:
        self.save_button.setEnabled(True)
        self.message.setText(plain_message(exc))


class PrintDialog(QDialog):
    """Why the record is being printed (required) and an optional password."""

    def __init__(self, shown: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Save the record of sharing as a PDF")
        hint = QLabel(PRINT_HINT)
        hint.setWordWrap(True)
        ask = QLabel(f"Why are you printing it? ({shown} entries are shown now.)")
        ask.setWordWrap(True)
        self.group = QButtonGroup(self)
        self.choices: dict[str, QRadioButton] = {}
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(ask)
        for key, words in PURPOSE_WORDS.items():
            button = QRadioButton(words)
            button.setAccessibleName(words)
            self.choices[key] = button
            self.group.addButton(button)
            layout.addWidget(button)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText("optional: protect the PDF with a password")
        self.password.setAccessibleName("PDF password")
        self.password_again = QLineEdit()
        self.password_again.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_again.setAccessibleName("Type the PDF password again")
        form = QFormLayout()
        form.addRow("&Password", self.password)
        form.addRow("Type it a&gain", self.password_again)
        layout.addLayout(form)
        after = QLabel(AFTER_SAVING)
        after.setWordWrap(True)
        layout.addWidget(after)
        self.message = QLabel("")
        self.message.setObjectName("error")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.save_button = buttons.addButton(
            "&Choose where to save…", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.save_button.setDefault(True)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(560, 420)

    @property
    def purpose(self) -> str:
        return next((k for k, b in self.choices.items() if b.isChecked()), "")

    def _accept(self) -> None:
        if not self.purpose:
            self.message.setText("Choose why you are printing the record of sharing.")
            return
        if self.password.text() != self.password_again.text():
            self.message.setText(
                "The two passwords are different. Type the password twice, the same both times."
            )
            self.password_again.clear()
            return
        self.password_again.clear()
        self.accept()
