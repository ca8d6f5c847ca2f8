"""Suggestions ("did you mean") without rapidfuzz (services/near.py): the same as the
reference, `similar.close_names` over `refs.candidates`, and as difflib's ratio with the LCS
counted exactly, on Italian names with typos, accents, apostrophes and hyphens."""

from __future__ import annotations

import heapq

from hypothesis import given, settings
from hypothesis import strategies as st

from netcli.services.near import close_candidates
from netcli.services.refs import candidates
from netcli.services.similar import close_names
from netcli.text import fold

FIRST = ("Giulia", "Niccolò", "Zoë", "Maria", "Luca", "Anna", "Søren", "Łukasz", "Björk", "Ève")
LAST = (
    "Rossi",
    "D'Amico",
    "D’Àngelo",
    "Dall'Orto",
    "Rossi-Verdi",
    "De Luca",
    "Esposito",
    "Nørgaard",
    "Σοφία",
    "O'Neil-D'Arcy",
)
TYPING = "abcdegilmnorsuvz'-? àèøł0123456789"


def lcs(x: str, y: str) -> int:
    """The longest common subsequence, by the textbook table."""
    row = [0] * (len(y) + 1)
    for a in x:
        diagonal = 0
        for j, b in enumerate(y, 1):
            diagonal, row[j] = row[j], diagonal + 1 if a == b else max(row[j], row[j - 1])
    return row[-1]


def reference(key: str, keys: list[str], n: int = 10, cutoff: float = 0.6) -> list[str]:
    """difflib.get_close_matches' rule with the ratio's matches counted exactly."""
    scored = []
    for word in dict.fromkeys(candidates(keys)):
        ratio = 2.0 * lcs(key, word) / (len(key) + len(word))
        if ratio >= cutoff:
            scored.append((ratio, word))
    return [word for _, word in heapq.nlargest(n, scored)]


@st.composite
def names(draw: st.DrawFn) -> str:
    first = draw(st.sampled_from(FIRST))
    last = draw(st.sampled_from(LAST))
    number = draw(st.one_of(st.just(""), st.integers(0, 9999).map(lambda i: f" {i}")))
    return f"{first} {last}{number}"


@st.composite
def typo(draw: st.DrawFn, name: str) -> str:
    """`name` with a few slips: a letter dropped, doubled, swapped or changed, anywhere (the
    first letter too)."""
    text = list(name)
    for _ in range(draw(st.integers(0, 3))):
        if not text:
            break
        at = draw(st.integers(0, len(text) - 1))
        kind = draw(st.sampled_from(("drop", "double", "swap", "change")))
        if kind == "drop":
            del text[at]
        elif kind == "double":
            text.insert(at, text[at])
        elif kind == "swap" and at + 1 < len(text):
            text[at], text[at + 1] = text[at + 1], text[at]
        else:
            text[at] = draw(st.sampled_from(TYPING))
    return "".join(text)


@st.composite
def stores_and_lookups(draw: st.DrawFn) -> tuple[list[str], str]:
    keys = sorted(fold(name) for name in draw(st.lists(names(), min_size=1, max_size=25)))
    typed = draw(
        st.one_of(
            st.sampled_from(keys).flatmap(lambda key: typo(key)),
            st.sampled_from(FIRST + LAST).flatmap(lambda word: typo(word)),
            st.text(TYPING, min_size=1, max_size=14),
        )
    )
    return keys, fold(typed)


@settings(max_examples=300, deadline=None)
@given(stores_and_lookups())
def test_the_suggestions_are_the_references(store):
    keys, key = store
    if not key:
        return
    expected = reference(key, keys)
    assert close_candidates(key, "\n".join(keys)) == expected
    assert close_names(key, candidates(keys), n=10, cutoff=0.6) == expected


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.text("ab '-?ø", max_size=9).map(fold), min_size=1, max_size=8),
    st.text("ab '-?ø", min_size=1, max_size=8).map(fold),
    st.integers(1, 12),
    st.sampled_from((0.3, 0.6, 0.85, 1.0)),
)
def test_any_keys_any_cutoff(keys, key, n, cutoff):
    """Short keys over a small alphabet: repeats, empty keys, joiners at either end, `?` (what
    a character outside ASCII reads as inside), an exact match (cutoff 1.0)."""
    if not key:
        return
    expected = reference(key, keys, n, cutoff)
    assert close_candidates(key, "\n".join(keys), n, cutoff) == expected


def test_a_typo_in_any_letter_is_found():
    keys = sorted(fold(name) for name in ("Giulia Rossi", "Niccolò D'Amico", "Zoë Esposito"))
    joined = "\n".join(keys)
    for typed, found in (
        ("Giulai Rosi", "giulia rossi"),
        ("Kiulia Rossi", "giulia rossi"),
        ("Nicolo Damico", "niccolo d'amico"),
        ("Zoe Espsito", "zoe esposito"),
        ("amcio", "amico"),  # the part after the apostrophe
    ):
        assert close_candidates(fold(typed), joined)[0] == found
    assert close_candidates("xyz", joined) == []
    assert close_candidates("giulia", "") == []
    assert close_candidates("giulia", joined, n=0) == []


def test_many_characters_outside_ascii_and_control_characters_in_keys():
    """More distinct characters outside ASCII than there are control characters to stand in
    for them, and keys that hold control characters themselves (not folded ones): the same."""
    greek = "αβγδεζηθικλμνξοπρστυφχψω"
    cyrillic = "абвгдежзийклмнопрстуфхцчшщ"
    keys = sorted(
        [f"{greek[i : i + 6]} {cyrillic[i : i + 7]}" for i in range(0, 18, 3)]
        + ["\x01\x02ab\x1f", "ab\x03 c?d", "zoë ø-ł"]
    )
    for key in (greek + cyrillic, greek[2:9] + " " + cyrillic[1:8], "ab\x02", "c?d", "ø-l"):
        assert close_candidates(key, "\n".join(keys)) == reference(key, keys)


def test_a_pasted_paragraph_is_answered_at_once():
    keys = ["giulia rossi", "maria bianchi"]
    assert close_candidates("giulia rossi " * 400, "\n".join(keys)) == []
    long_key = "x" * 300
    assert close_candidates("x" * 250, long_key) == reference("x" * 250, [long_key])
