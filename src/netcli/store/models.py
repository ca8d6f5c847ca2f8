"""SQLModel tables: the schema's one source of truth and the write path.

Money is stored as integer cents, 64-bit (BIGINT; SQLite's INTEGER is 64-bit already, so its
DDL keeps the name INTEGER). The `*_key` columns and `birthday_md` are derived from the
column beside them by Python on every write (store/keys.py) and are what search reads.
Dates are ISO `date`s; timestamps are ISO 8601 text with their UTC offset (SQLAlchemy's
SQLite DateTime would drop the offset).
`last_contact` and `next_due` on Contact are derived values kept up to date by the write path
(services.touch.refresh_contacts) and indexed, because computing them on every read is slow.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    Integer,
    UniqueConstraint,
    event,
)
from sqlmodel import Field, SQLModel

from netcli.store import keys
from netcli.store.migrations import (
    BIRTHDAY_INDEX_COLUMNS,
    FIND_INDEXES,
    LIST_INDEX_COLUMNS,
    PAIR_INDEXES,
)

# 64-bit cents on every database (schema 6)
CENTS = BigInteger().with_variant(Integer(), "sqlite")


def _fk(
    target: str, *, nullable: bool = False, on_delete: str = "CASCADE", index: bool = True
) -> Column:  # type: ignore[type-arg]
    return Column(Integer, ForeignKey(target, ondelete=on_delete), nullable=nullable, index=index)


class Contact(SQLModel, table=True):
    __tablename__ = "contact"
    __table_args__ = (
        CheckConstraint("trust BETWEEN 0 AND 5", name="trust_range"),
        Index("ix_contact_next_due", "archived", "next_due"),
        # `net due` looks active birthdays up by month-day, whatever the year (schema 6)
        Index("ix_contact_birthday_md", *BIRTHDAY_INDEX_COLUMNS),
        # `net list` reads its rows from this index alone, already in order (schema 2)
        Index("ix_contact_list", *LIST_INDEX_COLUMNS),
    )

    id: int | None = Field(default=None, primary_key=True)
    name: str
    search_key: str = Field(index=True)  # folded name: NFKD, no accents, casefolded
    company: str | None = None
    title: str | None = None
    category: str | None = None
    city: str | None = None
    birthday: str | None = None  # "MM-DD" or "YYYY-MM-DD"
    notes: str | None = None
    url: str | None = None
    trust: int = 3
    every: str | None = None  # canonical interval: 30d, 2w, 3m, 1y
    via_id: int | None = Field(
        default=None, sa_column=_fk("contact.id", nullable=True, on_delete="SET NULL")
    )
    met_on: dt.date | None = None
    is_me: bool = False
    archived: bool = False
    snoozed_until: dt.date | None = None
    last_contact: dt.date | None = Field(default=None, index=True)
    next_due: dt.date | None = None
    created_at: str  # ISO 8601 with UTC offset
    updated_at: str  # ISO 8601 with UTC offset
    # Its tags, sorted and joined with ", ", kept by triggers on `tag` (migrations.TRIGGERS):
    # `net list` shows them without a subquery per row. Never written by the code.
    tag_list: str | None = None
    # schema 6, written with their sources (store/keys.py)
    birthday_md: str | None = None  # "MM-DD" of birthday
    company_key: str | None = None
    title_key: str | None = None
    category_key: str | None = None
    city_key: str | None = None
    notes_key: str | None = None


class Email(SQLModel, table=True):
    __tablename__ = "email"
    __table_args__ = (UniqueConstraint("contact_id", "email_key"),)

    id: int | None = Field(default=None, primary_key=True)
    contact_id: int = Field(sa_column=_fk("contact.id"))
    email: str
    email_key: str = Field(index=True)  # casefolded, for duplicate detection
    position: int = 0


class Phone(SQLModel, table=True):
    __tablename__ = "phone"

    id: int | None = Field(default=None, primary_key=True)
    contact_id: int = Field(sa_column=_fk("contact.id"))
    phone: str
    position: int = 0


class Tag(SQLModel, table=True):
    __tablename__ = "tag"
    __table_args__ = (
        UniqueConstraint("contact_id", "tag"),
        Index(FIND_INDEXES["tag"][0], *FIND_INDEXES["tag"][1]),
    )

    id: int | None = Field(default=None, primary_key=True)
    contact_id: int = Field(sa_column=_fk("contact.id"))
    tag: str = Field(index=True)
    tag_key: str | None = None  # schema 6: folded tag


class Intro(SQLModel, table=True):
    __tablename__ = "intro"
    __table_args__ = (
        CheckConstraint("status IN ('made','met','business','declined')", name="intro_status"),
        Index("ix_intro_status_date", "status", "date"),
        # schema 3: every pair of the three people leads one index (migrations.PAIR_INDEXES)
        *(Index(name, *columns) for name, columns in PAIR_INDEXES["intro"]),
    )

    id: int | None = Field(default=None, primary_key=True)
    by_id: int = Field(sa_column=_fk("contact.id", index=False))
    a_id: int = Field(sa_column=_fk("contact.id", index=False))
    b_id: int = Field(sa_column=_fk("contact.id", index=False))
    date: dt.date
    note: str | None = None
    status: str = "made"
    value_cents: int | None = Field(default=None, sa_column=Column(CENTS))
    outcome_on: dt.date | None = None
    outcome_note: str | None = None
    created_at: str  # ISO 8601 with UTC offset


class Ask(SQLModel, table=True):
    __tablename__ = "ask"
    __table_args__ = (
        CheckConstraint("status IN ('open','resolved','dropped')", name="ask_status"),
    )

    id: int | None = Field(default=None, primary_key=True)
    contact_id: int = Field(sa_column=_fk("contact.id"))
    text: str
    tags: str = "[]"  # JSON list of lowercased tags
    status: str = Field(default="open", index=True)
    created_on: dt.date
    resolved_on: dt.date | None = None
    resolution_note: str | None = None
    created_at: str  # ISO 8601 with UTC offset
    text_key: str | None = None  # schema 6: folded text


class Give(SQLModel, table=True):
    __tablename__ = "give"
    # schema 3: (giver, receiver) and (receiver, giver) (migrations.PAIR_INDEXES)
    __table_args__ = (
        *(Index(name, *columns) for name, columns in PAIR_INDEXES["give"]),
        Index(FIND_INDEXES["give"][0], *FIND_INDEXES["give"][1]),
    )

    id: int | None = Field(default=None, primary_key=True)
    giver_id: int = Field(sa_column=_fk("contact.id", index=False))
    receiver_id: int = Field(sa_column=_fk("contact.id", index=False))
    text: str
    kind: str = "referral"
    value_cents: int | None = Field(default=None, sa_column=Column(CENTS))
    date: dt.date = Field(index=True)
    ask_id: int | None = Field(
        default=None, sa_column=_fk("ask.id", nullable=True, on_delete="SET NULL")
    )
    created_at: str  # ISO 8601 with UTC offset
    text_key: str | None = None  # schema 6: folded text


class Interaction(SQLModel, table=True):
    __tablename__ = "interaction"
    __table_args__ = (Index(FIND_INDEXES["interaction"][0], *FIND_INDEXES["interaction"][1]),)

    id: int | None = Field(default=None, primary_key=True)
    kind: str = "meeting"
    date: dt.date = Field(index=True)
    note: str | None = None
    created_at: str  # ISO 8601 with UTC offset
    note_key: str | None = None  # schema 6: folded note


class InteractionContact(SQLModel, table=True):
    __tablename__ = "interaction_contact"

    interaction_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("interaction.id", ondelete="CASCADE"), primary_key=True
        )
    )
    contact_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("contact.id", ondelete="CASCADE"), primary_key=True, index=True
        )
    )


class Link(SQLModel, table=True):
    __tablename__ = "link"
    __table_args__ = (
        UniqueConstraint("a_id", "b_id"),
        CheckConstraint("a_id < b_id", name="link_order"),
        CheckConstraint("strength BETWEEN 1 AND 5", name="link_strength"),
    )

    id: int | None = Field(default=None, primary_key=True)
    a_id: int = Field(sa_column=_fk("contact.id"))
    b_id: int = Field(sa_column=_fk("contact.id"))
    strength: int = 3
    note: str | None = None
    created_at: str  # ISO 8601 with UTC offset


class Reminder(SQLModel, table=True):
    __tablename__ = "reminder"

    id: int | None = Field(default=None, primary_key=True)
    contact_id: int = Field(sa_column=_fk("contact.id"))
    date: dt.date = Field(index=True)
    note: str | None = None
    done_on: dt.date | None = None
    created_at: str  # ISO 8601 with UTC offset


class Setting(SQLModel, table=True):
    __tablename__ = "setting"

    key: str = Field(primary_key=True)
    value: str


def _set_keys(_mapper: object, _connection: object, row: SQLModel) -> None:
    """Rows written through the ORM (the demo) get their derived columns like any other."""
    table = str(row.__tablename__)
    derived = keys.with_keys(
        table, {source: getattr(row, source) for source in keys.DERIVED[table]}
    )
    for column in keys.derived_columns(table):
        setattr(row, column, derived[column])


for _model in (Contact, Tag, Ask, Give, Interaction):
    event.listen(_model, "before_insert", _set_keys)
    event.listen(_model, "before_update", _set_keys)
