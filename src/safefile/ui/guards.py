"""Application-wide guards, installed once on the QApplication so they hold in every
window, dialog and menu, including ones opened later:

- :class:`LockKeys`: Ctrl+L (and Meta+L) lock from anywhere. A main-window shortcut is
  shadowed by any modal dialog, which is exactly when client text is on screen.
- :class:`FormGuard`: forms never change or lose what was typed without the user
  meaning it: the mouse wheel never changes a spin box, date or list that does not
  have the keyboard focus (the page scrolls instead); Tab leaves a date field (instead
  of walking its year, month and day) and leaves a multi-line field (instead of typing
  a tab); Esc on a dialog whose fields were changed asks before throwing them away.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import partial
from typing import Protocol

from PySide6 import QtWidgets
from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QCheckBox,
    QDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QWidget,
)
from shiboken6 import isValid

LOCK_KEYS = (QKeySequence("Ctrl+L"), QKeySequence("Meta+L"))
DISCARD_TITLE = "Discard your changes?"
DISCARD_TEXT = "You changed this form. Close it and lose what you typed?"


def _is_lock_key(event: QKeyEvent) -> bool:
    combo = QKeySequence(event.keyCombination())
    return any(combo.matches(k) == QKeySequence.SequenceMatch.ExactMatch for k in LOCK_KEYS)


class Handler(Protocol):
    def on_event(self, watched: QObject, event: QEvent, kind: QEvent.Type) -> bool: ...


class AppEvents(QObject):
    """The one application-wide event filter. Each event's type is read once and handed
    to each handler in turn; the first that takes the event ends it. One Python call an
    event instead of one a handler: the window answers faster, and starts faster (PySide
    makes a Python object of every event's type at each call; issue 18)."""

    def __init__(self, handlers: Sequence[Handler], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._handlers = tuple(handlers)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt's name
        kind = event.type()
        for handler in self._handlers:  # noqa: SIM110 (no generator made for every event)
            if handler.on_event(watched, event, kind):
                return True
        return False


class LockKeys(QObject):
    """Emits ``pressed`` for Ctrl+L wherever the keyboard focus is."""

    pressed = Signal()

    def on_event(self, watched: QObject, event: QEvent, kind: QEvent.Type) -> bool:
        if kind not in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
            return False
        if not isinstance(event, QKeyEvent) or not _is_lock_key(event):
            return False
        if kind == QEvent.Type.ShortcutOverride:
            event.accept()  # no shortcut takes it: the key press comes here next
            return True
        self.pressed.emit()
        return True


# --- forms ----------------------------------------------------------------------------------
# The widget classes below are named through the module (QtWidgets.QComboBox): PySide
# makes each class, with its enums, when first named, and none is on the unlock screen
# (2 ms of the first window; issue 30).
def _wheel_guarded() -> tuple[type[QWidget], ...]:
    return (QtWidgets.QAbstractSpinBox, QtWidgets.QComboBox)


def field_values(dialog: QWidget) -> list[object]:
    """What the user can type or tick in ``dialog``, to tell whether it was changed."""
    values: list[object] = []
    for w in dialog.findChildren(QWidget):
        if (
            isinstance(w, QLineEdit)
            and not w.isReadOnly()
            and not isinstance(w.parent(), (QtWidgets.QAbstractSpinBox, QtWidgets.QComboBox))
        ):
            values.append(w.text())
        elif isinstance(w, (QtWidgets.QPlainTextEdit, QtWidgets.QTextEdit)) and not w.isReadOnly():
            values.append(w.toPlainText())
        elif isinstance(w, (QCheckBox, QRadioButton)):
            values.append(w.isChecked())
        elif isinstance(w, QtWidgets.QDateTimeEdit):
            values.append(w.dateTime())
        elif isinstance(w, QtWidgets.QAbstractSpinBox):
            values.append(w.text())
    return values


def wipe(dialog: QWidget) -> None:
    """Empty every field the user could type into (the lock: nothing typed stays behind
    in a closed dialog waiting to be deleted)."""
    for w in dialog.findChildren(QWidget):
        if (
            isinstance(w, QLineEdit)
            and not isinstance(w.parent(), QtWidgets.QAbstractSpinBox)
            or isinstance(w, (QtWidgets.QPlainTextEdit, QtWidgets.QTextEdit))
        ):
            w.clear()


@contextmanager
def quiet(widget: QWidget) -> Iterator[None]:
    """No signal of ``widget`` or of its widgets while the block runs: what a lock
    clears never calls back into the code of the form being cleared."""
    widgets = [widget, *widget.findChildren(QWidget)]
    was = [w.blockSignals(True) for w in widgets]
    try:
        yield
    finally:
        for w, blocked in zip(widgets, was, strict=True):
            if isValid(w):
                w.blockSignals(blocked)


def _inputs() -> tuple[type[QWidget], ...]:
    return (
        QLineEdit,
        QtWidgets.QPlainTextEdit,
        QtWidgets.QTextEdit,
        QtWidgets.QComboBox,
        QtWidgets.QAbstractSpinBox,
        QAbstractButton,
    )


def _is_input(w: QWidget) -> bool:
    if isinstance(w, QPushButton) or isinstance(
        w.parent(), (QtWidgets.QAbstractSpinBox, QtWidgets.QComboBox)
    ):
        return False
    return (
        isinstance(w, _inputs())
        and w.isVisibleTo(w.window())
        and w.isEnabled()
        and bool(w.focusPolicy() & Qt.FocusPolicy.TabFocus)
    )


def first_field_focus(dialog: QDialog) -> None:
    """A form opens with the keyboard in its first field, not on a button or on a
    scroll area nobody can see; a field the dialog chose itself is kept."""
    chosen = dialog.focusWidget()
    if chosen is not None and chosen is not dialog and _is_input(chosen):
        return
    w = dialog.nextInFocusChain()
    while w is not None and w is not dialog:
        if w.window() is dialog and _is_input(w):
            w.setFocus(Qt.FocusReason.TabFocusReason)
            return
        w = w.nextInFocusChain()


def words(text: str) -> str:
    """A label's words as a screen reader should say them: no mnemonic "&", no "…",
    no shortcut hint in brackets, no trailing colon."""
    text = re.sub(r"\((ctrl|alt|shift|meta)\+[^)]*\)", "", text, flags=re.IGNORECASE)
    text = text.replace("&&", "\0").replace("&", "").replace("\0", "&")
    text = text.replace("…", "").strip().rstrip(":").strip()
    return re.sub(r"\s+", " ", text)


def _form_rows(widget: QWidget) -> list[tuple[QLabel, QWidget]]:
    """Each row of the forms in ``widget``'s own layout: the label and the field it names.
    Asked of the form (``labelForField``), never through the layout's items: PySide keeps
    a QLayoutItem's wrapper alive with its layout, and once Qt deletes the item it can
    hand that wrapper out for the next object made at the same address (a menu read as
    a QWidgetItem), which broke the window at random."""
    top = widget.layout()
    if top is None:
        return []
    forms = [top] if isinstance(top, QtWidgets.QFormLayout) else []
    forms += top.findChildren(QtWidgets.QFormLayout)
    if not forms:
        return []
    rows: list[tuple[QLabel, QWidget]] = []
    for field in widget.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly):
        for form in forms:
            label = form.labelForField(field)
            if isinstance(label, QLabel):
                rows.append((label, field))
                break
    return rows


def name_by_labels(widget: QWidget) -> None:
    """Accessible names equal the visible labels (WCAG "label in name"): a button is named
    by its text; a form's field by the label beside it. A longer name given in the code
    becomes the accessible description, so nothing it said is lost."""
    if isinstance(widget, QAbstractButton) and widget.text():
        name = widget.accessibleName()
        if name and words(widget.text()).lower() not in name.lower():
            widget.setAccessibleDescription(name)
            widget.setAccessibleName("")  # Qt then says the text, whatever it becomes
    if widget.layout() is None:
        return
    for label, field in _form_rows(widget):
        said, name = words(label.text()), field.accessibleName()
        if said and name and said.lower() != words(name).lower():
            field.setAccessibleDescription(name)
            field.setAccessibleName(said)


def fit_to_contents(dialog: QDialog) -> None:
    """Grow a dialog that is too small for its text (wrapped labels at a larger text
    size, or a size fixed in code for the normal one), up to the screen's free room."""
    layout = dialog.layout()
    if layout is None or not dialog.isVisible():
        return
    layout.activate()
    screen = dialog.screen().availableGeometry() if dialog.screen() else None
    width = max(dialog.width(), dialog.minimumSizeHint().width())
    height = dialog.minimumSizeHint().height()
    if layout.hasHeightForWidth():
        height = max(height, layout.totalHeightForWidth(width))
    if screen is not None:
        width, height = min(width, screen.width()), min(height, screen.height() - 40)
    if width > dialog.width() or height > dialog.height():
        dialog.resize(max(width, dialog.width()), max(height, dialog.height()))


def _fit_if_alive(dialog: QDialog) -> None:
    if isValid(dialog):  # (no context object: the dialog may be gone when this runs)
        fit_to_contents(dialog)


class FormGuard(QObject):
    """See the module's docstring. ``asked`` carries the box shown for a changed form."""

    asked = Signal(object)
    shown = Signal(object)  # a dialog, once shown (the window offers its draft back)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._shown: dict[int, list[object]] = {}

    def changed_dialogs(self) -> list[QDialog]:
        """The open dialogs whose fields were changed since they were shown."""
        return [
            d
            for d in QApplication.topLevelWidgets()
            if isinstance(d, QDialog)
            and d.isVisible()
            and id(d) in self._shown
            and self._shown[id(d)] != field_values(d)
        ]

    def catch_up(self, root: QWidget) -> None:
        """What ``on_event`` does when a widget is polished and shown, for ``root`` and
        its widgets shown before the guard was installed (the window's first paint comes
        before the application-wide filter: main_window.MainWindow.after_first_paint).
        Both steps may run again later for the same widget and change nothing then."""
        for w in [root, *root.findChildren(QWidget)]:
            self._polish(w)
            if w.isVisible():
                name_by_labels(w)

    def on_event(self, watched: QObject, event: QEvent, kind: QEvent.Type) -> bool:
        if kind == QEvent.Type.Polish and isinstance(watched, QWidget):
            self._polish(watched)
        elif kind == QEvent.Type.Show and isinstance(watched, QWidget):
            name_by_labels(watched)
            if isinstance(watched, QDialog):
                self._shown[id(watched)] = field_values(watched)
                first_field_focus(watched)
                self.shown.emit(watched)
                QTimer.singleShot(0, partial(_fit_if_alive, watched))
        elif kind == QEvent.Type.Wheel and isinstance(watched, _wheel_guarded()):
            return self._wheel(watched, event)
        elif kind == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            return self._key(watched, event)
        elif kind == QEvent.Type.Hide and isinstance(watched, QDialog):
            self._shown.pop(id(watched), None)
        return False

    @staticmethod
    def _polish(w: QWidget) -> None:
        if isinstance(w, _wheel_guarded()) and w.focusPolicy() == Qt.FocusPolicy.WheelFocus:
            w.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # the wheel never gives focus
        elif (
            isinstance(w, (QtWidgets.QPlainTextEdit, QtWidgets.QTextEdit))
            and not w.tabChangesFocus()
        ):
            w.setTabChangesFocus(True)

    @staticmethod
    def _wheel(w: QWidget, event: QEvent) -> bool:
        if w.hasFocus() or w.window().focusWidget() is w:  # the field the keys go to
            return False
        parent = w.parentWidget()
        while parent is not None and not isinstance(parent, QtWidgets.QAbstractScrollArea):
            parent = parent.parentWidget()
        if parent is not None:  # scroll the page the field is on instead
            QCoreApplication.sendEvent(parent.verticalScrollBar(), event)
        return True

    def _key(self, watched: QObject, event: QKeyEvent) -> bool:
        key = event.key()
        if key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab) and isinstance(
            watched, QtWidgets.QDateTimeEdit
        ):
            if event.modifiers() & ~Qt.KeyboardModifier.ShiftModifier:
                return False
            forward = key == Qt.Key.Key_Tab and not (
                event.modifiers() & Qt.KeyboardModifier.ShiftModifier
            )
            QWidget.focusNextPrevChild(watched, forward)  # the widget's, not the sections'
            return True
        if key == Qt.Key.Key_Escape and event.modifiers() == Qt.KeyboardModifier.NoModifier:
            dialog = watched.window() if isinstance(watched, QWidget) else None
            if isinstance(dialog, QDialog) and not isinstance(dialog, QtWidgets.QMessageBox):
                return self._escape(dialog)
        return False

    def _escape(self, dialog: QDialog) -> bool:
        before = self._shown.get(id(dialog))
        if before is None or before == field_values(dialog):
            return False  # nothing typed: Esc closes, as everywhere
        box = QtWidgets.QMessageBox(
            QtWidgets.QMessageBox.Icon.Question,
            DISCARD_TITLE,
            DISCARD_TEXT,
            QtWidgets.QMessageBox.StandardButton.Discard
            | QtWidgets.QMessageBox.StandardButton.Cancel,
            dialog,
        )
        box.button(QtWidgets.QMessageBox.StandardButton.Cancel).setText("Keep editing")
        box.setDefaultButton(QtWidgets.QMessageBox.StandardButton.Cancel)
        box.setEscapeButton(QtWidgets.QMessageBox.StandardButton.Cancel)
        box.button(QtWidgets.QMessageBox.StandardButton.Discard).clicked.connect(dialog.reject)
        box.finished.connect(lambda _: box.deleteLater())
        box.open()
        self.asked.emit(box)
        return True
