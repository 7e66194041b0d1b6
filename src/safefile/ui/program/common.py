"""Small pieces the program screens share."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QComboBox, QDateEdit, QLabel, QWidget

from safefile import records
from safefile.ui.worker import VaultService


def date_edit(value: date) -> QDateEdit:
    """A date field showing ``value`` (the vault's day for today: ui/day.py)."""
    edit = QDateEdit()
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setDate(QDate(value.year, value.month, value.day))
    return edit


def to_date(edit: QDateEdit) -> date:
    q = edit.date()
    return date(q.year(), q.month(), q.day())


def message_label(name: str = "error") -> QLabel:
    label = QLabel("")
    label.setObjectName(name)
    label.setWordWrap(True)
    return label


def policy_label(title: str) -> QLabel:
    """A program policy shown where it applies (empty until loaded, hidden if unwritten)."""
    label = QLabel("")
    label.setObjectName("policy")
    label.setWordWrap(True)
    label.setAccessibleName(title)
    label.hide()
    label.setProperty("title", title)
    return label


def show_policy(label: QLabel, text: str) -> None:
    title = str(label.property("title"))
    label.setText(f"<b>{title}</b><br>{_html(text)}" if text.strip() else "")
    label.setVisible(bool(text.strip()))


def _html(text: str) -> str:
    from html import escape

    return escape(text).replace("\n", "<br>")


def client_combo(
    service: VaultService, parent: QWidget | None = None, status: str = "all"
) -> QComboBox:
    """A list of clients by name (item data: the id), filled on the vault's thread."""
    combo = QComboBox(parent)
    combo.setAccessibleName("Client")
    combo.setMinimumWidth(280)

    def fill(items: list[tuple[int, str]]) -> None:
        combo.clear()
        for cid, label in items:
            combo.addItem(label, cid)

    service.submit(
        lambda w: [
            (c.id, f"{c.name} (client {c.id}{', closed' if c.status == 'closed' else ''})")
            for c in records.list_clients(w.require(), status=status, limit=10_000)
        ],
        fill,
    )
    return combo


def policy_panel(
    service: VaultService, fields: tuple[str, ...], on_shown: Callable[[], None] | None = None
) -> QWidget:
    """The program's policies named by ``fields``, shown where they apply (the share flow,
    recording a request); hidden while none of them is written down."""
    from PySide6.QtWidgets import QVBoxLayout

    from safefile import settings

    panel = QWidget()
    panel.setObjectName("policies")
    layout = QVBoxLayout(panel)
    layout.setContentsMargins(0, 0, 0, 0)
    labels = {f: policy_label(settings.POLICY_TITLES[f]) for f in fields}
    for label in labels.values():
        layout.addWidget(label)
    panel.hide()

    def show(texts: dict[str, str]) -> None:
        for f, label in labels.items():
            show_policy(label, texts.get(f, ""))
        panel.setVisible(any(t.strip() for t in texts.values()))
        if on_shown is not None:
            on_shown()

    service.submit(lambda w: {f: settings.policy(w.require(), f) for f in fields}, show)
    return panel
