"""Options of a disclosure required by law, shared by ``export`` and ``disclose``.

A court order needs the signed order attached first (``--order DOC_ID``), the judge, the
date it was signed and the court; no ``--basis`` text stands in for them.  Before a
court-order disclosure the command line shows the same advice for staff as the app and
asks the same confirmation (a line of standard input after any secrets: ``yes``).
Every disclosure without consent records whether the client was told (``--client-told
yes|no``, and ``--not-told-reason`` for no).
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from safefile.cli.common import Context, iso_date
from safefile.errors import InvalidInput
from safefile.numbers import id_arg

if TYPE_CHECKING:
    from safefile.store.vault import Vault

# consent.gate.LEGAL_KINDS, written out so that --help does not import the gate
# (tests/cli/test_cli_start.py checks they agree).
LEGAL_KINDS = ("child-protection", "court-order", "imminent-harm")
CONFIRM_PROMPT = "Type yes to confirm: "


def add_legal_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--exception", choices=LEGAL_KINDS, help="disclosure required by law")
    p.add_argument("--basis", default="", help="the legal basis (with --exception)")
    p.add_argument("--authority", default="", help="who requires it (with --exception)")
    p.add_argument(
        "--order", type=id_arg, metavar="DOC_ID", help="the signed court order, attached"
    )
    p.add_argument("--judge", default="", metavar="NAME", help="the judge who signed the order")
    p.add_argument("--order-signed", type=iso_date, metavar="DATE", help="when it was signed")
    p.add_argument("--court", default="", metavar="TEXT", help="the court that made the order")
    p.add_argument("--case", default="", metavar="TEXT", help="the case (optional)")
    p.add_argument(
        "--client-told",
        choices=("yes", "no"),
        help="whether the client was told of this disclosure (required with --exception)",
    )
    p.add_argument("--not-told-reason", default="", metavar="TEXT", help="why not (with no)")
    p.add_argument(
        "--override-restriction",
        default="",
        metavar="TEXT",
        help="go ahead although the recipient matches a restricted person, with the reason "
        '(e.g. "the court itself, not the person"); recorded and shown in the accounting',
    )
    p.add_argument(
        "--order-names-process-notes",
        action="store_true",
        help="attest that the court order names process notes (else they are left out)",
    )
    p.add_argument(
        "--joint-notes-covered",
        action="store_true",
        help="attest that the court order (or the child-protection report's subject) covers "
        "the joint notes; other parties are named by their role",
    )
    p.add_argument(
        "--order-names-parties",
        action="store_true",
        help="attest that the court order names the other parties (their names are kept)",
    )
    p.add_argument(
        "--old-order-reason",
        default="",
        metavar="TEXT",
        help="why an order signed more than two years ago still applies",
    )


def confirm_court_order(args: argparse.Namespace, ctx: Context) -> None:
    """The staff advice, then the confirmation the app asks; InvalidInput if not given.
    On the imminent-harm road the rule (only what is needed to prevent the harm) and the
    categories chosen are shown instead (the app asks its confirmation)."""
    from safefile.consent.court_order import CONFIRMATION, STAFF_ADVICE
    from safefile.consent.roads import IMMINENT_HARM_RULE

    if args.exception == "imminent-harm":
        ctx.err(IMMINENT_HARM_RULE + " Process notes and documents never go on this road.")
        ctx.err(f"Categories chosen: {args.categories}.")
        return
    if args.exception != "court-order":
        return
    ctx.err(STAFF_ADVICE)
    ctx.err(CONFIRMATION)
    ctx.stderr.write(CONFIRM_PROMPT)
    ctx.stderr.flush()
    line = ctx.stdin.readline()
    if line.strip().casefold() not in ("yes", "y"):
        raise InvalidInput("Not confirmed, so nothing was disclosed and nothing was recorded.")


def legal_kwargs(args: argparse.Namespace, vault: Vault) -> dict[str, Any]:
    """The keyword arguments of gate.legal_disclosure these options give."""
    from safefile.consent.court_order import CourtOrder

    order = None
    if args.exception == "court-order":
        order = CourtOrder(args.order, args.judge, args.order_signed, args.court, args.case)
    elif (
        args.order is not None
        or args.judge
        or args.order_signed
        or args.court
        or args.order_names_process_notes
        or args.old_order_reason
        or args.order_names_parties
    ):
        raise InvalidInput(
            "--order, --judge, --order-signed, --court, --order-names-process-notes, "
            "--order-names-parties and --old-order-reason are for a court order."
        )
    told = {"yes": True, "no": False, None: None}[args.client_told]
    return {
        "basis": args.basis,
        "authority": args.authority,
        "order": order,
        "client_informed": told,
        "not_informed_reason": args.not_told_reason,
        "override_restriction": args.override_restriction,
        "order_names_process_notes": args.order_names_process_notes,
        "old_order_reason": args.old_order_reason,
        "joint_notes_covered": args.joint_notes_covered,
        "order_names_parties": args.order_names_parties,
    }


def check_not_legal(args: argparse.Namespace) -> None:
    """Court-order and client-told options make sense only with --exception."""
    stray = [
        name
        for name, value in (
            ("--order", args.order),
            ("--judge", args.judge),
            ("--order-signed", args.order_signed),
            ("--court", args.court),
            ("--client-told", args.client_told),
            ("--override-restriction", args.override_restriction),
            ("--order-names-process-notes", args.order_names_process_notes),
            ("--old-order-reason", args.old_order_reason),
            ("--joint-notes-covered", args.joint_notes_covered),
            ("--order-names-parties", args.order_names_parties),
        )
        if value
    ]
    if stray:
        raise InvalidInput(
            f"{', '.join(stray)} only go with --exception (a disclosure required by law)."
        )
