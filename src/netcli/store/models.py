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
    Date,
    ForeignKey,
    Index,
    Integer,
    UniqueConstraint,
    event,
)
from sqlmodel import Field, SQLModel

from netcli.store import keys, migrations
from netcli.store.migrations import (
    BIRTHDAY_INDEX_COLUMNS,
    FIND_INDEXES,
    LIST_INDEX_COLUMNS,
    PAIR_INDEXES,
    REPORT_INDEXES,
    RESULT_INDEXES,
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
    # The birthday (its date that year) that `net done` cleared from the queue (schema 8).
    birthday_done_for: dt.date | None = None
    # GAINS (schema 9, so last): what they want, did, like, belong to and can do
    goals: str | None = None
    accomplishments: str | None = None
    interests: str | None = None
    networks: str | None = None
    skills: str | None = None


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
        CheckConstraint(
            "status IN ('proposed','made','met','business','declined')", name="intro_status"
        ),
        Index("ix_intro_status_date", "status", "date"),
        # schema 3: every pair of the three people leads one index (migrations.PAIR_INDEXES)
        *(Index(name, *columns) for name, columns in PAIR_INDEXES["intro"]),
        # schema 15: `net report` sums the intros I made from this index alone
        Index(RESULT_INDEXES["intro"][0], *RESULT_INDEXES["intro"][1]),
    )

    id: int | None = Field(default=None, primary_key=True)
    by_id: int = Field(sa_column=_fk("contact.id", index=False))
    a_id: int = Field(sa_column=_fk("contact.id", index=False))
    b_id: int = Field(sa_column=_fk("contact.id", index=False))
    date: dt.date = Field(index=True)  # `net history`, newest first (schema 8)
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
    created_on: dt.date = Field(index=True)  # `net history`, newest first (schema 8)
    resolved_on: dt.date | None = None
    resolution_note: str | None = None
    created_at: str  # ISO 8601 with UTC offset
    text_key: str | None = None  # schema 6: folded text


class Give(SQLModel, table=True):
    __tablename__ = "give"
    __table_args__ = (
        # schema 3: (giver, receiver) and (receiver, giver) (migrations.PAIR_INDEXES)
        *(Index(name, *columns) for name, columns in PAIR_INDEXES["give"]),
        # schema 7: `net due` finds the referrals still in play through this index alone;
        # other kinds have no status and stay out of its range
        Index(*migrations.REFERRAL_STATUS_INDEX),
        Index(*migrations.KIND_INDEX),
        # schema 6: `net find` scans the folded texts in this index
        Index(FIND_INDEXES["give"][0], *FIND_INDEXES["give"][1]),
        # schema 15 (9 before): `net report` sums a period's gives from this index alone
        Index(RESULT_INDEXES["give"][0], *RESULT_INDEXES["give"][1]),
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
    # schema 7, referrals only (NULL for other kinds): the lifecycle of spec §11. `value_cents`
    # is the expected value; the result is `closed_value_cents`, set while status is business.
    status: str | None = None  # open, contacted, met, business, declined
    status_on: dt.date | None = None
    hot: int | None = None  # 1-5
    prospect_id: int | None = Field(
        default=None,
        sa_column=_fk("contact.id", nullable=True, on_delete="SET NULL"),
    )  # indexed: a merge or `net referrals REF` finds a contact's referrals by prospect
    closed_value_cents: int | None = Field(default=None, sa_column=Column(CENTS))


class StatusChange(SQLModel, table=True):
    """Schema 7: every status a referral (give) or an intro went through, with its date,
    value and note: the `history` of spec §10. Exactly one of give_id and intro_id is set."""

    __tablename__ = "status_change"
    __table_args__ = (
        CheckConstraint("(give_id IS NULL) <> (intro_id IS NULL)", name="status_change_owner"),
    )

    id: int | None = Field(default=None, primary_key=True)
    give_id: int | None = Field(default=None, sa_column=_fk("give.id", nullable=True))
    intro_id: int | None = Field(default=None, sa_column=_fk("intro.id", nullable=True))
    status: str
    date: dt.date
    value_cents: int | None = Field(default=None, sa_column=Column(CENTS))
    note: str | None = None
    created_at: str  # ISO 8601 with UTC offset


class Interaction(SQLModel, table=True):
    __tablename__ = "interaction"
    __table_args__ = (
        Index(FIND_INDEXES["interaction"][0], *FIND_INDEXES["interaction"][1]),
        *(Index(n, *columns) for n, columns in REPORT_INDEXES["interaction"]),
    )

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


class Term(SQLModel, table=True):
    """Schema 12: a stemmed word a contact holds, and in which field (store/terms.py): what
    `net who` and `net match` look a query's words up in. Kept by the write path."""

    __tablename__ = "term"
    __table_args__ = ({"sqlite_with_rowid": False},)

    term: str = Field(primary_key=True)
    field: str = Field(primary_key=True)
    contact_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("contact.id", ondelete="CASCADE"), primary_key=True, index=True
        )
    )


# The group (a referral chapter, spec §12): its roster and its shared ledger. On SQLite the
# whole store is one person's (or the secretary's); the members are contacts of that person.


def _member_fk(*, nullable: bool = False) -> Column:  # type: ignore[type-arg]
    # RESTRICT: a member who leaves keeps their rows (left_on), so the ledger never loses a side
    return Column(
        Integer,
        ForeignKey("member.id", ondelete="SET NULL" if nullable else "RESTRICT"),
        nullable=nullable,
        index=False,
    )


class Chapter(SQLModel, table=True):
    __tablename__ = "chapter"

    id: int | None = Field(default=None, primary_key=True)
    name: str
    created_at: str  # ISO 8601 with UTC offset


class Member(SQLModel, table=True):
    __tablename__ = "member"
    __table_args__ = (
        Index("ix_member_active_key", "left_on", "name_key"),
        Index("ix_member_category", "category_key"),
    )

    id: int | None = Field(default=None, primary_key=True)
    name: str
    name_key: str  # folded name (text.fold), for MEMBER references
    category: str | None = None
    category_key: str | None = None  # folded category: one member per category
    company: str | None = None
    contact_id: int | None = Field(
        default=None, sa_column=_fk("contact.id", nullable=True, on_delete="SET NULL")
    )
    role: str | None = None  # the PostgreSQL role (section 13), null on SQLite
    admin: bool = False
    since: dt.date
    left_on: dt.date | None = None  # `net group rm`: the member left; their records stay
    created_at: str  # ISO 8601 with UTC offset


class Slip(SQLModel, table=True):
    __tablename__ = "slip"
    __table_args__ = (
        CheckConstraint(
            "status IN ('open','contacted','met','business','declined')", name="slip_status"
        ),
        CheckConstraint("hot IS NULL OR hot BETWEEN 1 AND 5", name="slip_hot"),
        CheckConstraint("from_id <> to_id", name="slip_not_to_self"),
        Index("ix_slip_to_status", "to_id", "status", "date"),
        Index("ix_slip_from_date", "from_id", "date"),
        Index("ix_slip_date", "date"),
    )

    id: int | None = Field(default=None, primary_key=True)
    from_id: int = Field(sa_column=_member_fk())
    to_id: int = Field(sa_column=_member_fk())
    text: str
    hot: int | None = None
    prospect: str | None = None
    date: dt.date
    status: str = "open"
    status_on: dt.date
    closed_value_cents: int | None = Field(default=None, sa_column=Column(CENTS))
    created_at: str  # ISO 8601 with UTC offset


class SlipHistory(SQLModel, table=True):
    __tablename__ = "slip_history"

    id: int | None = Field(default=None, primary_key=True)
    slip_id: int = Field(sa_column=_fk("slip.id"))
    date: dt.date
    status: str
    value_cents: int | None = Field(default=None, sa_column=Column(CENTS))
    note: str | None = None


class Thanks(SQLModel, table=True):
    __tablename__ = "thanks"
    __table_args__ = (
        CheckConstraint("from_id <> to_id", name="thanks_not_to_self"),
        Index("ix_thanks_from_date", "from_id", "date"),
        Index("ix_thanks_to_date", "to_id", "date"),
    )

    id: int | None = Field(default=None, primary_key=True)
    from_id: int = Field(sa_column=_member_fk())  # who closed the business and says thank you
    to_id: int = Field(sa_column=_member_fk())  # who is thanked
    value_cents: int = Field(sa_column=Column(CENTS, nullable=False))
    date: dt.date
    slip_id: int | None = Field(
        default=None, sa_column=_fk("slip.id", nullable=True, on_delete="SET NULL")
    )
    note: str | None = None
    created_at: str  # ISO 8601 with UTC offset


class OneToOne(SQLModel, table=True):
    __tablename__ = "one_to_one"
    __table_args__ = (
        CheckConstraint("a_id <> b_id", name="one_to_one_two_people"),
        Index("ix_one_to_one_a_date", "a_id", "date"),
        Index("ix_one_to_one_b_date", "b_id", "date"),
    )

    id: int | None = Field(default=None, primary_key=True)
    a_id: int = Field(sa_column=_member_fk())
    b_id: int = Field(sa_column=_member_fk())
    date: dt.date
    note: str | None = None
    created_at: str  # ISO 8601 with UTC offset


class Meeting(SQLModel, table=True):
    __tablename__ = "meeting"

    id: int | None = Field(default=None, primary_key=True)
    date: dt.date = Field(sa_column=Column(Date, nullable=False, unique=True))
    created_at: str  # ISO 8601 with UTC offset


class Attendance(SQLModel, table=True):
    __tablename__ = "attendance"
    __table_args__ = (
        CheckConstraint(
            "status IN ('present','absent','late','substitute')", name="attendance_status"
        ),
        Index("ix_attendance_member", "member_id", "meeting_id"),
    )

    meeting_id: int = Field(
        sa_column=Column(Integer, ForeignKey("meeting.id", ondelete="CASCADE"), primary_key=True)
    )
    member_id: int = Field(
        sa_column=Column(Integer, ForeignKey("member.id", ondelete="RESTRICT"), primary_key=True)
    )
    status: str = "present"
    substitute: str | None = None  # who sat in for an absent member


class Visitor(SQLModel, table=True):
    __tablename__ = "visitor"
    __table_args__ = (Index("ix_visitor_by_date", "by_id", "date"),)

    id: int | None = Field(default=None, primary_key=True)
    name: str
    category: str | None = None
    by_id: int | None = Field(default=None, sa_column=_member_fk(nullable=True))
    date: dt.date
    created_at: str  # ISO 8601 with UTC offset


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
