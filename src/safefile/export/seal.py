"""The program seal: every PDF the program sends is signed last, so anyone can check it.

A recipient (a court clerk, a legal-aid lawyer, a shelter) has no SafeFile; their PDF
reader's signature panel shows whether the document was changed since it was sealed.
The seal is an ECDSA P-256 key and a self-signed certificate whose subject is the
program's name only, valid five years, made when the vault is created (``ensure``:
also at the first export of an older vault, and by ``safefile seal``; one made before
the program's name was set is made again with it, as long as no PDF was sealed with
it).  The private key is kept in the encrypted vault database
(store/migrations/seal.py), never in a file.  A program with a certificate from a
certificate authority can ``import_seal`` it instead.

``seal_pdf`` is the one last step of every PDF written (export/exporter.write_export):
the bytes come from reportlab and pypdf (attachments, metadata, AES-256 encryption
when a password was asked for); pyHanko then certifies them (PAdES B-B, DocMDP "no
changes allowed") in an incremental update, with a reason that names the record-of-
sharing entry and never the client.  Nothing touches the bytes after that; their
SHA-256 is what the record of sharing keeps.

``check_pdf`` validates with no network at all: the trust roots are the program's own
certificates from the vault, revocation data is never fetched, no timestamp server is
asked.  It says which check failed: the signature (the bytes it covers changed), the
coverage (something was added after sealing), the signer (not this program's seal).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from safefile.clock import iso_now
from safefile.errors import InvalidInput, SafeFileError
from safefile.records import writes
from safefile.staff.guard import allowed
from safefile.staff.roles import Action
from safefile.store.actor import Actor
from safefile.store.vault import Vault

FIELD = "SafeFileSeal"
YEARS = 5
RENEW_DAYS = 90  # the app and `safefile seal` warn this long before the seal expires
DEFAULT_SUBJECT = "SafeFile program"  # until the program's name is set
USED_KEY = "program_seal_used"  # meta: the fingerprint of the last seal a PDF was sealed with
MAX_IMPORT_BYTES = 1024 * 1024
NO_SEAL = "The PDF carries no program seal: it was rewritten, or it is not one SafeFile sent."

# pyHanko and its certificate validator log every failed check with a traceback: held
# back here (the app's log keeps only their templates, logpolicy.py; the command line
# says what failed in its own words).
for _name in ("pyhanko", "pyhanko_certvalidator"):
    logging.getLogger(_name).addHandler(logging.NullHandler())


@dataclass(frozen=True)
class Seal:
    """One of the program's seals (the newest is the one in use)."""

    id: int
    cert_der: bytes
    fingerprint: str  # SHA-256 of the certificate, lowercase hex
    subject: str
    not_after: dt.datetime
    source: str  # "created" or "imported"
    created_at: str

    @property
    def grouped(self) -> str:
        return grouped(self.fingerprint)

    def expires_soon(self, now: dt.datetime | None = None) -> bool:
        now = now or dt.datetime.now(dt.UTC)
        return self.not_after - now <= dt.timedelta(days=RENEW_DAYS)


@dataclass(frozen=True)
class SealCheck:
    """What the seal of a PDF shows; ``problem`` is None when every check passed."""

    sealed: bool  # the PDF carries a seal at all
    intact: bool  # the bytes the seal covers are unchanged
    whole: bool  # the seal covers the whole file: nothing was added after it
    unchanged: bool  # no change of any kind after certification (DocMDP)
    trusted: bool  # signed by one of this program's seals
    fingerprint: str  # of the signer's certificate ("" when not sealed)
    problem: str | None

    @property
    def ok(self) -> bool:
        return self.problem is None


def grouped(fingerprint: str) -> str:
    """A fingerprint in groups of four, uppercase, for reading aloud over the phone."""
    hexa = fingerprint.upper()
    return " ".join(hexa[i : i + 4] for i in range(0, len(hexa), 4))


def fingerprint_of(cert_der: bytes) -> str:
    return hashlib.sha256(cert_der).hexdigest()


# --- the seal in the vault ------------------------------------------------------------


def _subject_of(cert_der: bytes) -> str:
    from cryptography import x509
    from cryptography.x509.oid import NameOID

    cert = x509.load_der_x509_certificate(cert_der)
    names = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    return str(names[0].value) if names else cert.subject.rfc4514_string()


def _row(row: Any) -> Seal:
    cert_der = bytes(row[1])
    return Seal(
        id=int(row[0]),
        cert_der=cert_der,
        fingerprint=str(row[2]),
        subject=_subject_of(cert_der),
        not_after=dt.datetime.fromisoformat(str(row[3])),
        source=str(row[4]),
        created_at=str(row[5]),
    )


def current(vault: Vault) -> Seal | None:
    """The seal in use, or None if the vault has none yet."""
    row = vault.db.execute(
        "SELECT id, cert_der, fingerprint, not_after, source, created_at FROM program_seals"
        " WHERE length(key_der) > 0 ORDER BY id DESC LIMIT 1"
    ).fetchone()
    return None if row is None else _row(row)


def all_seals(vault: Vault) -> list[Seal]:
    """Every seal the program has had, oldest first (older exports carry older ones)."""
    rows = vault.db.execute(
        "SELECT id, cert_der, fingerprint, not_after, source, created_at FROM program_seals"
        " ORDER BY id"
    ).fetchall()
    return [_row(r) for r in rows]


def _program_name(vault: Vault) -> str:
    from safefile import settings

    return settings.load(vault).program_name.strip() or DEFAULT_SUBJECT


def _new_key_and_cert(subject: str) -> tuple[bytes, bytes]:
    """A new ECDSA P-256 key (PKCS#8 DER) and its self-signed certificate (DER)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject[:64])])
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))  # a reader's clock a little behind
        .not_valid_after(now + dt.timedelta(days=365 * YEARS + 1))
        # its own root (a reader trusts it as an anchor); no extended key usage, which
        # Poppler's validator (NSS) refuses on a self-signed certificate
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    key_der = key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    return key_der, cert.public_bytes(serialization.Encoding.DER)


def _not_after(cert_der: bytes) -> dt.datetime:
    from cryptography import x509

    return x509.load_der_x509_certificate(cert_der).not_valid_after_utc


def _store(
    vault: Vault,
    key_der: bytes,
    cert_der: bytes,
    chain_der: bytes,
    source: str,
    event: str,
    actor: Actor,
) -> Seal:
    """Record a new seal (in one transaction with its audit entry) and erase the key of
    the one it replaces."""
    who = actor
    fp = fingerprint_of(cert_der)
    with writes.together(vault) as db:
        db.execute("UPDATE program_seals SET key_der = x'' WHERE length(key_der) > 0")
        db.execute(
            "INSERT INTO program_seals (cert_der, key_der, chain_der, source, fingerprint,"
            " not_after, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                cert_der,
                key_der,
                chain_der,
                source,
                fp,
                _not_after(cert_der).isoformat(),
                iso_now(vault.clock),
                who.name,
            ),
        )
        vault.audit(event, actor=who, fingerprint=fp)
    seal = current(vault)
    assert seal is not None
    return seal


def ensure(vault: Vault, *, actor: Actor) -> Seal:
    """The seal in use, made now if the vault has none (first start, or an older vault)."""
    seal = current(vault)
    name = _program_name(vault)
    if seal is None:
        key_der, cert_der = _new_key_and_cert(name)
        return _store(vault, key_der, cert_der, b"", "created", "program seal created", actor)
    if (
        seal.source == "created"
        and seal.subject == DEFAULT_SUBJECT != name
        and vault.get_meta(USED_KEY) != seal.fingerprint
    ):  # made before the program had a name (`safefile init`), never used: name it now
        key_der, cert_der = _new_key_and_cert(name)
        return _store(vault, key_der, cert_der, b"", "created", "program seal named", actor)
    return seal


@allowed(Action.PROGRAM_SEAL)
def renew(vault: Vault, *, actor: Actor) -> Seal:
    """A new key and certificate (five years from now) in place of the one in use; the
    old certificate is kept so that earlier exports still check, its key erased."""
    key_der, cert_der = _new_key_and_cert(_program_name(vault))
    return _store(vault, key_der, cert_der, b"", "created", "program seal renewed", actor)


@allowed(Action.PROGRAM_SEAL)
def import_seal(vault: Vault, cert_path: Path, key_path: Path, *, actor: Actor) -> Seal:
    """Use a certificate from a certificate authority (PEM or DER; a PEM file may hold the
    issuing certificates after it) and its private key (PKCS#8 or traditional, PEM or
    DER, not protected by a password) as the program's seal.  Every problem is refused
    before anything changes."""
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec, rsa

    cert_bytes = _read_small(cert_path, "certificate")
    key_bytes = _read_small(key_path, "key")
    try:
        if b"-----BEGIN" in cert_bytes:
            certs = x509.load_pem_x509_certificates(cert_bytes)
        else:
            certs = [x509.load_der_x509_certificate(cert_bytes)]
    except ValueError:
        raise InvalidInput(
            f"{cert_path} is not a certificate SafeFile can read (a .cer, .crt or .pem file "
            "with an X.509 certificate). Nothing was changed."
        ) from None
    try:
        if b"-----BEGIN" in key_bytes:
            key = serialization.load_pem_private_key(key_bytes, password=None)
        else:
            key = serialization.load_der_private_key(key_bytes, password=None)
    except TypeError:
        raise InvalidInput(
            f"The key in {key_path} is protected by a password. Save it without one (for the "
            "import only; it is kept encrypted in the vault) and try again. Nothing was changed."
        ) from None
    except ValueError:
        raise InvalidInput(
            f"{key_path} is not a private key SafeFile can read (PEM or DER). Nothing was changed."
        ) from None
    if not isinstance(key, ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey):
        raise InvalidInput(
            "The key is of a kind SafeFile cannot sign with (it needs an ECDSA or RSA key). "
            "Nothing was changed."
        )
    cert = certs[0]
    pub = serialization.PublicFormat.SubjectPublicKeyInfo
    der = serialization.Encoding.DER
    if cert.public_key().public_bytes(der, pub) != key.public_key().public_bytes(der, pub):
        raise InvalidInput(
            "The key does not belong to the certificate (they are from different pairs). "
            "Nothing was changed."
        )
    now = dt.datetime.now(dt.UTC)
    if not cert.not_valid_before_utc <= now < cert.not_valid_after_utc:
        raise InvalidInput(
            "The certificate is not valid today (it has expired or is not yet valid). "
            "Nothing was changed."
        )
    key_der = key.private_bytes(
        der, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    chain = b"".join(c.public_bytes(serialization.Encoding.PEM) for c in certs[1:])
    return _store(
        vault, key_der, cert.public_bytes(der), chain, "imported", "program seal imported", actor
    )


def _read_small(path: Path, what: str) -> bytes:
    path = Path(path).expanduser()
    if not path.is_file():
        raise InvalidInput(f"There is no {what} file at {path}. Nothing was changed.")
    if path.stat().st_size > MAX_IMPORT_BYTES:
        raise InvalidInput(f"{path} is too large to be a {what} file. Nothing was changed.")
    return path.read_bytes()


def cer_bytes(seal: Seal) -> bytes:
    """The certificate as a .cer file (DER) for a recipient's trusted identities."""
    return seal.cert_der


# --- sealing and checking -------------------------------------------------------------


@dataclass(frozen=True)
class _Material:
    cert_der: bytes
    key_der: bytes
    chain_der: bytes


def _material(vault: Vault) -> _Material:
    seal = ensure(vault, actor=vault.actor)
    row = vault.db.execute(
        "SELECT cert_der, key_der, chain_der FROM program_seals WHERE id = ?", (seal.id,)
    ).fetchone()
    return _Material(bytes(row[0]), bytes(row[1]), bytes(row[2]))


def reason_for(entry_ref: str, program: str) -> str:
    """The signature's reason: the record-of-sharing entry, never the client."""
    return f"Sent by {program} (SafeFile); record of sharing entry {entry_ref}"


def seal_pdf(vault: Vault, data: bytes, entry_ref: str, password: str | None = None) -> bytes:
    """``data`` (a finished PDF, encrypted with ``password`` if one was given) certified
    with the program's seal: PAdES B-B, no changes allowed.  In memory only; the last
    step, nothing may change the bytes after it."""
    return seal_with_reason(vault, data, reason_for(entry_ref, _program_name(vault)), password)


def seal_with_reason(vault: Vault, data: bytes, reason: str, password: str | None = None) -> bytes:
    """``data`` certified with the program's seal, ``reason`` shown in readers' panels."""
    material = _material(vault)
    fp = fingerprint_of(material.cert_der)
    if vault.get_meta(USED_KEY) != fp:  # it has left the program now: never renamed again
        vault.set_meta(USED_KEY, fp)
    try:
        return _sign(material, data, reason, password)
    except SafeFileError:
        raise
    except Exception as exc:
        raise SafeFileError(
            "The PDF could not be sealed with the program's signature, so nothing was saved "
            "and nothing was sent. The attempt is in the record of sharing. Please send the "
            f"log file (Help > Log file) to your support ({type(exc).__name__})."
        ) from None


def _sign(material: _Material, data: bytes, reason: str, password: str | None) -> bytes:
    from asn1crypto import keys as akeys
    from asn1crypto import pem
    from asn1crypto import x509 as ax509
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers
    from pyhanko.sign.fields import MDPPerm, SigSeedSubFilter
    from pyhanko.sign.signers.pdf_signer import PdfSignatureMetadata
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    cert = ax509.Certificate.load(material.cert_der)
    chain = [
        ax509.Certificate.load(der)
        for _, _, der in (pem.unarmor(material.chain_der, True) if material.chain_der else ())
    ]
    signer = signers.SimpleSigner(
        signing_cert=cert,
        signing_key=akeys.PrivateKeyInfo.load(material.key_der),
        cert_registry=SimpleCertificateStore.from_certs([cert, *chain]),  # type: ignore[no-untyped-call]
    )
    writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
    if password:
        writer.encrypt(password)  # type: ignore[no-untyped-call]  # sign it under its own key
    meta = PdfSignatureMetadata(
        field_name=FIELD,
        reason=reason,
        certify=True,
        docmdp_permissions=MDPPerm.NO_CHANGES,
        subfilter=SigSeedSubFilter.PADES,
        md_algorithm="sha256",
        embed_validation_info=False,  # B-B: nothing fetched, no timestamp
        use_pades_lta=False,
    )
    out = signers.sign_pdf(writer, meta, signer=signer)
    return bytes(out.getvalue())


def key_usage() -> Any:
    """Signing certificates: digital signature or non-repudiation (an imported one from a
    certificate authority often has only the first)."""
    from pyhanko.sign.validation.settings import KeyUsageConstraints

    return KeyUsageConstraints(
        key_usage={"digital_signature", "non_repudiation"}, match_all_key_usages=False
    )


def check_pdf(vault: Vault | None, data: bytes, password: str | None = None) -> SealCheck:
    """Validate the seal of ``data`` with no network: trusted when it was made by one of
    this vault's seals (``vault`` None: no certificate is trusted)."""
    from asn1crypto import x509 as ax509
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.general import SigningError
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.errors import SignatureValidationError
    from pyhanko_certvalidator import ValidationContext

    def failed(problem: str, *, sealed: bool = True, fp: str = "") -> SealCheck:
        return SealCheck(sealed, False, False, False, False, fp, problem)

    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        # encrypted: with the password given, or an empty one (a reader opens that unasked)
        if reader.encrypted and reader.decrypt(password or "").status.name == "FAILED":
            return failed(
                "The PDF is protected by a password; give it to check the seal."
                if not password
                else "The password does not open this PDF.",
                sealed=False,
            )
        sigs = reader.embedded_signatures
    except Exception:
        return failed(
            "The file could not be read as a PDF: it is damaged or was rewritten.", sealed=False
        )
    ours = [s for s in sigs if s.field_name == FIELD]
    if not ours:
        return failed(NO_SEAL, sealed=False)
    sig = ours[0]
    try:
        fp = fingerprint_of(sig.signer_cert.dump())
    except Exception:
        return failed("The seal in this PDF is damaged.")
    roots = [ax509.Certificate.load(s.cert_der) for s in all_seals(vault)] if vault else []
    vc = ValidationContext(
        trust_roots=roots,
        allow_fetching=False,  # no network: no revocation data, no certificate fetching
        revocation_mode="soft-fail",
    )
    try:
        status = validate_pdf_signature(sig, vc, key_usage_settings=key_usage())
    except (SignatureValidationError, SigningError, ValueError, KeyError):
        return failed("The seal's signature does not match the document: it was changed.", fp=fp)
    whole = status.coverage is not None and status.coverage.name == "ENTIRE_FILE"
    unchanged = whole and bool(status.docmdp_ok)
    trusted = (
        bool(status.trusted) and fp in {s.fingerprint for s in all_seals(vault)} if vault else False
    )
    problem: str | None = None
    if not (status.intact and status.valid):
        problem = "The seal's signature does not match the document: it was changed."
    elif not whole:
        problem = (
            "Something was added to the PDF after it was sealed (a later revision): it is not "
            "the file that was sent."
        )
    elif not unchanged:
        problem = "The PDF was changed after it was sealed."
    elif not trusted:
        problem = (
            "The seal is intact but it is not this program's seal (its certificate "
            f"fingerprint is {grouped(fp)})."
        )
    return SealCheck(
        True, bool(status.intact and status.valid), whole, unchanged, trusted, fp, problem
    )


def cover_text(seal: Seal, language: str = "en") -> str:
    """What the first page says about checking the seal without SafeFile (``language``:
    an own copy's, from the reviewed texts of records/language.py)."""
    if language != "en":
        from safefile.records.language import form_texts

        return form_texts(language).text("seal_cover", fingerprint=seal.grouped)
    return (
        "This PDF is sealed with the program's digital signature. Any PDF reader's signature "
        "panel shows whether it was changed since it was sealed; the signer shows as unknown "
        "until you trust the program's certificate. Its SHA-256 fingerprint is "
        f"{seal.grouped}. Before trusting it, confirm the fingerprint by calling the program "
        "on a number from your own records (not one printed here)."
    )
