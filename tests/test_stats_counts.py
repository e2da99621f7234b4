"""``jlt stats``: the type table counts every file once (types, then why a file has none) so its rows add up to
the files; and it says how many cases go into the brochure, as ``jlt build`` chooses them."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from casebuilder import case_markdown, write
from jlt_cli.cli import app


def _inbox(tmp_path: Path) -> Path:
    inbox = tmp_path / "收件"
    write(inbox, "钱塘镇-社区学校.md", case_markdown())
    write(inbox, "沙鱼镇-社区学校.md", case_markdown(title="沙鱼镇的社区学校", unit="合川区沙鱼镇人民政府",
                                                texts={"basic": "沙鱼镇地处合川区东部。" * 12}))
    write(inbox, "官渡镇-缺部分.md", case_markdown(title="官渡镇院坝课堂", unit="合川区官渡镇人民政府", parts=["basic", "measures", "results"]))
    write(inbox, "渭沱镇-通知.md", "# 关于暑期安全教育的通知\n\n报送单位：合川区渭沱镇人民政府\n\n各村（社区）：请做好暑期安全教育工作。\n")
    write(inbox, "龙市镇-院坝课堂.rtf", r"{\rtf1\ansi 院坝课堂}")
    (tmp_path / "jlt.yaml").write_text('files:\n  "沙鱼镇-社区学校.md":\n    include: false\n    reason: 本轮不收录\n',
                                       encoding="utf-8")
    return inbox


def _rows(output: str, title: str) -> dict[str, int]:
    """The rows of one rich table on the terminal: first column → last number."""
    start = output.index(title)
    rows = {}
    for line in output[start:].splitlines()[3:]:
        if line.startswith("└"):
            break
        cells = [c.strip() for c in re.split(r"[│┃]", line) if c.strip()]
        if len(cells) >= 2 and cells[-1].isdigit():
            rows[cells[0]] = int(cells[-1])
    return rows


def test_the_type_table_adds_up_to_the_files_and_names_why_a_file_has_no_type(tmp_path):
    res = CliRunner().invoke(app, ["stats", str(_inbox(tmp_path))], terminal_width=200)
    assert res.exit_code == 0, res.output
    rows = _rows(res.output, "按类型")
    total = rows.pop("合计")
    assert total == 5 == sum(rows.values()), res.output
    assert rows["非案例（通知、总结等）"] == 1 and rows["无法读取"] == 1, rows
    assert "共 5 个文件" in res.output


def test_stats_say_how_many_cases_the_build_includes(tmp_path):
    from jlt_cli.config import load_config
    from jlt_cli.outputs.brochure.build import BuildReport, collect_cases

    inbox = _inbox(tmp_path)
    res = CliRunner().invoke(app, ["stats", str(inbox)], terminal_width=200)
    config = load_config(None, inputs=[inbox])
    selection = collect_cases([inbox], config, BuildReport(tmp_path / "x.pdf", "pdf"))
    included = len(selection.included)
    assert included == 1  # 钱塘镇 only: 沙鱼镇 excluded by staff, 官渡镇 has an error
    assert f"收录汇编 {included} 篇" in res.output, res.output
