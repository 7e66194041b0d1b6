"""``backup``, ``verify-backup`` and ``restore`` (docs/cli.md)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from safefile.cli.common import Context, member_of, open_vault, path_arg
from safefile.errors import DiskFull, SafeFileError
from safefile.fsutil import disk_full, write_failure

# backup.archive.SUFFIX, written out so that --help does not import the backup code
# (tests/cli/test_cli_start.py checks they agree).
SUFFIX = ".sfbackup"

if TYPE_CHECKING:
    from safefile.backup.core import BackupInfo


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], parent: argparse.ArgumentParser
) -> None:
    p = sub.add_parser("backup", parents=[parent], help="write an encrypted backup of the vault")
    p.add_argument("vault")
    p.add_argument("dest", type=path_arg, help=f"a file (or a folder: a dated {SUFFIX} file in it)")
    p.set_defaults(run=cmd_backup)
    p = sub.add_parser("verify-backup", parents=[parent], help="check a backup; writes nothing")
    p.add_argument("file", type=path_arg)
    p.set_defaults(run=cmd_verify)
    p = sub.add_parser("restore", parents=[parent], help="restore a backup into a new vault")
    p.add_argument("file", type=path_arg)
    p.add_argument("new_vault", type=path_arg)
    p.add_argument("--replace", action="store_true", help="replace an existing vault there")
    p.set_defaults(run=cmd_restore)


def _secret(args: argparse.Namespace, ctx: Context) -> tuple[str | None, str | None]:
    """(passphrase, recovery key) of the vault the backup was made from."""
    if args.recovery_key_stdin:
        return None, ctx.stdin_line("recovery key")
    if args.passphrase_stdin:
        return ctx.stdin_line("passphrase"), None
    return ctx.prompt_secret("Passphrase of the vault the backup was made from: "), None


def cmd_backup(args: argparse.Namespace, ctx: Context) -> int:
    from safefile.backup import make_backup

    with open_vault(args, ctx, shared=True) as vault:
        dest = args.dest
        if dest.is_dir():
            stamp = vault.clock.now().astimezone().strftime("%Y%m%d-%H%M%S")
            dest = dest / f"safefile-{vault.header.vault_id[:8]}-{stamp}{SUFFIX}"
        before = _identity(dest)
        try:
            info = make_backup(vault, dest)
        except Exception as exc:
            refused = exc if isinstance(exc, SafeFileError) else write_failure(exc, vault.path)
            if not isinstance(refused, DiskFull):
                raise
            if _identity(dest) in (before, None):  # say how much room this backup needs
                raise disk_full(dest, needed=_size_of(vault.path)) from None
            # The backup is whole (it is renamed into place only once complete); only
            # noting its date in the vault, whose own disk is full, failed.
            ctx.out(f"Backed up to {dest} ({dest.stat().st_size:,} bytes).")
            ctx.err(
                "The vault's disk is full, so the date of this backup could not be noted "
                "in the vault: the reminder to back up will still show."
            )
            return 0
    if args.json:
        ctx.json(
            {
                "file": str(info.path),
                "created": info.created,
                "bytes": info.size,
                "counts": info.counts,
            }
        )
    else:
        ctx.out(f"Backed up to {info.path} ({info.size:,} bytes).")
    return 0


def _describe(ctx: Context, info: BackupInfo, json_out: bool, verb: str) -> None:
    d = {
        "file": str(info.path),
        "created": info.created,
        "vault_id": info.vault_id,
        "schema_version": info.schema_version,
        "counts": info.counts,
    }
    if json_out:
        ctx.json(d)
        return
    ctx.out(f"{verb}: backup made {info.created} of vault {info.vault_id[:8]}.")
    for name, n in info.counts.items():
        ctx.out(f"  {name.replace('_', ' ')}: {n}")


def cmd_verify(args: argparse.Namespace, ctx: Context) -> int:
    from safefile.backup import verify_backup

    passphrase, recovery = _secret(args, ctx)
    info = verify_backup(
        args.file,
        passphrase=passphrase,
        recovery_key=recovery,
        member=member_of(args),
        clock=ctx.clock,
    )
    _describe(ctx, info, args.json, "The backup is whole and opens")
    return 0


def cmd_restore(args: argparse.Namespace, ctx: Context) -> int:
    from safefile.retention import restore, tombstones

    passphrase, recovery = _secret(args, ctx)
    try:
        restored = restore.restore(
            args.file,
            args.new_vault,
            replace=args.replace,
            clock=ctx.clock,
            passphrase=passphrase,
            recovery_key=recovery,
            member=member_of(args),
        )
    except Exception as exc:  # a restored vault takes about as much room as its backup
        if isinstance(exc, DiskFull) or isinstance(write_failure(exc, args.new_vault), DiskFull):
            raise disk_full(args.new_vault, needed=_size_of(args.file)) from None
        raise
    info = restored.info
    _describe(ctx, info, args.json, f"Restored into {args.new_vault}")
    if info.reapplied and not args.json:
        ctx.out(
            f"{info.reapplied} file(s) destroyed after this backup was made were destroyed "
            "again in the restored vault."
        )
    if info.tombstones_found is False:  # issue 29 F14: never silently
        due = restored.due_now
        now = (
            f" {due} file(s) are due for destruction under the policy now."
            if due is not None
            else ""
        )
        ctx.err(
            f"{tombstones.NO_RECORD}{now} Run `safefile retention {args.new_vault} --apply` "
            "at once to destroy what the policy says is due."
        )
    return 0


def _size_of(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_ino, st.st_mtime_ns
