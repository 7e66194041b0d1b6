"""A release before it is signed: drafted, printed, then signed from the scan (issue 24).

A draft records everything ``release add`` records except the signature (the date and the
form), and is refused for every reason ``release add`` would refuse it, judged as if it
were signed today (``draft_problems``).  It lives in ``release_drafts``, which no road
reads: nothing can leave under a draft, whatever the road (the gate, ``disclose``, the
appended release).  Its number is taken from the releases' own (``next_release_id``), so
the reference printed on the form is the release's.

Each printed form is numbered (version 1, 2, ...) and kept in the vault, exactly as
printed, with its SHA-256.  Its code (a QR code on every page) holds only the reference,
the form's version and a check value: a MAC over the draft's fields, the print number and
the form text's version, keyed with a key derived from the vault's data key.  No name, no
address, no link.

Signing (``sign``) takes the scan of the signed form: the code must be this release's, of
the newest form printed for it, with the check value this vault computes; the person
attaching it says that nothing on the form was changed by hand (if something was, a new
form is printed and signed instead).  Then the release is entered as ``release add``
would enter it, with the scan as its form, in effect from the signature.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from safefile.clock import iso_now, today
from safefile.consent.releases import (
    STATEMENTS,
    Release,
    ReleaseIn,
    add_release,
    entry_problems,
    next_release_id,
    parse_release_ref,
    release_ref,
)
from safefile.errors import InvalidInput, NotFound
from safefile.records import documents
from safefile.records.clients import get_client
from safefile.records.language import check_language, client_language
from safefile.records.writes import Actor, change
from safefile.staff import guard
from safefile.staff.guard import allowed
from safefile.staff.roles import Action
from safefile.store.vault import Vault
from safefile.words import RECIPIENT_KINDS

CODE_PREFIX = "SFR1"  # SafeFile release form, code layout 1
REVOCATION_PREFIX = "SFV1"  # SafeFile revocation form, code layout 1
AWAITING = "printed, awaiting signature"
PRINTED_FORM = "printed release form"
SIGNED_FORM = "signed release"


@dataclass(frozen=True)
class Draft:
    id: int
    ref: str
    client_id: int
    recipient_org_id: int
    fields: ReleaseIn
    recipient_kind: str
    language: str
    state: str  # draft | signed | withdrawn
    signed_release_id: int | None
    created_at: str
    created_by: str
    prints: tuple[Print, ...]

    @property
    def status(self) -> str:
        """In plain words: draft, printed awaiting signature, signed, withdrawn."""
        if self.state == "signed":
            return f"signed (release {release_ref(self.signed_release_id or self.id)})"
        if self.state == "withdrawn":
            return "withdrawn before signing"
        if self.prints:
            return f"{AWAITING} (form version {self.prints[-1].version})"
        return "draft, not printed"


@dataclass(frozen=True)
class Print:
    version: int
    language: str
    text_version: str
    document_id: int
    sha256: str
    check_value: str
    pages: int
    printed_at: str
    printed_by: str


@dataclass(frozen=True)
class Code:
    """What a form's QR code holds."""

    ref: str
    version: int
    form: str  # the text's version, e.g. en-2026.12-1 (es-...+en-... when bilingual)
    check: str

    def text(self) -> str:
        return f"{CODE_PREFIX} {self.ref} V{self.version} {self.form} {self.check}"


def parse_code(text: str) -> Code | None:
    """A SafeFile release form's code, or None for any other text."""
    parts = text.strip().split(" ")
    if len(parts) != 5 or parts[0] != CODE_PREFIX or not parts[2].startswith("V"):
        return None
    if not parts[2][1:].isdigit():
        return None
    return Code(parts[1], int(parts[2][1:]), parts[3], parts[4])


def revocation_code(vault: Vault, rel: Release, form: str) -> str:
    """The code of a release's revocation form: its reference, form and check value."""
    message = json.dumps(
        {"revocation of": rel.ref, "client": rel.client_id, "form": form}, sort_keys=True
    ).encode()
    mac = hmac.new(vault.key_for("release form codes"), message, hashlib.sha256).digest()
    return f"{REVOCATION_PREFIX} {rel.ref} V1 {form} {base64.b32encode(mac[:15]).decode()}"


def revocation_code_ok(vault: Vault, rel: Release, text: str) -> bool | None:
    """None: not a revocation form's code; else whether it is this release's, unaltered."""
    parts = text.strip().split(" ")
    if len(parts) != 5 or parts[0] != REVOCATION_PREFIX:
        return None
    return hmac.compare_digest(text.strip(), revocation_code(vault, rel, parts[3]))


def _fields_json(r: ReleaseIn) -> str:
    return json.dumps(r.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)


def check_value(vault: Vault, draft: Draft, version: int, form: str) -> str:
    """The keyed MAC a printed form's code carries (24 base32 letters, 120 bits)."""
    message = json.dumps(
        {
            "ref": draft.ref,
            "client": draft.client_id,
            "recipient": draft.recipient_org_id,
            "kind": draft.recipient_kind,
            "fields": json.loads(_fields_json(draft.fields)),
            "version": version,
            "form": form,
        },
        sort_keys=True,
        ensure_ascii=False,
    ).encode()
    mac = hmac.new(vault.key_for("release form codes"), message, hashlib.sha256).digest()
    return base64.b32encode(mac[:15]).decode()


def draft_problems(vault: Vault, r: ReleaseIn, on: date) -> list[str]:
    """Every reason ``release add`` would refuse ``r`` were it signed on ``on``."""
    reasons: list[str] = []
    if r.signed_on is not None or r.form_document_id is not None or r.original_on_file:
        reasons.append(
            "A draft is not signed yet: its signed date and form are recorded when the "
            "signed form is attached ('release sign')."
        )
    if r.copy_given_on is not None:
        reasons.append(
            "The client is given a copy of the signed form: record the date with "
            "'release sign --copy-given-on'."
        )
    # Judged as if signed on ``on`` with a form, every statement told (those may be
    # recorded at signing); the signature itself is checked again at signing.
    probe = r.model_copy(
        update={
            "signed_on": on,
            "original_on_file": True,
            "original_reason": "judged as a draft",
            "form_document_id": None,
            "copy_given_on": None,
            "statements": dict.fromkeys(STATEMENTS, True),
        }
    )
    return reasons + entry_problems(vault, probe)


@allowed(Action.RECORD_RELEASE)
def draft_release(
    vault: Vault,
    r: ReleaseIn,
    *,
    recipient_kind: str = "other",
    language: str | None = None,
    actor: Actor,
) -> int:
    """Record a release that is not signed yet; refused for whatever ``release add``
    would refuse.  Returns its number (its reference is R-<number>)."""
    if recipient_kind not in RECIPIENT_KINDS:
        raise InvalidInput(
            f"'{recipient_kind}' is not a kind of recipient the form knows; choose from: "
            + ", ".join(RECIPIENT_KINDS)
            + "."
        )
    lang = check_language(language) if language else client_language(vault, r.client_id)
    reasons = draft_problems(vault, r, today(vault.clock))
    if reasons:
        raise InvalidInput("This release cannot be drafted:\n" + "\n".join(reasons))
    who = actor
    if not r.witness:  # the form names its witness: the person drafting it, unless told
        r = r.model_copy(update={"witness": who.name})
    with change(vault, who) as ch:
        draft_id = next_release_id(vault)
        ch.db.execute(
            "INSERT INTO release_drafts (id, client_id, recipient_org_id, fields, "
            "recipient_kind, language, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                draft_id,
                r.client_id,
                r.recipient_org_id,
                _fields_json(r),
                recipient_kind,
                lang,
                iso_now(vault.clock),
                ch.actor.name,
            ),
        )
        ch.audit("release drafted", client_id=r.client_id, release=release_ref(draft_id))
    return draft_id


_DRAFT_COLUMNS = (
    "id, client_id, recipient_org_id, fields, recipient_kind, language, state, "
    "signed_release_id, created_at, created_by"
)


def _prints(vault: Vault, draft_id: int) -> tuple[Print, ...]:
    rows = vault.db.execute(
        "SELECT version, language, text_version, document_id, sha256, check_value, pages, "
        "printed_at, printed_by FROM release_prints WHERE draft_id = ? ORDER BY version",
        (draft_id,),
    ).fetchall()
    return tuple(Print(*row) for row in rows)


def _draft(vault: Vault, row: Any) -> Draft:
    return Draft(
        id=row[0],
        ref=release_ref(row[0]),
        client_id=row[1],
        recipient_org_id=row[2],
        fields=ReleaseIn.model_validate(json.loads(row[3])),
        recipient_kind=row[4],
        language=row[5],
        state=row[6],
        signed_release_id=row[7],
        created_at=row[8],
        created_by=row[9],
        prints=_prints(vault, row[0]),
    )


def find_draft(vault: Vault, ref: str | int) -> Draft | None:
    row = vault.db.execute(
        f"SELECT {_DRAFT_COLUMNS} FROM release_drafts WHERE id = ?",  # noqa: S608
        (parse_release_ref(ref),),
    ).fetchone()
    return None if row is None else _draft(vault, row)


def get_draft(vault: Vault, ref: str | int) -> Draft:
    """The draft ``ref`` (NotFound, saying so, when it is an entered release or nothing)."""
    draft = find_draft(vault, ref)
    if draft is not None:
        return draft
    rid = parse_release_ref(ref)
    exists = vault.db.execute("SELECT 1 FROM releases WHERE id = ?", (rid,)).fetchone()
    if exists:
        raise InvalidInput(
            f"Release {release_ref(rid)} was entered already signed ('release add'), so there "
            "is no form to print or sign for it."
        )
    raise NotFound(f"There is no release {release_ref(rid)}.")


def open_draft(vault: Vault, ref: str | int) -> Draft:
    """A draft that may still be printed or signed (InvalidInput if signed or withdrawn)."""
    draft = get_draft(vault, ref)
    if draft.state == "signed":
        raise InvalidInput(
            f"Release {draft.ref} is signed already; it is in the client's releases. To "
            "change it, the client revokes it and signs a new one."
        )
    if draft.state == "withdrawn":
        raise InvalidInput(f"Release {draft.ref} was withdrawn before it was signed.")
    return draft


def waiting(vault: Vault, client_id: int | None = None) -> list[Draft]:
    """Drafts not yet signed (the "Waiting for signature" list), oldest first."""
    sql = f"SELECT {_DRAFT_COLUMNS} FROM release_drafts WHERE state = 'draft'"  # noqa: S608
    params: tuple[Any, ...] = ()
    if client_id is not None:
        sql += " AND client_id = ?"
        params = (client_id,)
    rows = vault.db.execute(sql + " ORDER BY id", params).fetchall()
    closed = guard.closed_ids(vault)  # a file closed to the member: not on their list
    return [_draft(vault, row) for row in rows if row[1] not in closed]


@allowed(Action.FIND_FILES)
def list_drafts(vault: Vault, client_id: int) -> list[Draft]:
    rows = vault.db.execute(
        f"SELECT {_DRAFT_COLUMNS} FROM release_drafts WHERE client_id = ? "  # noqa: S608
        "AND state != 'signed' ORDER BY id DESC",
        (client_id,),
    ).fetchall()
    return [_draft(vault, row) for row in rows]


@allowed(Action.RECORD_RELEASE)
def record_print(
    vault: Vault,
    draft: Draft,
    *,
    version: int,
    language: str,
    form: str,
    check: str,
    pdf: bytes,
    pages: int,
    actor: Actor,
) -> None:
    """Keep the exact PDF printed, sealed in the vault, with its digest and code."""
    with change(vault, actor) as ch:
        doc_id = documents.attach(
            vault,
            draft.client_id,
            pdf,
            title=f"Release {draft.ref} form, version {version} (printed, unsigned)",
            doc_type=PRINTED_FORM,
            filename=f"release-{draft.ref}-v{version}.pdf",
            actor=ch.actor,
        )
        ch.db.execute(
            "INSERT INTO release_prints (draft_id, client_id, version, language, text_version, "
            "document_id, sha256, check_value, pages, printed_at, printed_by) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                draft.id,
                draft.client_id,
                version,
                language,
                form,
                doc_id,
                hashlib.sha256(pdf).hexdigest(),
                check,
                pages,
                iso_now(vault.clock),
                ch.actor.name,
            ),
        )
        ch.audit(
            "release form printed", client_id=draft.client_id, release=draft.ref, version=version
        )


def check_scan(vault: Vault, draft: Draft, codes: list[str], pages: int) -> Print:
    """The printed form a scan is of, or InvalidInput saying plainly why it is not this
    release's newest form."""
    ours = [c for c in (parse_code(t) for t in codes) if c is not None]
    if not draft.prints:
        raise InvalidInput(
            f"Release {draft.ref} has not been printed: print its form ('release print'), "
            "have the client sign the printed form, then attach the scan."
        )
    if not ours:
        raise InvalidInput(
            "No SafeFile release code could be read on the scan. Scan every page of the "
            "signed form, whole and straight, at 150 dpi or more (the square code at the "
            "bottom of each page must be sharp), and attach it again."
        )
    others = sorted({c.ref for c in ours if c.ref != draft.ref})
    if others:
        raise InvalidInput(
            f"This scan is of the form of release {', '.join(others)}, not of release "
            f"{draft.ref}. Attach the scan to the release it belongs to."
        )
    newest = draft.prints[-1]
    versions = sorted({c.version for c in ours})
    if len(versions) > 1:
        raise InvalidInput(
            f"The scan mixes pages of different printed forms of release {draft.ref} "
            f"(versions {', '.join(map(str, versions))}). Scan the pages of one form only."
        )
    code = ours[0]
    printed = {p.version: p for p in draft.prints}
    if code.version != newest.version:
        when = printed[code.version].printed_at[:10] if code.version in printed else "?"
        raise InvalidInput(
            f"This scan is of version {code.version} of release {draft.ref}'s form "
            f"(printed {when}), but version {newest.version} was printed after it "
            f"({newest.printed_at[:10]}). Only the newest form can be signed: have the "
            "client sign that one."
        )
    expected = check_value(vault, draft, newest.version, newest.text_version)
    if code.form != newest.text_version or not hmac.compare_digest(code.check, expected):
        raise InvalidInput(
            f"The code on this scan names release {draft.ref}, but its check value does not "
            "match what this vault printed: the form was altered, or it was not printed by "
            "this vault. Nothing was signed. Print a new form and have the client sign it."
        )
    if len({c.text() for c in ours}) != 1 or any(c.check != expected for c in ours):
        raise InvalidInput(
            "The pages of this scan do not all carry the same code. Nothing was signed."
        )
    if len(ours) < newest.pages:
        raise InvalidInput(
            f"The form printed for release {draft.ref} has {newest.pages} pages, but the "
            f"code was found on only {len(ours)} page{'s' if len(ours) != 1 else ''} of the "
            f"scan ({pages} page{'s' if pages != 1 else ''}). Scan every page of the signed "
            "form."
        )
    return newest


@allowed(Action.RECORD_RELEASE)
def sign(
    vault: Vault,
    ref: str | int,
    scan: Path,
    signed_on: date,
    *,
    changed_by_hand: str | None,
    statements: dict[str, bool] | None = None,
    copy_given_on: date | None = None,
    not_abuser: bool = False,
    confirm: dict[str, str] | None = None,
    actor: Actor,
) -> int:
    """Attach the signed scan of the newest printed form: the release is entered, in
    effect from the signature.  ``confirm`` holds what the person attaching it gave
    for the signer (signer_name, signer_capacity, ...): each must be what the form says."""
    from safefile.consent.form_scan import read_codes  # renders pages: loaded when needed

    draft = open_draft(vault, ref)
    answer = (changed_by_hand or "").strip().lower()
    if answer not in ("no", "yes"):
        raise InvalidInput(
            "Say whether anything on the signed form was changed by hand (crossed out, "
            "added, corrected): --changed-by-hand no, or yes."
        )
    if answer == "yes":
        raise InvalidInput(
            f"The signed form was changed by hand, so it no longer says what release "
            f"{draft.ref} records. Nothing was signed. Draft the release as the client wants "
            "it (or print this one again), and have the client sign the new form."
        )
    path = Path(scan)
    if not path.is_file():
        raise InvalidInput(f"There is no file at {path}.")
    data = path.read_bytes()
    codes, pages = read_codes(data)
    printed = check_scan(vault, draft, codes, pages)
    if signed_on < date.fromisoformat(printed.printed_at[:10]):
        raise InvalidInput(
            f"The signed date {signed_on} is before the form was printed "
            f"({printed.printed_at[:10]}). Check the date written on the form."
        )
    fields = draft.fields
    client_name = get_client(vault, draft.client_id).name
    mismatched: list[str] = []
    for name, given in (confirm or {}).items():
        on_form = str(getattr(fields, name) or "").strip()
        if name == "signer_name" and not on_form:
            on_form = client_name  # the form names the client as the signer
        if given.strip() and given.strip() != on_form:
            label = name.replace("_", " ")
            mismatched.append(f"{label}: the form says '{on_form or 'none'}', not '{given}'")
    if mismatched:
        raise InvalidInput(
            "What you entered is not what the printed form says, so it cannot be signed as "
            "it is; draft the release as it was signed and print a new form:\n"
            + "\n".join(mismatched)
        )
    told = {**fields.statements, **(statements or {})}
    signed = fields.model_copy(
        update={
            "signed_on": signed_on,
            "statements": told,
            "copy_given_on": copy_given_on,
            "not_abuser": fields.not_abuser or not_abuser,
        }
    )
    # Judged in full before anything is stored; the scan is then sealed in the vault.
    probe = signed.model_copy(update={"original_on_file": True, "original_reason": "the scan"})
    reasons = entry_problems(vault, probe)
    if reasons:
        raise InvalidInput(f"Release {draft.ref} cannot be signed:\n" + "\n".join(reasons))
    suffix = path.suffix.lower() or ".pdf"
    with change(vault, actor) as ch:
        doc_id = documents.attach(
            vault,
            draft.client_id,
            data,
            title=f"Release {draft.ref} signed form (version {printed.version})",
            doc_type=SIGNED_FORM,
            filename=f"release-{draft.ref}-signed{suffix}",
            actor=ch.actor,
        )
        add_release(
            vault,
            signed.model_copy(update={"form_document_id": doc_id}),
            actor=ch.actor,
            release_id=draft.id,
        )
        ch.db.execute(
            "UPDATE release_drafts SET state = 'signed', signed_release_id = ?, closed_at = ? "
            "WHERE id = ?",
            (draft.id, iso_now(vault.clock), draft.id),
        )
        ch.audit(
            "release signed from its printed form",
            client_id=draft.client_id,
            release=draft.ref,
            version=printed.version,
        )
    return draft.id


@allowed(Action.RECORD_RELEASE)
def withdraw(vault: Vault, ref: str | int, *, actor: Actor) -> Draft:
    """The client does not want it after all: the draft can no longer be printed or signed."""
    draft = open_draft(vault, ref)
    with change(vault, actor) as ch:
        ch.db.execute(
            "UPDATE release_drafts SET state = 'withdrawn', closed_at = ? WHERE id = ?",
            (iso_now(vault.clock), draft.id),
        )
        ch.audit("release draft withdrawn", client_id=draft.client_id, release=draft.ref)
    return get_draft(vault, draft.id)


__all__ = [
    "AWAITING",
    "RECIPIENT_KINDS",
    "Code",
    "Draft",
    "Print",
    "check_scan",
    "check_value",
    "draft_release",
    "get_draft",
    "parse_code",
    "sign",
    "waiting",
]
