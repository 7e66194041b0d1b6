"""Every screen at every text size, with and without high contrast, at 1366x768: nothing
clips (issue 23, item 6). No pixels are compared: each visible widget's size is compared
with the size it asks for (tests/ui/clipping.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QPushButton, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from safefile import records
from safefile.records.models import OrgIn
from safefile.store.vault import Vault
from safefile.ui import appearance
from safefile.ui.main_window import DISCARDED, MainWindow
from tests.conftest import PASSPHRASE
from tests.ui.clipping import clipped
from tests.ui.test_accessibility import every_screen

pytestmark = pytest.mark.usefixtures("qapp")
LOOKS = [
    appearance.Appearance(size, contrast)
    for size in appearance.TEXT_SIZES
    for contrast in (False, True)
]


@pytest.fixture
def looks(request: pytest.FixtureRequest) -> Iterator[appearance.Appearance]:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    prefs: appearance.Appearance = request.param
    appearance.save(prefs)
    appearance.apply(app, prefs)
    yield prefs
    appearance.apply(app, appearance.Appearance())


def _settle(qtbot: QtBot, w: MainWindow) -> None:
    """The screen as the user sees it once its jobs have answered: a label a job fills
    (the log's "N entries shown") has its text and its layout has made room for it."""
    qtbot.waitUntil(lambda: not w.service.busy, timeout=20_000)
    for _ in range(3):
        QApplication.processEvents()


@pytest.mark.slow
@pytest.mark.parametrize(
    "looks", LOOKS, indirect=True, ids=[f"{a.text_size}-{a.high_contrast}" for a in LOOKS]
)
def test_nothing_clips(
    qtbot: QtBot, made: Path, tmp_path: Path, looks: appearance.Appearance
) -> None:
    with Vault.open(made, passphrase=PASSPHRASE) as v:
        records.add_org(v, OrgIn.from_input({"name": "Division of Parole"}), actor=v.actor)
    w = MainWindow(made, idle_ms=600_000)
    qtbot.addWidget(w)
    w.show()
    found: dict[str, None] = {}
    for screen in every_screen(qtbot, w, tmp_path):
        if isinstance(screen, MainWindow):
            screen.resize(1366, 768)
        else:
            screen.show()
        _settle(qtbot, w)
        found.update(dict.fromkeys(clipped(screen)))
        if isinstance(screen, QDialog):
            screen.hide()
    w.lock()  # the lock screen, with the message about typed text
    w.unlock.tell_discarded(DISCARDED.format(forms="Write a note; Record a service"))
    _settle(qtbot, w)
    found.update(dict.fromkeys(clipped(w)))
    w.close()
    assert list(found) == [], "\n".join(found)


def test_the_check_finds_a_clipped_label_and_button(qtbot: QtBot) -> None:
    """The check itself can fail (a test that cannot fail is a defect)."""
    top = QWidget()
    qtbot.addWidget(top)
    layout = QVBoxLayout(top)
    label = QLabel("A sentence much longer than the room it is given on the screen")
    button = QPushButton("A button with a long label")
    layout.addWidget(label)
    layout.addWidget(button)
    top.show()
    QApplication.processEvents()
    assert clipped(top) == []
    label.setFixedWidth(60)
    button.setFixedWidth(40)
    assert len(clipped(top)) == 2


def test_the_check_finds_a_squeezed_layout_and_a_window_larger_than_the_screen(
    qtbot: QtBot,
) -> None:
    """What the setup page did at larger text (its list of services under the field
    below it) and the Add client dialog (taller than the screen, its buttons below it)."""
    top = QWidget()
    qtbot.addWidget(top)
    box = QWidget(top)
    inner = QVBoxLayout(box)
    for _ in range(3):
        inner.addWidget(QPushButton("One of three"))
    box.setGeometry(0, 0, 200, 300)
    top.resize(400, 400)
    top.show()
    QApplication.processEvents()
    assert clipped(top) == []
    box.setGeometry(0, 0, 200, 30)  # a parent gave it less than its layout needs
    assert any("drawn over each other" in f for f in clipped(top))
    box.setGeometry(0, 0, 200, 300)
    top.setFixedSize(500, 900)
    assert any("larger than a 1366x768 screen" in f for f in clipped(top))
