"""What was typed in an open form when the app locked: kept as a draft inside the vault,
offered back in the same form after the unlock (issue 23, "nothing typed is lost").

A dialog takes part by naming its form in ``draft_form`` (records/drafts.py: FORMS) and
its client in ``client_id`` (or a ``draft_client()`` method, for a form where the client
is chosen). :func:`snapshot` reads what the user can type or tick, keyed by the kind of
field and its place among its kind (the same dialog is built the same way each time);
:func:`restore` puts it back, ticks and choices first (they show the parts of the form
the text goes in), text last. Nothing of it is written anywhere but the vault.
"""

from __future__ import annotations

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QSpinBox,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from safefile.records.drafts import Value

OFFERED = (
    "Here is what you typed before SafeFile locked; it was kept, encrypted, inside the "
    "vault. Save it, or Cancel to throw it away."
)


def draft_of(dialog: QWidget) -> tuple[str, int] | None:
    """(form, client) when ``dialog`` keeps drafts and knows its client; else None."""
    form = getattr(dialog, "draft_form", "")
    if not form:
        return None
    chooser = getattr(dialog, "draft_client", None)
    client = chooser() if callable(chooser) else getattr(dialog, "client_id", None)
    return (str(form), int(client)) if isinstance(client, int) and client > 0 else None


def _fields(dialog: QWidget) -> list[tuple[str, QWidget]]:
    counts: dict[str, int] = {}
    out: list[tuple[str, QWidget]] = []
    for w in dialog.findChildren(QWidget):
        if isinstance(w.parent(), (QAbstractSpinBox, QComboBox)):
            continue  # their own editors
        if isinstance(w, QLineEdit) and (
            w.isReadOnly() or w.echoMode() != QLineEdit.EchoMode.Normal
        ):
            continue  # never a passphrase
        kind = next(
            (
                k.__name__
                for k in (
                    QLineEdit,
                    QPlainTextEdit,
                    QTextEdit,
                    QCheckBox,
                    QRadioButton,
                    QComboBox,
                    QDateEdit,
                    QSpinBox,
                )
                if isinstance(w, k)
            ),
            None,
        )
        if kind is None:
            continue
        n = counts.get(kind, 0)
        counts[kind] = n + 1
        out.append((f"{kind}#{n}", w))
    return out


def snapshot(dialog: QWidget) -> dict[str, Value]:
    """What the user typed, ticked and chose in ``dialog``."""
    values: dict[str, Value] = {}
    for key, w in _fields(dialog):
        if isinstance(w, QLineEdit):
            values[key] = w.text()
        elif isinstance(w, (QPlainTextEdit, QTextEdit)):
            if not w.isReadOnly():
                values[key] = w.toPlainText()
        elif isinstance(w, QAbstractButton):
            values[key] = w.isChecked()
        elif isinstance(w, QComboBox):
            values[key] = w.currentText()
        elif isinstance(w, QDateEdit):
            values[key] = w.date().toString("yyyy-MM-dd")
        elif isinstance(w, QSpinBox):
            values[key] = w.value()
    return values


def has_text(values: dict[str, Value]) -> bool:
    """Whether anything was typed (a draft of ticks and dates alone is not worth keeping)."""
    return any(
        isinstance(v, str) and v.strip() and k.split("#")[0] in _TEXT_KINDS
        for k, v in values.items()
    )


_TEXT_KINDS = {"QLineEdit", "QPlainTextEdit", "QTextEdit"}


def restore(dialog: QWidget, values: dict[str, Value]) -> None:
    """Put a draft back into the same form; fields that are no longer there are skipped."""
    fields = dict(_fields(dialog))
    order = ("QRadioButton", "QCheckBox", "QComboBox", "QDateEdit", "QSpinBox", *_TEXT_KINDS)
    for kind in order:
        for key, value in values.items():
            w = fields.get(key)
            if w is None or key.split("#")[0] != kind:
                continue
            if isinstance(w, QLineEdit) and isinstance(value, str):
                w.setText(value)
            elif isinstance(w, (QPlainTextEdit, QTextEdit)) and isinstance(value, str):
                w.setPlainText(value)
            elif isinstance(w, QAbstractButton) and isinstance(value, bool):
                if not w.isEnabled() or w.isChecked() == value:
                    continue
                if isinstance(w, QRadioButton) and value:
                    w.click()  # as the user did: the part of the form it opens is shown
                else:
                    w.setChecked(value)
            elif isinstance(w, QComboBox) and isinstance(value, str):
                index = w.findText(value)
                if index >= 0:
                    w.setCurrentIndex(index)
                elif w.isEditable():
                    w.setEditText(value)
            elif isinstance(w, QDateEdit) and isinstance(value, str):
                day = QDate.fromString(value, "yyyy-MM-dd")
                if day.isValid():
                    w.setDate(day)
            elif isinstance(w, QSpinBox) and isinstance(value, int):
                w.setValue(value)


def tell_offered(dialog: QDialog) -> QLabel:
    """A line at the top of the form saying where its text came from."""
    label = QLabel(OFFERED, dialog)
    label.setWordWrap(True)
    label.setObjectName("draftoffered")
    label.setAccessibleName("Draft kept at the lock")
    layout = dialog.layout()
    if isinstance(layout, QVBoxLayout):
        layout.insertWidget(0, label)
    dialog.draft_label = label  # type: ignore[attr-defined]
    return label
