"""The program seal (issue 25): every PDF written is certified last, and the seal is
checked with the program's certificate as trust root, without it, under a password,
after each kind of tampering, by Poppler's pdfsig, and with no network."""

from __future__ import annotations

import ast
import datetime as dt
import io
import re
import shutil
import socket
import subprocess
from datetime import date
from pathlib import Path
from typing import Any, cast

import pypdf
import pytest
from asn1crypto import x509 as ax509
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from safefile import records, settings
from safefile.consent import gate, log_print
from safefile.consent.court_order import CourtOrder
from safefile.consent.log_view import LogFilter
from safefile.errors import DamagedFile, InvalidInput
from safefile.export import exporter, seal
from safefile.export.exporter import check_export, export_pdf, verify_export
from safefile.export.log_report import export_log_pdf
from safefile.export.seal_card import print_card
from safefile.reports import counts, deidentified, funder, output
from safefile.store.vault import Vault
from tests.conftest import PASSPHRASE, Cli
from tests.export import test_export as _export

setup = _export.setup  # the fixture: a client file with services, notes and documents
grant_for = _export.grant_for
SRC = Path(__file__).resolve().parents[2] / "src" / "safefile"
PDF_PASSWORD = "pdf pass 42"
D = date.fromisoformat


def _material(path: Path, password: str | None = None) -> Any:
    reader = PdfFileReader(io.BytesIO(path.read_bytes()), strict=False)
    if password:
        reader.decrypt(password)
    return reader.embedded_signatures


def _teaching_pdf(vault: Vault, dest: Path) -> Path:
    deidentified.write_pdf(
        vault,
        "teaching",
        "a case study",
        "Safety planning with a person in crisis.",
        dest,
        actor=vault.actor,
    )
    return dest


@pytest.fixture
def sealed_pdf(vault: Vault, tmp_path: Path) -> Path:
    vault.set_meta("program_name", "Harbour Reentry Program")
    return _teaching_pdf(vault, tmp_path / "sealed.pdf")


# --- the seal itself ------------------------------------------------------------------


def test_the_seal_is_p256_self_signed_five_years_with_the_programs_name_only(
    vault: Vault,
) -> None:
    vault.set_meta("program_name", "Harbour Reentry Program")
    stamp = seal.ensure(vault, actor=vault.actor)
    cert = x509.load_der_x509_certificate(stamp.cert_der)
    assert cert.subject == cert.issuer and cert.subject.rfc4514_string() == (
        "CN=Harbour Reentry Program"
    )
    key = cert.public_key()
    assert isinstance(key, ec.EllipticCurvePublicKey) and key.curve.name == "secp256r1"
    years = (cert.not_valid_after_utc - cert.not_valid_before_utc).days / 365
    assert 5 <= years < 5.1
    assert seal.ensure(vault, actor=vault.actor) == stamp  # made once
    assert re.fullmatch(r"([0-9A-F]{4} ){15}[0-9A-F]{4}", stamp.grouped)


def test_the_private_key_is_only_inside_the_encrypted_vault(vault: Vault) -> None:
    from cryptography.hazmat.primitives import serialization

    seal.ensure(vault, actor=vault.actor)
    key_der = bytes(vault.db.execute("SELECT key_der FROM program_seals").fetchone()[0])
    key = serialization.load_der_private_key(key_der, password=None)
    assert isinstance(key, ec.EllipticCurvePrivateKey)
    vault.lock()
    on_disk = b"".join(p.read_bytes() for p in vault.path.rglob("*") if p.is_file())
    assert key_der not in on_disk and key_der[-32:] not in on_disk
    assert sorted(p.name for p in vault.path.iterdir() if "seal" in p.name.lower()) == []
    assert not any(p.suffix in (".pem", ".key", ".p8", ".der") for p in vault.path.rglob("*"))


def test_renew_replaces_the_key_keeps_the_old_certificate_and_old_exports_check(
    vault: Vault, sealed_pdf: Path, tmp_path: Path
) -> None:
    old = seal.current(vault)
    assert old is not None
    new = seal.renew(vault, actor=vault.actor)
    assert new.fingerprint != old.fingerprint and seal.current(vault) == new
    keys = vault.db.execute("SELECT length(key_der) FROM program_seals ORDER BY id").fetchall()
    assert [k[0] > 0 for k in keys] == [False, True]  # the replaced key is erased
    assert verify_export(vault, sealed_pdf)  # sealed under the old one: still ours
    later = _teaching_pdf(vault, tmp_path / "later.pdf")
    assert check_export(vault, later).seal.fingerprint == new.fingerprint
    with pytest.raises(Exception, match="never deleted"):
        vault.db.execute("DELETE FROM program_seals")


def test_a_new_vault_has_its_seal_from_the_first_start(cli: Cli, tmp_path: Path) -> None:
    v = str(tmp_path / "v.safefile")
    s = PASSPHRASE + "\n"
    assert cli("init", v, "--passphrase-stdin", "--no-recovery-key", stdin=s).code == 0
    vault = Vault.open(Path(v), passphrase=PASSPHRASE)
    try:
        assert vault.db.execute("SELECT count(*) FROM program_seals").fetchone()[0] == 1
    finally:
        vault.lock()


def test_a_seal_made_before_the_program_had_a_name_takes_it_until_first_used(
    vault: Vault, tmp_path: Path
) -> None:
    unnamed = seal.ensure(vault, actor=vault.actor)
    assert unnamed.subject == seal.DEFAULT_SUBJECT
    vault.set_meta("program_name", "Harbour Reentry Program")
    named = seal.ensure(vault, actor=vault.actor)
    assert named.subject == "Harbour Reentry Program" and named.fingerprint != unnamed.fingerprint
    _teaching_pdf(vault, tmp_path / "t.pdf")  # now it has left the program
    vault.set_meta("program_name", "Harbour Programs")
    assert (
        seal.ensure(vault, actor=vault.actor) == named
    )  # a used seal is never changed behind anyone's back


# --- validation -----------------------------------------------------------------------


def test_valid_and_trusted_with_the_programs_certificate_as_root(
    vault: Vault, sealed_pdf: Path
) -> None:
    stamp = seal.current(vault)
    assert stamp is not None
    (sig,) = _material(sealed_pdf)
    vc = ValidationContext(
        trust_roots=[ax509.Certificate.load(stamp.cert_der)], allow_fetching=False
    )
    status = validate_pdf_signature(sig, vc)
    assert status.intact and status.valid and status.trusted
    assert status.coverage is not None and status.coverage.name == "ENTIRE_FILE"
    assert status.docmdp_ok
    assert sig.docmdp_level is not None and sig.docmdp_level.name == "NO_CHANGES"
    assert "SafeFile disclosure" not in str(sig.sig_object.get("/Reason"))
    found = seal.check_pdf(vault, sealed_pdf.read_bytes())
    assert found.ok and found.trusted and found.fingerprint == stamp.fingerprint


def test_valid_but_not_trusted_without_it(vault: Vault, sealed_pdf: Path) -> None:
    (sig,) = _material(sealed_pdf)
    status = validate_pdf_signature(sig, ValidationContext(trust_roots=[], allow_fetching=False))
    assert status.intact and status.valid and not status.trusted
    found = seal.check_pdf(None, sealed_pdf.read_bytes())
    assert found.intact and found.whole and not found.trusted
    assert found.problem is not None and "not this program's seal" in found.problem


def test_another_vaults_seal_is_not_trusted(vault: Vault, sealed_pdf: Path, tmp_path: Path) -> None:
    other, _ = Vault.create(tmp_path / "other.safefile", PASSPHRASE)
    try:
        found = seal.check_pdf(other, sealed_pdf.read_bytes())
        assert found.intact and not found.trusted and not found.ok
    finally:
        other.lock()


def test_the_reason_names_the_entry_never_the_client(
    vault: Vault, setup: dict[str, object], tmp_path: Path
) -> None:
    out = tmp_path / "parole.pdf"
    result = export_pdf(vault, grant_for(vault, setup, ("services",)), out, actor=vault.actor)
    (sig,) = _material(out)
    reason = str(sig.sig_object["/Reason"])
    assert result.decision_ref in reason and "Harbour Reentry Program" in reason
    assert "Nguy" not in reason and "Ánh" not in reason
    assert seal.check_pdf(vault, out.read_bytes()).ok


def test_the_cover_says_how_to_check_it_and_prints_the_fingerprint(
    vault: Vault, setup: dict[str, object], tmp_path: Path
) -> None:
    out = tmp_path / "parole.pdf"
    export_pdf(vault, grant_for(vault, setup, ("services",)), out, actor=vault.actor)
    stamp = seal.current(vault)
    assert stamp is not None
    first = " ".join(pypdf.PdfReader(out).pages[0].extract_text().split())
    assert stamp.grouped in first
    assert "signature panel" in first and "your own records" in first


def test_encrypted_and_sealed_opens_with_its_password_and_validates(
    vault: Vault, setup: dict[str, object], tmp_path: Path
) -> None:
    out = tmp_path / "pw.pdf"
    export_pdf(
        vault, grant_for(vault, setup, ("services",)), out, password=PDF_PASSWORD, actor=vault.actor
    )
    reader = pypdf.PdfReader(out)
    assert reader.is_encrypted and reader.decrypt(PDF_PASSWORD)
    assert "Services provided" in "".join(p.extract_text() for p in reader.pages)
    assert seal.check_pdf(vault, out.read_bytes(), PDF_PASSWORD).ok
    assert check_export(vault, out, PDF_PASSWORD).seal.ok
    without = check_export(vault, out)  # the digest alone holds; the seal is not checked
    assert not without.seal.ok and "password" in (without.seal.problem or "")


# --- tampering ------------------------------------------------------------------------


def _rewrite(data: bytes) -> bytes:
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(data)))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _append_revision(data: bytes, password: str | None = None) -> bytes:
    """An incremental update that changes the catalogue (the sealed bytes stay as they were)."""
    w = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
    if password:
        w.encrypt(password)  # type: ignore[no-untyped-call]
    w.root["/PageMode"] = generic.NameObject("/FullScreen")
    w.update_root()  # type: ignore[no-untyped-call]
    out = io.BytesIO()
    w.write(out)  # type: ignore[no-untyped-call]
    return out.getvalue()


def _encrypt_after(data: bytes) -> bytes:
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password="", owner_password="x" * 12, algorithm="AES-256")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _flip_in_stream(data: bytes) -> bytes:
    at = data.index(b"stream\n") + len(b"stream\n") + 5  # inside the first stream
    changed = bytearray(data)
    changed[at] ^= 0x01
    return bytes(changed)


TAMPERING = {
    "full rewrite": _rewrite,
    "appended revision": _append_revision,
    "encryption after signing": _encrypt_after,
    "one flipped byte in a stream": _flip_in_stream,
}


@pytest.mark.parametrize("how", TAMPERING)
def test_each_tampering_is_detected(
    vault: Vault, sealed_pdf: Path, tmp_path: Path, how: str
) -> None:
    data = sealed_pdf.read_bytes()
    assert seal.check_pdf(vault, data).ok
    changed = TAMPERING[how](data)
    assert changed != data
    found = seal.check_pdf(vault, changed)
    assert not found.ok and found.problem
    bad = tmp_path / "changed.pdf"
    bad.write_bytes(changed)
    with pytest.raises(DamagedFile, match="digest check failed, and the seal check too"):
        verify_export(vault, bad)


def test_an_appended_revision_is_named_as_such(vault: Vault, sealed_pdf: Path) -> None:
    found = seal.check_pdf(vault, _append_revision(sealed_pdf.read_bytes()))
    assert found.intact and not found.whole
    assert "added to the PDF after it was sealed" in (found.problem or "")


def test_a_flipped_byte_breaks_the_signature(vault: Vault, sealed_pdf: Path) -> None:
    found = seal.check_pdf(vault, _flip_in_stream(sealed_pdf.read_bytes()))
    assert not found.intact and "does not match the document" in (found.problem or "")


# --- an independent validator ---------------------------------------------------------


@pytest.mark.skipif(shutil.which("pdfsig") is None, reason="Poppler's pdfsig is not installed")
def test_poppler_pdfsig_agrees(vault: Vault, sealed_pdf: Path, tmp_path: Path) -> None:
    def pdfsig(path: Path, *extra: str) -> str:
        run = subprocess.run(
            ["pdfsig", *extra, str(path)], capture_output=True, text=True, timeout=60
        )
        return run.stdout + run.stderr

    said = pdfsig(sealed_pdf)
    assert "Signature is Valid" in said and "Total document signed" in said
    assert "Signature Field Name: SafeFileSeal" in said
    assert "Certificate issuer isn't Trusted" in said  # not trusted here, and not corrupt
    bad = tmp_path / "flipped.pdf"
    bad.write_bytes(_flip_in_stream(sealed_pdf.read_bytes()))
    assert "Signature is Valid" not in pdfsig(bad)
    later = tmp_path / "revised.pdf"
    later.write_bytes(_append_revision(sealed_pdf.read_bytes()))
    assert "Total document signed" not in pdfsig(later)


@pytest.mark.skipif(shutil.which("pdfsig") is None, reason="Poppler's pdfsig is not installed")
def test_poppler_pdfsig_agrees_on_an_encrypted_export(
    vault: Vault, setup: dict[str, object], tmp_path: Path
) -> None:
    out = tmp_path / "pw.pdf"
    export_pdf(
        vault, grant_for(vault, setup, ("services",)), out, password=PDF_PASSWORD, actor=vault.actor
    )
    run = subprocess.run(
        ["pdfsig", "-upw", PDF_PASSWORD, str(out)], capture_output=True, text=True, timeout=60
    )
    assert "Signature is Valid" in run.stdout and "Total document signed" in run.stdout


# --- no network -----------------------------------------------------------------------


def test_no_step_reaches_the_network(
    vault: Vault, setup: dict[str, object], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tried: list[object] = []

    def refuse(self: socket.socket, address: object) -> None:
        tried.append(address)
        raise OSError("the network is blocked in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    with pytest.raises(OSError, match="blocked"):  # the block holds
        socket.create_connection(("192.0.2.1", 80), timeout=0.1)
    tried.clear()
    seal.renew(vault, actor=vault.actor)
    out = tmp_path / "pw.pdf"
    export_pdf(
        vault, grant_for(vault, setup, ("services",)), out, password=PDF_PASSWORD, actor=vault.actor
    )
    assert check_export(vault, out, PDF_PASSWORD).seal.ok
    assert not seal.check_pdf(
        vault, _append_revision(out.read_bytes(), PDF_PASSWORD), PDF_PASSWORD
    ).ok
    print_card(vault, tmp_path / "card.pdf", actor=vault.actor)
    assert tried == []


# --- every PDF writer -----------------------------------------------------------------

# Every module that makes PDF bytes, and how the test below runs it.  A module that starts
# making PDFs fails test_every_pdf_writer_is_known until it is listed here and sealed.
WRITERS = {
    "export/exporter.py": "release-bound export, own copy, court production",
    "export/log_report.py": "accounting and the record of sharing",
    "export/pdf.py": "the layout every writer uses (build_pdf, finish)",
    "export/seal_card.py": "the verification card",
    "export/release_form.py": "the release form and the revocation form, to be signed",
    "reports/output.py": "the funder report",
    "reports/deidentified.py": "de-identified material",
}
MAKES_PDF = re.compile(r"(?<!def )\b(build_pdf|finish|PdfWriter|SimpleDocTemplate|Canvas)\(")


def test_every_pdf_writer_is_known() -> None:
    found = {
        str(p.relative_to(SRC))
        for p in SRC.rglob("*.py")
        if "/ui/" not in str(p) and MAKES_PDF.search(p.read_text("utf-8"))
    }
    assert found == set(WRITERS)
    for name in WRITERS:  # each writes through the one sealed path
        text = (SRC / name).read_text("utf-8")
        calls = {
            n.func.id if isinstance(n.func, ast.Name) else getattr(n.func, "attr", "")
            for n in ast.walk(ast.parse(text))
            if isinstance(n, ast.Call)
        }
        if name != "export/pdf.py":
            assert calls & {"write_export", "seal_with_reason"}, name
    ui = [p for p in (SRC / "ui").rglob("*.py") if MAKES_PDF.search(p.read_text("utf-8"))]
    assert ui == []  # the app writes PDFs only through the core


@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_every_pdf_writer_seals_and_prints_on_the_programs_paper(
    vault: Vault, setup: dict[str, object], tmp_path: Path, paper: str
) -> None:
    settings.save(vault, {"page_size": paper})
    client, org = cast(int, setup["client"]), cast(int, setup["org"])
    order = records.attach(
        vault,
        client,
        b"%PDF-1.4 order",
        title="Order",
        filename="o.pdf",
        doc_type="court order",
        actor=vault.actor,
    )
    written = {
        "release": export_pdf(
            vault, grant_for(vault, setup, ("services",)), tmp_path / "r.pdf", actor=vault.actor
        ),
        "own copy": export_pdf(
            vault,
            gate.own_copy(vault, client, D("2026-11-20"), actor=vault.actor),
            tmp_path / "own.pdf",
            actor=vault.actor,
        ),
        "court": export_pdf(
            vault,
            gate.legal_disclosure(
                vault,
                client,
                "court-order",
                basis="",
                order=CourtOrder(order, "Judge Ray", D("2026-11-20"), "County Court", "26-CV-1"),
                recipient_org_id=org,
                categories="attendance",
                client_informed=True,
                actor=vault.actor,
            ),
            tmp_path / "court.pdf",
            actor=vault.actor,
        ),
        "accounting": export_log_pdf(
            vault,
            log_print.print_log(
                vault, log_print.ACCOUNTING, LogFilter(client_id=client), actor=vault.actor
            ),
            tmp_path / "acc.pdf",
            actor=vault.actor,
        ),
        "funder": output.write_pdf(
            vault,
            counts.build(vault, D("2026-01-01"), D("2026-12-31"), 5),
            tmp_path / "f.pdf",
            actor=vault.actor,
        ),
        "de-identified": deidentified.write_pdf(
            vault,
            "training",
            "a role play",
            "A role play about safety.",
            tmp_path / "d.pdf",
            actor=vault.actor,
        ),
        **{
            form: output.write_funder_pdf(
                vault,
                funder.build(vault, form, D("2025-10-01"), D("2026-09-30")),
                tmp_path / f"{form}.pdf",
                actor=vault.actor,
            )
            for form in funder.FORMS
        },
    }
    size = {"letter": (612, 792), "a4": (595, 842)}[paper]

    def on_paper(pdf: Path) -> bool:
        return all(
            (round(float(p.mediabox.width)), round(float(p.mediabox.height))) == size
            for p in pypdf.PdfReader(pdf).pages
        )

    for what, result in written.items():
        found = check_export(vault, result.path)
        assert found.seal.ok and found.entry.ref == result.written_ref, what
        assert on_paper(result.path), what
    card = print_card(vault, tmp_path / "card.pdf", actor=vault.actor)
    assert seal.check_pdf(vault, card.pdf.read_bytes()).ok
    assert on_paper(card.pdf)
    csv = output.write_csv(
        vault,
        counts.build(vault, D("2026-01-01"), D("2026-12-31"), 5),
        tmp_path / "f.csv",
        actor=vault.actor,
    )
    assert not csv.path.read_bytes().startswith(b"%PDF")  # a CSV is written as it is


# --- the card, the command line -------------------------------------------------------


def test_the_card_prints_the_fingerprint_and_writes_the_certificate(
    vault: Vault, tmp_path: Path
) -> None:
    vault.set_meta("program_name", "Harbour Reentry Program")
    card = print_card(vault, tmp_path / "card.pdf", actor=vault.actor)
    stamp = seal.current(vault)
    assert stamp is not None and card.cer.read_bytes() == stamp.cert_der
    reader = pypdf.PdfReader(card.pdf)
    assert len(reader.pages) == 1
    text = " ".join(reader.pages[0].extract_text().split())
    assert stamp.grouped in text and "Harbour Reentry Program" in text


def test_import_a_certificate_authority_certificate(vault: Vault, tmp_path: Path) -> None:
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.x509.oid import NameOID

    def pair(cn: str, issuer_key: Any = None, issuer: Any = None) -> tuple[Any, Any]:
        key = ec.generate_private_key(ec.SECP256R1())
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])
        now = dt.datetime.now(dt.UTC)
        cert = (
            x509.CertificateBuilder()
            .subject_name(name)
            .issuer_name(issuer or name)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=365))
            .add_extension(x509.BasicConstraints(ca=issuer is None, path_length=None), True)
            .add_extension(
                x509.KeyUsage(
                    digital_signature=True,
                    content_commitment=False,  # many CA certificates for signing lack it
                    key_encipherment=False,
                    data_encipherment=False,
                    key_agreement=False,
                    key_cert_sign=issuer is None,
                    crl_sign=False,
                    encipher_only=False,
                    decipher_only=False,
                ),
                True,
            )
            .sign(issuer_key or key, hashes.SHA256())
        )
        return key, cert

    ca_key, ca = pair("Test CA")
    key, cert = pair("Harbour Reentry Program", ca_key, ca.subject)
    pem = serialization.Encoding.PEM
    (tmp_path / "c.pem").write_bytes(cert.public_bytes(pem) + ca.public_bytes(pem))
    (tmp_path / "k.pem").write_bytes(
        key.private_bytes(pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    _, stranger = pair("Someone else")
    (tmp_path / "s.pem").write_bytes(stranger.public_bytes(pem))
    seal.ensure(vault, actor=vault.actor)
    with pytest.raises(InvalidInput, match="does not belong to the certificate"):
        seal.import_seal(vault, tmp_path / "s.pem", tmp_path / "k.pem", actor=vault.actor)
    with pytest.raises(InvalidInput, match="not a certificate"):
        seal.import_seal(vault, tmp_path / "k.pem", tmp_path / "k.pem", actor=vault.actor)
    kept = seal.current(vault)
    assert kept is not None and kept.source == "created"  # nothing changed
    stamp = seal.import_seal(vault, tmp_path / "c.pem", tmp_path / "k.pem", actor=vault.actor)
    assert stamp.source == "imported" and stamp.subject == "Harbour Reentry Program"
    out = _teaching_pdf(vault, tmp_path / "ca.pdf")
    (sig,) = _material(out)
    vc = ValidationContext(
        trust_roots=[ax509.Certificate.load(ca.public_bytes(serialization.Encoding.DER))],
        allow_fetching=False,
        revocation_mode="soft-fail",
    )
    status = validate_pdf_signature(sig, vc, key_usage_settings=seal.key_usage())
    assert status.intact and status.valid and status.trusted  # the CA chain was embedded
    assert check_export(vault, out).seal.ok


def test_seal_command(cli: Cli, tmp_path: Path) -> None:
    v = str(tmp_path / "v.safefile")
    s = PASSPHRASE + "\n"

    def run(*a: str) -> Any:
        return cli(*a, "--passphrase-stdin", stdin=s)

    assert run("init", v, "--no-recovery-key", "--practitioner", "Test Advocate").code == 0
    shown = run("seal", v)
    assert shown.code == 0 and "SHA-256 fingerprint:" in shown.out
    fp = shown.out.split("SHA-256 fingerprint: ")[1].strip()
    renewed = run("seal", v, "--renew", "--card", str(tmp_path / "card.pdf"))
    assert renewed.code == 0 and "Renewed program seal" in renewed.out
    assert fp not in renewed.out and (tmp_path / "card.cer").is_file()
    assert run("seal", v, "--import", str(tmp_path / "card.cer")).code == 2
    bad = run("seal", v, "--import", str(tmp_path / "nope.cer"), "--key", str(tmp_path / "k"))
    assert bad.code == 1 and "There is no certificate file" in bad.err

    vault = Vault.open(Path(v), passphrase=PASSPHRASE)
    try:
        out = _teaching_pdf(vault, tmp_path / "t.pdf")
        before = tmp_path / "before.pdf"  # as an export made before the seal existed
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(exporter, "_sealed_last", lambda vault, g, data, pw: data)
            _teaching_pdf(vault, before)
        pw = tmp_path / "pw.pdf"
        export_log_pdf(
            vault,
            log_print.print_log(vault, log_print.REVIEW, actor=vault.actor),
            pw,
            password=PDF_PASSWORD,
            actor=vault.actor,
        )
    finally:
        vault.lock()
    good = run("verify-export", v, str(out))
    assert good.code == 0 and "Seal: intact" in good.out
    old = run("verify-export", v, str(before))
    assert old.code == 0 and "exported before SafeFile sealed its PDFs" in old.out
    both = f"{PASSPHRASE}\n{PDF_PASSWORD}\n"
    opened = cli("verify-export", v, str(pw), "--passphrase-stdin", "--password-stdin", stdin=both)
    assert opened.code == 0 and "Seal: intact" in opened.out
    unopened = run("verify-export", v, str(pw))
    assert unopened.code == 0 and "Seal: not checked. The PDF is protected" in unopened.out
    (tmp_path / "rev.pdf").write_bytes(_append_revision(out.read_bytes()))
    changed = run("verify-export", v, str(tmp_path / "rev.pdf"))
    assert changed.code == 5 and "The digest check failed, and the seal check too" in changed.err
    assert "added to the PDF after it was sealed" in changed.err
