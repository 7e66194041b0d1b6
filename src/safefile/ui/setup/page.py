"""First start: create a vault in a few plain steps.

1. Where, and the passphrase (its strength shown as it is typed, the rules in plain words).
2. The recovery key, shown once, with "Print…" and "I have written it down".
3. The program: its name, the service types it offers, how long closed files are kept,
   and the backup folder (optional: it can be chosen later).

Everything runs on the vault's thread; ``created`` is emitted at the end.
"""

from __future__ import annotations

import html
import secrets
from datetime import date
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QTextDocument
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from safefile import passphrase as rules
from safefile import settings as program_settings
from safefile.jobs.first_start import first_start
from safefile.records import services
from safefile.store import keys
from safefile.ui.day import vault_today
from safefile.ui.guards import quiet
from safefile.ui.scrolling import DownScroll, RoomLeft, ShownPageStack, TallEnough, fit_width
from safefile.ui.worker import VaultService, VaultWorker, plain_message

STRENGTH = ["Not accepted", "Acceptable", "Good", "Strong", "Very strong"]
RULES_TEXT = (
    "Use at least 15 characters. Several unrelated words are easiest to remember, for "
    "example: amber kettle violin harbour. Avoid common passwords. Nobody, not even "
    "SafeFile's makers, can recover a forgotten passphrase without the recovery key."
)
PRINT_ADVICE = (
    "Writing the key by hand is safest. If you print it, use a printer connected to this "
    "computer, not a shared office printer, and collect the page at once."
)
FORM, KEY, PROGRAM = 0, 1, 2


def recovery_document(key: str, vault_path: Path, on: date) -> QTextDocument:
    """The page printed with the recovery key (no client data: the key and how to use it)."""
    doc = QTextDocument()
    doc.setHtml(
        "<h1>SafeFile recovery key</h1>"
        f"<p>Created on {on.isoformat()} for the vault at "
        f"{html.escape(str(vault_path))}.</p>"
        f"<p style='font-family: monospace; font-size: 20pt'>{html.escape(key)}</p>"
        "<p>This key opens the vault if the passphrase is forgotten, and lets a designated "
        "custodian reach the records if the practitioner no longer can. Anyone who has this "
        "key and the vault can read every record: keep this page locked away, apart from the "
        "computer.</p>"
    )
    return doc


def _title(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("title")
    return label


def _wrapped(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    return label


class SetupPage(QWidget):
    """Emits ``created`` once the vault exists, the user confirmed the recovery key and the
    program's settings were saved."""

    created = Signal()
    vault_made = Signal(object)  # the new vault's folder, as soon as it exists

    def __init__(self, service: VaultService, default_path: Path) -> None:
        super().__init__()
        self.service = service
        self.vault_path = default_path
        self.stack = ShownPageStack()  # as tall as the page shown: it scrolls no blank
        self.stack.setMaximumWidth(960)  # lines a person can read on a wide screen
        centred = QWidget()
        QVBoxLayout(centred).addWidget(self.stack, 0, Qt.AlignmentFlag.AlignHCenter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        # At a larger text size a page is taller than a 1366x768 screen: it scrolls, and
        # nothing on it is drawn over anything else.
        layout.addWidget(DownScroll(centred))
        self.stack.addWidget(self._form_page(default_path))
        self.stack.addWidget(self._key_page())
        self.stack.addWidget(self._program_page())

        self.pass1.textChanged.connect(self._update_strength)
        self.create_button.clicked.connect(self._create)
        self.written.toggled.connect(self._check_written)
        self.continue_button.clicked.connect(self._to_program)
        self.print_button.clicked.connect(self.print_key)
        self.add_type_button.clicked.connect(self.add_type)
        self.new_type.installEventFilter(self)  # Return there adds the type, and only that
        self.folder_button.clicked.connect(self._choose_folder)
        self.browse_button.clicked.connect(self._choose_location)
        self.folder_clear.clicked.connect(lambda: self.set_backup_folder(None))
        self.finish_button.clicked.connect(self.finish)
        for button in self.findChildren(QPushButton):
            button.setAutoDefault(True)  # Return presses the focused button, as in a dialog

    def default_button(self) -> QPushButton:
        """What Return presses on the page shown (from any field of it)."""
        return (self.create_button, self.continue_button, self.finish_button)[
            self.stack.currentIndex()
        ]

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            button = self.default_button()
            if button.isEnabled():
                button.click()
            return
        super().keyPressEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.new_type
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            self.add_type()
            return True
        return super().eventFilter(watched, event)

    # --- the three pages ------------------------------------------------------------------
    def _form_page(self, default_path: Path) -> QWidget:
        page = TallEnough()  # its wrapped lines counted: nothing drawn over them
        v = QVBoxLayout(page)
        v.addWidget(_title("Welcome to SafeFile"))
        v.addWidget(
            _wrapped(
                "Let's create the encrypted vault that will hold your clients' "
                "records. It takes three short steps."
            )
        )
        form = QFormLayout()
        self.location = QLineEdit(str(default_path))
        self.location.setAccessibleName("Where to keep the vault")
        self.location.setCursorPosition(0)  # shown from its start, not its tail
        self.location.setToolTip(str(default_path))
        self.browse_button = QPushButton("&Browse…")
        self.browse_button.setAccessibleName("Choose where to keep the vault")
        where = QHBoxLayout()
        where.addWidget(self.location, 1)
        where.addWidget(self.browse_button)
        self.pass1 = QLineEdit()
        self.pass1.setEchoMode(QLineEdit.EchoMode.Password)
        self.pass1.setAccessibleName("Passphrase")
        self.pass2 = QLineEdit()
        self.pass2.setEchoMode(QLineEdit.EchoMode.Password)
        self.pass2.setAccessibleName("Passphrase again")
        form.addRow(self._buddy("Vault &location", self.location), where)
        form.addRow(self._buddy("&Passphrase", self.pass1), self.pass1)
        form.addRow(self._buddy("Type it &again", self.pass2), self.pass2)
        v.addLayout(form)
        self.strength = QLabel(STRENGTH[0])
        self.strength.setAccessibleName("Passphrase strength")
        v.addWidget(self.strength)
        v.addWidget(_wrapped(RULES_TEXT))
        self.message = self._message()
        v.addWidget(self.message)
        self.create_button = QPushButton("&Create vault")
        self.create_button.setDefault(True)
        v.addWidget(self.create_button, alignment=Qt.AlignmentFlag.AlignRight)
        v.addStretch()
        return page

    def _key_page(self) -> QWidget:
        page = TallEnough()
        k = QVBoxLayout(page)
        k.addWidget(_title("Your recovery key"))
        k.addWidget(
            _wrapped(
                "Write this key on paper now and keep it locked away, apart from this computer. "
                "It opens the vault if the passphrase is forgotten, or lets a designated custodian "
                "reach the records if you no longer can. It is shown only this once."
            )
        )
        self.key_label = QLabel("")
        self.key_label.setObjectName("recoverykey")
        self.key_label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.key_label.setAccessibleName("Recovery key")
        k.addWidget(self.key_label)
        print_row = QHBoxLayout()
        self.print_button = QPushButton("&Print…")
        self.print_button.setAccessibleName("Print the recovery key")
        print_row.addWidget(self.print_button)
        print_row.addWidget(_wrapped(PRINT_ADVICE), 1)
        k.addLayout(print_row)
        self.written = QCheckBox("I have &written it down and put it somewhere safe")
        k.addWidget(self.written)
        # Proof that it was written down: two of its groups, chosen at random, typed back.
        self.check_form = QFormLayout()
        self.typed: dict[int, QLineEdit] = {}
        self.check_labels: dict[int, QLabel] = {}
        for slot in range(2):
            edit = QLineEdit()
            edit.setMaxLength(8)
            label = QLabel("")
            label.setBuddy(edit)
            self.check_form.addRow(label, edit)
            self.typed[slot] = edit
            self.check_labels[slot] = label
            edit.textChanged.connect(self._check_written)
        self.asked: tuple[int, ...] = ()
        k.addLayout(self.check_form)
        row = QHBoxLayout()
        row.addStretch()
        self.continue_button = QPushButton("C&ontinue")
        self.continue_button.setEnabled(False)
        row.addWidget(self.continue_button)
        k.addLayout(row)
        k.addStretch()
        return page

    def _program_page(self) -> QWidget:
        page = TallEnough()
        v = QVBoxLayout(page)
        v.addWidget(_title("Your program"))
        v.addWidget(
            _wrapped(
                "A few settings for your program. You can change each of them "
                "later in Edit > Settings."
            )
        )
        form = QFormLayout()
        self.program = QLineEdit()
        self.program.setPlaceholderText("e.g. Harbour Advocacy Program")
        self.program.setAccessibleName("Program name")
        self.retention = QSpinBox()
        self.retention.setRange(*program_settings.RETENTION_RANGE)
        self.retention.setValue(program_settings.DEFAULT_RETENTION_MONTHS)
        self.retention.setSuffix(" months after the file is closed")
        self.retention.setAccessibleName("Keep closed client files for months")
        self.practitioner = QLineEdit()
        self.practitioner.setPlaceholderText("e.g. Dana Whitfield")
        self.practitioner.setAccessibleName("Your name (the practitioner)")
        self.practitioner.setToolTip(
            "Your name signs notes, witnesses releases and makes every entry in the record "
            "of sharing."
        )
        self.credentials = QLineEdit()
        self.credentials.setPlaceholderText("e.g. LCSW (optional)")
        self.credentials.setAccessibleName("Your credentials")
        form.addRow(self._buddy("Program &name", self.program), self.program)
        person = QHBoxLayout()
        person.addWidget(self.practitioner, 2)
        person.addWidget(self.credentials, 1)
        form.addRow(self._buddy("&Your name, credentials", self.practitioner), person)
        form.addRow(self._buddy("&Keep client files", self.retention), self.retention)
        v.addLayout(form)

        types_box = QGroupBox("Services your program offers")
        t = QVBoxLayout(types_box)
        grid_widget = QWidget()
        self.type_grid = QGridLayout(grid_widget)
        self.type_boxes: dict[str, QCheckBox] = {}
        for name in services.default_service_types():
            self._add_type_box(name)
        scroll = RoomLeft()
        scroll.setWidgetResizable(True)
        scroll.setWidget(grid_widget)
        fit_width(scroll)
        scroll.setMinimumHeight(120)
        t.addWidget(scroll, 1)
        add_row = QHBoxLayout()
        self.new_type = QLineEdit()
        self.new_type.setPlaceholderText("Another type of service")
        self.new_type.setAccessibleName("Another type of service")
        self.add_type_button = QPushButton("A&dd")
        self.add_type_button.setAccessibleName("Add this type of service")
        add_row.addWidget(self.new_type, 1)
        add_row.addWidget(self.add_type_button)
        t.addLayout(add_row)
        v.addWidget(types_box, 1)

        backup_box = QGroupBox("Backups")
        b = QVBoxLayout(backup_box)
        b.addWidget(
            _wrapped(
                "Choose a folder on an external drive for backups. You can choose "
                "it later on the Backups screen."
            )
        )
        folder_row = QHBoxLayout()
        self.backup_folder = QLineEdit()
        self.backup_folder.setReadOnly(True)
        self.backup_folder.setPlaceholderText("No folder chosen yet")
        self.backup_folder.setAccessibleName("Backup folder")
        self.folder_button = QPushButton("C&hoose folder…")
        self.folder_clear = QPushButton("Choose &later")
        folder_row.addWidget(self.backup_folder, 1)
        folder_row.addWidget(self.folder_button)
        folder_row.addWidget(self.folder_clear)
        b.addLayout(folder_row)
        v.addWidget(backup_box)

        self.program_message = self._message()
        v.addWidget(self.program_message)
        self.finish_button = QPushButton("&Finish")
        v.addWidget(self.finish_button, alignment=Qt.AlignmentFlag.AlignRight)
        return page

    def _buddy(self, text: str, widget: QWidget) -> QLabel:
        label = QLabel(text)
        label.setBuddy(widget)
        return label

    def _message(self) -> QLabel:
        label = QLabel("")
        label.setWordWrap(True)
        label.setObjectName("error")
        label.setAccessibleName("Message")
        return label

    # --- step 1: the vault --------------------------------------------------------------------
    def _say(self, label: QLabel, text: str, *, problem: bool = True) -> None:
        """A line under the form: red for a problem, the ordinary colour for progress."""
        label.setText(text)
        name = "error" if problem else "progress"
        if label.objectName() != name:
            label.setObjectName(name)
            label.style().unpolish(label)
            label.style().polish(label)

    def _choose_location(self) -> None:
        current = Path(self.location.text()).expanduser()
        folder = QFileDialog.getExistingDirectory(
            self,
            "Folder to keep the vault in",
            str(current.parent if current.parent.is_dir() else Path.home()),
            QFileDialog.Option.ShowDirsOnly | QFileDialog.Option.DontUseNativeDialog,
        )
        if folder:
            self.set_location(Path(folder) / (current.name or "SafeFile.safefile"))

    def set_location(self, path: Path) -> None:
        self.location.setText(str(path))
        self.location.setToolTip(str(path))
        self.location.setCursorPosition(0)

    def _update_strength(self, text: str) -> None:
        self.strength.setText(f"Strength: {STRENGTH[rules.strength(text)]}")

    def _create(self) -> None:
        p1, p2 = self.pass1.text(), self.pass2.text()
        problems = rules.problems(p1)
        if problems:
            self._say(self.message, "\n".join(problems))
            return
        if p1 != p2:
            self._say(self.message, "The two passphrases are different. Type them again.")
            return
        path = Path(self.location.text()).expanduser()
        self.vault_path = path
        self._say(self.message, "Creating the vault…", problem=False)  # progress, not an error
        self.create_button.setEnabled(False)

        def job(w: VaultWorker) -> str | None:
            from safefile.store.vault import Vault

            vault, key = Vault.create(path, p1)
            w.vault = vault
            return key

        self.service.submit(job, self._show_key, self._failed)

    def _show_key(self, key: str | None) -> None:
        self.pass1.clear()
        self.pass2.clear()
        self.message.clear()
        self.key_label.setText(key or "")
        groups = len(key.split("-")) if key else 0
        self.asked = tuple(sorted(secrets.SystemRandom().sample(range(groups), 2))) if key else ()
        for slot, edit in self.typed.items():
            edit.clear()
            edit.setVisible(bool(key))
            self.check_labels[slot].setVisible(bool(key))
            if key:
                index = self.asked[slot]
                self.check_labels[slot].setText(f"Type group &{index + 1} as you wrote it")
                edit.setAccessibleName(f"Group {index + 1} of the recovery key")
        self.vault_made.emit(self.vault_path)
        self.stack.setCurrentIndex(KEY)
        self.written.setFocus()

    def _check_written(self) -> None:
        """Continue only once the key is ticked as written and two groups are typed back."""
        key = self.key_label.text()
        if not key or not self.asked:  # no key on screen (shown once, or cleared)
            self.continue_button.setEnabled(False)
            return
        typed = all(
            keys.group_matches(key, self.asked[slot], self.typed[slot].text())
            for slot in range(len(self.asked))
        )
        self.continue_button.setEnabled(self.written.isChecked() and typed)

    def _failed(self, exc: Exception) -> None:
        self.create_button.setEnabled(True)
        self._say(self.message, plain_message(exc))

    # --- step 2: the recovery key -------------------------------------------------------------
    def recovery_document(self) -> QTextDocument:
        return recovery_document(self.key_label.text(), self.vault_path, vault_today(self.service))

    def print_key(self) -> None:
        from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        # Never to a file: the key would sit on the disk in clear.
        dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintToFile, False)
        dialog.setWindowTitle("Print the recovery key")
        if dialog.exec() == QPrintDialog.DialogCode.Accepted:
            if printer.outputFormat() != QPrinter.OutputFormat.NativeFormat:
                return
            self.recovery_document().print_(printer)

    def _to_program(self) -> None:
        self.key_label.clear()  # shown once
        self.stack.setCurrentIndex(PROGRAM)
        self.program.setFocus()

    # --- step 3: the program ------------------------------------------------------------------
    def _add_type_box(self, name: str) -> QCheckBox:
        box = QCheckBox(name)
        box.setChecked(True)
        n = len(self.type_boxes)
        self.type_grid.addWidget(box, n // 2, n % 2)
        self.type_boxes[name] = box
        return box

    def add_type(self) -> None:
        name = " ".join(self.new_type.text().split())
        if not name:
            self.program_message.setText("Type the name of the service first, then press Add.")
            return
        existing = {k.casefold(): k for k in self.type_boxes}
        if name.casefold() in existing:
            self.type_boxes[existing[name.casefold()]].setChecked(True)
        else:
            self._add_type_box(name)
        self.new_type.clear()
        self.program_message.clear()

    def chosen_types(self) -> list[str]:
        return [name for name, box in self.type_boxes.items() if box.isChecked()]

    def _choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self,
            "Folder for backups",
            str(Path.home()),
            QFileDialog.Option.ShowDirsOnly | QFileDialog.Option.DontUseNativeDialog,
        )
        if folder:
            self.set_backup_folder(Path(folder))

    def set_backup_folder(self, folder: Path | None) -> None:
        self.backup_folder.setText(str(folder) if folder else "")

    def finish(self) -> None:
        changes = {
            "program_name": self.program.text(),
            "practitioner": self.practitioner.text(),
            "credentials": self.credentials.text(),
            "retention_months": self.retention.value(),
        }
        chosen = self.chosen_types()
        offered = list(self.type_boxes)
        folder = Path(self.backup_folder.text()) if self.backup_folder.text() else None
        if not chosen:
            self.program_message.setText("Choose at least one type of service your program offers.")
            return
        self.finish_button.setEnabled(False)

        def job(w: VaultWorker) -> None:
            first_start(
                w.require(),
                changes,
                offered=offered,
                chosen=chosen,
                backup_folder=folder,
                actor=w.require().actor,
            )

        self.service.submit(job, self._done, self._finish_failed)

    def _finish_failed(self, exc: Exception) -> None:
        self.finish_button.setEnabled(True)
        self.program_message.setText(plain_message(exc))

    def _done(self, _: object) -> None:
        self.program_message.clear()
        self.created.emit()

    def clear(self) -> None:
        """Forget the secrets on screen (the window locks during setup, or first start is
        over); nothing of the page reacts while it empties."""
        with quiet(self):
            self.pass1.clear()
            self.pass2.clear()
            self.key_label.clear()
            for edit in self.typed.values():
                edit.clear()
            self.continue_button.setEnabled(False)
