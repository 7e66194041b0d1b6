"""A PDF's last page never holds only "End of document." (issue 23): the line is drawn on
the last page of content itself, whatever the length of what comes before."""

from __future__ import annotations

import io

import pypdf

from safefile.export.content import Content
from safefile.export.pdf import render


def _pages(rows: int) -> list[str]:
    content = Content(
        title="Disclosure",
        terms=[("Recipient", "Division of Parole")],
        notices=[],
        left_out=[],
        contact=[(f"Field {i}", f"value {i}") for i in range(rows)],
    )
    data, _ = render(content, "test")
    return [p.extract_text() for p in pypdf.PdfReader(io.BytesIO(data)).pages]


def test_the_end_line_is_always_on_a_page_with_content() -> None:
    for rows in range(20, 80):  # every length, so one that filled the last page exactly too
        pages = _pages(rows)
        assert "End of document." in pages[-1], rows
        assert f"Field {rows - 1}" in pages[-1] or len(pages) == 1, rows  # with the last row
        assert all("End of document." not in p for p in pages[:-1]), rows
