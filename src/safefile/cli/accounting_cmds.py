"""``accounting``: every disclosure of a client's information over six years (164.528)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from safefile.cli.common import Context, open_vault
from safefile.errors import UsageError
from safefile.numbers import id_arg

if TYPE_CHECKING:
    from safefile.consent.accounting import Disclosure


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], parent: argparse.ArgumentParser
) -> None:
    p = sub.add_parser(
        "accounting",
        parents=[parent],
        help="every disclosure of a client's information in the past six years",
    )
    p.add_argument("vault")
    p.add_argument("--client", type=id_arg, required=True)
    p.add_argument("--pdf", type=Path, metavar="FILE", help="save it as a PDF for the client")
    p.add_argument(
        "--bilingual",
        action="store_true",
        help="the PDF in the client's language, then in English for the file (with --pdf)",
    )
    p.set_defaults(run=cmd_accounting)


def show(ctx: Context, items: list[Disclosure]) -> None:
    for x in items:
        person = f" ({x.person})" if x.person else ""
        ctx.out(f"{x.on}  {x.entry}  to {x.recipient}{person}")
        if x.address:
            ctx.out(f"      address: {x.address}")
        ctx.out(f"      what: {x.what}")
        ctx.out(f"      purpose: {x.purpose}")
        ctx.out(f"      {x.road}; {x.method}")


def cmd_accounting(args: argparse.Namespace, ctx: Context) -> int:
    from dataclasses import asdict

    from safefile.consent import accounting, log_print
    from safefile.consent.log_view import LogFilter
    from safefile.export.log_report import export_log_pdf
    from safefile.records.clients import get_client

    if args.bilingual and args.pdf is None:
        raise UsageError("--bilingual is for the PDF: add --pdf FILE.")
    with open_vault(args, ctx) as vault:
        get_client(vault, args.client)  # a clear message for a client that does not exist
        items = accounting.disclosures(vault, args.client)
        result = None
        if args.pdf is not None:
            grant = log_print.print_log(
                vault, log_print.ACCOUNTING, LogFilter(client_id=args.client), actor=vault.actor
            )
            result = export_log_pdf(
                vault, grant, args.pdf, bilingual=args.bilingual, actor=vault.actor
            )
        else:
            vault.audit(
                "accounting of disclosures viewed", client_id=args.client, actor=vault.actor
            )
    if args.json:
        doc: dict[str, object] = {"disclosures": [asdict(x) for x in items]}
        if result is not None:
            doc.update(file=str(result.path), entry=result.decision_ref, pages=result.pages)
        ctx.json(doc)
        return 0
    first = accounting.since(ctx.clock.now().astimezone().date())
    ctx.out(f"Disclosures of client {args.client}'s information since {first}: {len(items)}")
    show(ctx, items)
    if result is not None:
        ctx.out(f"Saved the accounting ({result.pages} page(s)) to {result.path}")
        ctx.out(f"Record of sharing: {result.decision_ref}")
    return 0
