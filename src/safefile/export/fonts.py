"""Fonts embedded in every exported PDF, so every client's name renders.

Shipped in resources/fonts (licences beside them): Noto Sans (Latin with
Vietnamese, Greek, Cyrillic), Noto Sans Arabic, Noto Sans Hebrew (SIL Open Font
Licence) and Droid Sans Fallback (CJK; Apache 2.0).  reportlab embeds TrueType
subsets; with uharfbuzz installed it shapes Arabic (joining forms) and lays out
right-to-left runs in the right order.  Text is split into runs by script and each
run gets the font that covers it.
"""

from __future__ import annotations

import functools
from importlib import resources

FACES = {
    "SF-Sans": "NotoSans-Regular.ttf",
    "SF-Sans-Bold": "NotoSans-Bold.ttf",
    "SF-Arabic": "NotoSansArabic-Regular.ttf",
    "SF-Hebrew": "NotoSansHebrew-Regular.ttf",
    "SF-CJK": "DroidSansFallbackFull.ttf",
}
BODY = "SF-Sans"


def escape(text: str) -> str:
    """XML-escape ``&``, ``<`` and ``>`` (xml.sax.saxutils.escape's default, without
    importing it: it pulls in urllib.request, which the app's start does not need)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


BOLD = "SF-Sans-Bold"


@functools.cache
def register() -> None:
    # reportlab is imported here, not above: the app's appearance reads FACES at start.
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    folder = resources.files("safefile.resources").joinpath("fonts")
    for name, filename in FACES.items():
        with resources.as_file(folder.joinpath(filename)) as path:
            pdfmetrics.registerFont(TTFont(name, str(path)))
    pdfmetrics.registerFontFamily(BODY, normal=BODY, bold=BOLD, italic=BODY, boldItalic=BOLD)


def _face(ch: str) -> str | None:
    cp = ord(ch)
    if (
        0x0600 <= cp <= 0x06FF
        or 0x0750 <= cp <= 0x077F
        or 0x08A0 <= cp <= 0x08FF
        or (0xFB50 <= cp <= 0xFDFF or 0xFE70 <= cp <= 0xFEFF)
    ):
        return "SF-Arabic"
    if 0x0590 <= cp <= 0x05FF or 0xFB1D <= cp <= 0xFB4F:
        return "SF-Hebrew"
    if (
        0x2E80 <= cp <= 0x9FFF
        or 0xAC00 <= cp <= 0xD7AF
        or 0xF900 <= cp <= 0xFAFF
        or 0xFF00 <= cp <= 0xFFEF
        or 0x20000 <= cp <= 0x2FFFF
    ):
        return "SF-CJK"
    if ch.isspace() or not ch.isalpha():
        return None  # spaces, digits and punctuation join the run they are in
    return BODY


# Below this code point every character is in the body font or joins the run it is in
# (_face never answers Arabic, Hebrew or CJK), so the text is one run.
_FIRST_FALLBACK = "\u0590"


def markup(text: str) -> str:
    """Paragraph markup for ``text``: XML-escaped, each script run in a font that covers it."""
    register()
    if max(text, default="\0") < _FIRST_FALLBACK:  # one C-speed scan, no loop per character
        return escape(text).replace("\n", "<br/>")
    return _runs(text)


def _runs(text: str) -> str:
    """The general case: a loop over the characters, splitting runs by script."""
    out: list[str] = []
    run: list[str] = []
    face: str | None = None
    for ch in text:
        f = _face(ch)
        if f is not None and face is not None and f != face:
            out.append(_wrap(face, "".join(run)))
            run = []
        if f is not None:
            face = f
        run.append(ch)
    if run:
        out.append(_wrap(face or BODY, "".join(run)))
    return "".join(out).replace("\n", "<br/>")


def _wrap(face: str, text: str) -> str:
    text = escape(text)
    return text if face == BODY else f'<font face="{face}">{text}</font>'
