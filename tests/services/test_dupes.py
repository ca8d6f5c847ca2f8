"""The duplicate rules of `net dupes` and the name similarity they share with "did you mean"."""

from __future__ import annotations

import difflib
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from netcli.services import similar
from netcli.services.dupes import (
    Person,
    find_dupes,
    linkedin_key,
    merge_safe,
    name_key,
    phone_number,
    safe_merges,
    same_number,
)


def P(  # noqa: N802 - reads like a constructor
    id: int,
    name: str,
    company: str | None = None,
    emails: tuple[str, ...] = (),
    phones: tuple[str, ...] = (),
    url: str | None = None,
) -> Person:
    return Person(id, name, company, emails, phones, url)


def pairs(people: list[Person]) -> list[tuple[int, int, str]]:
    return [(p.a.id, p.b.id, p.reason) for p in find_dupes(people)]


# keys --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "variant",
    ["D'Amico Luca", "D’Amico Luca", "Dʼamico Luca", "D`Amico Luca", "d' amico luca",
     "D\u200bAmico Luca", "D’Àmico\u200d Luca", "\ufeffD'Amico  Luca"],
)  # fmt: skip
def test_name_key_folds_apostrophes_and_invisible_characters(variant):
    expected = "d'amico luca" if "\u200b" not in variant else "damico luca"
    assert name_key(variant) == expected


def test_name_key_agrees_with_fold_on_plain_and_accented_names():
    from netcli.text import fold

    for name in ["Nicolò  Cantù", "ZOË Ferrè", "Maria Rossi", "Łukasz Żółw", "İpek Straße"]:
        assert name_key(name) == fold(name)


@pytest.mark.parametrize(
    "url",
    [
        "https://www.linkedin.com/in/maria-rossi-12ab/",
        "http://it.linkedin.com/in/Maria-Rossi-12AB",
        "linkedin.com/in/maria-rossi-12ab?trk=people",
        "www.linkedin.com/in/maria%2Drossi%2D12ab//#top",
    ],
)
def test_linkedin_key_reads_every_way_of_writing_a_profile(url):
    assert linkedin_key(url) == "linkedin.com/in/maria-rossi-12ab"


@pytest.mark.parametrize(
    "url", [None, "", "  ", "https://studio-rossi.it", "https://linkedin.com/company/acme"]
)
def test_linkedin_key_is_none_for_other_addresses(url):
    assert linkedin_key(url) is None


@pytest.mark.parametrize(
    ("x", "y", "same"),
    [
        ("+39 333 123 4567", "3331234567", True),
        ("0039 333 1234567", "333-123-4567", True),
        ("+39 02 1234 5678", "02 12345678", True),  # Italy keeps its trunk 0
        ("+44 20 7946 0018", "020 7946 0018", True),  # the UK drops it
        ("+39 333 123 4567", "+39 (333) 123-4567", True),
        ("(+39) 333 123 4567", "333.123.4567", True),
        ("+39 333 123 4567", "３３３ １２３ ４５６７", True),  # full-width digits
        ("+39 333 123 4567", "+41 333 123 4567", False),
        ("333 123 4567", "334 123 4567", False),
        ("333 123 4567", "9 333 123 4567", False),  # two national numbers must be equal
        ("+39 333 123 4567", "123 4567", False),  # too short to be the rest of the number
    ],
)
def test_same_number_however_written(x, y, same):
    a, b = phone_number(x), phone_number(y)
    assert a is not None and b is not None
    assert same_number(a, b) is same
    assert same_number(b, a) is same


def test_short_or_empty_phones_are_not_numbers():
    assert phone_number("") is None
    assert phone_number("ext. 12") is None
    assert phone_number("123456") is None


# the rules -----------------------------------------------------------------------------


def test_the_old_rules_give_the_old_pairs():
    people = [
        P(2, "Maria Rossi", "Studio Rossi", ("maria@x.it",)),
        P(3, "M. Rossi", "Studio Rossi"),
        P(4, "Mary Rossi", None, ("maria@x.it",)),
        P(5, "Luca Verdi"),
        P(6, "LUCA  VERDI"),
        P(7, "Giovanni Bianchi 12", "Acme"),
        P(8, "Giovanni Bianchi 13", "ACME"),
    ]
    assert pairs(people) == [
        (2, 3, "close names at Studio Rossi"),
        (2, 4, "same email maria@x.it"),
        (5, 6, "same name"),
        (7, 8, "close names at Acme"),
    ]


def test_same_phone_written_differently():
    people = [
        P(1, "Anna Blu", phones=("+39 333 123 4567",)),
        P(2, "Anna B.", phones=("3331234567",)),
    ]
    assert pairs(people) == [(1, 2, "same phone +39 333 123 4567 / 3331234567")]


def test_same_linkedin_url():
    people = [
        P(1, "Anna Blu", url="https://www.linkedin.com/in/annablu/"),
        P(2, "Anna Maria Blu Verdi", url="linkedin.com/in/AnnaBlu"),
    ]
    assert pairs(people) == [(1, 2, "same LinkedIn URL linkedin.com/in/annablu")]


def test_initials_across_companies_when_the_email_domain_matches():
    people = [
        P(1, "Maria Rossi", "Studio Legale Rossi", ("maria.rossi@rossi-legal.it",)),
        P(2, "M. Rossi", "Rossi Legal", ("m.rossi@rossi-legal.it",)),
        P(3, "M. Rossi", "Altro", ("mr@gmail.com",)),  # a free mailbox says nothing
        P(4, "Marco Rossi", None, ("marco@gmail.com",)),
    ]
    assert pairs(people) == [
        (1, 2, "an initial for a first name, both at @rossi-legal.it"),
        (2, 3, "same name"),
    ]


def test_apostrophe_and_zero_width_variants_are_the_same_name():
    people = [P(1, "Luca D'Amico"), P(2, "Luca D’Amico"), P(3, "Luca D\u200b'Amico\u2060")]
    assert pairs(people) == [(1, 2, "same name"), (1, 3, "same name"), (2, 3, "same name")]


def test_missing_values_are_never_evidence():
    people = [
        P(1, "Anna Blu", "", ("",), ("",), ""),
        P(2, "Carlo Neri", "", ("",), ("",), ""),
        P(3, "Dario Gialli", None, (), (), None),
        P(4, "Elena Viola", "  ", (), ("n/a",), "https://example.com"),
        P(5, "Franco Rosa", "  ", (), ("n/a",), "https://example.com"),
    ]
    assert pairs(people) == []


def test_different_linkedin_profiles_are_different_people():
    a = "https://linkedin.com/in/marco-rossi-1"
    b = "https://linkedin.com/in/marco-rossi-2"
    people = [
        P(1, "Marco Rossi", "Acme", url=a),
        P(2, "Marco Rossi", "Acme", url=b),  # same name, same company: still two profiles
        P(3, "Marco Rossi", None),  # no profile: maybe either of them
        P(4, "Anna Blu", emails=("info@studio.it",), url="https://linkedin.com/in/anna"),
        P(5, "Carla Neri", emails=("info@studio.it",), url="https://linkedin.com/in/carla"),
    ]
    found = find_dupes(people)
    assert [(p.a.id, p.b.id, p.reason) for p in found] == [
        (1, 3, "same name"),
        (2, 3, "same name"),
        (4, 5, "same email info@studio.it; but different LinkedIn URLs"),
    ]
    assert not any(merge_safe(p) for p in found)


def test_reasons_list_every_kind_of_evidence_strongest_first():
    people = [
        P(1, "Maria Rossi", "Acme", ("maria@acme.it",), ("+39 333 1234567",), "linkedin.com/in/mr"),
        P(2, "maria rossi", "ACME", ("MARIA@acme.it".casefold(),), ("333 123 4567",), "https://www.linkedin.com/in/MR/"),
    ]  # fmt: skip
    assert pairs(people) == [
        (1, 2, "same LinkedIn URL linkedin.com/in/mr; same email maria@acme.it; "
               "same phone +39 333 1234567 / 333 123 4567; same name"),
    ]  # fmt: skip


def test_a_contact_is_not_paired_with_itself_through_its_own_lists():
    people = [
        P(1, "Anna Blu", "Acme", ("a@x.it", "A@X.IT".casefold()), ("333 1234567", "+39 3331234567"))
    ]
    assert pairs(people) == []


def test_a_big_employer_gets_initials_but_not_fuzzy_names():
    staff = [P(i, f"Person {i:04d} Surname", "Enel") for i in range(1, 250)]
    staff += [
        P(900, "Maria Rossi", "Enel"),
        P(901, "M. Rossi", "Enel"),
        P(902, "Mario Rossi", "Enel"),
    ]
    assert pairs(staff) == [
        (900, 901, "close names at Enel"),
        (901, 902, "close names at Enel"),
    ]  # fmt: skip


# merge-safe ----------------------------------------------------------------------------


def test_safe_merges_fold_each_group_into_its_oldest():
    people = [
        P(1, "Maria Rossi", emails=("maria@x.it",)),
        P(2, "Maria Rossi (Google)", emails=("maria@x.it",), phones=("+39 333 1234567",)),
        P(3, "Rossi Maria", phones=("3331234567",)),
        P(4, "M. Rossi", "Acme"),
        P(5, "Maria Rossi", "Acme"),  # same name only: not safe
        P(6, "Segreteria", emails=("info@studio.it",)),
        P(7, "Carla Neri", emails=("info@studio.it",)),  # an office mailbox: names differ
        P(8, "Whoever", url="linkedin.com/in/who"),
        P(9, "Someone Else", url="linkedin.com/in/who"),  # one profile: one person
    ]
    merges = safe_merges(find_dupes(people))
    assert [(m.keep.id, m.other.id, m.reason) for m in merges] == [
        (1, 2, "same email maria@x.it"),
        (1, 3, "same phone +39 333 1234567 / 3331234567 (through #2)"),
        (8, 9, "same LinkedIn URL linkedin.com/in/who"),
    ]


# properties ----------------------------------------------------------------------------

NAMES = st.sampled_from(
    ["Maria Rossi", "M. Rossi", "maria rossi", "Mario Rossi", "Luca D'Amico", "Luca D’Amico",
     "Anna Blu", "A. Blu", "Nicolò Cantù", "Nicolo Cantu", "X", "", "Giulia Rossi 12"]
)  # fmt: skip
EMAILS = st.lists(st.sampled_from(["a@acme.it", "b@acme.it", "c@gmail.com", ""]), max_size=2)
PHONES = st.lists(st.sampled_from(["+39 333 1234567", "3331234567", "02 1234567", ""]), max_size=2)
URLS = st.sampled_from([None, "", "linkedin.com/in/a", "https://linkedin.com/in/A/", "x.it/in/a"])
PEOPLE = st.lists(
    st.builds(
        P,
        id=st.integers(1, 40),
        name=NAMES,
        company=st.sampled_from([None, "", "Acme", "ACME", "Studio"]),
        emails=EMAILS.map(tuple),
        phones=PHONES.map(tuple),
        url=URLS,
    ),
    max_size=12,
    unique_by=lambda p: p.id,  # as in a store
)


@settings(max_examples=200, deadline=None)
@given(people=PEOPLE, seed=st.integers(0, 1000))
def test_never_paired_with_itself_and_pair_order_is_stable(people, seed):
    found = find_dupes(people)
    keys = [(p.a.id, p.b.id) for p in found]
    assert all(a < b for a, b in keys)  # never itself; the older contact first
    assert keys == sorted(set(keys))  # each pair once, in id order
    for p in found:
        assert p.reason and [k for k, _ in p.evidence] == sorted({k for k, _ in p.evidence})
    shuffled = list(people)
    random.Random(seed).shuffle(shuffled)
    assert find_dupes(shuffled) == found  # the same answer whatever order the store gives
    merges = safe_merges(found)
    others = [m.other.id for m in merges]
    assert len(others) == len(set(others))  # each contact merged away once
    assert not {m.keep.id for m in merges} & set(others)  # never into one merged away


# similarity ----------------------------------------------------------------------------

WORDS = st.text(alphabet="abcde lorsi'.", max_size=14)


@settings(max_examples=300, deadline=None)
@given(x=WORDS, y=WORDS)
def test_ratio_is_symmetric_and_never_below_difflib(x, y):
    r = similar.ratio(x, y)
    assert r == similar.ratio(y, x)
    assert r >= difflib.SequenceMatcher(None, x, y).ratio() - 1e-12


def test_ratio_decides_as_difflib_did_on_names():
    names = ["maria rossi", "mario rossi", "m. rossi", "giulia rossi 123", "giulia rossi 124",
             "nicolo cantu", "niccolo cantu", "tommaso santoro 1098", "tommaso santoro 7852",
             "maria", "rossi", "mario rosi"]  # fmt: skip
    for x in names:
        for y in names:
            old = difflib.SequenceMatcher(None, x, y).ratio()
            if old >= 0.5:  # on names that far apart difflib undercounts the common letters
                assert similar.ratio(x, y) == old, (x, y)


def test_close_pairs_keeps_a_pair_at_exactly_the_cut_off():
    # 17 of 20 characters alike: exactly 0.85, which rapidfuzz's own cut-off would drop
    names = ["tommaso santoro 1098", "tommaso santoro 7852", "anna"]
    assert similar.ratio(names[0], names[1]) == 0.85
    assert similar.close_pairs(names, 0.85) == [(0, 1)]


def test_close_names_gives_what_difflib_get_close_matches_gave():
    words = ["maria rossi", "maria", "rossi", "mario bianchi", "mario", "bianchi", "anna blu"]
    for query in ["mario rosi", "maria", "bianchi", "ana", "zzz", "rossi maria"]:
        assert similar.close_names(query, words, n=10, cutoff=0.6) == difflib.get_close_matches(
            query, words, n=10, cutoff=0.6
        )
    assert similar.close_names("maria", [], n=3) == []
    assert similar.close_names("maria", words, n=0) == []
