"""Accessible names equal what is on screen: a walk over every widget of every screen
and dialog. A screen reader must hear the label a sighted user reads ("Progress notes",
not "progress-notes"), and a field's name must be the label beside it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QFormLayout,
    QLabel,
    QLayout,
    QWidget,
)
from pytestqt.qtbot import QtBot

from safefile import records
from safefile.consent.categories import CATEGORIES
from safefile.records.models import NoteIn, OrgIn
from safefile.store.vault import Vault
from safefile.ui.backup.restore import RestoreDialog
from safefile.ui.guards import name_by_labels
from safefile.ui.log.dialogs import PrintDialog
from safefile.ui.main_window import MainWindow
from safefile.ui.orgs.form import OrgDialog
from tests.conftest import PASSPHRASE
from tests.ui.helpers import open_client, run_job, unlocked

pytestmark = pytest.mark.usefixtures("qapp")
CODES = {c for c in CATEGORIES if "-" in c or "_" in c}


def norm(text: str) -> str:
    text = re.sub(r"\((ctrl|alt|shift|meta)\+[^)]*\)", "", text, flags=re.I)
    text = text.replace("&&", "\0").replace("&", "").replace("\0", "&")
    text = text.replace("…", "").replace("...", "").strip().rstrip(":").strip()
    return re.sub(r"\s+", " ", text).lower()


def form_rows(layout: QLayout) -> list[tuple[QLabel, QWidget]]:
    """Every row of the forms in ``layout``, read from the layout (independently of the
    app's own walk by buddies), as a list: no QLayoutItem wrapper outlives this call."""
    rows: list[tuple[QLabel, QWidget]] = []
    if isinstance(layout, QFormLayout):
        for row in range(layout.rowCount()):
            label = layout.itemAt(row, QFormLayout.ItemRole.LabelRole)
            field = layout.itemAt(row, QFormLayout.ItemRole.FieldRole)
            lw = label.widget() if label is not None else None
            fw = field.widget() if field is not None else None
            del label, field
            if isinstance(lw, QLabel) and fw is not None:
                rows.append((lw, fw))
    for i in range(layout.count()):
        item = layout.itemAt(i)
        sub = item.layout() if item is not None else None
        del item
        if sub is not None:
            rows += form_rows(sub)
    return rows


def problems(top: QWidget) -> list[str]:
    found: list[str] = []
    widgets = [top, *top.findChildren(QWidget)]
    for w in widgets:
        if not w.isVisible() and top.isVisible():
            continue  # a page not shown (its own walk shows it)
        name = w.accessibleName()
        where = f"{top.windowTitle() or type(top).__name__}: {type(w).__name__} {name!r}"
        heard = f"{name} {w.accessibleDescription()}"
        if any(re.search(rf"(?<![\w-]){re.escape(c)}(?![\w-])", heard) for c in CODES):
            found.append(f"{where} is a code, not words")
        if (
            isinstance(w, QAbstractButton)
            and w.text()
            and name
            and norm(w.text()) not in norm(name)
        ):
            found.append(f"{where} does not say its label {w.text()!r}")
        layout = w.layout()
        if layout is not None:
            for label, field in form_rows(layout):
                named = label.text() and field.accessibleName()
                if named and norm(label.text()) != norm(field.accessibleName()):
                    found.append(
                        f"{where}: field named {field.accessibleName()!r} "
                        f"beside the label {label.text()!r}"
                    )
    return found


@pytest.fixture
def win(qtbot: QtBot, made: Path) -> Iterator[MainWindow]:
    with Vault.open(made, passphrase=PASSPHRASE) as v:
        records.add_org(v, OrgIn.from_input({"name": "Division of Parole"}), actor=v.actor)
    w = MainWindow(made, idle_ms=600_000)
    qtbot.addWidget(w)
    w.show()
    yield w
    w.close()


def every_screen(qtbot: QtBot, w: MainWindow, tmp_path: Path) -> Iterator[QWidget]:
    first = MainWindow(tmp_path / "new-vault")  # the three setup pages
    qtbot.addWidget(first)
    first.show()
    qtbot.waitUntil(lambda: first.guarded)  # as a person sees it: painted, then guarded
    for index in range(first.setup.stack.count()):
        first.setup.stack.setCurrentIndex(index)
        yield first
    first.close()
    yield w  # the unlock screen
    unlocked(qtbot, w)
    run_job(
        qtbot,
        w,
        lambda x: records.add_note(
            x.require(),
            NoteIn.from_input({"client_ids": [1], "on_date": "2026-01-05", "data": "x"}),
            sign=True,
            actor=x.require().actor,
        ),
    )
    open_client(qtbot, w, 1)
    page, view = w.clients, w.clients.file_view
    qtbot.waitUntil(page.addendum_button.isEnabled)
    for tab in view.tabs:
        view.setCurrentWidget(tab)
        yield w
    for what in ("service", "note", "addendum", "release"):
        yield page.entry(what)
    share = page.share()
    for road in ("release", "own-copy", "legal"):
        share.choose_road(road)
        yield share
    yield page.add_client_dialog()
    yield view.overview.close_file_dialog()
    yield view.overview.contact_dialog()
    yield view.sharing.request_dialog()
    yield view.sharing.own_copy_dialog()
    yield view.sharing.accounting_dialog()
    yield view.documents.attach_dialog(tmp_path / "letter.pdf")
    yield w.settings_dialog()
    yield w.change_passphrase()
    yield w.new_recovery_key()
    yield OrgDialog(w.service, None, w)
    for other in (w.workspace.log, w.workspace.orgs, w.workspace.backups):
        w.workspace.tabs.setCurrentWidget(other)
        yield w
    yield w.workspace.log.record_request()
    yield PrintDialog(3, w)
    yield RestoreDialog(w.service, w, beside=w.vault_path)
    for index in range(w.workspace.program.tabs.count()):
        w.workspace.tabs.setCurrentWidget(w.workspace.program)
        w.workspace.program.tabs.setCurrentIndex(index)
        yield w
    w.workspace.tabs.setCurrentWidget(w.workspace.requests)
    yield w
    yield w.workspace.requests.record()


def test_accessible_names_are_the_words_on_screen(
    qtbot: QtBot, win: MainWindow, tmp_path: Path
) -> None:
    found: dict[str, None] = {}  # each once, in the order met
    seen = 0
    for screen in every_screen(qtbot, win, tmp_path):
        if not isinstance(screen, MainWindow):
            qtbot.addWidget(screen)
            screen.show()
        QApplication.processEvents()
        found.update(dict.fromkeys(problems(screen)))
        seen += 1
    assert seen > 20
    assert list(found) == [], "\n".join(found)


def test_the_walk_finds_a_code_and_a_wrong_name() -> None:
    """The walk itself can fail (a test that cannot fail is a defect)."""
    from PySide6.QtWidgets import QCheckBox, QLineEdit

    top = QWidget()
    form = QFormLayout(top)
    box = QCheckBox("Progress notes")
    box.setAccessibleName("progress-notes")
    field = QLineEdit()
    field.setAccessibleName("Surname")
    form.addRow(box)
    form.addRow("&Name", field)
    assert len(problems(top)) == 3
    name_by_labels(top)
    name_by_labels(box)
    left = problems(top)  # what the app does to every widget it shows: names fixed ...
    assert len(left) == 1 and "is a code" in left[0]  # ... but a code is still a code
    assert box.accessibleName() == "" and box.accessibleDescription() == "progress-notes"
    assert field.accessibleName() == "Name" and field.accessibleDescription() == "Surname"
