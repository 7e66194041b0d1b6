"""The window: setup on first start, then unlock, then the workspace.

Locking (the Lock button or menu, Ctrl+L, no activity for the idle time, the
desktop locking its screen, the machine going to sleep) closes every open
dialog, clears every screen and the clipboard of client data, drops results
still on their way, and closes the vault on its own thread.  The title never
names a client; SafeFile sends no desktop notifications and its file choosers are
Qt's own (the desktop's would add file names to its recently-used list).

The lock time comes from the program's settings in the vault (once unlocked; the
``idle_ms`` given here until then, and when the program never chose one).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import platformdirs
from PySide6.QtCore import QByteArray, QSettings, Qt, QTimer
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDesktopServices,
    QGuiApplication,
    QKeySequence,
    QPaintEvent,
)
from PySide6.QtWidgets import QApplication, QDialog, QMainWindow, QMessageBox, QStackedWidget
from shiboken6 import isValid

from safefile.ui import appearance
from safefile.ui.clipboard import ClipboardGuard
from safefile.ui.guards import AppEvents, FormGuard, LockKeys, quiet, wipe
from safefile.ui.idle import DEFAULT_IDLE_MS, IdleWatcher
from safefile.ui.names import Namer, name_tree
from safefile.ui.session_lock import SessionLockWatcher
from safefile.ui.unlock.page import UnlockPage
from safefile.ui.worker import VaultService, VaultWorker, plain_message

log = logging.getLogger("safefile.ui")

if TYPE_CHECKING:
    from safefile.backup import BackupInfo
    from safefile.records.drafts import Value
    from safefile.ui.clients.page import ClientsPage
    from safefile.ui.settings.dialog import SettingsDialog
    from safefile.ui.settings.keys import Changed, ChangePassphraseDialog, NewRecoveryKeyDialog
    from safefile.ui.setup.page import SetupPage
    from safefile.ui.workspace import Workspace

# Starting fast (issue 18): the window imports only what the unlock screen needs. The
# workspace (records, consent, export, backup: pydantic, reportlab, pypdf) is imported
# on a thread while the passphrase is typed, and built while Argon2id runs (it releases
# the interpreter); the first-start pages and the dialogs are imported when first shown.
AFTER_UNLOCK = ("safefile.ui.workspace", "safefile.settings")
PRELOAD_AFTER_MS = 300
BUILD_AFTER_MS = 50
AFTER_PAINT_FALLBACK_MS = 1000


def _import_store() -> None:
    import safefile.store.vault  # noqa: F401


def _import_after_unlock() -> None:
    import importlib

    for name in AFTER_UNLOCK:
        importlib.import_module(name)


DISCARDED = (
    "SafeFile locked while you were typing in: {forms}. What you typed there was not "
    "saved (nothing of it was kept anywhere); please enter it again."
)
KEPT = (
    "SafeFile locked while you were typing in: {forms}. What you typed there was kept, "
    "encrypted inside the vault: open the same form in the same client's file to carry on."
)
Drafts = list[tuple[str, int, dict[str, "Value"]]]
GEOMETRY_KEY = "window/geometry"


def window_settings() -> QSettings:
    """The window's size and place on this computer: nothing else, never a client."""
    path = Path(platformdirs.user_config_dir("SafeFile", appauthor=False)) / "window.ini"
    return QSettings(str(path), QSettings.Format.IniFormat)


def default_size() -> tuple[int, int]:
    """Fits a 1366x768 screen with its panel and the window's title bar."""
    screen = QGuiApplication.primaryScreen()
    room = screen.availableGeometry() if screen is not None else None
    width = min(1280, room.width() - 40) if room else 1280
    height = min(680, room.height() - 60) if room else 680
    return max(width, 800), max(height, 560)


def restore_geometry(window: QMainWindow) -> None:
    saved = window_settings().value(GEOMETRY_KEY)
    if isinstance(saved, QByteArray) and not saved.isEmpty():
        window.restoreGeometry(saved)


AUTO_BACKUP_CHECK_MS = 60 * 60 * 1000  # is a backup due? asked hourly while open
AUTO_BACKUP_FIRST_MS = 60 * 1000  # and a minute after unlocking


def _settle(w: VaultWorker) -> str | None:
    """Wait for the whole-file check (store/vault.py: Vault.settle); a warning to show.
    A check another job already found failed still says so (that job locked the vault)."""
    from safefile.errors import DamagedFile
    from safefile.store.database import DAMAGED

    if w.vault is not None and w.vault.damaged:
        raise DamagedFile(DAMAGED)
    vault = w.require()
    vault.settle()
    warnings = [m for m in (vault.older_warning, vault.unrecorded_warning) if m]
    return "\n\n".join(warnings) or None


def _staff_count(w: VaultWorker) -> int:
    """How many staff members' slots the open vault's key file holds (issue 28; asked of
    the key file, as the unlock screen asks: no role is needed to know it)."""
    from safefile.staff.admin import member_names_count

    return member_names_count(w.require().path)


def _backup_if_due(w: VaultWorker) -> BackupInfo | None:
    from safefile.backup.policy import backup_if_due

    return backup_if_due(w.require())


def _closing(kept: Drafts) -> Callable[[VaultWorker], object]:
    """The last job before the vault closes at a lock: keep the drafts, then back up."""

    def last(w: VaultWorker) -> object:
        if kept:
            from safefile.records import drafts

            vault = w.require()
            for form, client_id, values in kept:
                try:
                    drafts.keep(vault, form, client_id, values)
                except Exception as exc:  # the others are still kept
                    log.error("a draft was not kept: %s", type(exc).__name__)
        return _backup_if_due(w)

    return last


REFUSED_MESSAGE_MS = 20_000


class MainWindow(QMainWindow):
    def __init__(self, vault_path: Path, *, idle_ms: int = DEFAULT_IDLE_MS) -> None:
        super().__init__()
        self.setWindowTitle("SafeFile")
        app = QApplication.instance()
        if isinstance(app, QApplication):
            appearance.apply(app)  # the user's text size and contrast, set app-wide
        self.resize(*default_size())
        restore_geometry(self)
        self.vault_path = vault_path
        self.service = VaultService(self)
        self.service.vault_replaced.connect(self._damaged)  # locks, says why
        self.stack = QStackedWidget()
        self.setCentralWidget(self.stack)
        self._setup: SetupPage | None = None
        self._workspace: Workspace | None = None
        self._preloading: threading.Thread | None = None
        self.unlock = UnlockPage(self.service, vault_path)
        self.stack.addWidget(self.unlock)
        self.clipboard = ClipboardGuard(self)
        self.clipboard.refused.connect(self.show_status)
        self.statusBar().setAccessibleName("Messages")
        self.default_idle_ms = idle_ms
        self.discarded = ""  # which forms the last lock closed with typed text in them
        self.idle = IdleWatcher(idle_ms, self)
        self.lock_keys = LockKeys(self)  # Ctrl+L from any dialog or menu, not only here
        self.form_guard = FormGuard(self)
        self.form_guard.shown.connect(self._offer_draft)
        self._locking = False  # a dialog closed by the lock keeps its draft
        self._events_installed = False
        # The form guard first (it may take a wheel or Esc), then Ctrl+L, then activity.
        self.app_events = AppEvents((self.form_guard, self.lock_keys, self.idle, Namer()), self)
        self.lock_keys.pressed.connect(self.lock)
        self.idle.idle.connect(self.lock)
        self.session_lock = SessionLockWatcher(self, later=True)
        self.session_lock.lock_now.connect(self.lock)
        self.unlock.unlocked.connect(self._opened)
        # Asks every 100 ms after unlock whether the background check has ended; no job
        # waits for it meanwhile (Qt is never called from the check's own thread).
        self.check_timer = QTimer(self)
        self.check_timer.setInterval(100)
        self.check_timer.timeout.connect(self._poll_check)
        self.unlock.restore_requested.connect(self.restore)
        self.unlock.button.clicked.connect(self._prepare_workspace)
        self.unlock.secret.returnPressed.connect(self._prepare_workspace)
        # The app's own backups: daily while open (checked hourly), and at lock and quit.
        self.backup_timer = QTimer(self)
        self.backup_timer.setInterval(AUTO_BACKUP_CHECK_MS)
        self.backup_timer.timeout.connect(self.backup_if_due)
        self._menus()
        name_tree(self)  # the menu's actions by name (ui/parity.py)
        self._show_locked_state(self.unlock if vault_path.exists() else self.setup)
        # What the unlock screen's first paint does not need comes right after it
        # (issue 30): the application-wide event filter (the first event it sees makes
        # PySide create the Python enums of every Qt class, ~15 ms) and the desktop's
        # buses. A window never painted (hidden, minimised) gets them from the fallback
        # timer.
        self._painted = False
        QTimer.singleShot(0, self, self._unless_painting)
        QTimer.singleShot(AFTER_PAINT_FALLBACK_MS, self, self.after_first_paint)
        # The store (SQLCipher, Argon2, cryptography) loads on the vault's own thread once
        # the window is up, while the passphrase is typed.
        QTimer.singleShot(200, self, lambda: self.service.submit(lambda w: _import_store()))
        # The workspace's modules load on a thread of their own while the passphrase is
        # typed (a second's imports; the window answers keys meanwhile).
        QTimer.singleShot(PRELOAD_AFTER_MS, self, self._preload)

    # --- after the first paint -----------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:  # Qt's name
        super().paintEvent(event)
        if not self._painted:  # the children paint next, in this same pass
            self._painted = True
            QTimer.singleShot(0, self, self.after_first_paint)

    @property
    def guarded(self) -> bool:
        """The application-wide guards are in (after the first paint, or the fallback)."""
        return self._events_installed

    def _unless_painting(self) -> None:
        """A window not shown at all (tests, a start in the background) waits no longer."""
        if not self.isVisible():
            self.after_first_paint()

    def after_first_paint(self) -> None:
        """The guards the whole application needs once there is something to guard: Ctrl+L
        from any dialog, the idle count, the form guard; then the desktop's lock signals
        (once)."""
        if self._events_installed:
            return
        self._events_installed = True
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self.app_events)
        self.form_guard.catch_up(self)  # the screen already shown: its names, its fields
        self.session_lock.subscribe()

    # --- menus ----------------------------------------------------------------------
    def _action(self, text: str, slot: object, shortcut: str | None = None) -> QAction:
        action = QAction(text, self)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        action.triggered.connect(slot)
        return action

    def _menus(self) -> None:
        bar = self.menuBar()
        file = bar.addMenu("&File")
        self.backup_action = self._action(
            "&Back up now", lambda: self.workspace.back_up_now(), "Ctrl+B"
        )
        self.restore_action = self._action("&Restore from a backup…", self.restore)
        self.lock_action = self._action("&Lock", self.lock, "Ctrl+L")
        self.lock_action.setShortcuts([QKeySequence("Ctrl+L"), QKeySequence("Meta+L")])
        self.passphrase_action = self._action("Change the &passphrase…", self.change_passphrase)
        self.recovery_action = self._action("A new re&covery key…", self.new_recovery_key)
        file.addActions([self.backup_action, self.restore_action])
        file.addSeparator()
        file.addActions([self.passphrase_action, self.recovery_action])
        file.addSeparator()
        file.addAction(self.lock_action)
        file.addAction(self._action("&Quit", self.close, "Ctrl+Q"))
        self.settings_action = self._action("&Settings…", self.open_settings, "Ctrl+,")
        bar.addMenu("&Edit").addAction(self.settings_action)
        help_menu = bar.addMenu("&Help")
        help_menu.addAction(self._action("&Log file…", self.show_log_file))
        help_menu.addAction(self._action("&About SafeFile", self.about))
        self.open_only = (
            self.backup_action,
            self.lock_action,
            self.settings_action,
            self.passphrase_action,
            self.recovery_action,
        )
        self.addActions([self.lock_action])  # the shortcut works even with the menu hidden

    # --- pages made when first needed ---------------------------------------------------
    def _preload(self) -> None:
        """Import the workspace's modules on a thread of their own."""
        if self._preloading is None and self._workspace is None:
            self._preloading = threading.Thread(
                target=_import_after_unlock, name="safefile-preload", daemon=True
            )
            self._preloading.start()

    def _prepare_workspace(self) -> None:
        """At the unlock: build the workspace (half a second of widgets) while the vault's
        thread derives the key, which releases the interpreter, rather than after it.
        Once "Unlocking…" is on screen, and only when its modules are in: otherwise it is
        built when the vault opens, as before."""
        self._preload()
        loading = self._preloading
        if self._workspace is None and loading is not None and not loading.is_alive():
            QTimer.singleShot(BUILD_AFTER_MS, self, lambda: self.workspace)

    @property
    def workspace(self) -> Workspace:
        if self._workspace is None:
            from safefile.ui.workspace import Workspace

            self._workspace = Workspace(self.service)
            self.stack.addWidget(self._workspace)
            self._workspace.clients.lock_requested.connect(self.lock)
            # Its widgets live as long as the window: out of the collector's way too, now,
            # before any client's details are shown (they must stay collectable).
            from safefile.ui.startup import freeze_startup_objects

            freeze_startup_objects()
        return self._workspace

    @property
    def clients(self) -> ClientsPage:
        return self.workspace.clients

    @property
    def setup(self) -> SetupPage:
        if self._setup is None:
            from safefile.ui.setup.page import SetupPage

            self._setup = SetupPage(self.service, self.vault_path)
            name_tree(self._setup, "setup.")
            self.stack.addWidget(self._setup)
            self._setup.created.connect(self._opened)
            self._setup.vault_made.connect(self._use_vault)
        return self._setup

    # --- states -----------------------------------------------------------------------
    @property
    def is_unlocked(self) -> bool:
        return self._workspace is not None and self.stack.currentWidget() is self._workspace

    def _show_locked_state(self, page: object) -> None:
        self.stack.setCurrentWidget(page)  # type: ignore[arg-type]
        for action in self.open_only:
            action.setEnabled(False)

    def _opened(self) -> None:
        self.stack.setCurrentWidget(self.workspace)
        if self._setup is not None:  # first start is over: its page goes, key and all
            setup, self._setup = self._setup, None
            setup.clear()
            self.stack.removeWidget(setup)
            setup.deleteLater()
        for action in self.open_only:
            action.setEnabled(True)
        self.workspace.opened()
        if self.discarded:  # said on the unlock screen; said again once unlocked
            self.show_status(self.discarded)
            self.discarded = ""
        self.idle.start()
        # The whole-file check runs in the background since the unlock; when it ends, a
        # settle job records the unlock if it passed, or fails with the damage message and
        # the window locks (store/vault.py: Vault.settle).
        self.check_timer.start()
        self.backup_timer.start()
        QTimer.singleShot(AUTO_BACKUP_FIRST_MS, self.backup_if_due)
        from safefile import settings as program_settings

        self.service.submit(
            lambda w: program_settings.stored_idle_ms(w.require()), self.set_idle_ms
        )
        self.service.submit(_staff_count, self.show_switch_user)

    def show_switch_user(self, members: int) -> None:
        """With more than one staff member, locking is how the next person takes over."""
        switch = members > 1
        self.lock_action.setText("&Lock and switch user" if switch else "&Lock")
        button = self.workspace.clients.lock_button
        button.setText("Lock and switch user" if switch else "Lock")
        button.setToolTip(
            ("Lock SafeFile now; the next person unlocks with their name (Ctrl+L)")
            if switch
            else "Lock SafeFile now (Ctrl+L)"
        )

    def _poll_check(self) -> None:
        vault = self.service.worker.vault
        if vault is None or not self.is_unlocked:
            self.check_timer.stop()
        elif vault.check_finished:
            self.check_timer.stop()
            self.service.submit(_settle, self._settled, self._damaged)

    def _settled(self, warning: str | None) -> None:
        if warning and self.is_unlocked:  # an older vault, or a full disk: kept on screen
            self.statusBar().showMessage(warning)

    def _damaged(self, exc: Exception) -> None:
        self.lock()
        self.unlock.message.setText(plain_message(exc))

    def backup_if_due(self) -> None:
        """A checked backup into the chosen folder, if a day has passed since the last one."""
        if not self.is_unlocked or self.workspace.backups.running:
            return

        def done(info: BackupInfo | None) -> None:
            if info is not None:
                self.show_status(f"Backed up automatically to {info.path.name}, and checked.")
                self.workspace.check_backup_reminder()

        self.service.submit(_backup_if_due, done, lambda exc: self.show_status(plain_message(exc)))

    def set_idle_ms(self, ms: int | None) -> None:
        """Lock after ``ms`` without activity (None: the default); a running timer restarts."""
        self.idle.timer.setInterval(ms or self.default_idle_ms)

    def show_status(self, message: str) -> None:
        """A sentence in the status bar (nothing client-related is ever shown there)."""
        self.statusBar().showMessage(message, REFUSED_MESSAGE_MS)

    def lock(self) -> None:
        """Lock at once: close dialogs, clear every screen, then close the vault.

        Not during first start: a new vault holds no client data yet, the desktop's own
        lock already hides the screen, and clearing it would lose the recovery key for
        good (it is shown once and cannot be made again).
        """
        if self._setup is not None and self.stack.currentWidget() is self._setup:
            return
        if not self.is_unlocked and self.service.worker.vault is None:
            return
        # The lock screen first, before any page or dialog is touched: nothing that is
        # cleared below can raise a message over a screen still showing client data.
        self._show_locked_state(self.unlock)
        self.idle.stop()
        self.check_timer.stop()
        self.backup_timer.stop()
        app = QApplication.instance()
        if app is not None:
            while (popup := QApplication.activePopupWidget()) is not None:
                popup.close()  # an open menu or list
                if QApplication.activePopupWidget() is popup:
                    popup.hide()
            kept, lost = self._drafts()
            self._locking = True
            try:
                for widget in QApplication.topLevelWidgets():
                    if isinstance(widget, QDialog) and widget.isVisible():
                        widget.reject()
                        with quiet(widget):  # no code of the dialog runs as its fields empty
                            wipe(widget)
            finally:
                self._locking = False
            said = [KEPT.format(forms="; ".join(t for t, _ in kept))] if kept else []
            said += [DISCARDED.format(forms="; ".join(lost))] if lost else []
            self.discarded = " ".join(said)
            self.unlock.tell_discarded(self.discarded)
        else:
            kept = []
        # Pending results are dropped and the vault closes on its thread before the
        # screens are cleared: a result on its way can no longer reach a cleared page.
        # The drafts are written first, on the vault's thread, just before it closes.
        self.service.lock(last=_closing([d for _, d in kept]))
        if self._workspace is not None:
            self._workspace.clear()
        if self._setup is not None:
            self._setup.clear()  # the screen may lock while the recovery key is shown
        self.clipboard.clear_ours()
        self.statusBar().clearMessage()
        self.unlock.clear_member()  # who unlocks next says who they are
        self.unlock.ask_who()  # members may have been added or removed meanwhile
        self.unlock.focus_first()

    # --- drafts: nothing typed is lost at a lock -------------------------------------------
    def _drafts(self) -> tuple[list[tuple[str, tuple[str, int, dict[str, Value]]]], list[str]]:
        """The changed forms' drafts to keep (with their titles), and the titles of the
        changed forms that keep none (their text is lost, and the user is told)."""
        from safefile.ui import drafts

        kept: list[tuple[str, tuple[str, int, dict[str, Value]]]] = []
        lost: list[str] = []
        for dialog in self.form_guard.changed_dialogs():
            which = drafts.draft_of(dialog)
            values = drafts.snapshot(dialog) if which is not None else {}
            if which is not None and drafts.has_text(values):
                kept.append((dialog.windowTitle(), (*which, values)))
            else:
                lost.append(dialog.windowTitle())
        return kept, lost

    def _offer_draft(self, dialog: QDialog) -> None:
        """A form that keeps drafts was opened: put back what the last lock kept of it."""
        from safefile.ui import drafts

        which = drafts.draft_of(dialog)
        if which is None or not self.is_unlocked:
            return
        form, client_id = which

        def find(w: VaultWorker) -> dict[str, Value] | None:
            from safefile.records import drafts as core

            draft = core.find(w.require(), form, client_id)
            return draft.fields if draft is not None else None

        def found(values: dict[str, Value] | None) -> None:
            if values is None or not isValid(dialog) or not dialog.isVisible():
                return
            drafts.restore(dialog, values)
            drafts.tell_offered(dialog)
            dialog.finished.connect(lambda _: self._draft_done(form, client_id))

        self.service.submit(find, found)

    def _draft_done(self, form: str, client_id: int) -> None:
        """The form was saved or its text thrown away (not closed by the lock)."""
        if self._locking or not self.is_unlocked:
            return
        from safefile.records import drafts as core

        self.service.submit(lambda w: core.discard(w.require(), form, client_id))

    # --- other windows ------------------------------------------------------------------
    def restore(self) -> None:
        from safefile.ui.backup.restore import RestoreDialog

        dialog = RestoreDialog(self.service, self, beside=self.vault_path)
        dialog.restored.connect(lambda path: self._restored(path, dialog.info))
        dialog.exec()
        dialog.deleteLater()  # a dialog kept until exit outlived its wrappers (the quit crash)

    def _restored(self, path: Path, info: BackupInfo | None = None) -> None:
        text = (
            "The backup was restored into a new vault. Open it now?\n"
            "(The vault open until now stays as it was.)"
        )
        if info is not None and info.tombstones_found is False:  # issue 29 F14
            from safefile.retention.tombstones import NO_RECORD

            text = (
                f"The backup was restored into a new vault.\n\n{NO_RECORD}\n\n"
                "Open it now, then run the retention policy at once (Program tab, "
                "Retention: destroy what is due)?\n(The vault open until now stays as it was.)"
            )
        answer = QMessageBox.question(self, "SafeFile", text)
        if answer == QMessageBox.StandardButton.Yes:
            self.open_vault(path)

    def _use_vault(self, path: Path) -> None:
        """This vault is the one to unlock from now on, and at the next start."""
        from safefile.ui.startup import remember_vault_path

        self.vault_path = path
        self.unlock.path = path
        self.unlock.ask_who()
        remember_vault_path(path)

    def open_vault(self, path: Path) -> None:
        """Switch to another vault folder (after a restore): lock, then ask to unlock it."""
        self.lock()
        self._use_vault(path)
        self._show_locked_state(self.unlock)

    def settings_dialog(self) -> SettingsDialog:
        """The settings window, wired to apply a new lock time at once (tests show it)."""
        from safefile.ui.settings.dialog import SettingsDialog

        dialog = SettingsDialog(self.service, self)
        dialog.saved.connect(lambda s: self.set_idle_ms(s.idle_ms))
        return dialog

    # --- passphrase and recovery key ------------------------------------------------------
    def change_passphrase(self) -> ChangePassphraseDialog:
        from safefile.ui.settings.keys import ChangePassphraseDialog

        dialog = ChangePassphraseDialog(self.service, self)
        dialog.changed.connect(self._passphrase_changed)
        dialog.open()
        return dialog

    def _passphrase_changed(self, result: Changed) -> None:
        from safefile.ui.settings.keys import OLD_BACKUPS, RecoveryKeyDialog

        if result.recovery_key:
            RecoveryKeyDialog(result.recovery_key, OLD_BACKUPS, self).open()
        else:
            QMessageBox.information(
                self,
                "Passphrase changed",
                "The passphrase was changed. Use the new one from now on. " + OLD_BACKUPS,
            )

    def new_recovery_key(self) -> NewRecoveryKeyDialog:
        from safefile.ui.settings.keys import NewRecoveryKeyDialog, RecoveryKeyDialog

        dialog = NewRecoveryKeyDialog(self.service, self)
        dialog.issued.connect(lambda key: RecoveryKeyDialog(key, "", self).open())
        dialog.open()
        return dialog

    def open_settings(self) -> None:
        dialog = self.settings_dialog()
        dialog.exec()
        dialog.deleteLater()

    def show_log_file(self) -> None:
        from safefile.ui.startup import log_file

        path = log_file()
        box = QMessageBox(self)
        box.setWindowTitle("Log file")
        box.setText(
            "SafeFile writes what went wrong, never client information, to this file. "
            f"If support asks for it, send them:\n\n{path}"
        )
        open_folder = box.addButton("Open its folder", QMessageBox.ButtonRole.ActionRole)
        box.addButton(QMessageBox.StandardButton.Close)
        box.exec()
        if box.clickedButton() is open_folder:
            from PySide6.QtCore import QUrl  # (0.5 ms of the first window)

            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent)))
        box.deleteLater()

    def about(self) -> None:
        from safefile.ui.about import AboutDialog

        AboutDialog(self).exec()

    def closeEvent(self, event: QCloseEvent) -> None:  # Qt's name
        try:
            settings = window_settings()
            settings.setValue(GEOMETRY_KEY, self.saveGeometry())
            settings.sync()
        except OSError:  # a size not kept is not worth stopping the quit for
            pass
        if self._workspace is not None:
            self._workspace.clear()
        self.clipboard.clear_ours()
        self._events_installed = True  # a closed window installs nothing after
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self.app_events)
        self.backup_timer.stop()
        self.service.shutdown(last=_backup_if_due)
        super().closeEvent(event)
