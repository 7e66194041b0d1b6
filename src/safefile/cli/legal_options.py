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


def confirm_court_order(args: argparse.Namespace, ctx: Context) -> None:
    """The staff advice, then the confirmation the app asks; InvalidInput if not given."""
    from safefile.consent.court_order import CONFIRMATION, STAFF_ADVICE

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
    elif args.order is not None or args.judge or args.order_signed or args.court:
        raise InvalidInput("--order, --judge, --order-signed and --court are for a court order.")
    told = {"yes": True, "no": False, None: None}[args.client_told]
    return {
        "basis": args.basis,
        "authority": args.authority,
        "order": order,
        "client_informed": told,
        "not_informed_reason": args.not_told_reason,
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
        )
        if value
    ]
    if stray:
        raise InvalidInput(
            f"{', '.join(stray)} only go with --exception (a disclosure required by law)."
        )
