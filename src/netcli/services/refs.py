"""Resolving a REF (spec §3) to one contact: me, id, exact name, unique prefix."""

from __future__ import annotations

import re
import sqlite3

from netcli.errors import Ambiguous, InputError, NotFound
from netcli.store import queries
from netcli.text import WORD_JOINERS, fold, word_starts

_ID = re.compile(r"#?(\d{1,18})")
# Each (overlapping) run of non-spaces right after an apostrophe or a hyphen.
_AFTER_JOINER = re.compile(rf"[{re.escape(''.join(WORD_JOINERS))}](?=(\S+))")


def me_id(conn: sqlite3.Connection) -> int:
    """My own contact's id."""
    return queries.me_id(conn)


def resolve(conn: sqlite3.Connection, ref: str, *, archived: bool = False) -> sqlite3.Row:
    """The one contact REF names; NotFound with suggestions, or Ambiguous with candidates.

    Archived contacts are reached only by id or exact name (spec §3); with `archived`
    (`net unarchive`), archived contacts are reached by any form of REF, and REF falls back to
    the active ones when no archived contact matches.
    """
    text = ref.strip()
    if not text:
        raise InputError("an empty name refers to no contact")
    if text.casefold() == "me":
        found = queries.contact_row(conn, queries.me_id(conn))
        if found is None:  # a role on a shared server that has written nothing yet
            raise NotFound("no 'me' contact yet: your first write (e.g. net add) creates it")
        return found
    m = _ID.fullmatch(text)
    if m:
        found = queries.contact_row(conn, int(m[1]))
        if found is None:
            raise NotFound(f"no contact #{int(m[1])}")
        return found
    key = fold(text)
    if not key:
        raise NotFound(f"no contact matches '{text}'")
    if archived:
        among_archived = _by_name(conn, key, archived=True)
        if len(among_archived) == 1:
            return among_archived[0]
        if among_archived:
            raise _ambiguous(text, among_archived)
    exact = queries.contacts_named(conn, key)
    active = [r for r in exact if not r["archived"]]
    if len(exact) == 1:
        return exact[0]
    if len(active) == 1:
        return active[0]
    if len(exact) > 1:
        raise _ambiguous(text, exact)
    found_active = _by_name(conn, key, archived=False)
    if len(found_active) == 1:
        return found_active[0]
    if found_active:
        raise _ambiguous(text, found_active)
    asleep = [] if archived else _by_name(conn, key, archived=True)
    if len(asleep) == 1:
        who = asleep[0]
        raise NotFound(
            f"no active contact matches '{text}' "
            f"({who['name']} is archived: net unarchive {who['id']})"
        )
    if asleep:
        raise NotFound(
            f"no active contact matches '{text}' ({len(asleep)} archived contacts do: "
            "net unarchive ID brings one back)",
            _candidate_lines(asleep),
        )
    raise NotFound(f"no contact matches '{text}'", _suggestions(conn, key))


def _by_name(conn: sqlite3.Connection, key: str, *, archived: bool) -> list[sqlite3.Row]:
    """Active (or archived) contacts that `key` names: the exact name, else a prefix of the
    name or of any word of it, else (`bianchi maria`) its words in any order, each the start of
    a different word of the name. The first of these steps that finds anyone decides."""
    exact = [r for r in queries.contacts_named(conn, key) if bool(r["archived"]) == archived]
    if exact:
        return exact
    prefixed = queries.contacts_with_prefix(conn, key, archived=archived)
    if prefixed:
        return prefixed
    words = key.split()
    if len(words) < 2:
        return []
    longest = max(words, key=len)
    fits = [
        r
        for r in queries.contacts_with_prefix(conn, longest, archived=archived)
        if words_fit(words, r["search_key"])
    ]
    whole = [r for r in fits if words_fit(words, r["search_key"], whole=True)]
    return whole if len(whole) == 1 else fits


def words_fit(words: list[str], key: str, *, whole: bool = False) -> bool:
    """Whether each of `words` starts a different word of the folded name `key` (with
    `whole`: is a different word of it), in any order: `bianchi maria` fits `maria bianchi`."""
    name_words = key.split()
    starts = [word_starts(w) for w in name_words]

    def fits(word: str, i: int) -> bool:
        if whole:
            return word in starts[i]
        return any(s.startswith(word) for s in starts[i])

    def assign(k: int, used: frozenset[int]) -> bool:
        if k == len(words):
            return True
        return any(
            i not in used and fits(words[k], i) and assign(k + 1, used | {i})
            for i in range(len(name_words))
        )

    return len(words) <= len(name_words) and assign(0, frozenset())


def _candidate_lines(candidates: list[sqlite3.Row]) -> list[str]:
    lines = [
        f"  #{r['id']}  {r['name']}" + (f"  ({r['company']})" if r["company"] else "")
        for r in candidates[:20]
    ]
    if len(candidates) > 20:
        lines.append(f"  … and {len(candidates) - 20} more")
    return lines


def _ambiguous(text: str, candidates: list[sqlite3.Row]) -> Ambiguous:
    return Ambiguous(
        f"'{text}' matches {len(candidates)} contacts:",
        _candidate_lines(candidates),
        ref=text,
        example_id=candidates[0]["id"],
    )


def _suggestions(conn: sqlite3.Connection, key: str) -> list[str]:
    from netcli.services import near  # only when nothing matched

    # The candidates (`candidates` below) are matched all at once, in a few Python integers
    # (services/near.py); only the few close ones are then traced back to the first contact
    # (in key order) that has them, found with str.find in the keys' string.
    joined = queries.active_keys_joined(conn)
    picked: list[str] = []
    for word in near.close_candidates(key, joined, n=10, cutoff=0.6):
        first = first_key_with(joined, word)
        name = None if first is None else queries.active_name_with_key(conn, first)
        if name is not None and name not in picked:
            picked.append(name)
        if len(picked) == 3:
            break
    return [f"did you mean: {', '.join(picked[:3])}?"] if picked else []


def candidates(keys: list[str]) -> list[str]:
    """The keys and all their word starts (`text.word_starts` of each): what "did you mean"
    compares a name with (`near.close_candidates` lays them out its own way); repeated, in no
    particular order."""
    joined = " ".join(keys)
    return [*keys, *joined.split(), *_AFTER_JOINER.findall(joined)]


def first_key_with(joined: str, word: str) -> str | None:
    """The first of the keys in `joined` (one a line) that is `word` or has it among its
    `word_starts`: what a scan of every key would find, with the scanning done by str.find."""
    at = joined.find(word) if joined else -1
    while at != -1:
        start = joined.rfind("\n", 0, at) + 1
        end = joined.find("\n", at)
        end = len(joined) if end == -1 else end
        key = joined[start:end]
        if word == key or word in word_starts(key):
            return key
        at = joined.find(word, end + 1)  # the next key that has it
    return None


def record_id(text: str | int, what: str) -> int:
    """`3` or `#3`: the numeric id of an intro, ask or give (spec §3); `what` is e.g. "an ask"."""
    value = str(text).strip().lstrip("#")
    if not (value.isascii() and value.isdigit()) or len(value) > 18:
        raise InputError(f"'{text}' is not {what} id (a number such as 3)")
    return int(value)
