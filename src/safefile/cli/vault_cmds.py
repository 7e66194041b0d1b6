"""``init``, ``check`` and ``passwd``."""

from __future__ import annotations

import argparse
from pathlib import Path

from safefile.cli.common import Context, open_vault, read_new_passphrase, read_passphrase
from safefile.errors import DamagedFile, InvalidInput

NO_RECOVERY_WARNING = (
    "WARNING: this vault has no recovery key. If the passphrase is forgotten, or the person "
    "who knows it can no longer work, nobody can ever open these records again."
)


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], parent: argparse.ArgumentParser
) -> None:
    p = sub.add_parser("init", parents=[parent], help="create a vault")
    p.add_argument("vault")
    p.add_argument("--no-recovery-key", action="store_true", help="do not make a recovery key")
    p.add_argument(
        "--practitioner", metavar="NAME", help="who signs notes, witnesses releases, makes entries"
    )
    p.add_argument("--credentials", metavar="TEXT", help="the practitioner's credentials")
    p.set_defaults(run=cmd_init)

    p = sub.add_parser("check", parents=[parent], help="verify the key, the database and the logs")
    p.add_argument("vault")
    p.set_defaults(run=cmd_check)

    p = sub.add_parser("passwd", parents=[parent], help="change the passphrase")
    p.add_argument("vault")
    p.add_argument(
        "--rekey",
        action="store_true",
        help="someone else may know the passphrase: also make a new key and recovery key",
    )
    p.set_defaults(run=cmd_passwd)

    p = sub.add_parser(
        "recovery-key", parents=[parent], help="issue a new recovery key; the old one stops working"
    )
    p.add_argument("vault")
    p.set_defaults(run=cmd_recovery_key)


def cmd_init(args: argparse.Namespace, ctx: Context) -> int:
    from safefile import settings

    if args.recovery_key_stdin:
        raise InvalidInput("A new vault has no recovery key yet; use --passphrase-stdin.")
    person = {"practitioner": args.practitioner, "credentials": args.credentials}
    if args.credentials is not None and not args.practitioner:
        raise InvalidInput("--credentials needs --practitioner NAME (whose credentials they are).")
    person = {k: v for k, v in person.items() if v is not None}
    settings.validate(settings.Settings.model_construct(), person)  # before anything is made
    if args.passphrase_stdin:
        passphrase = ctx.stdin_line("passphrase")
    else:
        passphrase = read_new_passphrase(args, ctx)
    from safefile.store.vault import Vault

    vault, recovery = Vault.create(
        Path(args.vault),
        passphrase,
        with_recovery_key=not args.no_recovery_key,
        clock=ctx.clock,
        user_name=args.practitioner or None,
    )
    try:
        settings.first_start(vault, person)
        from safefile.export import seal

        seal.ensure(vault, actor=vault.actor)  # the program seal, made at first start (issue 25)
        if args.json:
            ctx.json({"vault": str(vault.path), "recovery_key": recovery})
        else:
            ctx.out(f"Created the vault {vault.path}")
            if recovery:
                ctx.out(
                    "Write this recovery key on paper and keep it locked away. It is shown only"
                )
                ctx.out("once, and it opens the vault if the passphrase is lost:")
                ctx.out(f"Recovery key: {recovery}")
        if not recovery:
            ctx.err(NO_RECOVERY_WARNING)
    finally:
        vault.lock()
    return 0


def cmd_check(args: argparse.Namespace, ctx: Context) -> int:
    from safefile.health import check_vault

    with open_vault(args, ctx, shared=True) as vault:
        report = check_vault(vault)
        vault.audit("vault checked", ok=report.ok, actor=vault.actor)
    if args.json:
        ctx.json(
            {
                "ok": report.ok,
                "checked": report.checked,
                "problems": report.problems,
                "warnings": report.warnings,
            }
        )
    else:
        for item in report.checked:
            ctx.out(f"checked: {item}")
        for problem in report.problems:
            ctx.err(f"problem: {problem}")
        for warning in report.warnings:
            ctx.err(f"warning: {warning}")
        ctx.out("The vault is sound." if report.ok else "The vault has problems (listed above).")
    if not report.ok:
        raise DamagedFile(
            "The vault has been damaged or changed outside SafeFile. "
            "Restore the vault from your last backup."
        )
    return 0


OLD_BACKUPS_WARNING = (
    "Backups made before now still open with the OLD passphrase (and the old recovery "
    "key), so whoever knows it can read them. Make a fresh backup now (safefile backup "
    "VAULT DEST), check it (safefile verify-backup FILE), then destroy the older backups."
)


def cmd_passwd(args: argparse.Namespace, ctx: Context) -> int:
    from safefile.backup.policy import backups_under_an_old_key

    with open_vault(args, ctx) as vault:
        new = read_new_passphrase(args, ctx)
        if not args.rekey:
            vault.change_passphrase(new)
            ctx.out("The passphrase was changed. Use the new one from now on.")
            return 0
        recovery = vault.rekey(new)
        old = backups_under_an_old_key(vault)
    if args.json:
        ctx.json({"recovery_key": recovery, "old_backups": [str(p) for p in old]})
    else:
        ctx.out("The vault has a new key and the passphrase was changed. Use the new one.")
        print_recovery(ctx, recovery)
    _warn_old_backups(ctx, old)
    return 0


def cmd_recovery_key(args: argparse.Namespace, ctx: Context) -> int:
    from safefile.backup.policy import backups_under_an_old_key

    if args.recovery_key_stdin:
        raise InvalidInput(
            "A new recovery key needs the passphrase. If the passphrase is lost, open the "
            "vault with the recovery key to choose a new one: safefile passwd VAULT --rekey "
            "--recovery-key-stdin (which also gives a new recovery key)."
        )
    passphrase = read_passphrase(args, ctx)
    with open_vault(args, ctx, passphrase=passphrase) as vault:
        recovery = vault.issue_recovery_key(passphrase)
        old = backups_under_an_old_key(vault)
    if args.json:
        ctx.json({"recovery_key": recovery, "old_backups": [str(p) for p in old]})
    else:
        print_recovery(ctx, recovery)
    _warn_old_backups(ctx, old)
    return 0


def print_recovery(ctx: Context, recovery: str | None) -> None:
    if recovery is None:
        ctx.err(NO_RECOVERY_WARNING)
        return
    ctx.out("Write this new recovery key on paper and keep it locked away; destroy the old")
    ctx.out("one, which no longer works. It is shown only once:")
    ctx.out(f"Recovery key: {recovery}")


def _warn_old_backups(ctx: Context, old: list[Path]) -> None:
    ctx.err(OLD_BACKUPS_WARNING)
    if old:
        ctx.err("Older backups found:")
        for p in old:
            ctx.err(f"  {p}")
