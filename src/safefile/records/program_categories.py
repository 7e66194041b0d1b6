"""Program-defined categories of information (issue 26 item 7) and the items tagged with one.

A program adds a category (a name, what it covers, whether it travels alone like process
notes, a notice to print with it); a substance-use category with the 42 CFR 2.32 notice
comes ready in every vault (store/migrations/program_categories.py).  A progress note or a
document can be put in one program category when it is written or attached; the gate
(consent/items.py, consent/release_rules.py) then gives it only under a release naming
that category, and every file carrying it prints the category's notice (export/content.py).
Categories are added, never changed or removed: a release or a tag may name them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from safefile.clock import iso_now
from safefile.errors import InvalidInput, NotFound
from safefile.records.writes import Actor, change
from safefile.staff.guard import allowed
from safefile.staff.roles import Action
from safefile.store.connection import Row
from safefile.store.vault import Vault

SUBSTANCE_USE = "substance-use"
# The built-in categories' codes (consent/categories.py); a program category takes none of them.
RESERVED = (
    "attendance",
    "services",
    "progress-notes",
    "process-notes",
    "documents",
    "contact",
    "everything",
)
NAME_MAX = 60
COVERS_MAX = 300
NOTICE_MAX = 3000


@dataclass(frozen=True)
class ProgramCategory:
    code: str  # what a release names: "substance-use"
    name: str  # "Substance use"
    covers: str
    alone: bool  # only under a release naming it alone, and sent alone
    notice: str  # printed on every disclosure carrying an item of it ("" for none)


def code_for(name: str) -> str:
    """'Substance use' -> 'substance-use' (what a release and the command line name)."""
    return re.sub(r"[^a-z0-9]+", "-", name.casefold()).strip("-")


def _row(r: Row) -> ProgramCategory:
    return ProgramCategory(str(r[0]), str(r[1]), str(r[2]), bool(r[3]), str(r[4]))


def list_categories(vault: Vault) -> list[ProgramCategory]:
    """The program's categories, by code."""
    rows = vault.db.execute(
        "SELECT code, name, covers, alone, notice FROM program_categories ORDER BY code"
    ).fetchall()
    return [_row(r) for r in rows]


def get_category(vault: Vault, code: str) -> ProgramCategory:
    r = vault.db.execute(
        "SELECT code, name, covers, alone, notice FROM program_categories WHERE code = ?",
        (code.strip().lower(),),
    ).fetchone()
    if r is None:
        known = ", ".join(c.code for c in list_categories(vault)) or "none yet"
        raise NotFound(
            f"There is no program category {code!r}. The program's categories: {known} "
            "(add one with 'category add')."
        )
    return _row(r)


@allowed(Action.CHANGE_SETTINGS)
def add_category(
    vault: Vault,
    *,
    name: str,
    covers: str,
    alone: bool = False,
    notice: str = "",
    actor: Actor,
) -> ProgramCategory:
    """Add a program category; return it. Bad input changes nothing."""
    name = " ".join(name.split())
    covers = " ".join(covers.split())
    notice = notice.strip()
    if not name:
        raise InvalidInput("Give the category a name (--name), for example 'Substance use'.")
    if len(name) > NAME_MAX:
        raise InvalidInput(f"Keep the category's name under {NAME_MAX} characters.")
    code = code_for(name)
    if not code or not code[0].isalpha():
        raise InvalidInput("The category's name must start with a letter (A to Z).")
    if code in RESERVED or code == "demographics":
        raise InvalidInput(
            f"'{name}' is one of SafeFile's own categories already; choose another name."
        )
    if not covers:
        raise InvalidInput(
            "Say what the category covers (--covers), as the release form will print it."
        )
    if len(covers) > COVERS_MAX:
        raise InvalidInput(f"Keep what the category covers under {COVERS_MAX} characters.")
    if len(notice) > NOTICE_MAX:
        raise InvalidInput(f"Keep the notice under {NOTICE_MAX} characters.")
    with change(vault, actor) as ch:
        if ch.db.execute("SELECT 1 FROM program_categories WHERE code = ?", (code,)).fetchone():
            raise InvalidInput(f"The program already has a category '{code}'.")
        ch.db.execute(
            "INSERT INTO program_categories (code, name, covers, alone, notice, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (code, name, covers, int(alone), notice, iso_now(vault.clock)),
        )
        ch.audit("program category added", category=code)
    return ProgramCategory(code, name, covers, alone, notice)


def check_tag(vault: Vault, code: str | None) -> str | None:
    """The program category an item is tagged with (None: none); an unknown one is refused."""
    if code is None or not code.strip():
        return None
    return get_category(vault, code).code


def note_tags(vault: Vault) -> dict[int, str]:
    """Progress note id -> its program category."""
    rows = vault.db.execute("SELECT note_id, category FROM note_categories").fetchall()
    return {int(r[0]): str(r[1]) for r in rows}


def document_tags(vault: Vault) -> dict[int, str]:
    """Document id -> its program category."""
    rows = vault.db.execute("SELECT document_id, category FROM document_categories").fetchall()
    return {int(r[0]): str(r[1]) for r in rows}


__all__ = [
    "RESERVED",
    "SUBSTANCE_USE",
    "ProgramCategory",
    "add_category",
    "check_tag",
    "code_for",
    "document_tags",
    "get_category",
    "list_categories",
    "note_tags",
]
