"""``staff``: a vault's staff members, their key slots and roles (issue 28; docs/cli.md).

Every command takes ``--as NAME`` (common.secret_options): the member whose passphrase
follows. Managing staff needs an administrator's session (staff/admin.py: the refusal,
exit 3, names the role needed).
"""

from __future__ import annotations

import argparse

from safefile.cli.common import Context, open_vault, read_new_passphrase, read_passphrase

ROLES = ("advocate", "supervisor", "administrator", "volunteer")


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], parent: argparse.ArgumentParser
) -> None:
    staff = sub.add_parser(
        "staff", help="the vault's staff members: their own passphrases and roles"
    ).add_subparsers(dest="staff_cmd", metavar="ACTION", required=True)
    p = staff.add_parser(
        "add",
        parents=[parent],
        help="add a member with their own passphrase (standard input: the administrator's "
        "passphrase, then the new member's); prints the member's name",
    )
    p.add_argument("vault")
    p.add_argument("--name", required=True, metavar="NAME", help="the member's name")
    p.add_argument("--role", required=True, choices=ROLES, help="what the member may do")
    p.add_argument("--credentials", default="", metavar="TEXT", help="as they sign: LCSW, MSW...")
    p.set_defaults(run=cmd_staff_add)
    p = staff.add_parser("list", parents=[parent], help="the vault's members and their roles")
    p.add_argument("vault")
    p.add_argument("--removed", action="store_true", help="also the members removed")
    p.set_defaults(run=cmd_staff_list)
    p = staff.add_parser(
        "remove",
        parents=[parent],
        help="remove a member: their key slot is dropped and the vault re-keyed (a new "
        "recovery key is printed)",
    )
    p.add_argument("vault")
    p.add_argument("name", metavar="NAME")
    p.set_defaults(run=cmd_staff_remove)
    p = staff.add_parser("role", parents=[parent], help="change a member's role")
    p.add_argument("vault")
    p.add_argument("name", metavar="NAME")
    p.add_argument("--role", required=True, choices=ROLES, help="the member's new role")
    p.set_defaults(run=cmd_staff_role)
    p = staff.add_parser(
        "restrict-file",
        parents=[parent],
        help="close a client's file to a member who knows the client (or the person who "
        "caused harm)",
    )
    p.add_argument("vault")
    p.add_argument("name", metavar="NAME")
    p.add_argument("--client", required=True, type=int, metavar="ID")
    p.add_argument("--reason", default="", metavar="TEXT", help="why (seen by administrators only)")
    p.set_defaults(run=cmd_staff_restrict_file)


def _member_json(m: object) -> dict[str, object]:
    from safefile.staff.members import Member

    assert isinstance(m, Member)
    return {
        "name": m.name,
        "credentials": m.credentials,
        "role": m.role.value,
        "active": m.active,
    }


def cmd_staff_add(args: argparse.Namespace, ctx: Context) -> int:
    from safefile.staff import admin
    from safefile.staff.roles import parse_role

    role = parse_role(args.role)
    passphrase = read_passphrase(args, ctx)
    with open_vault(args, ctx, passphrase=passphrase) as vault:
        admin.require_admin(vault)  # before the new passphrase is asked for
        first = not vault.header.members
        new = read_new_passphrase(args, ctx)
        member = admin.add_member(
            vault,
            name=args.name,
            role=role,
            passphrase=new,
            credentials=args.credentials,
            actor=vault.actor,
            admin_passphrase=passphrase if first else None,
        )
        upgraded = first and bool(vault.header.members)
    if args.json:
        ctx.json(_member_json(member) | {"upgraded": upgraded})
        return 0
    if upgraded:
        ctx.err(
            "The vault now has staff accounts: you are its first administrator, with your "
            "passphrase. A backup made first is beside the vault. From now on say who you "
            "are with --as NAME once the vault has more than one member."
        )
    ctx.out(member.name)
    return 0


def cmd_staff_list(args: argparse.Namespace, ctx: Context) -> int:
    from safefile.staff import admin

    with open_vault(args, ctx, shared=True) as vault:
        found = admin.members(vault, removed=args.removed)
    if args.json:
        ctx.json([_member_json(m) for m in found])
        return 0
    if not found:
        ctx.out("This vault has no staff accounts yet: its practitioner is its only user.")
    for m in found:
        state = "" if m.active else "  (removed)"
        ctx.out(f"{m.signs_as}  ·  {m.role.value}{state}")
    return 0


def cmd_staff_remove(args: argparse.Namespace, ctx: Context) -> int:
    from safefile.cli.vault_cmds import OLD_BACKUPS_WARNING, print_recovery
    from safefile.staff import admin

    with open_vault(args, ctx) as vault:
        recovery = admin.remove_member(vault, args.name, actor=vault.actor)
    if args.json:
        ctx.json({"removed": args.name, "recovery_key": recovery})
        return 0
    ctx.out(
        f"{args.name} was removed: the vault has a new key, which their passphrase and "
        "their copy of the key file do not open."
    )
    print_recovery(ctx, recovery)
    ctx.err(OLD_BACKUPS_WARNING.replace("OLD passphrase", "passphrase of every member then"))
    return 0


def cmd_staff_role(args: argparse.Namespace, ctx: Context) -> int:
    from safefile.staff import admin
    from safefile.staff.roles import parse_role

    with open_vault(args, ctx) as vault:
        member = admin.change_role(vault, args.name, parse_role(args.role), actor=vault.actor)
    if args.json:
        ctx.json(_member_json(member))
    else:
        ctx.out(f"{member.name}: {member.role.value}")
    return 0


def cmd_staff_restrict_file(args: argparse.Namespace, ctx: Context) -> int:
    from safefile.staff import admin

    with open_vault(args, ctx) as vault:
        admin.restrict_file(vault, args.name, args.client, reason=args.reason, actor=vault.actor)
    if args.json:
        ctx.json({"client": args.client, "closed_to": args.name})
    else:
        ctx.out(f"Client {args.client}'s file is closed to {args.name}.")
    return 0
