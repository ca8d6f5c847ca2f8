"""The follow-up queue (spec §7) and its use cases: remind, snooze, done.

The rules that decide when something is due are pure functions (no I/O) so they can be tested
at their edges; `due_items` feeds them the rows that store.queries reads through indexes.

Snooze semantics (docs/follow-ups.md): `net snooze REF DATE` sets contact.snoozed_until, which
holds back the cadence, intro check-ins and stale asks of REF until DATE; it moves REF's open
reminders dated before DATE to DATE; a birthday cannot move, so one falling before DATE is
skipped that year. Reminders added after a snooze are not held back.
"""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any, NamedTuple

from netcli import dates
from netcli.errors import InputError
from netcli.services.touch import cadence_due, refresh_contacts, tag_everys
from netcli.store import followups as rows
from netcli.store import queries, records
from netcli.text import fold, shell_word

REASONS = ("reminder", "cadence", "intro", "referral", "ask", "birthday")
DEFAULT_DAYS = 7


class DueItem(NamedTuple):
    """One entry of the queue: JSON per spec §7, plus the command that deals with it.

    A NamedTuple, like the other results here: `dataclasses` imports `inspect`, ~15% of a
    `net due` (docs/performance.md)."""

    contact_id: int
    contact: str
    reason: str
    due: date
    overdue_days: int
    detail: str
    ref: dict[str, int] | None
    command: str
    sort_name: str = ""

    def as_json(self) -> dict[str, Any]:
        return {
            "contact_id": self.contact_id,
            "contact": self.contact,
            "reason": self.reason,
            "due": self.due,
            "overdue_days": self.overdue_days,
            "detail": self.detail,
            "ref": self.ref,
            "command": self.command,
        }

    @property
    def group(self) -> str:
        """overdue, today or upcoming."""
        if self.overdue_days > 0:
            return "overdue"
        return "today" if self.overdue_days == 0 else "upcoming"


# pure rules ----------------------------------------------------------------------------


def held_back(due: date, snoozed_until: date | None) -> date:
    """A snooze moves a due date forward to the snooze date, never back."""
    return max(due, snoozed_until) if snoozed_until else due


def cadence_date(
    every: str | None, last_contact: date | None, added: date, snoozed_until: date | None
) -> date | None:
    """Last in touch (never: the added date) + every, held back by a snooze."""
    due = cadence_due(every, last_contact, added)
    return held_back(due, snoozed_until) if due else None


def intro_check_date(made_on: date, intro_days: int, snoozed_until: date | None) -> date:
    """`due.intro_days` after an intro still in status made: time to ask how it went."""
    return held_back(made_on + timedelta(days=intro_days), snoozed_until)


def referral_check_date(since: date, days: int, snoozed_until: date | None) -> date:
    """`days` after a referral's date (received, still open: act on it) or its last status
    change (given, still in play: ask how it is going)."""
    return held_back(since + timedelta(days=days), snoozed_until)


def stale_ask_date(created_on: date, ask_days: int, snoozed_until: date | None) -> date:
    """`due.ask_days` after an ask was opened and is still open."""
    return held_back(created_on + timedelta(days=ask_days), snoozed_until)


def birthday_date(birthday: str, on: date, snoozed_until: date | None) -> date | None:
    """The birthday this year, or next year once passed (29 Feb: 28 Feb in other years).

    A birthday cannot be moved: one that falls before a snooze date is skipped.
    """
    when = dates.next_birthday(birthday, on)
    if snoozed_until is not None and when < snoozed_until:
        return None
    return when


def birthday_to_clear(birthday: str | None, on: date) -> date | None:
    """The birthday `net done` on `on` clears: the next one, when it falls within the
    default window of `net due` (today and the next DEFAULT_DAYS days); None otherwise."""
    if not birthday:
        return None
    when = dates.next_birthday(birthday, on)
    return when if (when - on).days <= DEFAULT_DAYS else None


def birthday_ranges(on: date, until: date) -> list[tuple[str, str]] | None:
    """MM-DD ranges that surely contain every birthday falling between two days (a superset:
    the exact test is birthday_date). None when the window spans a whole year."""
    if (until - on).days >= 365:
        return None
    low, high = on.strftime("%m-%d"), until.strftime("%m-%d")
    if high == "02-28":
        high = "02-29"  # in a non-leap year, 29 Feb birthdays fall on the 28th
    if low <= high and on.year == until.year:
        return [(low, high)]
    return [(low, "12-31"), ("01-01", high)]


def sort_items(items: Iterable[DueItem]) -> list[DueItem]:
    """Spec §7 order: most overdue first, then reason in table order, then name."""
    return sorted(
        items,
        key=lambda i: (
            -i.overdue_days,
            REASONS.index(i.reason),
            i.sort_name or fold(i.contact),
            i.contact_id,
            tuple((i.ref or {}).values()),
        ),
    )


def shell_ref(name: str, contact_id: int, shared: bool) -> str:
    """The contact as a REF to paste in a shell: the full name (an exact match, spec §3),
    quoted when needed, or the id when another active contact has the same name."""
    if shared or name.lstrip("#").isdigit() or name.startswith("-"):
        return str(contact_id)  # an id, an option or a comment to the shell otherwise
    return shell_word(name)


# reading the queue ---------------------------------------------------------------------


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def due_items(
    conn: sqlite3.Connection,
    on: date,
    days: int = DEFAULT_DAYS,
    contact_id: int | None = None,
) -> list[DueItem]:
    """The queue: everything due on or before `on`, plus the next `days` days, in §7 order."""
    until = on + timedelta(days=days)
    config = queries.settings(conn)
    intro_days, ask_days = int(config["due.intro_days"]), int(config["due.ask_days"])
    me = queries.me_id(conn)
    raw_items: list[tuple[int, str, str, str, date, str, dict[str, int] | None, str]] = []
    # (contact_id, name, search_key, reason, due, detail, ref, command kind)

    contacts = queries.due_contacts(conn, until.isoformat(), contact_id)
    by_id = {r["id"]: r for r in contacts}
    for r in queries.open_reminders(conn, list(by_id), until.isoformat()):
        c = by_id[r["contact_id"]]
        when = date.fromisoformat(r["date"])
        detail = f"reminder: {r['note']}" if r["note"] else "reminder"
        raw_items.append(
            (
                c["id"],
                c["name"],
                c["search_key"],
                "reminder",
                when,
                detail,
                {"reminder": r["id"]},
                "done",
            )
        )
    from_tags = tag_everys(conn, [c["id"] for c in contacts if not c["every"]])
    for c in contacts:
        last = _day(c["last_contact"])
        added = date.fromisoformat(c["created_at"][:10])
        snoozed = _day(c["snoozed_until"])
        every, tag = (c["every"], None) if c["every"] else from_tags.get(c["id"], (None, None))
        cadence_on = cadence_date(every, last, added, snoozed)
        if cadence_on is None or cadence_on > until:
            continue
        when = cadence_on
        touch = f"last in touch {last}" if last else f"never in touch (added {added})"
        detail = f"every {every}{f' (tag {tag})' if tag else ''}, {touch}"
        if snoozed and when == snoozed:
            detail += f", snoozed until {snoozed}"
        raw_items.append(
            (c["id"], c["name"], c["search_key"], "cadence", when, detail, None, "done")
        )

    for r in queries.made_intros(
        conn, me, (until - timedelta(days=intro_days)).isoformat(), contact_id
    ):
        when = intro_check_date(
            date.fromisoformat(r["date"]), intro_days, _day(r["target_snoozed"])
        )
        if when > until:
            continue
        who, a, b = ("you" if r[f"{k}_id"] == me else r[f"{k}_name"] for k in ("by", "a", "b"))
        detail = f"intro i{r['id']} of {r['date']}: {who} introduced {a} to {b}; how did it go?"
        raw_items.append(
            (
                r["target_id"],
                r["target_name"],
                r["target_key"],
                "intro",
                when,
                detail,
                {"intro": r["id"]},
                f"outcome {r['id']}",
            )
        )

    raw_items += _results_loop(conn, me, until, config, contact_id)

    for r in queries.stale_asks(
        conn, me, (until - timedelta(days=ask_days)).isoformat(), contact_id
    ):
        when = stale_ask_date(
            date.fromisoformat(r["created_on"]), ask_days, _day(r["snoozed_until"])
        )
        if when > until:
            continue
        detail = f"ask a{r['id']} open since {r['created_on']}: {r['text']}"
        raw_items.append(
            (
                r["contact_id"],
                r["name"],
                r["search_key"],
                "ask",
                when,
                detail,
                {"ask": r["id"]},
                f"ask {r['id']}",
            )
        )

    raw_items += _slip_items(conn, me, until, contact_id, config)

    for r in queries.birthdays_between(conn, birthday_ranges(on, until), contact_id):
        birthday_on = birthday_date(r["birthday"], on, _day(r["snoozed_until"]))
        if birthday_on is None or birthday_on > until:
            continue
        last = _day(r["last_contact"])
        if last is not None and last >= birthday_on:
            continue  # in touch on the day (`net done X -m "birthday wishes"`): wished
        if r["birthday_done_for"] == birthday_on.isoformat():
            continue  # cleared by `net done` within the days before it
        when = birthday_on
        detail = "birthday"
        if len(r["birthday"]) == 10:
            detail += f" (turns {when.year - int(r['birthday'][:4])})"
        raw_items.append(
            (r["id"], r["name"], r["search_key"], "birthday", when, detail, None, "birthday")
        )

    shared = queries.shared_names(conn, [i[2] for i in raw_items if i[7] in ("done", "birthday")])
    items = []
    for cid, name, key, reason, when, detail, ref, action in raw_items:
        items.append(
            DueItem(
                contact_id=cid,
                contact=name,
                reason=reason,
                due=when,
                overdue_days=(on - when).days,
                detail=detail,
                ref=ref,
                command=_command(action, shell_ref(name, cid, key in shared)),
                sort_name=key,
            )
        )
    return sort_items(items)


RawItem = tuple[int, str, str, str, date, str, dict[str, int] | None, str]


def _on_target(
    r: Any, reason: str, when: date, detail: str, ref: dict[str, int], command: str
) -> RawItem:
    """An item on the row's target contact, with the command to run next."""
    return (r["target_id"], r["target_name"], r["target_key"], reason, when, detail, ref,
            f"command {command}")  # fmt: skip


def _results_loop(
    conn: sqlite3.Connection,
    me: int,
    until: date,
    config: dict[str, str],
    contact_id: int | None,
) -> list[RawItem]:
    """Referrals both ways and proposed intros (spec §7, §11), each read through an index."""
    from netcli.services.referrals import NEXT
    from netcli.store import referrals

    found: list[RawItem] = []
    referral_days = int(config["due.referral_days"])
    intro_days = int(config["due.intro_days"])
    proposed_days = int(config["due.proposed_days"])
    cutoff = (until - timedelta(days=referral_days)).isoformat()
    for r in referrals.received_open(conn, me, cutoff, contact_id):
        when = referral_check_date(
            date.fromisoformat(r["date"]), referral_days, _day(r["target_snoozed"])
        )
        if when > until:
            continue
        about = f"contact {r['prospect']}" if r["prospect"] else "act on it"
        detail = f"referral g{r['id']} of {r['date']} (hot {r['hot']}): {about}: {r['text']}"
        found.append(
            _on_target(
                r, "referral", when, detail, {"give": r["id"]}, f"net outcome g{r['id']} contacted"
            )
        )
    cutoff = (until - timedelta(days=intro_days)).isoformat()
    for r in referrals.given_in_play(conn, me, cutoff, contact_id):
        when = referral_check_date(
            date.fromisoformat(r["status_on"]), intro_days, _day(r["target_snoozed"])
        )
        if when > until:
            continue
        about = f" about {r['prospect']}" if r["prospect"] else ""
        detail = (
            f"your referral g{r['id']}{about} is {r['status']} since {r['status_on']}; "
            f"how is it going? ({r['text']})"
        )
        found.append(
            _on_target(
                r,
                "referral",
                when,
                detail,
                {"give": r["id"]},
                f"net outcome g{r['id']} {NEXT[r['status']]}",
            )
        )
    cutoff = (until - timedelta(days=proposed_days)).isoformat()
    for r in referrals.proposed_intros(conn, cutoff, contact_id):
        when = intro_check_date(
            date.fromisoformat(r["date"]), proposed_days, _day(r["target_snoozed"])
        )
        if when > until:
            continue
        a = "you" if r["a_id"] == me else r["a_name"]
        detail = (
            f"intro i{r['id']} proposed on {r['date']}: does {r['target_name']} agree to meet {a}?"
        )
        found.append(
            _on_target(r, "intro", when, detail, {"intro": r["id"]}, f"net outcome i{r['id']} made")
        )
    return found


def slip_check_date(
    side: str, dated: date, status_on: date, config: dict[str, str], snoozed: date | None
) -> date:
    """A group slip I received is acted on `due.referral_days` after its date; one I gave is
    checked `due.intro_days` after its last change (spec §7 reason `referral`)."""
    if side == "received":
        return held_back(dated + timedelta(days=int(config["due.referral_days"])), snoozed)
    return held_back(status_on + timedelta(days=int(config["due.intro_days"])), snoozed)


def _slip_items(
    conn: sqlite3.Connection,
    me: int,
    until: date,
    contact_id: int | None,
    config: dict[str, str],
) -> list[RawItem]:
    """`referral` items from the group's slips (spec §12): mine to act on or to check on."""
    from netcli.store import groups

    member = groups.my_member(conn, me) if groups.chapter(conn) else None
    if member is None:
        return []
    found: list[RawItem] = []
    for r in groups.slip_followups(conn, member["id"], until, contact_id):
        when = slip_check_date(
            r["side"],
            date.fromisoformat(r["date"]),
            date.fromisoformat(r["status_on"]),
            config,
            _day(r["snoozed_until"]),
        )
        if when > until:
            continue
        prospect = f" {r['prospect']}:" if r["prospect"] else ""
        if r["side"] == "received":
            detail = f"slip s{r['id']} of {r['date']}: contact{prospect} {r['text']}"
            action = f"command net group outcome s{r['id']} contacted"
        else:
            detail = f"slip s{r['id']} ({r['status']} since {r['status_on']}): how did it go?"
            # only its receiver (or an admin) moves a slip: a member who gave it asks, then
            # snoozes the check until the receiver's next change or a week
            action = f"command net group outcome s{r['id']} met" if member["admin"] else "snooze"
        found.append(
            (
                r["contact_id"],
                r["name"],
                r["search_key"],
                "referral",
                when,
                detail,
                {"slip": r["id"]},
                action,
            )
        )
    return found


def _command(action: str, ref: str) -> str:
    """The next command to run for an item."""
    if action.startswith("command "):
        return action.removeprefix("command ")
    if action == "done":
        return f"net done {ref}"
    if action == "snooze":
        return f"net snooze {ref} 1w"
    if action == "birthday":
        return f'net done {ref} -m "birthday wishes"'
    if action.startswith("outcome "):
        return f"net outcome {action.split()[1]} met"
    verb = "match" if matching_available() else "resolve"
    return f"net {verb} {action.split()[1]}"


@functools.cache
def matching_available() -> bool:
    """Whether the matching service (issue 6) is installed; checked without importing it."""
    from importlib.util import find_spec

    return find_spec("netcli.services.matching") is not None


# use cases -----------------------------------------------------------------------------


class Snoozed(NamedTuple):
    """What `net snooze` moved."""

    contact_id: int
    contact: str
    until: date
    moved: list[DueItem]


def _contact_for_followup(conn: sqlite3.Connection, ref: str) -> sqlite3.Row:
    from netcli.services import refs

    row = refs.resolve(conn, ref)
    if row["is_me"]:
        raise InputError("follow-ups are for your contacts, not for you")
    return row


def remind(conn: sqlite3.Connection, ref: str, when_text: str, note: str | None) -> dict[str, Any]:
    """Add an explicit follow-up date for a contact; returns the reminder as a dict."""
    from netcli.services.contacts import parse_date

    row = _contact_for_followup(conn, ref)
    when = parse_date(conn, when_text)
    text = (note or "").strip() or None
    reminder_id = rows.insert_reminder(conn, row["id"], when, text, dates.now().isoformat())
    refresh_contacts(conn, [row["id"]])
    return {
        "id": reminder_id,
        "ref": f"r{reminder_id}",
        "contact_id": row["id"],
        "contact": row["name"],
        "date": when,
        "note": text,
        "done_on": None,
        "archived": bool(row["archived"]),
    }


def snooze(conn: sqlite3.Connection, ref: str, until_text: str) -> Snoozed:
    """Move whatever of REF is due before a day to that day (see the module docstring)."""
    from netcli.services.contacts import parse_date

    row = _contact_for_followup(conn, ref)
    until = parse_date(conn, until_text)
    today = dates.today()
    if until < today:
        raise InputError(f"cannot snooze into the past ({until}); pick today or a later day")
    days = (until - today).days
    moved = [i for i in due_items(conn, today, days, row["id"]) if i.due < until]
    rows.snooze_contact(conn, row["id"], until, dates.now().isoformat())
    refresh_contacts(conn, [row["id"]])
    return Snoozed(row["id"], row["name"], until, moved)


class Done(NamedTuple):
    """What `net done` did for one contact."""

    contact_id: int
    contact: str
    interaction_id: int
    kind: str
    on: date
    cleared: list[int]
    next_due: date | None


def done(conn: sqlite3.Connection, ref: str, kind: str, note: str | None) -> Done:
    """Log being in touch today and clear the contact's reminders due by today."""
    return done_with(conn, [ref], kind, note)[0]


def done_with(
    conn: sqlite3.Connection, contact_refs: Iterable[str], kind: str, note: str | None
) -> list[Done]:
    """`net done A B C` (after a meeting): one interaction today with all of them; each one's
    reminders due by today are cleared, and so is a birthday today (being in touch on the day).
    One entry per contact, in the order named (a contact named twice counts once)."""
    from netcli.services.interactions import canonical_kind, log_interaction
    from netcli.store.contacts import mark_birthday_done

    kind = canonical_kind(kind) or kind
    rows = list(
        {r["id"]: r for r in (_contact_for_followup(conn, ref) for ref in contact_refs)}.values()
    )
    today = dates.today()
    cleared: dict[int, list[int]] = {}
    for row in rows:
        cleared[row["id"]] = queries.close_reminders_due(conn, row["id"], today.isoformat())
        birthday_on = birthday_to_clear(row["birthday"], today)
        if birthday_on is not None:
            mark_birthday_done(conn, row["id"], birthday_on.isoformat())
    ids = [row["id"] for row in rows]
    interaction_id = log_interaction(conn, ids, kind, today, note)
    refresh_contacts(conn, ids)
    found = []
    for row in rows:
        after = queries.contact_row(conn, row["id"])
        assert after is not None
        found.append(
            Done(
                row["id"],
                row["name"],
                interaction_id,
                kind,
                today,
                cleared[row["id"]],
                _day(after["next_due"]),
            )
        )
    return found


# the digest ----------------------------------------------------------------------------


class AskWithMatches(NamedTuple):
    ask: dict[str, Any]
    matches: list[dict[str, Any]]


class Digest(NamedTuple):
    """`net digest`: the day's queue, open asks (with suggestions) and last week's activity."""

    on: date
    days: int
    items: list[DueItem]
    asks: list[AskWithMatches]
    activity: dict[str, Any]
    me_id: int
    matching: bool  # False while no matching service exists


def suggest_matches(
    conn: sqlite3.Connection, limit: int = 3
) -> tuple[bool, dict[int, list[dict[str, Any]]]]:
    """Suggested matches (spec §10 match rows) per open ask, from the matching service.

    Hook: netcli.services.matching.suggest_matches(conn, limit=…) (issue 6). Without it the
    digest lists open asks without suggestions.
    """
    if not matching_available():
        return False, {}
    from netcli.services import matching

    finder = getattr(matching, "suggest_matches", None)
    if finder is None:
        return False, {}
    found: dict[int, list[dict[str, Any]]] = {}
    for row in finder(conn, limit=limit):
        found.setdefault(row["ask_id"], []).append(row)
    return True, found


def digest(conn: sqlite3.Connection, on: date, days: int) -> Digest:
    """Everything `net digest` shows, read in one connection."""
    items = due_items(conn, on, days)
    me = queries.me_id(conn)
    asks = records.open_asks(conn)
    found, matches = suggest_matches(conn)
    since = on - timedelta(days=6)
    activity = queries.activity_since(conn, since.isoformat(), on.isoformat())
    return Digest(
        on=on,
        days=days,
        items=items,
        asks=[AskWithMatches(a, matches.get(a["id"], [])) for a in asks],
        activity=activity,
        me_id=me,
        matching=found,
    )
