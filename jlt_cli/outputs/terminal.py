"""Safe text for the terminal: file names and case text are data, never escape sequences."""

from __future__ import annotations

import re

from rich.console import Console
from rich.markup import escape

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


def clean(text: str) -> str:
    """Control characters (ANSI escapes, bidi overrides) shown as \\xNN, then rich markup escaped."""
    shown = _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}", text)
    return escape(shown)


def plain(text: str) -> str:
    """Like clean() but without rich escaping, for machine formats written to a terminal."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}", text)


def stderr_console() -> Console:
    return Console(stderr=True, highlight=False)


def stdout_console() -> Console:
    console = Console(highlight=False)
    if not console.is_terminal:
        # piped into a file or a CI log: no terminal width to respect, keep rows whole
        console = Console(highlight=False, width=200)
    return console
