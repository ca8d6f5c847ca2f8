"""Use cases: take a connection, return plain data, raise NetError.

No SQL strings here: store/ holds every statement.

Nothing here imports typer, rich or netcli.output.
"""
