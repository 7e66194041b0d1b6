"""The two choices every sharing form asks for: the recipient and the categories."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QComboBox, QVBoxLayout

from safefile import records
from safefile.consent.categories import CATEGORIES
from safefile.records.models import Org
from safefile.ui.worker import VaultService


def recipient_combo(service: VaultService) -> QComboBox:
    """Organisations from the vault's list (filled when the worker answers)."""
    combo = QComboBox()
    combo.setAccessibleName("Recipient organisation")

    def fill(orgs: list[Org]) -> None:
        for o in orgs:
            combo.addItem(o.name, o.id)

    service.submit(lambda w: records.list_orgs(w.require()), fill)
    return combo


def category_boxes() -> tuple[dict[str, QCheckBox], QVBoxLayout]:
    """One checkbox a category, labelled in plain words (its accessible name is that label)."""
    boxes: dict[str, QCheckBox] = {}
    layout = QVBoxLayout()
    for cat, words in CATEGORIES.items():
        boxes[cat] = QCheckBox(words[0].upper() + words[1:])
        boxes[cat].setObjectName(cat)  # the screen reader hears the words shown, not the code
        layout.addWidget(boxes[cat])
    return boxes, layout
