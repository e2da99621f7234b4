"""What jlt writes is readable by the staff's other accounts (the Samba share): folders and files get the mode the
umask gives an ordinary mkdir/open, never the 0700/0600 of a temporary one; an output jlt replaces keeps its mode."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from casebuilder import case_markdown, write
from jlt_cli.base.atomic import atomic_write_dir, atomic_write_text
from jlt_cli.cli import app


@pytest.fixture
def umask_027():
    old = os.umask(0o027)  # group may read, others nothing: not what tempfile would give (0700/0600)
    try:
        yield
    finally:
        os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_a_new_file_gets_the_umask_mode_and_a_replaced_one_keeps_its_own(tmp_path, umask_027):
    new = tmp_path / "新.txt"
    atomic_write_text(new, "一")
    assert mode(new) == 0o640
    shared = tmp_path / "共享.txt"
    shared.write_text("旧", encoding="utf-8")
    os.chmod(shared, 0o664)  # staff opened it to their group by hand
    atomic_write_text(shared, "新")
    assert shared.read_text(encoding="utf-8") == "新" and mode(shared) == 0o664


def test_a_folder_put_in_place_gets_the_umask_mode_and_a_replaced_one_keeps_its_own(tmp_path, umask_027):
    target = tmp_path / "网页版"
    atomic_write_dir(target, lambda d: (d / "index.html").write_text("x", encoding="utf-8"))
    assert mode(target) == 0o750 and mode(target / "index.html") == 0o640
    os.chmod(target, 0o755)
    atomic_write_dir(target, lambda d: (d / "index.html").write_text("y", encoding="utf-8"))
    assert mode(target) == 0o755


def test_letters_folder_and_review_sheet_in_a_round_are_readable_by_the_group(tmp_path, umask_027):
    res = CliRunner().invoke(app, ["init", str(tmp_path / "轮次")])
    assert res.exit_code == 0, res.output
    inbox, outbox = tmp_path / "轮次" / "收件", tmp_path / "轮次" / "输出"
    write(inbox, "钱塘镇-社区学校.md", case_markdown(parts=["basic", "measures", "results"]))
    letters = outbox / "修改意见"
    res = CliRunner().invoke(app, ["feedback", str(inbox), "-o", str(letters)])
    assert res.exit_code in (0, 1), res.output
    assert mode(outbox) == 0o750 and mode(letters) == 0o750
    written = list(letters.iterdir())
    assert written and all(mode(p) == 0o640 for p in written)
    sheet = outbox / "审核结果.xlsx"
    res = CliRunner().invoke(app, ["validate", str(inbox), "--report", str(sheet)])
    assert res.exit_code in (0, 1), res.output
    assert mode(sheet) == 0o640
    # a second run into the existing folder (letters moved in one by one) keeps the folder's mode
    os.chmod(letters, 0o755)
    res = CliRunner().invoke(app, ["feedback", str(inbox), "-o", str(letters)])
    assert res.exit_code in (0, 1), res.output
    assert mode(letters) == 0o755 and all(mode(p) == 0o640 for p in letters.iterdir() if p.is_file())
