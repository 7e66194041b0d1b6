"""A court order, as the disclosure required by law that rests on it needs it.

DOMAIN.md, "Three other roads": a court order is disclosed on only after a judge's
review.  A subpoena is not a court order, and no description of a basis can stand in
for the order: the product requires a copy of the signed order (attached in the
client's file in the vault first), the judge, the court and the date it was signed.
Without any of them the disclosure is refused, and the refusal is recorded.

The advice meant for staff (seek legal counsel, ask for the narrowest scope) is shown
on screen and on the command line, before the user confirms; it never goes on the
outgoing document, which carries instead :data:`COURT_ORDER_NOTICE`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TypedDict

from safefile.clock import today
from safefile.errors import NotFound
from safefile.records import documents as docs
from safefile.store.vault import Vault

STAFF_ADVICE = (
    "A subpoena is not a court order. Before disclosing, seek legal counsel, check that a "
    "judge signed the order, and ask for the narrowest scope: disclose only what the order "
    "names. Ask the court to seal the records or to make a protective order."
)
CONFIRMATION = (
    "I have read the signed court order, a judge signed it, and I will disclose only what it names."
)
COURT_ORDER_NOTICE = (
    "These records are produced in response to a court order. They are confidential; the "
    "disclosing program has requested, or may request, that they be sealed or that a "
    "protective order limit their use to this proceeding."
)
NO_ORDER = (
    "A court-order disclosure needs the signed order itself: attach a copy of it to the "
    "client's file, then give its document, the judge, the date it was signed and the court. "
    "A subpoena is not a court order, and no description of a basis can stand in for it."
)


class OrderDetail(TypedDict, total=False):
    """How the record of sharing keeps a court order (consent/details.LegalAllowed)."""

    order_document: int | None
    judge: str
    order_signed_on: str | None
    court: str
    case: str


@dataclass(frozen=True, slots=True)
class CourtOrder:
    """The signed order a court-order disclosure rests on."""

    document_id: int | None
    judge: str
    signed_on: date | None
    court: str
    case: str = ""

    def as_detail(self) -> OrderDetail:
        """How the record of sharing keeps it."""
        return OrderDetail(
            order_document=self.document_id,
            judge=self.judge.strip(),
            order_signed_on=self.signed_on.isoformat() if self.signed_on else None,
            court=self.court.strip(),
            case=self.case.strip(),
        )

    def describe(self) -> str:
        """The order in one line, for the record and the outgoing document."""
        case = f", case {self.case.strip()}" if self.case.strip() else ""
        return (
            f"order of {self.judge.strip()}, {self.court.strip()}{case}, signed "
            f"{self.signed_on.isoformat() if self.signed_on else '-'}"
        )


COURT_ORDER_TYPE = "court order"  # attach --type "court order" marks a document as one
MAX_ORDER_YEARS = 2


def is_order_document(doc_type: str) -> bool:
    """Whether a document was attached as a court order (its type, case and spaces folded)."""
    return " ".join(doc_type.casefold().replace("-", " ").split()) == COURT_ORDER_TYPE


def _letters(text: str) -> int:
    return sum(1 for ch in text if ch.isalpha())


def _years_before(on: date, years: int) -> date:
    try:
        return on.replace(year=on.year - years)
    except ValueError:  # 29 February
        return on.replace(year=on.year - years, day=28)


def problems(
    vault: Vault,
    client_id: int,
    order: CourtOrder | None,
    basis: str = "",
    *,
    old_order_reason: str = "",
) -> list[str]:
    """Every reason this order cannot support a disclosure of this client's records
    (``basis``: the text given as the legal basis, which never stands in for the order;
    ``old_order_reason``: why an order signed more than two years ago still applies)."""
    if order is None or (
        order.document_id is None
        and not order.judge.strip()
        and order.signed_on is None
        and not order.court.strip()
    ):
        return [NO_ORDER]
    out: list[str] = []
    if order.document_id is None:
        out.append(
            "The signed order's copy is missing: attach it to the client's file first, then "
            "choose it as the order."
        )
    else:
        try:
            meta = docs.get_document(vault, order.document_id)
        except NotFound:
            out.append(f"There is no document {order.document_id}: attach the signed order first.")
        else:
            if meta.client_id != client_id:
                out.append(
                    f"Document {order.document_id} is not in this client's file: attach the "
                    "signed order to this client's file."
                )
            elif not is_order_document(meta.doc_type):
                out.append(
                    f"Document {order.document_id} was not attached as a court order (it is "
                    f'"{meta.doc_type}"): only a document attached with the type "court order" '
                    "opens this road. A subpoena is not a court order."
                )
    if _letters(order.judge) < 2:
        out.append("Record the judge who signed the order (a name, at least two letters).")
    now = today(vault.clock)
    if order.signed_on is None:
        out.append("Record the date the order was signed.")
    elif order.signed_on > now:
        out.append(f"The order's signing date ({order.signed_on}) is in the future.")
    elif order.signed_on < _years_before(now, MAX_ORDER_YEARS) and not old_order_reason.strip():
        out.append(
            f"The order was signed on {order.signed_on}, more than {MAX_ORDER_YEARS} years ago: "
            "check that it still applies, and record why (--old-order-reason TEXT)."
        )
    if _letters(order.court) < 2:
        out.append("Record the court that made the order (its name, at least two letters).")
    if out and basis.strip():
        out.append("A description of the basis cannot stand in for the order.")
    return out


__all__ = [
    "CONFIRMATION",
    "COURT_ORDER_NOTICE",
    "COURT_ORDER_TYPE",
    "MAX_ORDER_YEARS",
    "NO_ORDER",
    "STAFF_ADVICE",
    "CourtOrder",
    "OrderDetail",
    "is_order_document",
    "problems",
]
