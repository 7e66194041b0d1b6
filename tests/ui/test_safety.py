"""Safety when away: the desktop's lock and sleep signals, the clipboard, the log file."""

from __future__ import annotations

import logging
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, qInstallMessageHandler, qWarning
from PySide6.QtDBus import QDBusConnection, QDBusMessage
from PySide6.QtGui import QClipboard, QGuiApplication
from PySide6.QtWidgets import QApplication, QLineEdit, QTextEdit
from pytestqt.qtbot import QtBot

from safefile.ui import app as app_module
from safefile.ui import startup
from safefile.ui.clipboard import REFUSED_MESSAGE, SECRET_HINT, ClipboardGuard
from safefile.ui.main_window import MainWindow
from safefile.ui.session_lock import SessionLockWatcher, session_path
from tests.conftest import MARKER, PASSPHRASE
from tests.ui.helpers import open_client, prove_key_written, unlocked

pytestmark = pytest.mark.usefixtures("qapp")


def _shows_client_data(w: MainWindow) -> bool:
    return w.clients.model.rowCount() > 0 or w.clients.file_view.toPlainText() != ""


# --- the desktop's lock and sleep -------------------------------------------------------------


@pytest.mark.parametrize(
    ("slot", "quiet", "loud"),
    [
        ("on_prepare_for_sleep", (False,), (True,)),
        ("on_screensaver_active", (False,), (True,)),
        (
            "on_application_state",
            (Qt.ApplicationState.ApplicationActive,),
            (Qt.ApplicationState.ApplicationSuspended,),
        ),
    ],
)
def test_watcher_locks_only_when_the_desktop_goes_away(
    qtbot: QtBot, slot: str, quiet: tuple[object, ...], loud: tuple[object, ...]
) -> None:
    watcher = SessionLockWatcher()  # no bus here: it must do nothing and not fail
    got: list[bool] = []
    watcher.lock_now.connect(lambda: got.append(True))
    getattr(watcher, slot)(*quiet)
    assert got == []
    with qtbot.waitSignal(watcher.lock_now, timeout=1_000):
        getattr(watcher, slot)(*loud)
    assert got == [True]


def test_session_lock_signal_locks(qtbot: QtBot) -> None:
    watcher = SessionLockWatcher()
    with qtbot.waitSignal(watcher.lock_now, timeout=1_000):
        watcher.on_session_lock()


def test_session_paths_are_escaped_as_logind_does() -> None:
    assert session_path("2") == "/org/freedesktop/login1/session/_32"
    assert session_path("c1") == "/org/freedesktop/login1/session/c1"
    assert session_path(None) == ""  # unknown: any session's lock locks us (the safer way)


def test_going_to_sleep_locks_and_clears_a_real_window(qtbot: QtBot, window: MainWindow) -> None:
    unlocked(qtbot, window)
    open_client(qtbot, window, 1)
    window.session_lock.on_prepare_for_sleep(False)  # waking up: nothing happens
    assert window.is_unlocked and _shows_client_data(window)
    window.session_lock.on_prepare_for_sleep(True)
    assert not window.is_unlocked
    assert not _shows_client_data(window)
    assert window.stack.currentWidget() is window.unlock
    qtbot.waitUntil(lambda: window.service.worker.vault is None, timeout=5_000)


@pytest.fixture
def private_bus() -> Iterator[str]:
    """A real D-Bus daemon of our own (the test's stand-in for the desktop's buses)."""
    daemon = shutil.which("dbus-daemon")
    if daemon is None:
        pytest.skip("dbus-daemon is not installed")
    proc = subprocess.Popen(
        [daemon, "--session", "--nofork", "--nopidfile", "--print-address"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert proc.stdout is not None
        address = proc.stdout.readline().strip()
        if not address:
            pytest.skip("dbus-daemon did not start")
        yield address
    finally:
        proc.terminate()
        proc.wait(10)


def _signal(bus: QDBusConnection, path: str, interface: str, name: str, *args: object) -> None:
    message = QDBusMessage.createSignal(path, interface, name)
    message.setArguments(list(args))
    assert bus.send(message)


def test_real_dbus_signals_lock(qtbot: QtBot, private_bus: str) -> None:
    listen = QDBusConnection.connectToBus(private_bus, "safefile-test-listen")
    desktop = QDBusConnection.connectToBus(private_bus, "safefile-test-desktop")
    try:
        assert listen.isConnected() and desktop.isConnected()
        assert desktop.registerService("org.freedesktop.login1")  # we play logind
        watcher = SessionLockWatcher(system_bus=listen, session_bus=listen)
        assert {
            "PrepareForSleep",
            "Session.Lock",
            "org.freedesktop.ScreenSaver.ActiveChanged",
            "org.gnome.ScreenSaver.ActiveChanged",
        } <= set(watcher.listening)
        count: list[int] = []
        watcher.lock_now.connect(lambda: count.append(1))
        login1 = "/org/freedesktop/login1"
        # Signals from one sender arrive in order: a lock for "false" would be counted first.
        _signal(desktop, login1, "org.freedesktop.login1.Manager", "PrepareForSleep", False)
        _signal(desktop, login1, "org.freedesktop.login1.Manager", "PrepareForSleep", True)
        qtbot.waitUntil(lambda: len(count) >= 1, timeout=5_000)
        _signal(desktop, "/org/gnome/ScreenSaver", "org.gnome.ScreenSaver", "ActiveChanged", False)
        _signal(desktop, "/ScreenSaver", "org.freedesktop.ScreenSaver", "ActiveChanged", True)
        qtbot.waitUntil(lambda: len(count) >= 2, timeout=5_000)
        _signal(desktop, session_path("7") or "/", "org.freedesktop.login1.Session", "Lock")
        qtbot.waitUntil(lambda: len(count) >= 3, timeout=5_000)
        assert len(count) == 3
    finally:
        QDBusConnection.disconnectFromBus("safefile-test-listen")
        QDBusConnection.disconnectFromBus("safefile-test-desktop")


# --- the clipboard ---------------------------------------------------------------------------


def _copy(qtbot: QtBot, text: str) -> None:
    """Copy as the user does: select the text in one of our widgets, then Ctrl+C."""
    edit = QTextEdit()
    qtbot.addWidget(edit)
    edit.setPlainText(text)
    edit.selectAll()
    edit.copy()


@pytest.fixture
def clipboard() -> Iterator[object]:
    cb = QGuiApplication.clipboard()
    cb.clear()
    yield cb
    cb.clear()


def test_short_copy_is_marked_secret_and_cleared_after_a_while(
    qtbot: QtBot, clipboard: QClipboard
) -> None:
    guard = ClipboardGuard(None, clear_after_ms=300)
    _copy(qtbot, "Case number 2026-114")
    assert clipboard.text() == "Case number 2026-114"  # the user can paste it at once
    mime = clipboard.mimeData()
    assert mime is not None and mime.hasFormat(SECRET_HINT)  # no clipboard history
    assert bytes(mime.data(SECRET_HINT).data()) == b"secret"
    assert guard.holds_ours()
    with qtbot.waitSignal(guard.cleared, timeout=5_000):
        pass
    assert clipboard.text() == ""


@pytest.mark.parametrize("text", ["x" * 501, "\n".join(f"line {i}" for i in range(11))])
def test_a_whole_record_is_refused_at_once(qtbot: QtBot, clipboard: QClipboard, text: str) -> None:
    guard = ClipboardGuard(None, clear_after_ms=60_000)
    with qtbot.waitSignal(guard.refused, timeout=1_000) as signal:
        _copy(qtbot, text)
    assert signal.args == [REFUSED_MESSAGE]
    assert "Send information" in REFUSED_MESSAGE
    assert clipboard.text() == ""
    assert not guard.timer.isActive()


def test_an_excerpt_at_the_limit_is_allowed(qtbot: QtBot, clipboard: QClipboard) -> None:
    guard = ClipboardGuard(None, clear_after_ms=60_000)
    refused: list[str] = []
    guard.refused.connect(refused.append)
    _copy(qtbot, "y" * 500)
    assert refused == [] and clipboard.text() == "y" * 500 and guard.timer.isActive()


def test_lock_clears_the_clipboard_and_refusals_show_in_the_window(
    qtbot: QtBot, window: MainWindow, clipboard: QClipboard
) -> None:
    unlocked(qtbot, window)
    _copy(qtbot, "x" * 800)
    assert "does not copy whole records" in window.statusBar().currentMessage()
    search = window.clients.search
    assert isinstance(search, QLineEdit)
    qtbot.keyClicks(search, "Amina")
    search.selectAll()
    search.copy()
    assert clipboard.text() == "Amina"
    assert window.clipboard.timer.isActive()  # default: cleared after 30 s
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert not window.is_unlocked
    assert clipboard.text() == ""
    assert window.statusBar().currentMessage() == ""


def test_clear_ours_leaves_an_empty_clipboard_alone(qtbot: QtBot, clipboard: QClipboard) -> None:
    guard = ClipboardGuard(None)
    cleared: list[bool] = []
    guard.cleared.connect(lambda: cleared.append(True))
    guard.clear_ours()
    assert cleared == []
    _copy(qtbot, "short")
    guard.clear_ours()
    assert cleared == [True] and clipboard.text() == ""


# --- titles, setup and the log file ---------------------------------------------------------


def test_titles_never_name_a_client(qtbot: QtBot, window: MainWindow) -> None:
    unlocked(qtbot, window)
    open_client(qtbot, window, 1)
    titles = [w.windowTitle() for w in QApplication.topLevelWidgets()]
    assert window.windowTitle() == "SafeFile"
    assert not any("Amina" in t or "Diallo" in t for t in titles)


def test_the_desktop_locking_during_setup_does_not_lose_the_recovery_key(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """A new vault holds no client data; clearing the key shown once would lose it for good."""
    from safefile.ui.setup.page import KEY

    w = MainWindow(tmp_path / "v.safefile")
    qtbot.addWidget(w)
    s = w.setup
    chosen = tmp_path / "elsewhere" / "office.safefile"
    s.location.setText(str(chosen))
    qtbot.keyClicks(s.pass1, PASSPHRASE)
    qtbot.keyClicks(s.pass2, PASSPHRASE)
    qtbot.mouseClick(s.create_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: s.stack.currentIndex() == KEY, timeout=20_000)
    assert s.key_label.text() != ""
    key = s.key_label.text()
    w.session_lock.on_screensaver_active(True)
    w.session_lock.on_prepare_for_sleep(True)
    assert s.key_label.text() == key and w.stack.currentWidget() is w.setup
    assert s.pass1.text() == ""  # the passphrase is never kept on screen after creating
    assert w.unlock.path == chosen  # unlocking opens the vault just made, not the default
    assert startup.vault_path() == chosen  # and so does the next start
    prove_key_written(s)
    qtbot.mouseClick(s.continue_button, Qt.MouseButton.LeftButton)
    assert s.key_label.text() == ""  # shown once
    w.close()


def _raise_with_data() -> None:
    raise ValueError(f"client {MARKER} not found")


def test_unexpected_errors_are_logged_without_their_message(
    caplog: pytest.LogCaptureFixture,
) -> None:
    try:
        _raise_with_data()
    except ValueError:
        kind, _, tb = sys.exc_info()
        assert kind is not None
        with caplog.at_level(logging.ERROR, logger="safefile.ui"):
            app_module.log_exception(kind, tb)
    assert "unexpected ValueError" in caplog.text
    assert "test_safety.py" in caplog.text and "_raise_with_data" in caplog.text
    assert MARKER not in caplog.text


def test_qt_warnings_go_to_the_log_without_data(caplog: pytest.LogCaptureFixture) -> None:
    previous = qInstallMessageHandler(app_module.qt_message_handler)
    try:
        with caplog.at_level(logging.WARNING, logger="safefile.qt"):
            qWarning(f'QFile::open: "/home/a/{MARKER}.pdf" failed; also /tmp/{MARKER}/x')
    finally:
        qInstallMessageHandler(previous)
    assert "Qt warning message (category default)" in caplog.text  # the category alone
    assert MARKER not in caplog.text and "QFile" not in caplog.text


def test_the_log_file_is_private(tmp_path: Path) -> None:
    path = startup.log_file()
    assert path.parent.is_dir()
    assert path.parent.stat().st_mode & 0o077 == 0
