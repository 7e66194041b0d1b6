"""The layer order, pinned: each package imports only the layers below it.

    store  <-  records  <-  consent  <-  export        backup -> store
    ui and cli on top; only export/ redeems grants.

Read from the source with ``ast`` (imports inside functions included), so a new import
that crosses a layer fails here, not in review. ``docs/architecture.md`` draws the same.
"""

from __future__ import annotations

import ast
from pathlib import Path

import safefile

SRC = Path(safefile.__file__).parent

# Modules every layer may use: they import nothing of ours above them.
BASE = {
    "errors",
    "clock",
    "fsutil",
    "passphrase",
    "resources",
    "words",
    "logpolicy",
    "versions",
    "numbers",
    "textcheck",
}
CORE = {
    "store",
    "staff",
    "records",
    "consent",
    "export",
    "backup",
    "health",
    "settings",
    "importer",
    "retention",
    "reports",
    "funder",
    "jobs",
}
# What each part of the package may import (besides itself and BASE).
ALLOWED: dict[str, set[str]] = {
    "errors": set(),
    "clock": set(),
    "fsutil": set(),
    "resources": set(),
    "passphrase": set(),
    "words": set(),  # plain words: imports nothing of ours
    "logpolicy": set(),  # which log records may be written: the program's own, allow-listed
    "numbers": {"errors"},
    "textcheck": set(),  # control characters refused in what a person typed  # ids and counts typed by a person: one parser
    "versions": set(),  # the version line: SafeFile's, SQLCipher's, Python's
    "store": set(),
    "records": {"store"},
    "consent": {"store", "records", "words"},
    "export": {"store", "records", "consent", "words", "settings"},  # settings: who sends
    # A backup is the vault's encrypted files; after a restore it runs the vault check
    # (health), which reads records. It never touches consent, export or the screens, nor
    # retention: the caller hands the restore its re-application of destructions.
    "backup": {"store", "health"},
    "health": {"store", "records"},
    "importer": {"store", "records"},  # clients and services from a spreadsheet
    # Destruction under the retention policy (its backups folder reads backup); the
    # restore's callers hand it retention/restore.after_restore.
    "retention": {"store", "records", "backup", "settings"},
    "funder": {"store", "records"},  # intake answers, anonymous contacts, shelter (issue 26)
    # Staff accounts (issue 28): members' keys, roles, files closed to a member.
    # The upgrade to staff accounts makes a backup first, like the page-format upgrade.
    "staff": {"store", "records", "backup"},
    "reports": {"store", "records", "consent", "export", "funder"},  # counts for funders
    "settings": {"store", "records", "consent"},
    # Jobs of several parts done in one transaction (first start, intake, a signed release).
    "jobs": {"store", "records", "consent", "export", "backup", "funder", "settings"},
    "cli": CORE | {"ui", "words", "versions"},  # `safefile app` starts the desktop app
    "ui": CORE | {"words", "versions", "logpolicy"},
    "__main__": {"cli"},
}


# Crossings that exist on purpose for now, each with its reason; a new one fails.
KNOWN_CROSSINGS: set[tuple[str, str]] = set()  # none left: add one only with its reason


def _part(path: Path) -> str:
    rel = path.relative_to(SRC)
    return rel.parts[0] if len(rel.parts) > 1 else rel.stem


def _our_imports(path: Path) -> set[str]:
    """The top-level parts of ``safefile`` that ``path`` imports, anywhere in the file."""
    package = path.relative_to(SRC.parent).with_suffix("").parts[:-1]
    return _imports_in(path.read_text(encoding="utf-8"), package)


def _is_part(name: str) -> bool:
    return (SRC / name).is_dir() or (SRC / f"{name}.py").is_file()


def _imports_in(source: str, package: tuple[str, ...]) -> set[str]:
    parts: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                bits = alias.name.split(".")
                if bits[0] == "safefile" and len(bits) > 1:
                    parts.add(bits[1])
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against this file's package
                base = list(package[: len(package) - node.level + 1])
                bits = base + (node.module.split(".") if node.module else [])
            else:
                bits = node.module.split(".") if node.module else []
            if not bits or bits[0] != "safefile":
                continue
            if len(bits) > 1:
                parts.add(bits[1])
            else:  # from safefile import records, consent (or a name like __version__)
                parts |= {a.name for a in node.names if _is_part(a.name)}
    return parts


def _modules() -> list[Path]:
    return sorted(p for p in SRC.rglob("*.py") if p != SRC / "__init__.py")


def test_every_part_of_the_package_has_a_place_in_the_layers() -> None:
    unknown = {_part(p) for p in _modules()} - set(ALLOWED)
    assert unknown == set(), f"add {unknown} to ALLOWED in tests/test_layers.py"


def test_each_layer_imports_only_the_layers_below_it() -> None:
    crossings = []
    for path in _modules():
        part = _part(path)
        for used in _our_imports(path) - {part} - BASE:
            if (
                used not in ALLOWED[part]
                and (str(path.relative_to(SRC)), used) not in KNOWN_CROSSINGS
            ):
                crossings.append(f"{path.relative_to(SRC)} imports safefile.{used}")
    assert crossings == []


def test_the_base_modules_import_nothing_above_them() -> None:
    for path in _modules():
        if _part(path) in BASE:
            assert _our_imports(path) <= BASE, path


def test_the_checker_sees_a_crossing() -> None:
    """The reader of imports finds each form a crossing can take (as if in records/)."""
    forms = [
        "from safefile.export import exporter",
        "import safefile.consent.gate",
        "from safefile import ui",
        "from ..consent import gate",
        "def f():\n    from safefile.backup import core\n",
    ]
    for form in forms:
        used = _imports_in(form, ("safefile", "records")) - {"records"} - BASE
        assert used and not used <= ALLOWED["records"], form


def _redeemers(path: Path) -> list[str]:
    """Calls or imports of a redeeming function in ``path`` (not its definition)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            f = node.func
            name = (
                f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) else ""
            )
            if "redeem" in name.lower():
                found.append(f"{path.relative_to(SRC)}:{node.lineno} calls {name}")
        elif isinstance(node, ast.ImportFrom):
            found += [
                f"{path.relative_to(SRC)}:{node.lineno} imports {a.name}"
                for a in node.names
                if "redeem" in a.name.lower()
            ]
    return found


def test_only_export_redeems_grants() -> None:
    # consent/ defines redeeming (and may call its own helpers); export/ is the one user.
    outside = [
        hit for p in _modules() if _part(p) not in {"export", "consent"} for hit in _redeemers(p)
    ]
    assert outside == []
    consent_calls = [
        hit
        for p in (SRC / "consent").rglob("*.py")
        for hit in _redeemers(p)
        if " calls redeem" in hit
    ]  # consent/ defines (and re-exports) redeeming; it never calls it on its own grants
    assert consent_calls == [], "consent/ must not redeem its own grants"
    assert any(_redeemers(p) for p in (SRC / "export").rglob("*.py")), "export/ redeems"


# The modules that define the vault and its key ring: the only ones that may reach into
# their private parts (everything else uses Vault's and KeyRing's public names).
KEY_HOLDERS = {SRC / "store" / "vault.py", SRC / "store" / "keyring.py"}


def _private_reaches(source: str) -> list[str]:
    """Where ``source`` reads a private attribute of a vault or a key ring (``vault._db``,
    ``Vault._open_with_key``, ``self._vault._lock``, ``vault.keyring._key``), imports a
    private name from store/vault.py or store/keyring.py, or takes the data key itself
    out of a key ring (``keyring.data_key``: outside the store, ``KeyRing.lend``)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute):
            owner = ast.unparse(node.value)
            mentions = "vault" in owner.lower() or "keyring" in owner.lower()
            private = node.attr.startswith("_") and not node.attr.startswith("__")
            if mentions and (private or (node.attr == "data_key" and "keyring" in owner)):
                found.append(f"{node.lineno}: {ast.unparse(node)}")
        elif isinstance(node, ast.ImportFrom) and node.module in {
            "safefile.store.vault",
            "safefile.store.keyring",
        }:
            found += [f"{node.lineno}: imports {a.name}" for a in node.names if a.name[0] == "_"]
    return found


def test_nothing_outside_the_store_reaches_into_the_vault_or_its_key_ring() -> None:
    """Backup and restore use the key ring's narrow public handle (``KeyRing.lend``,
    ``Vault.open_restored``), never ``vault._data_key`` or ``Vault._open_with_key``."""
    reaches = [
        f"{path.relative_to(SRC)}:{hit}"
        for path in _modules()
        if path not in KEY_HOLDERS
        for hit in _private_reaches(path.read_text(encoding="utf-8"))
    ]
    assert reaches == []


def test_the_checker_sees_a_reach_into_the_vault() -> None:
    """Each form the reach took or could take is found; public use is not."""
    reaches = [
        "if vault._data_key is None: pass",
        "v = Vault._open_with_key(folder, hdr, key, clock)",
        "self._vault._lock.release()",
        "key = vault.keyring._key",
        "key = vault.keyring.data_key",
        "w.vault()._db.close()",
        "from safefile.store.vault import _finish_rebuild",
        "from safefile.store.keyring import _private",
    ]
    for form in reaches:
        assert _private_reaches(form), form
    public = [
        "with vault.keyring.lend() as key: verify_backup(dest, key=key)",
        "v = Vault.open_restored(folder, hdr, key, clock, check=check)",
        "self._vault.audit('x')",
        "got.data_key",
    ]
    for form in public:
        assert not _private_reaches(form), form


# The one write path: outside the store, only records/writes.py opens a transaction.
WRITE_PATH = {"records/writes.py"}


def _transactions(source: str) -> list[int]:
    """Lines of ``source`` that open a transaction of their own (``x.transaction(...)``)."""
    return [
        node.lineno
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "transaction"
    ]


def test_every_write_goes_through_the_one_write_path() -> None:
    """records/writes.change (or together, undone) or a store function: never a raw
    ``.transaction(`` in a screen, a command or another part of the core."""
    opened = [
        f"{path.relative_to(SRC)}:{line}"
        for path in _modules()
        if _part(path) != "store" and path.relative_to(SRC).as_posix() not in WRITE_PATH
        for line in _transactions(path.read_text(encoding="utf-8"))
    ]
    assert opened == []


def test_the_checker_sees_a_transaction_opened() -> None:
    probes = [
        "with vault.transaction():\n    pass\n",
        "def job(w):\n    with w.require().transaction() as db:\n        db.execute('x')\n",
        "cm = self.vault.transaction()\n",
    ]
    for probe in probes:
        assert _transactions(probe), probe
    assert _transactions("with writes.together(vault):\n    pass\n") == []
