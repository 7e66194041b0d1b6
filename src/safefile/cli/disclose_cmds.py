"""``disclose``: record a disclosure made outside SafeFile (a call, a conversation, an email,
a fax, a letter) through the same gate as an export; refused and recorded when nothing
allows it."""

from __future__ import annotations

import argparse

from safefile.cli import legal_options
from safefile.cli.common import Context, open_vault
from safefile.errors import InvalidInput
from safefile.numbers import id_arg

# consent.methods.METHODS, written out so that --help does not import it
# (tests/cli/test_cli_start.py checks they agree).
METHODS = ("phone", "in-person", "email", "fax", "mail")


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], parent: argparse.ArgumentParser
) -> None:
    p = sub.add_parser(
        "disclose",
        parents=[parent],
        help="record a disclosure made by phone, in person, email, fax or mail",
    )
    p.add_argument("vault")
    p.add_argument("--client", type=id_arg, required=True)
    p.add_argument("--recipient", type=id_arg, required=True, help="organisation id")
    p.add_argument("--categories", required=True, help="e.g. attendance,contact")
    p.add_argument("--method", required=True, choices=METHODS)
    p.add_argument("--summary", required=True, help="what was said or sent, briefly")
    p.add_argument("--release", help="the release it was made under (e.g. R-12)")
    p.add_argument("--purpose", help="the purpose, as the release states it (with a release)")
    p.add_argument("--person", default="", metavar="NAME", help="the person spoken to")
    p.add_argument("--job-title", default="", metavar="T", help="their job title")
    legal_options.add_legal_options(p)
    p.set_defaults(run=cmd_disclose)


def cmd_disclose(args: argparse.Namespace, ctx: Context) -> int:
    from safefile.consent.disclose import disclose
    from safefile.consent.releases import parse_release_ref

    if args.release and args.exception:
        raise InvalidInput("Choose one: --release R or --exception KIND.")
    if not args.exception:
        legal_options.check_not_legal(args)
    with open_vault(args, ctx) as vault:
        legal: dict[str, object] = {}
        if args.exception:
            legal_options.confirm_court_order(args, ctx)
            legal = legal_options.legal_kwargs(args, vault)
        done = disclose(
            vault,
            client_id=args.client,
            recipient_org_id=args.recipient,
            categories=args.categories,
            method=args.method,
            summary=args.summary,
            release_id=parse_release_ref(args.release) if args.release else None,
            purpose=args.purpose,
            exception=args.exception,
            person=args.person,
            job_title=args.job_title,
            actor=vault.actor,
            **legal,  # type: ignore[arg-type]
        )
    if args.json:
        ctx.json({"entry": done.entry_ref, "decision": done.decision_ref})
    else:
        ctx.out(done.entry_ref)
    return 0
