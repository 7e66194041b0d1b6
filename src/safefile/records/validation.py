"""Turn pydantic's validation errors into sentences a non-technical person understands."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Self, TypeVar

from pydantic import BaseModel, ValidationError, ValidationInfo, field_validator
from pydantic_core import ErrorDetails

from safefile.errors import InvalidInput, NotFound
from safefile.store.connection import Connection
from safefile.textcheck import SINGLE_LINE, control_problem

M = TypeVar("M", bound=BaseModel)

FIELD_NAMES = {
    "name": "the name",
    "alias": "the preferred name",
    "born": "the date of birth",
    "case_number": "the case number",
    "intake_date": "the intake date",
    "contact_how": "how to contact safely",
    "household_role": "the role in the household",
    "phone": "the phone number",
    "address": "the address",
    "client_id": "the client",
    "client_ids": "the clients",
    "on_date": "the date",
    "type": "the type of service",
    "minutes": "the minutes",
    "note": "the note",
    "data": "the Data section",
    "assessment": "the Assessment section",
    "plan": "the Plan section",
    "kind": "the kind of note",
    "title": "the title",
    "purpose": "the purpose",
    "recipient_org_id": "the recipient organisation",
    "categories": "the categories of information",
    "signed_on": "the date signed",
    "expires_on": "the expiry date",
    "effective_on": "the date it takes effect",
    "signer_capacity": "who signed (client, parent, guardian, personal representative)",
    "direction": "the direction (release, obtain or both)",
}


def _sentence(err: ErrorDetails) -> str:
    field = str(err["loc"][0]) if err.get("loc") else ""
    what = FIELD_NAMES.get(field, field.replace("_", " ") or "a value")
    kind = err.get("type", "")
    ctx = err.get("ctx") or {}
    if kind in ("missing", "string_too_short") and ctx.get("min_length", 1) <= 1:
        return f"Please fill in {what}; it cannot be empty."
    if kind == "too_short":
        return f"Please fill in {what}."
    if kind == "string_too_long":
        return f"{what.capitalize()} is too long (at most {ctx.get('max_length')} characters)."
    if kind in ("date_from_datetime_parsing", "date_parsing", "date_type"):
        return f"{what.capitalize()} is not a date; write it as YYYY-MM-DD, e.g. 2026-11-22."
    if kind in ("greater_than_equal", "less_than_equal"):
        return f"{what.capitalize()} must be between 0 and 1440."
    if kind == "literal_error":
        return f"{what.capitalize()} must be one of: {ctx.get('expected')}."
    if kind == "extra_forbidden":
        return f"'{field}' is not something SafeFile records."
    if kind == "value_error":
        return f"{what.capitalize()}: {str(err.get('msg', '')).removeprefix('Value error, ')}."
    return f"{what.capitalize()} is not valid ({err.get('msg')})."


def _check_text(value: object, single_line: bool) -> None:
    if isinstance(value, str):
        problem = control_problem(value, single_line=single_line)
        if problem:
            raise ValueError(problem)
    elif isinstance(value, list | tuple):
        for item in value:
            _check_text(item, single_line)


class InputModel(BaseModel):
    """What enters the core (from the app, the command line or an import).

    The edges (CLI, UI, import) turn what a person typed into one with
    ``from_input``, whose errors are plain sentences; the core takes the model only.
    Every text field is refused when it holds a control character (``control_problem``).
    """

    @field_validator("*", mode="after")
    @classmethod
    def _no_control_characters(cls, v: object, info: ValidationInfo) -> object:
        _check_text(v, info.field_name in SINGLE_LINE)
        return v

    @classmethod
    def from_input(cls, data: Mapping[str, object]) -> Self:
        return parse(cls, dict(data))


def parse(model: type[M], data: dict[str, object] | M) -> M:
    if isinstance(data, model):
        return data
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise InvalidInput("\n".join(_sentence(e) for e in exc.errors())) from None


def not_in_future(value: date | None, today: date, what: str) -> None:
    if value is not None and value > today:
        raise InvalidInput(
            f"{what.capitalize()} ({value.isoformat()}) is in the future. "
            "Record things once they have happened."
        )


def require_client(db: Connection, client_id: int) -> None:
    if db.execute("SELECT 1 FROM clients WHERE id = ?", (client_id,)).fetchone() is None:
        raise NotFound(f"There is no client with id {client_id}. Check the id with 'client list'.")
