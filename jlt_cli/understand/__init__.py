"""Understanding: what a read document says — title, unit, type and the parts.

``analyze`` is the one entry point. The work is split along its seams: ``parts`` finds the parts and
their content, ``header`` the metadata, title, unit and type; ``reading`` holds the state they share.
"""

from __future__ import annotations

from jlt_cli.config import Config
from jlt_cli.model import Case, SourceDocument
from jlt_cli.understand.header import classify_case, read_metadata, read_title, unit_fallbacks
from jlt_cli.understand.parts import assemble_parts, find_parts, mark_subheadings, unfold_forms
from jlt_cli.understand.reading import Reading
from jlt_cli.understand.units import settle_unit


def analyze(doc: SourceDocument, display: str, config: Config) -> Case:
    r = Reading.start(doc, display, config)
    blocks = unfold_forms(doc.blocks, config)
    heads = find_parts(r, blocks)
    first_part = heads[0][0] if heads else len(blocks)
    read_metadata(r, blocks, first_part)
    read_title(r, blocks, first_part)
    assemble_parts(r, blocks, heads, first_part)
    unit_fallbacks(r, blocks, first_part)  # after the signature: what the case says beats its file name
    mark_subheadings(r)
    classify_case(r)
    settle_unit(r.case, config)  # one name per unit, the text as found kept in unit_written
    return r.case
