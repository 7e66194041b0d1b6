"""The answers a funder's report counts, from resources/funder_lists.json plus the program's own.

Every list has a short key for each answer (what the command line takes) and the label
the report prints.  ``declined`` and ``not-asked`` are answers on every intake list; they
count as the PMT's "Not reported" and "Not tracked".  A program adds answers of its own
(``add_answer``), kept in the vault's settings; the defaults cannot be removed, so a
report of last year still reads.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from safefile.errors import InvalidInput
from safefile.records import writes
from safefile.staff.guard import allowed
from safefile.staff.roles import Action
from safefile.store.actor import Actor
from safefile.store.vault import Vault

INTAKE_LISTS = ("gender", "race-ethnicity", "victimization", "special", "age-band")
DECLINED, NOT_ASKED = "declined", "not-asked"
NOT_REPORTED, NOT_TRACKED = "Not reported", "Not tracked"
META_KEY = "funder_lists_added"
NAMES = {
    "gender": "gender identity",
    "race-ethnicity": "race and ethnicity",
    "victimization": "victimization types",
    "special": "special classifications",
    "age-band": "age band",
    "unmet-reasons": "reason",
}


@cache
def defaults() -> dict[str, Any]:
    text = resources.files("safefile.resources").joinpath("funder_lists.json").read_text("utf-8")
    return dict(json.loads(text))


def _added(vault: Vault) -> dict[str, list[list[str]]]:
    raw = vault.get_meta(META_KEY)
    return dict(json.loads(raw)) if raw else {}


def answers(vault: Vault | None, name: str) -> list[tuple[str, str]]:
    """[(key, label)] of a list: the defaults, then the program's own."""
    base = [(str(k), str(v)) for k, v in defaults()[name]]
    extra = [(str(k), str(v)) for k, v in _added(vault).get(name, [])] if vault else []
    return base + extra


@allowed(Action.CHANGE_SETTINGS)
def add_answer(vault: Vault, name: str, key: str, label: str, *, actor: Actor) -> None:
    """The program's own answer on a list (for example a gender identity the PMT lists as
    'Other'); it is counted on its own line."""
    if name not in (*INTAKE_LISTS, "unmet-reasons"):
        raise InvalidInput(f"There is no list called '{name}'.")
    key, label = "-".join(key.strip().lower().split()), " ".join(label.split())
    if not key or not label or key in (DECLINED, NOT_ASKED):
        raise InvalidInput("A new answer needs a short key and a label (not declined/not-asked).")
    if any(k == key for k, _ in answers(vault, name)):
        raise InvalidInput(f"The list of {NAMES[name]} already has '{key}'.")
    added = _added(vault)
    added.setdefault(name, []).append([key, label])
    with writes.together(vault):
        vault.set_meta(META_KEY, json.dumps(added, ensure_ascii=False))
        vault.audit("funder list extended", list=name, actor=actor)


def parse(vault: Vault | None, name: str, text: str | list[str], *, several: bool) -> list[str]:
    """Keys from what was typed (keys or labels, case not minding), or a plain error."""
    items = text if isinstance(text, list) else [t for t in text.split(",")]
    items = [" ".join(t.split()) for t in items if t.strip()]
    known = answers(vault, name)
    by_key = {k.lower(): k for k, _ in known} | {v.lower(): k for k, v in known}
    by_key |= {DECLINED: DECLINED, NOT_ASKED: NOT_ASKED, "not asked": NOT_ASKED}
    out: list[str] = []
    for item in items:
        key = by_key.get(item.lower())
        if key is None:
            raise InvalidInput(
                f"'{item}' is not one of the answers for {NAMES[name]}: "
                f"{', '.join(k for k, _ in known)}, {DECLINED} or {NOT_ASKED}."
            )
        if key not in out:
            out.append(key)
    if not out:
        raise InvalidInput(f"Please give an answer for {NAMES[name]} (or {NOT_ASKED}).")
    if len(out) > 1 and not several:
        raise InvalidInput(f"Give one answer for {NAMES[name]}.")
    if len(out) > 1 and ({DECLINED, NOT_ASKED} & set(out)):
        raise InvalidInput(
            f"'{DECLINED}' and '{NOT_ASKED}' stand alone: they cannot be given with other "
            f"answers for {NAMES[name]}."
        )
    return out


def sub_services() -> list[tuple[str, str]]:
    return [(str(k), str(v)) for k, v in defaults()["pmt-sub-services"]]


def categories() -> list[tuple[str, str]]:
    return [(str(k), str(v)) for k, v in defaults()["pmt-categories"]]


def default_mapping() -> dict[str, str]:
    return {str(k): str(v) for k, v in defaults()["service-types"].items()}
