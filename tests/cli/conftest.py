"""The CLI suite runs on both backends (spec §13): every test here once on a SQLite file and
once on a fresh PostgreSQL store (a copy of the session's template database).

Without a server (NET_TEST_PG unset, outside CI) the PostgreSQL half is left out with one line
(tests/conftest.py). NET_TEST_BACKEND=sqlite or =postgresql runs one half only.

A test that looks at the SQLite file itself (its mode, WAL, a backup copy, the fast path that
reads the file directly) carries `@pytest.mark.sqlite_only("why")` and runs on SQLite only; a
test that asks for pg_store / pg_empty itself chooses its own stores and runs once."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

BACKENDS = ("sqlite", "postgresql")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    marker = metafunc.definition.get_closest_marker("sqlite_only")
    if marker is not None and not (marker.args and marker.args[0]):
        raise pytest.UsageError(f"{metafunc.definition.nodeid}: sqlite_only needs a reason")
    own_stores = any(name.startswith("pg_") for name in metafunc.fixturenames)
    if marker is not None or own_stores:
        backends: tuple[str, ...] = ("sqlite",)
    else:
        only = os.environ.get("NET_TEST_BACKEND")
        backends = (only,) if only in BACKENDS else BACKENDS
    metafunc.parametrize("store_backend", backends, scope="function")


@pytest.fixture(autouse=True)
def env(env: Path, store_backend: str, request: pytest.FixtureRequest) -> Path:
    """The root `env` (a temp store path, a fixed today); on the PostgreSQL half, NET_DB is a
    fresh server store instead (the returned path stays the unused file's)."""
    if store_backend == "postgresql":
        request.getfixturevalue("pg_store")
    return env
