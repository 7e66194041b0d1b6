"""The two choices every sharing form asks for: the recipient and the categories."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QCheckBox, QComboBox, QVBoxLayout

from safefile import records
from safefile.consent.categories import CATEGORIES
from safefile.records.models import Org
from safefile.records.program_categories import ProgramCategory, list_categories
from safefile.ui.worker import VaultService

NEW_ORG = "New organisation…"


CHOOSE_ORG = "Choose the organisation…"


def recipient_combo(service: VaultService) -> QComboBox:
    """Organisations from the vault's list (filled when the worker answers).

    The last entry, "New organisation…", opens the organisation form; once saved, the
    new organisation is in the list and chosen, and if the form is cancelled the
    previous choice comes back.  So a sharing form never needs another screen first.
    """
    combo = QComboBox()
    combo.setAccessibleName("Recipient organisation")
    # None chosen until the user (or a release in effect) chooses: the first organisation in
    # the alphabet is not a sensible guess for where a client's information goes.
    combo.setPlaceholderText(CHOOSE_ORG)
    previous = [-1]

    def fill(orgs: list[Org], choose: int | None = None) -> None:
        combo.blockSignals(True)
        combo.clear()
        for o in orgs:
            combo.addItem(o.name, o.id)
        if orgs:
            combo.insertSeparator(combo.count())
        combo.addItem(NEW_ORG, None)
        index = combo.findData(choose) if choose is not None else -1
        combo.setCurrentIndex(index)
        previous[0] = index
        combo.blockSignals(False)
        if index >= 0:
            combo.currentIndexChanged.emit(index)

    def chosen(index: int) -> None:
        if combo.itemText(index) != NEW_ORG or combo.itemData(index) is not None:
            previous[0] = index
            return
        from safefile.ui.orgs.form import OrgDialog

        combo.setCurrentIndex(previous[0])
        dialog = OrgDialog(service, None, combo.window())
        dialog.saved.connect(
            lambda org_id: service.submit(
                lambda w: records.list_orgs(w.require()), lambda orgs: fill(orgs, org_id)
            )
        )
        dialog.open()

    combo.activated.connect(chosen)
    service.submit(lambda w: records.list_orgs(w.require()), fill)
    return combo


def category_boxes(
    service: VaultService | None = None, on_box: Callable[[QCheckBox], object] | None = None
) -> tuple[dict[str, QCheckBox], QVBoxLayout]:
    """One checkbox a category, labelled in plain words (its accessible name is that label).

    With a ``service``, the program's own categories (Settings › Categories; a substance-use
    category in every vault) follow the built-in ones when the worker answers; ``on_box`` is
    called with each box added then."""
    boxes: dict[str, QCheckBox] = {}
    layout = QVBoxLayout()
    for cat, words in CATEGORIES.items():
        boxes[cat] = QCheckBox(words[0].upper() + words[1:])
        boxes[cat].setObjectName(cat)  # the screen reader hears the words shown, not the code
        layout.addWidget(boxes[cat])

    def add(cats: list[ProgramCategory]) -> None:
        for c in cats:
            if c.code in boxes:
                continue
            # The name only: a long "covers" would widen the form past a small screen.
            box = QCheckBox(c.name + (" (sent alone)" if c.alone else ""))
            box.setObjectName(c.code)
            box.setToolTip(c.covers)
            box.setAccessibleDescription(c.covers)
            boxes[c.code] = box
            layout.insertWidget(len(boxes) - 1, box)
            if on_box is not None:
                on_box(box)

    if service is not None:
        service.submit(lambda w: list_categories(w.require()), add)
    return boxes, layout
