"""``own-copy request | extend | list``: a client's requests for their own copy."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from safefile.cli.common import Context, iso_date, open_vault
from safefile.numbers import id_arg

if TYPE_CHECKING:
    from safefile.consent.own_copy import OwnCopyRequest

# consent.own_copy.CAPACITIES, written out so that --help does not import it
# (tests/cli/test_cli_start.py checks they agree).
CAPACITIES = ("parent", "guardian", "personal-representative")


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], parent: argparse.ArgumentParser
) -> None:
    oc = sub.add_parser(
        "own-copy", help="a client's requests for their own copy (right of access)"
    ).add_subparsers(dest="own_copy_cmd", metavar="ACTION", required=True)
    p = oc.add_parser(
        "request", parents=[parent], help="record a request; prints its id and due date"
    )
    p.add_argument("vault")
    p.add_argument("--client", type=id_arg, required=True)
    p.add_argument("--received-on", type=iso_date, required=True)
    p.add_argument(
        "--identity-checked-by",
        required=True,
        metavar="TEXT",
        help="how the requester's identity was checked, e.g. photo ID seen in person",
    )
    p.add_argument("--representative", default="", metavar="NAME", help="asking on their behalf")
    p.add_argument("--capacity", default="", choices=["", *CAPACITIES])
    p.add_argument("--authority", default="", metavar="TEXT", help="the representative's authority")
    p.set_defaults(run=cmd_request)

    p = oc.add_parser(
        "extend", parents=[parent], help="the one 30-day extension, within the first 30 days"
    )
    p.add_argument("vault")
    p.add_argument("request", help="e.g. OC-3")
    p.add_argument("--reason", required=True, help="the written reason given to the client")
    p.add_argument("--told-on", type=iso_date, required=True, help="when the client was told")
    p.set_defaults(run=cmd_extend)

    p = oc.add_parser("list", parents=[parent], help="requests and when each is due")
    p.add_argument("vault")
    p.add_argument("--client", type=id_arg)
    p.add_argument("--overdue", action="store_true", help="only those past due, not answered")
    p.set_defaults(run=cmd_list)


def _json(r: OwnCopyRequest, ctx: Context) -> dict[str, object]:
    from safefile.clock import today

    return {
        **r.model_dump(mode="json"),
        "ref": r.ref,
        "due": r.due.isoformat(),
        "overdue": r.overdue_on(today(ctx.clock)),
    }


def cmd_request(args: argparse.Namespace, ctx: Context) -> int:
    from safefile.consent import own_copy

    with open_vault(args, ctx) as vault:
        req = own_copy.record_request(
            vault,
            args.client,
            received_on=args.received_on,
            identity_checked_by=args.identity_checked_by,
            representative=args.representative,
            capacity=args.capacity,
            authority=args.authority,
            actor=vault.actor,
        )
    if args.json:
        ctx.json(_json(req, ctx))
    else:
        ctx.out(f"{req.ref} due {req.due_on}")
    return 0


def cmd_extend(args: argparse.Namespace, ctx: Context) -> int:
    from safefile.consent import own_copy

    with open_vault(args, ctx) as vault:
        req = own_copy.extend(
            vault, args.request, reason=args.reason, told_on=args.told_on, actor=vault.actor
        )
    if args.json:
        ctx.json(_json(req, ctx))
    else:
        ctx.out(f"{req.ref} extended: now due {req.due}")
        if req.extension_late:
            ctx.out(
                f"Recorded late: on {req.extension_recorded_on}, after the client was told on "
                f"{req.client_told_on}; the request keeps both dates."
            )
    return 0


def cmd_list(args: argparse.Namespace, ctx: Context) -> int:
    from safefile.clock import today
    from safefile.consent import own_copy

    with open_vault(args, ctx) as vault:
        reqs = own_copy.list_requests(vault, args.client, overdue=args.overdue)
        vault.audit("own-copy requests viewed", client_id=args.client, actor=vault.actor)
    on = today(ctx.clock)
    if args.json:
        ctx.json([_json(r, ctx) for r in reqs])
        return 0
    if not reqs:
        ctx.out("No overdue requests." if args.overdue else "No own-copy requests.")
    for r in reqs:
        ctx.out(f"{r.ref}  client {r.client_id}  received {r.received_on}  {r.state(on)}")
        ctx.out(f"      asked by {r.requester}; identity checked: {r.identity_checked_by}")
        if r.extended_to:
            late = f", recorded late on {r.extension_recorded_on}" if r.extension_late else ""
            ctx.out(f"      extended (client told {r.client_told_on}{late}): {r.extension_reason}")
    return 0
