"""``client close``, ``hold`` and ``retention`` (shared/CLI.md, "Running a program")."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from safefile.cli.common import Context, iso_date, open_vault
from safefile.errors import InvalidInput
from safefile.numbers import id_arg

if TYPE_CHECKING:  # the implementations are imported by the handlers that run them
    from safefile.retention.plan import Plan


def text_value(value: str | None, ctx: Context) -> str:
    """An option carrying client text: ``-`` reads it from the rest of standard input."""
    if value == "-":
        return ctx.stdin.read().strip()
    return value or ""


def _group(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], name: str
) -> argparse._SubParsersAction[argparse.ArgumentParser]:
    for action in sub.choices[name]._actions:
        if isinstance(action, argparse._SubParsersAction):
            return action
    raise RuntimeError(f"no '{name}' command group")


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], parent: argparse.ArgumentParser
) -> None:
    client = _group(sub, "client")
    p = client.add_parser(
        "close", parents=[parent], help="close a file; retention counts from then"
    )
    p.add_argument("vault")
    p.add_argument("id", type=id_arg)
    p.add_argument("--on", type=iso_date, required=True, help="the date the file was closed")
    p.add_argument("--reason", help="why (or - to read it from standard input)")
    p.set_defaults(run=cmd_close)

    p = sub.add_parser(
        "hold", parents=[parent], help="place or release a legal hold on a client's file"
    )
    p.add_argument("vault")
    p.add_argument("--client", type=id_arg, required=True)
    g = p.add_mutually_exclusive_group(required=True)
    g.add_argument("--reason", help="why (a subpoena received...); - reads standard input")
    g.add_argument("--release", action="store_true", help="release the hold")
    p.set_defaults(run=cmd_hold)

    p = sub.add_parser(
        "retention", parents=[parent], help="what is due for destruction; --apply destroys it"
    )
    p.add_argument("vault")
    p.add_argument("--apply", action="store_true", help="destroy what is due, now")
    p.set_defaults(run=cmd_retention)


def cmd_close(args: argparse.Namespace, ctx: Context) -> int:
    from safefile import settings
    from safefile.retention import closing, plan

    with open_vault(args, ctx) as vault:
        closing.close_file(vault, args.id, args.on, text_value(args.reason, ctx), actor=vault.actor)
        months = settings.load(vault).retention_months
    ctx.out(
        f"Closed client {args.id}'s file on {args.on}. Under the retention policy it is due "
        f"for destruction {plan.add_months(args.on, months)}."
    )
    return 0


def cmd_hold(args: argparse.Namespace, ctx: Context) -> int:
    from safefile.retention import closing

    with open_vault(args, ctx) as vault:
        if args.release:
            closing.release_hold(vault, args.client, actor=vault.actor)
            ctx.out(f"Released the legal hold on client {args.client}'s file.")
            return 0
        reason = text_value(args.reason, ctx)
        if not reason:
            raise InvalidInput("Please write the reason for the hold.")
        closing.place_hold(vault, args.client, reason, actor=vault.actor)
    ctx.out(f"Client {args.client}'s file is under a legal hold: it will not be destroyed.")
    return 0


def _show_plan(ctx: Context, p: Plan, policy_text: str) -> None:
    ctx.out(
        f"Retention policy: client files {p.file_months} months after closing; process notes "
        f"{p.process_notes_months} months; the record of sharing {p.sharing_months} months."
    )
    if policy_text:
        ctx.out("Program policy on destruction:")
        for line in policy_text.splitlines():
            ctx.out(f"  {line}")
    if p.files:
        ctx.out(f"Due for destruction: {len(p.files)} file(s)")
        for f in p.files:
            ctx.out(f"  client {f.client_id}: closed {f.closed_on}, due {f.due_on}")
    if p.process_notes:
        ctx.out(f"Process notes due for destruction: {len(p.process_notes)} file(s)")
        for f in p.process_notes:
            ctx.out(f"  client {f.client_id}: closed {f.closed_on}, due {f.due_on}")
    if p.sharing_entries:
        ctx.out(
            f"Entries of the record of sharing about destroyed files, past its period: "
            f"{len(p.sharing_entries)} (what they still keep is removed)"
        )
    for what, n in p.anonymous.items():
        if n:
            ctx.out(f"Due for destruction: {n} {what} dated on or before {p.anonymous_through}")
    if p.empty:
        ctx.out("Nothing is due for destruction.")
    if p.held:
        ctx.out(f"Under a legal hold (never destroyed while held): {len(p.held)} file(s)")
        for cid in p.held:
            due = " (would otherwise be due)" if cid in p.held_would_be_due else ""
            ctx.out(f"  client {cid}{due}")


def cmd_retention(args: argparse.Namespace, ctx: Context) -> int:
    from safefile import settings
    from safefile.retention import destroy, plan
    from safefile.retention.backups import ELSEWHERE

    with open_vault(args, ctx) as vault:
        p = plan.due(vault)
        policy_text = settings.policy(vault, "policy_destruction")
        if args.json and not args.apply:
            ctx.json(
                {
                    "due": [vars(f) for f in p.files],
                    "process_notes_due": [vars(f) for f in p.process_notes],
                    "held": p.held,
                    "anonymous_due": p.anonymous,
                    "anonymous_through": p.anonymous_through,
                }
            )
            return 0
        if not args.json:
            _show_plan(ctx, p, policy_text)
        if not args.apply:
            return 0
        result = destroy.apply(vault, p, actor=vault.actor)
    if args.json:
        ctx.json(
            {
                "destroyed_on": result.on,
                "counts": result.counts,
                "redacted": result.redacted,
                "backups_holding": result.backups_holding,
            }
        )
        return 0
    if not p.files and not p.process_notes:
        if p.sharing_entries:
            ctx.out(f"Removed what {len(p.sharing_entries)} old entries still kept.")
        for what, n in result.counts.items():
            ctx.out(f"Destroyed {n} {what} dated on or before {p.anonymous_through}.")
        return 0
    ctx.out(f"Destroyed on {result.on}:")
    for what, n in result.counts.items():
        if n:
            ctx.out(f"  {what}: {n}")
    ctx.out("The record of sharing keeps its entries about these files, without names or numbers.")
    if result.backups_holding:
        ctx.out("These backups were made before and still hold the destroyed records:")
        for b in result.backups_holding:
            ctx.out(f"  {b}")
        ctx.out(
            "Make a fresh backup now (safefile backup), then delete these files (the app's "
            "Retention screen does both)."
        )
    ctx.out(ELSEWHERE)
    return 0
