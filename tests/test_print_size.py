"""Issue 11 (8): lengths measured as printed — the page estimate is right within one page of the real PDF."""

from __future__ import annotations

from PIL import Image as PILImage
from pypdf import PdfReader

from casebuilder import MEASURES, case_markdown, write
from jlt_cli.pipeline import load_settings, validate_paths
from jlt_cli.understand.print_size import case_print_size


SUBJECTS = ["镇党委", "社区家长学校", "镇中心校", "家庭教育指导服务站", "妇联执委", "关工委五老志愿者", "新时代文明实践站", "村（社区）两委",
            "驻村第一书记", "骨干教师团队", "社工机构", "青年志愿者"]
ACTIONS = ["牵头组织", "定期开展", "创新推出", "联合举办", "持续深化", "统筹安排", "精心设计", "逐户走访开展", "按月轮流承办", "分批次实施"]
OBJECTS = ["家长夜校专题课程", "亲子共读活动", "家风家训故事会", "周末托管服务", "心理健康讲座", "隔代教养交流会", "暑期安心课堂",
           "家庭教育个案指导", "社区书屋开放日", "科普研学体验", "法治宣传进家庭", "传统节日主题活动"]


def _prose(seed: int, sentences: int) -> str:
    """Distinct prose (near-copies would be left out of the brochure as duplicates)."""
    import random

    rnd = random.Random(seed)
    out = []
    for n in range(sentences):
        out.append(f"{rnd.choice(SUBJECTS)}{rnd.choice(ACTIONS)}{rnd.choice(OBJECTS)}{rnd.randrange(3, 90)}场，"
                   f"覆盖家庭{rnd.randrange(100, 5000)}户，参与群众{rnd.randrange(200, 9000)}人次。")
        if n % 6 == 5:
            out.append("\n\n")
    return "".join(out)


def _texts(seed: int, measures: int, extra: str = "") -> dict:
    return {"basic": _prose(seed, 5), "measures": _prose(seed + 1, measures) + extra, "results": _prose(seed + 2, 5),
            "plans": _prose(seed + 3, 3)}


def _table(rows: int) -> str:
    lines = ["| 序号 | 村（社区） | 帮扶对象 | 帮扶内容 | 时间 |", "|---|---|---|---|---|"]
    lines += [f"| {n} | 石龙村 | 困难家庭{n} | 送学习用品、开展心理疏导和学业辅导 | 2025年{n % 12 + 1}月 |" for n in range(1, rows + 1)]
    return "\n".join(lines)


def _picture(folder, name: str, size: tuple[int, int]) -> str:
    folder.mkdir(parents=True, exist_ok=True)
    PILImage.new("RGB", size, (120, 160, 200)).save(folder / name)
    return f"![活动照片]({name})\n\n图1 活动现场"


def test_page_estimate_within_one_page_of_the_rendered_brochure(tmp_path):
    inbox = tmp_path / "收件"
    pictures = "\n\n" + _picture(inbox, "p1.png", (1600, 1200)) + "\n\n" + _picture(inbox, "p2.png", (1200, 1600))
    cases = {
        "a.md": case_markdown(title="一号短篇", declared="社区学校建设案例", texts=_texts(10, 6)),
        "b.md": case_markdown(title="二号中篇", declared="社区学校建设案例", texts=_texts(20, 40)),
        "c.md": case_markdown(title="三号长篇", declared="社区学校建设案例", texts=_texts(30, 140)),
        "d.md": case_markdown(title="四号附台账", declared="社区学校建设案例", texts=_texts(40, 8, "\n\n" + _table(60))),
        "e.md": case_markdown(title="五号附照片", declared="社区学校建设案例", texts=_texts(50, 8, pictures)),
        "f.md": case_markdown(title="六号末篇", declared="社区学校建设案例", texts=_texts(60, 6)),
    }
    for name, text in cases.items():
        write(inbox, name, text)
    (tmp_path / "jlt.yaml").write_text("limits:\n  max_chars: 30000\nbrochure:\n  case_order: explicit\n"
                                       "  explicit_order: [a.md, b.md, c.md, d.md, e.md, f.md]\n", encoding="utf-8")
    from click.testing import CliRunner

    from jlt_cli.cli import app

    out = tmp_path / "汇编.pdf"
    res = CliRunner().invoke(app, ["build", str(inbox), "-o", str(out), "--config", str(tmp_path / "jlt.yaml")])
    assert res.exit_code == 0, res.output
    reader = PdfReader(str(out))
    starts = {}
    for item in reader.outline:
        if isinstance(item, list):
            for child in item:
                if not isinstance(child, list):
                    starts[child.title] = reader.get_destination_page_number(child)
    config = load_settings(tmp_path / "jlt.yaml")
    result = validate_paths([inbox], config)
    by_title = {c.title: c for c in result.cases}
    ordered = sorted(((t, n) for t, n in starts.items() if t in by_title), key=lambda kv: kv[1])
    report = []
    for (title, start), (_, nxt) in zip(ordered, ordered[1:]):
        actual = nxt - start
        estimate = case_print_size(by_title[title], config).pages
        report.append((title, actual, estimate))
    print(report)
    assert len(report) == 5
    for title, actual, estimate in report:
        assert abs(actual - estimate) <= 1, report


def test_a_ledger_table_is_a_long_table_and_the_page_count_is_honest(tmp_path):
    write(tmp_path / "收件", "台账.md", case_markdown(texts={"measures": MEASURES + "\n\n" + _table(128)}))
    config = load_settings(None, inputs=[tmp_path / "收件"], cwd=tmp_path)
    case = validate_paths([tmp_path / "收件"], config).cases[0]
    long_table = [f for f in case.findings if f.rule == "long-table"]
    assert long_table and "128 行" in long_table[0].message and "汇总表" in long_table[0].message
    assert case_print_size(case, config).pages >= 5
