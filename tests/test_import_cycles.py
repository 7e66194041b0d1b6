"""No import cycles in ``src/safefile``: every module's imports, read with ``ast``.

Every form counts: ``import safefile.a.b``, ``from safefile.a import b``, relative imports
(``from . import x``, ``from ..a import b``), imports inside functions and under
``if TYPE_CHECKING:``. A function-local import hides a cycle from Python at start-up, not
from the structure: the module below still knows the one above it (issue 27).

An edge goes to the most precise module named: ``from safefile.consent import gate`` is an
edge to ``safefile.consent.gate``; ``from safefile.consent import Grant`` (a name of the
package) an edge to ``safefile.consent`` (its ``__init__``).
"""

from __future__ import annotations

import ast
import functools
from collections.abc import Iterable, Mapping
from pathlib import Path

import safefile

SRC = Path(safefile.__file__).parent

Edges = dict[str, dict[str, int]]  # module -> {imported module: first line}


def _module_name(path: Path, root: Path) -> str:
    parts = path.relative_to(root.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(module: str, is_package: bool, source: str, modules: Iterable[str]) -> dict[str, int]:
    """The modules of ``modules`` that ``source`` (the text of ``module``) imports."""
    known = set(modules)
    package = module if is_package else module.rpartition(".")[0]
    found: dict[str, int] = {}

    def add(target: str, line: int) -> None:
        if target != module:
            found[target] = min(found.get(target, line), line)

    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                # import a.b.c binds a and runs a, a.b and a.b.c: the edge is to a.b.c
                name = alias.name
                while name and name not in known:
                    name = name.rpartition(".")[0]
                if name:
                    add(name, node.lineno)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                bits = package.split(".")
                base = bits[: len(bits) - node.level + 1]
                origin = ".".join(base + ([node.module] if node.module else []))
            else:
                origin = node.module or ""
            for alias in node.names:
                sub = f"{origin}.{alias.name}"
                if sub in known:  # from package import submodule
                    add(sub, node.lineno)
                elif origin in known:  # from module import name
                    add(origin, node.lineno)
    return found


def graph_of(sources: Mapping[str, tuple[bool, str]]) -> Edges:
    """The import graph of modules given as {name: (is a package, source text)}."""
    return {m: _imports(m, pkg, text, sources) for m, (pkg, text) in sources.items()}


def package_graph(root: Path = SRC) -> Edges:
    sources = {
        _module_name(p, root): (p.name == "__init__.py", p.read_text(encoding="utf-8"))
        for p in sorted(root.rglob("*.py"))
    }
    return graph_of(sources)


@functools.cache
def the_package() -> Edges:
    """The graph of src/safefile, read once per run (the tests below do not change it)."""
    return package_graph()


def cycles(graph: Edges) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:  # recursion depth: the longest import chain, a few dozen
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, {})):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return sorted(found)


def a_cycle(graph: Edges, members: list[str]) -> list[str]:
    """One closed path through the component's first module, for the message."""
    inside = set(members)
    start = members[0]
    paths = {start: [start]}
    todo = [start]
    while todo:
        v = todo.pop(0)
        for w in sorted(graph[v]):
            if w == start:
                return [*paths[v], start]
            if w in inside and w not in paths:
                paths[w] = [*paths[v], w]
                todo.append(w)
    raise AssertionError(f"{members} is not a cycle")  # pragma: no cover


def describe(graph: Edges, members: list[str]) -> str:
    path = a_cycle(graph, members)
    steps = [f"{a} (line {graph[a][b]}) -> {b}" for a, b in zip(path, path[1:], strict=False)]
    return "cycle: " + " | ".join(steps)


def test_no_import_cycles() -> None:
    graph = the_package()
    assert len(graph) > 100 and any(graph.values()), "the reader found the package's modules"
    found = cycles(graph)
    assert found == [], "\n".join(describe(graph, c) for c in found)


PROBE = {
    "p": (True, ""),
    "p.a": (False, "from p.b import thing\n"),
    "p.b": (False, "import os\n\ndef f():\n    from . import c\n"),
    "p.c": (False, "from . import d\n"),
    "p.d": (False, "def g():\n    from .a import other\n"),
    "p.e": (False, "import p.a\nfrom p import d\n"),  # imports into the circle: not in it
    "p.sub": (True, "from .. import e\n"),
    "p.sub.x": (False, "from ..sub import y\n"),
    "p.sub.y": (False, "from p.sub import x\n"),  # a circle of two, absolute one way
}


def test_the_checker_sees_a_cycle_in_every_form() -> None:
    """A cycle made of module-level, function-local and relative imports is found."""
    graph = graph_of(PROBE)
    assert graph["p.b"] == {"p.c": 4}
    assert graph["p.e"] == {"p.a": 1, "p.d": 2}
    assert graph["p.sub"] == {"p.e": 1}
    assert cycles(graph) == [["p.a", "p.b", "p.c", "p.d"], ["p.sub.x", "p.sub.y"]]
    assert describe(graph, ["p.a", "p.b", "p.c", "p.d"]) == (
        "cycle: p.a (line 1) -> p.b | p.b (line 4) -> p.c | p.c (line 1) -> p.d"
        " | p.d (line 2) -> p.a"
    )
    acyclic = dict(PROBE, **{"p.d": (False, "")}, **{"p.sub.y": (False, "")})
    assert cycles(graph_of(acyclic)) == []


def test_the_checker_fails_on_a_cycle_added_to_the_package(tmp_path: Path) -> None:
    """A copy of the package with one import added back up fails as the real one would."""
    root = tmp_path / "safefile"
    for path in SRC.rglob("*.py"):
        copy = root / path.relative_to(SRC)
        copy.parent.mkdir(parents=True, exist_ok=True)
        copy.write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    clock = root / "clock.py"
    clock.write_text(
        clock.read_text(encoding="utf-8") + "\n\ndef _probe() -> None:\n"
        "    from safefile.backup import core  # noqa: F401\n",
        encoding="utf-8",
    )
    graph = package_graph(root)
    new = [c for c in cycles(graph) if "safefile.clock" in c]
    assert new, "the probe's cycle through clock.py is found"
    assert "safefile.clock (line" in describe(graph, new[0])


def reach(graph: Edges, start: str) -> set[str]:
    """Every module ``start`` imports, directly or through others."""
    seen: set[str] = set()
    todo = [start]
    while todo:
        for w in graph[todo.pop()]:
            if w not in seen:
                seen.add(w)
                todo.append(w)
    return seen


def test_backup_reaches_no_sharing_decision() -> None:
    """Backup copies ciphertext and never decides sharing: nothing it imports, however far
    down, is retention, settings, consent, export or the screens (issue 27: the path
    backup -> retention -> settings -> consent/releases)."""
    graph = the_package()
    above = ("retention", "settings", "consent", "export", "ui", "cli", "reports", "funder")
    for module in (m for m in graph if m.startswith("safefile.backup")):
        found = sorted(m for m in reach(graph, module) if m.split(".")[1] in above)
        assert found == [], f"{module} reaches {found}"
    probe = dict(graph, **{"safefile.health": {**graph["safefile.health"], "safefile.settings": 1}})
    assert "safefile.settings" in reach(probe, "safefile.backup.core")
