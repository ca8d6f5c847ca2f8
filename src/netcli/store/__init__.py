"""The SQLite store: models (schema), connections, migrations and plain-SQL reads."""
