"""Typed record ids (spec §3): `i3` intro, `a3` ask, `g3` give, `x3` interaction, `r3` reminder.

Listings show records in this form and commands read it back here. Where a command takes
only one kind, the bare number (`3`, `#3`) is accepted too. Pure: no store access.
"""

from __future__ import annotations

import re
from typing import Final, Literal

from netcli.errors import InputError, NotFound

Kind = Literal["intro", "ask", "give", "interaction", "reminder"]

PREFIX: Final[dict[Kind, str]] = {
    "intro": "i",
    "ask": "a",
    "give": "g",
    "interaction": "x",
    "reminder": "r",
}
KIND_OF_PREFIX: Final[dict[str, Kind]] = {v: k for k, v in PREFIX.items()}

_TYPED = re.compile(r"([iagxr])#?([0-9]{1,18})", re.IGNORECASE)
_BARE = re.compile(r"#?([0-9]{1,18})")


def label(kind: Kind, number: int) -> str:
    """The typed id a listing shows: label('give', 7) == 'g7'."""
    return f"{PREFIX[kind]}{number}"


def looks_typed(text: str) -> bool:
    """True when `text` has the shape of a typed id (`g3`, `I12`), whatever the kind."""
    return _TYPED.fullmatch(text.strip()) is not None


def parse(text: str, *, accept: tuple[Kind, ...], bare: Kind | None = None) -> tuple[Kind, int]:
    """Read a typed id among the kinds in `accept`; a bare number means `bare` when given.

    Raises InputError (exit 3) for anything else, naming the forms that would work.
    """
    raw = text.strip()
    m = _TYPED.fullmatch(raw)
    if m:
        kind = KIND_OF_PREFIX[m.group(1).lower()]
        if kind not in accept:
            raise InputError(
                f"'{raw}' is {_article(kind)} {kind} id; expected {_forms(accept, bare)}"
            )
        return kind, int(m.group(2))
    m = _BARE.fullmatch(raw)
    if m and bare is not None:
        return bare, int(m.group(1))
    raise InputError(f"'{raw}' is not a record id; expected {_forms(accept, bare)}")


def number(text: str | int, kind: Kind) -> int:
    """The id of a record of one kind: `5`, `#5` or its typed form `a5` (spec §3)."""
    return parse(str(text), accept=(kind,), bare=kind)[1]


def not_found(kind: Kind, number: int) -> NotFound:
    """`error: no intro i3` (spec §3), exit 3."""
    return NotFound(f"no {kind} {label(kind, number)}")


def _article(kind: Kind) -> str:
    return "an" if kind[0] in "aeiou" else "a"


def _forms(accept: tuple[Kind, ...], bare: Kind | None) -> str:
    if bare is not None and accept == (bare,):
        return f"{_article(bare)} {bare} id such as {label(bare, 3)} or 3"
    shown = [f"{label(k, 3)} ({k})" for k in accept]
    if bare is not None:
        shown.append(f"3 ({bare})")
    return ", ".join(shown)
