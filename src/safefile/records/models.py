"""What enters and leaves the records core, validated with pydantic.

Everything that enters (from the app, the command line or an import) is a ``*In``
model: it validates shape and the rules that need no database (dates not in the
future are checked against the vault's clock in the functions that save).
Names are Unicode and stored as given (NFC-normalised so the same name typed on two
keyboards is one name), never transliterated.
"""

from __future__ import annotations

import unicodedata
from datetime import date
from typing import Annotated, Literal, TypeVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator

from safefile.records.validation import InputModel

Status = Literal["open", "closed"]
HouseholdRole = Literal["parent", "child", "other"]
NoteKind = Literal["progress", "process"]


def _clean(text: object) -> object:
    if isinstance(text, str):
        return unicodedata.normalize("NFC", text).strip()
    return text


CleanStr = Annotated[str, BeforeValidator(_clean)]


class _In(InputModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ClientIn(_In):
    name: CleanStr = Field(min_length=1, max_length=200)
    alias: CleanStr | None = Field(default=None, max_length=200)
    born: str | None = None  # YYYY or YYYY-MM-DD
    case_number: CleanStr | None = Field(default=None, max_length=60)
    intake_date: date | None = None
    contact_safe: bool = False
    contact_how: CleanStr = Field(default="", max_length=500)
    household_id: int | None = None
    household_role: HouseholdRole | None = None

    @field_validator("alias", "case_number")
    @classmethod
    def _empty_is_none(cls, v: str | None) -> str | None:
        return v or None

    @field_validator("born")
    @classmethod
    def _born_shape(cls, v: str | None) -> str | None:
        if v is None or v == "":
            return None
        v = v.strip()
        if len(v) == 4 and v.isdigit():
            return v
        try:
            return date.fromisoformat(v).isoformat()
        except ValueError:
            raise ValueError("write the birth date as YYYY-MM-DD, or just the year") from None


class Client(BaseModel):
    id: int
    name: str
    alias: str | None
    born: str | None
    case_number: str | None
    intake_date: date
    status: Status
    closed_on: date | None
    contact_safe: bool
    contact_how: str
    household_id: int | None
    household_role: HouseholdRole | None


class OrgIn(_In):
    name: CleanStr = Field(min_length=1, max_length=200)
    phone: CleanStr = Field(default="", max_length=60)
    address: CleanStr = Field(default="", max_length=500)
    contact_person: CleanStr = Field(default="", max_length=200)
    job_title: CleanStr = Field(default="", max_length=200)


class Org(BaseModel):
    id: int
    name: str
    phone: str
    address: str
    contact_person: str = ""
    job_title: str = ""


class ServiceIn(_In):
    client_id: int
    on_date: date
    type: CleanStr = Field(min_length=1)
    minutes: int | None = Field(default=None, ge=0, le=1440)
    note: CleanStr = Field(default="", max_length=2000)


class Service(BaseModel):
    id: int
    client_id: int
    on_date: date
    type: str
    minutes: int | None
    note: str
    author: str
    voided_at: str | None = None  # a wrong entry, kept and marked; it no longer counts
    voided_by: str = ""
    void_reason: str = ""
    replaced_by: int | None = None  # the corrected entry, when it was corrected

    @property
    def voided(self) -> bool:
        return self.voided_at is not None


class NoteIn(_In):
    kind: NoteKind = "progress"
    client_ids: tuple[int, ...] = Field(min_length=1)  # first is the file it is written in
    on_date: date
    data: CleanStr = Field(min_length=1, max_length=20000)
    assessment: CleanStr = Field(default="", max_length=20000)
    plan: CleanStr = Field(default="", max_length=20000)


class Addendum(BaseModel):
    id: int
    text: str
    author: str
    at: str


class Note(BaseModel):
    ref: str  # "N-12" (progress) or "P-3" (process)
    kind: NoteKind
    id: int
    client_ids: tuple[int, ...]
    on_date: date
    data: str
    assessment: str
    plan: str
    author: str
    created_at: str
    signed_by: str | None
    signed_at: str | None
    content_hash: str | None
    addenda: tuple[Addendum, ...] = ()

    @property
    def signed(self) -> bool:
        return self.signed_at is not None

    @property
    def joint(self) -> bool:
        return len(self.client_ids) > 1


class Document(BaseModel):
    id: int
    client_id: int
    title: str
    doc_type: str
    media_type: str
    size: int
    sha256: str
    added_at: str


class Warning(BaseModel):  # the domain's word; never shadows builtins in use
    """Something that should probably not be written down, and why."""

    kind: str
    match: str
    advice: str


class ClientFile(BaseModel):
    """Everything of one client, for display and export; never a household member's items."""

    client: Client
    services: tuple[Service, ...]
    notes: tuple[Note, ...]  # progress notes, joint ones included
    process_notes: tuple[Note, ...]  # empty unless asked for
    documents: tuple[Document, ...]
    household: tuple[tuple[int, str, str], ...] = ()  # (id, name, role): links only, no content


M = TypeVar("M", bound=BaseModel)


def trusted(cls: type[M], **values: object) -> M:
    """A model from a row of our own database, built without validation.

    The schema's types and CHECKs, and the validation every value passed on its way
    in, already hold for these rows; pydantic's ``model_construct`` still loops over
    every field in Python and was most of the time opening a large file took (issue
    18).  The caller passes every field, with the model's types (dates parsed);
    ``tests/records/test_read_paths.py`` checks the results equal validated models.
    """
    model = _new(cls)
    _set_attr(model, "__dict__", values)
    _set_fields_set(model, set(values))
    _set_extra(model, None)
    _set_private(model, None)
    return model


# BaseModel's slots, set through their descriptors: about 1 µs less an object than
# ``object.__setattr__`` by name and ``cls.__new__`` (1,211 objects in a 1,000-entry file).
_new = object.__new__
_set_attr = object.__setattr__
_set_fields_set = BaseModel.__dict__["__pydantic_fields_set__"].__set__
_set_extra = BaseModel.__dict__["__pydantic_extra__"].__set__
_set_private = BaseModel.__dict__["__pydantic_private__"].__set__
