"""Finding clipped text without comparing pixels: each visible widget's size against what
it asks for (its size hint, minimum size hint or height for its width)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QStyle,
    QTabBar,
    QWidget,
)

SLACK = 1  # a pixel of rounding
SCREEN = (1366, 768)  # the smallest screen SafeFile is made for (a window's frame aside)


def _shown(w: QWidget, top: QWidget) -> bool:
    return w.isVisibleTo(top) and w.width() > 0 and w.height() > 0


def _in_scroll(w: QWidget, top: QWidget) -> bool:
    """Inside a scroll area's page: it scrolls rather than clips (the page's own width
    still counts, which the area's page widget is checked for)."""
    p = w.parentWidget()
    while p is not None and p is not top:
        if isinstance(p, QAbstractScrollArea) and not isinstance(p, QHeaderView):
            return True
        p = p.parentWidget()
    return False


def clipped(top: QWidget) -> list[str]:
    """Every visible widget of ``top`` whose text does not fit the room it was given."""
    found: list[str] = []
    where = top.windowTitle() or type(top).__name__
    if top.isWindow() and (top.width() > SCREEN[0] or top.height() > SCREEN[1]):
        found.append(
            f"{where}: {top.width()}x{top.height()}, larger than a {SCREEN[0]}x{SCREEN[1]} "
            "screen: its buttons may be out of reach"
        )
    for w in [top, *top.findChildren(QWidget)]:
        if not _shown(w, top):
            continue
        name = f"{where}: {type(w).__name__} {_name(w)[:50]!r}"
        size, hint, least = w.size(), w.sizeHint(), w.minimumSizeHint()
        edge = _past_edge(w, top)
        if edge and _text(w):
            found.append(f"{name}: runs {edge} px past the edge of what shows it")
            continue
        laid_out = w.layout() is not None and not (w.isWindow() and w is not top)
        # ``least`` is its layout's (a stack's: the page shown)
        if laid_out and (
            size.height() + SLACK < least.height() or size.width() + SLACK < least.width()
        ):
            found.append(
                f"{name}: {size.width()}x{size.height()}, its layout needs "
                f"{least.width()}x{least.height()}: what it holds is drawn over each other"
            )
            continue
        if isinstance(w, QLabel) and w.text():
            if w.wordWrap() and w.hasHeightForWidth():
                need = w.heightForWidth(w.width())
                if size.height() + SLACK < need:
                    found.append(f"{name}: {size.height()} px high, needs {need}")
            elif w.pixmap().isNull() and size.width() + SLACK < hint.width():
                found.append(f"{name}: {size.width()} px wide, needs {hint.width()}")
            elif size.height() + SLACK < least.height():
                found.append(f"{name}: {size.height()} px high, needs {least.height()}")
        elif isinstance(w, (QPushButton, QCheckBox, QRadioButton)) and w.text():
            if size.width() + SLACK < least.width() or size.height() + SLACK < least.height():
                found.append(
                    f"{name}: {size.width()}x{size.height()}, needs "
                    f"{least.width()}x{least.height()}"
                )
        elif (
            isinstance(w, (QLineEdit, QComboBox))
            and not isinstance(w.parentWidget(), (QAbstractSpinBox, QComboBox))  # their own
            and size.height() + SLACK < least.height()
        ):
            found.append(f"{name}: {size.height()} px high, needs {least.height()}")
        elif isinstance(w, QTabBar):
            for i in range(w.count()):
                if w.tabRect(i).width() + SLACK < w.tabSizeHint(i).width():
                    found.append(f"{where}: tab {w.tabText(i)!r} is cut short")
                elif w.isTabVisible(i) and w.tabRect(i).right() > w.width() + SLACK:
                    found.append(f"{where}: tab {w.tabText(i)!r} is out of sight")
        elif isinstance(w, QScrollArea) and w.widgetResizable():
            page = w.widget()
            if page is not None and page.minimumSizeHint().width() > w.viewport().width() + SLACK:
                found.append(
                    f"{where}: a page {page.minimumSizeHint().width()} px wide scrolls "
                    f"sideways in {w.viewport().width()} px"
                )
        elif isinstance(w, QHeaderView) and w.orientation().value == 1:  # horizontal
            model = w.model()
            for i in range(w.count()):
                if w.isSectionHidden(i) or model is None:
                    continue
                text = str(model.headerData(i, w.orientation()) or "")
                room = w.sectionSize(i)
                margin = w.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, w)
                need = w.fontMetrics().horizontalAdvance(text) + 2 * margin
                if (
                    text
                    and room + SLACK < need
                    and not w.stretchLastSection()
                    or text
                    and room + SLACK < need
                    and i != w.count() - 1
                ):
                    found.append(f"{where}: column {text!r} is {room} px, needs {need}")
    return found


def _past_edge(w: QWidget, top: QWidget) -> int:
    """How far ``w`` runs past the right edge of its window, or of a scroll area's view
    that never scrolls sideways (0: it does not)."""
    right = w.mapTo(top, w.rect().topRight()).x()
    over = right - top.width() + 1
    p = w.parentWidget()
    while p is not None and p is not top:
        if (
            isinstance(p, QScrollArea)
            and p.horizontalScrollBarPolicy().name == "ScrollBarAlwaysOff"
        ):
            view = p.viewport()
            over = max(over, right - view.mapTo(top, view.rect().topRight()).x())
        p = p.parentWidget()
    return over if over > SLACK else 0


def _text(w: QWidget) -> str:
    if isinstance(w, (QLabel, QAbstractButton)):
        return w.text()
    return ""


def _name(w: QWidget) -> str:
    return _text(w) or (w.title() if isinstance(w, QGroupBox) else "") or w.accessibleName()
