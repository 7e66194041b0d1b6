"""Entry point of ``safefile``: parse, run, and map errors to the exit codes of docs/cli.md.

Starting fast: ``safefile --help`` and every command's start cost about what plain
argparse costs, because building the parser imports no implementation.

How to add a command (or a group of commands):

1. Put it in a module ``cli/NAME_cmds.py`` with ``register(sub, parent)``, which
   adds its subparsers (``sub.add_parser(..., parents=[parent])`` for commands that
   open a vault) and ``p.set_defaults(run=cmd_x)``; add the module's name to
   ``COMMAND_MODULES`` below.
2. At the top of that module import only what the argument definitions need:
   ``argparse``, ``pathlib``, ``safefile.cli.common`` (``Context``, ``iso_date``,
   ``open_vault``), ``safefile.errors``, ``safefile.clock``.  Everything else (the
   store, records, consent, export, backup; pydantic, reportlab, ...) is imported
   inside the ``cmd_x`` handler that uses it, and under ``if TYPE_CHECKING:`` for
   annotations.  A ``choices=`` list that lives in a heavy module is written out
   here, with a test that it matches (see ``tests/cli/test_cli_start.py``).
3. ``tests/cli/test_cli_start.py`` fails when building the parser imports a heavy
   module, and names the module, so a slow start is caught before it ships.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import sys
from pathlib import Path
from typing import IO, TYPE_CHECKING

from safefile.cli import (
    accounting_cmds,
    backup_cmds,
    category_cmds,
    consent_cmds,
    disclose_cmds,
    export_cmds,
    funder_cmds,
    outcome_cmds,
    own_copy_cmds,
    program_cmds,
    records_cmds,
    retention_cmds,
    seal_cmds,
    settings_cmds,
    staff_cmds,
    vault_cmds,
)
from safefile.cli.common import Context, check_arguments, read_dash_value, secret_options
from safefile.errors import ConsentRefused, InvalidInput, SafeFileError
from safefile.fsutil import os_failure, secure_process_defaults, write_failure

if TYPE_CHECKING:
    from safefile.clock import Clock

# Each module adds its commands with register(subparsers, parent); importing one
# must stay cheap (see the module docstring).
COMMAND_MODULES = [
    vault_cmds,
    records_cmds,
    consent_cmds,
    export_cmds,
    backup_cmds,
    retention_cmds,  # after records_cmds: adds ``client close``
    program_cmds,
    settings_cmds,
    own_copy_cmds,
    accounting_cmds,
    outcome_cmds,
    disclose_cmds,
    seal_cmds,
    funder_cmds,
    category_cmds,
    staff_cmds,
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


class VersionAction(argparse.Action):
    """``--version``: SafeFile's version and SQLCipher's, SQLite's and Python's (asked only
    when the option is given), then exit 0."""

    def __init__(self, option_strings: list[str], dest: str, **kwargs: object) -> None:
        super().__init__(option_strings, dest, nargs=0, help="show the version and exit")

    def __call__(self, parser: argparse.ArgumentParser, *_: object) -> None:
        from safefile.versions import version_line

        print(version_line())
        parser.exit()


@functools.cache
def build_parser() -> argparse.ArgumentParser:
    """The whole command line, built once a process: parsing changes nothing in it (each
    parse makes its own namespace), and building it is most of a command's start."""
    parser = argparse.ArgumentParser(
        prog="safefile",
        description="Encrypted client records. With no command, opens the app.",
    )
    parser.add_argument("--version", action=VersionAction)
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
    stdout, stderr = stdout or sys.stdout, stderr or sys.stderr
    try:
        with contextlib.redirect_stderr(stderr), contextlib.redirect_stdout(stdout):
            args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    if args.command is None:
        from safefile.ui.app import run_app

        return run_app()
    from safefile.clock import SystemClock  # after parsing: --help needs no time zones

    ctx = Context(
        stdin=stdin or sys.stdin, stdout=stdout, stderr=stderr, clock=clock or SystemClock()
    )
    args.needs_practitioner = needs_practitioner(args)
    try:
        check_arguments(parser, args)
        args = read_dash_value(parser, args, ctx)
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
    except UnicodeError:  # standard input (or a file) that is not UTF-8 text
        ctx.err(
            "Standard input is not UTF-8 text (the encoding SafeFile reads). "
            "Nothing was changed. Save the text as UTF-8 and try again."
        )
        return InvalidInput.exit_code
    except OSError as exc:  # full, read-only, too long a name, a folder for a file...
        failure = os_failure(exc, _destination(args))
        ctx.err(failure.message)
        return failure.exit_code
    except Exception as exc:  # the last guard: a clear line, never a traceback
        refused = write_failure(exc, _vault_of(args))  # SQLite's "full", "read-only"
        if refused is not None:
            ctx.err(refused.message)
            return refused.exit_code
        ctx.err(
            f"SafeFile met an unexpected problem ({type(exc).__name__}) and stopped. "
            "Every change is all or nothing, so nothing was half-written. "
            "Please report this, with the command you ran (not its client details)."
        )
        return 1


def _vault_of(args: argparse.Namespace) -> Path | None:
    """The vault a database error concerns."""
    for name in ("new_vault", "vault"):
        value = vars(args).get(name)
        if isinstance(value, str | Path) and value:
            return Path(value)
    return None


def _destination(args: argparse.Namespace) -> Path | None:
    """Where the command writes (for a message about a disk that refused it)."""
    for name in ("dest", "to", "new_vault", "vault"):
        value = vars(args).get(name)  # never reads a value given as '-'
        if isinstance(value, str | Path) and value:
            return Path(value)
    return None


if __name__ == "__main__":
    raise SystemExit(main())
