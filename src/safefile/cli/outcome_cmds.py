"""``outcome``: the outcome of a disclosure, as a new entry tied to it."""

from __future__ import annotations

import argparse

from safefile.cli.common import Context, open_vault


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], parent: argparse.ArgumentParser
) -> None:
    p = sub.add_parser(
        "outcome",
        parents=[parent],
        help="add the outcome of a disclosure and how receipt was confirmed",
    )
    p.add_argument("vault")
    p.add_argument("entry", help="the disclosure's entry in the record of sharing (D-...)")
    p.add_argument("--outcome", required=True, metavar="TEXT")
    p.add_argument("--receipt-confirmed-by", default="", metavar="TEXT")
    p.add_argument("--next-step", default="", metavar="TEXT")
    p.set_defaults(run=cmd_outcome)


def cmd_outcome(args: argparse.Namespace, ctx: Context) -> int:
    from safefile.consent.outcome import record_outcome

    with open_vault(args, ctx) as vault:
        entry = record_outcome(
            vault,
            args.entry,
            outcome=args.outcome,
            receipt_confirmed_by=args.receipt_confirmed_by,
            next_step=args.next_step,
            actor=vault.actor,
        )
    if args.json:
        ctx.json({"ref": entry.ref, "for": entry.detail["for"]})
    else:
        ctx.out(entry.ref)
    return 0
