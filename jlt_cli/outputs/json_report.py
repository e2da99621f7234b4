"""``--format json``: exactly one JSON document with the whole run."""

from __future__ import annotations

import json

from jlt_cli import __version__
from jlt_cli.model import Case
from jlt_cli.outputs.common import case_status, status_text
from jlt_cli.pipeline import RunResult


def case_to_dict(case: Case) -> dict:
    return {
        "path": case.display_path,
        "format": case.format,
        "status": json_status(case),
        "status_text": status_text(case),
        "title": case.title or None,
        "unit": case.unit or None,  # the unit's one name (units.print)
        "unit_written": case.unit_written or None,  # as found in the file (or its name)
        "declared_type": case.declared_type,
        "inferred_type": case.inferred_type,
        "type": case.type,
        "type_confidence": round(case.type_confidence, 3),
        "type_evidence": case.type_evidence,
        "sections": [{"name": s.name, "heading": s.heading, "chars": s.chars, "line": s.line} for s in case.sections],
        "chars": case.chars,
        "decision": _decision_dict(case),
        "findings": [f.to_dict() for f in case.findings],
    }


def json_status(case: Case) -> str:
    """valid / invalid / excluded: an unreadable file stays “invalid”, as the JSON has always said."""
    status = case_status(case)
    return "invalid" if status == "unreadable" else status


def _decision_dict(case: Case) -> dict | None:
    d = case.decision
    if d is None:
        return None
    return {"type": d.type, "unit": d.unit, "title": d.title, "include": d.include, "reason": d.reason}


def run_to_dict(result: RunResult) -> dict:
    return {
        "tool": "jlt",
        "version": __version__,
        "config": str(result.config.source) if result.config.source else None,
        "summary": result.summary,
        "files": [case_to_dict(c) for c in result.cases],
        # what was looked at and left aside (a README, a photo, a lock file), never dropped silently
        "ignored": [{"path": i.display, "reason": i.reason} for i in result.ignored],
    }


def render_json(result: RunResult) -> str:
    return json.dumps(run_to_dict(result), ensure_ascii=False, indent=2)


def _block_dict(b) -> dict:
    d = {"kind": b.kind.value, "line": b.line}
    if b.label:
        d["label"] = b.label
    if b.rows is not None:
        d["rows"] = b.rows
    elif b.image is not None:
        d["image"] = {"name": b.image.name, "width": b.image.width, "height": b.image.height, "caption": b.image.caption}
    else:
        d["text"] = b.text
    return d


def full_case_dict(case: Case) -> dict:
    """``jlt show --format json``: the summary plus every block of every part."""
    d = case_to_dict(case)
    d["contact"] = case.contact or None
    d["phone"] = case.phone or None
    d["type_scores"] = case.type_scores
    d["preamble"] = [_block_dict(b) for b in case.preamble if (b.line or 0) not in case.metadata_lines]
    for sd, s in zip(d["sections"], case.sections):
        sd["blocks"] = [_block_dict(b) for b in s.blocks]
    return d
