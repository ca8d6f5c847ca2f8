"""Insights commands (see STYLE.md for which commands live here)."""

from __future__ import annotations

import typer

app = typer.Typer()
