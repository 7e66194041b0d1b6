"""Copies of client data to the clipboard: short excerpts only, cleared after a short time.

When SafeFile puts something on the clipboard (the user pressed Ctrl+C in a field or
the file view), the guard:

- refuses it at once if it is more than a small excerpt (a whole record leaves only
  through the consent gate): the clipboard is emptied and ``refused`` carries a plain
  sentence for the window to show;
- marks it with ``x-kde-passwordManagerHint: secret`` so clipboard managers (Klipper,
  GNOME and KDE history tools that honour it) keep no history of it;
- empties it after ``clear_after_ms`` if it still holds what SafeFile put there (what
  the user copied from another program afterwards is never touched);
- and ``clear_ours()`` empties it at once (on lock and on quit).

On X11 selecting text also offers it to other programs (middle-click paste); that
"selection" is emptied the same way when SafeFile owns it.
The guard keeps only a digest of what it saw, never the text.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QMimeData, QObject, QTimer, Signal
from PySide6.QtGui import QClipboard, QGuiApplication

log = logging.getLogger("safefile.ui")

DEFAULT_CLEAR_AFTER_MS = 30_000
MAX_CHARS = 500
MAX_LINES = 10
SECRET_HINT = "x-kde-passwordManagerHint"  # noqa: S105 - a mime type, not a password
REFUSED_MESSAGE = (
    "SafeFile does not copy whole records. To give information to someone, use Send "
    "information: it checks the client's release and records what was shared."
)
# Platforms whose clipboard lives inside this process: whatever is on it is ours.
_IN_PROCESS = {"offscreen", "minimal"}

Mode = QClipboard.Mode


def _digest(mime: QMimeData | None) -> bytes | None:
    if mime is None or not mime.formats():
        return None
    import hashlib  # at the first copy, not on the way to the first window (~2 ms)

    h = hashlib.sha256()
    for fmt in sorted(f for f in mime.formats() if f != SECRET_HINT):
        h.update(fmt.encode() + b"\0" + bytes(mime.data(fmt).data()) + b"\0")
    return h.digest()


def too_long(text: str) -> bool:
    """More than a small excerpt: over ``MAX_CHARS`` characters or ``MAX_LINES`` lines."""
    return len(text) > MAX_CHARS or text.count("\n") + 1 > MAX_LINES


class ClipboardGuard(QObject):
    refused = Signal(str)
    cleared = Signal()

    def __init__(
        self, parent: QObject | None = None, clear_after_ms: int = DEFAULT_CLEAR_AFTER_MS
    ) -> None:
        super().__init__(parent)
        self.clipboard = QGuiApplication.clipboard()
        self.clear_after_ms = clear_after_ms
        self._ours: dict[QClipboard.Mode, bytes] = {}
        self._setting = False
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.clear_ours)
        # Bound methods, not lambdas: Qt disconnects them when the guard is deleted.
        self.clipboard.dataChanged.connect(self._clipboard_changed)
        if self.clipboard.supportsSelection():
            self.clipboard.selectionChanged.connect(self._selection_changed)

    # --- what is ours ---------------------------------------------------------------
    def _owned(self, mode: QClipboard.Mode) -> bool:
        if QGuiApplication.platformName() in _IN_PROCESS:
            return True
        if mode == Mode.Selection:
            return self.clipboard.ownsSelection()
        return self.clipboard.ownsClipboard()

    def holds_ours(self, mode: QClipboard.Mode = Mode.Clipboard) -> bool:
        """True while the clipboard still holds what SafeFile put there."""
        mark = self._ours.get(mode)
        return (
            mark is not None
            and self._owned(mode)
            and _digest(self.clipboard.mimeData(mode)) == mark
        )

    # --- reacting to a copy -----------------------------------------------------------
    def _clipboard_changed(self) -> None:
        self._changed(Mode.Clipboard)

    def _selection_changed(self) -> None:
        self._changed(Mode.Selection)

    def _changed(self, mode: QClipboard.Mode) -> None:
        if self._setting:
            return
        mime = self.clipboard.mimeData(mode)
        if not self._owned(mode) or _digest(mime) is None:
            self._ours.pop(mode, None)  # another program's, or empty: not ours to touch
            return
        assert mime is not None
        if mime.hasText() and too_long(mime.text()):
            self._clear(mode)
            if mode == Mode.Clipboard:
                log.info("clipboard: a copy of more than an excerpt was refused")
                self.refused.emit(REFUSED_MESSAGE)
            return
        if mode == Mode.Clipboard and not mime.hasFormat(SECRET_HINT):
            mime = self._with_hint(mime)
        self._ours[mode] = _digest(mime) or b""
        if mode == Mode.Clipboard or not self.timer.isActive():  # selecting never delays it
            self.timer.start(self.clear_after_ms)

    def _with_hint(self, mime: QMimeData) -> QMimeData:
        """Put the same data back with the hint that keeps it out of clipboard history."""
        marked = QMimeData()
        for fmt in mime.formats():
            marked.setData(fmt, mime.data(fmt))
        marked.setData(SECRET_HINT, b"secret")
        self._setting = True
        try:
            self.clipboard.setMimeData(marked, Mode.Clipboard)  # the clipboard owns it now
        finally:
            self._setting = False
        return self.clipboard.mimeData(Mode.Clipboard) or marked

    # --- clearing -----------------------------------------------------------------------
    def _clear(self, mode: QClipboard.Mode) -> None:
        self._ours.pop(mode, None)
        self._setting = True
        try:
            self.clipboard.clear(mode)
        finally:
            self._setting = False

    def clear_ours(self) -> None:
        """Empty the clipboard (and the selection) if it still holds what SafeFile put there."""
        self.timer.stop()
        emptied = False
        for mode in list(self._ours):
            if self.holds_ours(mode):
                self._clear(mode)
                emptied = True
            self._ours.pop(mode, None)
        if emptied:
            log.info("clipboard: SafeFile's copy was emptied")
            self.cleared.emit()
