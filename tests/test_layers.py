"""The layer rule (docs/architecture.md): SQL lives in netcli.store only, and cli/ reaches the
store only where the connection is opened (cli/_context.py). Read from the source with `ast`,
so a comment or a docstring that talks about SQL cannot pass for a statement, and a statement
cannot hide in a string built piece by piece."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "netcli"
# Statement text: a keyword at the start followed by what makes it a statement, in capitals
# as every statement of the project is written. "Select a contact" is prose, not SQL.
STATEMENT = re.compile(
    r"^\s*(SELECT\s+\S|INSERT\s+(OR\s+\w+\s+)?INTO\b|UPDATE\s+\w+\s+SET\b|DELETE\s+FROM\b"
    r"|CREATE\s+(TABLE|INDEX|UNIQUE|TRIGGER|VIEW)\b|PRAGMA\s+\w|WITH\s+\w+(\s*\(.*\))?\s+AS\b"
    r"|DROP\s+(TABLE|INDEX|TRIGGER)\b|ALTER\s+TABLE\b)"
)
# A fragment of one: what a caller would pass to a function that glues it into a query.
FRAGMENT = re.compile(
    r"\b(WHERE|FROM|JOIN|ORDER BY|GROUP BY)\b|\w+\.\w+ = \?|\b\w+ = :\w+|\bIN \(SELECT\b"
)
CONNECTION_MODULE = "cli/_context.py"


def _docstrings(tree: ast.AST) -> set[int]:
    found: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def _texts(tree: ast.AST) -> list[tuple[int, str]]:
    """Every string in the module as the program sees it: f-strings with `{}` where values go,
    docstrings left out."""
    docs = _docstrings(tree)
    inside_fstrings = {
        id(part)
        for node in ast.walk(tree)
        if isinstance(node, ast.JoinedStr)
        for part in node.values
    }
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            text = "".join(p.value if isinstance(p, ast.Constant) else "{}" for p in node.values)
            found.append((node.lineno, text))
        elif (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in docs
            and id(node) not in inside_fstrings
        ):
            found.append((node.lineno, node.value))
    return found


def _modules_outside_store() -> list[Path]:
    return sorted(p for p in SRC.rglob("*.py") if "store" not in p.relative_to(SRC).parts)


def sql_outside_store() -> list[str]:
    problems = []
    for path in _modules_outside_store():
        for line, text in _texts(ast.parse(path.read_text(encoding="utf-8"))):
            if STATEMENT.search(text) or FRAGMENT.search(text):
                problems.append(f"{path.relative_to(SRC)}:{line}: {text[:60]!r}")
    return problems


def test_no_sql_outside_the_store_package() -> None:
    assert sql_outside_store() == []


@pytest.mark.parametrize(
    "source",
    [
        'conn.execute("SELECT id FROM contact")',
        'rows(conn, f"SELECT {COLUMNS} FROM contact ORDER BY id")',
        'x = "INSERT INTO tag (contact_id, tag) VALUES (?, ?)"',
        'x = "UPDATE contact " "SET archived = 1"',  # implicit concatenation is one constant
        'objects(conn, "a.id = ?", (1,))',
        "objects(conn, \"a.status = 'open' AND a.contact_id IN (SELECT id FROM contact)\")",
        'conn.execute("PRAGMA user_version")',
        'conn.execute("DELETE FROM link WHERE id = ?", (1,))',
    ],
)
def test_the_scan_sees_statements_and_fragments(source: str) -> None:
    texts = [t for _, t in _texts(ast.parse(source))]
    assert any(STATEMENT.search(t) or FRAGMENT.search(t) for t in texts), source


@pytest.mark.parametrize(
    "source",
    [
        '"""Select the contacts (SELECT ... FROM contact is in store/queries.py)."""',
        "# SELECT id FROM contact\nx = 1",
        'x = "Delete a contact and everything that is only theirs"',
        'x = "error: cannot update the store"',
        'x = "Created a new store at {path}"',
    ],
)
def test_the_scan_leaves_prose_alone(source: str) -> None:
    texts = [t for _, t in _texts(ast.parse(source))]
    assert not any(STATEMENT.search(t) or FRAGMENT.search(t) for t in texts), source


def store_imports_in_cli() -> list[str]:
    """Modules of cli/ (but the one that opens the connection) importing netcli.store."""
    problems = []
    for path in sorted((SRC / "cli").rglob("*.py")):
        where = str(path.relative_to(SRC))
        if where == CONNECTION_MODULE:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            if any(n == "netcli.store" or n.startswith("netcli.store.") for n in names):
                problems.append(f"{where}:{node.lineno}")
    return problems


def test_cli_reaches_the_store_only_where_the_connection_is_opened() -> None:
    assert store_imports_in_cli() == []


def test_only_the_schema_modules_import_sqlmodel() -> None:
    """SQLModel declares the schema; nothing but its declaration and the code that creates
    a store from it (store/models.py, store/migrations.py) may import it, or SQLAlchemy."""
    allowed = {"store/models.py", "store/migrations.py", "store/pg.py"}  # pg: schema_ddl only
    found = set()
    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            if any(n.split(".")[0] in ("sqlmodel", "sqlalchemy", "pydantic") for n in names):
                found.add(str(path.relative_to(SRC)))
    assert found <= allowed, found - allowed
