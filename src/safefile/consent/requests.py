"""Requests for information: one made to us (incoming) or by us (outgoing), and the
decision on it, recorded in the record of sharing (``consent/log.py``).

Apart from the log itself, because a request from a restricted person is refused the
way every road refuses (``consent/decision.refuse``), and that writes to the log.
"""

from __future__ import annotations

from datetime import date

from safefile.clock import today
from safefile.consent import details, log
from safefile.consent.decision import refuse
from safefile.consent.people import restriction_match
from safefile.errors import ConsentRefused, InvalidInput
from safefile.staff.guard import allowed
from safefile.staff.roles import Action
from safefile.store.actor import Actor
from safefile.store.vault import Vault

# The only decisions a request from a restricted person may be recorded with.
ACCEPTED_FOR_RESTRICTED = ("refused", "referred")


def _refuse_restricted_requester(
    vault: Vault,
    client_id: int,
    requester: str,
    organisation: str,
    decision: str,
    actor: Actor,
) -> None:
    """A request from a person who is (or may be) restricted for the client can be recorded
    only as refused or referred: anything else is refused (exit 3) and the refusal recorded,
    without naming them (consent/people.restriction_match)."""
    m = restriction_match(vault, client_id, requester, organisation)
    if m is None:
        return
    reason = (
        f"The person asking {m.says}: their request cannot be recorded as {decision}; record "
        "it as refused or referred (nothing about the client is given to them)."
    )
    refusal = refuse(
        vault,
        details.Refused(
            road="incoming request",
            decision=decision,
            restriction_match=m.extent,
            reasons=[reason],
        ),
        actor=actor,
        client_id=client_id,
    )
    raise ConsentRefused([reason], refusal.log_ref)


@allowed(Action.SHARE)
def record_request(
    vault: Vault,
    *,
    direction: str,
    client_id: int | None,
    requester: str,
    organisation: str = "",
    job_title: str = "",
    phone: str = "",
    identity_confirmed_by: str = "",
    reason: str,
    summary: str,
    decision: str,
    decision_reasons: str = "",
    received_on: date | None = None,
    actor: Actor,
) -> log.Entry:
    """An incoming request for information (or one we make), and the decision on it."""
    if direction not in ("incoming", "outgoing"):
        raise InvalidInput("A request is either incoming (to us) or outgoing (made by us).")
    required = (
        ("who asked", requester),
        ("the reason", reason),
        ("what was asked for", summary),
        ("the decision", decision),
    )
    missing = [name for name, value in required if not value.strip()]
    if direction == "incoming" and not identity_confirmed_by.strip():
        missing.append("how the requester's identity was confirmed (e.g. rang back)")
    if decision not in ("granted", "refused", "pending", "referred"):
        raise InvalidInput("The decision is one of: granted, refused, pending, referred.")
    if decision == "refused" and not decision_reasons.strip():
        missing.append("the reasons for refusing")
    if missing:
        raise InvalidInput("Please record " + ", ".join(missing) + ".")
    when = received_on or today(vault.clock)
    if when > today(vault.clock):
        raise InvalidInput(f"The date received ({when}) is in the future.")
    if (
        direction == "incoming"
        and client_id is not None
        and decision not in ACCEPTED_FOR_RESTRICTED
    ):
        _refuse_restricted_requester(vault, client_id, requester, organisation, decision, actor)
    request = details.Incoming if direction == "incoming" else details.Outgoing
    detail = request(
        requester=requester.strip(),
        organisation=organisation.strip(),
        job_title=job_title.strip(),
        phone=phone.strip(),
        identity_confirmed_by=identity_confirmed_by.strip(),
        reason=reason.strip(),
        summary=summary.strip(),
        decision=decision,
        decision_reasons=decision_reasons.strip(),
        received_on=when.isoformat(),
    )
    return log.append(vault, detail, client_id=client_id, actor=actor)
