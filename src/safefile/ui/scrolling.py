"""A scroll area that scrolls only down: it is never narrower than its page needs, so a
form at a larger text size grows its window (up to the screen) instead of hiding its right
edge behind a sideways scroll bar (issue 23: the release form was wider than its dialog)."""

from __future__ import annotations

from PySide6.QtWidgets import QScrollArea


def fit_width(scroll: QScrollArea) -> None:
    """Ask for the page's width plus the vertical scroll bar's (call once it is filled)."""
    page = scroll.widget()
    if page is None:
        return
    bar = scroll.verticalScrollBar().sizeHint().width()
    frame = 2 * scroll.frameWidth()
    scroll.setMinimumWidth(page.minimumSizeHint().width() + bar + frame)
