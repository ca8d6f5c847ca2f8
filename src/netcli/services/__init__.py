"""Use cases: take a session or connection, return plain data, raise NetError.

Nothing here imports typer, rich or netcli.output.
"""
