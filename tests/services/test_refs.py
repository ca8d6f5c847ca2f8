"""REF resolution (spec §3) and the folding it rests on."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netcli.errors import Ambiguous, InputError, NotFound
from netcli.services.refs import resolve
from netcli.store.db import connect_read
from netcli.text import fold


@pytest.fixture
def conn(net, env: Path):
    for name in ("Nicolò Bianchi", "Maria Rossi", "Maria Rossini", "Zoë D'Àngelo", "Luca Ferri"):
        net("add", name)
    net("archive", "Luca Ferri")
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
    ],
)
def test_resolves(conn, ref, name):
    assert resolve(conn, ref)["name"] == name


def test_prefix_shared_by_two_is_ambiguous(conn):
    with pytest.raises(Ambiguous) as err:
        resolve(conn, "maria")
    assert err.value.message == "'maria' matches 2 contacts:"
    assert [line.split()[0] for line in err.value.details] == ["#3", "#4"]


def test_archived_not_reached_by_prefix(conn):
    with pytest.raises(NotFound):
        resolve(conn, "luca")


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
    ],
)
def test_fold(text, key):
    assert fold(text) == key


@given(st.text())
def test_fold_is_idempotent_and_has_no_marks(text):
    key = fold(text)
    assert fold(key) == key
    assert key == key.strip()


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])  # read-only conn
@given(st.text(min_size=1, max_size=30))
def test_any_reference_resolves_or_fails_cleanly(conn, text):
    try:
        resolve(conn, text)
    except InputError as err:
        assert err.message
