"""Text folding shared by every layer: how names and search words are compared.

SQLite's lower() folds ASCII only, so `nicolo` would never find `Nicolò`; we store and
compare a folded key instead: NFKD, combining marks removed, casefolded, whitespace collapsed.
"""

from __future__ import annotations

import re
import unicodedata


def fold(text: str | None) -> str:
    """Accent- and case-insensitive key: `Nicolò  D'Àngelo` -> `nicolo d'angelo`."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().split())


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
