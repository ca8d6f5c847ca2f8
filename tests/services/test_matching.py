"""Text matching: folding, stop words, light stemming, and who fits an ask (Italian included)."""

from __future__ import annotations

import gc

import pytest

from netcli.services import matching
from netcli.services.matching import (
    Ask,
    Field,
    MatchIndex,
    Profile,
    query_terms,
    rank_candidates,
    ref_for,
    score_profiles,
    shell_word,
    stem,
    terms,
)


@pytest.mark.parametrize(
    ("forms", "expected"),
    [
        (["commercialista", "commercialisti", "commercialiste"], "commercialist"),
        (["avvocato", "avvocati", "avvocata", "avvocate"], "avvocat"),
        (["notaio", "notai"], "nota"),
        (["lawyer", "lawyers"], "lawyer"),
        (["accountant", "accountants"], "accountant"),
        (["company", "companies"], "company"),
        (["tax", "taxes"], "tax"),
        (["banca", "banche"], "banc"),
        (["medico", "medici"], "medic"),
        (["consulente", "consulenti"], "consulent"),
    ],
)
def test_light_stemming_joins_singular_and_plural(forms: list[str], expected: str) -> None:
    assert {stem(f) for f in forms} == {expected}


def test_short_words_and_numbers_are_kept_as_they_are() -> None:
    assert [stem(w) for w in ("iva", "hr", "730", "business")] == ["iva", "hr", "730", "business"]


def test_terms_fold_accents_and_drop_italian_and_english_stop_words() -> None:
    assert terms("Cerco un buon COMMERCIALISTA per la mia Società") == ["commercialist", "societ"]
    assert terms("I need a lawyer for my startup") == ["lawyer", "startup"]
    assert terms("dell'avvocato") == ["avvocat"]


def test_a_query_of_stop_words_only_keeps_them() -> None:
    assert query_terms(["the"]) == ["the"]


def profile(pid: int, name: str, trust: int = 3, **fields: str | list[str]) -> Profile:
    found: list[Field] = []
    for label, value in fields.items():
        values = value if isinstance(value, list) else [value]
        found += [Field(label.removesuffix("s") if label == "tags" else label, v) for v in values]
    return Profile(pid, name, name.casefold(), tuple(found), trust)


# An Italian-language network: who to suggest for "commercialista", "avvocato", "notaio".
NETWORK = [
    profile(1, "Giulia Bianchi", 5, category="Commercialista", city="Milano", tags=["fisco"]),
    profile(2, "Marco Neri", 2, category="commercialista", city="Roma"),
    profile(3, "Sara Conti", 4, category="grafica", notes="Suo fratello è commercialista"),
    profile(4, "Paolo Verdi", 5, category="Avvocato", title="Avvocato giuslavorista"),
    profile(5, "Anna Russo", 3, category="avvocata", city="Milano", tags=["contratti"]),
    profile(6, "Luca Gallo", 4, company="Studio Notarile Gallo", title="Notaio"),
    profile(7, "Elena Costa", 1, category="notaio", city="Monza"),
    profile(8, "Dario Fo", 5, category="fotografo", city="Milano"),
    profile(9, "Chiara Riva", 3, category="lawyer", tags=["startups"]),
]


def ranked(text: str, tags: tuple[str, ...] = (), asker: int = 100, **kw: object) -> list[int]:
    index = MatchIndex(NETWORK)
    return [c.id for c in rank_candidates(Ask(1, asker, text, tags), index, **kw)]  # type: ignore[arg-type]


def test_commercialista_ask_finds_commercialisti_first_then_a_mention() -> None:
    # then people only in Milano, the more trusted first (Dario 5 before Anna 3)
    assert ranked("Cerco un commercialista a Milano") == [1, 2, 3, 8, 5]
    assert ranked("commercialisti", limit=3) == [1, 2, 3]


def test_avvocato_ask_meets_avvocata_and_the_title() -> None:
    assert ranked("mi serve un avvocato", limit=2) == [4, 5]
    assert ranked("mi serve un avvocato per contratti") == [5, 4]


def test_notaio_ask_matches_notai_in_title_and_category() -> None:
    # Elena has it as her category: 1.0 × trust factor 0.80 (trust 1) = 0.80;
    # Luca in his title: 0.8 × 0.95 (trust 4) = 0.76.
    assert ranked("Cerchiamo notai") == [7, 6]
    index = MatchIndex(NETWORK)
    found = rank_candidates(Ask(1, 100, "notai"), index)
    assert [round(c.score, 3) for c in found] == [0.8, 0.76]
    assert [c.reason() for c in found] == ["category: notaio", "title: Notaio"]


def test_english_plurals_and_tags() -> None:
    assert ranked("Need lawyers", tags=("startup",)) == [9]


def test_never_the_asker_nor_excluded_people() -> None:
    assert ranked("commercialista", asker=1, limit=3) == [2, 3]
    assert ranked("commercialista", excluded={2}, limit=3) == [1, 3]


def test_scores_are_between_0_and_1_with_a_reason() -> None:
    index = MatchIndex(NETWORK)
    found = rank_candidates(Ask(1, 100, "commercialista a Milano"), index)
    assert found[0].reason() == "category: Commercialista; city: Milano"
    assert all(0 < c.score <= 1 for c in found)
    assert [c.score for c in found] == sorted((c.score for c in found), reverse=True)
    notes = next(c for c in found if c.id == 3)
    assert notes.reason() == 'notes: "commercialista"'


def test_nothing_in_common_gives_no_candidates() -> None:
    assert ranked("un idraulico") == []


def test_prefix_matches_count_less_than_whole_words() -> None:
    index = MatchIndex(NETWORK)
    scores = score_profiles(index, query_terms(["fotog"]))
    assert list(scores) == [8]
    assert scores[8].score == pytest.approx(0.7)  # category 1.0 × prefix 0.7


def test_who_coverage_every_word_counts() -> None:
    index = MatchIndex(NETWORK)
    scores = score_profiles(index, query_terms(["commercialista Milano"]))
    # 3 of 9 people have each word, so both count ln(1 + 9/3): Giulia has the first in her
    # category (1.0) and the second as her city (0.4): (1.0 + 0.4) / 2 = 0.7.
    assert scores[1].score == pytest.approx(0.7)
    assert scores[2].score == pytest.approx(0.5)  # the category only
    assert scores[8].score == pytest.approx(0.2)  # the city only


@pytest.mark.parametrize(
    ("name", "word"),
    [
        ("Maria", "Maria"),
        ("Maria Rossi", '"Maria Rossi"'),
        ("Nicolò D'Angelo", '"Nicolò D\'Angelo"'),
        ('Say "hi"', "'Say \"hi\"'"),
    ],
)
def test_shell_words(name: str, word: str) -> None:
    assert shell_word(name) == word


def test_refs_fall_back_to_ids_when_a_name_is_ambiguous() -> None:
    assert ref_for(12, "Maria Rossi", set()) == '"Maria Rossi"'
    assert ref_for(12, "Maria Rossi", {"maria rossi"}) == "12"
    assert ref_for(12, "Me", set()) == "12"
    assert ref_for(12, "-x", set()) == "12"


def test_ranking_leaves_no_reference_cycles_behind() -> None:
    """Each ask's sets (12.5 KB each on 100,000 people) go when the ask is ranked, not when
    the cycle collector next runs."""
    gc.collect()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        for text in ("Cerco un commercialista a Milano", "notai", "avvocato per contratti"):
            assert ranked(text)
        gc.collect()
        assert gc.garbage == []
    finally:
        gc.set_debug(0)
        gc.garbage.clear()


def test_matching_pauses_the_cycle_collector_and_restores_it() -> None:
    with matching._no_cycle_collection():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with matching._no_cycle_collection():
            pass
        assert not gc.isenabled()  # as it was
    finally:
        gc.enable()
