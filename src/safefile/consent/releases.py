"""Releases of information: written, signed, specific, time-limited (docs/rules.md).

Informed consent is never assumed: each of the five statements must be recorded as
told.  Validity runs from the signature: an effective date before it, or more days
from signing to expiry than the program's maximum (setting ``release_max_days``),
is refused on entry.  A release for a client who was a minor when it was signed is
signed by a parent or guardian, with the staff member's attestation that no signer
is alleged to have harmed the minor, the minor's other parent or the client, unless
a law lets the minor consent alone (consent/people.py).  A release may name the
documents it covers (required when it covers documents), a period, or be single-use.


A release is validated on entry and refused, with the reason, when it lacks an
expiry, expires before it takes effect, lacks a signed date, has neither a signed
form in the vault nor a recorded attestation that the paper original is on file,
names a recipient that is not an organisation in the list, combines process notes
with other categories, runs longer than the program's maximum validity, or is
signed in the future.  It is never deleted; after entry only its revocation
(effective at once, with how it was received and who took it) and, when the event
it expires on happens, an earlier expiry date may be recorded (triggers enforce it).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from safefile.clock import iso_now, today
from safefile.consent.categories import (
    DOCUMENTS,
    PROCESS_NOTES,
    alone,
    parse_categories,
    unknown_in,
)
from safefile.consent.people import (
    COMPLETE_BIRTH_DATE,
    fold,
    minor_on,
    restriction_match,
)
from safefile.errors import InvalidInput, NotFound
from safefile.numbers import whole_number
from safefile.records.clients import get_client
from safefile.records.models import Client
from safefile.records.validation import InputModel, require_client
from safefile.records.writes import Actor, change
from safefile.staff.guard import allowed
from safefile.staff.roles import Action
from safefile.store.vault import Vault

MAX_DAYS_KEY = "release_max_days"
DEFAULT_MAX_DAYS = 365
Capacity = Literal["client", "parent", "guardian", "personal-representative", "minor-with-parent"]
METHODS = {
    "pdf": "a PDF file handed over",
    "mail": "by post",
    "email": "by email",
    "fax": "by fax",
    "phone": "by phone",
    "in-person": "in person",
}
DIRECTIONS = {
    "release": "to send information to the organisation",
    "obtain": "to obtain information from the organisation",
    "both": "both to send information to it and to obtain information from it",
}
STATEMENTS = {
    "revocation": "the right to revoke, and how",
    "not_conditioned": "services do not depend on signing",
    "redisclosure": "the recipient may share it further and it may no longer be protected",
    "limits": "the limits of confidentiality (mandated reports, court orders)",
    "risks_discussed": "the risks and benefits were discussed",
}


class ReleaseIn(InputModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    client_id: int
    recipient_org_id: int
    contact_person: str = Field(default="", max_length=200)  # for delivery only
    categories: tuple[str, ...]
    purpose: str = Field(min_length=1, max_length=500)
    methods: tuple[str, ...] = ("pdf",)
    direction: Literal["release", "obtain", "both"] = "release"
    effective_on: date | None = None  # default: the signed date
    expires_on: date | None = None
    expiry_event: str = Field(default="", max_length=200)
    signed_on: date | None = None
    signer_name: str = ""  # default: the client's name
    signer_capacity: Capacity = "client"
    signer_authority: str = ""  # required unless the client signed
    witness: str = ""  # default: the person entering it
    form_document_id: int | None = None
    original_on_file: bool = False
    # why the paper was signed without a printed form (required with original_on_file)
    original_reason: str = Field(default="", max_length=300)
    statements: dict[str, bool] = Field(default_factory=dict)  # none is ever assumed
    copy_given_on: date | None = None
    co_signer: str = Field(default="", max_length=200)
    not_abuser: bool = False  # staff attest no signer is alleged to have harmed the minor
    minor_law: str = Field(default="", max_length=300)  # the law that lets a minor consent alone
    document_ids: tuple[int, ...] | None = None  # required when it covers documents
    period_from: date | None = None  # services and notes dated within the period
    period_to: date | None = None
    single_use: bool = False  # one disclosure, then used up

    @field_validator("categories", mode="before")
    @classmethod
    def _cats(cls, v: Any) -> tuple[str, ...]:
        return parse_categories(v)

    @field_validator(
        "purpose",
        "contact_person",
        "signer_name",
        "witness",
        "expiry_event",
        "co_signer",
        "minor_law",
        "original_reason",
    )
    @classmethod
    def _strip(cls, v: str) -> str:
        return v.strip()


class Release(BaseModel):
    id: int
    ref: str
    client_id: int
    recipient_org_id: int
    recipient: str
    contact_person: str
    categories: tuple[str, ...]
    purpose: str
    methods: tuple[str, ...]
    direction: str
    effective_on: date
    expires_on: date
    expiry_event: str
    signed_on: date
    signer_name: str
    signer_capacity: str
    signer_authority: str
    witness: str
    form_document_id: int | None
    original_on_file: bool
    statements: dict[str, bool]
    copy_given_on: date | None
    revoked_on: date | None
    revoked_how: str | None
    revoked_taken_by: str | None
    co_signer: str = ""
    not_abuser: bool = False
    minor_law: str = ""
    document_ids: tuple[int, ...] | None = None
    period_from: date | None = None
    period_to: date | None = None
    single_use: bool = False
    original_reason: str = ""  # why a paper was signed without the printed form

    def signers(self) -> tuple[str, ...]:
        return tuple(n for n in (self.signer_name, self.co_signer) if n.strip())

    def covers_day(self, day: date) -> bool:
        """Whether a service or note dated ``day`` is within the release's period."""
        return (self.period_from is None or day >= self.period_from) and (
            self.period_to is None or day <= self.period_to
        )


def release_ref(release_id: int) -> str:
    return f"R-{release_id}"


def parse_release_ref(text: str | int) -> int:
    n = whole_number(str(text).strip().upper().removeprefix("R-"))
    if n is None or n < 1:
        raise InvalidInput(f"'{text}' is not a release reference; they look like R-12.")
    return n


def max_days(vault: Vault) -> int:
    return int(vault.get_meta(MAX_DAYS_KEY) or DEFAULT_MAX_DAYS)


TOLD_OPTIONS = {
    "revoke": "revocation",
    "not-conditioned": "not_conditioned",
    "redisclosure": "redisclosure",
    "limits": "limits",
    "risks": "risks_discussed",
}
GUARDIANS = ("parent", "guardian", "minor-with-parent", "personal-representative")


def told(options: str | None) -> dict[str, bool]:
    """``--told revoke,not-conditioned,...`` as the statements given (unknown names refused)."""
    names = [x.strip().lower() for x in (options or "").split(",") if x.strip()]
    unknown = [n for n in names if n not in TOLD_OPTIONS]
    if unknown:
        raise InvalidInput(
            f"'{unknown[0]}' is not one of the statements; use: " + ",".join(TOLD_OPTIONS) + "."
        )
    return {TOLD_OPTIONS[n]: True for n in names}


def validity_problems(
    signed_on: date, effective_on: date, expires_on: date, limit: int, ref: str = "The release"
) -> list[str]:
    """A release is valid from its signature, for at most ``limit`` days (docs/rules.md)."""
    reasons: list[str] = []
    if effective_on < signed_on:
        reasons.append(
            f"{ref} takes effect on {effective_on}, before it was signed on {signed_on}: a "
            "release is valid only from the day it is signed. Check the dates; if one was "
            "mistyped, enter the release again with the dates on the signed form."
        )
    if expires_on >= signed_on and (expires_on - signed_on).days > limit:
        reasons.append(
            f"{ref} runs {(expires_on - signed_on).days} days from its signature "
            f"({signed_on}) to its expiry ({expires_on}); this program allows at most {limit} "
            "days. Check the dates on the signed form; if they are right, ask the client to "
            "sign a release with an earlier expiry."
        )
    return reasons


def minor_problems(
    client: Client,
    on: date,
    capacity: str,
    signer: str,
    not_abuser: bool,
    minor_law: str,
    ref: str = "The release",
) -> list[str]:
    """Who may consent for a client who was a minor on ``on`` (docs/rules.md)."""
    status = minor_on(client, on)
    if not status.minor:
        return []
    reasons: list[str] = []
    if capacity == "client":
        if not minor_law.strip():
            reasons.append(
                f"{ref} was signed by the client alone, who was a minor ({status.why}). A "
                "parent or guardian must sign it (capacity parent, guardian, or minor with "
                "parent, with the signer's name), unless a law lets this minor consent alone: "
                "then record which law."
            )
    else:
        if capacity not in GUARDIANS:
            reasons.append(f"{ref} was signed in a capacity that cannot consent for a minor.")
        if not signer.strip() or fold(signer) == fold(client.name):
            reasons.append(
                f"{ref} is for a minor ({status.why}): record the name of the parent or "
                "guardian who signed it."
            )
        if not not_abuser:
            reasons.append(
                f"{ref} is for a minor ({status.why}): the staff member must attest that no "
                "one who signed it is alleged to have harmed the minor, the minor's other "
                "parent or the client."
            )
    if status.year_only and reasons:
        reasons.append(COMPLETE_BIRTH_DATE)
    return reasons


@dataclass(frozen=True)
class _New:
    """A release being entered: the vault, what was entered, the client, the day."""

    vault: Vault
    r: ReleaseIn
    client: Client
    today: date


def _signed_date(n: _New) -> list[str]:
    """A release has the date it was signed, not in the future."""
    if n.r.signed_on is None:
        return ["The release has no signed date: enter the date the client signed it."]
    if n.r.signed_on > n.today:
        return [f"The signed date {n.r.signed_on} is in the future."]
    return []


def _expiry_date(n: _New) -> list[str]:
    """A release says when it ends."""
    if n.r.expires_on is None:
        return [
            "The release has no expiry date. A release must say when it ends; "
            "if it ends on an event, enter the latest date it may last and record the event "
            "when it happens."
        ]
    return []


def _expires_after_effect(n: _New) -> list[str]:
    """A release does not expire before it takes effect."""
    effective = n.r.effective_on or n.r.signed_on
    if n.r.expires_on and effective and n.r.expires_on < effective:
        return [f"The release expires ({n.r.expires_on}) before it takes effect ({effective})."]
    return []


def _valid_length(n: _New) -> list[str]:
    """A release lasts no longer than the program allows."""
    r = n.r
    effective = r.effective_on or r.signed_on
    if r.signed_on and r.expires_on and effective:
        return validity_problems(r.signed_on, effective, r.expires_on, max_days(n.vault))
    return []


def _signed_form(n: _New) -> list[str]:
    """A release has its scanned signed form, or a record that the paper original is on file."""
    if n.r.form_document_id is None and not n.r.original_on_file:
        return [
            "The release has no signed form: attach the scanned signed form, or record that "
            "the signed paper original is on file."
        ]
    return []


def _original_reason(n: _New) -> list[str]:
    """A paper original signed without the printed form says why, and only then."""
    if n.r.original_on_file and not n.r.original_reason:
        return [
            "Say why the paper was signed without the printed form (for example: signed at a "
            "home visit; the form of another program): --original-reason TEXT."
        ]
    if n.r.original_reason and not n.r.original_on_file:
        return ["A reason for a paper original is given only with the paper original on file."]
    return []


def _process_notes_alone(n: _New) -> list[str]:
    """Process notes need a release of their own."""
    if PROCESS_NOTES in n.r.categories and len(n.r.categories) > 1:
        return ["Process notes need a release of their own that names process notes alone."]
    return []


def _known_categories(n: _New) -> list[str]:
    """A release names only categories the program knows."""
    return unknown_in(n.vault, n.r.categories)


def _program_categories_alone(n: _New) -> list[str]:
    """A program category that travels alone needs a release of its own."""
    cats = n.r.categories
    return [
        f"The program's category {cat} travels alone: it needs a release of its own "
        "that names it alone."
        for cat in sorted(alone(n.vault) - {PROCESS_NOTES})
        if cat in cats and len(cats) > 1
    ]


def _signer_authority(n: _New) -> list[str]:
    """Someone signing for the client records their authority to consent."""
    if n.r.signer_capacity != "client" and not n.r.signer_authority.strip():
        return [
            f"The release was signed by a {n.r.signer_capacity}: record their authority to "
            "consent for the client."
        ]
    return []


def _statements_told(n: _New) -> list[str]:
    """Consent is informed: the client was told each statement, and that is recorded."""
    missing = [STATEMENTS[k] for k in STATEMENTS if not n.r.statements.get(k)]
    if missing:
        return [
            "The client must be told each statement, and you record that they were (consent "
            "is informed only when the client was told each one, never assumed); not "
            "recorded as told: " + "; ".join(missing) + "."
        ]
    return []


def _copy_date(n: _New) -> list[str]:
    """The client's copy is given on or after signing, never in the future."""
    r, reasons = n.r, []
    if r.copy_given_on is not None and r.signed_on and r.copy_given_on < r.signed_on:
        reasons.append(
            f"The copy was given to the client on {r.copy_given_on}, before the release "
            f"was signed ({r.signed_on})."
        )
    if r.copy_given_on is not None and r.copy_given_on > n.today:
        reasons.append(f"The date the copy was given ({r.copy_given_on}) is in the future.")
    return reasons


def _purpose_stated(n: _New) -> list[str]:
    """A release states the purpose of the disclosure."""
    if not n.r.purpose:
        return ["The release must state the purpose of the disclosure."]
    return []


def _methods_named(n: _New) -> list[str]:
    """A release says how the information may be sent, in ways SafeFile knows."""
    reasons = []
    if not n.r.methods:
        reasons.append(
            "The release must say how the information may be sent (by post, "
            "by email, a PDF handed over, …)."
        )
    unknown = [m for m in n.r.methods if m not in METHODS]
    if unknown:
        reasons.append(
            f"'{unknown[0]}' is not a way of sending SafeFile knows; choose from: "
            + ", ".join(METHODS)
            + "."
        )
    return reasons


def _documents_named(n: _New) -> list[str]:
    """A release covering documents names them; documents are named only if covered."""
    if DOCUMENTS in n.r.categories and not n.r.document_ids:
        return [
            "A release that covers documents must name the documents it covers "
            "(their ids, from the client's file)."
        ]
    if n.r.document_ids and DOCUMENTS not in n.r.categories:
        return ["Documents are named, but the release does not cover documents."]
    return []


def _period_in_order(n: _New) -> list[str]:
    """The period a release covers starts before it ends."""
    r = n.r
    if r.period_from and r.period_to and r.period_from > r.period_to:
        return [
            f"The period starts ({r.period_from}) after it ends ({r.period_to}). Swap the dates."
        ]
    return []


def _minor_signed_rightly(n: _New) -> list[str]:
    """A minor's release is signed by whoever the minor law says may consent."""
    r = n.r
    if r.signed_on:
        return minor_problems(
            n.client, r.signed_on, r.signer_capacity, r.signer_name, r.not_abuser, r.minor_law
        )
    return []


def _signers_not_restricted(n: _New) -> list[str]:
    """No consent is accepted from a person restricted for the client."""
    reasons = []
    for who, name in (("signer", n.r.signer_name or n.client.name), ("co-signer", n.r.co_signer)):
        m = restriction_match(n.vault, n.r.client_id, name)
        if m is not None:
            reasons.append(
                f"The {who} {m.says}: no consent is accepted from them; someone else must sign."
            )
    return reasons


def _contact_not_restricted(n: _New) -> list[str]:
    """A person restricted for the client never receives the client's information."""
    org = n.vault.db.execute(
        "SELECT name, contact_person FROM orgs WHERE id = ?", (n.r.recipient_org_id,)
    ).fetchone()
    m = restriction_match(n.vault, n.r.client_id, n.r.contact_person, *(org or ()))
    if m is not None:
        return [
            f"The contact person (or the recipient) {m.says}: they never receive the client's "
            "information."
        ]
    return []


# The rules a release must meet to be entered, in the order their reasons are given.
ENTRY_CHECKS: tuple[Callable[[_New], list[str]], ...] = (
    _signed_date,
    _expiry_date,
    _expires_after_effect,
    _valid_length,
    _signed_form,
    _original_reason,
    _process_notes_alone,
    _known_categories,
    _program_categories_alone,
    _signer_authority,
    _statements_told,
    _copy_date,
    _purpose_stated,
    _methods_named,
    _documents_named,
    _period_in_order,
    _minor_signed_rightly,
    _signers_not_restricted,
    _contact_not_restricted,
)


def _refusals(vault: Vault, r: ReleaseIn, client: Client) -> list[str]:
    """Every reason this release cannot be entered, in plain words: the checks of
    ENTRY_CHECKS, in order."""
    n = _New(vault, r, client, today(vault.clock))
    return [reason for check in ENTRY_CHECKS for reason in check(n)]


def next_release_id(vault: Vault) -> int:
    """The next release number; drafts (consent/drafts.py) take theirs from the same row
    of numbers, so a draft's reference is the one its release will have once signed."""
    row = vault.db.execute(
        "SELECT max(coalesce((SELECT max(id) FROM releases), 0), "
        "coalesce((SELECT max(id) FROM release_drafts), 0))"
    ).fetchone()
    return int(row[0]) + 1


def entry_problems(vault: Vault, r: ReleaseIn) -> list[str]:
    """Every reason ``r`` cannot be entered (empty: it can)."""
    db = vault.db
    require_client(db, r.client_id)
    org = db.execute("SELECT name FROM orgs WHERE id = ?", (r.recipient_org_id,)).fetchone()
    client = get_client(vault, r.client_id)
    reasons = _refusals(vault, r, client)
    if org is None:
        reasons.insert(
            0,
            f"There is no organisation with id {r.recipient_org_id}. A release names an "
            "organisation from the list (add it with 'org add'), not a person.",
        )
    if r.form_document_id is not None:
        doc = db.execute(
            "SELECT client_id FROM documents WHERE id = ?", (r.form_document_id,)
        ).fetchone()
        if doc is None or doc[0] != r.client_id:
            reasons.append(
                f"Document {r.form_document_id} is not a document in this client's file."
            )
    for doc_id in r.document_ids or ():
        doc = db.execute("SELECT client_id FROM documents WHERE id = ?", (doc_id,)).fetchone()
        if doc is None or doc[0] != r.client_id:
            reasons.append(f"Document {doc_id} is not a document in this client's file.")
    return reasons


@allowed(Action.RECORD_RELEASE)
def add_release(vault: Vault, r: ReleaseIn, *, actor: Actor, release_id: int | None = None) -> int:
    """Validate and enter a release; refuse with every reason if it is not valid.
    ``release_id``: the number of the draft it was signed from (consent/drafts.py)."""
    db = vault.db
    reasons = entry_problems(vault, r)
    if reasons:
        raise InvalidInput("This release cannot be entered:\n" + "\n".join(reasons))
    if actor.uid and r.witness.strip() and r.witness.strip() != actor.name:
        # With staff accounts the witness is the member who unlocked (and signs the entry)
        raise InvalidInput(
            f"The witness is {actor.name}, who is signed in: a release cannot name another "
            "staff member as its witness. Leave the witness out, or have them sign in."
        )
    assert r.signed_on is not None and r.expires_on is not None
    client_name = get_client(vault, r.client_id).name
    with change(vault, actor) as ch:
        new_id = release_id if release_id is not None else next_release_id(vault)
        cur = db.execute(
            "INSERT INTO releases (id, client_id, recipient_org_id, contact_person, categories, "
            "purpose, methods, direction, effective_on, expires_on, expiry_event, signed_on, "
            "signer_name, signer_capacity, signer_authority, witness, form_document_id, "
            "original_on_file, statements, copy_given_on, created_at, co_signer, not_abuser, "
            "minor_law, document_ids, period_from, period_to, single_use, original_reason) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
            "?, ?, ?)",
            (
                new_id,
                r.client_id,
                r.recipient_org_id,
                r.contact_person,
                json.dumps(list(r.categories)),
                r.purpose,
                json.dumps(list(r.methods)),
                r.direction,
                (r.effective_on or r.signed_on).isoformat(),
                r.expires_on.isoformat(),
                r.expiry_event,
                r.signed_on.isoformat(),
                r.signer_name or client_name,
                r.signer_capacity,
                r.signer_authority,
                r.witness or ch.actor.name,
                r.form_document_id,
                int(r.original_on_file),
                json.dumps(r.statements),
                r.copy_given_on.isoformat() if r.copy_given_on else None,
                iso_now(vault.clock),
                r.co_signer,
                int(r.not_abuser),
                r.minor_law,
                None if r.document_ids is None else json.dumps(sorted(set(r.document_ids))),
                r.period_from.isoformat() if r.period_from else None,
                r.period_to.isoformat() if r.period_to else None,
                int(r.single_use),
                r.original_reason,
            ),
        )
        release_id = int(cur.lastrowid)  # new_id
        ch.audit("release added", client_id=r.client_id, release=release_ref(release_id))
    return release_id


_SELECT = (
    "SELECT r.id, r.client_id, r.recipient_org_id, o.name, r.contact_person, r.categories, "
    "r.purpose, r.methods, r.direction, r.effective_on, r.expires_on, r.expiry_event, "
    "r.signed_on, r.signer_name, r.signer_capacity, r.signer_authority, r.witness, "
    "r.form_document_id, r.original_on_file, r.statements, r.copy_given_on, r.revoked_on, "
    "r.revoked_how, r.revoked_taken_by, r.co_signer, r.not_abuser, r.minor_law, "
    "r.document_ids, r.period_from, r.period_to, r.single_use, r.original_reason "
    "FROM releases r JOIN orgs o ON o.id = r.recipient_org_id"
)


def _row(x: Any) -> Release:
    return Release(
        id=x[0],
        ref=release_ref(x[0]),
        client_id=x[1],
        recipient_org_id=x[2],
        recipient=x[3],
        contact_person=x[4],
        categories=tuple(json.loads(x[5])),
        purpose=x[6],
        methods=tuple(json.loads(x[7])),
        direction=x[8],
        effective_on=x[9],
        expires_on=x[10],
        expiry_event=x[11],
        signed_on=x[12],
        signer_name=x[13],
        signer_capacity=x[14],
        signer_authority=x[15],
        witness=x[16],
        form_document_id=x[17],
        original_on_file=bool(x[18]),
        statements=json.loads(x[19]),
        copy_given_on=x[20],
        revoked_on=x[21],
        revoked_how=x[22],
        revoked_taken_by=x[23],
        co_signer=x[24],
        not_abuser=bool(x[25]),
        minor_law=x[26],
        document_ids=None if x[27] is None else tuple(json.loads(x[27])),
        period_from=x[28],
        period_to=x[29],
        single_use=bool(x[30]),
        original_reason=x[31],
    )


def get_release(vault: Vault, release_id: int | str) -> Release:
    rid = parse_release_ref(release_id)
    x = vault.db.execute(_SELECT + " WHERE r.id = ?", (rid,)).fetchone()
    if x is None:
        draft = vault.db.execute("SELECT state FROM release_drafts WHERE id = ?", (rid,)).fetchone()
        if draft is not None and draft[0] == "withdrawn":
            raise NotFound(
                f"Release {release_ref(rid)} was withdrawn before it was signed: nothing "
                "leaves under it."
            )
        if draft is not None:
            raise NotFound(
                f"Release {release_ref(rid)} is not signed yet (printed, awaiting signature, "
                "or a draft): nothing leaves under it until the signed form is attached "
                "('release sign'). If the client no longer wants it: 'release withdraw'."
            )
        raise NotFound(f"There is no release {release_ref(rid)}.")
    return _row(x)


@allowed(Action.FIND_FILES)
def list_releases(vault: Vault, client_id: int) -> list[Release]:
    rows = vault.db.execute(
        _SELECT + " WHERE r.client_id = ? ORDER BY r.expires_on DESC, r.id DESC", (client_id,)
    ).fetchall()
    return [_row(x) for x in rows]


@allowed(Action.RECORD_RELEASE)
def revoke_release(
    vault: Vault,
    release_id: int | str,
    on: date,
    how: str = "in writing",
    taken_by: str = "",
    *,
    actor: Actor,
) -> Release:
    """Record a revocation: effective at once, never undone. Oral revocation counts."""
    rel = get_release(vault, release_id)
    if rel.revoked_on is not None:
        raise InvalidInput(f"Release {rel.ref} was already revoked on {rel.revoked_on}.")
    if on > today(vault.clock):
        raise InvalidInput(f"The revocation date {on} is in the future.")
    if on < rel.signed_on:
        raise InvalidInput(f"The revocation date {on} is before the release was signed.")
    with change(vault, actor) as ch:
        db = ch.db
        db.execute(
            "UPDATE releases SET revoked_on = ?, revoked_how = ?, revoked_taken_by = ? "
            "WHERE id = ?",
            (
                on.isoformat(),
                how.strip() or "in writing",
                taken_by.strip() or ch.actor.name,
                rel.id,
            ),
        )
        ch.audit("release revoked", client_id=rel.client_id, release=rel.ref)
    return get_release(vault, rel.id)


@allowed(Action.RECORD_RELEASE)
def record_expiry_event(
    vault: Vault, release_id: int | str, happened_on: date, *, actor: Actor
) -> Release:
    """The event a release expires on has happened: it now expires on that date."""
    rel = get_release(vault, release_id)
    if happened_on > today(vault.clock):
        raise InvalidInput(f"The event date {happened_on} is in the future.")
    if happened_on >= rel.expires_on:
        return rel
    with change(vault, actor) as ch:
        db = ch.db
        db.execute(
            "UPDATE releases SET expires_on = ? WHERE id = ?",
            (max(happened_on, rel.effective_on).isoformat(), rel.id),
        )
        ch.audit("release expiry event recorded", client_id=rel.client_id, release=rel.ref)
    return get_release(vault, rel.id)


def limits(rel: Release) -> str:
    """How a release is narrowed, in plain words ('' when it is not)."""
    parts: list[str] = []
    if rel.document_ids is not None:
        parts.append("documents " + ", ".join(str(i) for i in rel.document_ids))
    if rel.period_from or rel.period_to:
        parts.append(
            f"services and notes dated {rel.period_from or 'any time'} to "
            f"{rel.period_to or 'any time'}"
        )
    if rel.single_use:
        parts.append("one disclosure")
    return "; ".join(parts)


def in_effect(rel: Release, on: date) -> bool:
    """Whether the release allows anything on ``on``: taken effect, not expired or revoked."""
    revoked = rel.revoked_on is not None and rel.revoked_on <= on
    return not revoked and rel.effective_on <= on <= rel.expires_on


def state(rel: Release, on: date) -> str:
    """In plain words: in effect, expires in N days, expired, revoked, not yet in effect."""
    if rel.revoked_on is not None and rel.revoked_on <= on:
        return f"revoked on {rel.revoked_on}"
    if on < rel.effective_on:
        return f"takes effect on {rel.effective_on}"
    if on > rel.expires_on:
        return f"expired on {rel.expires_on}"
    left = (rel.expires_on - on).days
    if left == 0:
        return "in effect, expires at the end of today"
    return f"in effect, expires in {left} day{'s' if left != 1 else ''} ({rel.expires_on})"
