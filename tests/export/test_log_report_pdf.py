"""The printed record of sharing read back with pypdf: logged, tied to its entry, verifiable."""

from __future__ import annotations

import errno
import unicodedata
from datetime import date
from pathlib import Path

import pypdf
import pytest

from safefile import records
from safefile.consent import gate, log, log_print, log_view, releases, requests
from safefile.consent.gate import ExportRequest
from safefile.consent.kinds import EntryKind
from safefile.consent.log_view import LogFilter
from safefile.consent.releases import ReleaseIn
from safefile.errors import DamagedFile, InvalidInput, SafeFileError
from safefile.export import exporter
from safefile.export.exporter import export_pdf, verify_export
from safefile.export.log_report import export_log_pdf
from safefile.records.models import ClientIn, OrgIn, ServiceIn
from safefile.store.vault import Vault
from tests.conftest import ALL_TOLD

D = date.fromisoformat


def text_of(path: Path, password: str | None = None) -> list[str]:
    reader = pypdf.PdfReader(path)
    if password is not None:
        reader.decrypt(password)
    return [unicodedata.normalize("NFKC", p.extract_text()) for p in reader.pages]


@pytest.fixture
def setup(vault: Vault, tmp_path: Path) -> dict[str, int]:
    v = vault
    v.set_meta("program_name", "Harbour Reentry Program")
    amina = records.add_client(v, ClientIn.from_input({"name": "Amina Diallo"}), actor=v.actor)
    ben = records.add_client(v, ClientIn.from_input({"name": "Ben Okafor"}), actor=v.actor)
    org = records.add_org(
        v,
        OrgIn.from_input({"name": "Division of Parole", "address": "1 Main St, Springfield"}),
        actor=v.actor,
    )
    records.add_service(
        v,
        ServiceIn.from_input({"client_id": amina, "on_date": D("2026-10-01"), "type": "Intake"}),
        actor=v.actor,
    )
    releases.add_release(
        v,
        ReleaseIn.from_input(
            {
                "statements": ALL_TOLD,
                "client_id": amina,
                "recipient_org_id": org,
                "purpose": "Parole compliance",
                "categories": ("services",),
                "signed_on": D("2026-11-01"),
                "expires_on": D("2027-01-31"),
                "original_on_file": True,
                "original_reason": "signed at a home visit",
            }
        ),
        actor=v.actor,
    )
    g = gate.require(
        v, ExportRequest(amina, org, ("services",), purpose="Parole compliance"), actor=v.actor
    )
    export_pdf(v, g, tmp_path / "shared.pdf", actor=v.actor)
    requests.record_request(
        v,
        direction="incoming",
        client_id=ben,
        requester="Officer Dana Reyes",
        organisation="County Probation",
        identity_confirmed_by="rang back",
        reason="supervision",
        summary="attendance dates",
        decision="refused",
        decision_reasons="no release on file",
        actor=v.actor,
    )
    return {"amina": amina, "ben": ben, "org": org}


def test_printed_log_is_logged_tied_and_verifiable(
    vault: Vault, setup: dict[str, int], tmp_path: Path
) -> None:
    shown = log_view.select(vault)
    out = tmp_path / "log.pdf"
    result = export_log_pdf(
        vault,
        log_print.print_log(vault, log_print.REVIEW, actor=vault.actor),
        out,
        actor=vault.actor,
    )
    printed = log.get_entry(vault, result.decision_ref)
    written = log.get_entry(vault, result.written_ref)
    assert printed.kind == EntryKind.PRINTED and printed.detail["entries"] == len(shown) == 3
    assert written.kind == EntryKind.WRITTEN and written.detail["for"] == printed.ref
    assert written.digest == result.sha256 and written.detail["road"] == "record of sharing"
    pages = text_of(out)
    whole = " ".join("\n".join(pages).split())  # cells wrap their words over lines
    for row in shown:
        assert row.ref in whole, row.ref
    for must in (
        "Record of sharing",
        "Harbour Reentry Program",
        "Amina Diallo",
        "Officer Dana Reyes",
        "the program's own review",
        "Test Advocate",
    ):
        assert must in whole, must
    for n, page in enumerate(pages, start=1):
        assert f"entry {printed.ref}" in page and f"Page {n} of {len(pages)}" in page
    assert pypdf.PdfReader(out).metadata.title == f"SafeFile record of sharing {printed.ref}"  # type: ignore[union-attr]
    assert verify_export(vault, out).ref == written.ref
    data = bytearray(out.read_bytes())
    data[len(data) // 2] ^= 0x01
    changed = tmp_path / "changed.pdf"
    changed.write_bytes(bytes(data))
    with pytest.raises(DamagedFile, match="not one this vault exported"):
        verify_export(vault, changed)


def test_a_funder_audit_names_no_one(vault: Vault, setup: dict[str, int], tmp_path: Path) -> None:
    out = tmp_path / "audit.pdf"
    result = export_log_pdf(
        vault,
        log_print.print_log(vault, log_print.AUDIT, actor=vault.actor),
        out,
        actor=vault.actor,
    )
    whole = " ".join("\n".join(text_of(out)).split())
    for leak in (
        "Amina",
        "Diallo",
        "Ben Okafor",
        "Dana Reyes",
        "no release on file",
        "attendance dates",
    ):
        assert leak not in whole, leak
    for must in (
        f"client {setup['amina']}",
        f"client {setup['ben']}",
        "County Probation",
        "Division of Parole",
        "decision: refused",
        "No client is named",
    ):
        assert must in whole, must
    assert log.get_entry(vault, result.decision_ref).detail["names"] is False


def test_an_accounting_for_the_client(vault: Vault, setup: dict[str, int], tmp_path: Path) -> None:
    out = tmp_path / "accounting.pdf"
    flt = LogFilter(client_id=setup["amina"], group="requests")  # only the client counts
    result = export_log_pdf(
        vault,
        log_print.print_log(vault, log_print.ACCOUNTING, flt, actor=vault.actor),
        out,
        password="pdf pass 42",
        actor=vault.actor,
    )
    assert pypdf.PdfReader(out).is_encrypted
    whole = " ".join("\n".join(text_of(out, "pdf pass 42")).split())
    disclosure = log.entries(vault, client_id=setup["amina"], kind=EntryKind.WRITTEN)[0]
    for must in (
        "Accounting of disclosures",
        "Amina Diallo",
        "Division of Parole",
        "1 Main St, Springfield",
        "Parole compliance",
        disclosure.ref,
        "2020-11-22 to 2026-11-22",
    ):
        assert must in whole, must
    for other in ("Ben Okafor", "County Probation", "attendance dates"):
        assert other not in whole, other
    assert log.get_entry(vault, result.written_ref).client_id == setup["amina"]


def test_a_bad_destination_writes_nothing(
    vault: Vault, setup: dict[str, int], tmp_path: Path
) -> None:
    g = log_print.print_log(vault, log_print.REVIEW, actor=vault.actor)
    with pytest.raises(InvalidInput, match="must end in .pdf"):
        export_log_pdf(vault, g, tmp_path / "log.txt", actor=vault.actor)
    with pytest.raises(InvalidInput, match="does not exist"):
        export_log_pdf(vault, g, tmp_path / "missing" / "log.pdf", actor=vault.actor)
    assert not (tmp_path / "log.txt").exists()
    assert log.entries(vault, kind=EntryKind.WRITTEN)[-1].detail.get("road") != "record of sharing"


def test_a_failed_write_is_logged_and_leaves_no_file(
    vault: Vault, setup: dict[str, int], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def disk_full(dest: Path, data: bytes) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(exporter, "atomic_write", disk_full)  # a fault, not a double of our store
    g = log_print.print_log(vault, log_print.REVIEW, actor=vault.actor)
    with pytest.raises(SafeFileError, match="could not be written"):
        export_log_pdf(vault, g, tmp_path / "log.pdf", actor=vault.actor)
    assert not (tmp_path / "log.pdf").exists()
    failed = log.entries(vault, kind=EntryKind.FAILED)[-1]
    assert failed.detail["for"] == g.log_ref and "No space left" in failed.detail["reason"]
