"""Where the store lives by default (platformdirs), and which one is in use."""

from __future__ import annotations

import os
from pathlib import Path


def default_db_path() -> Path:
    """The per-user default store: platformdirs' user data folder / net.db."""
    from platformdirs import user_data_path

    return user_data_path("netcli") / "net.db"


URL_SCHEMES = ("postgresql://", "postgres://")


def is_url(value: str | None) -> bool:
    """A PostgreSQL URL (spec §13) rather than a file path."""
    return bool(value) and str(value).startswith(URL_SCHEMES)


def chosen_url(cli_value: str | None) -> str | None:
    """The PostgreSQL URL in use, or None when the store is a SQLite file."""
    chosen = cli_value or os.environ.get("NET_DB")
    return chosen if chosen and is_url(chosen) else None


def db_path(cli_value: str | None) -> Path:
    """The store in use: `--db` wins over `NET_DB`, which wins over the default."""
    chosen = cli_value or os.environ.get("NET_DB")
    if chosen:
        return Path(chosen).expanduser()
    return default_db_path()
