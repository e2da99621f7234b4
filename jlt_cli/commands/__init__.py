"""Commands beyond validate/show, one module each; each module has ``register(app)``."""

from __future__ import annotations

import importlib

import typer

# Add a module name here when its command exists.
COMMANDS: list[str] = ["feedback", "template", "stats", "fix", "init", "build", "doctor"]


def register_all(app: typer.Typer) -> None:
    for name in COMMANDS:
        importlib.import_module(f"jlt_cli.commands.{name}").register(app)
