"""Exported PDFs read back with a PDF parser: what must be there is, what must not isn't."""

from __future__ import annotations

import errno
import re
import unicodedata
from datetime import date
from pathlib import Path
from typing import Any, cast

import pypdf
import pytest

from safefile import records
from safefile.consent import gate, log, releases
from safefile.consent.court_order import CourtOrder
from safefile.consent.gate import ExportRequest
from safefile.consent.kinds import EntryKind
from safefile.consent.releases import ReleaseIn
from safefile.errors import ConsentRefused, DamagedFile, InvalidInput, SafeFileError
from safefile.export import exporter
from safefile.export.exporter import export_pdf, verify_export
from safefile.records.models import ClientIn, NoteIn, OrgIn, ServiceIn
from safefile.store.vault import Vault
from tests.conftest import ALL_TOLD, PASSPHRASE, TOLD, Cli, CliResult

D = date.fromisoformat


def text_of(path: Path, password: str | None = None) -> tuple[list[str], pypdf.PdfReader]:
    reader = pypdf.PdfReader(path)
    if password is not None:
        reader.decrypt(password)
    pages = [unicodedata.normalize("NFKC", p.extract_text()) for p in reader.pages]
    return pages, reader


@pytest.fixture
def setup(vault: Vault) -> dict[str, object]:
    v = vault
    v.set_meta("program_name", "Harbour Reentry Program")
    hh = records.add_household(v, actor=v.actor)
    client = records.add_client(
        v,
        ClientIn.from_input(
            {"name": "Nguyễn Thị Ánh", "household_id": hh, "household_role": "parent"}
        ),
        actor=v.actor,
    )
    kid = records.add_client(
        v,
        ClientIn.from_input(
            {"name": "Child Sibling", "household_id": hh, "household_role": "child"}
        ),
        actor=v.actor,
    )
    other = records.add_client(v, ClientIn.from_input({"name": "Unrelated Person"}), actor=v.actor)
    org = records.add_org(
        v, OrgIn.from_input({"name": "Division of Parole", "phone": "555-0100"}), actor=v.actor
    )
    for i in range(3):
        records.add_service(
            v,
            ServiceIn.from_input(
                {
                    "client_id": client,
                    "on_date": D(f"2026-10-0{i + 1}"),
                    "type": "Case management",
                    "minutes": 50,
                    "note": f"SERVICE-NOTE-{i}",
                }
            ),
            actor=v.actor,
        )
    records.add_service(
        v,
        ServiceIn.from_input(
            {"client_id": kid, "on_date": D("2026-10-05"), "type": "Intake", "note": "KID-SERVICE"}
        ),
        actor=v.actor,
    )
    records.add_service(
        v,
        ServiceIn.from_input(
            {
                "client_id": other,
                "on_date": D("2026-10-05"),
                "type": "Intake",
                "note": "OTHER-SERVICE",
            }
        ),
        actor=v.actor,
    )
    signed = records.add_note(
        v,
        NoteIn.from_input(
            {
                "client_ids": [client],
                "on_date": D("2026-10-02"),
                "data": "SIGNED-NOTE-DATA",
                "assessment": "SIGNED-ASSESSMENT",
                "plan": "SIGNED-PLAN",
            }
        ),
        sign=True,
        actor=v.actor,
    )
    records.add_addendum(v, signed, "ADDENDUM-TEXT", actor=v.actor)
    records.add_note(
        v,
        NoteIn.from_input(
            {"client_ids": [client], "on_date": D("2026-10-03"), "data": "DRAFT-NOTE-DATA"}
        ),
        actor=v.actor,
    )
    records.add_note(
        v,
        NoteIn.from_input(
            {"client_ids": [client, other], "on_date": D("2026-10-04"), "data": "JOINT-NOTE-DATA"}
        ),
        sign=True,
        actor=v.actor,
    )
    records.add_note(
        v,
        NoteIn.from_input(
            {
                "kind": "process",
                "client_ids": [client],
                "on_date": D("2026-10-02"),
                "data": "PROCESS-NOTE-DATA",
            }
        ),
        sign=True,
        actor=v.actor,
    )
    records.attach(v, client, b"%PDF-1.4 letter", title="DOC-TITLE-LETTER", actor=v.actor)
    rid = releases.add_release(
        v,
        ReleaseIn.from_input(
            {
                "statements": ALL_TOLD,
                "client_id": client,
                "recipient_org_id": org,
                "purpose": "Parole compliance",
                "categories": ("attendance", "services", "progress-notes"),
                "signed_on": D("2026-11-01"),
                "expires_on": D("2027-01-31"),
                "original_on_file": True,
                "original_reason": "signed at a home visit",
            }
        ),
        actor=v.actor,
    )
    return {"client": client, "kid": kid, "other": other, "org": org, "release": rid}


def grant_for(vault: Vault, s: dict[str, object], cats: tuple[str, ...]) -> gate.Grant:
    client, org = s["client"], s["org"]
    assert isinstance(client, int) and isinstance(org, int)
    return gate.require(
        vault, ExportRequest(client, org, cats, purpose="Parole compliance"), actor=vault.actor
    )


def test_release_export_contains_exactly_what_is_allowed(
    vault: Vault, setup: dict[str, object], tmp_path: Path
) -> None:
    g = grant_for(vault, setup, ("services", "progress-notes"))
    out = tmp_path / "parole.pdf"
    result = export_pdf(vault, g, out, actor=vault.actor)
    pages, reader = text_of(out)
    whole = "\n".join(pages)
    for must in (
        "Disclosure of client information",
        "Nguyễn Thị Ánh",
        "Harbour Reentry Program",
        "Division of Parole",
        "Parole compliance",
        "R-1",
        "2026-11-01",
        "2027-01-31",
        "2026-11-22",
        result.decision_ref,
        "may not disclose it further",
        "SERVICE-NOTE-0",
        "SERVICE-NOTE-1",
        "SERVICE-NOTE-2",
        "SIGNED-NOTE-DATA",
        "SIGNED-ASSESSMENT",
        "SIGNED-PLAN",
        "ADDENDUM-TEXT",
        "Signed by Test Advocate",
    ):
        assert must in whole, must
    for must_not in (
        "DRAFT-NOTE-DATA",
        "PROCESS-NOTE-DATA",
        "JOINT-NOTE-DATA",
        "KID-SERVICE",
        "OTHER-SERVICE",
        "Child Sibling",
        "Unrelated Person",
        "DOC-TITLE-LETTER",
    ):
        assert must_not not in whole, must_not
    # the recipient is told only that something is left out: never whose, nor a joint session
    assert "Some items are not included." in whole
    assert not re.search(r"Joint note|joint session|client \d", whole)
    total = len(reader.pages)
    assert total == result.pages >= 2
    for n, page in enumerate(pages, start=1):
        assert f"Page {n} of {total}" in page
        assert "Division of Parole" in page and "R-1" in page and result.decision_ref in page
        assert "2027-01-31" in page


def test_metadata_names_no_client(vault: Vault, setup: dict[str, object], tmp_path: Path) -> None:
    out = tmp_path / "x.pdf"
    result = export_pdf(vault, grant_for(vault, setup, ("services",)), out, actor=vault.actor)
    meta = pypdf.PdfReader(out).metadata
    assert meta is not None
    assert meta.title == f"SafeFile disclosure {result.decision_ref}"
    assert meta.author == "SafeFile" and meta.creator == "SafeFile"
    # the seal's library adds its name to the producer (export/seal.py): still no person
    assert re.fullmatch(r"SafeFile; pyHanko [0-9.]+", meta.producer or "")
    raw = out.read_bytes()
    for leak in (b"Nguy", "Nguyễn".encode("utf-16-be"), b"ReportLab", b"Test Advocate"):
        assert leak not in raw.split(b"stream")[0]  # not in the header/metadata objects


@pytest.mark.parametrize(
    "name", ["Nguyễn Thị Ánh", "محمد", "王小明", "שרה כהן", "Ольга Петрова", "Ζωή"]
)
def test_names_in_every_script_render(vault: Vault, tmp_path: Path, name: str) -> None:
    """Extracted text matches: the NFKC-normalised text holds the name, its words in logical
    order or, for right-to-left names, in the visual order PDF text extraction reports."""
    cid = records.add_client(vault, ClientIn.from_input({"name": name}), actor=vault.actor)
    org = records.add_org(vault, OrgIn.from_input({"name": "County Court"}), actor=vault.actor)
    records.add_service(
        vault,
        ServiceIn.from_input({"client_id": cid, "on_date": D("2026-11-02"), "type": "Intake"}),
        actor=vault.actor,
    )
    releases.add_release(
        vault,
        ReleaseIn.from_input(
            {
                "statements": ALL_TOLD,
                "client_id": cid,
                "recipient_org_id": org,
                "purpose": "p",
                "categories": ("services",),
                "signed_on": D("2026-11-01"),
                "expires_on": D("2027-01-31"),
                "original_on_file": True,
                "original_reason": "signed at a home visit",
            }
        ),
        actor=vault.actor,
    )
    out = tmp_path / "n.pdf"
    export_pdf(
        vault,
        gate.require(vault, ExportRequest(cid, org, ("services",), purpose="p"), actor=vault.actor),
        out,
        actor=vault.actor,
    )
    first = text_of(out)[0][0]
    words = name.split()
    assert name in first or " ".join(reversed(words)) in first, first
    meta = pypdf.PdfReader(out).metadata
    assert all(name not in str(v) for v in (meta or {}).values())
    fonts = {
        str(f)
        for page in pypdf.PdfReader(out).pages
        for f in cast(Any, page["/Resources"])["/Font"].values()
        for f in [f.get_object()["/BaseFont"]]
    }
    assert any("+" in f for f in fonts), fonts  # our fonts are embedded as subsets


def test_verify_export_accepts_and_rejects_one_changed_byte(
    vault: Vault, setup: dict[str, object], tmp_path: Path
) -> None:
    out = tmp_path / "v.pdf"
    result = export_pdf(vault, grant_for(vault, setup, ("services",)), out, actor=vault.actor)
    entry = verify_export(vault, out)
    assert entry.ref == result.written_ref and entry.detail["for"] == result.decision_ref
    data = bytearray(out.read_bytes())
    data[len(data) // 2] ^= 0x01
    changed = tmp_path / "changed.pdf"
    changed.write_bytes(bytes(data))
    with pytest.raises(DamagedFile, match="not one this vault exported"):
        verify_export(vault, changed)


def test_password_protected_with_aes_256(
    vault: Vault, setup: dict[str, object], tmp_path: Path
) -> None:
    out = tmp_path / "p.pdf"
    export_pdf(
        vault,
        grant_for(vault, setup, ("services",)),
        out,
        password="correct staple 42",
        actor=vault.actor,
    )
    reader = pypdf.PdfReader(out)
    assert reader.is_encrypted
    assert reader.decrypt("wrong password") == pypdf.PasswordType.NOT_DECRYPTED
    assert "/AESV3" in str(cast(Any, reader.trailer["/Encrypt"]).get_object()["/CF"])  # AES-256
    pages, _ = text_of(out, "correct staple 42")
    assert "SERVICE-NOTE-0" in "\n".join(pages)
    assert b"SERVICE-NOTE" not in out.read_bytes()


def test_grant_is_spent_by_export(vault: Vault, setup: dict[str, object], tmp_path: Path) -> None:
    g = grant_for(vault, setup, ("services",))
    export_pdf(vault, g, tmp_path / "a.pdf", actor=vault.actor)
    with pytest.raises(ConsentRefused, match="already used"):
        export_pdf(vault, g, tmp_path / "b.pdf", actor=vault.actor)
    assert not (tmp_path / "b.pdf").exists()


def test_failed_write_leaves_no_file_and_is_logged(
    vault: Vault, setup: dict[str, object], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def disk_full(dest: Path, data: bytes) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(exporter, "atomic_write", disk_full)  # a fault, not a double of our store
    out = tmp_path / "full.pdf"
    with pytest.raises(SafeFileError, match="could not be written"):
        export_pdf(vault, grant_for(vault, setup, ("services",)), out, actor=vault.actor)
    assert list(tmp_path.iterdir()) == [vault.path] or not out.exists()
    assert not out.exists()
    assert log.entries(vault)[-1].kind == EntryKind.FAILED


@pytest.mark.parametrize(
    ("dest", "message"), [("x.txt", "end in .pdf"), ("missing/x.pdf", "does not exist")]
)
def test_bad_destination(
    vault: Vault, setup: dict[str, object], tmp_path: Path, dest: str, message: str
) -> None:
    with pytest.raises(InvalidInput, match=message):
        export_pdf(
            vault, grant_for(vault, setup, ("services",)), tmp_path / dest, actor=vault.actor
        )


def test_own_copy_first_page(vault: Vault, setup: dict[str, object], tmp_path: Path) -> None:
    out = tmp_path / "own.pdf"
    export_pdf(
        vault,
        gate.own_copy(vault, setup["client"], D("2026-11-20"), actor=vault.actor),  # type: ignore[arg-type]
        out,
        actor=vault.actor,
    )
    whole = "\n".join(text_of(out)[0])
    assert "Client's own copy of their record" in whole and "2026-12-20" in whole
    assert "SIGNED-NOTE-DATA" in whole and "DOC-TITLE-LETTER" in whole
    assert "PROCESS-NOTE-DATA" not in whole and "DRAFT-NOTE-DATA" not in whole
    assert "KID-SERVICE" not in whole
    assert pypdf.PdfReader(out).attachments  # the client's documents come with it


def test_legal_disclosure_first_page(
    vault: Vault, setup: dict[str, object], tmp_path: Path
) -> None:
    out = tmp_path / "court.pdf"
    client = cast(int, setup["client"])
    order = records.attach(
        vault,
        client,
        b"%PDF-1.4 order",
        title="Order",
        filename="o.pdf",
        doc_type="court order",
        actor=vault.actor,
    )
    g = gate.legal_disclosure(
        vault,
        client,
        "court-order",
        basis="",
        order=CourtOrder(order, "Judge Ray", D("2026-11-20"), "County Court", "26-CV-101"),
        recipient_org_id=cast(int, setup["org"]),
        categories="attendance",
        client_informed=True,
        actor=vault.actor,
    )
    export_pdf(vault, g, out, actor=vault.actor)
    whole = "\n".join(text_of(out)[0])
    assert "Disclosure required by law" in whole and "order of Judge Ray, County Court" in whole
    assert "26-CV-101" in whole and "2026-11-20" in whole
    assert "WITHOUT the client's consent" in whole
    # Staff advice stays on screen; the court gets the notice of production under an order.
    assert "subpoena" not in whole.lower() and "legal counsel" not in whole
    assert "produced in response to a court order" in whole and "sealed" in whole
    assert re.search(r"Dates attended \(3\)", whole)
    assert "SERVICE-NOTE-0" not in whole  # attendance only: dates, not the services


def test_cli_export_and_verify(cli: Cli, tmp_path: Path) -> None:
    v = str(tmp_path / "v.safefile")
    s = PASSPHRASE + "\n"

    def run(*a: str, stdin: str = s) -> CliResult:
        return cli(*a, "--passphrase-stdin", stdin=stdin)

    assert run("init", v, "--no-recovery-key", "--practitioner", "Test Advocate").code == 0
    run("client", "add", v, "--name", "王小明")
    run("org", "add", v, "--name", "Division of Parole")
    run("service", "add", v, "--client", "1", "--date", "2026-11-02", "--type", "Intake")
    assert (
        run(
            "release",
            "add",
            v,
            "--client",
            "1",
            "--recipient",
            "1",
            "--categories",
            "services",
            "--purpose",
            "Parole compliance",
            "--signed-on",
            "2026-11-01",
            "--expires",
            "2027-01-31",
            "--original-on-file",
            "--original-reason",
            "signed at a home visit",
            "--told",
            TOLD,
        ).code
        == 0
    )
    out = tmp_path / "out.pdf"
    r = run(
        "export",
        v,
        "--client",
        "1",
        "--recipient",
        "1",
        "--categories",
        "services",
        "--to",
        str(out),
        "--purpose",
        "Parole compliance",
    )
    assert r.code == 0, r.err
    assert run("verify-export", v, str(out)).code == 0
    refused = run(
        "export",
        v,
        "--client",
        "1",
        "--recipient",
        "1",
        "--categories",
        "contact",
        "--to",
        str(tmp_path / "no.pdf"),
        "--purpose",
        "Parole compliance",
    )
    assert (
        refused.code == 3
        and "Release R-1 does not cover contact details." in refused.err.splitlines()
    )
    assert not (tmp_path / "no.pdf").exists()
    pw = run(
        "export",
        v,
        "--client",
        "1",
        "--recipient",
        "1",
        "--categories",
        "services",
        "--to",
        str(tmp_path / "pw.pdf"),
        "--purpose",
        "Parole compliance",
        "--password-stdin",
        stdin=s + "pdf password 1\n",
    )
    assert pw.code == 0 and pypdf.PdfReader(tmp_path / "pw.pdf").is_encrypted
    own = run(
        "export",
        v,
        "--client",
        "1",
        "--to",
        str(tmp_path / "own.pdf"),
        "--own-copy",
        "--requested-on",
        "2026-11-20",
        "--identity-checked-by",
        "photo ID seen in person",
    )
    assert own.code == 0, own.err
    legal = run(
        "export",
        v,
        "--client",
        "1",
        "--to",
        str(tmp_path / "l.pdf"),
        "--exception",
        "imminent-harm",
        "--basis",
        "Threat to a named person",
        "--recipient",
        "1",
        "--categories",
        "contact",
        "--client-told",
        "no",
        "--not-told-reason",
        "telling them would raise the risk",
    )
    assert legal.code == 0, legal.err
    data = bytearray(out.read_bytes())
    data[100] ^= 1
    (tmp_path / "bad.pdf").write_bytes(bytes(data))
    assert run("verify-export", v, str(tmp_path / "bad.pdf")).code == 5
