"""The parts of jlt serve below the web layer: the content cache and the isolated workers of the pipeline, and
decisions written into jlt.yaml round-trip."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from casebuilder import case_markdown, write
from jlt_cli.actions.init import config_text
from jlt_cli.config import ConfigError, load_config
from jlt_cli.config.edit import add_waiver, clear_file_decision, remove_waiver, set_file_decision
from jlt_cli.model import Case
from jlt_cli.outputs.json_report import render_json
from jlt_cli.pipeline import check_rule_ids, load_settings, validate_paths
from jlt_cli.pipeline.cache import MemoryCaseCache, SqliteCaseCache
from jlt_cli.pipeline.isolate import Isolation, run_isolated


@pytest.fixture
def inbox(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "收件"
    write(folder, "钱塘镇-家长学校.md", case_markdown())
    write(folder, "钱塘镇-家长学校（修改稿）.md", case_markdown(title="办好家门口的社区家长学校"))
    write(folder, "无题.md", case_markdown(title=None, unit="合川区盐井街道办事处", parts=["basic", "plans"]))
    return Path("收件")


def test_cache_hits_give_the_same_run_and_cross_file_checks_still_run(inbox, tmp_path):
    config = load_settings(None, [inbox])
    plain = render_json(validate_paths([inbox], config))
    assert '"rule": "duplicate"' in plain  # a check across files: the draft and its revision
    cache = SqliteCaseCache(tmp_path / "cache.sqlite")
    assert render_json(validate_paths([inbox], config, cache=cache)) == plain
    assert (cache.hits, cache.misses) == (0, 3)
    assert render_json(validate_paths([inbox], config, cache=cache)) == plain
    assert (cache.hits, cache.misses) == (3, 3)
    # a changed file is read again, the others are not
    write(tmp_path / "收件", "无题.md", case_markdown(title="盐井街道的案例", unit="合川区盐井街道办事处"))
    changed = validate_paths([inbox], config, cache=cache)
    assert (cache.hits, cache.misses) == (5, 4)
    assert render_json(changed) == render_json(validate_paths([inbox], config))


def test_a_decision_changes_only_its_own_file_key(inbox, tmp_path):
    cache = MemoryCaseCache()
    config = load_settings(None, [inbox])
    validate_paths([inbox], config, cache=cache)
    (tmp_path / "jlt.yaml").write_text('files:\n  "无题.md":\n    include: false\n    reason: 不收录\n', encoding="utf-8")
    decided = load_settings(None, [inbox])
    result = validate_paths([inbox], decided, cache=cache)
    assert (cache.hits, cache.misses) == (2, 4)
    case = {c.display_path: c for c in result.cases}["收件/无题.md"]
    assert case.decision is not None and case.decision.include is False
    # waivers are applied after the cache, over the whole run
    (tmp_path / "jlt.yaml").write_text("waivers:\n  - {file: 无题.md, rule: missing-title, reason: 已核对}\n", encoding="utf-8")
    waived = validate_paths([inbox], load_settings(None, [inbox]), cache=cache)
    assert any(f.waived == "已核对" for f in {c.display_path: c for c in waived.cases}["收件/无题.md"].findings)


def test_isolated_reading_gives_what_in_process_reading_gives(inbox):
    config = load_settings(None, [inbox])
    isolated = validate_paths([inbox], config, isolation=Isolation(seconds=60, memory_mb=2048, workers=2))
    assert render_json(isolated) == render_json(validate_paths([inbox], config))


def _slow_or_greedy(item: str) -> str:
    if item == "hang":
        time.sleep(60)
    if item == "bomb":
        hog = []
        while True:
            hog.append(bytearray(64 * 1024 * 1024))
    return item.upper()


def _failed(item: str, message: str) -> str:
    return f"failed: {item}: {message}"


@pytest.fixture
def forked(monkeypatch):
    """Workers forked from this process (they inherit the test's stand-ins), whatever threads earlier tests left."""
    import multiprocessing

    import jlt_cli.pipeline.isolate as isolate

    monkeypatch.setattr(isolate, "_context", lambda: multiprocessing.get_context("fork"))


def test_a_hanging_or_greedy_item_costs_itself_only(forked):
    items = ["a", "hang", "b", "bomb", "c"]
    started = time.monotonic()
    got = dict(run_isolated(items, _slow_or_greedy, _failed, Isolation(seconds=1, memory_mb=400, workers=2)))
    assert time.monotonic() - started < 30
    assert [got[i] for i in (0, 2, 4)] == ["A", "B", "C"]
    assert got[1].startswith("failed: hang: 读取此文件超过 1 秒仍未完成")
    assert got[3].startswith("failed: bomb: 读取此文件时超出内存上限（400 MB）")


def test_a_file_that_hangs_its_reader_is_one_unreadable_finding(inbox, monkeypatch, forked):
    import jlt_cli.pipeline as pipeline

    real = pipeline.read_document

    def read(path, config, **kw):  # the worker is forked: it inherits this stand-in for a reader stuck in a loop
        if "修改稿" in path.name:
            time.sleep(60)
        return real(path, config, **kw)

    monkeypatch.setattr(pipeline, "read_document", read)
    config = load_settings(None, [inbox])
    result = validate_paths([inbox], config, cache=MemoryCaseCache(), isolation=Isolation(seconds=1, workers=1))
    by = {c.display_path: c for c in result.cases}
    stuck = by["收件/钱塘镇-家长学校（修改稿）.md"]
    assert not stuck.readable and [f.rule for f in stuck.findings] == ["unreadable"]
    assert "超过 1 秒" in stuck.findings[0].message
    assert by["收件/钱塘镇-家长学校.md"].readable and by["收件/无题.md"].readable
    assert isinstance(stuck, Case)


def test_decisions_are_written_round_trip_and_checked(tmp_path):
    path = tmp_path / "jlt.yaml"
    path.write_text(config_text(), encoding="utf-8")
    set_file_decision(path, "甲.docx", type="困境儿童", reason="经与单位确认改列", check=check_rule_ids)
    set_file_decision(path, "乙.docx", include=False, reason="重复报送")
    add_waiver(path, "甲.docx", "unknown-unit", "经核实为受邀单位", check=check_rule_ids)
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# jlt 配置文件（由 jlt init 生成）")
    assert text.count("\n#") == config_text().count("\n#")  # every comment kept
    config = load_config(path)
    assert config.file_decision("甲.docx")["type"] == "困境儿童"
    assert config.file_decision("乙.docx")["include"] is False
    assert config.waiver_for("收件/甲.docx", "unknown-unit") == "经核实为受邀单位"
    # a bad decision leaves the file as it was, and says why in Chinese
    with pytest.raises(ConfigError, match="不是已配置的案例类型"):
        set_file_decision(path, "丙.docx", type="心理健康", reason="x")
    with pytest.raises(ConfigError, match="未知的规则"):
        add_waiver(path, "丙.docx", "no-such-rule", "x", check=check_rule_ids)
    with pytest.raises(ConfigError, match="理由"):
        set_file_decision(path, "丙.docx", unit="区教委", reason="  ")
    assert path.read_text(encoding="utf-8") == text
    clear_file_decision(path, "甲.docx")
    remove_waiver(path, "甲.docx", "unknown-unit")
    set_file_decision(path, "乙.docx", include=False, reason="重复报送")
    again = path.read_text(encoding="utf-8")
    assert again.count("\n#") == config_text().count("\n#")
    assert json.dumps(load_config(path).data["files"], ensure_ascii=False).count("乙.docx") == 1
    assert not load_config(path).data["waivers"]
    # the blank line before the next section stays where it was
    assert "    reason: 重复报送\n\nduplicate:" in again


@pytest.mark.slow
def test_two_writers_at_once_lose_no_decision(tmp_path):
    """Two tabs (threads of one server) and a second server (another process) write decisions at the same time."""
    import subprocess
    import sys
    from concurrent.futures import ThreadPoolExecutor

    path = tmp_path / "jlt.yaml"
    path.write_text(config_text(), encoding="utf-8")
    other = subprocess.Popen([sys.executable, "-c", (
        "import sys; from pathlib import Path; from jlt_cli.config.edit import set_file_decision\n"
        "for i in range(8): set_file_decision(Path(sys.argv[1]), f'外{i}.docx', include=False, reason='另一进程')")
        , str(path)])

    def tab(n: int) -> None:
        for i in range(3):
            set_file_decision(path, f"页{n}-{i}.docx", type="护校安园", reason=f"第{n}个标签页")

    with ThreadPoolExecutor(3) as pool:
        list(pool.map(tab, range(3)))
    assert other.wait(60) == 0
    files = load_config(path).data["files"]
    assert len(files) == 3 * 3 + 8
    assert path.read_text(encoding="utf-8").count("\n#") == config_text().count("\n#")


@pytest.mark.slow
def test_two_hundred_files_open_in_well_under_a_second_after_the_first_visit(tmp_path, monkeypatch):
    import random
    import sys

    from jlt_cli.actions.init import init
    from jlt_cli.web.state import Round

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
    from load_serve import make_case

    root = tmp_path / "round"
    init(root)
    rng = random.Random(1)
    for i in range(200):
        name, data, _ = make_case(i, rng)
        (root / "收件" / name).write_bytes(data)
    monkeypatch.chdir(root)
    first = Round(root).run()
    restarted = Round(root)  # nothing in memory: every case from the SQLite cache, the run checks over all
    started = time.monotonic()
    again = restarted.run()
    seconds = time.monotonic() - started
    assert restarted.cache.hits == 200 and restarted.cache.misses == 0
    assert render_json(again) == render_json(first)
    assert seconds < 1.0, f"{seconds:.2f} s"
    (root / "收件" / "钱塘镇-案例0.md").write_bytes(make_case(999, rng)[1])
    restarted.run()
    assert restarted.cache.misses == 1  # only the changed file is read again
