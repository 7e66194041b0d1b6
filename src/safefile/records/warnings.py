"""The minimum-necessary check: what a note or service entry should probably not hold.

The rules are data (resources/minimum_necessary.json), which a program may
replace with its own list stored in the vault (``set_rules``).  The check only
warns, before saving, and lets the user decide; it never alters text.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from importlib import resources
from typing import NotRequired, TypedDict

from safefile.errors import InvalidInput
from safefile.records.models import Warning
from safefile.staff.guard import allowed
from safefile.staff.roles import Action
from safefile.store.actor import Actor
from safefile.store.vault import Vault

META_KEY = "minimum_necessary_rules"
PROGRAM_KIND_KEY = "program_kind"  # e.g. "advocacy", "counselling", "social work"


class Rule(TypedDict):
    """One rule, as the JSON file (or the program's own list) holds it."""

    kind: str
    advice: str
    phrases: list[str]
    applies_to: NotRequired[str]  # a program kind; "all" when absent


def default_rules() -> list[Rule]:
    text = (
        resources.files("safefile.resources").joinpath("minimum_necessary.json").read_text("utf-8")
    )
    return list(json.loads(text)["rules"])


def rules(vault: Vault | None) -> list[Rule]:
    if vault is not None:
        custom = vault.get_meta(META_KEY)
        if custom:
            return list(json.loads(custom))
    return default_rules()


@allowed(Action.CHANGE_SETTINGS)
def set_rules(vault: Vault, new_rules: Sequence[Mapping[str, object]], *, actor: Actor) -> None:
    for r in new_rules:
        if not {"kind", "advice", "phrases"} <= set(r) or not isinstance(r["phrases"], list):
            raise InvalidInput("Each rule needs a kind, advice and a list of phrases.")
    vault.set_meta(META_KEY, json.dumps(new_rules, ensure_ascii=False))
    vault.audit("minimum-necessary rules changed", actor=actor)


def check_text(
    text: str, *, program_kind: str = "advocacy", rule_list: list[Rule] | None = None
) -> list[Warning]:
    """Every rule a text trips, once per kind, with the words that tripped it."""
    found: list[Warning] = []
    lowered = text.casefold()
    for rule in rule_list if rule_list is not None else default_rules():
        applies = rule.get("applies_to", "all")
        if applies not in ("all", program_kind):
            continue
        hits = [
            p
            for p in rule["phrases"]
            if re.search(r"(?<!\w)" + re.escape(p.casefold()) + r"(?!\w)", lowered)
        ]
        if hits:
            found.append(Warning(kind=rule["kind"], match=", ".join(hits), advice=rule["advice"]))
    return found


def check_entry(vault: Vault, *texts: str) -> list[Warning]:
    """The check as the app and the command line run it, with the vault's rules and kind."""
    kind = vault.get_meta(PROGRAM_KIND_KEY) or "advocacy"
    return check_text("\n".join(texts), program_kind=kind, rule_list=rules(vault))
