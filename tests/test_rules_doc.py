"""Every function and test that docs/rules.md cites exists (issue 27): a rule whose
enforcing function was renamed, or whose test was removed, fails here instead of leaving
the rules list pointing at nothing."""

from __future__ import annotations

import ast
import importlib
import re
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RULES = ROOT / "docs" / "rules.md"
SRC = ROOT / "src" / "safefile"
TESTS = ROOT / "tests"

TICKED = re.compile(r"`([^`]+)`")
# Files other than Python modules that a rule may cite (scripts, lists, packaging).
FILE_SUFFIXES = {".sh", ".json", ".tsv", ".txt", ".md", ".svg", ".xml", ".desktop", ".spec"}


def _rows(text: str) -> list[tuple[str, str, str]]:
    rows = []
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 3 or set(cells[0]) <= {"-", " "} or cells[0] == "rule":
            continue
        rows.append((cells[0], cells[1], cells[2]))
    return rows


@cache
def _names_in(path: Path) -> frozenset[str]:
    """Every function, class and method name defined in a Python file (dotted for methods)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef):
            names.add(node.name)
            for child in node.body:
                if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                    names.add(f"{node.name}.{child.name}")
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
    return frozenset(names)


def function_problem(ref: str) -> str | None:
    """``consent/releases._refusals``, ``ui/guards.py`` or ``store/migrations/x.py``."""
    ref = ref.removesuffix("()")
    if "/" in ref and Path(ref).suffix in FILE_SUFFIXES:
        found = (SRC / ref).exists() or (ROOT / ref).exists()  # packaging/, resources/
        return None if found else f"{ref}: no such file"
    if ref.endswith(".py") or ref.endswith("/"):
        found = (SRC / ref).exists() or (ROOT / ref).exists()  # resources/ is at the top
        return None if found else f"{ref}: no such file"
    if "/" not in ref and not (SRC / f"{ref.partition('.')[0]}.py").exists():
        return None  # a value or option quoted in the text, not a reference
    module, _, name = ref.partition(".")
    path = SRC / f"{module}.py"
    if not path.exists():
        path = SRC / module / "__init__.py"
        if not path.exists():
            return f"{ref}: no module {module}"
    if name and name not in _names_in(path):
        try:
            imported = importlib.import_module("safefile." + module.replace("/", "."))
        except ImportError:
            return f"{ref}: {module} does not import"
        obj: object = imported
        for part in name.split("."):
            if not hasattr(obj, part):
                return f"{ref}: {module} has no {name}"
            obj = getattr(obj, part)
    return None


def _test_problems(refs: list[str]) -> list[str]:
    """``file.py::test_x[param]``, then ``::test_y`` in the same file."""
    problems = []
    current: Path | None = None
    for ref in refs:
        if "::" not in ref:
            continue
        file, _, test = ref.partition("::")
        if file:
            current = TESTS / file.removeprefix("tests/")
        if current is None or not current.exists():
            problems.append(f"{ref}: no such test file")
            continue
        name = test.split("[")[0].split(" ")[0]
        if name and name.split(".")[-1] not in {n.split(".")[-1] for n in _names_in(current)}:
            problems.append(f"{ref}: no {name} in {current.relative_to(TESTS)}")
    return problems


def problems_in(text: str) -> list[str]:
    found = []
    for _rule, enforced, proved in _rows(text):
        for ref in TICKED.findall(enforced):
            problem = function_problem(ref)
            if problem:
                found.append(problem)
        found += _test_problems(TICKED.findall(proved))
    return found


def test_every_reference_in_rules_md_resolves() -> None:
    assert problems_in(RULES.read_text(encoding="utf-8")) == []


def test_a_broken_reference_is_found() -> None:
    """The probe: a renamed function, a missing module and a removed test are each named."""
    text = (
        "| rule | enforced by | proved by |\n| --- | --- | --- |\n"
        "| r | `consent/releases._no_such_rule` | `consent/test_hard_cases.py::test_gone` |\n"
        "| s | `consent/nowhere.decide` | `consent/test_nowhere.py::test_x` |\n"
    )
    assert problems_in(text) == [
        "consent/releases._no_such_rule: consent/releases has no _no_such_rule",
        "consent/test_hard_cases.py::test_gone: no test_gone in consent/test_hard_cases.py",
        "consent/nowhere.decide: no module consent/nowhere",
        "consent/test_nowhere.py::test_x: no such test file",
    ]
