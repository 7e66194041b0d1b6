"""Text size and high contrast, kept per user, and the app's one style sheet.

The preferences hold no client data and live outside the vault (a small JSON file in
the user's configuration folder), so they apply on the unlock screen too.  ``apply``
sets the application's font and, in high contrast, a black-on-white palette (white on
black for the selection) with focus rectangles and error text that stay visible.
"""

from __future__ import annotations

import functools
import json
import logging
from importlib import resources
from pathlib import Path
from typing import NamedTuple

import platformdirs
from PySide6.QtGui import QColor, QFontDatabase, QPalette
from PySide6.QtWidgets import QApplication

from safefile.errors import InvalidInput
from safefile.export.fonts import FACES
from safefile.fsutil import atomic_write, private_mkdir

log = logging.getLogger("safefile.ui")

TEXT_SIZES = {"normal": 11, "large": 13, "larger": 15}  # points
TEXT_SIZE_LABELS = {"normal": "Normal", "large": "Large", "larger": "Larger"}
FILE_NAME = "appearance.json"
PLACEHOLDER_HIGH_CONTRAST = "#595959"

BASE_STYLE = """
QLabel#title {{ font-size: {title}pt; font-weight: 600; margin: 8px 0; }}
QLabel#error {{ color: #a40000; }}
QLabel#recoverykey {{ font-family: monospace; font-size: {key}pt; padding: 12px;
                     background: white; color: black; border: 1px solid #9aa4ae; }}
QWidget#reminderbar {{ background: #fff4ce; border: 1px solid #e0c060; border-radius: 4px; }}
QPushButton {{ padding: 6px 14px; }}
"""

HIGH_CONTRAST_STYLE = """
QLabel#error {{ color: #8b0000; font-weight: 700; }}
QWidget#reminderbar {{ background: white; border: 2px solid black; border-radius: 0; }}
QLabel#recoverykey {{ border: 2px solid black; }}
QPushButton {{ color: black; background: white; border: 2px solid black; padding: 6px 14px; }}
QPushButton:focus {{ padding: 4px 12px; }}
QPushButton:default {{ border-width: 3px; }}
QPushButton:hover {{ background: #e8e8e8; }}
QPushButton:pressed, QPushButton:checked {{ color: white; background: black; }}
QPushButton:disabled {{ color: #555555; border-color: #555555; }}
QLineEdit, QTextEdit, QPlainTextEdit, QListView, QTableView,
QTreeView, QListWidget, QTableWidget {{ border: 2px solid black; padding: 2px; }}
QPushButton:focus, QLineEdit:focus, QTextEdit:focus, QPlainTextEdit:focus,
QListView:focus, QTableView:focus, QTreeView:focus,
QListWidget:focus, QTableWidget:focus, QTabBar::tab:focus {{ border: 4px solid #0000c0; }}
QLineEdit:focus, QTextEdit:focus, QPlainTextEdit:focus, QListView:focus, QTableView:focus,
QTreeView:focus, QListWidget:focus, QTableWidget:focus {{ padding: 0px; }}
QTabBar::tab:focus {{ padding: 4px 6px; }}
QTabBar::tab {{ color: black; background: white; border: 2px solid black; padding: 6px 8px; }}
QTabBar::tab:selected {{ color: white; background: black; }}
QHeaderView::section {{ color: black; background: #e8e8e8; border: 1px solid black;
                        font-weight: 700; padding: 4px; }}
QMenuBar::item:selected, QMenu::item:selected {{ color: white; background: black; }}
QToolTip {{ color: black; background: white; border: 2px solid black; }}
"""
# Radio buttons, check boxes, combo boxes, spin boxes and dates are left to the palette
# (high_contrast_palette): a style sheet that restyles them makes Qt draw them itself,
# and it drew radio buttons as squares and dropped the combo boxes' arrows.


class Appearance(NamedTuple):  # not a dataclass: `dataclasses` is 1.4 ms of the start
    text_size: str = "normal"
    high_contrast: bool = False

    @property
    def point_size(self) -> int:
        return TEXT_SIZES[self.text_size]


def prefs_file() -> Path:
    return Path(platformdirs.user_config_dir("SafeFile", appauthor=False)) / FILE_NAME


def load() -> Appearance:
    """The saved preferences; the defaults when none are saved or the file is unreadable."""
    path = prefs_file()
    try:
        data = json.loads(path.read_text("utf-8"))
        size = data.get("text_size", "normal")
        contrast = data.get("high_contrast", False)
        if size in TEXT_SIZES and isinstance(contrast, bool):
            return Appearance(size, contrast)
        log.warning("appearance preferences not understood; using the defaults")
    except FileNotFoundError:
        pass
    except (OSError, ValueError, AttributeError):
        log.warning("appearance preferences unreadable; using the defaults")
    return Appearance()


def save(prefs: Appearance) -> None:
    if prefs.text_size not in TEXT_SIZES:
        raise InvalidInput("Choose a text size: Normal, Large or Larger.")
    path = prefs_file()
    private_mkdir(path.parent)
    atomic_write(path, json.dumps(prefs._asdict(), indent=2).encode("utf-8"))


def style_sheet(prefs: Appearance) -> str:
    size = prefs.point_size
    sizes = {"title": round(size * 1.6), "key": round(size * 1.8)}
    style = BASE_STYLE.format(**sizes)
    if prefs.high_contrast:
        style += HIGH_CONTRAST_STYLE.format()
    return style


def high_contrast_palette() -> QPalette:
    black, white, grey = QColor("black"), QColor("white"), QColor("#555555")
    p = QPalette()
    for role in (
        QPalette.ColorRole.Window,
        QPalette.ColorRole.Base,
        QPalette.ColorRole.AlternateBase,
        QPalette.ColorRole.Button,
        QPalette.ColorRole.ToolTipBase,
        QPalette.ColorRole.Light,
        QPalette.ColorRole.Midlight,
    ):
        p.setColor(role, white)
    for role in (
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.Text,
        QPalette.ColorRole.ButtonText,
        QPalette.ColorRole.ToolTipText,
        QPalette.ColorRole.Dark,
        QPalette.ColorRole.Shadow,
        QPalette.ColorRole.Mid,
    ):
        p.setColor(role, black)
    # A hint stays a hint: dark grey (7:1 on white, above WCAG AAA for text), never the black
    # of typed text, so an empty field never reads as filled in (issue 23).
    p.setColor(QPalette.ColorRole.PlaceholderText, QColor(PLACEHOLDER_HIGH_CONTRAST))
    p.setColor(QPalette.ColorRole.Highlight, black)
    p.setColor(QPalette.ColorRole.HighlightedText, white)
    p.setColor(QPalette.ColorRole.Link, QColor("#0000c0"))
    p.setColor(QPalette.ColorRole.BrightText, QColor("#8b0000"))
    for role in (
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.Text,
        QPalette.ColorRole.ButtonText,
    ):
        p.setColor(QPalette.ColorGroup.Disabled, role, grey)
    return p


@functools.cache
def register_fonts() -> None:
    """The fonts the PDFs embed (every script a client's name may be in), for the screen
    too: a workstation without CJK or Arabic fonts would otherwise draw empty boxes.
    Before the first paint: with Noto Sans registered the desktop's default sans-serif
    may resolve to it, so registering it later would change the unlock screen's text."""
    folder = resources.files("safefile.resources").joinpath("fonts")
    for name in FACES.values():
        with resources.as_file(folder.joinpath(name)) as path:
            QFontDatabase.addApplicationFont(str(path))


def apply(app: QApplication, prefs: Appearance | None = None) -> Appearance:
    """Apply ``prefs`` (the saved ones by default) to the whole application."""
    register_fonts()
    prefs = prefs or load()
    font = app.font()
    font.setPointSize(prefs.point_size)
    app.setFont(font)
    palette = high_contrast_palette() if prefs.high_contrast else app.style().standardPalette()
    app.setPalette(palette)
    sheet = style_sheet(prefs)
    if app.styleSheet() != sheet:  # Qt re-parses and re-polishes every widget for a sheet
        app.setStyleSheet(sheet)
    return prefs
