"""Relationship services: exact money parsing and the rules the CLI relies on."""

from __future__ import annotations

from pathlib import Path

import pytest

from netcli.errors import InputError, NotFound, UsageError
from netcli.services import relations

# service rules, on a real store --------------------------------------------------------


@pytest.fixture
def store(env: Path) -> Path:
    from netcli.services.contacts import ContactInput, add_contact
    from netcli.store.db import write_connection

    with write_connection(env) as conn:
        for name in ("Maria Rossi", "Paolo Verdi", "Luca Bianchi"):
            add_contact(conn, name, ContactInput())
    return env


def _conn(path: Path):  # type: ignore[no-untyped-def]
    from netcli.store.db import write_connection

    return write_connection(path)


def test_make_intro_refuses_the_introducer_as_a_party(store: Path) -> None:
    with _conn(store) as conn, pytest.raises(InputError, match="cannot introduce"):
        relations.make_intro(conn, "Maria", "Paolo", by_ref="Maria")
    with _conn(store) as conn, pytest.raises(InputError, match="two different people"):
        relations.make_intro(conn, "Maria", "maria rossi")


def test_outcome_value_only_with_business_and_not_before_the_intro(store: Path) -> None:
    with _conn(store) as conn:
        intro_id = relations.make_intro(conn, "Maria", "Paolo", on="2026-11-20")
    with _conn(store) as conn, pytest.raises(UsageError, match="'business' only"):
        relations.set_outcome(conn, intro_id, "met", value="10")
    with _conn(store) as conn, pytest.raises(InputError, match="cannot come before"):
        relations.set_outcome(conn, intro_id, "met", on="2026-11-19")
    with _conn(store) as conn, pytest.raises(NotFound, match="no intro i99"):
        relations.set_outcome(conn, "#99", "met")
    with _conn(store) as conn, pytest.raises(InputError, match="expected an intro id"):
        relations.set_outcome(conn, "three", "met")


def test_business_keeps_its_value_until_another_status_clears_it(store: Path) -> None:
    from netcli.store.relations import intro_row

    with _conn(store) as conn:
        intro_id = relations.make_intro(conn, "Maria", "Paolo")
        relations.set_outcome(conn, intro_id, "business", value="100.25")
        relations.set_outcome(conn, intro_id, "business")  # a later date, same value
        assert intro_row(conn, intro_id)["value_cents"] == 10025  # type: ignore[index]
        relations.set_outcome(conn, intro_id, "declined")
        assert intro_row(conn, intro_id)["value_cents"] is None  # type: ignore[index]


def test_log_with_refuses_me_and_bad_kinds(store: Path) -> None:
    from netcli.services.interactions import log_with
    from netcli.store.db import write_connection

    with write_connection(store) as conn, pytest.raises(InputError, match="every interaction"):
        log_with(conn, ["me", "Maria"])
    with write_connection(store) as conn, pytest.raises(UsageError, match="interaction kind"):
        log_with(conn, ["Maria"], kind="lunch")


def test_give_for_a_closed_ask_links_it_and_says_so(store: Path) -> None:
    with _conn(store) as conn:
        ask_id = relations.add_ask(conn, "Maria", "a lawyer")
        relations.resolve_ask(conn, ask_id, dropped=True)
        give_id, remark = relations.add_give(conn, "me", "Maria", "Paolo", for_ask=ask_id)
    assert remark == f"ask a{ask_id} was already dropped; the give is linked to it"
    assert give_id == 1
