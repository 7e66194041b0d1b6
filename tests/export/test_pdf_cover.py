"""The PDF a court or a legal-aid office accepts: who sent it, how to verify it, a second
identifier, what is not included, the signed release appended, Letter or A4, one page
for a short disclosure, and the program's spelling."""

from __future__ import annotations

import io
import unicodedata
from datetime import date
from pathlib import Path

import pypdf
import pytest
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.pdfgen.canvas import Canvas

from safefile import records, settings
from safefile.consent import gate, releases
from safefile.consent.gate import ExportRequest
from safefile.consent.releases import ReleaseIn
from safefile.errors import InvalidInput
from safefile.export.exporter import export_pdf
from safefile.records.models import ClientIn, OrgIn, ServiceIn
from safefile.store.vault import Vault
from tests.conftest import ALL_TOLD

D = date.fromisoformat


def text(path: Path) -> tuple[str, pypdf.PdfReader]:
    reader = pypdf.PdfReader(path)
    return "\n".join(unicodedata.normalize("NFKC", p.extract_text()) for p in reader.pages), reader


def signed_form_pdf() -> bytes:
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=LETTER)
    c.drawString(72, 700, "SIGNED-FORM-TEXT Authorization to release information")
    c.showPage()
    c.save()
    return buf.getvalue()


@pytest.fixture
def world(vault: Vault) -> dict[str, int]:
    settings.save(
        vault,
        {
            "program_name": "Harbour Advocacy",
            "program_phone": "207-555-0142",
            "program_address": "1 Quay Street, Portland ME",
            "practitioner": "Dana Whitfield",
            "credentials": "LCSW",
            "page_size": "letter",
        },
    )
    vault.set_meta(settings.LOCALE_KEY, "en-US")
    client = records.add_client(
        vault,
        ClientIn.from_input(
            {"name": "Amina Okafor", "born": "1990-04-02", "case_number": "HA-2026-031"}
        ),
        actor=vault.actor,
    )
    org = records.add_org(
        vault,
        OrgIn.from_input({"name": "Legal Aid of Maine", "phone": "207-555-0100"}),
        actor=vault.actor,
    )
    records.add_service(
        vault,
        ServiceIn.from_input(
            {"client_id": client, "on_date": D("2026-10-01"), "type": "Intake", "minutes": 30}
        ),
        actor=vault.actor,
    )
    form = records.attach(
        vault,
        client,
        signed_form_pdf(),
        title="Signed release",
        filename="r.pdf",
        actor=vault.actor,
    )
    rel = releases.add_release(
        vault,
        ReleaseIn.from_input(
            {
                "statements": ALL_TOLD,
                "client_id": client,
                "recipient_org_id": org,
                "purpose": "Legal representation",
                "categories": ("attendance",),
                "signed_on": D("2026-11-01"),
                "expires_on": D("2027-01-31"),
                "form_document_id": form,
            }
        ),
        actor=vault.actor,
    )
    return {"client": client, "org": org, "release": rel}


def test_cover_says_who_sent_it_how_to_verify_and_what_is_missing(
    vault: Vault, world: dict[str, int], tmp_path: Path
) -> None:
    g = gate.require(
        vault,
        ExportRequest(world["client"], world["org"], ("attendance",), "Legal representation"),
        actor=vault.actor,
    )
    out = tmp_path / "legal-aid.pdf"
    result = export_pdf(vault, g, out, actor=vault.actor)
    whole, reader = text(out)
    assert "Harbour Advocacy" in whole and "Dana Whitfield, LCSW" in whole
    assert "207-555-0142" in whole and "1 Quay Street" in whole
    assert f"call Harbour Advocacy on 207-555-0142 and quote the reference {g.log_ref}" in whole
    assert "Program case number" in whole and "HA-2026-031" in whole
    assert "1990-04-02" not in whole  # the date of birth only with contact details
    not_included = whole[whole.index("Not included:") :].split(".")[0]
    for words in ("services provided", "progress notes", "process", "documents", "contact"):
        assert words in not_included
    assert "that the person is a client" not in not_included
    # One short disclosure is one page, on US Letter, in US spelling.
    assert result.pages == 1 and len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == tuple(round(x) for x in LETTER)
    assert "authorization" in whole and "authorisation" not in whole


def test_a4_and_british_spelling_from_settings(
    vault: Vault, world: dict[str, int], tmp_path: Path
) -> None:
    settings.save(vault, {"page_size": "a4"})
    vault.set_meta(settings.LOCALE_KEY, "en-GB")
    g = gate.require(
        vault,
        ExportRequest(world["client"], world["org"], ("attendance",), "Legal representation"),
        actor=vault.actor,
    )
    out = tmp_path / "a4.pdf"
    export_pdf(vault, g, out, actor=vault.actor)
    whole, reader = text(out)
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == tuple(round(x) for x in A4)
    assert "authorisation" in whole


def test_signed_release_appended_on_request(
    vault: Vault, world: dict[str, int], tmp_path: Path
) -> None:
    g = gate.require(
        vault,
        ExportRequest(world["client"], world["org"], ("attendance",), "Legal representation"),
        actor=vault.actor,
    )
    out = tmp_path / "with-release.pdf"
    result = export_pdf(vault, g, out, append_release=True, actor=vault.actor)
    whole, reader = text(out)
    assert len(reader.pages) == result.pages + 1
    assert "SIGNED-FORM-TEXT" in reader.pages[-1].extract_text()


def test_image_form_appended_as_a_page(vault: Vault, tmp_path: Path) -> None:
    from PIL import Image

    client = records.add_client(vault, ClientIn.from_input({"name": "Bo"}), actor=vault.actor)
    org = records.add_org(vault, OrgIn.from_input({"name": "Clinic"}), actor=vault.actor)
    buf = io.BytesIO()
    Image.new("RGB", (400, 560), "white").save(buf, format="PNG")
    form = records.attach(
        vault, client, buf.getvalue(), title="scan", filename="scan.png", actor=vault.actor
    )
    releases.add_release(
        vault,
        ReleaseIn.from_input(
            {
                "statements": ALL_TOLD,
                "client_id": client,
                "recipient_org_id": org,
                "purpose": "Care",
                "categories": ("attendance",),
                "signed_on": D("2026-11-01"),
                "expires_on": D("2027-01-31"),
                "form_document_id": form,
            }
        ),
        actor=vault.actor,
    )
    g = gate.require(vault, ExportRequest(client, org, ("attendance",), "Care"), actor=vault.actor)
    out = tmp_path / "img.pdf"
    result = export_pdf(vault, g, out, append_release=True, actor=vault.actor)
    whole, reader = text(out)
    assert len(reader.pages) == result.pages + 1
    assert "Signed release R-" in reader.pages[-1].extract_text()


def test_append_without_a_scanned_form_refused_before_the_grant_is_spent(
    vault: Vault, tmp_path: Path
) -> None:
    client = records.add_client(vault, ClientIn.from_input({"name": "Cy"}), actor=vault.actor)
    org = records.add_org(vault, OrgIn.from_input({"name": "Clinic"}), actor=vault.actor)
    releases.add_release(
        vault,
        ReleaseIn.from_input(
            {
                "statements": ALL_TOLD,
                "client_id": client,
                "recipient_org_id": org,
                "purpose": "Care",
                "categories": ("attendance",),
                "signed_on": D("2026-11-01"),
                "expires_on": D("2027-01-31"),
                "original_on_file": True,
                "original_reason": "signed at a home visit",
            }
        ),
        actor=vault.actor,
    )
    g = gate.require(vault, ExportRequest(client, org, ("attendance",), "Care"), actor=vault.actor)
    out = tmp_path / "x.pdf"
    with pytest.raises(InvalidInput, match="cannot be appended"):
        export_pdf(vault, g, out, append_release=True, actor=vault.actor)
    assert not out.exists()
    export_pdf(vault, g, out, actor=vault.actor)  # the grant is still good for an export without it
    assert out.exists()


def test_own_copy_shows_the_date_of_birth_and_excludes_process_notes_only(
    vault: Vault, world: dict[str, int], tmp_path: Path
) -> None:
    g = gate.own_copy(vault, world["client"], D("2026-11-20"), actor=vault.actor)
    out = tmp_path / "own.pdf"
    export_pdf(vault, g, out, actor=vault.actor)
    whole, _ = text(out)
    assert "Date of birth" in whole and "1990-04-02" in whole
    not_included = whole[whole.index("Not included:") :].split(".")[0]
    assert "process" in not_included and "progress notes" not in not_included
    cover = whole[: whole.index("Not included:")]
    assert "process" not in cover  # said once, not also in "Information included"
