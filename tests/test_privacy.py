"""Privacy (issue 11): the one body filter decides what prints; the detector, the rule and --redact agree.

The body-filter test builds the three brochures with the real CLI and reads them back (pypdf, the HTML
folder, python-docx): a labelled contact line in the body is printed by none of them, and whatever is
printed went through the personal-info rule.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

import casebuilder
from jlt_cli.cli import app
from jlt_cli.config import Config, load_defaults
from jlt_cli.pipeline import validate_paths

runner = CliRunner()

# Contact lines written into the body (not the header), each with a value that must never be printed.
CONTACT_LINES = [
    ("通讯员：王五 13912345678", ["王五", "13912345678"]),
    ("撰稿人：赵六六　联系电话：13812345670", ["赵六六", "13812345670"]),
    ("（执笔人：钱七七，审核人：孙八八，联系电话：023-42750001）", ["钱七七", "孙八八", "42750001"]),
    # over 120 characters: one of the old filters dropped it from one output and printed it in another
    ("通讯员：周九九（合川区钱塘镇人民政府党政办公室干事，负责本案例材料的收集、整理和撰写，"
     "如对案例内容有疑问，请在工作日上午九点至下午五点之间联系，手机13712345671，"
     "办公室电话023-42750002，电子邮箱zhoujiujiu@example.com，单位地址合川区钱塘镇钱塘大道88号）",
     ["周九九", "13712345671", "42750002", "zhoujiujiu"]),
]
# An unlabelled body line: it is printed, so the rule must have checked it.
UNLABELLED = "活动结束后，志愿者留下电话13612345672，方便家长随时联系。"


def _case_text() -> str:
    measures = casebuilder.MEASURES + "\n\n" + "\n\n".join(line for line, _ in CONTACT_LINES)
    plans = casebuilder.PLANS + "\n\n" + UNLABELLED
    return casebuilder.case_markdown(texts={"measures": measures, "plans": plans})


def _secrets() -> list[str]:
    return [v for _, values in CONTACT_LINES for v in values]


def test_contact_lines_in_the_body_are_not_checked_as_body(tmp_path):
    casebuilder.write(tmp_path / "收件", "钱塘镇.md", _case_text())
    case = validate_paths([tmp_path / "收件"], Config(load_defaults())).cases[0]
    hits = [f for f in case.findings if f.rule == "personal-info"]
    # exactly one: the unlabelled phone; the contact lines are for staff and never printed
    assert len(hits) == 1, [f.message for f in hits]
    assert "电话" in hits[0].message and "13612345672" not in hits[0].message


def _pdf_text(path: Path) -> str:
    pypdf = pytest.importorskip("pypdf")
    return "".join(page.extract_text() or "" for page in pypdf.PdfReader(str(path)).pages)


def _html_text(folder: Path) -> str:
    """The text a reader sees: tags removed (punctuation squeezing wraps marks in spans)."""
    import re

    return "".join(re.sub(r"<[^>]+>", "", p.read_text(encoding="utf-8")) for p in folder.rglob("*.html"))


def _docx_text(path: Path) -> str:
    import docx

    doc = docx.Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    parts += [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    return "\n".join(parts)


@pytest.mark.parametrize("fmt", ["pdf", "html", "docx"])
def test_no_output_prints_a_contact_line_and_everything_printed_was_checked(tmp_path, fmt):
    from jlt_cli.outputs.brochure.fonts import FontError, plan_fonts

    if fmt == "pdf":
        try:
            plan_fonts(Config(load_defaults()))
        except FontError:
            pytest.skip("没有可用的中文字体")
    inbox = tmp_path / "收件"
    casebuilder.write(inbox, "钱塘镇.md", _case_text())
    out = tmp_path / ("汇编" + {"pdf": ".pdf", "html": "", "docx": ".docx"}[fmt])
    args = ["build", str(inbox), "-o", str(out) + ("/" if fmt == "html" else ""), "-f", fmt]

    # Without --redact the case is left out: the unlabelled phone is a personal-info error.
    result = runner.invoke(app, args)
    assert result.exit_code == 2 and "没有可以汇编的有效案例" in result.output, result.output

    # With --redact it is printed: the unlabelled phone replaced, the contact lines absent.
    result = runner.invoke(app, args + ["--redact"])
    assert result.exit_code == 0, result.output
    if fmt == "pdf":
        text = _pdf_text(out)
    elif fmt == "html":
        text = _html_text(out)
    else:
        text = _docx_text(out)
    flat = "".join(text.split())
    assert "家门口" in flat and "志愿者留下电话" in flat  # the case and the unlabelled line are printed
    assert "（电话略）" in flat
    for value in _secrets() + ["13612345672", "通讯员", "撰稿人", "执笔人"]:
        assert value not in flat, (fmt, value)


# --- the probe corpus: recall, precision, severity and redaction, on every sentence ---------------

PROBES = Path(__file__).resolve().parent / "probes"
# the probe files say phone for any telephone number; the detector tells mobiles from landlines
KIND_ALIASES = {"phone": {"mobile", "landline"}, "mobile": {"mobile"}, "landline": {"landline"}, "id": {"id"},
                "bank": {"bank"}, "wechat": {"wechat"}, "qq": {"qq"}, "email": {"email"}, "address": {"address"},
                "name": {"name"}, "child_name": {"name"}, "parent_name": {"name"}}
# Items whose expected value in the shared file is plainly wrong: (file, text) → why. Excluded, not changed.
EXCLUDED: dict[tuple[str, str], str] = {}


def _load(name: str) -> dict:
    import yaml

    return yaml.safe_load((PROBES / name).read_text(encoding="utf-8"))


def score(name: str) -> dict:
    """Figures for one probe file (also printed by test_probe_figures with -s)."""
    from jlt_cli.understand.privacy import find_personal_info
    from jlt_cli.understand.redact import redact_text as redact

    # The corpus's expected redactions replace the detected values only (its header says so); the school and
    # class beside a child's name, which the brochure also reduces, are tested on their own below.
    def redact_text(text: str) -> str:
        return redact(text, details=False)

    data = _load(name)
    items = found = same_severity = 0
    true_matches = extra_matches = 0
    missed, wrong_severity, redaction_diffs, false_errors, false_warnings, extras = [], [], [], [], [], []
    for p in data["positives"]:
        text = p["text"]
        if (name, text) in EXCLUDED:
            continue
        matches = find_personal_info(text)
        used: set[int] = set()
        for item in p["items"]:
            items += 1
            value = str(item["value"])
            at = text.find(value)
            span = (at, at + len(value)) if at >= 0 else (0, 0)
            hit = next((i for i, m in enumerate(matches) if m.kind in KIND_ALIASES.get(item["kind"], {item["kind"]})
                        and m.start < span[1] and span[0] < m.end), None)
            if hit is None:
                missed.append((text, item))
                continue
            found += 1
            used.add(hit)
            severity = "error" if matches[hit].certain else "warning"
            if severity == item.get("severity", "error"):
                same_severity += 1
            else:
                wrong_severity.append((text, value, item.get("severity"), severity, matches[hit].reason))
        true_matches += len(used)
        for i, m in enumerate(matches):
            if i not in used:
                extra_matches += 1
                extras.append((text, m.kind, m.value, m.certain))
        if "redacted" in p and redact_text(text) != p["redacted"]:
            redaction_diffs.append((text, p["redacted"], redact_text(text)))
    negatives = len(data["negatives"])
    for n in data["negatives"]:
        text = n["text"]
        matches = find_personal_info(text)
        errors = [m for m in matches if m.certain]
        if errors:
            false_errors.append((text, [(m.kind, m.value, m.reason) for m in errors]))
        elif matches:
            false_warnings.append((text, [(m.kind, m.value, m.reason) for m in matches]))
        if matches:
            extra_matches += len(matches)
        if redact_text(text) != text:
            redaction_diffs.append((text, text, redact_text(text)))
    flagged = true_matches + extra_matches
    return {
        "file": name, "positives": len(data["positives"]), "items": items, "found": found,
        "recall": found / items if items else 1.0,
        "severity_agreement": same_severity / found if found else 1.0,
        "precision": true_matches / flagged if flagged else 1.0,
        "negatives": negatives, "false_errors": false_errors, "false_warnings": false_warnings,
        "clean_negatives": (negatives - len(false_errors) - len(false_warnings)) / negatives if negatives else 1.0,
        "missed": missed, "wrong_severity": wrong_severity, "redaction_diffs": redaction_diffs, "extras": extras,
    }


def _print(s: dict) -> None:
    print(f"\n{s['file']}: {s['positives']} positives ({s['items']} items), {s['negatives']} negatives")
    print(f"  recall {s['recall']:.3f} ({s['found']}/{s['items']}), severity agreement {s['severity_agreement']:.3f}, "
          f"precision {s['precision']:.3f}; negatives: {len(s['false_errors'])} false errors, "
          f"{len(s['false_warnings'])} warnings, clean {s['clean_negatives']:.3f}; "
          f"redaction differs on {len(s['redaction_diffs'])}")
    for key in ("missed", "wrong_severity", "false_errors", "false_warnings", "extras", "redaction_diffs"):
        for row in s[key]:
            print(f"  {key}: {row}")


PROBE_FILES = sorted(p.name for p in PROBES.glob("privacy*.yaml"))


@pytest.mark.parametrize("name", PROBE_FILES)
def test_probe_figures(name):
    """Recall ≥ 0.95, no false error on a negative, every sentence redacted exactly as expected."""
    s = score(name)
    _print(s)
    assert s["positives"] >= 30 and s["negatives"] >= 60
    assert s["recall"] >= 0.95, s["missed"]
    assert s["false_errors"] == []
    # the replacement itself is exact: a sentence redacts differently only where an item was missed or a
    # negative was flagged (a warning), never because a found item was cut wrongly or a neighbour touched
    detection = {t for t, _ in s["missed"]} | {t for t, _ in s["false_warnings"]}
    assert [d for d in s["redaction_diffs"] if d[0] not in detection] == []


# --- long lines: every recogniser is linear -------------------------------------------------------


def _seconds(text: str) -> float:
    import time

    from jlt_cli.understand.personnames import lexicon
    from jlt_cli.understand.privacy import find_personal_info

    lexicon()._readings.clear()  # no help from readings cached by the previous size
    start = time.perf_counter()
    find_personal_info(text)
    return time.perf_counter() - start


@pytest.mark.parametrize("unit", [
    "学生王小明家住石龙村5组，电话138 1234 5678，",  # everything found, many times over
    "王小明同学（女，11岁）的妈妈",  # names before descriptors
    "QQ1234567 微信号abcdef_ a@b.cn ",
    "3栋2单元501室5组附3号-",
    "1 2-3 4-5 ",
])
@pytest.mark.slow
def test_long_lines_take_linear_time(unit):
    from jlt_cli.understand.privacy import find_personal_info

    find_personal_info("学生王小明")  # the dictionary is loaded once a process
    small = (unit * (25_000 // len(unit) + 1))[:25_000]
    large = (unit * (100_000 // len(unit) + 1))[:100_000]
    # the best of three: a loaded machine (CI, parallel workers) slows a single run, never the fastest of three
    t_small, t_large = min(_seconds(small) for _ in range(3)), min(_seconds(large) for _ in range(3))
    assert t_large < 10 * max(t_small, 0.01), (t_small, t_large)  # 4× the text: about 4× the time, never 16×


# --- the cases the issue reports -----------------------------------------------------------------


def test_teachers_and_classmates_are_not_a_name():
    from jlt_cli.understand.privacy import find_personal_info
    from jlt_cli.understand.redact import redact_text

    sentence = "香龙镇各校引导老师和同学平等对待每一个留守儿童。"
    assert find_personal_info(sentence) == []
    assert redact_text(sentence) == sentence  # was “引导老师某同学”


def test_a_village_group_and_a_parent_are_found_and_replaced_exactly():
    from jlt_cli.understand.redact import redact_text

    text = "石龙村学生刘某，就读于镇中学初三（2）班，家住石龙村5组，其父亲刘大海常年在外务工。"
    assert redact_text(text) == "石龙村学生刘某，就读于镇中学初三（2）班，家住石龙村，其父亲刘某常年在外务工。"
    assert redact_text("家住滨江小区3栋2单元501室的学生欧阳娜娜") == "家住滨江小区的学生欧阳某"


def test_a_caption_names_the_child_in_the_picture():
    from jlt_cli.understand.privacy import find_personal_info

    caption = "学生王梓轩在课堂上发言"
    assert [m.certain for m in find_personal_info(caption)] == [False]  # in running text: possible
    assert [m.certain for m in find_personal_info(caption, caption=True)] == [True]  # under a photo: certain


def test_possible_name_is_a_warning_that_says_why(tmp_path):
    inbox = tmp_path / "收件"
    results = casebuilder.RESULTS + "学生马思琪在班会上分享了自己的读书心得。"
    casebuilder.write(inbox, "钱塘镇.md", casebuilder.case_markdown(texts={"results": results}))
    case = validate_paths([inbox], Config(load_defaults())).cases[0]
    warnings = [f for f in case.findings if f.rule == "possible-name"]
    assert [f.severity.value for f in warnings] == ["warning"]
    assert "马××" in warnings[0].message and "学生" in warnings[0].message and "化名" in warnings[0].message
    assert "马思琪" not in warnings[0].message
    assert not [f for f in case.findings if f.rule == "personal-info"] and case.status == "valid"


# --- any input: no exception, matches in order and apart, replacements exact ----------------------

from hypothesis import given, settings, strategies as st  # noqa: E402

_ALPHABET = "学生孩子母亲父亲王李张欧阳小明华梓涵的在是和，。、（）()：:5组村号栋单元室1383-0 X@qq.com微信QQ化名某老师同学岁患图为家住"


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=80))
def test_any_text_gives_ordered_matches_and_exact_replacements(text):
    from jlt_cli.understand.privacy import find_personal_info
    from jlt_cli.understand.redact import apply

    matches = find_personal_info(text)
    for a, b in zip(matches, matches[1:]):
        assert a.end <= b.start
    for m in matches:
        assert text[m.start : m.end] == m.value and m.value
    # what is not a match is printed unchanged, in order
    out = apply(text, matches)
    rest = [text[(matches[i - 1].end if i else 0) : (m.start if i < len(matches) else len(text))]
            for i, m in enumerate(matches + [None])] if matches else [text]
    pos = 0
    for piece in rest:
        found = out.find(piece, pos)
        assert found >= 0
        pos = found + len(piece)


# --- a name does not end inside a word the dictionary lacks (专班) ---------------------------------


@pytest.mark.parametrize("text", [
    "钱塘镇困境儿童关爱专班工作案例",  # was 关爱专, a child's name beside 钱塘镇困境儿童: an error in a title
    "镇党委成立困境儿童关爱专班，由镇长任组长，钱塘镇中心小学为成员单位。",
    "二是成立护校安园专班，民警和网格员值守校门。",  # was 安园专, a warning
    "对全镇困境儿童落实“一人一策一专班”，每月召开专班会议。",
])
def test_a_word_and_the_start_of_the_next_is_not_a_name(text):
    from jlt_cli.understand.privacy import find_personal_info

    assert [m.value for m in find_personal_info(text)] == []


@pytest.mark.parametrize("text, name", [
    ("困境儿童何伟家住石龙村5组。", "何伟"),  # 家住 begins a word: the name ends before it
    ("母亲聂长江常年在外务工，孩子患有哮喘。", "聂长江"),
    ("学生毛宇航在课堂上发言。", "毛宇航"),
    ("留守儿童曾平是班长。", "曾平"),
])
def test_names_before_a_word_are_still_found(text, name):
    from jlt_cli.understand.privacy import find_personal_info

    assert name in [m.value for m in find_personal_info(text)]


def test_word_across_reads_a_word_the_dictionary_lacks():
    from jlt_cli.understand.personnames import word_across, word_freq

    assert word_freq("专班") == 0  # the dictionary does not know it: the model of word positions does
    assert word_across("困境儿童关爱专班工作", 7) > 2  # 专|班
    assert word_across("学生王小明在班", 5) < 0  # 明|在
    assert word_across("专班，", 2) == 0.0  # beside punctuation there is nothing to join


# --- a ledger in a table: one finding a column, never two for one name ------------------------------

_GIVEN = ["梓轩", "宇航", "欣怡", "浩然", "子涵", "一诺", "雨桐", "思远", "诗琪", "若曦"]
_SURNAMES = "徐李张王刘陈杨黄赵吴周孙马朱胡郭何高林罗"


def _ledger(rows: int) -> tuple[str, list[str], list[str]]:
    """A Markdown ledger of ``rows`` children (the 燕窝镇 submission's shape): its text, names and phones."""
    names = [_SURNAMES[i % len(_SURNAMES)] + _GIVEN[i % len(_GIVEN)] for i in range(rows)]
    phones = [f"13{5 + i % 5}{(1000_0000 + i * 7919) % 10**8:08d}" for i in range(rows)]
    lines = ["| 序号 | 姓名 | 性别 | 年龄 | 就读学校 | 班级 | 监护人 | 监护人电话 |", "|---|---|---|---|---|---|---|---|"]
    lines += [f"| {i + 1} | {n} | 女 | {6 + i % 6} | 燕窝镇中心小学 | {1 + i % 6}年级{1 + i % 3}班 | 刘某某 | {p} |"
              for i, (n, p) in enumerate(zip(names, phones))]
    return "128名留守儿童全部建档结对，详见下表。\n\n" + "\n".join(lines), names, phones


def test_a_ledger_is_one_finding_a_column(tmp_path):
    table, names, phones = _ledger(40)
    casebuilder.write(tmp_path / "收件", "燕窝镇.md", casebuilder.case_markdown(texts={"results": table}))
    case = validate_paths([tmp_path / "收件"], Config(load_defaults())).cases[0]
    errors = [f.message for f in case.findings if f.rule == "personal-info"]
    # was 80 errors (a name and a phone a row) and up to 40 possible-name warnings for the same names
    assert [f for f in case.findings if f.rule == "possible-name"] == []
    assert len(errors) == 2, errors
    name_msg, phone_msg = sorted(errors, key=lambda m: "电话" in m)
    assert "表格“姓名”一栏有 40 名儿童的真实姓名" in name_msg and "“徐××”“李××”“张××”等" in name_msg
    assert "表格“监护人电话”一栏有 40 个手机号码" in phone_msg and phones[0][:3] + "****" + phones[0][-4:] in phone_msg
    for value in names + phones:
        assert value not in name_msg + phone_msg
    assert "【" not in name_msg + phone_msg


def test_a_table_name_is_one_finding_not_an_error_and_a_warning():
    from jlt_cli.understand.privacy import find_in_table

    rows = [["姓名", "就读学校", "年级"], ["刘子涵", "燕窝镇中心小学", "三年级"], ["郭思远", "燕窝镇中心小学", "四年级"]]
    cells = find_in_table(rows)
    for r in (1, 2):
        assert [(m.value, m.certain) for m in cells[r][0]] == [(rows[r][0], True)]  # not also a possible name


def test_one_value_in_a_table_column_is_quoted_like_a_sentence(tmp_path):
    table = "| 姓名 | 就读学校 | 年级 |\n| --- | --- | --- |\n| 李梓涵 | 某某小学 | 三年级 |\n| 小明 | 某某小学 | 四年级 |"
    casebuilder.write(tmp_path / "收件", "钱塘镇.md", casebuilder.case_markdown(texts={"measures": table}))
    case = validate_paths([tmp_path / "收件"], Config(load_defaults())).cases[0]
    [message] = [f.message for f in case.findings if f.rule == "personal-info"]
    assert "表格“姓名”一栏有儿童真实姓名“李××”" in message and "李梓涵" not in message


# --- a quoted sentence masks every value in it, and says plainly what the brochure prints -----------


def test_the_quote_masks_every_value_of_the_sentence(tmp_path):
    import re

    sentence = "托管班设在镇中心校，家长委员会主任张德明（电话：15923348876，住古楼镇清河村5组23号）负责组织家长志愿者轮流值班。"
    casebuilder.write(tmp_path / "收件", "古楼镇.md", casebuilder.case_markdown(texts={"measures": sentence}))
    case = validate_paths([tmp_path / "收件"], Config(load_defaults())).cases[0]
    messages = [f.message for f in case.findings if f.rule == "personal-info"]
    assert len(messages) == 2
    for message in messages:
        # neither the phone (nor a run of its digits cut by the quote's edge) nor the group and house number
        assert not re.search(r"[0-9]{5}", message) and "5组" not in message and "23号" not in message, message
        assert "【" not in message  # the printed form is said in words, not in brackets units do not know
    phone, address = sorted(messages, key=lambda m: "家庭住址" in m)
    assert "“…家长委员会主任张德明（电话：159****8876，住古楼镇清河村*组**号）…”" in phone
    assert "住古楼镇清河村*组**号" in address and "159****8876" not in address.split("：“")[1].split("”")[0][:2]
    assert "jlt build --redact 把“159****8876”印作“（电话略）”" in phone
    assert "jlt build --redact 把“清河村*组**号”印作“清河村”" in address


# --- --redact: no school name or class number beside a child's name ----------------------------------


@pytest.mark.parametrize("text, printed", [
    ("双凤镇中心小学四年级2班学生李思琪，今年10岁，母亲离家出走，父亲李建国在广东务工，常年由年迈的奶奶照看。",
     "某小学四年级学生李某，今年10岁，母亲离家出走，父亲李某在广东务工，常年由年迈的奶奶照看。"),
    ("经排查，龙市镇初级中学初二（5）班的刘浩然同学连续一周未到校。", "经排查，某中学初二的刘某同学连续一周未到校。"),
    ("草街街道小学五（1）班学生马思远在放学途中被索要财物。", "某小学五年级学生马某在放学途中被索要财物。"),
    ("太和镇小学六年级学生黄思远在课间突发癫痫。", "某小学六年级学生黄某在课间突发癫痫。"),
    # already anonymous: the school is kept, the class number still goes
    ("合川区某中学初三（2）班学生王小明，父母离异后随祖父母生活。", "合川区某中学初三学生王某，父母离异后随祖父母生活。"),
    # no child named in the sentence: nothing but the matches changes
    ("双凤镇中心小学四年级2班开展了“家长进课堂”活动。", "双凤镇中心小学四年级2班开展了“家长进课堂”活动。"),
    ("学生小琪（化名）就读于双凤镇中心小学四年级2班。", "学生小琪（化名）就读于双凤镇中心小学四年级2班。"),
    # a 家长学校 is not the child's school; the next sentence is left as written
    ("学生王梓轩参加了社区家长学校的活动。她在钱塘中学读书。", "学生王某参加了社区家长学校的活动。她在钱塘中学读书。"),
])
def test_redaction_takes_the_school_and_class_from_beside_a_child(text, printed):
    from jlt_cli.understand.redact import redact_text

    assert redact_text(text) == printed
    assert redact_text(text, details=False).count("某") <= redact_text(text).count("某")


def test_redaction_record_lists_school_and_class_and_groups_a_ledger(tmp_path):
    from jlt_cli.understand.redact import redact_case, summarise

    table, names, phones = _ledger(30)
    basic = "双凤镇中心小学四年级2班学生李思琪，今年10岁，母亲离家出走，常年由年迈的奶奶照看。"
    casebuilder.write(tmp_path / "收件", "双凤镇.md", casebuilder.case_markdown(texts={"basic": basic, "results": table}))
    case = validate_paths([tmp_path / "收件"], Config(load_defaults())).cases[0]
    records = redact_case(case, Config(load_defaults()))
    assert "某小学四年级学生李某，今年10岁" in case.body_text
    kinds = [r.kind for r in records]
    assert kinds.count("学校名称") == 31 and kinds.count("班号") == 31  # the sentence and every row of the ledger
    table_block = next(b for s in case.sections for b in s.blocks if b.rows)
    assert table_block.rows[1][1:7] == ["徐某", "女", "6", "某小学", "1年级", "刘某某"]
    lines = summarise(records)
    assert len(lines) == 7, lines  # the sentence: school, class, name; the ledger: names, schools, classes, phones
    assert any("遮盖儿童真实姓名 30 处，印为“徐某”“李某”“张某”等" in line for line in lines)
    assert any("遮盖班号，印为“四年级”" in line for line in lines)
    assert all(v not in "\n".join(lines) for v in names + phones + ["双凤镇中心小学"])


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=_ALPHABET + "小学中学幼儿园年级班（）(2)初三镇中心", max_size=80))
def test_school_and_class_change_only_beside_a_child(text):
    from jlt_cli.understand.privacy import find_personal_info
    from jlt_cli.understand.redact import redact_text

    out = redact_text(text)
    if not any(m.kind == "name" and m.whose == "child" for m in find_personal_info(text)):
        assert out == redact_text(text, details=False)


@pytest.mark.parametrize("text, printed", [
    # 中学/小学 followed by a verb of learning is 中|学会, 从小|学习: no school to mask, no school beside a name
    ("留守儿童陈小明在夏令营中学会了游泳。", "留守儿童陈某在夏令营中学会了游泳。"),
    ("孩子们在活动中学到了很多生活技能。", "孩子们在活动中学到了很多生活技能。"),
    ("从小学习书法的学生张小华今年10岁。", "从小学习书法的学生张某今年10岁。"),
    # a real school beside a child is still masked
    ("学生王小雨就读于龙市镇中学，今年13岁。", "学生王某就读于某中学，今年13岁。"),
])
def test_a_verb_of_learning_after_zhong_is_no_school(text, printed):
    from jlt_cli.understand.privacy import find_personal_info
    from jlt_cli.understand.redact import redact_text

    assert redact_text(text) == printed
    for m in find_personal_info(text):
        assert "夏令营中学" not in (m.reason or "") and "活动中学" not in (m.reason or "")


def test_redactions_are_told_only_for_the_cases_printed(tmp_path):
    """--redact names what it masked in the brochure: not in a file left out for another reason."""
    from jlt_cli.outputs.brochure import build_brochure

    inbox = tmp_path / "收件"
    child = "学生王小雨就读于龙市镇中学，今年13岁，父母在外务工。"
    casebuilder.write(inbox, "钱塘镇.md", casebuilder.case_markdown(texts={"results": casebuilder.RESULTS + child}))
    casebuilder.write(inbox, "龙市镇.md", casebuilder.case_markdown(
        unit="合川区龙市镇人民政府", title="院坝课堂", parts=["basic", "measures"],
        texts={"basic": "龙市镇有留守儿童三百余名。" + child.replace("王小雨", "李小军"), "measures": casebuilder.MEASURES}))
    report = build_brochure([inbox], Config(load_defaults()), tmp_path / "汇编", format="html", redact=True)
    assert report.included == 1
    assert report.redactions and all(r.file.endswith("钱塘镇.md") for r in report.redactions)
