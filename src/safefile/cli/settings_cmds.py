"""``settings``: show the program's settings, or change those given (each change audited)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from safefile.cli.common import Context, open_vault

if TYPE_CHECKING:
    from safefile.settings import Settings

# settings.PAGE_SIZES, written out so that --help does not import the settings
# (tests/cli/test_cli_start.py checks they agree).
PAGE_SIZES = ("letter", "a4")

# option -> (settings field, label shown)
_OPTIONS: dict[str, tuple[str, str]] = {
    "program_name": ("program_name", "Program name"),
    "program_address": ("program_address", "Program address"),
    "program_phone": ("program_phone", "Program phone"),
    "practitioner": ("practitioner", "Practitioner"),
    "credentials": ("credentials", "Credentials"),
    "release_max_days": ("release_max_days", "Longest a release may run (days)"),
    "retention_months": ("retention_months", "Keep closed files (months)"),
    "page_size": ("page_size", "Paper size"),
    "idle_minutes": ("idle_minutes", "Lock when idle (minutes)"),
}


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], parent: argparse.ArgumentParser
) -> None:
    p = sub.add_parser(
        "settings", parents=[parent], help="show the program's settings, or change those given"
    )
    p.add_argument("vault")
    p.add_argument("--program-name", metavar="NAME")
    p.add_argument("--program-address", metavar="TEXT")
    p.add_argument("--program-phone", metavar="TEXT")
    p.add_argument("--practitioner", metavar="NAME", help="who signs notes and makes entries")
    p.add_argument("--credentials", metavar="TEXT", help="e.g. LCSW")
    p.add_argument("--release-max-days", metavar="N")
    p.add_argument("--retention-months", metavar="N")
    p.add_argument("--page-size", choices=PAGE_SIZES)
    p.set_defaults(run=cmd_settings)


def shown(s: Settings) -> dict[str, Any]:
    return {field: getattr(s, field) for field, _ in _OPTIONS.values()}


def cmd_settings(args: argparse.Namespace, ctx: Context) -> int:
    from safefile import settings

    changes = {
        field: getattr(args, option)
        for option, (field, _) in _OPTIONS.items()
        if getattr(args, option, None) is not None
    }
    with open_vault(args, ctx) as vault:
        before = settings.load(vault)
        after = settings.save(vault, changes) if changes else before
        if not changes:
            vault.audit("settings viewed", actor=vault.actor)
    if args.json:
        ctx.json(shown(after))
        return 0
    changed = [f for f in changes if getattr(before, f) != getattr(after, f)]
    for _, (field, label) in _OPTIONS.items():
        value = getattr(after, field)
        mark = "  (changed)" if field in changed else ""
        ctx.out(f"{label}: {value if value not in ('', None) else '(not set)'}{mark}")
    if changes and not changed:
        ctx.out("Nothing was changed: the settings already had these values.")
    return 0
