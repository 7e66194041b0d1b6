"""Print docs/parity.md from the parity map: ``python scripts/parity_doc.py > docs/parity.md``.

Rerun it after changing ``src/safefile/ui/parity.py`` (a test checks the file is current).
"""

from __future__ import annotations

from safefile.ui import parity

HEAD = """# The command line and the app: where each thing is done

Generated from `src/safefile/ui/parity.py` by `scripts/parity_doc.py`; do not edit by hand.
`tests/ui/test_parity.py` walks the command line's parser and fails on any command or option
that is neither given its place in the app nor listed as the command line's alone with a
reason, then opens the real app and finds every place named here (the *object name* column:
a widget or menu action in the window, and the field in the dialog it opens).

Every command also takes {common}. {why}

| command or option | in the app | object name |
| --- | --- | --- |
"""


def _md(text: str) -> str:
    return text.replace("|", "\\|")


def render() -> str:
    common = ", ".join(f"`{k}`" for k in parity.EVERY_COMMAND)
    why = (
        "; ".join(
            f"`{k}`: {v.reason}"
            if isinstance(v, parity.CliOnly)
            else f"`{k}`: in the app, {v.words} (`{v.opener}`)"
            for k, v in parity.EVERY_COMMAND.items()
        )
        + "."
    )
    lines = [HEAD.format(common=common, why=why)]
    for key, entry in parity.PARITY.items():
        if isinstance(entry, parity.Place):
            name = f"`{entry.opener}`" + (f" › `{entry.field}`" if entry.field else "")
            lines.append(f"| `{key}` | {_md(entry.words)} | {name} |\n")
        else:
            lines.append(f"| `{key}` | command line only: {_md(entry.reason)} | |\n")
    if parity.GAPS:
        lines.append("\n## Not yet in the app\n\n| command or option | why |\n| --- | --- |\n")
        for key, why in parity.GAPS.items():
            lines.append(f"| `{key}` | {_md(why)} |\n")
    return "".join(lines)


def main() -> None:
    print(render(), end="")


if __name__ == "__main__":
    main()
