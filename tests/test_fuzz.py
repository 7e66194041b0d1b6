"""Zero tracebacks: fuzzed command arguments, key files and backup headers (issue 17, 6).

Every input a person or a damaged file can give ends in a clear message and an exit code
of the contract (0-5); none prints a traceback or the CLI's last-resort "unexpected
problem", none hangs (each run is time-boxed), and none that fails changes the vault.

The suite runs a few dozen examples of each (seconds); the longer run is

    SAFEFILE_FUZZ_EXAMPLES=2000 .venv/bin/python -m pytest -q tests/test_fuzz.py
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import shutil
import signal
import struct
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from safefile.backup.archive import MAGIC
from safefile.cli.main import build_parser, main
from safefile.clock import FixedClock
from safefile.store import database, header
from safefile.store.keyring import unwrap_data_key
from tests.conftest import PASSPHRASE, TOLD

EXAMPLES = int(os.environ.get("SAFEFILE_FUZZ_EXAMPLES", "10"))
TIME_BOX = 60  # seconds for one command; a hang fails the test
CODES = {0, 1, 2, 3, 4, 5}
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


class Hang(Exception):
    pass


@contextlib.contextmanager
def time_box(seconds: int) -> Iterator[None]:
    def hung(signum: int, frame: object) -> None:
        raise Hang(f"no answer within {seconds} s")

    old = signal.signal(signal.SIGALRM, hung)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def run(*args: str, stdin: str = PASSPHRASE + "\n") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with time_box(TIME_BOX):
        code = main(
            list(args),
            stdin=io.StringIO(stdin),
            stdout=out,
            stderr=err,
            clock=FixedClock(datetime.fromisoformat("2026-11-25T10:00:00").astimezone()),
        )
    return code, out.getvalue(), err.getvalue()


def assert_clean(code: int, err: str, what: object) -> None:
    assert code in CODES, (code, what, err)
    assert "Traceback" not in err, (what, err)
    assert "unexpected problem" not in err, (what, err)


_KEYS: dict[tuple[Path, bytes], bytearray] = {}


def content(vault: Path) -> list[tuple[str, list[tuple[Any, ...]]]]:
    """Everything in the vault but its audit trail and its count (opening adds to them)."""
    # Derive the key once per key file (Argon2 per example would be slow): a fuzzed
    # `recovery-key` re-keys the vault, and a key kept from before no longer opens it.
    cached = (vault, (vault / "vault.json").read_bytes())
    if cached not in _KEYS:
        _KEYS[cached] = unwrap_data_key(header.read(vault / "vault.json"), passphrase=PASSPHRASE)
    db = database.connect(vault / "vault.db", _KEYS[cached])
    try:
        tables = [
            r[0]
            for r in db.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT IN ('audit')"
            )
        ]
        rows = {t: db.execute(f"SELECT * FROM {t}").fetchall() for t in tables}
    finally:
        db.close()
    rows["meta"] = [r for r in rows.get("meta", []) if r[0] != "chain:audit"]
    # the backup's count of audit rows (store/migrations/backup_counts.py) moves with it
    rows["row_counts"] = [r for r in rows.get("row_counts", []) if r[0] != "audit"]
    return [(t, sorted(map(tuple, rows[t]), key=repr)) for t in sorted(rows)]


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Path]]:
    """A vault with a client, an organisation, a release and a note; and its backup."""
    with pytest.MonkeyPatch.context() as mp:
        root = tmp_path_factory.mktemp("fuzz")
        # Relative paths the fuzzer makes ("x.pdf", ".", "..") land in here; it makes no
        # absolute ones (as root, an export "to /dev/null" would replace it).
        (root / "cwd" / "here").mkdir(parents=True)
        mp.chdir(root / "cwd" / "here")
        v = root / "v.safefile"
        for args in (
            ["init", str(v), "--no-recovery-key", "--practitioner", "Test Advocate"],
            ["client", "add", str(v), "--name", "Amina"],
            ["org", "add", str(v), "--name", "Division of Parole"],
            ["service", "add", str(v), "--client", "1", "--date", "2026-11-02", "--type", "Intake"],
            ["note", "add", str(v), "--client", "1", "--kind", "progress", "--data", "Seen."],
            [
                "release",
                "add",
                str(v),
                "--client",
                "1",
                "--recipient",
                "1",
                "--categories",
                "attendance",
                "--purpose",
                "Parole compliance",
                "--signed-on",
                "2026-11-01",
                "--expires",
                "2027-01-31",
                "--told",
                TOLD,
                "--original-on-file",
                "--original-reason",
                "signed at a home visit",
            ],
            ["backup", str(v), str(root / "b.sfbackup")],
        ):
            code, _, err = run(*args, "--passphrase-stdin")
            assert code == 0, (args, err)
        yield {"root": root, "vault": v, "backup": root / "b.sfbackup"}


# --- each command's arguments -------------------------------------------------------------

NASTY_TEXT = st.one_of(
    st.sampled_from(
        [
            "",
            "-",
            "--",
            " ",
            "0",
            "-1",
            "1",
            "2",
            "9" * 30,
            str(2**63),
            str(2**64),
            str(-(2**63) - 1),
            "1e9",
            "nan",
            "2026-02-30",
            "2026-13-01",
            "0000-01-01",
            "9999-12-31",
            "R-1",
            "R-0",
            "R-99999999999999999999",
            "attendance,,services",
            "everything",
            "a" * 5000,
            "x/" * 3000,
            ".",
            "..",
            "inner/../x.pdf",
            "\udcff\udcfe",
            "名前",
            "\u202e",
            "'; DROP TABLE clients; --",
        ]
    ),
    st.text(max_size=40).map(lambda t: t.lstrip("/")),  # never an absolute path
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
)


def commands(v: str, root: Path) -> list[list[str]]:
    """Templates; each "?" is replaced by a fuzzed value."""
    b = str(root / "b.sfbackup")
    return [
        ["check", "?"],
        ["client", "list", v, "--search", "?"],
        ["client", "show", v, "?"],
        ["client", "add", v, "--name", "?", "--born", "?"],
        ["client", "add", v, "--name", "Ben", "--household", "?", "--role", "child"],
        ["org", "add", v, "--name", "?", "--phone", "?"],
        ["service", "add", v, "--client", "?", "--date", "?", "--type", "?", "--minutes", "?"],
        ["note", "add", v, "--client", "?", "--kind", "progress", "--data", "?", "--with", "?"],
        ["note", "sign", v, "?"],
        ["note", "addendum", v, "?", "--text", "?"],
        ["attach", v, "--client", "?", "?"],
        [
            "release",
            "add",
            v,
            "--client",
            "?",
            "--recipient",
            "?",
            "--categories",
            "?",
            "--purpose",
            "?",
            "--signed-on",
            "?",
            "--expires",
            "?",
            "--told",
            TOLD,
            "--original-on-file",
            "--original-reason",
            "signed at a home visit",
        ],
        ["release", "revoke", v, "?", "--on", "?"],
        ["release", "list", v, "--client", "?"],
        ["log", v, "--client", "?"],
        ["export", v, "--client", "?", "--recipient", "?", "--categories", "?", "--to", "?"],
        ["export", v, "--client", "1", "--to", "?", "--own-copy", "--requested-on", "?"],
        [
            "export",
            v,
            "--client",
            "1",
            "--to",
            "?",
            "--exception",
            "court-order",
            "--basis",
            "?",
            "--recipient",
            "1",
            "--categories",
            "?",
        ],
        ["verify-export", v, "?"],
        ["backup", v, "?"],
        ["verify-backup", "?"],
        ["restore", b, "?"],
        ["?", v],
    ]


@pytest.mark.slow
@FUZZ
@given(data=st.data())
def test_command_arguments(world: dict[str, Path], data: st.DataObject) -> None:
    v, root = str(world["vault"]), world["root"]
    template = data.draw(st.sampled_from(commands(v, root)))
    args = [data.draw(NASTY_TEXT) if a == "?" else a for a in template]
    before = content(world["vault"])
    code, _, err = run(*args, "--passphrase-stdin")
    assert_clean(code, err, args)
    if code != 0:  # a refusal changes nothing but the log entry that records it
        after = content(world["vault"])
        if code == 3:
            before = [t for t in before if t[0] != "disclosures"]
            after = [t for t in after if t[0] != "disclosures"]
        assert after == before, args


def leaf_commands() -> list[tuple[list[str], argparse.ArgumentParser]]:
    """Every command of the parser as built (new ones are fuzzed without a change here)."""
    found: list[tuple[list[str], argparse.ArgumentParser]] = []

    def walk(parser: argparse.ArgumentParser, path: list[str]) -> None:
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, sub in action.choices.items():
                    walk(sub, [*path, name])
                return
        found.append((path, parser))

    walk(build_parser(), [])
    return found


# Flags the fuzzer never adds: they replace or destroy on purpose, after their own checks.
NEVER = {
    "--replace",
    "--apply",
    "--help",
    "--version",
    "--passphrase-stdin",
    "--recovery-key-stdin",
    "--password-prompt",
}


@pytest.mark.slow
@FUZZ
@given(data=st.data())
def test_every_command_with_fuzzed_options(world: dict[str, Path], data: st.DataObject) -> None:
    """Each command the parser has, its options present or not, each value fuzzed."""
    v = str(world["vault"])
    path, parser = data.draw(st.sampled_from(leaf_commands()))
    args = list(path)
    for action in parser._actions:
        if not action.option_strings:  # positional: the vault (mostly), or fuzz
            if action.dest == "vault" and data.draw(st.integers(0, 9)):
                args.append(v)
            else:
                args.append(data.draw(NASTY_TEXT))
            continue
        flag = action.option_strings[-1]
        if flag in NEVER or not (action.required or data.draw(st.booleans())):
            continue
        if action.nargs == 0:
            args.append(flag)
        elif action.choices and data.draw(st.booleans()):
            args += [flag, str(data.draw(st.sampled_from(list(action.choices))))]
        else:
            args += [flag, data.draw(NASTY_TEXT)]
    before = content(world["vault"])
    code, _, err = run(*args, "--passphrase-stdin")
    assert_clean(code, err, args)
    if code not in (0, 3):
        assert content(world["vault"]) == before, args


@pytest.mark.slow
@FUZZ
@given(stdin=st.binary(max_size=200))
def test_standard_input(world: dict[str, Path], stdin: bytes) -> None:
    """Whatever arrives on standard input: passphrase lines, text read with '-'."""
    text = stdin.decode("utf-8", errors="surrogateescape")  # as sys.stdin reads bytes
    v = str(world["vault"])
    for args in (
        ["client", "list", v, "--passphrase-stdin"],
        ["client", "add", v, "--name", "-", "--passphrase-stdin"],
    ):
        code, _, err = run(*args, stdin=PASSPHRASE + "\n" + text)
        assert_clean(code, err, (args, stdin))
        code, _, err = run(*args, stdin=text)
        assert_clean(code, err, (args, stdin))


# --- the key file's fields ---------------------------------------------------------------

ODD_VALUES = st.one_of(
    st.sampled_from(
        [
            None,
            True,
            -1,
            0,
            1,
            3,
            4,
            7,
            8,
            64 * 1024,
            2**31,
            2**32,
            4 * 1024 * 1024,
            10**9,
            2**63,
            2**64,
            -(2**63),
            1.5,
            float("inf"),
            "",
            "1",
            "x",
            "00" * 16,
            "zz" * 16,
            "0" * 31,
            "AAAA",
            "not base64!",
            [],
            {},
            [1],
            {"a": 1},
        ]
    ),
    st.integers(),
    st.text(max_size=20),
)
KEY_FIELDS = [
    ("format",),
    ("format_version",),
    ("vault_id",),
    ("created",),
    ("kdf",),
    ("kdf", "alg"),
    ("kdf", "version"),
    ("kdf", "memory_kib"),
    ("kdf", "time_cost"),
    ("kdf", "parallelism"),
    ("kdf", "salt"),
    ("passphrase_wrap",),
    ("passphrase_wrap", "nonce"),
    ("passphrase_wrap", "ciphertext"),
    ("recovery_wrap",),
    ("checksum",),
]


def _set(obj: dict[str, Any], path: tuple[str, ...], value: object) -> None:
    for key in path[:-1]:
        if not isinstance(obj.get(key), dict):
            obj[key] = {}
        obj = obj[key]
    obj[path[-1]] = value


@pytest.mark.slow
@settings(FUZZ, max_examples=5 * EXAMPLES)  # no key derivation: cheap
@given(field=st.sampled_from(KEY_FIELDS), value=ODD_VALUES, reseal=st.booleans())
def test_key_file_fields(
    world: dict[str, Path], field: tuple[str, ...], value: object, reseal: bool
) -> None:
    """A changed key file (its checksum recomputed or not) opens cleanly or is refused."""
    from safefile.store.header import _checksum

    key_file = world["vault"] / "vault.json"
    original = key_file.read_bytes()
    raw = json.loads(original)
    _set(raw, field, value)
    if reseal and field != ("checksum",):
        body = {k: v for k, v in raw.items() if k != "checksum"}
        raw["checksum"] = _checksum(body)
    try:
        key_file.write_text(json.dumps(raw))
        code, _, err = run("check", str(world["vault"]), "--passphrase-stdin")
        assert_clean(code, err, (field, value, reseal))
    finally:
        key_file.write_bytes(original)


# --- backup headers -------------------------------------------------------------------

HEADER_FIELDS = [
    ("format_version",),
    ("chunk",),
    ("nonce_prefix",),
    ("created",),
    ("vault_id",),
    ("schema_version",),
    ("counts",),
    ("counts", "clients"),
    ("key_file",),
    ("key_file", "kdf", "memory_kib"),
    ("key_file", "kdf", "time_cost"),
    ("key_file", "kdf", "parallelism"),
    ("key_file", "kdf", "salt"),
]


def _backup_with(original: bytes, field: tuple[str, ...], value: object) -> bytes:
    (n,) = struct.unpack(">I", original[len(MAGIC) : len(MAGIC) + 4])
    start = len(MAGIC) + 4
    header = json.loads(original[start : start + n])
    _set(header, field, value)
    raw = json.dumps(header).encode()
    return MAGIC + struct.pack(">I", len(raw)) + raw + original[start + n :]


@pytest.mark.slow
@FUZZ
@given(field=st.sampled_from(HEADER_FIELDS), value=ODD_VALUES, cut=st.integers(0, 3))
def test_backup_headers(
    world: dict[str, Path], field: tuple[str, ...], value: object, cut: int
) -> None:
    """A changed backup header (or a cut-short file) is refused cleanly; nothing restored."""
    original = world["backup"].read_bytes()
    changed = _backup_with(original, field, value)
    if cut:
        changed = changed[: len(changed) * cut // 4]
    bad = world["root"] / "bad.sfbackup"
    target = world["root"] / "restored.safefile"
    bad.write_bytes(changed)
    try:
        code, _, err = run("verify-backup", str(bad), "--passphrase-stdin")
        assert_clean(code, err, (field, value, cut))
        code, _, err = run("restore", str(bad), str(target), "--passphrase-stdin")
        assert_clean(code, err, (field, value, cut))
        if code != 0:
            assert not target.exists()
    finally:
        bad.unlink()
        shutil.rmtree(target, ignore_errors=True)


# --- CSV import (once `safefile import` exists) ------------------------------------------


def _has_import() -> bool:
    sub = next(a for a in build_parser()._actions if a.dest == "command")
    return "import" in (sub.choices or {})


@pytest.mark.skipif(not _has_import(), reason="`safefile import` is not built yet")
@pytest.mark.slow
@FUZZ
@given(data=st.binary(max_size=400))
def test_csv_import(world: dict[str, Path], data: bytes) -> None:
    v = world["vault"]
    before = content(v)
    csv = world["root"] / "in.csv"
    csv.write_bytes(b"name,born,service_date,service_type,minutes\n" + data)
    code, _, err = run("import", str(v), str(csv), "--dry-run", "--passphrase-stdin")
    assert_clean(code, err, data)
    assert content(v) == before


# --- the inputs that printed tracebacks or hung before, one by one -------------------------


def _key_file_with(vault: Path, **kdf: object) -> None:
    from safefile.store.header import _checksum

    raw = json.loads((vault / "vault.json").read_text())
    raw["kdf"].update(kdf)
    body = {k: v for k, v in raw.items() if k != "checksum"}
    raw["checksum"] = _checksum(body)  # resealed: only the bounds can refuse it
    (vault / "vault.json").write_text(json.dumps(raw))


@pytest.mark.parametrize(
    ("case", "kdf", "says"),
    [
        ("time_cost 10^9 (a hang)", {"time_cost": 10**9}, "1,000,000,000 passes"),
        ("4 GiB of memory", {"memory_kib": 4 * 1024 * 1024}, "4,194,304 KiB"),
        ("10,000 lanes", {"parallelism": 10_000}, "10,000 lanes"),
        ("a salt that is not hex", {"salt": "zz" * 16}, "key-derivation settings"),
    ],
)
def test_key_file_values_out_of_range_are_refused_before_deriving(
    world: dict[str, Path], tmp_path: Path, case: str, kdf: dict[str, object], says: str
) -> None:
    v = tmp_path / "v.safefile"
    shutil.copytree(world["vault"], v)
    _key_file_with(v, **kdf)
    code, _, err = run("check", str(v), "--passphrase-stdin")  # time-boxed: no hang
    assert code == 5 and says in err and "Nothing was done" in err, (case, err)


def test_the_inputs_that_printed_tracebacks(world: dict[str, Path], tmp_path: Path) -> None:
    v = str(world["vault"])
    cases: list[tuple[list[str], str, int, str]] = [
        (["client", "show", v, str(2**63)], "", 2, "far too large"),
        (["client", "show", v, str(2**64)], "", 2, "far too large"),
        (["client", "list", v, "--search", "\udcff"], "", 2, "not UTF-8"),
        (["client", "add", v, "--name", "-"], "\udcff\n", 1, "not UTF-8"),
        (["check", "x" * 5000], "", 1, "too long"),
        (["check", "a/" * 3000], "", 1, "too long"),
        (["check", ""], "", 2, "empty path"),
        (["backup", v, ""], "", 2, "empty path"),
        (["client", "add", v, "--name", "-", "--alias", "-"], "", 2, "Only one option"),
    ]
    for args, rest, want, says in cases:
        code, _, err = run(*args, "--passphrase-stdin", stdin=PASSPHRASE + "\n" + rest)
        assert_clean(code, err, args)
        assert code == want and says in err, (args, code, err)
    # A backup header whose version is not a number.
    bad = tmp_path / "bad.sfbackup"
    bad.write_bytes(_backup_with(world["backup"].read_bytes(), ("format_version",), "one"))
    code, _, err = run("verify-backup", str(bad), "--passphrase-stdin")
    assert code == 5 and "damaged" in err, err
    # vault.lock made a folder.
    copy = tmp_path / "v.safefile"
    shutil.copytree(world["vault"], copy)
    (copy / "vault.lock").unlink()
    (copy / "vault.lock").mkdir()
    code, _, err = run("check", str(copy), "--passphrase-stdin")
    assert_clean(code, err, "vault.lock is a folder")
    assert code == 0 or (code == 1 and "is a folder" in err), err
