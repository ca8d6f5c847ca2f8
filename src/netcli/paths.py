"""Where the store lives by default (platformdirs), and which one is in use."""

from __future__ import annotations

import os
from pathlib import Path


def default_db_path() -> Path:
    """The per-user default store: platformdirs' user data folder / net.db."""
    from platformdirs import user_data_path

    return user_data_path("netcli") / "net.db"


def db_path(cli_value: str | None) -> Path:
    """The store in use: `--db` wins over `NET_DB`, which wins over the default."""
    chosen = cli_value or os.environ.get("NET_DB")
    if chosen:
        return Path(chosen).expanduser()
    return default_db_path()
