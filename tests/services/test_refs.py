"""REF resolution (spec §3) and the folding it rests on."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netcli.errors import Ambiguous, InputError, NotFound
from netcli.services.refs import resolve, words_fit
from netcli.store.db import connect_read
from netcli.text import fold

NAMES = (
    "Nicolò Bianchi",  # 2
    "Maria Rossi",
    "Maria Rossini",
    "Zoë D'Àngelo",  # 5
    "Luca Ferri",  # 6, archived
    "Filippo D’Amico",  # 7: a curly apostrophe, as phones type it
    "Anna Rossi-Verdi",
    "Luca Neri",  # 9, archived
    "Luca Nervi",  # 10, archived
)


@pytest.fixture
def conn(net, env: Path):
    for name in NAMES:
        net("add", name)
    for name in ("Luca Ferri", "Luca Neri", "Luca Nervi"):
        net("archive", name)
    connection = connect_read(env)
    yield connection
    connection.close()


@pytest.mark.parametrize(
    ("ref", "name"),
    [
        ("me", "Me"),
        ("ME", "Me"),
        ("2", "Nicolò Bianchi"),
        ("#3", "Maria Rossi"),
        ("nicolo", "Nicolò Bianchi"),
        ("NICOLÒ BIANCHI", "Nicolò Bianchi"),
        ("bian", "Nicolò Bianchi"),
        ("maria rossi", "Maria Rossi"),  # exact beats prefix
        ("rossin", "Maria Rossini"),
        ("zoe", "Zoë D'Àngelo"),
        ("d'angelo", "Zoë D'Àngelo"),
        ("Luca Ferri", "Luca Ferri"),
        ("#6", "Luca Ferri"),  # archived: id or exact name
        ("angelo", "Zoë D'Àngelo"),  # a word starts after an apostrophe
        ("d'amico", "Filippo D’Amico"),  # any apostrophe finds any other
        ("D’Amico", "Filippo D’Amico"),
        ("d`amico filippo", "Filippo D’Amico"),
        ("amico", "Filippo D’Amico"),
        ("verdi anna", "Anna Rossi-Verdi"),  # and after a hyphen
        ("rossini maria", "Maria Rossini"),  # surname first
        ("Rossi Maria", "Maria Rossi"),  # whole words beat prefixes: not Maria Rossini
        ("ferri m", None),
        ("ferri nicolo", None),
        ("bianchi nic", "Nicolò Bianchi"),
        ("Ma\u200bria Ros\u200bsi", "Maria Rossi"),  # zero-width space pasted from a chat
    ],
)
def test_resolves(conn, ref, name):
    if name is None:
        with pytest.raises(NotFound):
            resolve(conn, ref)
    else:
        assert resolve(conn, ref)["name"] == name


@pytest.mark.parametrize(
    ("words", "key", "fits"),
    [
        (["bianchi", "maria"], "maria bianchi", True),
        (["bia", "ma"], "maria bianchi", True),
        (["maria", "maria"], "maria bianchi", False),  # each word a different word
        (["maria", "maria"], "maria maria bianchi", True),
        (["angelo", "fil"], "filippo d'angelo", True),
        (["rossi", "anna", "x"], "anna rossi", False),
    ],
)
def test_words_fit_in_any_order(words, key, fits):
    assert words_fit(words, key) is fits


def test_unarchive_finds_archived_contacts_by_any_form(conn):
    assert resolve(conn, "ferri", archived=True)["name"] == "Luca Ferri"
    assert resolve(conn, "ferri luca", archived=True)["name"] == "Luca Ferri"
    assert resolve(conn, "nicolo", archived=True)["name"] == "Nicolò Bianchi"  # active: falls back
    with pytest.raises(Ambiguous) as err:
        resolve(conn, "luca", archived=True)
    assert err.value.message == "'luca' matches 3 contacts:"


def test_a_ref_matching_only_archived_contacts_says_so(conn):
    with pytest.raises(NotFound) as err:
        resolve(conn, "ferri")
    assert err.value.message == (
        "no active contact matches 'ferri' (Luca Ferri is archived: net unarchive 6)"
    )
    with pytest.raises(NotFound) as err:
        resolve(conn, "luca")
    assert err.value.message == (
        "no active contact matches 'luca' "
        "(3 archived contacts do: net unarchive ID brings one back)"
    )
    assert [line.split()[0] for line in err.value.details] == ["#6", "#9", "#10"]


def test_ambiguous_carries_the_ref_and_an_id(conn):
    with pytest.raises(Ambiguous) as err:
        resolve(conn, " maria ")
    assert (err.value.ref, err.value.example_id) == ("maria", 3)


def test_prefix_shared_by_two_is_ambiguous(conn):
    with pytest.raises(Ambiguous) as err:
        resolve(conn, "maria")
    assert err.value.message == "'maria' matches 2 contacts:"
    assert [line.split()[0] for line in err.value.details] == ["#3", "#4"]


def test_archived_not_reached_by_prefix(conn):
    with pytest.raises(NotFound):
        resolve(conn, "ferr")


def test_wildcards_are_literal(conn):
    for ref in ("%", "_", "ma%"):
        with pytest.raises(NotFound):
            resolve(conn, ref)


def test_empty_ref(conn):
    with pytest.raises(InputError):
        resolve(conn, "  ")


def test_unknown_id(conn):
    with pytest.raises(NotFound, match="no contact #99"):
        resolve(conn, "99")


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Nicolò", "nicolo"),
        ("ZOË", "zoe"),
        ("  Maria   Rossi ", "maria rossi"),
        ("Straße", "strasse"),
        ("Ångström", "angstrom"),
        ("ﬁle", "file"),
        ("D’Amico", "d'amico"),  # curly, straight, backtick, acute accent, modifier letter
        ("D'Amico", "d'amico"),
        ("D`Amico", "d'amico"),
        ("D´Amico", "d'amico"),
        ("Dʼamico", "d'amico"),
        ("Ma\u200bria Ro\u00adssi", "maria rossi"),  # zero-width space, soft hyphen
        ("\ufeffAnna\u200d \u2060Blu\u200e", "anna blu"),  # BOM, joiners, bidi mark
    ],
)
def test_fold(text, key):
    assert fold(text) == key


@given(st.text())
def test_fold_is_idempotent_and_has_no_marks(text):
    key = fold(text)
    assert fold(key) == key
    assert key == key.strip()
    assert not any(unicodedata.category(ch) in ("Cf", "Mn") for ch in key)
    assert "\u2019" not in key


@given(st.text(), st.text(), st.sampled_from("\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e"))
def test_invisible_characters_never_change_a_key(left, right, invisible):
    assert fold(left + invisible + right) == fold(left + right)


@given(st.text(), st.text(), st.sampled_from("\u2019\u2018\u02bc`\u00b4"))
def test_every_apostrophe_folds_to_the_straight_one(left, right, apostrophe):
    assert fold(left + apostrophe + right) == fold(left + "'" + right)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])  # read-only conn
@given(st.text(min_size=1, max_size=30))
def test_any_reference_resolves_or_fails_cleanly(conn, text):
    try:
        resolve(conn, text)
    except InputError as err:
        assert err.message


@given(st.lists(st.text(alphabet="ab '-", max_size=12), max_size=5))
def test_suggestion_candidates_are_the_keys_and_their_word_starts(keys):
    from netcli.services.refs import candidates
    from netcli.text import word_starts

    expected = set(keys)
    for key in keys:
        expected.update(word_starts(key))
    assert set(candidates(keys)) == expected


@given(
    st.lists(st.text(alphabet="ab '-", min_size=1, max_size=10), max_size=6),
    st.text(alphabet="ab '-", max_size=6),
)
def test_the_first_key_with_a_suggestion_is_the_one_a_scan_finds(keys, word):
    """Tracing a close word back to its contact finds the key a scan of every key in order
    would find (the word itself, or one of its word starts), or none."""
    from netcli.services.refs import first_key_with
    from netcli.text import word_starts

    keys = sorted(keys)
    scanned = next((k for k in keys if word == k or word in word_starts(k)), None)
    assert first_key_with("\n".join(keys), word) == scanned


@given(st.lists(st.text(alphabet="abcd '", max_size=8), max_size=8), st.text("abcd", max_size=6))
def test_close_names_counts_a_repeated_possibility_once(words, word):
    from netcli.services.similar import close_names

    once = close_names(word, list(dict.fromkeys(words)), n=10, cutoff=0.6)
    assert close_names(word, [*words, *reversed(words)], n=10, cutoff=0.6) == once
