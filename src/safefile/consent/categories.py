"""Categories of information a release names and an export contains (docs/rules.md).

The built-in categories are below; a program adds its own (records/program_categories.py,
a substance-use category ready in every vault).  ``known_categories(vault)`` is both.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from safefile.errors import InvalidInput
from safefile.records.program_categories import document_tags, list_categories, note_tags
from safefile.store.vault import Vault
from safefile.words import CATEGORY_WORDS

ATTENDANCE = "attendance"
SERVICES = "services"
PROGRESS_NOTES = "progress-notes"
PROCESS_NOTES = "process-notes"
DOCUMENTS = "documents"
CONTACT = "contact"

CATEGORIES: dict[str, str] = CATEGORY_WORDS  # code -> plain words (safefile/words.py)
_CODE = re.compile(r"[a-z][a-z0-9-]*")


def known_categories(vault: Vault) -> dict[str, str]:
    """Every category a release may name in this vault: the built-in ones, then the
    program's (code -> what it covers)."""
    return {**CATEGORIES, **{c.code: f"{c.name}: {c.covers}" for c in list_categories(vault)}}


def alone(vault: Vault) -> frozenset[str]:
    """The categories that travel alone: process notes and the program's that say so."""
    return frozenset({PROCESS_NOTES, *(c.code for c in list_categories(vault) if c.alone)})


def parse_categories(
    values: str | list[str] | tuple[str, ...], known: Mapping[str, str] | None = None
) -> tuple[str, ...]:
    """Known categories, sorted and without repeats; "everything" is never a category.

    ``known``: the vault's categories (``known_categories(vault)``); without it the built-in ones,
    and a name shaped like a program category's code is left for the vault to check
    (``unknown_in``)."""
    items = values.split(",") if isinstance(values, str) else list(values)
    cats = sorted({c.strip().lower() for c in items if c.strip()})
    if not cats:
        raise InvalidInput("Name at least one category of information.")
    if known is None:
        unknown = [
            c for c in cats if c not in CATEGORIES and (c == "everything" or not _CODE.fullmatch(c))
        ]
        allowed: Mapping[str, str] = CATEGORIES
    else:
        unknown = [c for c in cats if c not in known]
        allowed = known
    if unknown:
        raise InvalidInput(unknown_message(unknown, allowed))
    return tuple(cats)


def unknown_message(unknown: list[str], allowed: Mapping[str, str]) -> str:
    return (
        f"Unknown categor{'y' if len(unknown) == 1 else 'ies'}: {', '.join(unknown)}. "
        f"Use: {', '.join(allowed)}."
    )


def unknown_in(vault: Vault, cats: tuple[str, ...]) -> list[str]:
    """The reason some of ``cats`` are not categories of this vault ([] when all are)."""
    allowed = known_categories(vault)
    unknown = [c for c in cats if c not in allowed]
    return [unknown_message(unknown, allowed)] if unknown else []


def notices_for(
    vault: Vault, note_refs: tuple[str, ...], document_ids: tuple[int, ...]
) -> list[str]:
    """The notices of the program categories that these notes and documents are in, once
    each, by category (the 42 CFR 2.32 notice for substance use): printed on the file."""
    ntags = note_tags(vault)
    dtags = document_tags(vault)
    codes = {
        ntags[int(r[2:])] for r in note_refs if r.upper().startswith("N-") and int(r[2:]) in ntags
    }
    codes |= {dtags[d] for d in document_ids if d in dtags}
    return [c.notice for c in list_categories(vault) if c.code in codes and c.notice]
