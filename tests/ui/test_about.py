"""Help → About names SafeFile's version and those of SQLCipher, Qt and Python."""

from __future__ import annotations

import platform

from PySide6.QtCore import QTimer, qVersion
from PySide6.QtWidgets import QApplication

import safefile
from safefile.ui.about import AboutDialog, app_icon


def test_about_names_every_version(qtbot) -> None:  # type: ignore[no-untyped-def]
    box = AboutDialog()
    qtbot.addWidget(box)
    text = box.text()
    assert f"SafeFile {safefile.__version__}" in text
    assert "SQLCipher 4." in text
    assert f"Qt {qVersion()}" in text
    assert f"Python {platform.python_version()}" in text


def test_help_menu_opens_about(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    help_menu = next(
        a.menu() for a in window.menuBar().actions() if a.text().replace("&", "") == "Help"
    )
    about = next(a for a in help_menu.actions() if a.text().replace("&", "") == "About SafeFile")
    seen: list[str] = []

    def close_it() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, AboutDialog):
            seen.append(box.text())
            box.done(0)
        else:
            QTimer.singleShot(50, close_it)

    QTimer.singleShot(50, close_it)
    about.trigger()
    assert seen and safefile.__version__ in seen[0]


def test_app_icon_has_every_size() -> None:
    sizes = {(s.width(), s.height()) for s in app_icon().availableSizes()}
    assert {(16, 16), (48, 48), (256, 256)} <= sizes
