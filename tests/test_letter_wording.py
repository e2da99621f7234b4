"""A unit's letter keeps what is wrong: a finding's first sentence (the what) is never dropped as staff-only.

Letters drop sentences meant for staff (jlt.yaml settings, command lines); a finding whose first sentence said
“jlt …” lost the reason and kept only the request (“请提交可编辑的文字版 Word 文件”). Checked on every finding
jlt gives for the samples, the Word fixtures and a few made-up broken files.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from casebuilder import case_markdown, write
from jlt_cli.config import Config, load_defaults
from jlt_cli.outputs.feedback_letters import unit_message
from jlt_cli.pipeline import validate_paths

ROOT = Path(__file__).resolve().parent


def _first_sentence(message: str) -> str:
    return re.split(r"(?<=[。；;！？])", message, maxsplit=1)[0]


def test_every_letter_line_keeps_the_reason(tmp_path):
    inbox = tmp_path / "收件"
    inbox.mkdir()
    for f in (ROOT / "fixtures" / "docx").iterdir():
        shutil.copy(f, inbox / f.name)
    from docx import Document
    from PIL import Image

    picture = tmp_path / "p.png"
    Image.new("RGB", (200, 100), (90, 120, 160)).save(picture)
    doc = Document()
    doc.add_picture(str(picture))
    doc.save(inbox / "图片.docx")
    write(inbox, "两篇.md", case_markdown() + "\n" + case_markdown(title="第二篇"))
    write(inbox, "乱码.md", "æ¸­æ²±é•‡ " * 40)
    result = validate_paths([ROOT.parent / "samples", inbox], Config(load_defaults()))
    checked = 0
    for case in result.cases:
        for f in case.findings:
            if f.to_unit:
                continue
            first = _first_sentence(f.message)
            assert first in unit_message(f), f"{case.display_path} {f.rule}: the letter drops “{first}”"
            checked += 1
    assert checked > 20
