"""Printing the record of sharing: a road out like any other (non-negotiable 2).

``print_log`` records an entry of kind ``PRINTED`` (who printed it, why, the
filter, how many entries and exactly which) and makes a grant for exactly those
entries; the exporter (export/log_report.py) must ``redeem`` it (checked like the
gate's grants: made here, for this vault, unchanged, unspent, current, and
matching its entry's ``grant_digest``), then writes the PDF and
``record_written`` keeps its SHA-256 so ``verify_export`` recognises the file.

Two shapes:

* ``accounting``: a client's accounting of disclosures over six years (HIPAA
  164.528: date, recipient and address if known, what, the purpose), to give to
  the client; it holds only that client's disclosures, whatever else the filter says;
* ``review`` and ``audit``: the program's log with the current filter.  For an
  audit by a funder or monitor no one is named (docs/rules.md: funders get counts,
  not people): clients appear as "client N", requesters by organisation only, and
  no free text that may hold names is printed (export/log_content.py).
"""

from __future__ import annotations

from safefile.consent import accounting, details, log
from safefile.consent.decision import grant_digest
from safefile.consent.grants import Grant, Scope, mint
from safefile.consent.kinds import EntryKind, GrantKind, Road
from safefile.consent.log_view import LogFilter, select
from safefile.consent.redeem import NOT_RECORDED, spend_recorded
from safefile.errors import ConsentRefused, InvalidInput
from safefile.records.clients import get_client
from safefile.staff.guard import allowed
from safefile.staff.roles import Action
from safefile.store.actor import Actor
from safefile.store.vault import Vault

ROAD = Road.LOG_REPORT
GRANT_KIND = GrantKind.LOG_REPORT
ACCOUNTING, REVIEW, AUDIT = "accounting", "review", "audit"
PURPOSES: dict[str, str] = {
    ACCOUNTING: "an accounting of disclosures for the client (HIPAA 164.528)",
    REVIEW: "the program's own review of its sharing",
    AUDIT: "an audit by a funder or monitor (no names)",
}
RECIPIENTS = {
    ACCOUNTING: "the client",
    REVIEW: "the program (its own review)",
    AUDIT: "a funder or monitor (no names)",
}


@allowed(Action.READ_LOG)
def print_log(vault: Vault, purpose: str, flt: LogFilter | None = None, *, actor: Actor) -> Grant:
    """Record that the record of sharing is being printed, and allow exactly that.

    ``purpose`` is a key of PURPOSES.  An accounting needs a client (``flt.client_id``)
    and holds only that client's disclosures over six years; the others print the
    entries the filter keeps.  Nothing is recorded when the input is refused.
    """
    flt = flt or LogFilter()
    if purpose not in PURPOSES:
        raise InvalidInput(
            "Choose why you are printing the record of sharing: for the client (an accounting "
            "of disclosures), for the program's own review, or for a funder's audit."
        )
    flt.check()
    client_name = ""
    if purpose == ACCOUNTING:
        if flt.client_id is None:
            raise InvalidInput(
                "An accounting of disclosures is for one client. Choose the client in the "
                "filter first, then save it again."
            )
        client_name = get_client(vault, flt.client_id).name
        refs = accounting.refs(vault, flt.client_id)
        described = f"disclosures for client {flt.client_id} over the past {accounting.YEARS} years"
    else:
        refs = [r.ref for r in reversed(select(vault, flt))]  # oldest first, as kept
        if not refs:
            raise InvalidInput(
                "No entries match this filter, so there is nothing to print. Change the filter."
            )
        described = flt.describe()
    names = purpose != AUDIT
    scope = Scope(
        log_shape=ACCOUNTING if purpose == ACCOUNTING else "log",
        log_refs=tuple(refs),
        names=names,
    )
    categories = (ROAD,)
    entry = log.append(
        vault,
        details.Printed(
            road=ROAD,
            purpose=PURPOSES[purpose],
            purpose_key=purpose,
            recipient=RECIPIENTS[purpose],
            filter=described,
            filter_fields={
                "group": flt.group,
                "client_id": flt.client_id,
                "from": flt.date_from,
                "to": flt.date_to,
                "search": bool(flt.text.strip()),
            },
            entries=len(refs),
            refs=list(refs),
            names=names,
            grant_digest=grant_digest(flt.client_id, None, categories, scope),
        ),
        actor=actor,
        client_id=flt.client_id,
    )
    return mint(
        vault.header.vault_id,
        kind=GrantKind.LOG_REPORT,
        purpose_key=purpose,
        purpose=PURPOSES[purpose],
        client_id=flt.client_id,
        client_name=client_name,
        recipient_org_id=None,
        recipient=RECIPIENTS[purpose],
        categories=categories,
        release=None,
        release_ref=ROAD,
        expires_on=None,
        signed_on=None,
        made_at=vault.clock.now(),
        log_ref=entry.ref,
        scope=scope,
        filter=described,
        left_out=(),
        notices=(),
    )


def redeem(vault: Vault, grant: object) -> Grant:
    """Check and spend a grant for a printed record of sharing (as consent/redeem.redeem does)."""
    g = spend_recorded(vault, grant, (EntryKind.PRINTED,))
    if g.kind != GRANT_KIND:
        raise ConsentRefused([NOT_RECORDED])
    return g


def record_written(
    vault: Vault, grant: Grant, digest: str, pages: int, *, actor: Actor
) -> log.Entry:
    return log.append(
        vault,
        details.Written(
            for_=grant.log_ref,
            road=ROAD,
            recipient=grant.recipient,
            categories=list(grant.categories),
            purpose=grant.purpose,
            entries=len(grant.scope.log_refs),
            pages=pages,
            method="PDF export",
            sha256=digest,
        ),
        actor=actor,
        client_id=grant.client_id,
        digest=digest,
    )


__all__ = [
    "ACCOUNTING",
    "AUDIT",
    "PURPOSES",
    "RECIPIENTS",
    "REVIEW",
    "print_log",
    "record_written",
    "redeem",
]
