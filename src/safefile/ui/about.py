"""Help → About: the version of SafeFile and of the parts that keep the data safe (what
support asks for first), and the app's icon from resources/icons."""

from __future__ import annotations

from importlib import resources

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import qVersion
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QMessageBox, QWidget

from safefile import APP_ID, versions

ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def app_icon() -> QIcon:
    """The icon in every size shipped (the window manager picks one)."""
    icon = QIcon()
    folder = resources.files("safefile.resources").joinpath("icons")
    for size in ICON_SIZES:
        with resources.as_file(folder.joinpath(f"{APP_ID}-{size}.png")) as path:
            icon.addFile(str(path))
    return icon


def version_rows() -> list[tuple[str, str]]:
    """SafeFile, SQLCipher, SQLite, Qt, PySide6 and Python, each with its version."""
    rows = versions.describe()
    return [*rows[:3], ("Qt", qVersion()), ("PySide6", pyside_version), *rows[3:]]


def about_text() -> str:
    rows = version_rows()
    lines = [
        f"SafeFile {rows[0][1]}",
        "Encrypted client records for small helping programs.",
        "",
        *(f"{name} {version}" for name, version in rows[1:]),
        "",
        "SafeFile is free software under the GNU GPL, version 3 or later.",
        "Fonts: Noto Sans (SIL Open Font Licence 1.1), Droid Sans Fallback (Apache 2.0).",
    ]
    return "\n".join(lines)


class AboutDialog(QMessageBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("About SafeFile")
        self.setIconPixmap(app_icon().pixmap(64, 64))
        self.setText(about_text())
        self.setStandardButtons(QMessageBox.StandardButton.Close)
