"""`net add` and `net log` write in plain SQL (no SQLAlchemy import); their rows must be the
rows the models define: every column, every default, dates the ORM reads back as dates."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from netcli.store import keys

EXCLUDE = {"id", "created_at", "updated_at", "last_contact", "next_due", "tag_list"}
# keys derived on insert (tests/store/test_schema6.py checks them against their sources)
EXCLUDE |= {column for table in keys.DERIVED for column in keys.derived_columns(table)}


def dump(model: Any) -> dict[str, Any]:
    return model.model_dump(exclude=EXCLUDE)


@pytest.fixture
def written(net: Any) -> None:
    net("add", "Vittoria Guidi")
    net(
        "add", "Anna Blu", "--email", "Anna@Blu.it", "--email", "a2@blu.it",
        "--phone", "+39 333  1", "--tag", "VIP", "--tag", "bni", "--company", "ACME",
        "--title", "CEO", "--category", "avvocato", "--city", "Città di Castello",
        "--birthday", "03-04", "--note", "n", "--url", "https://a.it", "--trust", "4",
        "--every", "2w", "--via", "Vittoria", "--met-on", "2026-11-01",
    )  # fmt: skip
    net("add", "Bare Minimum")
    net("log", "Anna", "Vittoria", "--kind", "call", "--date", "2026-11-20", "-m", " coffee ")
    net("log", "Bare")


def test_added_contacts_are_the_models_rows(written: None, env: Path):
    from sqlmodel import select

    from netcli.store.db import write_session
    from netcli.store.models import Contact, Email, Intro, Phone, Tag

    with write_session(env) as s:
        people = {c.name: c for c in s.exec(select(Contact))}
        anna, via, bare = people["Anna Blu"], people["Vittoria Guidi"], people["Bare Minimum"]
        assert dump(anna) == dump(
            Contact(
                name="Anna Blu", search_key="anna blu", company="ACME", title="CEO",
                category="avvocato", city="Città di Castello", birthday="03-04", notes="n",
                url="https://a.it", trust=4, every="2w", via_id=via.id,
                met_on=date(2026, 11, 1), created_at="", updated_at="",
            )
        )  # fmt: skip
        assert dump(bare) == dump(
            Contact(name="Bare Minimum", search_key="bare minimum", created_at="", updated_at="")
        )
        assert anna.created_at == anna.updated_at and "T" in anna.created_at
        rows = lambda model: [  # noqa: E731
            dump(r) for r in s.exec(select(model).where(model.contact_id == anna.id))
        ]
        assert rows(Email) == [
            dump(Email(contact_id=anna.id, email="Anna@Blu.it", email_key="anna@blu.it")),
            dump(Email(contact_id=anna.id, email="a2@blu.it", email_key="a2@blu.it", position=1)),
        ]
        assert rows(Phone) == [dump(Phone(contact_id=anna.id, phone="+39 333 1"))]
        assert sorted(r["tag"] for r in rows(Tag)) == ["bni", "vip"]
        [intro] = s.exec(select(Intro)).all()
        assert dump(intro) == dump(
            Intro(by_id=via.id, a_id=1, b_id=anna.id, date=date(2026, 11, 1), created_at="")
        )


def test_logged_interactions_are_the_models_rows(written: None, env: Path):
    from sqlmodel import select

    from netcli.store.db import write_session
    from netcli.store.models import Contact, Interaction, InteractionContact

    with write_session(env) as s:
        ids = {c.name: c.id for c in s.exec(select(Contact))}
        first, second = s.exec(select(Interaction).order_by(Interaction.id)).all()
        assert dump(first) == dump(
            Interaction(kind="call", date=date(2026, 11, 20), note="coffee", created_at="")
        )
        assert dump(second) == dump(Interaction(date=date(2026, 11, 27), created_at=""))
        pairs = {(r.interaction_id, r.contact_id) for r in s.exec(select(InteractionContact))}
        assert pairs == {
            (first.id, ids["Anna Blu"]),
            (first.id, ids["Vittoria Guidi"]),
            (second.id, ids["Bare Minimum"]),
        }
        anna = s.get(Contact, ids["Anna Blu"])
        assert anna is not None and anna.last_contact == date(2026, 11, 20)


def test_a_failing_add_writes_nothing(net: Any, store: Any):
    """The contact row goes in before its phones are checked: one transaction undoes it."""
    result = net("add", "Zeno Rossi", "--phone", "no digits", code=3)
    assert result.stderr == "error: 'no digits' is not a phone number\n"
    assert net.json("list") == []


def test_follow_up_writes_are_the_models_rows(net: Any, env: Path):
    """`net remind`, `net snooze` and `net done`: what `net due` tells you to run next."""
    from sqlmodel import select

    from netcli.store.db import write_session
    from netcli.store.models import Contact, Interaction, Reminder

    net("add", "Anna Blu", "--every", "1w")
    net("remind", "Anna", "2026-11-25", "-m", " call back ")
    net("remind", "Anna", "2026-12-10")
    net("snooze", "Anna", "2026-12-01")  # moves the first one to 12-01
    net("remind", "Anna", "today")  # due today: `done` clears it
    net("done", "Anna", "--kind", "call", "-m", "fatto")
    with write_session(env) as s:
        anna = s.exec(select(Contact).where(Contact.name == "Anna Blu")).one()
        first, second, third = s.exec(select(Reminder).order_by(Reminder.id)).all()
        assert dump(first) == dump(
            Reminder(
                contact_id=anna.id, date=date(2026, 12, 1), note="call back", created_at="",
                done_on=None,
            )
        )  # fmt: skip
        assert dump(second) == dump(
            Reminder(contact_id=anna.id, date=date(2026, 12, 10), created_at="")
        )
        assert dump(third) == dump(
            Reminder(
                contact_id=anna.id, date=date(2026, 11, 27), done_on=date(2026, 11, 27),
                created_at="",
            )
        )  # fmt: skip
        [call] = s.exec(select(Interaction)).all()
        assert dump(call) == dump(
            Interaction(kind="call", date=date(2026, 11, 27), note="fatto", created_at="")
        )
        assert anna.snoozed_until == date(2026, 12, 1)
        assert anna.last_contact == date(2026, 11, 27)


def test_edited_contacts_are_the_models_rows(written: None, net: Any, env: Path):
    from sqlmodel import select

    from netcli.store.db import write_session
    from netcli.store.models import Contact, Email, Phone, Tag

    net(
        "edit", "Anna", "--name", "Anna  Blu Neri", "--company", "", "--title", "CFO",
        "--remove-email", "ANNA@blu.it", "--email", "nuova@blu.it", "--remove-phone", "+39 333 1",
        "--phone", "06 1234", "--untag", "vip", "--tag", "Città", "--no-every", "--trust", "5",
        "--birthday", "1980-03-04", "--via", "Bare", "--met-on", "2026-10-01",
    )  # fmt: skip
    net("edit", "me", "--name", "Io Stesso", "--city", "Roma")
    with write_session(env) as s:
        people = {c.name: c for c in s.exec(select(Contact))}
        anna, bare, me = people["Anna Blu Neri"], people["Bare Minimum"], people["Io Stesso"]
        assert dump(anna) == dump(
            Contact(
                name="Anna Blu Neri", search_key="anna blu neri", company=None, title="CFO",
                category="avvocato", city="Città di Castello", birthday="1980-03-04", notes="n",
                url="https://a.it", trust=5, every=None, via_id=bare.id,
                met_on=date(2026, 10, 1), created_at="", updated_at="",
            )
        )  # fmt: skip
        assert anna.updated_at >= anna.created_at
        assert dump(me) == dump(
            Contact(
                name="Io Stesso", search_key="me", city="Roma", trust=5, is_me=True,
                created_at="", updated_at="",
            )
        )  # fmt: skip
        rows = lambda model: [  # noqa: E731
            dump(r) for r in s.exec(select(model).where(model.contact_id == anna.id))
        ]
        assert rows(Email) == [
            dump(Email(contact_id=anna.id, email="a2@blu.it", email_key="a2@blu.it", position=0)),
            dump(
                Email(
                    contact_id=anna.id, email="nuova@blu.it", email_key="nuova@blu.it", position=1
                )
            ),
        ]
        assert rows(Phone) == [dump(Phone(contact_id=anna.id, phone="06 1234"))]
        assert sorted(r["tag"] for r in rows(Tag)) == ["bni", "città"]


def test_emails_and_phones_keep_the_order_they_were_added_in(net: Any):
    net("add", "Ann Bee", "--email", "a@x.it", "--email", "b@x.it", "--email", "c@x.it",
        "--email", "d@x.it", "--phone", "111", "--phone", "222")  # fmt: skip
    net("edit", "ann", "--remove-email", "a@x.it", "--remove-email", "b@x.it", "--email", "e@x.it")
    net("edit", "ann", "--phone", "111", "--phone", "222", "--phone", "333")  # two known
    net("edit", "ann", "--phone", "444")
    ann = net.json("show", "ann")
    assert ann["emails"] == ["c@x.it", "d@x.it", "e@x.it"]
    assert ann["phones"] == ["111", "222", "333", "444"]
    result = net("edit", "ann", "--remove-email", "nope@x.it", "--name", "Zed Q", code=3)
    assert result.stderr == "error: Ann Bee has no email 'nope@x.it'\n"


def test_relationship_writes_are_the_models_rows(net: Any, env: Path):
    """`net intro` (and, as they move off SQLModel, ask, resolve, give, got, outcome)."""
    from sqlmodel import select

    from netcli.store.db import write_session
    from netcli.store.models import Contact, Intro

    for name in ("Anna Blu", "Bruno Neri", "Carla Rossi"):
        net("add", name)
    net("intro", "Anna", "Bruno")
    net("intro", "Anna", "Carla", "--by", "Bruno", "--date", "2026-11-20", "-m", " caffè ")
    with write_session(env) as s:
        ids = {c.name: c.id for c in s.exec(select(Contact))}
        anna, bruno, carla = ids["Anna Blu"], ids["Bruno Neri"], ids["Carla Rossi"]
        first, second = s.exec(select(Intro).order_by(Intro.id)).all()
        assert dump(first) == dump(
            Intro(by_id=1, a_id=anna, b_id=bruno, date=date(2026, 11, 27), created_at="")
        )
        assert dump(second) == dump(
            Intro(
                by_id=bruno, a_id=anna, b_id=carla, date=date(2026, 11, 20), note="caffè",
                created_at="",
            )
        )  # fmt: skip
        assert "T" in first.created_at and first.created_at.endswith("+00:00")
        assert s.get(Contact, anna).last_contact == date(2026, 11, 27)  # type: ignore[union-attr]


def test_gives_are_the_models_rows(net: Any, env: Path):
    """`net give` and `net got`, with the ask a give answers closed as the ORM closed it."""
    from sqlmodel import select

    from netcli.store.db import write_session
    from netcli.store.models import Ask, Contact, Give

    net("add", "Anna Blu")
    net("add", "Bruno Neri")
    net("ask", "Anna", "un commercialista")
    net(
        "give",
        "Anna",
        "  Studio  Rossi ",
        "--for",
        "1",
        "--value",
        "1.250,50",
        "--date",
        "2026-11-28",
    )
    net("got", "Bruno", "advice on VAT", "--kind", "advice")
    net("give", "Anna", "another", "--from", "Bruno", "--for", "1")  # already resolved
    with write_session(env) as s:
        ids = {c.name: c.id for c in s.exec(select(Contact))}
        anna, bruno = ids["Anna Blu"], ids["Bruno Neri"]
        first, second, third = s.exec(select(Give).order_by(Give.id)).all()
        assert dump(first) == dump(
            Give(
                giver_id=1, receiver_id=anna, text="Studio Rossi", value_cents=125050,
                date=date(2026, 11, 28), ask_id=1, created_at="", status="open",
                status_on=date(2026, 11, 28), hot=3,
            )
        )  # fmt: skip
        assert dump(second) == dump(
            Give(
                giver_id=bruno, receiver_id=1, text="advice on VAT", kind="advice",
                date=date(2026, 11, 27), created_at="",
            )
        )  # fmt: skip
        assert dump(third) == dump(
            Give(giver_id=bruno, receiver_id=anna, text="another", date=date(2026, 11, 27),
                 ask_id=1, created_at="", status="open", status_on=date(2026, 11, 27), hot=3)
        )  # fmt: skip
        [ask] = s.exec(select(Ask)).all()
        assert (ask.status, ask.resolved_on, ask.resolution_note) == (
            "resolved",
            date(2026, 11, 28),
            f"give #{first.id}",
        )
        assert s.get(Contact, bruno).last_contact == date(2026, 11, 27)  # type: ignore[union-attr]


def test_asks_are_the_models_rows(net: Any, env: Path):
    """`net ask` and `net resolve` (resolved and --dropped)."""
    from sqlmodel import select

    from netcli.store.db import write_session
    from netcli.store.models import Ask, Contact

    net("add", "Anna Blu")
    net("ask", "Anna", " un  commercialista ", "--tag", "Città", "--tag", "città", "--tag", "fisco")
    net("ask", "me", "a designer")
    net("ask", "Anna", "a notary")
    net("resolve", "1", "-m", " trovato ")
    net("resolve", "3", "--dropped")
    net("resolve", "3", code=3)
    with write_session(env) as s:
        anna = s.exec(select(Contact).where(Contact.name == "Anna Blu")).one().id
        first, second, third = s.exec(select(Ask).order_by(Ask.id)).all()
        today = date(2026, 11, 27)
        assert dump(first) == dump(
            Ask(
                contact_id=anna, text="un commercialista", tags='["città", "fisco"]',
                status="resolved", created_on=today, resolved_on=today,
                resolution_note="trovato", created_at="",
            )
        )  # fmt: skip
        assert dump(second) == dump(
            Ask(contact_id=1, text="a designer", created_on=today, created_at="")
        )
        assert dump(third) == dump(
            Ask(
                contact_id=anna, text="a notary", status="dropped", created_on=today,
                resolved_on=today, created_at="",
            )
        )  # fmt: skip


def test_outcomes_are_the_models_rows(net: Any, env: Path):
    """`net outcome`: a business value is kept by a later business without --value, cleared by
    another status; the note changes only when -m is given."""
    from sqlmodel import select

    from netcli.store.db import write_session
    from netcli.store.models import Contact, Intro

    net("add", "Anna Blu")
    net("add", "Bruno Neri")
    net("intro", "Anna", "Bruno", "--date", "2026-11-01")
    net("intro", "Bruno", "Anna", "--date", "2026-11-02")
    net("outcome", "1", "business", "--value", "1.000", "--date", "2026-11-10", "-m", " ok ")
    net("outcome", "1", "business", "--date", "2026-11-12")
    net("outcome", "2", "met", "-m", "caffè")
    net("outcome", "2", "declined")
    with write_session(env) as s:
        ids = {c.name: c.id for c in s.exec(select(Contact))}
        anna, bruno = ids["Anna Blu"], ids["Bruno Neri"]
        first, second = s.exec(select(Intro).order_by(Intro.id)).all()
        assert dump(first) == dump(
            Intro(
                by_id=1, a_id=anna, b_id=bruno, date=date(2026, 11, 1), status="business",
                value_cents=100000, outcome_on=date(2026, 11, 12), outcome_note="ok",
                created_at="",
            )
        )  # fmt: skip
        assert dump(second) == dump(
            Intro(
                by_id=1, a_id=bruno, b_id=anna, date=date(2026, 11, 2), status="declined",
                outcome_on=date(2026, 11, 27), outcome_note="caffè", created_at="",
            )
        )  # fmt: skip


def test_links_are_the_models_rows(net: Any, env: Path):
    """`net link` (new, then updated: the note stays unless --note is given) and `net unlink`."""
    from sqlmodel import select

    from netcli.store.db import write_session
    from netcli.store.models import Contact, Link

    for name in ("Anna Blu", "Bruno Neri", "Carla Rossi"):
        net("add", name)
    net("link", "Bruno", "Anna", "--note", " colleghi ")
    net("link", "Anna", "Bruno", "--strength", "5")
    net("link", "Anna", "Carla")
    net("unlink", "Carla", "Anna")
    net("unlink", "Carla", "Anna", code=3)
    with write_session(env) as s:
        ids = {c.name: c.id for c in s.exec(select(Contact))}
        [link] = s.exec(select(Link)).all()
        assert dump(link) == dump(
            Link(a_id=ids["Anna Blu"], b_id=ids["Bruno Neri"], strength=5, note="colleghi",
                 created_at="")
        )  # fmt: skip
        assert "T" in link.created_at


def test_rm_deletes_what_the_orm_deleted(net: Any, env: Path):
    """`net rm` on a plain connection: foreign keys cascade, a shared interaction keeps the
    other person, the other people's derived dates are refreshed."""
    from sqlmodel import select

    from netcli.store.db import write_session
    from netcli.store.models import Ask, Contact, Email, Give, Interaction, InteractionContact

    net("add", "Anna Blu", "--email", "a@blu.it")
    net("add", "Bruno Neri")
    net("ask", "Anna", "x")
    net("give", "Anna", "y")
    net("log", "Anna", "--date", "2026-11-20")
    net("log", "Anna", "Bruno", "--date", "2026-11-25")
    net("rm", "Anna", "--yes")
    with write_session(env) as s:
        [me, bruno] = s.exec(select(Contact).order_by(Contact.id)).all()
        assert bruno.name == "Bruno Neri" and bruno.last_contact == date(2026, 11, 25)
        for model in (Email, Ask, Give):
            assert s.exec(select(model)).all() == []
        [shared] = s.exec(select(Interaction)).all()
        assert shared.date == date(2026, 11, 25)
        assert [r.contact_id for r in s.exec(select(InteractionContact))] == [bruno.id]
