"""What every command shares: reading secrets, opening the vault, printing results."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from safefile.clock import Clock
from safefile.errors import InvalidInput, UsageError

if TYPE_CHECKING:  # the store is imported when a command opens a vault, not at start
    from safefile.store.vault import Vault


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

    def stdin_line(self, what: str) -> str:
        line = self.stdin.readline()
        if not line:
            raise InvalidInput(
                f"Expected the {what} on a line of standard input, but there was none."
            )
        return line.rstrip("\r\n")

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
    p.add_argument("--json", action="store_true", help="print machine-readable output")
    return p


def open_vault(args: argparse.Namespace, ctx: Context) -> Vault:
    """The vault, open; for a command that signs or records (``args.needs_practitioner``,
    set by cli/main.py) only once the practitioner's name is set (exit 1 otherwise)."""
    from safefile.store.vault import Vault

    path = Path(args.vault)
    if getattr(args, "recovery_key_stdin", False):
        vault = Vault.open(path, recovery_key=ctx.stdin_line("recovery key"), clock=ctx.clock)
    elif getattr(args, "passphrase_stdin", False):
        vault = Vault.open(path, passphrase=ctx.stdin_line("passphrase"), clock=ctx.clock)
    else:
        vault = Vault.open(path, passphrase=ctx.prompt_secret("Passphrase: "), clock=ctx.clock)
    if getattr(args, "needs_practitioner", False):
        from safefile.settings import require_practitioner

        try:
            require_practitioner(vault)
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


def parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UsageError(
            f"'{text}' is not a date; write dates as YYYY-MM-DD, e.g. 2026-11-22."
        ) from None


def iso_date(text: str) -> date:
    """argparse type for dates."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"'{text}' is not a date; write dates as YYYY-MM-DD, e.g. 2026-11-22"
        ) from None


def stdout_is_json(args: argparse.Namespace) -> bool:
    return bool(getattr(args, "json", False))


def as_jsonable(obj: Any) -> Any:
    if hasattr(obj, "model_dump"):
        return obj.model_dump(mode="json")
    return obj


def default_streams() -> tuple[IO[str], IO[str], IO[str]]:
    return sys.stdin, sys.stdout, sys.stderr
