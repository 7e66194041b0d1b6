"""The outcome of a sharing decision: what came of it, the next step, how receipt was
confirmed.  Often known only later (the caseworker rings back a day after the fax), so
it is a new entry in the record of sharing tied to the one it completes: the record
stays append-only, and the printed record shows both.
"""

from __future__ import annotations

from safefile.consent import details, log
from safefile.consent.kinds import EntryKind
from safefile.errors import InvalidInput
from safefile.staff.guard import allowed
from safefile.staff.roles import Action
from safefile.store.actor import Actor
from safefile.store.vault import Vault

OUTCOME_MAX = 2000
# Entries an outcome can complete: decisions to share or not, what left, and requests.
_COMPLETES = {
    EntryKind.GRANTED,
    EntryKind.REFUSED,
    EntryKind.OWN_COPY,
    EntryKind.LEGAL,
    EntryKind.WRITTEN,
    EntryKind.DISCLOSED,
    EntryKind.INCOMING,
    EntryKind.OUTGOING,
}


@allowed(Action.SHARE)
def record_outcome(
    vault: Vault,
    ref: str,
    *,
    outcome: str,
    receipt_confirmed_by: str = "",
    next_step: str = "",
    actor: Actor,
) -> log.Entry:
    """Add the outcome of entry ``ref`` as a new entry tied to it; InvalidInput (nothing
    recorded) without an outcome or for an entry that is not a sharing decision."""
    text = " ".join(outcome.split())
    receipt = " ".join(receipt_confirmed_by.split())
    step = " ".join(next_step.split())
    if not text:
        raise InvalidInput("Write the outcome (for example: report accepted, visit planned).")
    if max(len(text), len(receipt), len(step)) > OUTCOME_MAX:
        raise InvalidInput(f"Keep each part of the outcome under {OUTCOME_MAX} characters.")
    original = log.get_entry(vault, ref)
    if original.kind not in _COMPLETES:
        raise InvalidInput(
            f"Entry {original.ref} is not a sharing decision, a disclosure or a request, so "
            "it has no outcome. Give the reference of the disclosure."
        )
    return log.append(
        vault,
        details.Outcome(
            for_=original.ref,
            recipient=original.detail.get("recipient", ""),
            outcome=text,
            receipt_confirmed_by=receipt,
            next_step=step,
        ),
        client_id=original.client_id,
        recipient_org_id=original.recipient_org_id,
        release_id=original.release_id,
        actor=actor,
    )


def outcomes_of(vault: Vault, ref: str) -> list[log.Entry]:
    """The outcome entries tied to entry ``ref``, oldest first."""
    want = ref.strip().upper()
    return [
        e
        for e in log.entries(vault, kind=EntryKind.OUTCOME)
        if e.read(details.Outcome).for_ == want
    ]


__all__ = ["outcomes_of", "record_outcome"]
