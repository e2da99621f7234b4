"""Understanding: what a read document says — title, unit, type and the four parts."""

from __future__ import annotations

from jlt_cli.config import Config
from jlt_cli.model import Case, SourceDocument
from jlt_cli.understand.structure import build_case


def analyze(doc: SourceDocument, display: str, config: Config) -> Case:
    return build_case(doc, display, config)
