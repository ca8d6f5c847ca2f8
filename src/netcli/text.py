"""Text folding shared by every layer: how names and search words are compared.

SQLite's lower() folds ASCII only, so `nicolo` would never find `Nicolò`; we store and
compare a folded key instead: NFKD, combining marks and invisible format characters removed,
every apostrophe made the straight one, casefolded, whitespace collapsed. Stored keys
(contact.search_key) depend on this function: change it only with a migration that
recomputes them (store/migrations.py).
"""

from __future__ import annotations

import re
import unicodedata

# Keyboards and phones type `D’Amico`, `D'Amico`, `D`Amico` or `D´Amico` for one name.
_APOSTROPHES = str.maketrans(
    dict.fromkeys("\u2019\u2018\u201b\u02bc\u02bb\u02b9\u0060\u00b4\u2032\uff07", "'")
)
# Zero-width spaces and joiners, soft hyphens, bidi marks, variation selectors: invisible in
# a terminal, so two names that look the same must fold the same.
_DROPPED = frozenset(("Mn", "Me", "Cf", "Cc", "Co", "Cs"))


def fold(text: str | None) -> str:
    """Accent- and case-insensitive key: `Nicolò  D’Àngelo` -> `nicolo d'angelo`."""
    if not text:
        return ""
    if text.isascii() and text.isprintable():  # most names, and 3-4× faster this way
        return " ".join(text.translate(_APOSTROPHES).lower().split())
    decomposed = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES))
    kept = "".join(
        ch
        for ch in decomposed
        if ch.isspace() or ("\x20" <= ch < "\x7f") or unicodedata.category(ch) not in _DROPPED
    )
    return " ".join(kept.casefold().translate(_APOSTROPHES).split())


# The places inside a folded name where a word starts, besides after a space: `angelo` in
# `d'angelo`, `bianchi` in `rossi-bianchi`.
WORD_JOINERS = ("'", "-")


def word_starts(key: str) -> list[str]:
    """Each word of a folded key with the parts after its apostrophes and hyphens:
    `filippo d'angelo` -> `filippo`, `d'angelo`, `angelo`."""
    starts = []
    for word in key.split():
        starts.append(word)
        for i, ch in enumerate(word):
            if ch in WORD_JOINERS and word[i + 1 :]:
                starts.append(word[i + 1 :])
    return starts


def clean_name(text: str) -> str:
    """A display name: trimmed, inner whitespace collapsed, NFC (accents kept)."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def clean_tag(text: str) -> str:
    """Tags are lowercased and trimmed (spec §6)."""
    return " ".join(text.strip().lower().split())


def like_escape(text: str) -> str:
    """Escape LIKE wildcards; use with ESCAPE '\\'."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


_SHELL_SAFE = re.compile(r"[\w.,@+][\w.,@+-]*")


def shell_word(text: str) -> str:
    """A word the shell passes through as is: bare, "double quoted", or single-quoted."""
    if _SHELL_SAFE.fullmatch(text):
        return text
    if not re.search(r'[$`"\\!]', text):
        return f'"{text}"'
    import shlex

    return shlex.quote(text)
