"""The project's own documents point only at files inside the repository (issue 23, 8)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOCS = [ROOT / "DEVELOPERS.md", *sorted((ROOT / "docs").glob("*.md"))]


def test_no_document_points_outside_the_repository() -> None:
    outside = [
        f"{doc.name}: {hit}"
        for doc in DOCS
        for hit in re.findall(r"\.\./[\w./-]+|/work/[\w./-]+|\bshared/[A-Z]+\.md", doc.read_text())
    ]
    assert outside == []


def test_the_documents_developers_md_names_exist() -> None:
    named = re.findall(r"`((?:docs|scripts|src|tests|packaging)/[\w./-]+)`", (DOCS[0]).read_text())
    assert "docs/domain.md" in named and "docs/cli-contract.md" in named
    assert [n for n in named if not (ROOT / n).exists()] == []
