"""Editorial rules (issue 4): privacy, duplicates, units, length, punctuation; jlt fix; redaction.

Every rule test goes through the real pipeline on Markdown files written into tmp_path.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from stdnum.cn import ric
from stdnum import luhn
from click.testing import CliRunner

from jlt_cli.checks.rules.duplicates import similar_pairs
from jlt_cli.understand.privacy import find_personal_info
from jlt_cli.cli import app
from jlt_cli.config import Config, load_config, load_defaults
from jlt_cli.understand.punctuation import find_punctuation, fix_markdown, fix_text
from jlt_cli.pipeline import validate_paths
from jlt_cli.understand.redact import redact_case
from jlt_cli.understand.units import match_unit

EDITORIAL = {"personal-info", "duplicate", "unknown-unit", "missing-unit", "too-short", "too-long", "punctuation"}

# A clean case of about 700 characters: no rule of this module may fire on it.
CLEAN = {
    "basic": (
        "钱塘镇位于合川区北部，辖12个村（社区），常住人口约4.2万人，其中中小学生3200余名，留守儿童和困境儿童共计186名。"
        "近年来，镇党委、政府把困境儿童关爱帮扶作为家校社协同育人的重点工作，整合学校、村（社区）、社会组织等各方力量，"
        "建立了覆盖全镇的关爱服务网络，为每名困境儿童建立“一人一档”。"
    ),
    "measures": (
        "一是摸清底数。镇民政办会同各中小学逐户走访，核实儿童家庭状况、监护情况和学习情况，建立动态管理台账，每季度更新一次。"
        "二是结对帮扶。组织教师、儿童主任、志愿者与困境儿童结对，开展学业辅导、心理疏导和生活照料，全年走访1200余人次。"
        "三是送教上门。为8名重度残疾儿童制定个别化教育计划，每周安排教师送教上门两次，让每个孩子都能享有公平而有质量的教育。"
        "四是汇聚社会力量。联合区妇联“渝好妈妈”志愿服务队开展亲子陪伴活动，协调爱心企业资助学习用品和生活物资。"
    ),
    "results": (
        "全镇困境儿童建档率、结对率均达到100%，困境儿童学业成绩和心理健康状况明显改善，家长和社会满意度达到98.5%。"
        "学生王某（化名）在结对老师的帮助下重拾学习信心，期末成绩进步明显；小明的奶奶说，孩子现在开朗多了。"
        "镇中心小学被评为区级关爱留守儿童示范学校，相关做法在全区交流推广。"
    ),
    "plans": (
        "下一步，钱塘镇将继续完善困境儿童关爱帮扶机制，推动帮扶服务由“兜底保障”向“全面发展”转变，培育本土专业社工队伍，"
        "加强心理健康服务，让每一名困境儿童都能在阳光下健康成长。"
    ),
}
HEADINGS = {"basic": "一、基本情况", "measures": "二、具体措施", "results": "三、工作成效", "plans": "四、下步工作打算"}
HEADER = "报送单位：合川区钱塘镇人民政府\n\n联系人：张老师\n\n联系电话：13812345678\n"


def case_md(
    texts: dict[str, str] | None = None,
    title: str = "织密关爱网络 护航困境儿童健康成长",
    header: str | None = HEADER,
    extra: dict[str, str] | None = None,
) -> str:
    parts = dict(CLEAN, **(texts or {}))
    lines = [f"# {title}", ""]
    if header:
        lines += [header, ""]
    for key, heading in HEADINGS.items():
        lines += [f"## {heading}", "", parts[key], ""]
        if extra and key in extra:
            lines += [extra[key], ""]
    return "\n".join(lines)


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def run(tmp_path: Path, files: dict[str, str], config: Config | None = None):
    for name, text in files.items():
        write(tmp_path / "in", name, text)
    result = validate_paths([tmp_path / "in"], config or Config(load_defaults()))
    return {Path(c.display_path).name: c for c in result.cases}


def one(tmp_path: Path, text: str, config: Config | None = None):
    return run(tmp_path, {"案例.md": text}, config)["案例.md"]


def findings(case, rule: str) -> list:
    return [f for f in case.findings if f.rule == rule]


def valid_id(body17: str) -> str:
    return body17 + ric.calc_check_digit(body17 + "0")


def luhn_number(body: str) -> str:
    return body + luhn.calc_check_digit(body)


GOOD_ID = valid_id("50011720150304452")  # born 2015-03-04 in 合川区
BAD_ID = GOOD_ID[:-1] + ("1" if GOOD_ID[-1] != "1" else "2")
CARD = luhn_number("622202123456789012")  # 19 digits


# --- the clean case ---------------------------------------------------------------------------


def test_clean_case_has_no_editorial_finding(tmp_path):
    case = one(tmp_path, case_md())
    assert [f.rule for f in case.findings if f.rule in EDITORIAL] == []
    assert case.status == "valid", [f.message for f in case.findings]


# --- personal-info ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence, kind, masked",
    [
        (f"该生身份证号为{GOOD_ID}，已纳入资助。", "身份证号", GOOD_ID[:4] + "*" * 10 + GOOD_ID[-4:]),
        ("其母亲联系电话13812345678，长期在外务工。", "手机号码", "138****5678"),
        ("家中座机023-42812345无人接听。", "固定电话号码", "023-****2345"),
        ("其母亲的电话是023-42812345。", "固定电话号码", "023-****2345"),
        (f"资助款已打入其银行卡{CARD}。", "银行卡号", CARD[:4] + "*" * 11 + CARD[-4:]),
        ("该生家住合阳大道12号3栋2单元501室，与奶奶同住。", "家庭住址", "合阳大道**号*栋*单元***室"),
        ("该生家住钱塘镇某某村3组15号，交通不便。", "家庭住址", "*组**号"),
        ("合川区某某小学三年级2班学生王小明，父母常年在外务工。", "儿童真实姓名", "王某"),
        ("王小明（某某中学初二学生）主动参加志愿服务。", "儿童真实姓名", "王某"),
        ("留守儿童陈思雨今年10岁，与爷爷奶奶生活。", "儿童真实姓名", "陈某"),
        ("某某小学五年级的张浩然同学获得表彰。", "儿童真实姓名", "张某"),
    ],
)
def test_personal_info_hits(tmp_path, sentence, kind, masked):
    case = one(tmp_path, case_md(extra={"basic": sentence}))
    hits = findings(case, "personal-info")
    assert len(hits) == 1, [f.message for f in hits]
    f = hits[0]
    assert f.severity.value == "error" and case.status == "invalid"
    assert kind in f.message and masked in f.message
    assert f.section == "基本情况" and "基本情况" in f.message
    assert f.line is not None
    # the message never repeats the value it warns about
    for m in find_personal_info(sentence):
        assert m.value not in f.message


@pytest.mark.parametrize(
    "sentence",
    [
        f"编号{BAD_ID}核对有误。",  # wrong check digit: not an ID (and its 11-digit runs are not phones)
        "学生小明在老师帮助下进步很快。",
        "学生王某、张某某和李同学都参加了活动，小A也来了。",
        "学生张伟（化名）就读于某某小学四年级。",
        "校长王建国（某某小学校长）带队走访，班主任李老师全程参与。",
        "学校位于合阳大道1号，建成2栋教学楼，办公楼3楼301室为心理咨询室。",
        "开通心理援助热线023-42751234，全天候接听求助。",
        "全区中小学学生安全意识明显增强，困境儿童全覆盖，留守儿童关爱行动持续开展。",
        "2024年资助金额共计1,380,000元，惠及学生3200名，订单号202407011234567890。",
        # public numbers and places, said the way reports say them
        "开通家庭教育咨询热线023-42751234，由心理教师和社工轮流接听。",
        "心理援助专线开通后，学生和家长可拨打023-42751366预约咨询。",
        "辖区派出所电话023-42751110张贴在校门口。",
        "家长学校设在便民服务中心2号楼201室。",
        "新建综合楼1栋3层，设有图书室和活动室。",
        "活动在二佛村2组15号村民活动中心举行。",
        "阳光小区3-6岁幼儿全部纳入托管服务。",
        "民办非企业单位登记证号500117600123456。",
        # common words after 儿童/学生/孩子 that are not names; pet names
        "有的家长对留守儿童关心不够，我们让留守儿童安心学习。",
        "经过一个学期的陪伴，孩子文静，但不再自卑；学会关心同学。",
        "每月举办一次学生沙龙，留守儿童安安今年8岁，跟着爷爷奶奶生活。",
        "学生李华在区中小学生运动会上获奖。",
        "（撰稿人：刘洋　审核人：张强　联系电话：13912345678）",
    ],
)
def test_personal_info_near_misses(tmp_path, sentence):
    case = one(tmp_path, case_md(extra={"measures": sentence}))
    assert findings(case, "personal-info") == [], [f.message for f in findings(case, "personal-info")]


def test_digits_inside_an_id_are_not_a_phone():
    # an 18-digit ID holds 11-digit runs that look like mobile numbers (13201503044…)
    id_number = valid_id("50011320150304452")
    assert "13201503044" in id_number
    kinds = [m.kind for m in find_personal_info(f"身份证号{id_number}。")]
    assert kinds == ["id"]
    # with a wrong check digit it is nothing at all, not a phone either
    wrong = id_number[:-1] + ("1" if id_number[-1] != "1" else "2")
    assert find_personal_info(f"号码{wrong}。") == []
    assert find_personal_info("编号138123456789") == []  # 12 digits: no phone inside


def test_staff_phone_in_contact_header_is_not_reported(tmp_path):
    header = "报送单位：合川区钱塘镇人民政府    联系人：张老师    联系电话：13812345678 023-42751234"
    case = one(tmp_path, case_md(header=header))
    assert findings(case, "personal-info") == []
    # the same contact written at the end of the case is still the contact header
    case = one(tmp_path / "b", case_md(extra={"plans": "联系人：张老师，联系电话：13812345678"}))
    assert findings(case, "personal-info") == []


def test_name_in_a_table_with_school_column(tmp_path):
    table = "| 姓名 | 就读学校 | 年级 |\n| --- | --- | --- |\n| 李梓涵 | 某某小学 | 三年级 |\n| 小明 | 某某小学 | 四年级 |"
    case = one(tmp_path, case_md(extra={"measures": table}))
    hits = findings(case, "personal-info")
    assert len(hits) == 1 and "李某" in hits[0].message and "李梓涵" not in hits[0].message


def test_personal_info_can_be_turned_down_in_config(tmp_path):
    (tmp_path / "jlt.yaml").write_text("rules:\n  personal-info: warning\n", encoding="utf-8")
    config = load_config(tmp_path / "jlt.yaml")
    case = one(tmp_path, case_md(extra={"basic": "其母亲电话13812345678。"}), config)
    assert findings(case, "personal-info")[0].severity.value == "warning"


# --- redaction --------------------------------------------------------------------------------


def test_redact_masks_in_memory_and_marks_findings(tmp_path):
    text = case_md(
        extra={
            "basic": f"某某小学三年级2班学生王小明，身份证号{GOOD_ID}，家住合阳大道12号3栋2单元501室。",
            "results": "王小明的奶奶联系电话13812345678。",
        }
    )
    case = one(tmp_path, text)
    assert case.status == "invalid"
    records = redact_case(case, Config(load_defaults()))
    body = "\n".join(b.text for b in case.preamble) + case.body_text
    for secret in ("王小明", GOOD_ID, "13812345678", "12号3栋2单元501室"):
        assert secret not in body
    assert "王某" in body and "（电话略）" in body and "（身份证号略）" in body and "家住合阳大道。" in body
    kinds = sorted(r.kind for r in records)
    assert kinds.count("儿童真实姓名") == 2  # the second mention (王小明的奶奶) is masked too
    assert {"身份证号", "手机号码", "家庭住址"} <= set(kinds)
    assert all(GOOD_ID not in r.describe() for r in records)
    assert case.status == "valid" and all(f.waived for f in findings(case, "personal-info"))
    # the contact header is untouched and the input file never changes
    assert case.phone == "13812345678"
    assert (tmp_path / "in" / "案例.md").read_text(encoding="utf-8") == text


# --- duplicate --------------------------------------------------------------------------------

OTHER = {
    "basic": "云门街道地处城区东部，辖区有中小学9所、幼儿园14所，学生1.8万余人，校园周边交通和治安情况较为复杂。" * 2,
    "measures": "街道联合派出所、交巡警和学校设立护学岗，在上下学高峰时段开展巡逻，组织网格员排查校园周边安全隐患，"
    "每月开展一次法治教育和防溺水、防诈骗安全教育，建立涉校涉生矛盾纠纷排查化解机制。" * 2,
    "results": "辖区校园周边治安案件同比下降40%，交通秩序明显好转，师生和家长安全感显著提升。" * 2,
    "plans": "下一步，街道将深化警校家社联动，完善护校安园长效机制，推动平安校园建设提质增效。" * 2,
}


def test_duplicate_named_on_the_second_file(tmp_path):
    copy = case_md(title="关爱困境儿童的钱塘做法", texts={"plans": CLEAN["plans"] + "我们将持续努力。"})
    cases = run(tmp_path, {"a-钱塘镇.md": case_md(), "b-钱塘镇（重发）.md": copy, "c-云门街道.md": case_md(OTHER, "护校安园")})
    assert findings(cases["a-钱塘镇.md"], "duplicate") == []
    assert findings(cases["c-云门街道.md"], "duplicate") == []
    [dup] = findings(cases["b-钱塘镇（重发）.md"], "duplicate")
    assert dup.severity.value == "error"
    assert "a-钱塘镇.md" in dup.message and "%" in dup.message


def test_revised_draft_is_kept_and_the_old_one_gives_way(tmp_path):
    """三庙镇案例.md and 三庙镇案例（修改稿）.md: the 修改稿 goes into the brochure, the old draft is named as such."""
    revised = case_md(texts={"plans": CLEAN["plans"] + "新增书法兴趣课堂。"})
    cases = run(tmp_path, {"三庙镇案例.md": case_md(), "三庙镇案例（修改稿）.md": revised})
    assert findings(cases["三庙镇案例（修改稿）.md"], "duplicate") == []
    [old] = findings(cases["三庙镇案例.md"], "duplicate")
    assert "旧稿" in old.message and "修改稿" in old.message


def test_duplicate_pair_waived_in_config(tmp_path):
    (tmp_path / "jlt.yaml").write_text("duplicate:\n  waived_pairs:\n    - [b.md, a.md]\n", encoding="utf-8")
    cases = run(tmp_path, {"a.md": case_md(), "b.md": case_md()}, load_config(tmp_path / "jlt.yaml"))
    assert findings(cases["b.md"], "duplicate") == []


def test_duplicate_threshold_from_config(tmp_path):
    half = case_md({"measures": OTHER["measures"], "results": OTHER["results"]})
    cases = run(tmp_path, {"a.md": case_md(), "b.md": half})
    assert findings(cases["b.md"], "duplicate") == []
    (tmp_path / "jlt.yaml").write_text("duplicate:\n  threshold: 0.2\n", encoding="utf-8")
    cases = run(tmp_path / "again", {"a.md": case_md(), "b.md": half}, load_config(tmp_path / "jlt.yaml"))
    assert len(findings(cases["b.md"], "duplicate")) == 1


@pytest.mark.slow
def test_similar_pairs_scales_to_a_thousand_texts():
    import random

    rng = random.Random(4)
    alphabet = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严龙飞"
    base = ["".join(rng.choice(alphabet) for _ in range(2500)) for _ in range(1000)]
    base[700] = base[3][:2300] + "一二三四五" * 20  # a near copy of text 3
    start = time.perf_counter()
    pairs = similar_pairs(base, 0.6)
    assert time.perf_counter() - start < 20
    assert [(i, j) for i, j, _ in pairs] == [(3, 700)]


# --- units ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    ["钱塘镇", "合川区钱塘镇人民政府", "钱塘镇党委", "南津街街道办事处", "重庆市公安局合川区分局", "重庆师范大学涉外商贸学院",
     "合川区家庭教育研究指导中心", "重庆市合川区某某小学校"],
)
def test_known_units(name):
    assert match_unit(name, Config(load_defaults())) is not None


def test_unknown_and_missing_unit(tmp_path):
    header = "报送单位：某某科技有限公司\n\n联系人：张老师\n\n联系电话：13812345678\n"
    case = one(tmp_path, case_md(header=header))
    [f] = findings(case, "unknown-unit")
    assert f.severity.value == "warning" and "某某科技有限公司" in f.message and "units.extra" in f.message
    known = one(tmp_path / "b", case_md(header=header.replace("某某科技有限公司", "南津街街道办事处")))
    assert findings(known, "unknown-unit") == [] and findings(known, "missing-unit") == []
    # no unit in the header, the signature, the headline, the first sentence or the file name
    no_town = {"basic": CLEAN["basic"].replace("钱塘镇位于合川区北部，", "")}
    nothing = one(tmp_path / "c", case_md(header="联系人：张老师", texts=no_town))
    assert [f.rule for f in findings(nothing, "missing-unit")] == ["missing-unit"]
    assert findings(nothing, "unknown-unit") == []


def test_extra_unit_from_config(tmp_path):
    (tmp_path / "jlt.yaml").write_text("units:\n  extra: [某某科技有限公司]\n", encoding="utf-8")
    header = "报送单位：某某科技有限公司\n"
    case = one(tmp_path, case_md(header=header), load_config(tmp_path / "jlt.yaml"))
    assert findings(case, "unknown-unit") == []


# --- length -----------------------------------------------------------------------------------


def test_too_short_and_too_long(tmp_path):
    short = one(tmp_path / "s", case_md({k: v[:60] for k, v in CLEAN.items()}))
    [f] = findings(short, "too-short")
    assert f.severity.value == "warning" and "500" in f.message
    long = one(tmp_path / "l", case_md({"measures": CLEAN["measures"] * 40}))
    [f] = findings(long, "too-long")
    assert "6,000" in f.message and findings(long, "too-short") == []
    ok = one(tmp_path / "o", case_md())
    assert findings(ok, "too-short") == findings(ok, "too-long") == []


def test_length_limits_from_config(tmp_path):
    (tmp_path / "jlt.yaml").write_text("limits:\n  min_chars: 100\n  max_chars: 300\n", encoding="utf-8")
    case = one(tmp_path, case_md(), load_config(tmp_path / "jlt.yaml"))
    assert len(findings(case, "too-long")) == 1 and findings(case, "too-short") == []


# --- punctuation ------------------------------------------------------------------------------


def test_punctuation_one_finding_per_line_listing_all(tmp_path):
    case = one(tmp_path, case_md(extra={"measures": "五是加强宣传,提高知晓率.六是开展法治教育(每月一次)。"}))
    [f] = findings(case, "punctuation")
    assert f.severity.value == "warning" and f.section == "具体措施" and f.line
    assert "“,”应为“，”" in f.message and "“.”应为“。”" in f.message and "（每月一次）" in f.message
    assert "加强宣传，提高知晓率。" in f.message  # the suggested fix


def test_punctuation_unpaired_quotes_and_brackets(tmp_path):
    case = one(tmp_path, case_md(extra={"basic": "开展“护校安园行动，建立《工作台账。", "results": "形成“一校一策“模式。"}))
    msgs = [f.message for f in findings(case, "punctuation")]
    assert len(msgs) == 2
    assert any("缺少对应的“””" in m and "缺少对应的“》”" in m for m in msgs)
    assert any("引号方向错误" in m for m in msgs)


@pytest.mark.parametrize(
    "sentence",
    [
        "人均资助3.5万元，增长12.5%，总计1,200,000元。",
        "详见官网https://www.cqhc.gov.cn/jw/index.html?id=3,4，欢迎访问。",
        "活动于10:30开始，邮箱hcjw@example.com。",
        "1.加强组织领导。2.完善工作机制。",
        "引入 PDCA (Plan-Do-Check-Act) cycle, step by step.",
        "学习《中华人民共和国未成年人保护法》【第一百零三条】，做到“应知应会”（全员覆盖）。",
    ],
)
def test_punctuation_near_misses(tmp_path, sentence):
    case = one(tmp_path, case_md(extra={"measures": sentence}))
    assert findings(case, "punctuation") == [], [f.message for f in findings(case, "punctuation")]


def test_fix_text_library():
    assert fix_text("加强宣传,提高知晓率.") == "加强宣传，提高知晓率。"
    assert fix_text("他说\"好的\"然后") == "他说“好的”然后"
    assert fix_text("（1)加强领导") == "（1）加强领导"
    assert fix_text("“一校一策“模式") == "“一校一策”模式"
    assert fix_text("数值3.5,见https://a.cn/x,y") == "数值3.5，见https://a.cn/x,y"
    unsafe = find_punctuation("开展“护校安园行动")
    assert unsafe and not unsafe[0].safe
    report = fix_markdown("# 标题\n\n```\n代码,不改.\n```\n\n正文,修改.\n[链接](http://a.cn/b,c)\n")
    assert "代码,不改." in report.text and "正文，修改。" in report.text and "http://a.cn/b,c" in report.text
    assert report.fixed == 2


# --- jlt fix ----------------------------------------------------------------------------------

runner = CliRunner()


def test_fix_command_writes_stdout_then_output_then_in_place(tmp_path):
    src = write(tmp_path, "案例.md", case_md(extra={"measures": "五是加强宣传,提高知晓率.", "basic": "开展“护校安园行动。"}))
    before = src.read_bytes()
    r = runner.invoke(app, ["fix", str(src)])
    assert "加强宣传，提高知晓率。" in r.stdout
    assert src.read_bytes() == before and sorted(p.name for p in tmp_path.iterdir()) == ["案例.md"]
    assert r.exit_code == 1  # the unpaired quote is left for a person

    out = tmp_path / "out" / "fixed.md"
    out.parent.mkdir()
    r = runner.invoke(app, ["fix", str(src), "-o", str(out)])
    assert "加强宣传，提高知晓率。" in out.read_text(encoding="utf-8") and src.read_bytes() == before

    r = runner.invoke(app, ["fix", str(src), "-o", str(src)])
    assert r.exit_code == 2 and src.read_bytes() == before

    r = runner.invoke(app, ["fix", str(src), "--in-place"])
    assert "加强宣传，提高知晓率。" in src.read_text(encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "案例.md"]  # no temporary file left

    case = one(tmp_path / "v", src.read_text(encoding="utf-8"))
    assert len(findings(case, "punctuation")) == 1  # only the unpaired quote remains


def test_fix_refuses_word_documents(tmp_path):
    doc = tmp_path / "a.docx"
    doc.write_bytes(b"PK\x03\x04")
    r = runner.invoke(app, ["fix", str(doc)])
    assert r.exit_code == 2


# --- the brochure (acceptance: with redaction the PDF holds none of the values) ----------------


def _build_pdf(tmp_path: Path, redact: bool) -> tuple[str, object]:
    """The real CLI: `jlt build [--redact]` on a case with planted personal data; the PDF's text."""
    pypdf = pytest.importorskip("pypdf")
    from jlt_cli.outputs.brochure.fonts import FontError, plan_fonts

    try:
        plan_fonts(Config(load_defaults()))
    except FontError:
        pytest.skip("没有可用的中文字体")
    folder = tmp_path / "收件"
    secret = f"某某小学三年级2班学生王小明，身份证号{GOOD_ID}，家住合阳大道12号3栋2单元501室。王小明的奶奶电话13812345678。"
    write(folder, "钱塘镇.md", case_md(extra={"basic": secret}))
    out = tmp_path / "汇编.pdf"
    args = ["build", str(folder), "-o", str(out)] + (["--redact"] if redact else [])
    result = runner.invoke(app, args)
    if not out.exists():
        return "", result
    text = "".join(page.extract_text() or "" for page in pypdf.PdfReader(str(out)).pages)
    return text, result


def test_brochure_with_redaction_prints_no_personal_value(tmp_path):
    text, result = _build_pdf(tmp_path, True)
    assert result.exit_code == 0, result.output
    assert "已遮盖" in result.output and "王某" in result.output and "王小明" not in result.output
    compact = "".join(text.split())
    assert "织密关爱网络" in compact
    for value in ("王小明", GOOD_ID, "13812345678", "12号3栋2单元501室"):
        assert value not in compact


def test_brochure_without_redaction_leaves_the_case_out(tmp_path):
    text, outcome = _build_pdf(tmp_path, False)
    assert "王小明" not in "".join(text.split())
    assert "织密关爱网络" not in "".join(text.split())
    assert outcome.exit_code == 2 and "没有可以汇编的有效案例" in outcome.output


def test_table_of_staff_names_is_not_children(tmp_path):
    table = "| 姓名 | 所在学校 | 职务 |\n|---|---|---|\n| 李明华 | 钱塘镇中心小学 | 校长 |\n| 王建国 | 钱塘中学 | 教师 |\n"
    case = one(tmp_path, case_md(extra={"measures": table}))
    assert findings(case, "personal-info") == []
    children = "| 姓名 | 学校 | 年级 |\n|---|---|---|\n| 张浩然 | 钱塘镇中心小学 | 四年级 |\n"
    case = one(tmp_path, case_md(extra={"measures": children}))
    assert len(findings(case, "personal-info")) == 1


def test_fix_settles_punctuation_after_straight_quotes_in_one_run():
    from jlt_cli.understand.punctuation import apply_fixes, find_punctuation

    text = '开展了"家长课堂",效果很好.'
    fixed = apply_fixes(text, find_punctuation(text))
    assert fixed == "开展了“家长课堂”，效果很好。" and find_punctuation(fixed) == []
