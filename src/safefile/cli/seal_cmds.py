"""``seal``: the program seal every PDF is signed with (docs/cli.md, docs/security.md)."""

from __future__ import annotations

import argparse

from safefile.cli.common import Context, open_vault, path_arg
from safefile.errors import UsageError


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], parent: argparse.ArgumentParser
) -> None:
    p = sub.add_parser(
        "seal",
        parents=[parent],
        help="show the program seal's fingerprint, renew it, import a certificate, or print "
        "the verification card",
    )
    p.add_argument("vault")
    p.add_argument(
        "--renew", action="store_true", help="a new key and certificate (five years) in its place"
    )
    p.add_argument(
        "--import",
        dest="import_cert",
        metavar="CERT",
        type=path_arg,
        help="use this certificate from a certificate authority (PEM or DER); needs --key",
    )
    p.add_argument(
        "--key", metavar="KEY", type=path_arg, help="the certificate's private key (PEM or DER)"
    )
    p.add_argument(
        "--card",
        metavar="FILE.pdf",
        type=path_arg,
        help="print the one-page verification card; the certificate is written beside it (.cer)",
    )
    p.set_defaults(run=cmd_seal)


def cmd_seal(args: argparse.Namespace, ctx: Context) -> int:
    if (args.import_cert is None) != (args.key is None):
        raise UsageError("--import CERT and --key KEY go together. Nothing was changed.")
    if args.renew and args.import_cert is not None:
        raise UsageError("Give --renew or --import, not both. Nothing was changed.")
    from safefile.export import seal

    card = None
    with open_vault(args, ctx) as vault:
        if args.renew:
            stamp = seal.renew(vault, actor=vault.actor)
        elif args.import_cert is not None:
            stamp = seal.import_seal(vault, args.import_cert, args.key, actor=vault.actor)
        else:
            stamp = seal.ensure(vault, actor=vault.actor)
        if args.card is not None:
            from safefile.export.seal_card import print_card

            card = print_card(vault, args.card, actor=vault.actor)
    if args.json:
        ctx.json(
            {
                "fingerprint": stamp.fingerprint,
                "subject": stamp.subject,
                "valid_until": stamp.not_after.isoformat(),
                "source": stamp.source,
                "renew_soon": stamp.expires_soon(),
                "card": str(card.pdf) if card else None,
                "certificate_file": str(card.cer) if card else None,
            }
        )
        return 0
    verb = {True: "Renewed", False: "Imported" if args.import_cert else "The"}[args.renew]
    ctx.out(f"{verb} program seal: {stamp.subject}, valid until {stamp.not_after.date()}")
    ctx.out(f"SHA-256 fingerprint: {stamp.grouped}")
    if stamp.expires_soon():
        ctx.err("The seal expires within 90 days: renew it with `safefile seal VAULT --renew`.")
    if card is not None:
        ctx.out(f"Verification card: {card.pdf}")
        ctx.out(f"Certificate for trusted identities: {card.cer}")
    return 0
