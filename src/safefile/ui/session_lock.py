"""Lock when the desktop locks its screen or the machine is about to sleep.

Where the desktop reports it over D-Bus, the watcher listens to:

- logind's ``org.freedesktop.login1.Manager.PrepareForSleep(true)`` on the system bus
  (suspend and hibernate);
- logind's ``org.freedesktop.login1.Session.Lock`` for this session (``loginctl
  lock-session``, the desktop's lock), or for any session when this one is unknown;
- ``org.freedesktop.ScreenSaver`` / ``org.gnome.ScreenSaver`` ``ActiveChanged(true)`` on
  the session bus (KDE, GNOME and others);

and to the application being suspended (``Qt.ApplicationState.ApplicationSuspended``,
reported on some platforms).  Where there is no bus (tests, offscreen, a minimal
desktop) it does nothing and never fails: the idle timer still locks.
"""

from __future__ import annotations

import logging
import os
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import SLOT, QObject, Qt, Signal, Slot
from PySide6.QtGui import QGuiApplication

if TYPE_CHECKING:
    from PySide6.QtDBus import QDBusConnection

log = logging.getLogger("safefile.ui")

LOGIN1 = "org.freedesktop.login1"
LOGIN1_PATH = "/org/freedesktop/login1"
SCREENSAVERS = ("org.freedesktop.ScreenSaver", "org.gnome.ScreenSaver")


def session_path(session_id: str | None) -> str:
    """logind's object path for a session id (sd_bus_path_encode), or "" for any session."""
    if not session_id:
        return ""
    out = []
    for i, ch in enumerate(session_id):
        if ch.isascii() and (ch.isalpha() or (ch.isdigit() and i > 0)):
            out.append(ch)
        else:
            out.extend(f"_{b:02x}" for b in ch.encode())
    return f"{LOGIN1_PATH}/session/{''.join(out)}"


def _slot(signature: str) -> Any:
    """Qt's slot signature; PySide6 takes a str here although its stubs say bytes."""
    return SLOT(signature)


class SessionLockWatcher(QObject):
    """Emits ``lock_now`` when the session's screen locks or the machine is about to sleep.

    ``system_bus`` and ``session_bus`` default to the desktop's buses; tests pass a
    private bus.  ``listening`` names the signals it could subscribe to.
    """

    lock_now = Signal()

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        system_bus: QDBusConnection | None = None,
        session_bus: QDBusConnection | None = None,
        later: bool = False,
    ) -> None:
        super().__init__(parent)
        self.listening: list[str] = []
        self._buses = (system_bus, session_bus)
        self.subscribed = False
        if not later:
            self.subscribe()
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            app.applicationStateChanged.connect(self.on_application_state)

    def subscribe(self) -> None:
        """Connect to the buses (once). ``later=True`` leaves it to the caller: the window
        does it after its first paint, as connecting to the system bus takes a few ms."""
        if self.subscribed:
            return
        self.subscribed = True
        try:
            self._subscribe(*self._buses)
        except Exception as exc:  # no desktop integration is not an error
            log.info("session lock signals unavailable: %s", type(exc).__name__)

    def _subscribe(
        self, system_bus: QDBusConnection | None, session_bus: QDBusConnection | None
    ) -> None:
        from PySide6.QtDBus import QDBusConnection  # after the first paint (subscribe)

        system = system_bus if system_bus is not None else QDBusConnection.systemBus()
        session = session_bus if session_bus is not None else QDBusConnection.sessionBus()
        if system.isConnected():
            if system.connect(
                LOGIN1,
                LOGIN1_PATH,
                f"{LOGIN1}.Manager",
                "PrepareForSleep",
                self,
                _slot("on_prepare_for_sleep(bool)"),
            ):
                self.listening.append("PrepareForSleep")
            path = session_path(os.environ.get("XDG_SESSION_ID"))
            if system.connect(
                LOGIN1, path, f"{LOGIN1}.Session", "Lock", self, _slot("on_session_lock()")
            ):
                self.listening.append("Session.Lock")
        if session.isConnected():
            for interface in SCREENSAVERS:
                if session.connect(
                    "", "", interface, "ActiveChanged", self, _slot("on_screensaver_active(bool)")
                ):
                    self.listening.append(f"{interface}.ActiveChanged")
        log.info("session lock signals: %s", ", ".join(self.listening) or "none")

    # --- the slots (tests call them to simulate each signal) -------------------------
    @Slot(bool)
    def on_prepare_for_sleep(self, starting: bool) -> None:
        """logind: True just before suspend or hibernate, False on resume."""
        if starting:
            self._lock("the machine is going to sleep")

    @Slot()
    def on_session_lock(self) -> None:
        """logind: the session was asked to lock its screen."""
        self._lock("the session was locked")

    @Slot(bool)
    def on_screensaver_active(self, active: bool) -> None:
        """ScreenSaver: True when the screen locks or blanks, False when it comes back."""
        if active:
            self._lock("the screen saver started")

    @Slot(Qt.ApplicationState)
    def on_application_state(self, state: Qt.ApplicationState) -> None:
        if state == Qt.ApplicationState.ApplicationSuspended:
            self._lock("the application was suspended")

    def _lock(self, why: str) -> None:
        log.info("locking: %s", why)
        self.lock_now.emit()
