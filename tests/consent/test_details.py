"""The typed detail of each kind of entry: the record's stored form stays what it was, an
entry written before the types reads and verifies, and every display label names a key
that is written."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
from pydantic import ValidationError

from safefile.clock import iso_now
from safefile.consent import details, log, log_view
from safefile.consent.kinds import EntryKind, Road
from safefile.retention.destroy import KEPT_DETAIL
from safefile.store import chain
from safefile.store.vault import Vault

SRC = Path(__file__).resolve().parents[2] / "src" / "safefile"


def _old_form(detail: dict[str, object]) -> str:
    """How consent/log.append serialised a detail before the types (kept here, frozen)."""
    return json.dumps(detail, sort_keys=True, ensure_ascii=False, default=str)


def test_typed_details_store_what_the_dictionaries_stored() -> None:
    """Byte for byte: ``for`` under its own name, enums as their values, a date through
    str, None kept, a key the writer did not set left out, non-ASCII as it is."""
    written = details.Written(
        for_="D-0001-AB12",
        road=Road.RELEASE,
        recipient="Böhm & Søn",
        categories=["progress-notes"],
        purpose="Parole compliance",
        release=None,
        pages=2,
        method="PDF export",
        sha256="ab" * 32,
    )
    assert written.stored() == _old_form(
        {
            "for": "D-0001-AB12",
            "road": "release",
            "recipient": "Böhm & Søn",
            "categories": ["progress-notes"],
            "purpose": "Parole compliance",
            "release": None,
            "pages": 2,
            "method": "PDF export",
            "sha256": "ab" * 32,
        }
    )
    printed = details.Printed(
        road=Road.LOG_REPORT,
        purpose_key="review",
        filter_fields={"from": date(2026, 1, 2), "to": None, "search": False},
        entries=3,
        refs=["D-0001-AB12"],
        names=True,
    )
    assert printed.stored() == _old_form(
        {
            "road": "record of sharing",
            "purpose_key": "review",
            "filter_fields": {"from": date(2026, 1, 2), "to": None, "search": False},
            "entries": 3,
            "refs": ["D-0001-AB12"],
            "names": True,
        }
    )
    asked = details.LegalAllowed(road=Road.LEGAL, legal_kind="court-order", client_informed=None)
    refused = details.Refused(**details.carried(asked), reasons=["No signed order."])
    assert refused.stored() == _old_form(
        {
            "road": "required by law",
            "legal_kind": "court-order",
            "client_informed": None,
            "reasons": ["No signed order."],
        }
    )


def test_a_detail_takes_only_its_own_keys() -> None:
    with pytest.raises(ValidationError):
        details.Written.model_validate({"for": "D-0001-AB12", "recipent": "typo"})
    with pytest.raises(ValidationError):
        details.Outcome.model_validate({"outcome": ["not", "text"]})


def _append_old(vault: Vault, kind: str, detail: dict[str, object], client_id: int) -> str:
    """An entry as consent/log.append wrote it before the types."""
    ref = f"D-{9000 + len(log.entries(vault)):04d}-OLD0"
    with vault.transaction() as db:
        chain.DISCLOSURES.append(
            db,
            vault.key_for("disclosures"),
            {
                "ref": ref,
                "at": iso_now(vault.clock),
                "actor": "Test Advocate",
                "kind": kind,
                "client_id": client_id,
                "release_id": None,
                "recipient_org_id": None,
                "digest": None,
                "detail": _old_form(detail),
            },
        )
    return ref


def test_an_entry_written_before_the_types_reads_and_verifies(vault: Vault) -> None:
    from safefile import records
    from safefile.records.models import ClientIn

    client = records.add_client(
        vault, ClientIn.from_input({"name": "Amina Diallo"}), actor=vault.actor
    )
    old_printed = {"road": "record of sharing", "shape": "log", "entries": 2, "refs": []}
    refs = [
        _append_old(vault, "export refused", {"road": "release", "reasons": ["expired"]}, client),
        _append_old(vault, "record of sharing printed", old_printed, client),
        _append_old(vault, "export written", {"for": "D-0001-AB12", "pages": "many"}, client),
        _append_old(vault, "correction", {"redacted": "the client's file was destroyed"}, client),
        _append_old(vault, "export failed", {"for": "D-0001-AB12", "gone": "a key since"}, client),
    ]
    refused, printed, written, correction, failed = (log.get_entry(vault, r) for r in refs)
    assert refused.read(details.Refused).reasons == ["expired"]
    assert refused.read(details.Refused).road == "release"
    assert printed.read(details.Printed).shape == "log"  # a key written by older releases
    assert printed.read(details.Printed).entries == 2
    assert written.read(details.Written).for_ == "D-0001-AB12"  # a value unlike today's
    assert correction.read(details.Correction).corrects == ""  # redacted: its keys are gone
    assert failed.detail["gone"] == "a key since"  # still shown from the stored mapping
    with pytest.raises(TypeError):
        failed.read(details.Written)
    # The chain over them is whole, and a typed entry appended after them joins it.
    log.append(
        vault, details.Failed(for_=refs[0], reason="disk full"), client_id=client, actor=vault.actor
    )
    assert chain.DISCLOSURES.verify(vault.db, vault.key_for("disclosures")) == []
    stored = vault.db.execute(
        "SELECT detail FROM disclosures WHERE ref = ?", (refs[1],)
    ).fetchone()[0]
    assert stored == _old_form(old_printed)  # reading never rewrites


def test_every_kind_of_entry_has_its_structure() -> None:
    assert set(details.DETAILS) == set(EntryKind)
    for kind, cls in details.DETAILS.items():
        assert cls.kind == kind


def test_every_label_names_a_key_that_is_written() -> None:
    """The record of sharing's labels (consent/log_view.LABELS, and the keys it hides) name
    only keys some kind of entry declares, and every declared key is labelled or hidden."""
    declared = set().union(*(cls.stored_keys() for cls in details.DETAILS.values()))
    labelled = set(log_view.LABELS) | log_view.HIDDEN
    assert labelled - declared == set(), "a label names a key no entry writes"
    assert declared - labelled == set(), "a key is written that has no label"


def test_every_key_a_reader_looks_up_is_one_an_entry_declares() -> None:
    """Wherever an entry's stored detail is read by key (accounting, the printed record,
    the command line, the app), the key is one some kind of entry writes: a reader
    cannot name a key that drifted away from its writer."""
    declared = set().union(*(cls.stored_keys() for cls in details.DETAILS.values()))
    lookup = re.compile(r"""\b(?:detail|d)(?:\.get\(|\[)\s*["'](\w+)["']""")
    read: dict[str, set[str]] = {}
    for path in sorted(SRC.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        if ".detail" in text:
            for m in lookup.finditer(text):
                read.setdefault(m.group(1), set()).add(path.name)
    assert len(read) > 20  # the scan finds the readers (it is not vacuous)
    assert {k: v for k, v in read.items() if k not in declared} == {}
    # and what a destruction keeps of an entry (retention/destroy.py) is named the same
    assert set(KEPT_DETAIL) <= declared
