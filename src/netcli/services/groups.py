"""The group (a referral chapter, spec §12): roster, slips, thanks, one-to-ones, meetings,
visitors, and the views over them (report, gaps, scorecard). Rules only; rows are in
store/groups.py.

Who may do what (spec §12): every member reads everything; a member writes slips, thanks and
one-to-ones as their own `from` side and moves a slip only as its receiver; only admins change
the roster, meetings and visitors, and record for someone else (`--from`, paper slips).

The caller: on SQLite, where the store is one person's, the member who is my `me` contact
(the one who ran `net group init`: the group's first admin, usually the secretary); on
PostgreSQL, the member whose role is the server's `current_user`, and the database enforces
the same rules for every role, whatever client it uses (store/pg_groups.py).
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from netcli import dates, money
from netcli.errors import Ambiguous, InputError, NotFound, UsageError
from netcli.services.referrals import REFERRAL_STATUSES, canonical
from netcli.store import groups as rows
from netcli.text import clean_name, fold, word_starts

# A slip lives the life of a referral (spec §11): the same statuses and BNI's names for them.
STATUSES = REFERRAL_STATUSES
WINDOW_MONTHS = 6  # `report`'s default period and `scorecard`'s window

# `net config group.goal.*` (spec §12): what a member should reach in six months.
GOAL_DEFAULTS = {
    "group.goal.attendance": "95",  # percent of the meetings held while a member
    "group.goal.slips": "12",  # slips given
    "group.goal.one_to_ones": "12",  # one-to-ones, either side
    "group.goal.visitors": "2",  # visitors brought
    "group.goal.thanks": "5000",  # closed business thanked to them (AMOUNT)
}

_SLIP_ID = re.compile(r"[sS]?#?([0-9]{1,18})")
_MEMBER_ID = re.compile(r"#([0-9]{1,18})|([0-9]{1,18})")


# who is calling, and who is meant ----------------------------------------------------------


def chapter(conn: sqlite3.Connection) -> dict[str, Any]:
    found = rows.chapter(conn)
    if found is None:
        if rows.group_started(conn):  # on a server: the group is its members' to see
            raise InputError(
                "this store's group is for its members: ask an admin to add you "
                "(net group add ROLE)"
            )
        raise InputError("this store has no group yet: net group init NAME creates one")
    return found


def caller(conn: sqlite3.Connection) -> dict[str, Any]:
    """The member who runs this command: on SQLite, the member who is my `me` contact; on
    PostgreSQL, the member whose role runs it."""
    from netcli.store import queries

    chapter(conn)
    me = rows.my_member(conn, queries.me_id(conn))
    if me is None:
        raise InputError("you are not a member of this store's group")
    return me


def _writing(conn: sqlite3.Connection) -> None:
    """At the start of every write to the group's tables: the group-wide lock on a server."""
    rows.lock_group(conn)


def _admin(member: dict[str, Any], action: str) -> None:
    if not member["admin"]:
        raise InputError(f"only a group admin can {action}")


def member(conn: sqlite3.Connection, text: str) -> dict[str, Any]:
    """The member MEMBER names, matched against the roster like a REF (spec §3): `me`, an id
    (`4`, `#4`), the exact name, then a unique prefix of the name or of any word of it."""
    typed = text.strip()
    if not typed:
        raise InputError("an empty name refers to no member")
    if typed.casefold() == "me":
        return caller(conn)
    m = _MEMBER_ID.fullmatch(typed)
    if m:
        found = rows.member(conn, int(m[1] or m[2]))
        if found is None:
            raise NotFound(f"no member #{int(m[1] or m[2])} (see 'net group members')")
        return found
    roster = rows.members(conn)
    key = fold(typed)
    hits = [r for r in roster if r["name_key"] == key]
    if not hits:
        hits = [
            r
            for r in roster
            if r["name_key"].startswith(key)
            or any(w.startswith(key) for w in word_starts(r["name_key"]))
        ]
    if len(hits) == 1:
        return hits[0]
    if hits:
        raise Ambiguous(
            f"'{typed}' matches {len(hits)} members:",
            [f"  #{r['id']}  {r['name']}  ({r['category'] or 'no category'})" for r in hits[:20]],
            ref=typed,
            example_id=hits[0]["id"],
        )
    raise NotFound(f"no member matches '{typed}'", _did_you_mean(key, roster))


def _did_you_mean(key: str, roster: list[dict[str, Any]]) -> list[str]:
    """Up to three members whose name, or a word of it, is close to `key` (as for contacts)."""
    from netcli.services import similar
    from netcli.services.refs import candidates

    keys = [r["name_key"] for r in roster]
    picked: list[str] = []
    for close in similar.close_names(key, candidates(keys), n=10, cutoff=0.6):
        for r in roster:
            if (close == r["name_key"] or close in word_starts(r["name_key"])) and (
                r["name"] not in picked
            ):
                picked.append(r["name"])
                break
    return [f"did you mean: {', '.join(picked[:3])}?"] if picked else []


def slip_number(text: str) -> int:
    """`s3`, `3` or `#3`: a slip's number."""
    m = _SLIP_ID.fullmatch(text.strip())
    if not m:
        raise InputError(f"'{text.strip()}' is not a slip id (such as s3)")
    return int(m[1])


def status_of(text: str) -> str:
    """A slip status, BNI's `closed`/`no-sale` accepted; exit 2 for anything else."""
    word = canonical(text)
    if word not in STATUSES:
        raise UsageError(
            f"a slip status is one of {', '.join(STATUSES)} (or closed, no-sale), not '{text}'"
        )
    return word


def category_key(text: str | None) -> str:
    """A category as the roster compares it: folded, and each word without its final vowel,
    so Italian gender and number agree (`fotografa`, `fotografo` and `fotografi` are one
    category; `avvocata`, `avvocato`)."""
    return " ".join(w[:-1] if len(w) > 3 and w[-1] in "aeio" else w for w in fold(text).split())


def _text(text: str, what: str) -> str:
    cleaned = " ".join(text.split())
    if not cleaned:
        raise InputError(f"{what} needs a text")
    return cleaned


def _note(text: str | None) -> str | None:
    return " ".join((text or "").split()) or None


def _stamp() -> str:
    return dates.now().isoformat()


def _cents(conn: sqlite3.Connection, value: str) -> int:
    from netcli.store import queries

    cents = money.parse(value, queries.setting(conn, "currency"))
    if cents <= 0:
        raise InputError(f"an amount of thanks is more than zero, not '{value}'")
    return cents


# the roster ------------------------------------------------------------------------------


def init(conn: sqlite3.Connection, name: str, category: str | None, today: date) -> int:
    """Make the store's group; I am its first member and its admin. Returns my member id."""
    from netcli.store import queries

    _writing(conn)
    existing = rows.chapter(conn)
    if existing is not None:
        raise InputError(f"this store already has a group: {existing['name']}")
    if rows.group_started(conn):
        raise InputError("this store already has a group, for its members only")
    title = _text(name, "a group")
    me = dict(queries.contact_row(conn, queries.me_id(conn)) or {})
    role = rows.current_role(conn)
    # the member first: on a server, the group is visible to its members only
    member_id = _insert(
        conn, me, category or me["category"], None, role=role, admin=True, today=today
    )
    rows.insert_chapter(conn, title, _stamp())
    return member_id


def _insert(
    conn: sqlite3.Connection,
    contact: dict[str, Any],
    category: str | None,
    name: str | None,
    *,
    role: str | None = None,
    admin: bool,
    today: date,
) -> int:
    shown = clean_name(name) if name else contact["name"]
    if not shown:
        raise InputError("a member needs a name")
    cat = clean_name(category) if category else None
    return rows.insert_member(
        conn,
        name=shown,
        name_key=fold(shown),
        category=cat or None,
        category_key=category_key(cat) or None,
        company=contact.get("company"),
        contact_id=contact["id"],
        role=role,
        admin=admin,
        since=today,
        created_at=_stamp(),
    )


def add_member(
    conn: sqlite3.Connection,
    ref: str,
    *,
    category: str | None,
    name: str | None,
    admin: bool,
    force: bool,
    today: date,
) -> int:
    """Add one of my contacts to the roster (spec §12), or on PostgreSQL a role of the server
    (REF naming a role: the member is whoever logs in as it): one member per category unless
    `force`; the category is the contact's own unless given. Returns the member id."""
    from netcli.services import refs

    _writing(conn)
    _admin(caller(conn), "change the roster")
    role = ref.strip() if rows.role_exists(conn, ref.strip()) else None
    if role is not None:
        contact: dict[str, Any] = {"id": None, "name": role, "company": None, "category": None}
        already = rows.member_of_role(conn, role)
    else:
        contact = dict(refs.resolve(conn, ref))
        already = rows.member_of_contact(conn, contact["id"])
    if already is not None:
        raise InputError(f"{already['name']} is already a member (#{already['id']})")
    cat = clean_name(category) if category else (contact["category"] or None)
    if not cat:
        raise InputError(f"{contact['name']} has no category: a member has one (use --category)")
    taken = rows.members_in_category(conn, category_key(cat))
    if taken and not force:
        raise InputError(
            f"{taken[0]['name']} already covers '{taken[0]['category']}': one member per "
            "category (--force adds a second one)"
        )
    return _insert(conn, contact, cat, name, role=role, admin=admin, today=today)


def remove_member(conn: sqlite3.Connection, text: str, today: date) -> dict[str, Any]:
    """A member leaves the group: they leave the roster, their slips, thanks and attendance
    stay in the ledger (and in the reports of the periods they were in)."""
    _writing(conn)
    me = caller(conn)
    _admin(me, "change the roster")
    gone = member(conn, text)
    if gone["left_on"] is not None:
        raise InputError(f"{gone['name']} already left the group on {gone['left_on']}")
    admins = [r for r in rows.members(conn) if r["admin"]]
    if gone["admin"] and len(admins) == 1:
        raise InputError(f"{gone['name']} is the group's only admin: add another admin first")
    rows.set_left(conn, gone["id"], today)
    return gone


# the ledger ------------------------------------------------------------------------------


def _acting(conn: sqlite3.Connection, from_text: str | None, what: str) -> dict[str, Any]:
    """Who writes this record: me, or (admins only, e.g. paper slips) the member `--from`."""
    me = caller(conn)
    if from_text is None:
        return me
    other = member(conn, from_text)
    if other["id"] != me["id"]:
        _admin(me, f"record {what} for another member")
    return other


def _active(who: dict[str, Any]) -> None:
    if who["left_on"] is not None:
        raise InputError(f"{who['name']} left the group on {who['left_on']}")


def refer(
    conn: sqlite3.Connection,
    to_text: str,
    text: str,
    *,
    hot: int | None,
    prospect: str | None,
    from_text: str | None,
    on: date,
) -> int:
    """A referral slip from me (or `--from`) to MEMBER; returns its number."""
    _writing(conn)
    giver = _acting(conn, from_text, "a slip")
    receiver = member(conn, to_text)
    _active(giver)
    _active(receiver)
    if giver["id"] == receiver["id"]:
        raise InputError("a slip goes to another member, not to yourself")
    return rows.insert_slip(
        conn,
        from_id=giver["id"],
        to_id=receiver["id"],
        text=_text(text, "a slip"),
        hot=hot,
        prospect=_note(prospect),
        on=on,
        created_at=_stamp(),
    )


def slip_outcome(
    conn: sqlite3.Connection,
    slip_text: str,
    status: str,
    *,
    value: str | None,
    note: str | None,
    on: date,
) -> int:
    """Move a slip along its lifecycle (spec §11), by its receiver (or an admin)."""
    _writing(conn)
    number = slip_number(slip_text)
    found = rows.slip(conn, number)
    if found is None:
        raise NotFound(f"no slip s{number} (see 'net group slips')")
    me = caller(conn)
    if found["to_id"] != me["id"] and not me["admin"]:
        raise InputError(f"only {found['to_name']}, who received slip s{number}, can move it")
    new = status_of(status)
    if value is not None and new != "business":
        raise UsageError("--value goes with the status 'business' only")
    if on < date.fromisoformat(found["date"]):
        raise InputError(f"slip s{number} is dated {found['date']}: a change cannot come before")
    cents = _cents(conn, value) if value is not None else None
    if new == "business" and cents is None:
        cents = found["closed_value_cents"]
    closed = cents if new == "business" else None
    rows.set_slip_status(conn, number, new, on, closed)
    rows.insert_slip_history(conn, number, on, new, closed, _note(note))
    return number


def thank(
    conn: sqlite3.Connection,
    to_text: str,
    amount: str,
    *,
    for_slip: str | None,
    note: str | None,
    from_text: str | None,
    on: date,
) -> int:
    """ "Thank you for closed business": I closed AMOUNT of business thanks to MEMBER; `--for`
    closes that slip (it must be one MEMBER gave me). Returns the thanks id."""
    _writing(conn)
    thanker = _acting(conn, from_text, "thanks")
    thanked = member(conn, to_text)
    if thanker["id"] == thanked["id"]:
        raise InputError("thanks go to another member, not to yourself")
    cents = _cents(conn, amount)
    slip_id = None
    if for_slip is not None:
        slip_id = slip_number(for_slip)
        found = rows.slip(conn, slip_id)
        if found is None:
            raise NotFound(f"no slip s{slip_id} (see 'net group slips')")
        if (found["from_id"], found["to_id"]) != (thanked["id"], thanker["id"]):
            raise InputError(
                f"slip s{slip_id} went from {found['from_name']} to {found['to_name']}, "
                f"not from {thanked['name']} to {thanker['name']}"
            )
        if on < date.fromisoformat(found["date"]):
            raise InputError(f"slip s{slip_id} is dated {found['date']}: thanks cannot come before")
        rows.set_slip_status(conn, slip_id, "business", on, cents)
        rows.insert_slip_history(conn, slip_id, on, "business", cents, _note(note))
    return rows.insert_thanks(
        conn,
        from_id=thanker["id"],
        to_id=thanked["id"],
        value_cents=cents,
        on=on,
        slip_id=slip_id,
        note=_note(note),
        created_at=_stamp(),
    )


def one_to_one(
    conn: sqlite3.Connection,
    other_text: str,
    *,
    note: str | None,
    from_text: str | None,
    on: date,
) -> tuple[dict[str, Any], dict[str, Any]]:
    """A one-to-one between me (or `--from`) and MEMBER."""
    _writing(conn)
    a = _acting(conn, from_text, "a one-to-one")
    b = member(conn, other_text)
    if a["id"] == b["id"]:
        raise InputError("a one-to-one is with another member, not with yourself")
    rows.insert_one_to_one(conn, a["id"], b["id"], on, _note(note), _stamp())
    return a, b


@dataclass(frozen=True)
class MeetingSummary:
    date: date
    present: list[str]
    late: list[str]
    absent: list[str]
    substitutes: list[tuple[str, str]]
    replaced: bool


def meeting(
    conn: sqlite3.Connection,
    on: date,
    *,
    absent: Sequence[str],
    late: Sequence[str],
    substitutes: Sequence[str],
    replace: bool,
) -> MeetingSummary:
    """A chapter meeting and who attended: everyone on the roster that day is present but the
    `absent`, `late` and substituted (`MEMBER=NAME`) members."""
    _writing(conn)
    _admin(caller(conn), "record a meeting")
    roster = {r["id"]: r for r in rows.members_on(conn, on)}
    marks: dict[int, tuple[str, str | None]] = {}

    def mark(text: str, status: str, sub: str | None = None) -> None:
        who = member(conn, text)
        if who["id"] not in roster:
            raise InputError(f"{who['name']} was not a member on {on.isoformat()}")
        if who["id"] in marks:
            raise InputError(f"{who['name']} is named twice in this meeting")
        marks[who["id"]] = (status, sub)

    for text in absent:
        mark(text, "absent")
    for text in late:
        mark(text, "late")
    for pair in substitutes:
        who, sep, name = pair.partition("=")
        if not sep or not who.strip() or not name.strip():
            raise InputError(f"--substitute takes MEMBER=NAME, not '{pair}'")
        mark(who, "substitute", clean_name(name))
    existing = rows.meeting_on(conn, on)
    if existing is not None and not replace:
        raise InputError(
            f"a meeting on {on.isoformat()} is already recorded (--replace records its "
            "attendance again)"
        )
    if not roster:
        raise InputError(f"the group had no members on {on.isoformat()}")
    if existing is None:
        meeting_id = rows.insert_meeting(conn, on, _stamp())
    else:
        meeting_id = existing
        rows.clear_attendance(conn, meeting_id)
    attendance = [(mid, *marks.get(mid, ("present", None))) for mid in roster]
    rows.insert_attendance(conn, meeting_id, attendance)

    def named(status: str) -> list[str]:
        return [roster[m]["name"] for m, s, _ in attendance if s == status]

    return MeetingSummary(
        date=on,
        present=named("present"),
        late=named("late"),
        absent=named("absent"),
        substitutes=[
            (roster[m]["name"], sub or "") for m, s, sub in attendance if s == "substitute"
        ],
        replaced=existing is not None,
    )


def visitor(
    conn: sqlite3.Connection,
    name: str,
    *,
    category: str | None,
    by_text: str | None,
    on: date,
) -> int:
    """A visitor at a meeting, brought by a member (or by nobody in particular)."""
    _writing(conn)
    _admin(caller(conn), "record a visitor")
    by = member(conn, by_text) if by_text is not None else None
    shown = clean_name(name)
    if not shown:
        raise InputError("a visitor needs a name")
    cat = clean_name(category) if category else None
    return rows.insert_visitor(conn, shown, cat or None, by["id"] if by else None, on, _stamp())


# objects (spec §10) ------------------------------------------------------------------------


def member_object(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": row["id"],
        "name": row["name"],
        "category": row["category"],
        "company": row["company"],
        "admin": bool(row["admin"]),
        "since": row["since"],
        "contact_id": row["contact_id"],
        "role": row["role"],
        "left_on": row["left_on"],
    }


def member_record(conn: sqlite3.Connection, member_id: int) -> dict[str, Any]:
    """Member #N as its §10 object (active or not)."""
    found = rows.member(conn, member_id)
    if found is None:
        raise NotFound(f"no member #{member_id} (see 'net group members')")
    return member_object(found)


def roster(conn: sqlite3.Connection, *, with_left: bool = False) -> list[dict[str, Any]]:
    """`net group members`: the roster in name order."""
    chapter(conn)
    return [member_object(r) for r in rows.members(conn, with_left=with_left)]


def thanks_record(conn: sqlite3.Connection, thanks_id: int) -> dict[str, Any]:
    found = rows.thanks(conn, thanks_id)
    if found is None:
        raise NotFound(f"no thanks #{thanks_id}")
    return thanks_object(found)


def slip_objects(conn: sqlite3.Connection, found: list[dict[str, Any]]) -> list[dict[str, Any]]:
    histories = rows.slip_histories(conn, [s["id"] for s in found])
    return [
        {
            "id": f"s{s['id']}",
            "from_id": s["from_id"],
            "from": s["from_name"],
            "to_id": s["to_id"],
            "to": s["to_name"],
            "text": s["text"],
            "hot": s["hot"],
            "prospect": s["prospect"],
            "date": s["date"],
            "status": s["status"],
            "status_on": s["status_on"],
            "closed_value": money.to_decimal(s["closed_value_cents"]),
            "history": [
                {
                    "status": h["status"],
                    "date": h["date"],
                    "value": money.to_decimal(h["value_cents"]),
                    "note": h["note"],
                }
                for h in histories[s["id"]]
            ],
        }
        for s in found
    ]


def slip_object(conn: sqlite3.Connection, number: int) -> dict[str, Any]:
    found = rows.slip(conn, number)
    assert found is not None
    return slip_objects(conn, [found])[0]


def thanks_object(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": row["id"],
        "from_id": row["from_id"],
        "from": row["from_name"],
        "to_id": row["to_id"],
        "to": row["to_name"],
        "value": money.to_decimal(row["value_cents"]),
        "date": row["date"],
        "slip_id": None if row["slip_id"] is None else f"s{row['slip_id']}",
        "note": row["note"],
    }


def list_slips(
    conn: sqlite3.Connection, member_text: str | None, status: str | None
) -> list[dict[str, Any]]:
    chapter(conn)
    who = member(conn, member_text)["id"] if member_text else None
    found = rows.slips(conn, member_id=who, status=status_of(status) if status else None)
    return slip_objects(conn, found)


def profile_of(conn: sqlite3.Connection, contact_id: int, limit: int = 5) -> dict[str, Any] | None:
    """For `net show`: the group membership of this contact of mine, with their latest slips
    and thanks; None when they are not a member (or the store has no group)."""
    if rows.chapter(conn) is None:
        return None
    found = rows.member_of_contact(conn, contact_id)
    if found is None:
        return None
    return {
        "member": member_object(found),
        "slips": slip_objects(conn, rows.slips(conn, member_id=found["id"], limit=limit)),
        "thanks": [thanks_object(t) for t in rows.thanks_of_member(conn, found["id"], limit)],
    }


# report ------------------------------------------------------------------------------------

REPORT_KEYS = (
    "present",
    "absent",
    "late",
    "substitutes",
    "slips_given",
    "slips_received",
    "thanks_given",
    "thanks_received",
    "one_to_ones",
    "visitors",
)
MONEY_KEYS = ("thanks_given", "thanks_received")


def months_before(day: date, months: int) -> date:
    return dates.shift(day, -months, "m")


def period(since: date | None, until: date | None, today: date) -> tuple[date, date]:
    """`--since`/`--until` of the group views; the last six months by default."""
    end = until or today
    start = since or months_before(end, WINDOW_MONTHS) + timedelta(days=1)
    if start > end:
        raise InputError(f"--since ({start.isoformat()}) is after --until ({end.isoformat()})")
    return start, end


def report(conn: sqlite3.Connection, since: date, until: date) -> dict[str, Any]:
    """Per member and chapter totals over [since, until] (spec §12's JSON shape)."""
    chapter(conn)
    table: dict[int, dict[str, int]] = {}

    def row(member_id: int) -> dict[str, int]:
        return table.setdefault(member_id, dict.fromkeys(REPORT_KEYS, 0))

    for r in rows.attendance_counts(conn, since, until):
        counts = row(r["member_id"])
        if r["status"] in ("present", "late"):
            counts["present"] += r["n"]  # present includes late arrivals (spec §12)
        if r["status"] == "late":
            counts["late"] += r["n"]
        if r["status"] == "absent":
            counts["absent"] += r["n"]
        if r["status"] == "substitute":
            counts["substitutes"] += r["n"]
    for r in rows.slip_counts(conn, since, until):
        row(r["from_id"])["slips_given"] += r["n"]
        row(r["to_id"])["slips_received"] += r["n"]
    for r in rows.thanks_sums(conn, since, until):
        row(r["from_id"])["thanks_given"] += r["cents"]
        row(r["to_id"])["thanks_received"] += r["cents"]
    for r in rows.one_to_one_pairs(conn, since, until):
        row(r["a_id"])["one_to_ones"] += r["n"]
        row(r["b_id"])["one_to_ones"] += r["n"]
    for r in rows.visitor_counts(conn, since, until):
        row(r["by_id"])["visitors"] += r["n"]
    roster = {r["id"]: r for r in rows.members(conn, with_left=True)}
    shown = [
        m
        for m in roster.values()
        if m["left_on"] is None or m["id"] in table or m["left_on"] >= since.isoformat()
    ]
    members_out = []
    totals = dict.fromkeys(REPORT_KEYS, 0)
    for m in shown:
        counts = table.get(m["id"], dict.fromkeys(REPORT_KEYS, 0))
        for key in REPORT_KEYS:
            totals[key] += counts[key]
        members_out.append(
            {
                "member_id": m["id"],
                "member": m["name"],
                "category": m["category"],
                **{k: _shown(k, v) for k, v in counts.items()},
            }
        )
    # one_to_ones counts both sides of each one, so the chapter total counts each once
    totals["one_to_ones"] //= 2
    return {
        "since": since.isoformat(),
        "until": until.isoformat(),
        "meetings": rows.meeting_count(conn, since, until),
        "members": members_out,
        "totals": {k: _shown(k, v) for k, v in totals.items()},
        "months": months(conn, since, until),
    }


def months(conn: sqlite3.Connection, since: date, until: date) -> list[dict[str, Any]]:
    """Each month of [since, until]: slips passed, one-to-ones, thanks (count and value)."""
    found: dict[str, dict[str, Any]] = {}
    day = since.replace(day=1)
    while day <= until:
        key = day.isoformat()[:7]
        found[key] = {"month": key, "slips": 0, "one_to_ones": 0, "thanks": 0, "thanks_value": 0}
        day = dates.shift(day, 1, "m")
    for r in rows.daily_activity(conn, since, until):
        month = found[str(r["day"])[:7]]
        if r["kind"] == "slip":
            month["slips"] += r["n"]
        elif r["kind"] == "one_to_one":
            month["one_to_ones"] += r["n"]
        else:
            month["thanks"] += r["n"]
            month["thanks_value"] += r["cents"] or 0
    for month in found.values():
        month["thanks_value"] = money.to_decimal(month["thanks_value"])
    return list(found.values())


def _shown(key: str, value: int) -> Any:
    return money.to_decimal(value) if key in MONEY_KEYS else value


# scorecard -----------------------------------------------------------------------------------

METRICS = ("attendance", "slips", "one_to_ones", "visitors", "thanks")


def goals(settings: dict[str, str]) -> dict[str, int]:
    """The thresholds of `net config group.goal.*` (thanks in cents)."""
    found = {}
    for key, default in GOAL_DEFAULTS.items():
        metric = key.removeprefix("group.goal.")
        text = settings.get(key, default)
        found[metric] = money.parse(text) if metric == "thanks" else int(text)
    return found


def light(metric: str, value: float, goal: float) -> str:
    """green at or above the goal; yellow within reach (attendance: 10 points below, the
    others: half the goal); red below that."""
    if value >= goal:
        return "green"
    reach = goal - 10 if metric == "attendance" else goal / 2
    return "yellow" if value >= reach else "red"


def overall(lights: Iterable[str]) -> str:
    """Green 2, yellow 1, red 0 points, averaged: ≥ 1.5 green, ≥ 1 yellow, else red."""
    points = [{"green": 2, "yellow": 1, "red": 0}[c] for c in lights]
    mean = sum(points) / len(points)
    return "green" if mean >= 1.5 else "yellow" if mean >= 1 else "red"


def scorecard(
    conn: sqlite3.Connection, member_text: str | None, today: date, settings: dict[str, str]
) -> list[dict[str, Any]]:
    """Green / yellow / red per member over the last six months (spec §12). A member who
    joined within the window is measured against goals scaled to their time in it."""
    since, until = period(None, None, today)
    table = {r["member_id"]: r for r in report(conn, since, until)["members"]}
    wanted = [member(conn, member_text)] if member_text else rows.members(conn)
    target = goals(settings)
    window = (until - since).days + 1
    held = rows.meeting_count(conn, since, until)
    found = []
    for m in wanted:
        counts = table.get(m["id"]) or dict.fromkeys(REPORT_KEYS, 0)
        joined = max(since, date.fromisoformat(m["since"]))
        share = max((until - joined).days + 1, 0) / window
        meetings = rows.meeting_count(conn, joined, until) if joined > since else held
        attended = counts["present"] + counts["substitutes"]  # a substitute is not an absence
        values: dict[str, float] = {
            "attendance": 100.0 if meetings == 0 else 100.0 * attended / meetings,
            "slips": counts["slips_given"],
            "one_to_ones": counts["one_to_ones"],
            "visitors": counts["visitors"],
            "thanks": money.to_cents(counts["thanks_received"]) or 0,
        }
        lights = {
            metric: light(
                metric,
                values[metric],
                target[metric] if metric == "attendance" else target[metric] * share,
            )
            for metric in METRICS
        }
        found.append(
            {
                "member_id": m["id"],
                "member": m["name"],
                **lights,
                "overall": overall(lights.values()),
                "values": {
                    "attendance": round(values["attendance"]),
                    "slips": int(values["slips"]),
                    "one_to_ones": int(values["one_to_ones"]),
                    "visitors": int(values["visitors"]),
                    "thanks": money.to_decimal(int(values["thanks"])),
                },
            }
        )
    return found


# gaps ------------------------------------------------------------------------------------------

# Contact spheres: categories that serve the same clients, so members of one sphere pass each
# other work. Italian, as the chapters our users run; `--spheres FILE` replaces the set.
SPHERES: dict[str, tuple[str, ...]] = {
    "casa": (
        "notaio",
        "architetto",
        "geometra",
        "agente immobiliare",
        "impresa edile",
        "mediatore creditizio",
        "idraulico",
        "elettricista",
        "interior designer",
    ),
    "impresa": (
        "commercialista",
        "avvocato",
        "consulente del lavoro",
        "broker assicurativo",
        "consulente finanziario",
        "informatico",
    ),
    "marketing": (
        "grafico",
        "web agency",
        "fotografo",
        "videomaker",
        "copywriter",
        "tipografia",
        "social media manager",
    ),
    "eventi": ("catering", "fiorista", "wedding planner", "location per eventi", "musicista"),
    "salute": (
        "dentista",
        "fisioterapista",
        "nutrizionista",
        "personal trainer",
        "psicologo",
        "osteopata",
    ),
}


def load_spheres(path: Path) -> dict[str, tuple[str, ...]]:
    """A TOML file of `sphere = ["category", …]`; InputError naming what is wrong."""
    import tomllib

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise InputError(f"{path} is not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"{path} is not valid TOML: {exc}") from None
    spheres: dict[str, tuple[str, ...]] = {}
    for sphere, categories in data.items():
        if not isinstance(categories, list) or not all(
            isinstance(c, str) and c.strip() for c in categories
        ):
            raise InputError(
                f"{path}: '{sphere}' must be a list of categories, e.g. "
                f'{sphere} = ["notaio", "architetto"]'
            )
        spheres[clean_name(sphere)] = tuple(clean_name(c) for c in categories)
    if not spheres:
        raise InputError(f"{path} defines no sphere")
    return spheres


def gaps(
    conn: sqlite3.Connection, spheres: dict[str, tuple[str, ...]], limit: int = 5
) -> list[dict[str, Any]]:
    """Each sphere's categories, who covers them, and for the uncovered ones the people in my
    own network with that category whom I could invite (spec §12)."""
    chapter(conn)
    covered: dict[str, dict[str, Any]] = {}
    members_now = rows.members(conn)
    for m in members_now:
        if m["category_key"]:
            covered.setdefault(m["category_key"], m)
    in_group = {m["contact_id"] for m in members_now if m["contact_id"] is not None}
    by_category: dict[str, list[dict[str, Any]]] = {}
    for c in sorted(rows.categorised_contacts(conn), key=lambda c: (c["search_key"], c["id"])):
        if c["id"] not in in_group:
            by_category.setdefault(category_key(c["category"]), []).append(c)
    found = []
    for sphere, categories in spheres.items():
        for category in categories:
            key = category_key(category)
            who = covered.get(key)
            candidates = [] if who else by_category.get(key, [])[:limit]
            found.append(
                {
                    "sphere": sphere,
                    "category": category,
                    "covered_by": None if who is None else who["name"],
                    "covered_by_id": None if who is None else who["id"],
                    "candidates": [
                        {"contact_id": c["id"], "contact": c["name"]} for c in candidates
                    ],
                }
            )
    return found
