"""A scroll area that scrolls only down: it is never narrower than its page needs, so a
form at a larger text size grows its window (up to the screen) instead of hiding its right
edge behind a sideways scroll bar (issue 23: the release form was wider than its dialog)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QScrollArea, QStackedWidget, QWidget


def fit_width(scroll: QScrollArea) -> None:
    """Ask for the page's width plus the vertical scroll bar's (call once it is filled)."""
    page = scroll.widget()
    if page is None:
        return
    bar = scroll.verticalScrollBar().sizeHint().width()
    frame = 2 * scroll.frameWidth()
    scroll.setMinimumWidth(page.minimumSizeHint().width() + bar + frame)


class DownScroll(QScrollArea):
    """A scroll area for a page that scrolls only down: its minimum width is always its
    page's (with the scroll bar), however the text size changes; its height can shrink."""

    def __init__(self, page: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidget(page)
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)

    def minimumSizeHint(self) -> QSize:  # Qt's name
        hint = super().minimumSizeHint()
        page = self.widget()
        if page is None:
            return hint
        bar = self.verticalScrollBar().sizeHint().width()
        need = page.minimumSizeHint().width() + bar + 2 * self.frameWidth()
        return QSize(max(hint.width(), need), hint.height())

    def sizeHint(self) -> QSize:  # Qt's name
        """As tall as the whole page where the screen has room for it (Qt's own hint
        stops at 24 lines), else three quarters of the screen's height: a dialog opens
        showing what it can and scrolls the rest, its buttons on the screen."""
        hint = super().sizeHint()
        page = self.widget()
        if page is None:
            return hint
        room = self.screen().availableGeometry().height() * 3 // 4
        return QSize(hint.width(), min(page.sizeHint().height() + 2 * self.frameWidth(), room))

    def event(self, event: QEvent) -> bool:  # its page's layout changed: so did its width
        if event.type() == QEvent.Type.LayoutRequest:
            self.updateGeometry()
        return super().event(event)


class RoomLeft(QScrollArea):
    """A scroll area that asks only for its minimum height, and so takes the room the
    rest of its page leaves: inside a page that scrolls (which is as tall as all it
    holds would like), a long list would otherwise push what follows it off the screen
    (the setup page's Finish button, below the list of services)."""

    def sizeHint(self) -> QSize:  # Qt's name
        hint = super().sizeHint()
        return QSize(hint.width(), max(self.minimumHeight(), self.minimumSizeHint().height()))


class ShownPageStack(QStackedWidget):
    """A stack as tall as the page it shows. Qt's is as tall as its tallest page, in its
    size hints and in the height a scroll area asks it for at a width: in the share
    dialog the release and own-copy roads had the legal road's height below them,
    blank, or their rows spread over it. Its width stays the widest page's, so a
    dialog does not change width from page to page."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # A bound method, not a lambda holding the stack: Qt drops it with the stack.
        self.currentChanged.connect(self._page_changed)

    def _page_changed(self, _: int) -> None:
        self.updateGeometry()

    def _height(self, page: QWidget, width: int) -> int:
        return page.heightForWidth(width) if page.hasHeightForWidth() else page.sizeHint().height()

    def sizeHint(self) -> QSize:  # Qt's name
        page = self.currentWidget()
        hint = super().sizeHint()
        return hint if page is None else QSize(hint.width(), page.sizeHint().height())

    def minimumSizeHint(self) -> QSize:  # Qt's name
        page = self.currentWidget()
        least = super().minimumSizeHint()
        return least if page is None else QSize(least.width(), page.minimumSizeHint().height())

    def heightForWidth(self, width: int) -> int:  # Qt's name
        page = self.currentWidget()
        return super().heightForWidth(width) if page is None else self._height(page, width)


class TallEnough(QWidget):
    """A scroll area's page whose wrapped lines always get their whole height: its minimum
    height follows its width (a scroll area gives a page only its minimum height, one line
    for each wrapped label; the release form's rules were cut off at larger text)."""

    def resizeEvent(self, event: QResizeEvent) -> None:  # Qt's name
        super().resizeEvent(event)
        self._fit()

    def event(self, event: QEvent) -> bool:  # a line's text changed: its height too
        handled = super().event(event)
        if event.type() == QEvent.Type.LayoutRequest:
            self._fit()
        return handled

    def _fit(self) -> None:
        layout = self.layout()
        if layout is not None and layout.hasHeightForWidth():
            need = layout.totalHeightForWidth(self.width())
            if need != self.minimumHeight():
                self.setMinimumHeight(need)
            if self.height() < need:  # (the scroll area may have sized it already)
                self.resize(self.width(), need)


class WrapLabel(QLabel):
    """A wrapped line that asks for its whole height at the width it is given (a form
    layout counted one line for it at larger text)."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setWordWrap(True)

    def resizeEvent(self, event: QResizeEvent) -> None:  # Qt's name
        super().resizeEvent(event)
        need = self.heightForWidth(self.width())
        if need > 0 and need != self.minimumHeight():
            self.setMinimumHeight(need)
