"""What every command shares: reading secrets, opening the vault, printing results."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from safefile.errors import InvalidInput, UsageError
from safefile.textcheck import SINGLE_LINE, control_problem

if TYPE_CHECKING:  # the store is imported when a command opens a vault, not at start
    from safefile.clock import Clock
    from safefile.store.vault import Vault


def _utf8(text: str) -> str:
    """Standard input as text; bytes that are not UTF-8 (kept as lone surrogates) refused."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidInput(
            "Standard input is not UTF-8 text (the encoding SafeFile reads). "
            "Nothing was changed. Save the text as UTF-8 and try again."
        ) from None
    return text


# The most standard input gives one value ('-'): the longest text field (a note's
# section) is 20,000 characters; a secret is one short line.
STDIN_LIMIT = 100_000
SECRET_LINE_LIMIT = 4_096


class Context:
    """What a command runs with: its streams and the clock (tests set both).

    A plain class, not a dataclass: ``dataclasses`` costs as much to import as
    the whole parser (see cli/main.py on starting fast).
    """

    def __init__(self, stdin: IO[str], stdout: IO[str], stderr: IO[str], clock: Clock) -> None:
        self.stdin = stdin
        self.stdout = stdout
        self.stderr = stderr
        self.clock = clock
        self._rest_taken = False  # the rest of stdin was read for an option given as '-'

    def stdin_line(self, what: str) -> str:
        if self._rest_taken:
            raise UsageError(
                f"The {what} must come first on standard input, before the text an option "
                "reads with '-'. Nothing was changed."
            )
        line = _utf8(self.stdin.readline(SECRET_LINE_LIMIT + 2))
        if len(line.rstrip("\r\n")) > SECRET_LINE_LIMIT:
            raise InvalidInput(
                f"The {what} on standard input is longer than any SafeFile takes (at most "
                f"{SECRET_LINE_LIMIT:,} characters). Nothing was changed."
            )
        if not line:
            raise InvalidInput(
                f"Expected the {what} on a line of standard input, but there was none."
            )
        return line.rstrip("\r\n")

    def read_rest(self) -> str:
        """The rest of standard input (after any secrets), without its final line break;
        refused as soon as it passes ``STDIN_LIMIT`` characters (never read to its end:
        a 50 MB value took minutes)."""
        self._rest_taken = True
        text = _utf8(self.stdin.read(STDIN_LIMIT + 2))
        if len(text.removesuffix("\n").removesuffix("\r")) > STDIN_LIMIT:
            raise InvalidInput(
                f"The text on standard input is longer than SafeFile takes for one value "
                f"(at most {STDIN_LIMIT:,} characters). Nothing was changed."
            )
        if text.endswith("\n"):
            text = text[:-1]
            text = text.removesuffix("\r")
        return text

    def prompt_secret(self, prompt: str) -> str:
        import getpass

        return getpass.getpass(prompt, stream=self.stderr)  # type: ignore[arg-type]

    def out(self, text: str = "") -> None:
        print(text, file=self.stdout)

    def err(self, text: str) -> None:
        print(text, file=self.stderr)

    def json(self, obj: object) -> None:
        import json

        json.dump(obj, self.stdout, ensure_ascii=False, indent=2, default=str)
        self.stdout.write("\n")


def secret_options() -> argparse.ArgumentParser:
    """Options every command that opens a vault takes (a parent parser)."""
    p = argparse.ArgumentParser(add_help=False)
    g = p.add_mutually_exclusive_group()
    g.add_argument(
        "--passphrase-stdin", action="store_true", help="read the passphrase from standard input"
    )
    g.add_argument(
        "--recovery-key-stdin",
        action="store_true",
        help="read the recovery key from standard input instead of the passphrase",
    )
    p.add_argument(
        "--as",
        dest="as_member",
        metavar="NAME",
        help="the staff member whose passphrase follows (needed once the vault has more "
        "than one member)",
    )
    p.add_argument("--json", action="store_true", help="print machine-readable output")
    return p


def member_of(args: argparse.Namespace) -> str | None:
    """Who unlocks (``--as NAME``): the one place every command reads it."""
    name = getattr(args, "as_member", None)
    return name if isinstance(name, str) else None


def _ready(vault: Vault, args: argparse.Namespace, ctx: Context) -> None:
    """What a command needs before it uses a vault just opened."""
    # A command is short: it waits for the check of every page before anything else, so
    # a damaged vault is exit 5 whatever the command meets first, and a disk that takes
    # no audit entry is said before the command's own output.  A backup opened with
    # ``check_later`` checks as it streams (backup/core.make_backup) and is exit 5 too.
    if vault.check_started:
        vault.settle()
    if vault.older_warning is not None:  # a whole older copy put in place (store/seen.py)
        ctx.err(vault.older_warning)
    if vault.unrecorded_warning is not None:
        ctx.err(vault.unrecorded_warning)
    if vault.staff_pending:  # an upgrade to staff accounts cut short: finished now
        from safefile.staff.admin import finish_upgrade

        finish_upgrade(vault)
    if vault.page_format_is_old:  # (imported only then: the backup code is not small)
        from safefile.backup.core import upgrade_if_old

        upgraded = upgrade_if_old(vault)
        if upgraded is not None:
            ctx.err(
                f"The vault was moved to a faster file format. A backup made first is at "
                f"{upgraded}."
            )
    if getattr(args, "needs_practitioner", False):
        from safefile.settings import require_practitioner

        require_practitioner(vault)


def read_passphrase(args: argparse.Namespace, ctx: Context) -> str:
    """The passphrase of whoever opens the vault (``--as``'s, on a vault of staff)."""
    if getattr(args, "passphrase_stdin", False):
        return ctx.stdin_line("passphrase")
    return ctx.prompt_secret("Passphrase: ")


def open_vault(
    args: argparse.Namespace,
    ctx: Context,
    *,
    shared: bool = False,
    check_later: bool = False,
    passphrase: str | None = None,
) -> Vault:
    """Open the command's vault; ``shared`` for commands that only read (a backup, a
    check, a listing): they run while the app has the vault open (store/lockfile.py).
    ``check_later`` (the backup): the check of every page runs beside the backup's own
    read of the file instead of before it (``Vault.open``).
    A command that signs or records (``args.needs_practitioner``, set by cli/main.py)
    runs only once the practitioner's name is set (exit 1 otherwise). ``--as NAME`` says
    which staff member's passphrase it is (``member_of``); ``passphrase``: already read
    (``read_passphrase``) by a command that needs it again."""
    from safefile.store.vault import Vault

    path = Path(args.vault)
    member = member_of(args)
    if passphrase is None and getattr(args, "recovery_key_stdin", False):
        vault = Vault.open(
            path,
            recovery_key=ctx.stdin_line("recovery key"),
            clock=ctx.clock,
            shared=shared,
            check_later=check_later,
        )
    else:
        vault = Vault.open(
            path,
            passphrase=passphrase if passphrase is not None else read_passphrase(args, ctx),
            member=member,
            clock=ctx.clock,
            shared=shared,
            check_later=check_later,
        )
    try:
        _ready(vault, args, ctx)
    except BaseException:
        vault.lock()
        raise
    return vault


def read_new_passphrase(args: argparse.Namespace, ctx: Context) -> str:
    """The new passphrase: the next stdin line, or typed twice at a hidden prompt."""
    if getattr(args, "passphrase_stdin", False) or getattr(args, "recovery_key_stdin", False):
        return ctx.stdin_line("new passphrase")
    first = ctx.prompt_secret("New passphrase: ")
    second = ctx.prompt_secret("Type the new passphrase again: ")
    if first != second:
        raise InvalidInput("The two passphrases you typed are different. Nothing was changed.")
    return first


def iso_date(text: str) -> date:
    """argparse type for dates."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"'{text}' is not a date; write dates as YYYY-MM-DD, e.g. 2026-11-22"
        ) from None


def path_arg(text: str) -> Path:
    """argparse type for a file or folder named on the command line."""
    if not text:
        raise argparse.ArgumentTypeError("an empty path names no file; give its name")
    return Path(text)


# --- checks every command's arguments pass ---------------------------------------------

SQLITE_INT = 2**63  # ids and counts are SQLite integers: below 2^63


def _option_name(parser: argparse.ArgumentParser, dest: str) -> str:
    for action in _all_actions(parser):
        if action.dest == dest:
            return action.option_strings[-1] if action.option_strings else dest.upper()
    return dest


def _all_actions(parser: argparse.ArgumentParser) -> list[argparse.Action]:
    actions: list[argparse.Action] = []
    for action in parser._actions:
        actions.append(action)
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                actions += _all_actions(sub)
    return actions


def check_arguments(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """What argparse lets through but nothing below can take: text that is not UTF-8
    (the shell passes such bytes as lone surrogates), numbers beyond SQLite's integers,
    an empty vault path."""
    for dest, value in vars(args).items():
        values = value if isinstance(value, list | tuple) else [value]
        for v in values:
            if isinstance(v, str | Path):
                try:
                    str(v).encode("utf-8")
                except UnicodeEncodeError:
                    raise UsageError(
                        f"The value of {_option_name(parser, dest)} is not UTF-8 text "
                        "(the encoding SafeFile reads); type it again or fix the terminal's "
                        "encoding."
                    ) from None
            if isinstance(v, str) and not isinstance(v, Path):
                refuse_control(_option_name(parser, dest), dest, v)
            if isinstance(v, Path) and "\x00" in str(v):
                raise UsageError(
                    f"The value of {_option_name(parser, dest)} holds a NUL character, "
                    "which no file name can hold."
                )
            if isinstance(v, int) and not isinstance(v, bool) and not -SQLITE_INT <= v < SQLITE_INT:
                raise UsageError(f"{_option_name(parser, dest)} {v} is far too large a number.")
    if getattr(args, "vault", None) == "":
        raise UsageError("An empty path names no vault; give the vault's folder.")


# --- client text from standard input ('-') ---------------------------------------------

# Options whose value is a code or a reference, never client text: '-' is not theirs.
NOT_CLIENT_TEXT = {"categories", "release", "born", "with_", "doc_type", "as_member"}


def client_text_options(parser: argparse.ArgumentParser) -> dict[str, str]:
    """Every option (by dest) that carries free text: each accepts '-' (shared/CLI.md)."""
    found: dict[str, str] = {}
    for action in _all_actions(parser):
        if (
            action.option_strings
            and type(action).__name__ == "_StoreAction"
            and action.type is None
            and action.choices is None
            and action.nargs is None
            and action.dest not in NOT_CLIENT_TEXT
        ):
            found.setdefault(action.dest, action.option_strings[-1])
    return found


# Options that hold one line (a name, a title): a line break there is refused too.
SINGLE_LINE_OPTIONS = SINGLE_LINE | {
    "signer",
    "co_signer",
    "recipient_name",
    "aliases",
    "alias",
    "as_",
    "as_member",
}


def refuse_control(option: str, dest: str, value: str) -> None:
    """InvalidInput (exit 1) when an option's text holds a control character: NUL,
    escape, a bidirectional override; in a one-line option, a line break or tab too."""
    problem = control_problem(value, single_line=dest in SINGLE_LINE_OPTIONS)
    if problem:
        raise InvalidInput(f"The value of {option}: {problem}. Nothing was changed.")


class _FromStdin:
    """Stands for an option's value until the command first reads it."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx


class _Args(argparse.Namespace):
    """Arguments in which one option's value is read from standard input when first used:
    by then the command has read its secrets (they come first, one a line)."""

    def __getattribute__(self, name: str) -> Any:
        value = super().__getattribute__(name)
        if isinstance(value, _FromStdin):
            value = value.ctx.read_rest()
            refuse_control("the text read from standard input", name, value)
            setattr(self, name, value)
        return value


def read_dash_value(
    parser: argparse.ArgumentParser, args: argparse.Namespace, ctx: Context
) -> argparse.Namespace:
    """``--note -`` reads the note from the rest of standard input (one such option)."""
    options = client_text_options(parser)
    dashed = [dest for dest in options if getattr(args, dest, None) == "-"]
    if not dashed:
        return args
    if len(dashed) > 1:
        names = " and ".join(options[d] for d in dashed)
        raise UsageError(
            f"Only one option can read its value from standard input ('-'); {names} both "
            "ask to. Give the others on the command line."
        )
    lazy = _Args(**vars(args))
    setattr(lazy, dashed[0], _FromStdin(ctx))
    return lazy
