"""``contact add``, ``shelter stay|end|unmet`` and ``survey add``: what a funder counts
beyond the clients' files (shared/CLI.md, "Third round").  None of them takes a name."""

from __future__ import annotations

import argparse

from safefile.cli.common import Context, iso_date, open_vault
from safefile.numbers import count_arg, id_arg

KINDS = ["hotline", "walk-in", "text", "other"]


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], parent: argparse.ArgumentParser
) -> None:
    contact = sub.add_parser(
        "contact", help="anonymous contacts (no client file, never a name or number)"
    ).add_subparsers(dest="contact_cmd", metavar="ACTION", required=True)
    p = contact.add_parser("add", parents=[parent], help="record an anonymous contact")
    p.add_argument("vault")
    p.add_argument("--on", type=iso_date, required=True, help="the date of the contact")
    p.add_argument("--kind", choices=KINDS, required=True)
    p.add_argument("--minutes", type=count_arg)
    p.add_argument("--victimization", help="PMT victimization types, comma-separated")
    p.add_argument(
        "--referral", default="", help="where the person was referred (no name or number)"
    )
    p.set_defaults(run=cmd_contact_add)

    shelter = sub.add_parser(
        "shelter", help="shelter stays, and requests for shelter that could not be met"
    ).add_subparsers(dest="shelter_cmd", metavar="ACTION", required=True)
    p = shelter.add_parser("stay", parents=[parent], help="record a client's shelter stay")
    p.add_argument("vault")
    p.add_argument("--client", type=id_arg, required=True)
    p.add_argument("--from", dest="start", type=iso_date, required=True, help="the first night")
    p.add_argument("--to", dest="end", type=iso_date, help="the day they left (omit if staying)")
    p.set_defaults(run=cmd_shelter_stay)
    p = shelter.add_parser("end", parents=[parent], help="the day a client's open stay ended")
    p.add_argument("vault")
    p.add_argument("--client", type=id_arg, required=True)
    p.add_argument("--on", type=iso_date, required=True)
    p.set_defaults(run=cmd_shelter_end)
    p = shelter.add_parser(
        "unmet", parents=[parent], help="a request for shelter that could not be met"
    )
    p.add_argument("vault")
    p.add_argument("--on", type=iso_date, required=True)
    p.add_argument("--household-size", type=count_arg, required=True)
    p.add_argument(
        "--reason", required=True, help="no-beds, not-eligible, no-accessible-space or other"
    )
    p.set_defaults(run=cmd_shelter_unmet)

    survey = sub.add_parser(
        "survey", help="counts from the client survey (FVPSA outcome measures)"
    ).add_subparsers(dest="survey_cmd", metavar="ACTION", required=True)
    p = survey.add_parser("add", parents=[parent], help="record a batch of survey counts")
    p.add_argument("vault")
    p.add_argument("--on", type=iso_date, required=True)
    p.add_argument("--responses", type=count_arg, required=True, help="how many answered")
    p.add_argument(
        "--safety-yes", type=count_arg, required=True, help="yes: strategies for enhancing safety"
    )
    p.add_argument(
        "--resources-yes",
        type=count_arg,
        required=True,
        help="yes: knowledge of community resources",
    )
    p.set_defaults(run=cmd_survey_add)


def cmd_contact_add(args: argparse.Namespace, ctx: Context) -> int:
    from safefile.funder import entries

    with open_vault(args, ctx) as vault:
        cid = entries.add_contact(
            vault,
            args.on,
            args.kind,
            minutes=args.minutes,
            victimization=args.victimization,
            referral=args.referral,
            actor=vault.actor,
        )
    ctx.json({"id": cid}) if args.json else ctx.out(str(cid))
    return 0


def cmd_shelter_stay(args: argparse.Namespace, ctx: Context) -> int:
    from safefile.funder import entries

    with open_vault(args, ctx) as vault:
        sid = entries.add_stay(vault, args.client, args.start, args.end, actor=vault.actor)
    ctx.json({"id": sid}) if args.json else ctx.out(str(sid))
    return 0


def cmd_shelter_end(args: argparse.Namespace, ctx: Context) -> int:
    from safefile.funder import entries

    with open_vault(args, ctx) as vault:
        entries.end_stay(vault, args.client, args.on, actor=vault.actor)
    ctx.json({"client": args.client, "ended": args.on}) if args.json else ctx.out(
        f"The stay ended on {args.on}."
    )
    return 0


def cmd_shelter_unmet(args: argparse.Namespace, ctx: Context) -> int:
    from safefile.funder import entries

    with open_vault(args, ctx) as vault:
        uid = entries.add_unmet(vault, args.on, args.household_size, args.reason, actor=vault.actor)
    ctx.json({"id": uid}) if args.json else ctx.out(str(uid))
    return 0


def cmd_survey_add(args: argparse.Namespace, ctx: Context) -> int:
    from safefile.funder import entries

    with open_vault(args, ctx) as vault:
        sid = entries.add_survey(
            vault,
            args.on,
            args.responses,
            args.safety_yes,
            args.resources_yes,
            actor=vault.actor,
        )
    ctx.json({"id": sid}) if args.json else ctx.out(str(sid))
    return 0
