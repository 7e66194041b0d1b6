"""Print the table of docs/cli.md from the parser as built: ``python scripts/cli_doc.py``.

Rerun it after changing a command and paste its output over the table in docs/cli.md.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator

from safefile.cli.main import build_parser

SECRETS = {"passphrase_stdin", "recovery_key_stdin", "as_member", "json", "help"}


def _walk(
    parser: argparse.ArgumentParser, path: list[str], help_text: str
) -> Iterator[tuple[list[str], argparse.ArgumentParser, str]]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            helps = {a.dest: a.help or "" for a in action._choices_actions}
            for name, sub in action.choices.items():
                yield from _walk(sub, [*path, name], helps.get(name, ""))
            return
    yield path, parser, help_text


def _option(a: argparse.Action) -> str:
    if not a.option_strings:
        return f"`{str(a.metavar or a.dest).upper()}`"
    arg = "" if a.nargs == 0 else " " + str(a.metavar or a.dest.upper())
    if a.choices:
        arg = " " + "\\|".join(str(c) for c in a.choices)
    text = f"`{'/'.join(a.option_strings)}{arg}`"
    if not a.required:
        text += " (optional)"
    return text + (f": {a.help}" if a.help else "")


def main() -> None:
    print("| command | what it does | arguments and options |")
    print("| --- | --- | --- |")
    for path, sub, help_text in _walk(build_parser(), [], ""):
        opts = [_option(a) for a in sub._actions if a.dest not in SECRETS]
        print(f"| `safefile {' '.join(path)}` | {help_text} | {'<br>'.join(opts)} |")


if __name__ == "__main__":
    main()
