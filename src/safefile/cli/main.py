"""Entry point of ``safefile``: parse, run, and map errors to the exit codes of CLI.md."""

from __future__ import annotations

import argparse
import contextlib
import sys
from typing import IO

from safefile.cli import (
    accounting_cmds,
    backup_cmds,
    consent_cmds,
    export_cmds,
    own_copy_cmds,
    records_cmds,
    settings_cmds,
    vault_cmds,
)
from safefile.cli.common import Context, secret_options
from safefile.clock import Clock, SystemClock
from safefile.errors import ConsentRefused, SafeFileError
from safefile.fsutil import secure_process_defaults

# Each module adds its commands with register(subparsers, parent).
COMMAND_MODULES = [
    vault_cmds,
    records_cmds,
    consent_cmds,
    export_cmds,
    backup_cmds,
    settings_cmds,
    own_copy_cmds,
    accounting_cmds,
]

# Commands that sign, witness or make an entry in the person's name: refused (exit 1)
# until the practitioner's name is set (CLI.md "The program and the person").
# (command, action); action None: the command has no actions.
SIGNS_OR_RECORDS = {
    ("note", "add"),
    ("note", "sign"),
    ("note", "addendum"),
    ("service", "add"),
    ("release", "add"),
    ("release", "revoke"),
    ("request", "add"),
    ("export", None),
    ("disclose", None),
    ("outcome", None),
    ("own-copy", "request"),
    ("own-copy", "extend"),
    ("accounting", None),
}


def needs_practitioner(args: argparse.Namespace) -> bool:
    command = str(args.command or "")
    action = getattr(args, command.replace("-", "_") + "_cmd", None)
    if command == "accounting" and getattr(args, "pdf", None) is None:
        return False  # showing it records nothing in anyone's name
    return (command, action) in SIGNS_OR_RECORDS


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="safefile",
        description="Encrypted client records. With no command, opens the app.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    parent = secret_options()
    for module in COMMAND_MODULES:
        module.register(sub, parent)
    return parser


def main(
    argv: list[str] | None = None,
    *,
    stdin: IO[str] | None = None,
    stdout: IO[str] | None = None,
    stderr: IO[str] | None = None,
    clock: Clock | None = None,
) -> int:
    secure_process_defaults()
    parser = build_parser()
    try:
        with (
            contextlib.redirect_stderr(stderr or sys.stderr),
            contextlib.redirect_stdout(stdout or sys.stdout),
        ):
            args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    if args.command is None:
        from safefile.ui.app import run_app

        return run_app()
    args.needs_practitioner = needs_practitioner(args)
    ctx = Context(
        stdin=stdin or sys.stdin,
        stdout=stdout or sys.stdout,
        stderr=stderr or sys.stderr,
        clock=clock or SystemClock(),
    )
    try:
        return int(args.run(args, ctx))
    except ConsentRefused as exc:
        for reason in exc.reasons:
            ctx.err(reason)
        if exc.log_ref:
            ctx.err(f"(the refusal is recorded in the record of sharing as {exc.log_ref})")
        return exc.exit_code
    except SafeFileError as exc:
        ctx.err(exc.message)
        return exc.exit_code
    except KeyboardInterrupt:
        ctx.err("Stopped.")
        return 1
    except BrokenPipeError:  # output piped into e.g. `head`, which stopped reading
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
