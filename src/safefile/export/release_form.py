"""The release form printed for the client to sign, and the revocation form (issue 24).

Every word comes from the reviewed text file of the client's language
(``resources/release_forms/<code>.json``, records/language.py); this module only lays it
out.  Every field of the release is printed; a line the release does not use prints
"none", so nothing on the form is left blank but the client's initials, the signatures
and the date.  Every page carries the release's reference in the footer and a QR code
holding only the reference, the form's version and a check value (consent/drafts.py).

A form is not a disclosure: it goes to the client, who is its subject, to read and sign.
It is written where the user chose, recorded in the audit trail, and the exact PDF is
kept sealed in the vault with its SHA-256 (``release_prints``).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from safefile import settings
from safefile.clock import today
from safefile.consent import drafts
from safefile.consent.categories import known_categories
from safefile.consent.drafts import Draft
from safefile.consent.releases import Release, get_release
from safefile.errors import InvalidInput
from safefile.export.exporter import check_destination
from safefile.export.pdf import (
    INK,
    RULE,
    Stamp,
    build_pdf,
    frame_width,
    kv_table,
    para,
    spell,
    styles,
)
from safefile.export.seal import seal_with_reason
from safefile.fsutil import atomic_write
from safefile.records import documents
from safefile.records.clients import get_client
from safefile.records.language import FormTexts, client_language, form_texts
from safefile.records.orgs import get_org
from safefile.staff.guard import allowed
from safefile.staff.roles import Action
from safefile.store.actor import Actor
from safefile.store.vault import Vault

QR_SIZE = 21 * mm
BOTTOM = 39 * mm  # room under the text for the code above the footer


@dataclass(frozen=True)
class Printed:
    path: Path
    ref: str
    version: int
    language: str
    sha256: str
    pages: int
    code: str


def _stamp(code: str) -> Stamp:
    def draw(canvas: Canvas, width: float, height: float) -> None:
        widget = QrCodeWidget(code, barLevel="M")
        x0, y0, x1, y1 = widget.getBounds()
        d = Drawing(
            QR_SIZE,
            QR_SIZE,
            transform=[QR_SIZE / (x1 - x0), 0, 0, QR_SIZE / (y1 - y0), 0, 0],
        )
        d.add(widget)
        renderPDF.draw(d, canvas, width - 20 * mm - QR_SIZE, 16 * mm)

    return draw


class _Words:
    """One language's texts, with the program's spelling for English."""

    def __init__(self, t: FormTexts, locale: str) -> None:
        self.t = t
        self.locale = locale

    def __call__(self, key: str, **values: object) -> str:
        text = self.t.text(key, **values)
        return spell(text, self.locale) if self.t.code == "en" else text

    def day(self, d: date | None) -> str:
        if d is None:
            return self("none")
        months = self.t.text("month_names").split(",")
        return self("date", day=d.day, month=months[d.month - 1], year=d.year)

    def or_none(self, text: str | None) -> str:
        return text.strip() if text and text.strip() else self("none")

    def some(self, key: str, fallback: str) -> str:
        return self(key) if self.t.has(key) else fallback


def _program(vault: Vault) -> tuple[str, str, str]:
    s = settings.load(vault)
    return s.program_name.strip(), s.program_address.strip(), s.program_phone.strip()


def _form_fields(vault: Vault, draft: Draft, w: _Words) -> dict[str, str]:
    """Every field of the release, in the form's words; 'none' where it is not used."""
    r = draft.fields
    client = get_client(vault, draft.client_id)
    org = get_org(vault, draft.recipient_org_id)
    program, _, _ = _program(vault)
    cats = known_categories(vault)  # a program category: its name and what it covers
    docs = []
    for doc_id in r.document_ids or ():
        d = documents.get_document(vault, doc_id)
        docs.append(
            w("document_item", title=d.title, date=w.day(date.fromisoformat(d.added_at[:10])))
        )
    period = w("none")
    if r.period_from or r.period_to:
        period = w(
            "period",
            start=w.day(r.period_from) if r.period_from else w("any_date"),
            end=w.day(r.period_to) if r.period_to else w("any_date"),
        )
    return {
        "program": w.or_none(program),
        "client": client.name,
        "recipient": org.name,
        "contact": w.or_none(r.contact_person),
        "direction": w(f"direction_{r.direction}", recipient=org.name),
        "categories": "\n".join(w.some(f"category_{c}", cats.get(c, c)) for c in r.categories),
        "documents": "\n".join(docs) if docs else w("none"),
        "period": period,
        "purpose": r.purpose,
        "methods": "; ".join(w.some(f"method_{m}", m) for m in r.methods),
        "single_use": w("single_use_yes" if r.single_use else "single_use_no"),
        "starts": w.day(r.effective_on) if r.effective_on else w("starts_on_signing"),
        "ends": w.day(r.expires_on),
        "expiry_event": w.or_none(r.expiry_event),
        "reference": draft.ref,
        "signer": r.signer_name or client.name,
        "capacity": w.some(f"capacity_{r.signer_capacity}", r.signer_capacity),
        "authority": w.or_none(r.signer_authority),
        "co_signer": w.or_none(r.co_signer),
        "witness": w.or_none(r.witness),
    }


def _box(label: str, st: dict[str, ParagraphStyle]) -> Table:
    t = Table(
        [[para(label, st["small"])], [""]], colWidths=[28 * mm], rowHeights=[5.5 * mm, 8 * mm]
    )
    t.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 1.2, INK),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return t


def _line(label: str, st: dict[str, ParagraphStyle], width: float) -> Table:
    """A line to write on, with what goes there under it."""
    t = Table([[""], [para(label, st["small"])]], colWidths=[width], rowHeights=[8 * mm, None])
    t.setStyle(
        TableStyle(
            [
                ("LINEBELOW", (0, 0), (0, 0), 0.8, INK),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 1), (-1, 1), 1),
            ]
        )
    )
    return t


def _compact(t: Table) -> Table:
    """A field table a little tighter than an export's, so the form stays short."""
    t.setStyle(
        TableStyle([("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2)])
    )
    return t


def _form_styles() -> dict[str, ParagraphStyle]:
    st = dict(styles())
    st["h2"] = ParagraphStyle("form-h2", parent=st["h2"], spaceBefore=4 * mm, spaceAfter=1.5 * mm)
    return st


def form_story(vault: Vault, draft: Draft, w: _Words, page_size: str) -> list[Flowable]:
    """The form in one language."""
    st = _form_styles()
    width = frame_width(page_size)
    f = _form_fields(vault, draft, w)
    _, address, phone = _program(vault)
    e = f
    out: list[Flowable] = [
        para(w("title"), st["title"]),
        para(w("subtitle"), st["label"]),
        Spacer(1, 2 * mm),
        para((w("intro", program=f["program"], recipient=f["recipient"])), st["body"]),
        para(w("section_what"), st["h2"]),
    ]
    rows = [
        ("label_reference", "reference"),
        ("label_program", "program"),
        ("label_client", "client"),
        ("label_recipient", "recipient"),
        ("label_contact", "contact"),
        ("label_direction", "direction"),
        ("label_categories", "categories"),
        ("label_documents", "documents"),
        ("label_period", "period"),
        ("label_purpose", "purpose"),
        ("label_methods", "methods"),
        ("label_single_use", "single_use"),
        ("label_starts", "starts"),
        ("label_ends", "ends"),
        ("label_expiry_event", "expiry_event"),
    ]
    out.append(_compact(kv_table([(w(label), e[key]) for label, key in rows], st, width)))
    out.append(
        KeepTogether(
            [
                para(w("section_risks"), st["h2"]),
                para((w(f"risks_{draft.recipient_kind}")), st["body"]),
            ]
        )
    )
    none = w("none")
    revoke = [
        para(w("section_revoke"), st["h2"]),
        para(w("revoke_how"), st["body"]),
        para("- " + (w("revoke_phone", phone=phone or none)), st["body"]),
        para("- " + (w("revoke_in_person", address=address or none)), st["body"]),
        para(
            "- " + (w("revoke_writing", program=f["program"], address=address or none)),
            st["body"],
        ),
    ]
    out.append(KeepTogether(revoke))
    out.append(para(w("section_statements"), st["h2"]))
    statements = []
    for n, key in enumerate(
        ("revocation", "not_conditioned", "redisclosure", "limits", "risks"), start=1
    ):
        text = w(f"statement_{key}", recipient=f["recipient"])
        statements.append(
            [para(f"{n}.", st["label"]), para(text, st["body"]), _box(w("initials"), st)]
        )
    table = Table(statements, colWidths=[8 * mm, width - 40 * mm, 32 * mm], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    out.append(table)
    half = (width - 8 * mm) / 2
    signer_rows = [
        (w("label_signer"), e["signer"]),
        (w("label_capacity"), e["capacity"]),
        (w("label_authority"), e["authority"]),
        (w("label_co_signer"), e["co_signer"]),
        (w("label_witness"), e["witness"]),
    ]
    lines = Table(
        [
            [_line(w("label_signature"), st, half), _line(w("label_date"), st, half)],
            [
                _line(w("label_co_signature"), st, half)
                if draft.fields.co_signer
                else para(f"{w('label_co_signature')}: {none}", st["small"]),
                _line(w("label_witness_signature"), st, half),
            ],
        ],
        colWidths=[half + 8 * mm, half],
        hAlign="LEFT",
    )
    lines.setStyle(
        TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("VALIGN", (0, 0), (-1, -1), "BOTTOM")])
    )
    out.append(
        KeepTogether(
            [para(w("section_sign"), st["h2"]), _compact(kv_table(signer_rows, st, width)), lines]
        )
    )
    out.append(para(w("copy"), st["notice"]))
    out.append(para(w("staff_code"), st["small"]))
    return out


def render_form(
    vault: Vault, draft: Draft, code: str, languages: list[str], version: int, form: str
) -> tuple[bytes, int]:
    """The form's PDF (in memory) in ``languages`` (the client's first), and its pages."""
    s = settings.load(vault)
    locale = settings.program_locale(vault)
    story: list[Flowable] = []
    for i, lang in enumerate(languages):
        w = _Words(form_texts(lang), locale)
        if i:
            story.append(PageBreak())
        story += form_story(vault, draft, w, s.page_size)
        if i == 0 and len(languages) > 1:
            story.insert(3, para(w("bilingual_note"), styles()["small"]))
    first = _Words(form_texts(languages[0]), locale)
    footer = first("footer", ref=draft.ref, version=form, print=version)
    return build_pdf(
        story,
        f"{draft.ref} {first('title')}",
        first("title"),
        footer,
        s.page_size,
        bottom_margin=BOTTOM,
        page_label=first.t.text("page"),
        confidential=first("confidential"),
        stamp=_stamp(code),
    )


@allowed(Action.RECORD_RELEASE)
def print_release_form(
    vault: Vault,
    ref: str | int,
    dest: Path,
    *,
    language: str | None = None,
    bilingual: bool = False,
    actor: Actor,
) -> Printed:
    """Print the form of draft ``ref`` for the client to sign (a new version each time)."""
    dest = check_destination(dest)
    draft = drafts.open_draft(vault, ref)
    reasons = drafts.draft_problems(vault, draft.fields, today(vault.clock))
    if reasons:
        raise InvalidInput(
            f"The form of release {draft.ref} cannot be printed:\n" + "\n".join(reasons)
        )
    program, address, phone = _program(vault)
    if not program or not (address or phone):
        raise InvalidInput(
            "The form tells the client how to take back their permission, with the "
            "program's name and its phone number or address: set them first (settings "
            "--program-name, --program-phone, --program-address)."
        )
    lang = language or draft.language or client_language(vault, draft.client_id)
    languages = [lang] + (["en"] if bilingual and lang != "en" else [])
    texts = [form_texts(code) for code in languages]
    form = "+".join(t.tag for t in texts)
    version = (draft.prints[-1].version + 1) if draft.prints else 1
    check = drafts.check_value(vault, draft, version, form)
    code = drafts.Code(draft.ref, version, form, check).text()
    data, pages = render_form(vault, draft, code, languages, version, form)
    # Sealed like every PDF the program writes: the client (or anyone the form is shown
    # to) can see in a PDF reader that the program issued it unchanged.
    data = seal_with_reason(vault, data, f"Release form {draft.ref}, print {version}")
    who = actor
    atomic_write(dest, data)
    try:
        drafts.record_print(
            vault,
            draft,
            version=version,
            language="+".join(languages),
            form=form,
            check=check,
            pdf=data,
            pages=pages,
            actor=who,
        )
    except BaseException:
        dest.unlink(missing_ok=True)  # a form that is not on record was never printed
        raise
    return Printed(dest, draft.ref, version, lang, hashlib.sha256(data).hexdigest(), pages, code)


def revocation_story(vault: Vault, rel: Release, w: _Words, page_size: str) -> list[Flowable]:
    st = styles()
    width = frame_width(page_size)
    program, address, phone = _program(vault)
    client = get_client(vault, rel.client_id)
    none = w("none")
    rows = [
        (w("label_reference"), rel.ref),
        (w("label_program"), (program or none)),
        (w("label_client"), (client.name)),
        (w("label_recipient"), (rel.recipient)),
        (
            w("label_categories"),
            "\n".join(
                w.some(f"category_{c}", known_categories(vault).get(c, c)) for c in rel.categories
            ),
        ),
        (w("label_purpose"), (rel.purpose)),
        (w("revoke_release_signed"), w.day(rel.signed_on)),
        (w("label_ends"), w.day(rel.expires_on)),
    ]
    half = (width - 8 * mm) / 2
    lines = Table(
        [
            [_line(w("label_signature"), st, half), _line(w("label_date"), st, half)],
            [_line(w("revoke_reason"), st, half), Paragraph("", st["small"])],
            [_line(w("revoke_received_by"), st, half), _line(w("revoke_received_how"), st, half)],
        ],
        colWidths=[half + 8 * mm, half],
        hAlign="LEFT",
    )
    lines.setStyle(
        TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("VALIGN", (0, 0), (-1, -1), "BOTTOM")])
    )
    return [
        para(w("revoke_title"), st["title"]),
        para(
            (w("revoke_intro", ref=rel.ref, program=program or none, recipient=rel.recipient)),
            st["body"],
        ),
        Spacer(1, 3 * mm),
        kv_table(rows, st, width),
        para(w("revoke_note"), st["notice"]),
        para(w("section_sign"), st["h2"]),
        lines,
        Spacer(1, 4 * mm),
        para((w("revoke_phone", phone=phone or none)), st["small"]),
        para((w("revoke_in_person", address=address or none)), st["small"]),
        para(w("copy"), st["notice"]),
        para(w("staff_code"), st["small"]),
    ]


@allowed(Action.RECORD_RELEASE)
def print_revocation_form(
    vault: Vault,
    ref: str | int,
    dest: Path,
    *,
    language: str | None = None,
    bilingual: bool = False,
    actor: Actor,
) -> Printed:
    """The one-page revocation form of an entered release, with its reference and code."""
    dest = check_destination(dest)
    rel = get_release(vault, ref)
    lang = language or client_language(vault, rel.client_id)
    languages = [lang] + (["en"] if bilingual and lang != "en" else [])
    form = "+".join(form_texts(c).tag for c in languages)
    code = drafts.revocation_code(vault, rel, form)
    s = settings.load(vault)
    locale = settings.program_locale(vault)
    story: list[Flowable] = []
    for i, code_lang in enumerate(languages):
        if i:
            story.append(PageBreak())
        story += revocation_story(vault, rel, _Words(form_texts(code_lang), locale), s.page_size)
    first = _Words(form_texts(languages[0]), locale)
    data, pages = build_pdf(
        story,
        f"{rel.ref} {first('revoke_title')}",
        first("revoke_title"),
        first("revoke_footer", ref=rel.ref, version=form),
        s.page_size,
        bottom_margin=BOTTOM,
        page_label=first.t.text("page"),
        confidential=first("confidential"),
        stamp=_stamp(code),
    )
    data = seal_with_reason(vault, data, f"Revocation form for release {rel.ref}")
    atomic_write(dest, data)
    vault.audit(
        "revocation form printed",
        client_id=rel.client_id,
        actor=actor,
        release=rel.ref,
    )
    return Printed(dest, rel.ref, 0, lang, hashlib.sha256(data).hexdigest(), pages, code)
