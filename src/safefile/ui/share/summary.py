"""The gate's answers put into plain words for the share flow.

Nothing here decides anything: these functions only describe what the core
decided (a Grant, a refusal and its reasons) in sentences a busy, non-technical
person can act on.  No Qt, so they are easy to test and reuse.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from safefile import words
from safefile.consent import gate, releases
from safefile.consent.categories import (
    ATTENDANCE,
    CONTACT,
    DOCUMENTS,
    PROCESS_NOTES,
    PROGRESS_NOTES,
    SERVICES,
)

AFTER_IT_LEAVES = (
    "Once this file leaves, SafeFile cannot protect it: the recipient may share it further, "
    "and an emailed file can be forwarded. Send it only as the release allows."
)
AFTER_OWN_COPY = (
    "Once the client has their copy it is theirs, and anyone who gets hold of it can read it: "
    "an emailed file can be forwarded, and a printed copy can be found at home. Ask the client "
    "how they want to receive it safely (in person is often safest)."
)
AFTER_LEGAL = (
    "Once this file leaves, SafeFile cannot protect it: the recipient may share it further, "
    "and an emailed file can be forwarded. Send it only to the authority that requires it, "
    "by the safest route you have."
)
PROTECTION_ADVICE = (
    "If you protect the PDF with a password, give the password to the recipient separately, "
    "for example by phone, never in the same email or envelope as the file."
)
CHILD_ONLY = (
    "A child-protection report covers the child's records only, never a parent's. If this "
    "client is the parent, open the child's own file and report from there."
)
IMMINENT_HARM = (
    "Share only what is needed to prevent the harm, and only with those who can prevent it."
)
LEAST_NECESSARY = "Tick only what the law requires you to send: the least information necessary."
REVIEW_RIGHT = (
    "The client may ask for a review of any part you withhold; tell them so when you give "
    "them their copy."
)

# What would fix each kind of refusal the core gives, matched on its wording.
_FIXES: tuple[tuple[str, str], ...] = (
    (r"expired on", "Ask the client to sign a new release."),
    (
        r"does not cover",
        "Ask the client for a release that covers it, or send less "
        "(untick what it does not cover).",
    ),
    (
        r"has no signed form",
        "Attach the scanned signed form to the release, or record that "
        "the signed original is on file.",
    ),
    (
        r"There is no release from this client",
        "Ask the client whether they want this sent; if they do, enter the release they sign.",
    ),
    (
        r"names .+ as the recipient, not",
        "Choose a release that names this organisation, or "
        "send to the organisation the release names.",
    ),
    (
        r"is for the purpose",
        "Send only for the purpose the client agreed to, or ask for a release for this purpose.",
    ),
    (
        r"allows us to obtain information",
        "This release only lets you ask for information; "
        "sending needs a release that allows sending.",
    ),
    (
        r"revoked on",
        "The client has withdrawn this consent. Send nothing under it; only a new "
        "signed release would allow it.",
    ),
    (r"not yet in effect", "Wait until the day it takes effect, or ask the client about it."),
    (r"from another client", "Choose one of this client's own releases."),
    (r"^There is no release R-", "Choose a release from the list."),
    (
        r"[Pp]rocess notes (can|must)",
        "Send process notes on their own, under a release that names only process notes.",
    ),
    (
        r"child's records only",
        "Open the child's own file and report from there; a parent's "
        "record is never part of a child-protection report.",
    ),
    (r"without consent only under a court order", "Untick process notes."),
    (r"has lapsed", "Press Check again for a fresh decision."),
    (r"already used", "Press Check again for a fresh decision."),
)


date_in_words = words.date_in_words  # 31 January 2027 (the same in every locale)


def fix_for(reason: str) -> str | None:
    """What would fix a refusal reason, or None when there is nothing to suggest."""
    for pattern, fix in _FIXES:
        if re.search(pattern, reason):
            return fix
    return None


def recorded(ref: str | None) -> str:
    return f"(recorded in the record of sharing as {ref})" if ref else ""


def refusal_text(reasons: Sequence[str], log_ref: str | None) -> str:
    """Every reason, each followed by what would fix it."""
    lines = ["Not allowed. SafeFile will not send this because:"]
    for reason in reasons:
        lines.append(f"- {reason}")
        fix = fix_for(reason)
        if fix:
            lines.append(f"   What would fix it: {fix}")
    if log_ref:
        lines.append(recorded(log_ref))
    return "\n".join(lines)


def decision_text(grant: gate.Grant) -> str:
    """The gate's yes, in plain words, with its entry in the record of sharing."""
    if grant.kind == "release":
        first = (
            f"Allowed by release {grant.release_ref}, valid until "
            f"{date_in_words(grant.expires_on)}."
        )
    elif grant.kind == "own-copy":
        first = (
            f"Allowed: the client's own copy, asked for on "
            f"{date_in_words(grant.requested_on)}. It is due by "
            f"{date_in_words(grant.due_on)}."
        )
    else:
        first = (
            f"Recorded as a disclosure required by law "
            f"({gate.LEGAL_KINDS.get(grant.legal_kind, grant.legal_kind)}), "
            "without the client's consent."
        )
    return f"{first}\n{recorded(grant.log_ref)}"


NOT_YET_RECORDED = (
    "Nothing is sent or recorded yet: the decision goes on the record of sharing when you "
    "save the PDF."
)


def preview_text(grant: gate.Grant) -> str:
    """The gate's answer before sending (consent/preview.py): nothing recorded yet."""
    return f"{decision_text(grant).splitlines()[0]}\n{NOT_YET_RECORDED}"


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}" if n else f"no {many}"


def contents(grant: gate.Grant) -> str:
    """'3 services, 2 signed progress notes, 1 document; contact details; nothing else'."""
    scope, cats = grant.scope, set(grant.categories)
    counts: list[str] = []
    extras: list[str] = []
    services = len(scope.service_ids)
    if SERVICES in cats:
        counts.append(_count(services, "service", "services"))
    if ATTENDANCE in cats and SERVICES not in cats:  # services carry their dates already
        extras.append(
            f"that the person is a client and the dates they attended "
            f"({_count(services, 'visit', 'visits')} recorded)"
        )
    if PROGRESS_NOTES in cats:
        counts.append(_count(len(scope.note_refs), "signed progress note", "signed progress notes"))
    if PROCESS_NOTES in cats:
        counts.append(
            _count(
                len(scope.process_note_refs),
                "signed process note",
                "signed process notes",
            )
        )
    if DOCUMENTS in cats:
        counts.append(_count(len(scope.document_ids), "document", "documents"))
    if scope.contact or CONTACT in cats:
        extras.append("contact details")
    parts = [", ".join(counts)] if counts else []
    return "; ".join([*parts, *extras, "nothing else"])


def before_writing(grant: gate.Grant, withheld: Iterable[str] = ()) -> str:
    """What the file will contain, what was left out and why, what happens once it leaves."""
    lines = [f"The PDF will contain, about this client only: {contents(grant)}."]
    if grant.kind == "own-copy":
        lines.append("Process notes are never part of the client's own copy.")
    lines.append("Draft (unsigned) notes never leave SafeFile.")
    left = list(grant.left_out)
    held = list(withheld)
    if left or held:
        lines.append("Left out:")
        lines += [f"- {x}" for x in left]
        lines.append(
            "The recipient's copy says only that some items are not included: never whose, "
            "nor that a joint session took place."
        )
        if held:
            lines.append(
                f"- Withheld by you, with the reason you recorded: {', '.join(held)}. "
                + REVIEW_RIGHT
            )
    if grant.kind == "release" and grant.release is not None:
        methods = ", ".join(releases.METHODS.get(m, m) for m in grant.release.methods) or "-"
        lines.append(f"The release allows sending it by: {methods}.")
    lines.append("")
    lines.append(
        {"release": AFTER_IT_LEAVES, "own-copy": AFTER_OWN_COPY}.get(grant.kind, AFTER_LEGAL)
    )
    return "\n".join(lines)


def saved_text(pages: int, path: object, decision_ref: str, written_ref: str) -> str:
    return (
        f"Saved {pages} page{'s' if pages != 1 else ''} to {path}.\n"
        f"Recorded in the record of sharing as {decision_ref} "
        f"(the file itself as {written_ref})."
    )
