"""SQLModel tables: the schema's one source of truth and the write path.

Money is stored as integer cents. Dates are ISO `date`s; timestamps are ISO 8601 text with
their UTC offset (SQLAlchemy's SQLite DateTime would drop the offset).
`last_contact` and `next_due` on Contact are derived values kept up to date by the write path
(services.touch.refresh_contacts) and indexed, because computing them on every read is slow.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    Integer,
    UniqueConstraint,
    text,
)
from sqlmodel import Field, SQLModel

from netcli.store.migrations import LIST_INDEX_COLUMNS, PAIR_INDEXES


def _fk(
    target: str, *, nullable: bool = False, on_delete: str = "CASCADE", index: bool = True
) -> Column:  # type: ignore[type-arg]
    return Column(Integer, ForeignKey(target, ondelete=on_delete), nullable=nullable, index=index)


class Contact(SQLModel, table=True):
    __tablename__ = "contact"
    __table_args__ = (
        CheckConstraint("trust BETWEEN 0 AND 5", name="trust_range"),
        Index("ix_contact_next_due", "archived", "next_due"),
        # `net due` looks birthdays up by month-day, whatever the year
        Index("ix_contact_birthday_md", text("substr(birthday, -5)")),
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
    # The birthday (its date that year) that `net done` cleared from the queue (schema 8).
    birthday_done_for: dt.date | None = None


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
    __table_args__ = (UniqueConstraint("contact_id", "tag"),)

    id: int | None = Field(default=None, primary_key=True)
    contact_id: int = Field(sa_column=_fk("contact.id"))
    tag: str = Field(index=True)


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
    date: dt.date = Field(index=True)  # `net history`, newest first (schema 8)
    note: str | None = None
    status: str = "made"
    value_cents: int | None = None
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
    created_on: dt.date = Field(index=True)  # `net history`, newest first (schema 8)
    resolved_on: dt.date | None = None
    resolution_note: str | None = None
    created_at: str  # ISO 8601 with UTC offset


class Give(SQLModel, table=True):
    __tablename__ = "give"
    # schema 3: (giver, receiver) and (receiver, giver) (migrations.PAIR_INDEXES)
    __table_args__ = tuple(Index(name, *columns) for name, columns in PAIR_INDEXES["give"])

    id: int | None = Field(default=None, primary_key=True)
    giver_id: int = Field(sa_column=_fk("contact.id", index=False))
    receiver_id: int = Field(sa_column=_fk("contact.id", index=False))
    text: str
    kind: str = "referral"
    value_cents: int | None = None
    date: dt.date = Field(index=True)
    ask_id: int | None = Field(
        default=None, sa_column=_fk("ask.id", nullable=True, on_delete="SET NULL")
    )
    created_at: str  # ISO 8601 with UTC offset


class Interaction(SQLModel, table=True):
    __tablename__ = "interaction"

    id: int | None = Field(default=None, primary_key=True)
    kind: str = "meeting"
    date: dt.date = Field(index=True)
    note: str | None = None
    created_at: str  # ISO 8601 with UTC offset


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
