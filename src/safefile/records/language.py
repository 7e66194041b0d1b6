"""The language a client reads, and the reviewed texts SafeFile prints in it (issue 24).

The texts of the release form, the revocation form and the notices printed for a client
live in ``resources/release_forms/<code>.json``, one file per language, each with its
version and who reviewed it; none is in the code.  A language is added by dropping a
reviewed file there: every file must have the same keys and the same placeholders as the
English one (tests/records/test_language.py).  The client's language is recorded at intake
(``client add|edit --language``); without one, English.
"""

from __future__ import annotations

import functools
import json
import string
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable

from safefile.clock import iso_now
from safefile.errors import InvalidInput
from safefile.records.validation import require_client
from safefile.records.writes import Actor, change
from safefile.staff.guard import allowed
from safefile.staff.roles import Action
from safefile.store.vault import Vault

DEFAULT = "en"
FOLDER = "release_forms"


@dataclass(frozen=True)
class FormTexts:
    """One language's reviewed texts: ``text(key, **values)`` fills the placeholders."""

    code: str
    name: str
    version: str
    reviewed_by: str
    reviewed_on: str
    texts: dict[str, str]

    def text(self, key: str, **values: object) -> str:
        return self.texts[key].format(**values) if values else self.texts[key]

    def has(self, key: str) -> bool:
        return key in self.texts

    @property
    def tag(self) -> str:
        """The form's version as printed and in the code: ``en-2026.12``."""
        return f"{self.code}-{self.version}"


def _folder() -> Traversable:
    return resources.files("safefile.resources").joinpath(FOLDER)


@functools.cache
def languages() -> dict[str, str]:
    """The languages with a reviewed file: code -> the language's own name."""
    out: dict[str, str] = {}
    for item in sorted(_folder().iterdir(), key=lambda p: p.name):
        if item.name.endswith(".json"):
            data = json.loads(item.read_text("utf-8"))
            out[str(data["language"])] = str(data["name"])
    return out


@functools.cache
def form_texts(code: str) -> FormTexts:
    """The reviewed texts for ``code`` (InvalidInput for a language without a file)."""
    check_language(code)
    data = json.loads(_folder().joinpath(f"{code}.json").read_text("utf-8"))
    return FormTexts(
        code=str(data["language"]),
        name=str(data["name"]),
        version=str(data["version"]),
        reviewed_by=str(data["reviewed_by"]),
        reviewed_on=str(data["reviewed_on"]),
        texts={str(k): str(v) for k, v in data["texts"].items()},
    )


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def check_language(code: str) -> str:
    if code not in languages():
        raise InvalidInput(
            f"'{code}' is not a language SafeFile has reviewed forms for; choose from: "
            + ", ".join(f"{c} ({n})" for c, n in languages().items())
            + "."
        )
    return code


def client_language(vault: Vault, client_id: int) -> str:
    row = vault.db.execute(
        "SELECT language FROM client_languages WHERE client_id = ?", (client_id,)
    ).fetchone()
    return str(row[0]) if row else DEFAULT


@allowed(Action.EDIT_FILES)
def set_client_language(vault: Vault, client_id: int, code: str, *, actor: Actor) -> None:
    """Record the language the client reads (audited)."""
    code = check_language(code.strip().lower())
    require_client(vault.db, client_id)
    with change(vault, actor) as ch:
        ch.db.execute(
            "INSERT INTO client_languages (client_id, language, set_at) VALUES (?, ?, ?) "
            "ON CONFLICT(client_id) DO UPDATE SET language = excluded.language, "
            "set_at = excluded.set_at",
            (client_id, code, iso_now(vault.clock)),
        )
        ch.audit("client language set", client_id=client_id, language=code)
