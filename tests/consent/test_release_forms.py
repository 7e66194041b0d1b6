"""The written release end to end (issue 24): a draft no road uses, the printed form with
every field in English and Spanish, the QR code read back from a rendered scan (rotated,
at 150 dpi), and every wrong scan refused."""

from __future__ import annotations

import io
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pypdfium2
import pytest
from pypdf import PdfReader
from reportlab.pdfgen.canvas import Canvas

from safefile import settings
from safefile.consent import drafts, gate, log, releases
from safefile.consent.disclose import disclose
from safefile.consent.form_scan import read_codes
from safefile.consent.kinds import EntryKind
from safefile.consent.people import add_restriction
from safefile.consent.releases import ReleaseIn
from safefile.errors import ConsentRefused, InvalidInput, NotFound
from safefile.export.release_form import _stamp, print_release_form
from safefile.records.language import form_texts, set_client_language
from tests.consent.conftest import World

D = date.fromisoformat
TODAY = D("2026-11-22")  # the test clock's day
STATEMENT_KEYS = ("revocation", "not_conditioned", "redisclosure", "limits", "risks")


def _program(world: World) -> None:
    settings.save(
        world.vault,
        {
            "program_name": "Harbor House",
            "program_phone": "555-0199",
            "program_address": "12 Main St, Springfield",
        },
    )


def _draft(world: World, *, language: str | None = "en", **changes: Any) -> int:
    data = {
        "client_id": world.amina,
        "recipient_org_id": world.parole,
        "categories": ("attendance", "services", "documents"),
        "document_ids": (world.other_doc,),
        "purpose": "Parole compliance",
        "expires_on": D("2027-05-31"),
        "contact_person": "Officer Ray",
        "methods": ("pdf", "email"),
        "period_from": D("2026-01-01"),
        "period_to": D("2026-11-30"),
        "single_use": True,
        "expiry_event": "the end of parole",
    } | changes
    return drafts.draft_release(
        world.vault,
        ReleaseIn.from_input(data),
        recipient_kind="police",
        language=language,
        actor=world.vault.actor,
    )


def _text(pdf: Path | bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf) if isinstance(pdf, bytes) else pdf)
    return " ".join(" ".join(p.extract_text().split()) for p in reader.pages)


def _scan(pdf: Path, dest: Path, *, dpi: int = 150, rotate: int = 0) -> Path:
    """What a scanner makes of the printed pages: images, in a PDF (or one PNG)."""
    doc = pypdfium2.PdfDocument(pdf.read_bytes())
    images = [
        doc[i]
        .render(scale=dpi / 72)
        .to_pil()
        .convert("RGB")
        .rotate(rotate, expand=True, fillcolor="white")
        for i in range(len(doc))
    ]
    doc.close()
    if dest.suffix == ".png":
        images[0].save(dest)
    else:
        images[0].save(dest, save_all=True, append_images=images[1:], resolution=dpi)
    return dest


def _sign(world: World, ref: int, scan: Path, **kw: object) -> int:
    args: dict[str, object] = {
        "changed_by_hand": "no",
        "statements": dict.fromkeys(releases.STATEMENTS, True),
    } | kw
    return drafts.sign(world.vault, ref, scan, TODAY, actor=world.vault.actor, **args)  # type: ignore[arg-type]


# -- drafts --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"expires_on": D("2028-01-01")}, "this program allows at most 365 days"),
        ({"categories": ("process-notes", "attendance"), "document_ids": None}, "Process notes"),
        ({"recipient_org_id": 99}, "There is no organisation with id 99"),
        ({"effective_on": D("2026-11-01")}, "before it was signed"),
        ({"document_ids": (999,)}, "Document 999 is not a document in this client's file"),
        ({"copy_given_on": D("2026-11-22")}, "record the date with 'release sign"),
    ],
)
def test_a_draft_is_refused_for_what_release_add_refuses(
    world: World, changes: dict[str, Any], reason: str
) -> None:
    with pytest.raises(InvalidInput, match=reason):
        _draft(world, **changes)
    assert world.vault.db.execute("SELECT count(*) FROM release_drafts").fetchone()[0] == 0


def test_a_draft_signed_by_a_restricted_person_is_refused(world: World) -> None:
    add_restriction(
        world.vault, world.amina, "Carl Diallo", "alleged abuser", actor=world.vault.actor
    )
    with pytest.raises(InvalidInput, match="restricted list"):
        _draft(world, signer_name="Carl Diallo", signer_capacity="guardian", signer_authority="x")


def test_no_road_uses_a_printed_release_before_it_is_signed(world: World, tmp_path: Path) -> None:
    _program(world)
    ref = _draft(world, categories=("attendance",), document_ids=None)
    print_release_form(world.vault, ref, tmp_path / "form.pdf", actor=world.vault.actor)
    assert releases.list_releases(world.vault, world.amina) == []
    request = gate.ExportRequest(
        world.amina, world.parole, ("attendance",), purpose="Parole compliance"
    )
    # The export road, naming the release and letting the gate find one.
    for req in (request, gate.ExportRequest(**{**request.__dict__, "release_id": ref})):
        decision = gate.decide(world.vault, req, actor=world.vault.actor)
        assert isinstance(decision, gate.Refusal)
        assert any("R-1" in r and "not signed yet" in r for r in decision.reasons)
        assert log.get_entry(world.vault, decision.log_ref).kind == EntryKind.REFUSED
    # A disclosure by phone or in person, under the release or not.
    for release_id in (ref, None):
        with pytest.raises(ConsentRefused, match="not signed yet"):
            disclose(
                world.vault,
                client_id=world.amina,
                recipient_org_id=world.parole,
                categories="attendance",
                purpose="Parole compliance",
                method="in-person",
                summary="Attendance",
                release_id=release_id,
                actor=world.vault.actor,
            )
    # Whoever asks for the release itself (the log, a revocation) is told it is unsigned.
    with pytest.raises(NotFound, match="not signed yet"):
        releases.get_release(world.vault, ref)
    with pytest.raises(NotFound, match="not signed yet"):
        releases.revoke_release(world.vault, ref, TODAY, actor=world.vault.actor)


# -- the printed form ----------------------------------------------------------------------


def _field_values(world: World, lang: str) -> list[str]:
    t = form_texts(lang)
    months = t.text("month_names").split(",")

    def day(d: date) -> str:
        return t.text("date", day=d.day, month=months[d.month - 1], year=d.year)

    return [
        "R-1",
        "Harbor House",
        "Amina Diallo",
        "Division of Parole",
        "Officer Ray",
        t.text("direction_release", recipient="Division of Parole"),
        t.text("category_attendance"),
        t.text("category_services"),
        t.text("category_documents"),
        "Order",  # the named document
        t.text("period", start=day(D("2026-01-01")), end=day(D("2026-11-30"))),
        "Parole compliance",
        t.text("method_pdf"),
        t.text("method_email"),
        t.text("single_use_yes"),
        t.text("starts_on_signing"),
        day(D("2027-05-31")),
        "the end of parole",
        t.text("capacity_client"),
        "Test Advocate",  # the witness
        t.text("risks_police"),
        t.text("revoke_phone", phone="555-0199"),
        t.text("revoke_in_person", address="12 Main St, Springfield"),
        t.text("copy"),
        t.text("initials"),
        t.text("label_signature"),
        t.text("label_date"),
        *(t.text(f"statement_{k}", recipient="Division of Parole") for k in STATEMENT_KEYS),
    ]


@pytest.mark.parametrize("lang", ["en", "es"])
def test_every_field_of_the_release_is_on_the_printed_form(
    world: World, tmp_path: Path, lang: str
) -> None:
    _program(world)
    ref = _draft(world)
    out = print_release_form(
        world.vault, ref, tmp_path / "form.pdf", language=lang, actor=world.vault.actor
    )
    text = _text(out.path)
    missing = [v for v in _field_values(world, lang) if " ".join(v.split()) not in text]
    assert missing == []
    none = form_texts(lang).text("none")
    assert text.count(none) >= 3  # authority, co-signer, (and its signature line) unused
    assert "Amina" not in out.code and "Parole" not in out.code and "http" not in out.code
    assert out.code.startswith(f"SFR1 R-1 V1 {lang}-")
    # The exact PDF is kept in the vault with its digest.
    printed = drafts.get_draft(world.vault, ref).prints[-1]
    from safefile.records.documents import read_document

    kept = read_document(world.vault, printed.document_id, actor=world.vault.actor)
    assert kept == out.path.read_bytes() and printed.sha256 == out.sha256


def test_the_bilingual_form_is_the_clients_language_then_english(
    world: World, tmp_path: Path
) -> None:
    _program(world)
    set_client_language(world.vault, world.amina, "es", actor=world.vault.actor)
    ref = _draft(world, language=None)  # the client's
    out = print_release_form(
        world.vault, ref, tmp_path / "form.pdf", bilingual=True, actor=world.vault.actor
    )
    text = _text(out.path)
    es, en = form_texts("es").text("title"), form_texts("en").text("title")
    assert es in text and en in text and text.index(es) < text.index(en)
    assert out.code.split(" ")[3] == f"{form_texts('es').tag}+{form_texts('en').tag}"


def test_a_form_that_cannot_say_how_to_revoke_is_not_printed(world: World, tmp_path: Path) -> None:
    ref = _draft(world)
    with pytest.raises(InvalidInput, match="program's name and its phone number or address"):
        print_release_form(world.vault, ref, tmp_path / "form.pdf", actor=world.vault.actor)
    assert not (tmp_path / "form.pdf").exists()


def test_a_draft_that_became_invalid_is_not_printed(world: World, tmp_path: Path) -> None:
    _program(world)
    ref = _draft(world, contact_person="Carl Diallo")
    add_restriction(
        world.vault, world.amina, "Carl Diallo", "alleged abuser", actor=world.vault.actor
    )
    with pytest.raises(InvalidInput, match="restricted list"):
        print_release_form(world.vault, ref, tmp_path / "form.pdf", actor=world.vault.actor)
    assert drafts.get_draft(world.vault, ref).prints == ()


# -- the scan ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("dpi", "rotate", "suffix"), [(150, 0, ".pdf"), (150, 90, ".pdf"), (200, 270, ".pdf")]
)
def test_the_code_reads_back_from_a_rendered_scan(
    world: World, tmp_path: Path, dpi: int, rotate: int, suffix: str
) -> None:
    _program(world)
    ref = _draft(world)
    out = print_release_form(world.vault, ref, tmp_path / "form.pdf", actor=world.vault.actor)
    scan = _scan(out.path, tmp_path / f"scan{suffix}", dpi=dpi, rotate=rotate)
    codes, pages = read_codes(scan.read_bytes())
    assert codes == [out.code] * out.pages and pages == out.pages
    rid = _sign(world, ref, scan)
    rel = releases.get_release(world.vault, rid)
    assert rel.ref == "R-1" and rel.effective_on == TODAY and rel.signed_on == TODAY
    assert rel.form_document_id is not None and rel.single_use
    assert drafts.get_draft(world.vault, ref).state == "signed"
    decision = gate.decide(
        world.vault,
        gate.ExportRequest(world.amina, world.parole, ("attendance",), "Parole compliance"),
        actor=world.vault.actor,
    )
    assert not isinstance(decision, gate.Refusal)


def test_one_page_image_at_150_dpi_names_its_release(world: World, tmp_path: Path) -> None:
    _program(world)
    ref = _draft(world)
    out = print_release_form(world.vault, ref, tmp_path / "form.pdf", actor=world.vault.actor)
    png = _scan(out.path, tmp_path / "page.png", dpi=150, rotate=180)
    codes, _ = read_codes(png.read_bytes())
    code = drafts.parse_code(codes[0])
    assert code is not None and code.ref == "R-1" and code.version == 1
    # One page of a longer form is not the whole signed form.
    with pytest.raises(InvalidInput, match="Scan every page"):
        _sign(world, ref, png)


def test_a_scan_of_another_release_is_refused(world: World, tmp_path: Path) -> None:
    _program(world)
    first = _draft(world)
    second = _draft(world, purpose="Housing application")
    out = print_release_form(world.vault, second, tmp_path / "second.pdf", actor=world.vault.actor)
    print_release_form(world.vault, first, tmp_path / "first.pdf", actor=world.vault.actor)
    scan = _scan(out.path, tmp_path / "scan.pdf")
    with pytest.raises(InvalidInput, match="form of release R-2, not of release R-1"):
        _sign(world, first, scan)
    assert releases.list_releases(world.vault, world.amina) == []


def test_a_scan_of_an_older_print_is_refused(world: World, tmp_path: Path) -> None:
    _program(world)
    ref = _draft(world)
    old = print_release_form(world.vault, ref, tmp_path / "v1.pdf", actor=world.vault.actor)
    new = print_release_form(
        world.vault, ref, tmp_path / "v2.pdf", language="es", actor=world.vault.actor
    )
    with pytest.raises(InvalidInput, match="version 1 .* but version 2 was printed after it"):
        _sign(world, ref, _scan(old.path, tmp_path / "old.pdf"))
    _sign(world, ref, _scan(new.path, tmp_path / "new.pdf"))


def _forged(path: Path, text: str, pages: int) -> Path:
    c = Canvas(str(path))
    for _ in range(pages):
        _stamp(text)(c, 595, 842)
        c.showPage()
    c.save()
    return path


def test_an_altered_check_value_is_refused(world: World, tmp_path: Path) -> None:
    _program(world)
    ref = _draft(world)
    out = print_release_form(world.vault, ref, tmp_path / "form.pdf", actor=world.vault.actor)
    code = drafts.parse_code(out.code)
    assert code is not None
    altered = drafts.Code(code.ref, code.version, code.form, "A" * len(code.check)).text()
    scan = _forged(tmp_path / "altered.pdf", altered, out.pages)
    with pytest.raises(InvalidInput, match="check value does not match"):
        _sign(world, ref, scan)
    # The same code, drawn anew, is accepted: the check is what was refused.
    _sign(world, ref, _forged(tmp_path / "same.pdf", out.code, out.pages))


def test_changed_by_hand_must_be_answered_no(world: World, tmp_path: Path) -> None:
    _program(world)
    ref = _draft(world)
    out = print_release_form(world.vault, ref, tmp_path / "form.pdf", actor=world.vault.actor)
    scan = _scan(out.path, tmp_path / "scan.pdf")
    with pytest.raises(InvalidInput, match="print this one again"):
        _sign(world, ref, scan, changed_by_hand="yes")
    with pytest.raises(InvalidInput, match="--changed-by-hand no"):
        _sign(world, ref, scan, changed_by_hand=None)
    with pytest.raises(InvalidInput, match="not recorded as told"):
        _sign(world, ref, scan, statements={})
    with pytest.raises(InvalidInput, match="the form says 'Amina Diallo', not 'Someone Else'"):
        _sign(world, ref, scan, confirm={"signer_name": "Someone Else"})
    with pytest.raises(InvalidInput, match="before the form was printed"):
        drafts.sign(
            world.vault,
            ref,
            scan,
            TODAY - timedelta(days=1),
            changed_by_hand="no",
            statements=dict.fromkeys(releases.STATEMENTS, True),
            actor=world.vault.actor,
        )
    assert releases.list_releases(world.vault, world.amina) == []
    _sign(world, ref, scan)
    with pytest.raises(InvalidInput, match="signed already"):
        _sign(world, ref, scan)


def test_a_scan_with_no_code_is_refused(world: World, tmp_path: Path) -> None:
    _program(world)
    ref = _draft(world)
    print_release_form(world.vault, ref, tmp_path / "form.pdf", actor=world.vault.actor)
    plain = tmp_path / "plain.pdf"
    c = Canvas(str(plain))
    c.drawString(100, 700, "I agree.")
    c.showPage()
    c.save()
    with pytest.raises(InvalidInput, match="No SafeFile release code could be read"):
        _sign(world, ref, plain)
    junk = tmp_path / "junk.pdf"
    junk.write_bytes(b"%PDF-1.4 not really")
    with pytest.raises(InvalidInput, match="not a scan SafeFile can read"):
        _sign(world, ref, junk)


# -- what the recipient is told ------------------------------------------------------------


def _real_pdf(text: str) -> bytes:
    buf = io.BytesIO()
    c = Canvas(buf)
    c.drawString(72, 700, text)
    c.showPage()
    c.save()
    return buf.getvalue()


def _png() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (120, 80), (200, 30, 30)).save(buf, format="PNG")
    return buf.getvalue()


def test_the_recipient_reads_the_limits_and_a_printout_carries_the_documents(
    world: World, tmp_path: Path
) -> None:
    from safefile import records
    from safefile.consent.decision import REDISCLOSURE_NOTICE
    from safefile.export.exporter import export_pdf

    v = world.vault
    order = records.attach(v, world.amina, _real_pdf("ORDER OF PROTECTION 4471"), title="Order",
                           filename="order.pdf", actor=v.actor)  # fmt: skip
    photo = records.attach(
        v, world.amina, _png(), title="Photo of the injury", filename="p.png", actor=v.actor
    )
    rid = world.release(
        categories=("services", "documents"),
        document_ids=(order, photo),
        period_from=D("2026-11-01"),
        period_to=D("2026-11-15"),
        single_use=True,
    )
    grant = gate.require(
        v,
        gate.ExportRequest(
            world.amina, world.parole, ("services", "documents"), "Parole compliance", rid
        ),
        actor=v.actor,
    )
    out = export_pdf(v, grant, tmp_path / "out.pdf", actor=v.actor)
    reader = PdfReader(out.path)
    text = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
    assert "Limits of this release" in text
    assert "only services and notes dated 2026-11-01 to 2026-11-15" in text
    assert "only the documents it names: Order, Photo of the injury" in text
    assert "one disclosure only" in text
    assert REDISCLOSURE_NOTICE.split(". ")[1] in text  # "You may not disclose it further..."
    # Printed as pages, not only attached: the PDF's own text and the image's page.
    pages = [p.extract_text() for p in reader.pages]
    [order_page] = [p for p in pages if "ORDER OF PROTECTION 4471" in p]
    assert "Document: Order" in order_page and "Limits" not in order_page
    [photo_page] = [i for i, p in enumerate(pages) if "Document: Photo of the injury" in p]
    assert _xobjects(reader.pages[photo_page])
    assert len(reader.attachments) == 2  # still attached as well
    # And a printer (a rasteriser) sees them: the image's red is on the last page.
    doc = pypdfium2.PdfDocument(out.path.read_bytes())
    image = doc[photo_page].render(scale=1).to_pil().convert("RGB")
    assert (200, 30, 30) in {image.getpixel((x, y)) for x in range(0, image.width, 4)
                             for y in range(0, image.height, 4)}  # fmt: skip
    doc.close()


def _xobjects(page: Any) -> list[Any]:
    res = page.get("/Resources") or {}
    xo = res.get("/XObject") if hasattr(res, "get") else None
    if xo is None:
        return []
    found: list[Any] = list(xo.keys())
    for key in list(xo.keys()):
        inner = xo[key].get_object()
        sub = inner.get("/Resources", {}).get("/XObject") if hasattr(inner, "get") else None
        if sub:
            found += list(sub.keys())
    return found


# -- the client's own copy: what is left out and why ---------------------------------------


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_own_copy_cover_says_what_was_left_out_why_and_the_right_to_a_review(
    world: World, tmp_path: Path, lang: str
) -> None:
    from safefile.consent import roads
    from safefile.export.exporter import export_pdf

    _program(world)
    set_client_language(world.vault, world.amina, lang, actor=world.vault.actor)
    decision = roads.own_copy(
        world.vault,
        world.amina,
        TODAY,
        withheld=(world.own_note,),
        withheld_reason="it names where she now lives",
        actor=world.vault.actor,
    )
    assert not isinstance(decision, gate.Refusal)
    out = export_pdf(world.vault, decision, tmp_path / "own.pdf", actor=world.vault.actor)
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(out.path).pages)
    t = form_texts(lang)
    for key in ("own_left_out", "own_process_notes", "own_joint", "cover_title_own"):
        assert " ".join(t.text(key).split()) in text, key
    assert " ".join(t.text("own_withheld", reason="it names where she now lives").split()) in text
    assert " ".join(t.text("own_review", program="Harbor House", phone="555-0199").split()) in text
    entry = log.get_entry(world.vault, decision.log_ref)
    assert entry.detail["left_out_told"] == ["process notes", "joint", "withheld"]
    assert entry.detail["cover_language"] == lang
    if lang == "es":  # the cover's own words too, not only the notice
        for key in ("cover_client", "cover_requested_on", "cover_included_own", "page"):
            word = t.text(key).split("{")[0].strip()
            assert word in text, key


def test_a_printed_form_in_the_file_does_not_stop_the_clients_own_copy(
    world: World, tmp_path: Path
) -> None:
    """A printed form is kept in the client's file, sealed as it left; their own copy
    prints the file's documents into one PDF and seals it again. The form's seal must
    not come along (it was refused: "the PDF could not be sealed"), nor any field of it."""
    from safefile.consent import roads
    from safefile.export.exporter import export_pdf
    from safefile.export.pdf import appended_pages, document_pages
    from safefile.export.seal import FIELD

    _program(world)
    print_release_form(world.vault, _draft(world), tmp_path / "form.pdf", actor=world.vault.actor)
    decision = roads.own_copy(world.vault, world.amina, TODAY, actor=world.vault.actor)
    assert not isinstance(decision, gate.Refusal)
    out = export_pdf(world.vault, decision, tmp_path / "own.pdf", actor=world.vault.actor)
    reader = PdfReader(out.path)
    assert "Your permission to share" in _text(out.path)  # the printed form, as pages
    fields = reader.get_fields() or {}
    assert list(fields) == [FIELD]  # the copy's own seal, and no other field
    assert (
        sum(
            1
            for page in reader.pages
            for a in page.get("/Annots") or ()
            if a.get_object().get("/FT") == "/Sig"
        )
        == 1
    )
    # Both ways a PDF's pages go into another: a document printed into a disclosure, and
    # the signed form appended to one ("Append the signed release").
    sealed = (tmp_path / "form.pdf").read_bytes()
    form = PdfReader(io.BytesIO(sealed))
    assert FIELD in (form.get_fields() or {})
    for pages in (
        document_pages("ROI", sealed, "application/pdf", "letter", "footer"),
        appended_pages("ROI", sealed, "application/pdf", "letter", "footer"),
    ):
        printed = PdfReader(io.BytesIO(pages))
        assert not printed.get_fields() and len(printed.pages) == len(form.pages)


def test_the_redisclosure_notice_is_also_in_the_clients_language(
    world: World, tmp_path: Path
) -> None:
    from safefile.consent.decision import REDISCLOSURE_NOTICE
    from safefile.export.exporter import export_pdf

    set_client_language(world.vault, world.amina, "es", actor=world.vault.actor)
    rid = world.release()
    grant = gate.require(
        world.vault,
        gate.ExportRequest(world.amina, world.parole, ("attendance",), "Parole compliance", rid),
        actor=world.vault.actor,
    )
    out = export_pdf(world.vault, grant, tmp_path / "out.pdf", actor=world.vault.actor)
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(out.path).pages)
    spanish = " ".join(form_texts("es").text("notice_redisclosure").split())
    english = REDISCLOSURE_NOTICE.split(". ")[1]
    assert english in text and spanish in text and text.index(english) < text.index(spanish)


def test_a_withdrawn_draft_is_never_printed_nor_signed(world: World, tmp_path: Path) -> None:
    _program(world)
    ref = _draft(world)
    out = print_release_form(world.vault, ref, tmp_path / "form.pdf", actor=world.vault.actor)
    drafts.withdraw(world.vault, ref, actor=world.vault.actor)
    with pytest.raises(InvalidInput, match="withdrawn"):
        print_release_form(world.vault, ref, tmp_path / "again.pdf", actor=world.vault.actor)
    with pytest.raises(InvalidInput, match="withdrawn"):
        _sign(world, ref, _scan(out.path, tmp_path / "scan.pdf"))
    with pytest.raises(NotFound, match="withdrawn before it was signed"):
        releases.get_release(world.vault, ref)
    assert drafts.waiting(world.vault) == []
