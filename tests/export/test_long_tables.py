"""Long services tables: laid out page by page, the header on top of each page only,
and a service whose note is taller than a page still exported whole."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pypdf
import pytest
from reportlab.platypus import Paragraph

from safefile import records
from safefile.consent import gate, releases
from safefile.consent.releases import ReleaseIn
from safefile.export.exporter import export_pdf
from safefile.records.models import ClientIn, OrgIn, ServiceIn
from safefile.store.vault import Vault
from tests.conftest import ALL_TOLD

HEADER = "Date Service Minutes Note"


def _export(vault: Vault, services: list[str], out: Path) -> list[str]:
    cid = records.add_client(vault, ClientIn.from_input({"name": "Ana Silva"}), actor=vault.actor)
    org = records.add_org(
        vault, OrgIn.from_input({"name": "Division of Parole"}), actor=vault.actor
    )
    start = date(2026, 1, 1)
    for i, note in enumerate(services):
        records.add_service(
            vault,
            ServiceIn.from_input(
                {
                    "client_id": cid,
                    "on_date": start + timedelta(days=i % 300),
                    "type": "Case management",
                    "minutes": 45,
                    "note": note,
                }
            ),
            actor=vault.actor,
        )
    releases.add_release(
        vault,
        ReleaseIn.from_input(
            {
                "statements": ALL_TOLD,
                "client_id": cid,
                "recipient_org_id": org,
                "purpose": "Parole",
                "categories": ("services",),
                "signed_on": date(2026, 11, 1),
                "expires_on": date(2027, 1, 31),
                "original_on_file": True,
                "original_reason": "signed at a home visit",
            }
        ),
        actor=vault.actor,
    )
    grant = gate.require(
        vault, gate.ExportRequest(cid, org, ("services",), purpose="Parole"), actor=vault.actor
    )
    export_pdf(vault, grant, out, actor=vault.actor)
    return [p.extract_text() for p in pypdf.PdfReader(out).pages]


def test_every_page_of_services_has_the_header_once(vault: Vault, tmp_path: Path) -> None:
    pages = _export(vault, [f"SERVICE-{i:03d} attended." for i in range(300)], tmp_path / "a.pdf")
    service_pages = [p for p in pages[1:] if "SERVICE-" in p]
    assert len(service_pages) >= 8
    for page in service_pages:
        assert " ".join(page.split()).count(HEADER) == 1  # at the top, never mid-page
    text = "".join(pages)
    assert all(f"SERVICE-{i:03d} " in text for i in range(300))  # none lost at page breaks


def test_a_note_taller_than_a_page_is_split_not_refused(vault: Vault, tmp_path: Path) -> None:
    tall = "\n".join(f"LINE-{i:03d}" for i in range(200))  # 1,800 characters: within the limit
    pages = _export(vault, ["BEFORE", tall, "AFTER"], tmp_path / "b.pdf")
    text = "".join(pages)
    assert all(f"LINE-{i:03d}" in text for i in range(200))
    assert "BEFORE" in text and "AFTER" in text


def test_each_row_is_laid_out_once_and_the_page_furniture_once(
    vault: Vault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 30: reportlab broke the lines of every cell up to four times (PagedRows, the
    table's measure, its drawing, a KeepTogether), and parsed and laid out the footer
    again on every page. Counted on reportlab's own line breaking."""
    made: list[object] = []
    broken: list[object] = []
    init, breaks = Paragraph.__init__, Paragraph.breakLines

    def counting_init(self: Paragraph, *args: Any, **kwargs: Any) -> None:
        made.append(self)
        init(self, *args, **kwargs)

    def counting_breaks(self: Paragraph, *args: Any, **kwargs: Any) -> Any:
        broken.append(self)
        return breaks(self, *args, **kwargs)

    monkeypatch.setattr(Paragraph, "__init__", counting_init)
    monkeypatch.setattr(Paragraph, "breakLines", counting_breaks)
    out = tmp_path / "c.pdf"
    pages = _export(vault, [f"SERVICE-{i:03d} attended." for i in range(300)], out)
    assert len(pages) >= 9
    assert len(made) > 1200  # four cells a row, and the rest of the record
    assert len(broken) == len({id(p) for p in broken})  # no paragraph broken twice
    # The rules, "CONFIDENTIAL", the header and the footer: one form, shown on each page.
    reader = pypdf.PdfReader(out)
    forms: set[int] = set()
    for page in reader.pages:
        resources: Any = page["/Resources"]  # (pypdf's PDF objects, read as they are)
        named: Any = resources["/XObject"]
        forms |= {named.raw_get(k).idnum for k in named if named[k]["/Subtype"] == "/Form"}
        assert "CONFIDENTIAL" in page.extract_text()
    assert len(forms) == 1
