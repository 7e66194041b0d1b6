"""``category``: the program's own categories of information (records/program_categories.py)."""

from __future__ import annotations

import argparse

from safefile.cli.common import Context, open_vault


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], parent: argparse.ArgumentParser
) -> None:
    cat = sub.add_parser(
        "category", help="the program's own categories of information"
    ).add_subparsers(dest="category_cmd", metavar="ACTION", required=True)
    p = cat.add_parser(
        "add",
        parents=[parent],
        help="add a category a release can name and a note or document can be put in; "
        "prints its code",
    )
    p.add_argument("vault")
    p.add_argument("--name", required=True, metavar="TEXT")
    p.add_argument("--covers", required=True, metavar="TEXT", help="what it covers")
    p.add_argument(
        "--alone",
        action="store_true",
        help="it travels alone, like process notes: only under a release naming it alone",
    )
    p.add_argument(
        "--notice",
        default="",
        metavar="TEXT",
        help="printed on every disclosure carrying it ('-': read from standard input)",
    )
    p.set_defaults(run=cmd_category_add)
    p = cat.add_parser("list", parents=[parent], help="the program's categories")
    p.add_argument("vault")
    p.set_defaults(run=cmd_category_list)


def cmd_category_add(args: argparse.Namespace, ctx: Context) -> int:
    from safefile.records.program_categories import add_category

    with open_vault(args, ctx) as vault:
        c = add_category(
            vault,
            name=args.name,
            covers=args.covers,
            alone=args.alone,
            notice=args.notice,
            actor=vault.actor,
        )
    ctx.json({"code": c.code}) if args.json else ctx.out(c.code)
    return 0


def cmd_category_list(args: argparse.Namespace, ctx: Context) -> int:
    from safefile.records.program_categories import list_categories

    with open_vault(args, ctx) as vault:
        cats = list_categories(vault)
    if args.json:
        ctx.json(
            [
                {
                    "code": c.code,
                    "name": c.name,
                    "covers": c.covers,
                    "alone": c.alone,
                    "notice": c.notice,
                }
                for c in cats
            ]
        )
        return 0
    for c in cats:
        ctx.out(f"{c.code}  {c.name}: {c.covers}" + ("  (travels alone)" if c.alone else ""))
        if c.notice:
            ctx.out(f"    notice: {c.notice}")
    return 0
