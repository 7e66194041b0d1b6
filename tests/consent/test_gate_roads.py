"""Restrictions bind every road (issue 22): every road × every kind of name, with and
without an override, against real vaults; and a test that finds the roads in the code
itself and checks that each consults the one restriction function."""

from __future__ import annotations

import ast
import dataclasses
import itertools
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest

from safefile import records
from safefile.consent import gate, log, names, people, requests
from safefile.consent.accounting import disclosures
from safefile.consent.court_order import CourtOrder
from safefile.consent.disclose import disclose
from safefile.consent.kinds import EntryKind
from safefile.consent.own_copy import record_request
from safefile.consent.releases import ReleaseIn, add_release
from safefile.errors import ConsentRefused, InvalidInput, SafeFileError
from safefile.records.models import ClientIn, OrgIn
from tests.consent.conftest import ALL_TOLD, D, World

RESTRICTED = "Mallory Abuser"
ALIAS = "Mally"
OVERRIDE = "the court itself, not the person"
# Every way of writing the restricted person's name that must be caught.
VARIANTS = {  # name: (as given, whether the refusal says "may be the restricted person")
    "exact": ("Mallory Abuser", False),
    "case and spaces": ("  mallory   ABUSER ", False),
    "accent": ("Mállory Abuser", False),
    "surname first": ("Abuser, Mallory", False),
    "with a role": ("Mallory Abuser, parent", False),
    "middle initial": ("Mallory J. Abuser", False),
    "confusable (Cyrillic a)": ("M\u0430llory Abuser", False),
    "confusable (Greek capitals)": ("\u039cALLORY ABUSER", False),
    "full-width": ("\uff2dallory Abuser", False),
    "capital I for l": ("MaIlory Abuser", False),
    "first name alone": ("Mallory", True),
    "first name with a role": ("Mallory, parent", True),
    "title and initial": ("Mrs M. Abuser", True),
    "initial and surname": ("M. Abuser", True),
    "short form and surname": ("Mal Abuser", True),
    "alias": ("Mally", True),
}
CONTROL = "Maria Diallo"  # not restricted: the road opens for her
_ORGS = itertools.count(1)
_CLIENTS = itertools.count(1)


@dataclass
class Outcome:
    refused: bool
    reasons: tuple[str, ...] = ()
    log_ref: str | None = None


def _at(w: World) -> None:
    w.vault.clock.set(datetime.fromisoformat("2026-11-22T10:00").astimezone())  # type: ignore[attr-defined]


def _restrict(w: World, client: int) -> None:
    people.add_restriction(
        w.vault,
        client,
        RESTRICTED,
        "named in the protective order",
        aliases=(ALIAS,),
        actor=w.vault.actor,
    )


def _kid_release(w: World, **changes: object) -> int:
    data: dict[str, object] = {
        "client_id": w.kid,
        "recipient_org_id": w.court,
        "categories": ("services",),
        "purpose": "Family court hearing",
        "signed_on": D("2026-11-01"),
        "expires_on": D("2027-01-31"),
        "original_on_file": True,
        "original_reason": "signed at a home visit",
        "statements": ALL_TOLD,
        "signer_capacity": "parent",
        "signer_name": CONTROL,
        "signer_authority": "mother",
        "not_abuser": True,
    } | changes
    return add_release(w.vault, ReleaseIn.from_input(data), actor=w.vault.actor)


def _decide(w: World, org: int | None = None, **changes: object) -> Outcome:
    data: dict[str, object] = {
        "client_id": w.kid,
        "recipient_org_id": org or w.court,
        "categories": ("services",),
        "purpose": "Family court hearing",
    } | changes
    result = gate.decide(w.vault, gate.ExportRequest(**data), actor=w.vault.actor)  # type: ignore[arg-type]
    if isinstance(result, gate.Refusal):
        return Outcome(True, result.reasons, result.log_ref)
    return Outcome(False)


def _org(w: World, contact: str) -> int:
    return records.add_org(
        w.vault,
        OrgIn.from_input({"name": f"Family Services {next(_ORGS)}", "contact_person": contact}),
        actor=w.vault.actor,
    )


def _order(w: World, client: int) -> CourtOrder:
    doc = records.attach(
        w.vault,
        client,
        b"%PDF-1.4 order",
        title="Order",
        filename="o.pdf",
        doc_type="court order",
        actor=w.vault.actor,
    )
    return CourtOrder(doc, "Judge Ray", D("2026-11-20"), "County Court", "26-CV-1")


def _caught(fn: Callable[[], object]) -> Outcome:
    try:
        result = fn()
    except ConsentRefused as exc:
        return Outcome(True, tuple(exc.reasons), exc.log_ref)
    if isinstance(result, gate.Refusal):
        return Outcome(True, result.reasons, result.log_ref)
    return Outcome(False)


# --- the roads: each takes the world, the name given on it and the override (legal only) ---


def release_signer(w: World, name: str, _: str) -> Outcome:
    _kid_release(w, signer_name=name)
    _restrict(w, w.kid)
    return _decide(w)


def release_co_signer(w: World, name: str, _: str) -> Outcome:
    _kid_release(w, co_signer=name)
    _restrict(w, w.kid)
    return _decide(w)


def release_contact(w: World, name: str, _: str) -> Outcome:
    _kid_release(w, contact_person=name)
    _restrict(w, w.kid)
    return _decide(w)


def recipient_contact_person(w: World, name: str, _: str) -> Outcome:
    org = _org(w, name)
    _kid_release(w, recipient_org_id=org)
    _restrict(w, w.kid)
    return _decide(w, org)


def release_entry_signer(w: World, name: str, _: str) -> Outcome:
    _restrict(w, w.kid)
    try:
        _kid_release(w, signer_name=name)
    except InvalidInput as exc:
        return Outcome(True, (exc.message,))
    return Outcome(False)


def disclose_person(w: World, name: str, _: str) -> Outcome:
    _kid_release(w, methods=("pdf", "phone"))
    _restrict(w, w.kid)
    return _caught(
        lambda: disclose(
            w.vault,
            client_id=w.kid,
            recipient_org_id=w.court,
            categories="services",
            purpose="Family court hearing",
            method="phone",
            summary="Services",
            person=name,
            actor=w.vault.actor,
        )
    )


def own_copy_representative(w: World, name: str, _: str) -> Outcome:
    _restrict(w, w.kid)
    return _caught(
        lambda: record_request(
            w.vault,
            w.kid,
            received_on=D("2026-11-20"),
            identity_checked_by="photo ID seen",
            representative=name,
            capacity="parent",
            authority="birth certificate seen",
            actor=w.vault.actor,
        )
    )


def own_copy_requester(w: World, name: str, _: str) -> Outcome:
    _restrict(w, w.amina)
    return _caught(
        lambda: gate.own_copy(
            w.vault, w.amina, D("2026-11-20"), requested_by=name, actor=w.vault.actor
        )
    )


def incoming_request(w: World, name: str, _: str) -> Outcome:
    _restrict(w, w.amina)
    return _caught(
        lambda: requests.record_request(
            w.vault,
            direction="incoming",
            client_id=w.amina,
            requester=name,
            identity_confirmed_by="rang back on the main line",
            reason="wants to know where she is",
            summary="her address",
            decision="granted",
            actor=w.vault.actor,
        )
    )


def _legal(w: World, client: int, kind: str, name: str, override: str, **kw: object) -> Outcome:
    org = _org(w, name)
    _restrict(w, client)
    return _caught(
        lambda: gate.legal_disclosure(
            w.vault,
            client,
            kind,
            basis="" if kind == "court-order" else "state law",
            recipient_org_id=org,
            categories="attendance",
            client_informed=True,
            override_restriction=override,
            actor=w.vault.actor,
            **kw,  # type: ignore[arg-type]
        )
    )


def court_order(w: World, name: str, override: str) -> Outcome:
    return _legal(w, w.amina, "court-order", name, override, order=_order(w, w.amina))


def child_protection(w: World, name: str, override: str) -> Outcome:
    return _legal(w, w.kid, "child-protection", name, override)


def imminent_harm(w: World, name: str, override: str) -> Outcome:
    return _legal(w, w.amina, "imminent-harm", name, override)


def disclose_court_order_person(w: World, name: str, override: str) -> Outcome:
    order = _order(w, w.amina)
    _restrict(w, w.amina)
    return _caught(
        lambda: disclose(
            w.vault,
            client_id=w.amina,
            recipient_org_id=w.court,
            categories="attendance",
            method="phone",
            summary="Attendance",
            exception="court-order",
            order=order,
            person=name,
            client_informed=True,
            override_restriction=override,
            actor=w.vault.actor,
        )
    )


Road = Callable[[World, str, str], Outcome]
CONSENTED: list[Road] = [
    release_signer,
    release_co_signer,
    release_contact,
    recipient_contact_person,
    release_entry_signer,
    disclose_person,
    own_copy_representative,
    own_copy_requester,
    incoming_request,
]
LEGAL: list[Road] = [court_order, child_protection, imminent_harm, disclose_court_order_person]


def _no_name(w: World, outcome: Outcome) -> None:
    """No refusal text, and nothing in its record, names the restricted person."""
    said = " ".join(outcome.reasons)
    if outcome.log_ref:
        said += json.dumps(log.get_entry(w.vault, outcome.log_ref).detail, ensure_ascii=False)
    folded = names.skeleton(said)
    for word in ("mallory", "abuser", "mally"):
        assert names.skeleton(word) not in folded, said


# On every road: the exact name, two partial forms, a confusable, an alias.
ON_EVERY_ROAD = [
    "exact",
    "first name alone",
    "short form and surname",
    "confusable (Cyrillic a)",
    "alias",
]


def test_the_one_function_catches_every_form_of_the_name(world: World) -> None:
    _restrict(world, world.amina)
    for variant, (given, maybe) in VARIANTS.items():
        m = people.restriction_match(world.vault, world.amina, "Someone Else", given)
        assert m is not None and m.full is not maybe and m.given == given, variant
        assert (m.says == people.MAY_BE_RESTRICTED) is maybe, variant
        # another family's file: not restricted there
        assert people.restriction_match(world.vault, world.kid, given) is None, variant
    assert people.restriction_match(world.vault, world.amina, CONTROL, "") is None


def _fresh(world: World) -> World:
    """The same vault with a new adult and a new child client, so that each name is tried
    on a file of its own (a restriction is added once a file, and is never taken back)."""
    n = next(_CLIENTS)
    adult = records.add_client(
        world.vault,
        ClientIn.from_input({"name": f"Adult {n}", "born": "1990-01-01"}),
        actor=world.vault.actor,
    )
    child = records.add_client(
        world.vault,
        ClientIn.from_input({"name": f"Child {n}", "born": "2015-06-01"}),
        actor=world.vault.actor,
    )
    return dataclasses.replace(world, amina=adult, kid=child)


@pytest.mark.parametrize("road", [*CONSENTED, *LEGAL], ids=lambda r: r.__name__)
def test_every_road_refuses_every_form_of_the_name(world: World, road: Road) -> None:
    _at(world)
    for variant in ON_EVERY_ROAD:
        given, maybe = VARIANTS[variant]
        outcome = road(_fresh(world), given, "")
        assert outcome.refused, f"{road.__name__} let {variant!r} through"
        _no_name(world, outcome)
        text = " ".join(outcome.reasons)
        assert ("may be the restricted person" in text) == maybe, (variant, text)
        if outcome.log_ref:
            assert log.get_entry(world.vault, outcome.log_ref).kind == EntryKind.REFUSED
    # and the same road opens for someone else
    outcome = road(_fresh(world), CONTROL, "")
    assert not outcome.refused, outcome.reasons


@pytest.mark.parametrize("road", LEGAL, ids=lambda r: r.__name__)
def test_a_legal_road_goes_ahead_only_with_a_recorded_override(world: World, road: Road) -> None:
    _at(world)
    for variant in ["exact", "first name alone", "confusable (Cyrillic a)", "alias"]:
        outcome = road(_fresh(world), VARIANTS[variant][0], OVERRIDE)
        assert not outcome.refused, (variant, outcome.reasons)
        entry = [e for e in log.entries(world.vault) if e.kind == EntryKind.LEGAL][-1]
        assert entry.detail["restriction_override"] == OVERRIDE
        assert entry.detail["restriction_match"] in ("full", "partial")


def test_the_override_is_shown_in_the_accounting(world: World) -> None:
    _at(world)
    outcome = disclose_court_order_person(world, RESTRICTED, OVERRIDE)
    assert not outcome.refused
    [shown] = disclosures(world.vault, world.amina)
    assert OVERRIDE in shown.road and "restricted person" in shown.road


def test_an_override_is_not_accepted_under_a_release(world: World) -> None:
    _at(world)
    _kid_release(world, methods=("pdf", "phone"))
    with pytest.raises(InvalidInput, match="only for a disclosure required by law"):
        disclose(
            world.vault,
            client_id=world.kid,
            recipient_org_id=world.court,
            categories="services",
            purpose="Family court hearing",
            method="phone",
            summary="Services",
            override_restriction=OVERRIDE,
            actor=world.vault.actor,
        )


def test_a_restriction_on_a_household_member_binds_the_childs_legal_roads(world: World) -> None:
    _at(world)
    parent = next(c.id for c in records.list_clients(world.vault) if c.name == "Parent")
    people.add_restriction(
        world.vault, parent, "Mark Abuser", "harmed the parent", actor=world.vault.actor
    )
    org = _org(world, "M. Abuser")
    result = gate.legal_disclosure(
        world.vault,
        world.kid,
        "child-protection",
        basis="state law",
        recipient_org_id=org,
        categories="attendance",
        client_informed=True,
        actor=world.vault.actor,
    )
    assert isinstance(result, gate.Refusal)
    assert "may be the restricted person" in " ".join(result.reasons)


@pytest.mark.parametrize("decision", ["refused", "referred"])
def test_a_restricted_persons_request_is_recorded_as_refused_or_referred(
    world: World, decision: str
) -> None:
    _restrict(world, world.amina)
    entry = requests.record_request(
        world.vault,
        direction="incoming",
        client_id=world.amina,
        requester="Mal Abuser",
        identity_confirmed_by="rang back",
        reason="asks for her address",
        summary="address",
        decision=decision,
        decision_reasons="restricted",
        actor=world.vault.actor,
    )
    assert log.get_entry(world.vault, entry.ref).detail["decision"] == decision


def test_aliases_are_stored_and_listed(world: World) -> None:
    people.add_restriction(
        world.vault,
        world.amina,
        RESTRICTED,
        "PO",
        aliases=("Mally", "M.A."),
        actor=world.vault.actor,
    )
    [r] = people.restrictions_for(world.vault, world.amina)
    assert r.aliases == ("Mally", "M.A.")
    with pytest.raises(InvalidInput, match="alias must be a name"):
        people.add_restriction(
            world.vault, world.amina, "Rex Harm", "PO", aliases=(" ",), actor=world.vault.actor
        )


# --- the name comparison itself --------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "restricted", "expected"),
    [
        ("Mallory Abuser", "Mallory Abuser", names.FULL),
        ("M\u0430llory \u0410buser", "Mallory Abuser", names.FULL),  # Cyrillic а, А
        ("\u039c\u03b1llory Abuser", "Mallory Abuser", names.FULL),  # Greek Μ, α
        ("Mallory", "Mallory Abuser", names.PARTIAL),
        ("Mal Abuser", "Mallory Abuser", names.PARTIAL),
        ("Mark A. Abuser", "Mark Abuser", names.FULL),  # every restricted token is there
        ("M Abuser", "Mark Abuser", names.PARTIAL),
        ("Abuser", "Mallory Abuser", None),  # a surname alone is many people
        ("Mallory, parent", "Mallory Abuser", names.PARTIAL),  # role words are not a name
        ("Mr. Abuser", "Mallory Abuser", None),
        ("Parent", "Parent", names.FULL),
        ("Mary Abuser", "Mallory Abuser", None),
        ("Maria Diallo", "Marc Diallo", None),  # the mother is not the restricted father
        ("Amina Diallo", "Mallory Abuser", None),
        ("", "Mallory Abuser", None),
    ],
)
def test_compare(given: str, restricted: str, expected: str | None) -> None:
    assert names.compare(given, restricted) == expected


def test_the_confusables_table_maps_only_to_latin_and_names_its_source() -> None:
    table = names.confusables()
    assert len(table) > 80
    assert all(v.isascii() and v.isalpha() for v in table.values())
    assert all(not k.isascii() for k in table)
    head = Path(__file__).parents[2].joinpath("resources", "confusables.tsv").read_text("utf-8")
    assert "confusables.txt" in head and "Technical" in head


# --- every road, found in the code --------------------------------------------------------

SRC = Path(__file__).parents[2] / "src" / "safefile"
THE_FUNCTION = ("safefile.consent.people", "restriction_match")
# Roads that carry no person's information to anyone a restriction could name: nothing
# else may be missing the check (the test fails when a new road does not consult it).
NO_PERSON = {
    ("safefile.consent.roads", "deidentified"): "de-identified material names no one",
    ("safefile.consent.log_print", "print_log"): "the program's own record, never a person",
}


def _module_name(path: Path) -> str:
    return ".".join(path.relative_to(SRC.parent).with_suffix("").parts)


def _parse() -> dict[str, ast.Module]:
    return {_module_name(p): ast.parse(p.read_text("utf-8")) for p in SRC.rglob("*.py")}


def _graph(
    mods: dict[str, ast.Module],
) -> tuple[dict[tuple[str, str], set[tuple[str, str]]], dict[tuple[str, str], ast.AST]]:
    """Each top-level function -> the functions it calls (resolved through imports)."""
    calls: dict[tuple[str, str], set[tuple[str, str]]] = {}
    defs: dict[tuple[str, str], ast.AST] = {}
    for mod, tree in mods.items():
        names_: dict[str, tuple[str, str]] = {}
        modules: dict[str, str] = {}
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                for a in node.names:
                    full = f"{node.module}.{a.name}"
                    if full in mods:
                        modules[a.asname or a.name] = full
                    else:
                        names_[a.asname or a.name] = (node.module, a.name)
            elif isinstance(node, ast.Import):
                for a in node.names:
                    modules[a.asname or a.name] = a.name
        tops = {
            n.name: n for n in tree.body if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)
        }
        for alias, origin in names_.items():  # a name a module re-exports (consent/gate.py)
            if alias not in tops:
                calls.setdefault((mod, alias), set()).add(origin)
        for fname, fn in tops.items():
            key = (mod, fname)
            defs[key] = fn
            out: set[tuple[str, str]] = set()
            for node in ast.walk(fn):
                if not isinstance(node, ast.Call):
                    continue
                f = node.func
                if isinstance(f, ast.Name):
                    out.add((mod, f.id) if f.id in tops else names_.get(f.id, ("?", f.id)))
                elif isinstance(f, ast.Attribute) and isinstance(f.value, ast.Name):
                    target = modules.get(f.value.id)
                    if target:
                        out.add((target, f.attr))
            calls[key] = out
    return calls, defs


def _consults(calls: dict[tuple[str, str], set[tuple[str, str]]], start: tuple[str, str]) -> bool:
    seen, todo = set(), [start]
    while todo:
        k = todo.pop()
        if k == THE_FUNCTION:
            return True
        if k in seen:
            continue
        seen.add(k)
        todo += list(calls.get(k, ()))
    return False


def _roads(
    calls: dict[tuple[str, str], set[tuple[str, str]]], defs: dict[tuple[str, str], ast.AST]
) -> set[tuple[str, str]]:
    """The roads: every function of the core that makes a grant (``mint``), records an
    incoming request, or records a disclosure made (``log.append`` of those kinds'
    details)."""
    roads: set[tuple[str, str]] = set()
    for key, fn in defs.items():
        if not key[0].startswith("safefile.consent"):
            continue
        if ("safefile.consent.grants", "mint") in calls[key]:
            roads.add(key)
        text = ast.unparse(fn)
        appends = ("safefile.consent.log", "append") in calls[key]
        if appends and ("details.Incoming" in text or "details.Disclosed" in text):
            roads.add(key)
    return roads


def test_every_road_consults_the_one_restriction_function() -> None:
    calls, defs = _graph(_parse())
    roads = _roads(calls, defs)
    found = {f"{m.rsplit('.', 1)[1]}.{f}" for m, f in roads}
    # The enumeration finds the roads we know of (it is not vacuous) ...
    assert {
        "release_rules.decide",
        "roads.own_copy",
        "roads.legal_disclosure",
        "own_copy.record_request",
        "requests.record_request",
        "disclose.disclose",
    } <= found, found
    # ... and every one of them consults people.restriction_match, but those that carry
    # no one's information to a person.
    missing = {r for r in roads if not _consults(calls, r)}
    assert missing == set(NO_PERSON), sorted(missing)
    assert THE_FUNCTION in defs


def test_no_other_function_compares_names_with_the_restricted_list() -> None:
    """The one function: nothing but people.py reads the restrictions table."""
    readers = sorted(
        _module_name(p) for p in SRC.rglob("*.py") if "FROM restrictions" in p.read_text("utf-8")
    )
    assert readers == ["safefile.consent.people"], readers


def test_a_refusal_is_a_safefile_error_with_exit_3() -> None:
    assert issubclass(ConsentRefused, SafeFileError)
    assert ConsentRefused(["x"]).exit_code == 3


def test_every_road_consults_the_closure_of_a_file_to_a_staff_member() -> None:
    """Known to a staff member (issue 28): every road carries the one role guard
    (staff/guard.allowed), and every road that carries a person's information names the
    client by a parameter the guard reads (``client_id``, ``request``, ``flt``), so a file
    closed to the session's member is refused as missing on each of them
    (tests/staff/test_guard.py calls each with a closed file)."""
    import importlib
    import inspect

    from safefile.staff import guard

    calls, defs = _graph(_parse())
    roads = _roads(calls, defs)
    assert len(roads) >= 6
    for module, name in sorted(roads):
        fn = getattr(importlib.import_module(module), name)
        assert guard.action_of(fn) is not None, f"{module}.{name} is not guarded"
        if (module, name) in NO_PERSON and name == "deidentified":
            continue
        params = set(inspect.signature(fn).parameters)
        assert params & {"client_id", "request", "flt", "grant"}, f"{module}.{name}"
