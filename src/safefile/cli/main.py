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
import sys
from typing import IO

from safefile.cli import backup_cmds, consent_cmds, export_cmds, records_cmds, vault_cmds
from safefile.cli.common import Context, secret_options
from safefile.clock import Clock, SystemClock
from safefile.errors import ConsentRefused, SafeFileError
from safefile.fsutil import secure_process_defaults

# Each module adds its commands with register(subparsers, parent); importing one
# must stay cheap (see the module docstring).
COMMAND_MODULES = [vault_cmds, records_cmds, consent_cmds, export_cmds, backup_cmds]


class VersionAction(argparse.Action):
    """``--version``: SafeFile's version and SQLCipher's, SQLite's and Python's (asked only
    when the option is given), then exit 0."""

    def __init__(self, option_strings: list[str], dest: str, **kwargs: object) -> None:
        super().__init__(option_strings, dest, nargs=0, help="show the version and exit")

    def __call__(self, parser: argparse.ArgumentParser, *_: object) -> None:
        from safefile.versions import version_line

        print(version_line())
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
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
