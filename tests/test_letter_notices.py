"""What a unit is told about a file that is not handled as a case to fix: one staff excluded (with the reason), a
title staff changed (old and new), an old draft its 修改稿 replaced, a case sent as an archive — in the letter, and
the same status in the review sheet, the console and the JSON."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from docx import Document

from casebuilder import case_markdown, write
from jlt_cli.cli import app

EXCLUDED = "钱塘镇-社区学校.md"
REASON = "与区级案例内容重复，经协商本轮不收录"


def _round(tmp_path: Path, decisions: str) -> Path:
    inbox = tmp_path / "收件"
    write(inbox, EXCLUDED, case_markdown())
    (tmp_path / "jlt.yaml").write_text(decisions, encoding="utf-8")
    return inbox


def _letters(tmp_path: Path, inbox: Path) -> dict[str, str]:
    out = tmp_path / "修改意见"
    res = CliRunner().invoke(app, ["feedback", str(inbox), "-o", str(out)])
    assert res.exit_code in (0, 1), res.output
    return {p.name: "\n".join(par.text for par in Document(p).paragraphs) for p in out.glob("*.docx")}


def _excluded_round(tmp_path: Path) -> Path:
    return _round(tmp_path, f'files:\n  "{EXCLUDED}":\n    include: false\n    reason: {REASON}\n')


def test_the_unit_of_an_excluded_case_is_told_it_is_not_in_the_brochure_and_why(tmp_path):
    letters = _letters(tmp_path, _excluded_round(tmp_path))
    assert len(letters) == 1, letters.keys()  # the unit is told, though nothing is to fix
    (name, text), = letters.items()
    assert name.startswith("合川区钱塘镇人民政府")
    assert "经工作人员决定，不收入汇编" in text and REASON in text
    assert "审核通过" not in text and "按原稿收录" not in text and "符合征集要求" not in text


def test_an_excluded_case_has_one_status_in_the_sheet_the_console_and_the_json(tmp_path):
    import openpyxl

    inbox = _excluded_round(tmp_path)
    sheet = tmp_path / "审核结果.xlsx"
    res = CliRunner().invoke(app, ["validate", str(inbox), "--report", str(sheet)])
    assert "不收录（工作人员决定）" in res.output and "通过 0" in res.output, res.output
    rows = list(openpyxl.load_workbook(sheet)["审核结果"].iter_rows(values_only=True))
    status = rows[0].index("状态")
    assert rows[1][status] == "不收录（工作人员决定）"
    summary = list(openpyxl.load_workbook(sheet)["汇总"].iter_rows(values_only=True))
    assert "不收录" in summary[0] and summary[1][summary[0].index("不收录")] == 1
    doc = json.loads(CliRunner().invoke(app, ["validate", str(inbox), "--format", "json"]).output)
    assert doc["files"][0]["status"] == "excluded" and doc["files"][0]["status_text"] == "不收录（工作人员决定）"
    s = doc["summary"]
    assert s["excluded"] == 1 and s["valid"] == 0 and s["valid"] + s["invalid"] + s["excluded"] == s["files"]


def test_stats_count_an_excluded_file_under_its_own_status(tmp_path):
    inbox = _excluded_round(tmp_path)
    write(inbox, "沙鱼镇-社区学校.md", case_markdown(title="沙鱼镇的社区学校", unit="合川区沙鱼镇人民政府"))
    res = CliRunner().invoke(app, ["stats", str(inbox)])
    assert res.exit_code == 0, res.output
    assert "不收录（工作人员决定）" in res.output


TITLE_DECISION = f'files:\n  "{EXCLUDED}":\n    title: 家门口的家长学校\n    type: 困境儿童\n    reason: 原题目过长，经与单位确认修改\n'
OLD_TITLE = "办好“家门口”的社区家长学校 打造协同育人新阵地"


def test_a_title_staff_changed_is_explained_in_the_letter_with_the_old_title(tmp_path):
    inbox = _round(tmp_path, TITLE_DECISION)
    letters = _letters(tmp_path, inbox)
    assert len(letters) == 1, letters.keys()  # the unit learns of the change though nothing is to fix
    text = next(iter(letters.values()))
    assert f"题目按工作人员决定改为《家门口的家长学校》，原题目《{OLD_TITLE}》" in text


def test_a_title_decision_is_written_in_book_title_marks_the_same_everywhere(tmp_path):
    import openpyxl

    inbox = _round(tmp_path, TITLE_DECISION)
    expected = (f"工作人员决定：改列“困境儿童帮扶案例”；题目改为《家门口的家长学校》（原题目《{OLD_TITLE}》）"
                "（理由：原题目过长，经与单位确认修改）")
    show = CliRunner().invoke(app, ["show", str(inbox / EXCLUDED)]).output
    sheet = tmp_path / "审核结果.xlsx"
    console = CliRunner().invoke(app, ["validate", str(inbox), "--report", str(sheet)]).output
    row = list(openpyxl.load_workbook(sheet)["审核结果"].iter_rows(values_only=True))[1]
    assert expected in show.replace("\n", "")
    assert expected in console.replace("\n", "")
    assert any(str(c).startswith(expected) for c in row), row


def test_an_old_draft_is_only_told_its_revision_replaced_it(tmp_path):
    import os

    inbox = tmp_path / "收件"
    draft = write(inbox, "钱塘镇-社区学校.md", case_markdown(texts={"plans": "下一步将继续完善社区学校建设。" * 4}))
    write(inbox, "钱塘镇-社区学校（修改稿）.md", case_markdown(title="建好家门口的社区家长学校"))
    os.utime(draft, (1_700_000_000, 1_700_000_000))  # received first, and with a problem of its own (short plans)
    (tmp_path / "jlt.yaml").write_text("", encoding="utf-8")
    letters = _letters(tmp_path, inbox)
    assert len(letters) == 1, letters.keys()
    text = next(iter(letters.values()))
    assert (f"《{OLD_TITLE}》（钱塘镇-社区学校.md）已由《建好家门口的社区家长学校》（修改稿）替代，不再处理。") in text
    assert "必须修改" not in text and "建议修改" not in text and "重新报送" not in text, text
    assert "贵单位报送的《建好家门口的社区家长学校》审核通过" in text


def test_a_second_copy_is_told_the_first_received_is_the_one_handled(tmp_path):
    import os

    inbox = tmp_path / "收件"
    first = write(inbox, "钱塘镇-社区学校.md", case_markdown())
    write(inbox, "钱塘镇-社区学校-副本.md", case_markdown())
    os.utime(first, (1_700_000_000, 1_700_000_000))
    (tmp_path / "jlt.yaml").write_text("", encoding="utf-8")
    text = next(iter(_letters(tmp_path, inbox).values()))
    assert "（钱塘镇-社区学校-副本.md）与先收到的" in text and "本份不再处理" in text, text
    assert "必须修改" not in text and "jlt.yaml" not in text


def test_a_case_sent_as_an_archive_is_told_to_send_the_docx_itself(tmp_path):
    import zipfile

    inbox = tmp_path / "收件"
    inbox.mkdir()
    with zipfile.ZipFile(inbox / "钱塘镇-社区学校.zip", "w") as zf:
        zf.writestr("钱塘镇社区学校案例.docx", b"x" * 100)
    (inbox / "沙鱼镇-送教上门.rar").write_bytes(b"Rar!\x1a\x07\x00" + b"\x00" * 200)
    (tmp_path / "jlt.yaml").write_text("", encoding="utf-8")
    console = CliRunner().invoke(app, ["validate", str(inbox)]).output
    assert "收件文件夹" in console  # staff still read what to do with the archive they hold
    letters = _letters(tmp_path, inbox)
    assert len(letters) == 2, letters.keys()
    for text in letters.values():
        assert "请直接报送 Word 文件（.docx），不要压缩打包" in text, text
        assert "收件文件夹" not in text and "重新运行" not in text and "jlt" not in text and "解压" not in text
    assert "钱塘镇社区学校案例.docx" in "".join(letters.values())  # what was inside, so the unit knows which file
