"""The PDF itself: a first page of terms, then the allowed information.

Laid out with reportlab's platypus so text stays selectable and in reading order;
every page carries a header and a footer with the sender, the recipient, the
release, its expiry, the record-of-sharing entry and "page N of M".  The first page
says who sent it, how to verify it and what is not included, and the information
follows on the same page when it fits (a one-line disclosure is one page).  Paper
is US Letter or A4 from the program's settings; SafeFile's own words follow the
program's spelling (en-US or en-GB), client text is never changed.  The file's metadata names
no client and no person: title "SafeFile disclosure <entry>", author and producer
"SafeFile".  ``finish`` passes the bytes through pypdf to attach documents, set
the metadata and language, and optionally encrypt with AES-256.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Callable, Sequence
from typing import Any

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    TextStringObject,
)
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    Image,
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from safefile import words
from safefile.export.content import Content
from safefile.export.fonts import BODY, BOLD, markup, register
from safefile.records.models import Note, Service

PAGE_SIZES = {"letter": LETTER, "a4": A4}
MARGIN = 20 * mm

# SafeFile's own words in US spelling; client text is never passed through this.
_US_SPELLING = {
    "organisation": "organization",
    "Organisation": "Organization",
    "authorisation": "authorization",
    "Authorisation": "Authorization",
    "authorised": "authorized",
    "recognise": "recognize",
    "licence": "license",
}


def spell(text: str, locale: str) -> str:
    """SafeFile's own words in the program's spelling (en-US or en-GB)."""
    if locale != "en-US":
        return text
    for gb, us in _US_SPELLING.items():
        text = text.replace(gb, us)
    return text


def frame_width(page_size: str = "a4") -> float:
    return float(PAGE_SIZES.get(page_size, A4)[0] - 2 * MARGIN)


INK = colors.HexColor("#1d2530")
MUTED = colors.HexColor("#5b6573")
RULE = colors.HexColor("#c9d0d8")
BAND = colors.HexColor("#eef2f6")


def styles() -> dict[str, ParagraphStyle]:
    register()
    base = ParagraphStyle(
        "body",
        fontName=BODY,
        fontSize=10,
        leading=14.5,
        textColor=INK,
        alignment=TA_LEFT,
        shaping=1,
    )
    return {
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=8.5, leading=12, textColor=MUTED),
        "title": ParagraphStyle(
            "title", parent=base, fontName=BOLD, fontSize=18, leading=23, spaceAfter=4 * mm
        ),
        "h2": ParagraphStyle(
            "h2",
            parent=base,
            fontName=BOLD,
            fontSize=12.5,
            leading=17,
            spaceBefore=6 * mm,
            spaceAfter=2.5 * mm,
            keepWithNext=1,
        ),
        "label": ParagraphStyle("label", parent=base, fontName=BOLD, fontSize=9.5, leading=13.5),
        "notice": ParagraphStyle(
            "notice",
            parent=base,
            fontSize=9.5,
            leading=13.5,
            borderColor=RULE,
            borderWidth=0.6,
            borderPadding=3 * mm,
            backColor=BAND,
            spaceBefore=3 * mm,
            spaceAfter=4 * mm,
        ),
    }


class MeasuredParagraph(Paragraph):
    """A Paragraph that breaks its lines once per width (issue 30). reportlab asks a table
    cell's size when the table is measured and again when it draws it, PagedRows asked
    once before either, and a KeepTogether measures its paragraphs before the frame does:
    up to four line breakings of the same text at the same width. The lines depend on
    the width alone (``Paragraph.wrap`` never reads the height), so a second ask at the
    width of the last answer gets that answer."""

    _wrapped_at: float | None = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        if availWidth == self._wrapped_at:
            return self.width, self.height
        got: tuple[float, float] = super().wrap(availWidth, availHeight)
        self._wrapped_at = availWidth if got[1] != 0x7FFFFFFF else None  # (0, huge): no room
        return got


def para(text: str, style: ParagraphStyle) -> Paragraph:
    if style.shaping and not _needs_shaping(text):
        style = _unshaped(style)
    return MeasuredParagraph(markup(text), style)


def _needs_shaping(text: str) -> bool:
    """Text beyond the Latin blocks may need shaping (Arabic joining, right-to-left order,
    combining marks); plain Latin text does not, and shaping it word by word is most of
    the time a long export takes (bench/ui_responsiveness.py)."""
    return max(text, default="\0") > "\u02ff"  # one C-speed scan


@functools.lru_cache(maxsize=64)
def _unshaped(style: ParagraphStyle) -> ParagraphStyle:
    return ParagraphStyle(f"{style.name}-unshaped", parent=style, shaping=0)


def kv_table(
    rows: list[tuple[str, str]], st: dict[str, ParagraphStyle], width: float = 170 * mm
) -> Table:
    data = [[para(k, st["label"]), para(v, st["body"])] for k, v in rows]
    t = Table(data, colWidths=[48 * mm, width - 48 * mm], hAlign="LEFT")
    t.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    return t


when = words.when  # one format for every time shown: 2026-11-22 17:14


def _plain(text: str) -> str:
    return text


def _note_block(
    n: Note,
    st: dict[str, ParagraphStyle],
    heading: Paragraph | None = None,
    say: Callable[[str], str] = _plain,
) -> list[Any]:
    """A note; its first lines kept together (with the section's ``heading`` if given,
    so a heading never ends a page alone).  ``say``: SafeFile's words in the reader's
    language (an own copy), the note's own text never changed."""
    joint = f"  - {say('joint note (session with others present)')}" if n.joint else ""
    head = f"{n.on_date.isoformat()}   {n.ref}{joint}"
    signed = say("Signed by {name} on {when}").format(name=n.signed_by, when=when(n.signed_at))
    parts: list[Any] = [para(head, st["label"]), para(signed, st["small"])]
    for label, text in (("Data", n.data), ("Assessment", n.assessment), ("Plan", n.plan)):
        if text:
            parts.append(para(f"{say(label)}: {text}", st["body"]))
    for a in n.addenda:
        added = say("Addendum, {when} by {author}").format(when=when(a.at), author=a.author)
        parts.append(para(f"{added}: {a.text}", st["body"]))
    parts.append(Spacer(1, 3 * mm))
    lead = [heading] if heading is not None else []
    return [KeepTogether([*lead, *parts[:3]]), *parts[3:]]


class PagedRows(Flowable):
    """A long table laid out one page at a time, with its header row on every page.

    reportlab splits one long Table page by page, measuring and copying every remaining
    row at each split: for thousands of services the time and garbage grow with the
    square of the rows, and the garbage collector then holds the interpreter for
    hundreds of milliseconds at a time, freezing the window (bench/ui_responsiveness.py).
    Here rows are made from plain ``items`` by ``make`` only when their page is laid out
    (so about a page of paragraphs is alive at a time), each row is measured once, and
    each page gets a Table of the header and the rows that fit.
    """

    def __init__(
        self,
        header: list[Any],
        items: Sequence[Any],
        make: Callable[[Any], list[Any]],
        widths: list[float],
        style: TableStyle,
        pad: float = 6.0,
        hpad: float = 12.0,
    ) -> None:
        """``pad`` and ``hpad``: the style's top+bottom and left+right cell padding."""
        super().__init__()
        self.header, self.items, self.make, self.widths, self.style = (
            header,
            items,
            make,
            widths,
            style,
        )
        self.pad, self.hpad = pad, hpad
        self._rows: list[list[Any]] = []  # made and measured so far, from the first item
        self._heights: list[float] = []
        self._moved = False

    def _height(self, row: list[Any]) -> float:
        inner = [w - self.hpad for w in self.widths]
        return (
            float(max(cell.wrap(w, 1e9)[1] for cell, w in zip(row, inner, strict=True))) + self.pad
        )

    def _fit(self, avail: float) -> int:
        """How many rows fit in ``avail`` points under the header."""
        head = self._height(self.header)
        while len(self._rows) < len(self.items) and head + sum(self._heights) <= avail:
            row = self.make(self.items[len(self._rows)])
            self._rows.append(row)
            self._heights.append(self._height(row))
        used, n = head, 0
        for h in self._heights:
            if used + h > avail - 2:  # a little room for the rules between rows
                break
            used, n = used + h, n + 1
        return n

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        if self._fit(ah) == len(self.items):
            return aw, self._height(self.header) + sum(self._heights)
        return aw, ah + 1  # more than fits: the frame asks us to split

    def _rest(self, n: int) -> list[Any]:
        if n >= len(self.items):
            return []
        rest = PagedRows(
            self.header, self.items[n:], self.make, self.widths, self.style, self.pad, self.hpad
        )
        rest._rows, rest._heights = self._rows[n:], self._heights[n:]  # made already: reuse
        return [rest]

    def split(self, aw: float, ah: float) -> list[Any]:
        n = self._fit(ah)
        if n == 0 and not self._moved:
            self._moved = True
            return []  # not even one row here: the frame moves us to the next page
        if n == 0:  # one row taller than a whole page: a table that splits inside the row
            parts = self._table(self._rows[:1], split_in_row=True).split(aw, ah)
            return [*parts, *self._rest(1)] if parts else []
        return [self._table(self._rows[:n]), *self._rest(n)]

    def _table(self, rows: list[list[Any]], split_in_row: bool = False) -> Table:
        t = Table(
            [self.header, *rows],
            colWidths=self.widths,
            repeatRows=1,
            hAlign="LEFT",
            splitInRow=int(split_in_row),
        )
        t.setStyle(self.style)
        return t

    def draw(self) -> None:  # everything fitted: draw it as one table
        t = self._table(self._rows)
        t.wrapOn(self.canv, sum(self.widths), 1e9)
        t.drawOn(self.canv, 0, 0)


def _services_table(
    services: list[Service], st: dict[str, ParagraphStyle], say: Callable[[str], str] = _plain
) -> PagedRows:
    head = [para(say(h), st["label"]) for h in ("Date", "Service", "Minutes", "Note")]
    style = TableStyle(
        [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("BACKGROUND", (0, 0), (-1, 0), BAND),
            ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
        ]
    )

    def row(s: Service) -> list[Any]:
        return [
            para(s.on_date.isoformat(), st["body"]),
            para(s.type, st["body"]),
            para(str(s.minutes) if s.minutes is not None else "-", st["body"]),
            para(s.note or "", st["body"]),
        ]

    return PagedRows(head, services, row, [24 * mm, 48 * mm, 22 * mm, 76 * mm], style)


def story(content: Content) -> list[Any]:
    """The pages' text: in the client's language for an own copy (``content.words``),
    then, when bilingual, the same in English for the file (``content.english``)."""
    out = _story_one(content)
    if content.english is not None:
        st = styles()
        out.insert(1, para(content.words.get(BILINGUAL_NOTE, BILINGUAL_NOTE), st["small"]))
        out += [PageBreak(), *_story_one(content.english)]
    return out  # "End of document." is drawn on the last page itself (build_pdf: end)


BILINGUAL_NOTE = "The same copy in English follows, for the file."


def _story_one(content: Content) -> list[Any]:
    st = styles()
    who = content.sender
    locale = who.locale if who else "en-GB"
    width = frame_width(who.page_size if who else "a4")

    def say(text: str) -> str:
        return content.words.get(text) or spell(text, locale)

    terms = [(say(k), say(v) if v in content.words else v) for k, v in content.terms]
    out: list[Any] = [para(say(content.title), st["title"]), kv_table(terms, st, width)]
    for notice in content.notices:
        out.append(para(say(notice), st["notice"]))
    if content.not_included:
        out.append(para(f"{say('Not included')}: {say(content.not_included)}.", st["label"]))
    if content.left_out:
        out.append(para(say("Left out of this document"), st["h2"]))
        out += [para(f"- {say(x)}", st["body"]) for x in content.left_out]
    if content.verify:
        out.append(para(say(content.verify), st["notice"]))
    start = len(out)
    # The information follows on the first page when a heading and a few lines fit.
    out.append(CondPageBreak(45 * mm))
    if content.contact:
        contact = [(say(k), say(v) if v in content.words else v) for k, v in content.contact]
        out += [para(say("Contact details"), st["h2"]), kv_table(contact, st, width)]
    if content.attendance:
        out.append(para(say("Attendance"), st["h2"]))
        dates = ", ".join(d.isoformat() for d in content.attendance)
        attended = say("A client of the program. Dates attended ({count}): {dates}")
        out.append(para(attended.format(count=len(content.attendance), dates=dates), st["body"]))
    if content.services:
        out.append(para(say("Services provided"), st["h2"]))
        out.append(_services_table(content.services, st, say))
    for heading, notes in (
        (say("Progress notes"), content.notes),
        ("Psychotherapy (process) notes", content.process_notes),
    ):
        if notes:
            first = _note_block(notes[0], st, heading=para(heading, st["h2"]), say=say)
            out += first
            for n in notes[1:]:
                out += _note_block(n, st, say=say)
    if content.documents:
        out.append(para(say("Documents"), st["h2"]))
        out.append(
            para(
                say(
                    "Each document below is printed on the pages after this information, and "
                    "attached to this PDF file."
                ),
                st["small"],
            )
        )
        row = say("{kind}, added {date}, {size} bytes")
        docs = [
            (d.title, row.format(kind=d.doc_type, date=d.added_at[:10], size=f"{d.size:,}"))
            for d in content.documents
        ]
        out.append(kv_table(docs, st, width))
    if len(out) == start + 1:
        out.append(para(say("No items of these categories are in the client's file."), st["body"]))
    return out


END = "End of document."


Stamp = Callable[[Canvas, float, float], None]  # draws on every page: (canvas, width, height)


def _numbered_canvas(
    header: str,
    footer: str,
    pagesize: tuple[float, float],
    pages: list[int],
    *,
    page_label: str = "Page {page} of {total}",
    confidential: str = "CONFIDENTIAL",
    stamp: Stamp | None = None,
    end: str = "",
) -> type[Canvas]:
    """The canvas class; ``pages`` receives the number of pages when the PDF is saved.
    ``page_label`` and ``confidential`` in the document's language; ``stamp`` draws more
    on every page (a release form's code); ``end`` is written on the last page, under its
    text and above the footer's line, so it can never be a page of its own (issue 23: a
    last page held only "End of document.")."""

    class NumberedCanvas(Canvas):
        """Two passes in one: pages are kept until the end, when "of M" is known."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:  # reportlab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            pages.append(total)
            furniture = self._furniture()
            for i, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                self._decorate(i, total, furniture)
                super().showPage()
            super().save()

        def _furniture(self) -> str:
            """What every page has alike: the rules, "CONFIDENTIAL", the header and the
            footer, drawn once into a form XObject that each page shows (issue 30: the
            footer's paragraph was parsed and laid out again on every page)."""
            name = "SafeFilePage"
            width, height = pagesize
            self.beginForm(name)
            self.setStrokeColor(RULE)
            self.setLineWidth(0.5)
            self.line(20 * mm, height - 14 * mm, width - 20 * mm, height - 14 * mm)
            self.line(20 * mm, 15 * mm, width - 20 * mm, 15 * mm)
            self.setFillColor(MUTED)
            self.setFont(BOLD, 8)
            self.drawString(20 * mm, height - 12 * mm, confidential)
            self.setFont(BODY, 8)
            self.drawRightString(width - 20 * mm, height - 12 * mm, header)
            style = ParagraphStyle(
                "f", fontName=BODY, fontSize=7.5, leading=9.5, textColor=MUTED, shaping=1
            )
            footer_p = Paragraph(markup(footer), style)
            _, h = footer_p.wrap(width - 75 * mm, 20 * mm)
            footer_p.drawOn(self, 20 * mm, 11 * mm - h + 9.5)
            self.endForm()
            return name

        def _decorate(self, page: int, total: int, furniture: str) -> None:
            width, _ = pagesize
            self.saveState()
            self.doForm(furniture)
            self.setFillColor(MUTED)
            self.setFont(BOLD, 8)
            self.drawRightString(
                width - 20 * mm, 11 * mm, page_label.format(page=page, total=total)
            )
            if end and page == total:
                self.setFillColor(colors.black)
                self.setFont(BODY, 8)
                self.drawString(20 * mm, 18 * mm, end)  # in the bottom margin, over the rule
            self.restoreState()
            if stamp is not None:
                stamp(self, *pagesize)

    return NumberedCanvas


def build_pdf(
    flowables: list[Any],
    doc_title: str,
    header: str,
    footer: str,
    page_size: str,
    bottom_margin: float = 24 * mm,
    **page: Any,
) -> tuple[bytes, int]:
    """The PDF of ``flowables`` with SafeFile's pages, header and footer (in memory only),
    and the number of pages; ``page_size`` "letter" or "a4" (the program's setting, which
    every caller passes: no PDF chooses its own paper); ``page``: the canvas's
    ``page_label``, ``confidential``, ``stamp`` and ``end`` (``_numbered_canvas``)."""
    register()
    buf = io.BytesIO()
    pagesize = PAGE_SIZES.get(page_size, A4)
    doc = SimpleDocTemplate(
        buf,
        pagesize=pagesize,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=22 * mm,
        bottomMargin=bottom_margin,
        title=doc_title,
        author="SafeFile",
        creator="SafeFile",
        producer="SafeFile",
        subject="",
        keywords="",
        invariant=0,
    )
    pages: list[int] = []
    doc.build(flowables, canvasmaker=_numbered_canvas(header, footer, pagesize, pages, **page))
    return buf.getvalue(), pages[-1]  # counted by the build: the PDF is not parsed again


def render(content: Content, doc_title: str) -> tuple[bytes, int]:
    """The PDF bytes (in memory only) and the number of pages: the information, then each
    document printed on pages of its own (a PDF's pages, an image placed on a page), so a
    printout carries them; they stay attached to the file as well."""
    who = content.sender
    locale = who.locale if who else "en-GB"
    page_size = who.page_size if who else "a4"
    page: dict[str, Any] = {}
    if content.words:  # the client's language (an own copy)
        page = {
            "confidential": content.words["CONFIDENTIAL"],
            "page_label": content.words["Page {page} of {total}"],
        }
    data, pages = build_pdf(
        story(content),
        doc_title,
        content.words.get(content.title) or spell(content.title, locale),
        content.footer if content.words else spell(content.footer, locale),
        page_size,
        end=content.words.get(END) or END,
        **page,
    )
    if not content.documents:
        return data, pages
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    for meta, (_, blob) in zip(content.documents, content.attachments, strict=True):
        heading = (content.words.get(DOCUMENT) or DOCUMENT).format(title=meta.title)
        printed = document_pages(
            meta.title,
            blob,
            meta.media_type,
            page_size,
            content.footer,
            heading=heading,
            cannot=content.words.get(CANNOT_PRINT, CANNOT_PRINT),
            **page,
        )
        writer.append(PdfReader(io.BytesIO(printed)), import_outline=False)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue(), len(writer.pages)


DOCUMENT = "Document: {title}"
CANNOT_PRINT = (
    "This document cannot be printed into this file. It is attached to the PDF: open the "
    "file's attachments to read it."
)


def document_pages(
    title: str,
    blob: bytes,
    media_type: str,
    page_size: str,
    footer: str,
    *,
    heading: str | None = None,
    cannot: str = CANNOT_PRINT,
    **page: Any,
) -> bytes:
    """One document as pages to print into a disclosure: an image on a page under its
    title; a PDF's own pages, each marked with the document's title and the footer; a
    document that cannot be printed, a page saying it is attached to the file.
    ``heading``: "Document: <title>" in the reader's language (an own copy)."""
    heading = heading or DOCUMENT.format(title=title)
    try:
        if media_type == "application/pdf":
            return _marked(blob, f"{heading} - {footer}")
        return appended_pages(heading, blob, media_type, page_size, footer, **page)
    except Exception:  # a damaged or unknown file is still sent, as an attachment
        st = styles()
        data, _ = build_pdf(
            [
                para(heading, st["h2"]),
                para(cannot, st["body"]),
            ],
            heading,
            heading,
            footer,
            page_size,
            **page,
        )
        return data


def _is_signature(entry: Any) -> bool:
    """A signature field, or a widget of one: its type is its own or inherited from a
    field above it. Anything that is not a dictionary (a null in a damaged list) is not."""
    obj = entry.get_object()
    seen = 0
    while isinstance(obj, DictionaryObject) and seen < 32:  # (a loop of parents ends too)
        if "/FT" in obj:
            return str(obj["/FT"]) == "/Sig"
        parent = obj.get("/Parent")
        obj, seen = (parent.get_object() if parent is not None else None), seen + 1
    return False


def _as_stamp(widget: DictionaryObject) -> DictionaryObject | None:
    """A signature's widget as a stamp: what it shows (its appearance), where it showed
    it, and no longer a field; None if it showed nothing."""
    if "/AP" not in widget or "/Rect" not in widget:
        return None
    stamp = DictionaryObject()
    stamp[NameObject("/Type")] = NameObject("/Annot")
    stamp[NameObject("/Subtype")] = NameObject("/Stamp")
    stamp[NameObject("/Rect")] = widget["/Rect"]
    stamp[NameObject("/AP")] = widget["/AP"]
    stamp[NameObject("/F")] = NumberObject(4)  # printed
    return stamp


def _fields_but_signatures(fields: Any) -> ArrayObject:
    kept = ArrayObject()
    for entry in fields.get_object():
        field = entry.get_object()
        if _is_signature(entry) or not isinstance(field, DictionaryObject):
            continue  # (a null in a damaged list goes too)
        if "/Kids" in field:
            field[NameObject("/Kids")] = _fields_but_signatures(field["/Kids"])
        kept.append(entry)
    return kept


def _unsigned(blob: bytes) -> PdfWriter:
    """The PDF ``blob`` without its signature fields, to be printed into another
    PDF: a signature (the program's seal on a printed form, anyone's digital signature)
    covers the bytes of the file it was made in, so in another file a reader shows it
    broken, and the new file's own seal cannot be made beside one of the same name
    (pyHanko refuses a field that is already filled). What a signature showed on the
    page stays, as a stamp; a document of the file is also attached to the new file
    whole, signatures and all. A damaged PDF fails here, before anything is written."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(blob)))
    for number, page in enumerate(writer.pages):
        annots = page.get("/Annots")
        if annots is None:
            continue
        kept, signatures = ArrayObject(), ArrayObject()
        for entry in annots.get_object():
            if isinstance(entry.get_object(), DictionaryObject):  # (a null goes)
                (signatures if _is_signature(entry) else kept).append(entry)
        page[NameObject("/Annots")] = kept
        for entry in signatures:
            if (stamp := _as_stamp(entry.get_object())) is not None:
                writer.add_annotation(number, stamp)
    form = writer.root_object.get("/AcroForm")
    if form is not None:
        form = form.get_object()
        if "/Fields" in form:
            form[NameObject("/Fields")] = _fields_but_signatures(form["/Fields"])
        form.pop("/SigFlags", None)
    writer.root_object.pop("/Perms", None)  # a certification names its signature here
    return writer


def _marked(blob: bytes, label: str) -> bytes:
    """A PDF's pages, without signature fields, with ``label`` in small type along the
    bottom edge of each."""
    writer = _unsigned(blob)
    register()
    for page in writer.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        buf = io.BytesIO()
        c = Canvas(buf, pagesize=(width, height))
        c.setFont(BODY, 6.5)
        c.setFillColor(MUTED)
        c.drawString(8 * mm, 4 * mm, label[:160])
        c.save()
        page.merge_page(PdfReader(io.BytesIO(buf.getvalue())).pages[0])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def appended_pages(
    title: str, blob: bytes, media_type: str, page_size: str, footer: str, **page: Any
) -> bytes:
    """A signed form (PDF, JPEG or PNG) as pages to append: a PDF as it is but for its
    signature fields (``_unsigned``), an image
    scaled to fit one page under a heading saying what it is (in memory only); ``page``:
    the page's words in the reader's language (build_pdf)."""
    if media_type == "application/pdf":
        out = io.BytesIO()
        _unsigned(blob).write(out)
        return out.getvalue()
    if media_type not in ("image/jpeg", "image/png"):
        raise ValueError(f"cannot append a document of type {media_type}")
    st = styles()
    width = frame_width(page_size)
    img = Image(io.BytesIO(blob))
    avail_h = PAGE_SIZES.get(page_size, A4)[1] - 22 * mm - 24 * mm - 20 * mm
    scale = min(width / img.imageWidth, avail_h / img.imageHeight, 1.0)
    img.drawWidth, img.drawHeight = img.imageWidth * scale, img.imageHeight * scale
    data, _ = build_pdf([para(title, st["h2"]), img], title, title, footer, page_size, **page)
    return data


def finish(
    data: bytes,
    doc_title: str,
    attachments: list[tuple[str, bytes]],
    password: str | None,
    appended: Sequence[bytes] = (),
    lang: str = "en",
) -> bytes:
    """Append pages (``appended``: PDFs), attach documents, set clean metadata and
    language, encrypt if asked (AES-256)."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    for extra in appended:
        writer.append(PdfReader(io.BytesIO(extra)), import_outline=False)
    for name, blob in attachments:
        writer.add_attachment(name, blob)
    writer.metadata = {
        "/Title": doc_title,
        "/Author": "SafeFile",
        "/Creator": "SafeFile",
        "/Producer": "SafeFile",
    }
    writer._root_object[NameObject("/Lang")] = TextStringObject(lang)
    writer.page_mode = "/UseOutlines" if not attachments else "/UseAttachments"
    if password:
        writer.encrypt(user_password=password, owner_password=None, algorithm="AES-256")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
