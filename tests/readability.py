"""Reading level, offline: syllables counted by rule (no dictionary download).

English: the vowel-group rule with silent endings (a common estimate, within a syllable
or so of a dictionary on plain words).  Spanish: one syllable per vowel nucleus, a weak
vowel (i, u, ü, a final y) joining its neighbour in a diphthong, two strong vowels apart
(hiatus), an accented í or ú strong, the u of que/qui/gue/gui silent.

Flesch-Kincaid grade (English) = 0.39 words/sentence + 11.8 syllables/word - 15.59.
Fernández-Huerta (Spanish) = 206.84 - 0.60 syllables per 100 words - 1.02 words/sentence.
"""

from __future__ import annotations

import re
from collections.abc import Callable

_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
_SENTENCE = re.compile(r"[.!?]+")


def syllables_en(word: str) -> int:
    w = re.sub(r"[^a-z]", "", word.lower())
    if not w:
        return 0
    if len(w) <= 3:
        return 1
    w = re.sub(r"(?:[^laeiouy]es|[^laeiouy]ed|[^laeiouy]e)$", "", w)
    w = re.sub(r"^y", "", w)
    return max(1, len(re.findall(r"[aeiouy]{1,2}", w)))


_VOWELS = set("aeiouáéíóúü")
_STRONG = set("aeoáéíóú")


def syllables_es(word: str) -> int:
    w = word.lower()
    count = 0
    prev: str | None = None
    for i, ch in enumerate(w):
        if ch == "y" and i == len(w) - 1 and prev is not None:
            continue  # hay, muy: a final y closes a diphthong
        if ch not in _VOWELS:
            prev = None
            continue
        if ch == "u" and 0 < i < len(w) - 1 and w[i - 1] in "qg" and w[i + 1] in "eéií":
            continue  # que, qui, gue, gui: the u is not said
        if prev is None or (prev in _STRONG and ch in _STRONG):
            count += 1
        prev = ch
    return max(1, count)


def _counts(text: str, syllables: Callable[[str], int]) -> tuple[int, int, int]:
    sentences = [s for s in _SENTENCE.split(text) if _WORD.search(s)]
    words = _WORD.findall(text)
    return len(sentences), len(words), sum(syllables(w) for w in words)


def flesch_kincaid_grade(text: str) -> float:
    s, w, syl = _counts(text, syllables_en)
    return 0.39 * w / s + 11.8 * syl / w - 15.59


def fernandez_huerta(text: str) -> float:
    s, w, syl = _counts(text, syllables_es)
    return 206.84 - 0.60 * (100 * syl / w) - 1.02 * w / s
