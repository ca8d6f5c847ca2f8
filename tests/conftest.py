"""Test isolation through the environment: a temp store per test, a fixed today, no colour."""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

TODAY = "2026-11-27"  # a Friday


@pytest.fixture(autouse=True)
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own store and today; nothing touches the user's real store.
    (tests/cli/conftest.py runs each CLI test on a PostgreSQL store too.)"""
    db = tmp_path / "net.db"
    monkeypatch.setenv("NET_DB", str(db))
    monkeypatch.setenv("NET_TODAY", TODAY)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "home" / "data"))
    monkeypatch.delenv("NET_DEBUG", raising=False)
    return db


class Net:
    """Runs `net` in-process through Typer's CliRunner."""

    def __init__(self) -> None:
        self.runner = CliRunner()

    def __call__(self, *args: str, input: str | None = None, code: int | None = 0) -> Any:
        from netcli.cli import app

        result = self.runner.invoke(app, list(args), input=input, catch_exceptions=False)
        if code is not None:
            assert result.exit_code == code, (
                f"net {' '.join(args)} exited {result.exit_code}, expected {code}\n"
                f"stdout: {result.stdout}\nstderr: {result.stderr}"
            )
        return result

    def json(self, *args: str) -> Any:
        return json.loads(self(*args, "--json").stdout)


@pytest.fixture
def net() -> Net:
    return Net()


@pytest.fixture
def net_proc(env: Path) -> Callable[..., subprocess.CompletedProcess[str]]:
    """Runs `net` as a real process (python -m netcli) with the test's environment."""

    def run(
        *args: str,
        input: str | None = None,
        extra_env: dict[str, str] | None = None,
        timeout: float = 60,
    ) -> subprocess.CompletedProcess[str]:
        environ = dict(os.environ)
        environ.update(extra_env or {})
        return subprocess.run(
            [sys.executable, "-m", "netcli", *args],
            input=input,
            capture_output=True,
            text=True,
            env=environ,
            timeout=timeout,
        )

    return run


# What a worker process needs: `net(*args)` runs one command in-process and stops the worker
# with a line on stderr if the command fails.
WORKER_PRELUDE = r"""
import sys
from netcli.cli import app

def net(*args):
    try:
        app(list(args), prog_name="net")
    except SystemExit as exc:
        if exc.code:
            sys.stderr.write(f"net {' '.join(args)} exited {exc.code}\n")
            sys.exit(exc.code)
"""


class Workers:
    """Worker processes running `net` commands at once; `wait()` returns their failures."""

    def __init__(self, body: str, count: int, args: tuple[str, ...]) -> None:
        self.procs = [
            subprocess.Popen(
                [sys.executable, "-c", WORKER_PRELUDE + body, str(w), *args],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                env=dict(os.environ),
            )  # fmt: skip
            for w in range(count)
        ]

    def wait(self, timeout: float = 600) -> list[str]:
        failures = []
        for p in self.procs:
            _, err = p.communicate(timeout=timeout)
            # the one worker that happens to create the store says so: not a failure
            err = "".join(
                line
                for line in err.splitlines(keepends=True)
                if not line.startswith("Created a new store at ")
            )
            if p.returncode or err:
                failures.append(err or f"exit {p.returncode}")
        return failures


@pytest.fixture
def net_workers(env: Path) -> Callable[..., Workers]:
    """Starts `count` processes of `body` (after WORKER_PRELUDE), each with `sys.argv[1]` =
    its number and the extra args after it."""

    def start(body: str, count: int, *args: str) -> Workers:
        return Workers(body, count, args)

    return start


@pytest.fixture
def store_sql(env: Path) -> Callable[[], contextlib.AbstractContextManager[Any]]:
    """`with store_sql() as conn:` a connection to this test's store for the test's own SQL,
    on either backend: sqlite3 on the file (committed at the end), or store/pg.py's
    sqlite3-like one (autocommit)."""
    return lambda: _store_sql(env)


@contextlib.contextmanager
def _store_sql(env: Path) -> Iterator[Any]:
    url = os.environ["NET_DB"]
    if url.startswith("postgres"):
        from netcli.store.pg import connect

        conn: Any = connect(url)
    else:
        conn = sqlite3.connect(env)
        conn.row_factory = sqlite3.Row  # by name and by position, as on the server
    try:
        yield conn
        if not url.startswith("postgres"):
            conn.commit()
    finally:
        conn.close()


@pytest.fixture
def store(env: Path) -> Path:
    """An empty store at NET_DB, as the first write would create it: reads never create one."""
    if os.environ["NET_DB"].startswith("postgres"):
        return env  # pg_store made one already
    from netcli.store.db import open_store

    open_store(env, create=True).close()
    return env


# --- PostgreSQL (spec §13) ----------------------------------------------------------------
# The PostgreSQL half of the suite runs against the server named by NET_TEST_PG (a superuser
# URL; `.ci/pg.sh pytest` starts a private one and sets it). Without it, those tests skip with
# one line saying how to run them; under CI (`CI` set) a missing server is a failure instead.

PG_HOW = (
    "PostgreSQL tests need a server: run `.ci/pg.sh pytest` (a private throw-away cluster) "
    "or set NET_TEST_PG=postgresql://… to a superuser URL"
)


def pg_url_for(base: str, dbname: str) -> str:
    """`base` (a postgresql:// URL) pointing at the database `dbname` instead."""
    from urllib.parse import urlsplit

    parts = urlsplit(base)  # (urlunsplit would drop the empty host of postgresql:///db)
    return f"{parts.scheme}://{parts.netloc}/{dbname}" + (f"?{parts.query}" if parts.query else "")


def _needs_pg(item: pytest.Item) -> bool:
    if any(name.startswith("pg_") for name in getattr(item, "fixturenames", ())):
        return True
    callspec = getattr(item, "callspec", None)
    return callspec is not None and "postgresql" in (
        callspec.params.get("backend"),
        callspec.params.get("store_backend"),
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Without a server (and outside CI), the PostgreSQL tests are left out with one line."""
    if os.environ.get("NET_TEST_PG") or os.environ.get("CI"):
        return
    left_out = [item for item in items if _needs_pg(item)]
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        items[:] = [item for item in items if not _needs_pg(item)]
        config.stash[_PG_LEFT_OUT] = len(left_out)


_PG_LEFT_OUT = pytest.StashKey[int]()


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    left_out = config.stash.get(_PG_LEFT_OUT, 0)
    if left_out:
        terminalreporter.write_line(f"{left_out} PostgreSQL tests not run. {PG_HOW}")


@pytest.fixture(scope="session")
def pg_server() -> str:
    """The superuser URL of the test server, or skip (fail under CI) without one."""
    url = os.environ.get("NET_TEST_PG")
    if not url:
        if os.environ.get("CI"):
            pytest.fail(
                "CI is set but NET_TEST_PG is not: the PostgreSQL tests must run. " + PG_HOW
            )
        pytest.skip(PG_HOW)
    return url


def _pg_admin(url: str, *statements: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        for statement in statements:
            conn.execute(statement)  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def pg_template(pg_server: str) -> str:
    """A database holding a freshly initialised store, copied for each test (fast: a file copy
    on the server). Named per test process, so parallel test runs do not share it."""
    import uuid

    name = f"netcli_tpl_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    _pg_admin(pg_server, f'CREATE DATABASE "{name}"')
    url = pg_url_for(pg_server, name)
    from netcli.store.pg import initialise

    initialise(url)
    yield name  # type: ignore[misc]
    _pg_admin(pg_server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def pg_empty(pg_server: str) -> Any:
    """The URL of a new, empty database (no store in it), dropped after the test."""
    import uuid

    name = f"netcli_t_{uuid.uuid4().hex[:12]}"
    _pg_admin(pg_server, f'CREATE DATABASE "{name}" TEMPLATE template0')
    yield pg_url_for(pg_server, name)
    _pg_admin(pg_server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def pg_store(pg_server: str, pg_template: str, monkeypatch: pytest.MonkeyPatch) -> Any:
    """A fresh PostgreSQL store (a copy of the template) in use as NET_DB for this test."""
    import uuid

    name = f"netcli_t_{uuid.uuid4().hex[:12]}"
    _pg_admin(pg_server, f'CREATE DATABASE "{name}" TEMPLATE "{pg_template}"')
    url = pg_url_for(pg_server, name)
    monkeypatch.setenv("NET_DB", url)
    yield url
    _pg_admin(pg_server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest, env: Path) -> str:
    """Runs the test once on a SQLite store (NET_DB = a file) and once on a PostgreSQL one
    (NET_DB = a URL of a fresh database); the value is the NET_DB in use."""
    if request.param == "sqlite":
        return str(env)
    return str(request.getfixturevalue("pg_store"))
