"""samples/ as staff see it: every good sample passes clean, every sample in 需修改/ shows exactly its rule."""

from __future__ import annotations

import json

import pytest
from conftest import SAMPLES
from click.testing import CliRunner

from jlt_cli.cli import app

# file-name prefix of each sample in samples/需修改/ → the one rule it demonstrates
EXPECTED = {
    "不是案例": "not-a-case",
    "成效为空": "empty-section",
    "无法判断类型": "unknown-type",
    "格式不支持": "unsupported-format",
    "类型不符": "type-mismatch",
    "缺少部分": "missing-section",
    "缺少题目": "missing-title",
    "隐私问题": "personal-info",
    "顺序颠倒": "section-order",
    "两篇案例": "multiple-cases",
}


@pytest.fixture(scope="module")
def report() -> dict:
    result = CliRunner().invoke(app, ["validate", "--format", "json", str(SAMPLES)])
    assert result.exit_code == 1, result.output  # the 需修改 samples have errors
    return {f["path"].split("samples/", 1)[1]: f for f in json.loads(result.stdout)["files"]}


def test_every_bad_sample_shows_exactly_its_rule(report):
    bad = {path: f for path, f in report.items() if path.startswith("需修改/")}
    assert {path.split("/")[1].split("_")[0] for path in bad} == set(EXPECTED)
    for path, f in bad.items():
        expected = EXPECTED[path.split("/")[1].split("_")[0]]
        assert {x["rule"] for x in f["findings"]} == {expected}, (path, f["findings"])


def test_good_samples_pass_clean_with_two_of_each_type(report):
    good = {path: f for path, f in report.items() if not path.startswith("需修改/")}
    assert len(good) >= 6
    for path, f in good.items():
        assert f["status"] == "valid" and f["findings"] == [], (path, f["findings"])
        declared = path.split("_")[0]
        assert f["type"] == declared and f["inferred_type"] == declared, path
        assert f["unit"] and f["title"] and len(f["sections"]) == 4
    types = [f["type"] for f in good.values()]
    assert all(types.count(t) >= 2 for t in ("社区学校", "护校安园", "困境儿童"))
    assert {f["format"] for f in good.values()} >= {"docx", "markdown"}
