"""The Excel review sheet prints as staff need it and its counts add up.

Built with `jlt validate --report` from the samples three times over (folders 批1–批3, about 50 files: cases of every
type, a notice that is not a case, an unsupported .rtf, a case whose type cannot be told), read back with
openpyxl (print settings, rule names, counts) and printed through LibreOffice (slow tier).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import SAMPLES

from jlt_cli.cli import app

runner = CliRunner()
SHEETS = {"审核结果": ("序号", "问题摘要"), "问题明细": ("文件", "豁免理由"), "汇总": ("报送单位", "警告")}


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    base = tmp_path_factory.mktemp("xlsx")
    for n in (1, 2, 3):
        shutil.copytree(SAMPLES, base / "收件" / f"批{n}", ignore=shutil.ignore_patterns("README*"))
    out = base / "审核结果.xlsx"
    res = runner.invoke(app, ["validate", str(base / "收件"), "--report", str(out)])
    assert res.exit_code == 1, res.output
    from jlt_cli.config import Config, load_defaults
    from jlt_cli.pipeline import validate_paths

    return out, validate_paths([base / "收件"], Config(load_defaults())).cases


def test_every_sheet_prints_landscape_one_page_wide_with_its_header_on_each_page(report):
    from openpyxl import load_workbook

    out, _ = report
    wb = load_workbook(out)
    assert wb.sheetnames == list(SHEETS)
    for ws in wb.worksheets:
        setup = ws.page_setup
        assert setup.orientation == "landscape", ws.title
        assert int(setup.paperSize) == 9, ws.title  # A4
        assert int(setup.fitToWidth) == 1 and int(setup.fitToHeight) == 0, ws.title
        assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        assert ws.print_title_rows in ("1:1", "$1:$1"), ws.title  # the header row on every printed page
        assert ws.freeze_panes == "A2", ws.title
        assert "&P" in ws.oddFooter.center.text


def test_long_text_wraps_and_the_row_grows(report):
    from openpyxl import load_workbook

    out, _ = report
    ws = load_workbook(out)["审核结果"]
    long_rows = [r for r in range(2, ws.max_row + 1) if len(str(ws.cell(r, 9).value or "")) > 60]
    assert long_rows
    for r in long_rows:
        assert ws.cell(r, 9).alignment.wrap_text
        assert (ws.row_dimensions[r].height or 0) >= 30  # two lines at least, not cut to one


def test_rule_names_beside_their_ids(report):
    from openpyxl import load_workbook

    from jlt_cli.checks import RULES

    out, cases = report
    ws = load_workbook(out)["问题明细"]
    header = [c.value for c in ws[1]]
    assert header[3:5] == ["规则", "规则名称"]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert len(rows) == sum(len(c.findings) for c in cases)
    for row in rows:
        assert row[4] == RULES[row[3]].summary and re.search(r"[\u4e00-\u9fff]", row[4]), row[3]
    assert {"not-a-case", "missing-section"} <= {row[3] for row in rows}


def test_counts_add_up_to_the_files(report):
    from openpyxl import load_workbook

    out, cases = report
    rows = [r for r in load_workbook(out)["汇总"].iter_rows(values_only=True)]
    split = next(i for i, r in enumerate(rows) if r[0] == "案例类型")
    end = next(i for i, r in enumerate(rows) if str(r[0] or "").startswith("未报送的单位"))  # the chasing list below
    units, types = [r for r in rows[1:split] if r[0]], [r for r in rows[split + 1:end] if r[0]]
    files = len(cases)
    assert files >= 36 and files % 3 == 0
    assert units[-1][0] == "合计" and units[-1][1] == files == sum(r[1] for r in units[:-1])
    assert types[-1][0] == "合计" and types[-1][1] == files == sum(r[1] for r in types[:-1])
    # each block's status columns add up too
    for block in (units, types):
        for r in block:
            assert r[1] == r[2] + r[3] + r[4], r
    by_name = {r[0]: r[1] for r in types}
    assert by_name["无法读取"] == sum(1 for c in cases if not c.readable) > 0
    assert by_name["非案例（通知、总结等）"] == sum(1 for c in cases if c.readable and not c.is_case) > 0
    typed = sum(1 for c in cases if c.is_case and c.type)
    assert sum(v for k, v in by_name.items() if k.endswith("案例") and k != "类型未能判断的案例") == typed


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice 未安装")
def test_printed_through_libreoffice_one_page_wide(report, tmp_path):
    from pypdf import PdfReader

    out, _ = report
    source = tmp_path / "审核结果.xlsx"
    shutil.copy(out, source)
    profile = tmp_path / "lo-profile"
    subprocess.run(["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(source)], check=True, timeout=180, capture_output=True)
    reader = PdfReader(str(tmp_path / "审核结果.pdf"))
    pages = [re.sub(r"\s+", "", p.extract_text() or "") for p in reader.pages]
    assert len(pages) >= 3
    for page in reader.pages:
        assert float(page.mediabox.width) > float(page.mediabox.height)  # landscape
        assert abs(float(page.mediabox.width) - 841.9) < 2  # A4
    counted = {name: 0 for name in SHEETS}
    for text in pages:
        sheet = next(name for name in SHEETS if text.startswith(name))  # the page header names the sheet
        first, last = SHEETS[sheet]
        # one page wide: every page of a sheet carries its first and its last column, under the repeated header
        assert first in text[:40] and last in text, (sheet, text[:80])
        counted[sheet] += 1
    assert all(counted.values()) and counted["问题明细"] >= 2  # the long sheet runs onto more pages, header on each
    subprocess.run(["pdftoppm", "-r", "30", "-png", "-f", "1", "-l", "1", str(tmp_path / "审核结果.pdf"),
                    str(tmp_path / "sheet")], check=True)
    assert Path(next(tmp_path.glob("sheet-*.png"))).stat().st_size > 2000
