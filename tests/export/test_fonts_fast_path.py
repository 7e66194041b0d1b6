"""The fast path of fonts.markup (issue 18, item 6) gives exactly the markup of the
per-character loop, for every text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from safefile.export import fonts

LATIN = st.text(st.characters(max_codepoint=0x058F), max_size=200)
ANY = st.text(max_size=200)


@settings(deadline=None)  # the first call registers the fonts
@given(LATIN)
def test_text_without_fallback_fonts_is_the_same_markup(text: str) -> None:
    assert fonts.markup(text) == fonts._runs(text)


@settings(deadline=None)
@given(ANY)
def test_every_text_is_the_same_markup(text: str) -> None:
    assert fonts.markup(text) == fonts._runs(text)


def test_examples() -> None:
    assert fonts.markup("Tom & <Jerry>\nNguyễn") == "Tom &amp; &lt;Jerry&gt;<br/>Nguyễn"
    assert 'face="SF-Arabic"' in fonts.markup("Amina أمينة")
    assert fonts.markup("") == ""
