"""jlt build: real PDFs from real files (samples/ and tests/fixtures/build/), inspected with pypdf."""

from __future__ import annotations

import os
import shutil
import re
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader
from click.testing import CliRunner

from jlt_cli.cli import app
from jlt_cli.config import Config, load_defaults
from jlt_cli.outputs.brochure import BuildError, build_brochure
from jlt_cli.outputs.brochure.pdf import SafeFetcher

SAMPLES = Path(__file__).resolve().parent.parent / "samples"

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "build"
INJECTION = FIXTURES / "社区学校_钓鱼城街道_模板字符原样印出.md"
EXCLUDED_TITLE = "消防安全进校园"
FOOTER = re.compile(r"—\s*(\d+)\s*—")


def _config(**brochure) -> Config:
    data = load_defaults()
    data["brochure"].update(brochure)
    return Config(data)


def _nows(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _outline(reader: PdfReader) -> list[tuple[str, int, list[tuple[str, int]]]]:
    """[(chapter title, page index, [(case title, page index)])] from the PDF bookmarks."""
    out: list = []
    for item in reader.outline:
        if isinstance(item, list):
            out[-1][2].extend((c.title, reader.get_destination_page_number(c)) for c in item if not isinstance(c, list))
        else:
            out.append((item.title, reader.get_destination_page_number(item), []))
    return out


def _footer_number(reader: PdfReader, index: int) -> int | None:
    found = FOOTER.findall(reader.pages[index].extract_text() or "")
    return int(found[-1]) if found else None


def _check_toc(reader: PdfReader) -> int:
    """Every TOC entry's number is the footer number of the page where that case starts."""
    texts = [p.extract_text() or "" for p in reader.pages]
    toc = "".join(_nows(t) for t in texts if _nows(t).startswith("目录"))
    assert toc, "no 目录 page"
    checked = 0
    for chapter, ch_page, cases in _outline(reader):
        if chapter == "附录":
            continue
        for title, page in cases:
            m = re.search(re.escape(_nows(title)) + r"[.·…]*(\d+)", toc)
            assert m, f"TOC has no entry for {title}"
            assert int(m.group(1)) == _footer_number(reader, page), title
            assert _nows(title)[:6] in _nows(texts[page]), "the bookmark points at the case's first page"
            checked += 1
    return checked


@pytest.fixture(scope="module")
def fixture_pdf(tmp_path_factory):
    out = tmp_path_factory.mktemp("pdf") / "汇编.pdf"
    report = build_brochure([FIXTURES], _config(), out)
    return out, report, PdfReader(out)


def test_report_counts(fixture_pdf):
    out, report, reader = fixture_pdf
    assert report.included == 3
    assert [len(cases) for _, cases in report.chapters] == [1, 1, 1]
    assert len(report.excluded) == 1 and "下步工作打算" in " ".join(report.excluded[0].reasons)
    assert report.pages == len(reader.pages) and 10 <= report.pages <= 30
    assert report.size == out.stat().st_size


def test_appendix_shows_the_stats_chart(fixture_pdf):
    """jlt stats' bars for the included cases, drawn as vector text in the brochure's own (embedded) font."""
    _, report, reader = fixture_pdf
    appendix = "".join(_nows(p.extract_text() or "") for p in reader.pages[-3:])
    assert "收录案例统计（共3篇案例）" in appendix and "按案例类型" in appendix
    assert "按报送单位（" not in appendix  # no bar per unit: the unit table above lists them in the call's order
    assert "按审核状态" not in appendix  # every included case passed; the status bars belong to jlt stats
    for _, cases in report.chapters:
        for c in cases:
            assert c.unit and _nows(c.unit) in appendix


def test_toc_pages_match_case_starts(fixture_pdf):
    assert _check_toc(fixture_pdf[2]) == 3


def test_outline_chapter_then_case(fixture_pdf):
    outline = _outline(fixture_pdf[2])
    assert [c[0] for c in outline] == ["社区学校建设案例", "护校安园工作案例", "困境儿童帮扶案例", "附录"]
    assert [len(c[2]) for c in outline[:3]] == [1, 1, 1]
    assert outline[1][2][0][0].startswith("“护学岗”守护上学路")
    # cover and 目录 do not clutter the outline
    assert all(c[0] not in ("目录", "目　录") for c in outline)


def test_fonts_are_embedded_cjk(fixture_pdf):
    reader = fixture_pdf[2]
    names = set()
    for page in reader.pages:
        fonts = page["/Resources"].get("/Font") or {}
        for ref in fonts.values():
            names.add(str(ref.get_object()["/BaseFont"]))
    # Noto CJK for 宋体/黑体; the 楷体 role is a Kai font once one is installed (setup installs AR PL UKai)
    assert names and all("CJK" in n or "Kai" in n for n in names), names


def test_case_text_is_data_and_private_lines_are_not_printed(fixture_pdf):
    text = "\n".join(p.extract_text() or "" for p in fixture_pdf[2].pages)
    flat = _nows(text)
    assert "{{7*7}}" in flat
    assert "<script>alert(1)</script>" in flat
    assert '<imgsrc="file:///etc/passwd">' in flat
    assert "测试联系人" not in flat and "42750000" not in flat  # contact and phone never printed
    assert EXCLUDED_TITLE not in flat
    for heading in ("一、基本情况", "二、具体措施", "三、工作成效", "四、下步工作打算"):
        assert heading in flat


def test_copied_text_has_no_inserted_spaces(fixture_pdf):
    """两端对齐 stretches letter-spacing, never inserts characters: paragraphs copy out intact."""
    text = "\n".join(p.extract_text() or "" for p in fixture_pdf[2].pages)
    joined = text.replace("\n", "")
    sentence = "社区每学期初通过问卷收集家长需求，按照“政策法规”“习惯养成”“亲子沟通”“心理成长”四个模块安排课程，每月至少开课两次。"
    assert sentence in joined
    assert fixture_pdf[1].justified


def test_picture_downscaled_and_upright(fixture_pdf):
    reader = fixture_pdf[2]
    sizes = {}
    for page in reader.pages:
        xobjects = page["/Resources"].get("/XObject") or {}
        for ref in xobjects.values():
            obj = ref.get_object()
            if obj.get("/Subtype") == "/Image":
                sizes[ref.idnum] = (int(obj["/Width"]), int(obj["/Height"]))
    assert list(sizes.values()) == [(1067, 1600)]  # 2400×1600 stored, EXIF says rotate: portrait, longest side 1600


def test_pdf_metadata(fixture_pdf):
    reader = fixture_pdf[2]
    assert reader.metadata.title == "合川区家校社协同育人“教联体”建设成果案例汇编"
    assert reader.metadata.author == "重庆市合川区教育委员会"
    assert str(reader.trailer["/Root"]["/Lang"]) == "zh-CN"
    assert FOOTER.search(reader.pages[0].extract_text() or "") is None  # no number on the cover


@pytest.mark.skipif(not any(SAMPLES.glob("*.md")) and not any(SAMPLES.glob("*.docx")), reason="samples/ 还没有案例")
def test_samples_brochure(tmp_path):
    out = tmp_path / "样例汇编.pdf"
    report = build_brochure([SAMPLES], _config(), out)
    assert report.included >= 1
    reader = PdfReader(out)
    assert _check_toc(reader) == report.included
    flat = _nows("".join(p.extract_text() or "" for p in reader.pages))
    included_titles = {_nows(c.title) for _, cases in report.chapters for c in cases}
    for ex in report.excluded:
        stem = Path(ex.path).stem.split("_")[-1]
        if stem and not any(stem in t for t in included_titles):
            assert stem not in flat, ex.path


def test_html_folder_is_self_contained(tmp_path):
    preface = tmp_path / "前言.md"
    preface.write_text("为总结推广经验，特编印本汇编。\n\n<script>alert(2)</script>\n", encoding="utf-8")
    out = tmp_path / "web"
    report = build_brochure([FIXTURES], _config(preface=str(preface)), out, format="html")
    index = (out / "index.html").read_text(encoding="utf-8")
    assert (out / "assets" / "brochure.css").is_file() and 'src="assets/stats.svg"' in index
    assert "收录案例统计" in (out / "assets" / "stats.svg").read_text(encoding="utf-8")
    pictures = list((out / "assets" / "img").iterdir())
    assert len(pictures) == 1 and report.size > 0
    for name in ("index.html", "assets/brochure.css", "assets/fonts.css"):
        content = (out / name).read_text(encoding="utf-8")
        assert '="file:' not in content and "url(file:" not in content and '"/' not in content
        assert str(tmp_path) not in content and "/usr/share" not in content
    for src in re.findall(r'(?:src|href)="([^"#]+)"', index):
        assert not src.startswith("/") and (out / src).is_file(), src
    assert "{{ 7*7 }}" in index and "&lt;script&gt;alert(1)&lt;/script&gt;" in index and "<script>" not in index
    assert "特编印本汇编" in index and "&lt;script&gt;alert(2)" in index  # 前言: Markdown, raw HTML kept as text
    assert not list(tmp_path.glob(".*.part"))


def test_templates_override(tmp_path):
    user = tmp_path / "my-templates"
    user.mkdir()
    (user / "brochure.css").write_text("/* 本单位样式 */ .case-title { color: #003; }", encoding="utf-8")
    (user / "case.html.j2").write_text(
        '<article class="case" id="{{ c.anchor }}"><h2>【定制】{{ c.title }}</h2></article>', encoding="utf-8"
    )
    out = tmp_path / "web"
    build_brochure([FIXTURES], _config(), out, format="html", templates_dir=user)
    assert "本单位样式" in (out / "assets" / "brochure.css").read_text(encoding="utf-8")
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "【定制】" in index and "目　录" in index  # brochure.html.j2 still the shipped one


def test_failed_build_leaves_previous_output(tmp_path):
    out = tmp_path / "汇编.pdf"
    out.write_bytes(b"%PDF previous brochure")
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "case.html.j2").write_text("{{ c.no_such_field }}", encoding="utf-8")
    with pytest.raises(Exception):
        build_brochure([FIXTURES], _config(), out, templates_dir=broken)
    assert out.read_bytes() == b"%PDF previous brochure"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken", "汇编.pdf"]  # no temp file left


def test_never_writes_into_input_folder(tmp_path):
    inbox = tmp_path / "收件"
    inbox.mkdir()
    (inbox / "a.md").write_text(INJECTION.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(BuildError, match="输入文件夹"):
        build_brochure([inbox], _config(), inbox / "汇编.pdf")
    result = CliRunner().invoke(app, ["build", str(inbox), "-o", str(inbox / "sub" / "x.pdf")])
    assert result.exit_code == 2
    assert sorted(p.name for p in inbox.iterdir()) == ["a.md"]


def test_cli_exit_codes(tmp_path):
    runner = CliRunner()
    out = tmp_path / "汇编.pdf"
    result = runner.invoke(app, ["build", str(FIXTURES), "-o", str(out), "--strict"])
    assert result.exit_code == 1, result.output  # written, but one file was left out
    assert out.is_file() and out.read_bytes().startswith(b"%PDF")
    assert "未收入 1 个文件" in result.output and "护校安园_区消防救援局_缺少下步打算.md" in result.output
    nothing = tmp_path / "empty"
    nothing.mkdir()
    (nothing / "bad.md").write_text("# 只有题目\n", encoding="utf-8")
    result = runner.invoke(app, ["build", str(nothing), "-o", str(tmp_path / "none.pdf")])
    assert result.exit_code == 2 and not (tmp_path / "none.pdf").exists()


def test_no_cjk_font_is_a_chinese_error(tmp_path):
    """No CJK font known to fontconfig (an empty fontconfig setup) and none configured: stop, no boxes."""
    conf = tmp_path / "fonts.conf"
    conf.write_text(
        f'<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig><cachedir>{tmp_path}/fc</cachedir></fontconfig>',
        encoding="utf-8",
    )
    cfg = tmp_path / "jlt.yaml"
    cfg.write_text(
        "brochure:\n  fonts:\n    serif: [不存在的宋体]\n    sans: [不存在的黑体]\n    kai: [不存在的楷体]\n    title: [不存在的标宋]\n",
        encoding="utf-8",
    )
    out = tmp_path / "x.pdf"
    env = {**os.environ, "FONTCONFIG_FILE": str(conf), "NO_COLOR": "1", "COLUMNS": "200"}
    proc = subprocess.run(
        [sys.executable, "-m", "jlt_cli", "build", str(FIXTURES), "-o", str(out), "--config", str(cfg)],
        capture_output=True, text=True, env=env, timeout=120,
    )
    assert proc.returncode == 2, proc.stderr
    assert "未找到任何中文字体" in proc.stderr and "sudo apt-get install fonts-noto-cjk" in proc.stderr
    assert not out.exists()


def test_doctor_reports_fonts():
    result = CliRunner().invoke(app, ["doctor"])
    assert result.exit_code == 0, result.output
    assert "WeasyPrint" in result.output and "Noto" in result.output and "LibreOffice" in result.output


def test_fetcher_serves_only_prepared_files(tmp_path):
    root = tmp_path / "work"
    root.mkdir()
    (root / "a.css").write_text("p{}", encoding="utf-8")
    (tmp_path / "secret.txt").write_text("x", encoding="utf-8")
    (root / "link.css").symlink_to(tmp_path / "secret.txt")
    fetcher = SafeFetcher([root])
    assert fetcher.fetch((root / "a.css").as_uri()).read() == b"p{}"
    for url in (
        "file:///etc/passwd", (tmp_path / "secret.txt").as_uri(), (root / "link.css").as_uri(),
        (root / ".." / "secret.txt").as_uri(), "http://example.com/x.png", "https://example.com/", "data:text/plain,hi",
    ):
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    assert len(fetcher.refused) == 7


@pytest.mark.slow
@pytest.mark.skipif(not (shutil.which("soffice") or shutil.which("libreoffice")), reason="LibreOffice (soffice) 未安装")
def test_build_and_show_convert_legacy_files(tmp_path):
    """An .odt submission goes into the brochure with --convert, and is left out (unsupported-format) without."""
    source = SAMPLES / "社区学校_钱塘镇_家门口的社区学校.docx"
    inbox = tmp_path / "收件"
    inbox.mkdir()
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    subprocess.run(
        [soffice, "--headless", f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
         "--convert-to", "odt", "--outdir", str(inbox), str(source)],
        check=True, capture_output=True, timeout=120,
    )
    (odt,) = inbox.glob("*.odt")
    before = odt.read_bytes()
    runner = CliRunner()
    result = runner.invoke(app, ["build", str(inbox), "-o", str(tmp_path / "无转换.pdf")])
    assert result.exit_code == 2 and "没有可以汇编的有效案例" in result.output  # the .odt alone is not readable
    result = runner.invoke(app, ["build", "--convert", str(inbox), "-o", str(tmp_path / "转换.pdf")])
    assert result.exit_code == 0, result.output
    assert "已汇编 1 篇案例" in result.output
    text = _nows("".join(p.extract_text() or "" for p in PdfReader(tmp_path / "转换.pdf").pages))
    assert "家门口" in text and "社区学校" in text
    result = runner.invoke(app, ["show", "--convert", "--format", "json", str(odt)])
    assert result.exit_code == 0, result.output
    assert '"converted"' in result.output and "家门口" in result.output
    assert odt.read_bytes() == before and sorted(p.name for p in inbox.iterdir()) == [odt.name]


def test_long_toc_title_keeps_its_page_number(tmp_path):
    """A title longer than a line wraps in the TOC (number column kept clear, checked by eye) and its number is right."""
    inbox = tmp_path / "收件"
    inbox.mkdir()
    long_title = "织密“护校网” 守护“上学路”——南津街街道以“网格+护学岗”推动校园周边综合治理、护航学生平安上下学的实践探索"
    text = (SAMPLES / "护校安园_南津街街道_织密护校网.md").read_text(encoding="utf-8")
    text = re.sub(r"^（一）案例题目：.*$", "（一）案例题目：" + long_title, text, count=1, flags=re.M)
    assert long_title in text
    (inbox / "长题目.md").write_text(text, encoding="utf-8")
    out = tmp_path / "汇编.pdf"
    build_brochure([inbox], _config(), out)
    reader = PdfReader(out)
    assert _check_toc(reader) == 1  # finds the whole long title followed by its page number
    toc = next(p.extract_text() for p in reader.pages if _nows(p.extract_text() or "").startswith("目录"))
    title_lines = [line for line in toc.splitlines() if line.strip() and _nows(line).rstrip(".0123456789") in _nows(long_title)]
    assert len(title_lines) >= 2, toc  # it did wrap


def test_no_paragraph_ends_with_a_lone_character(tmp_path):
    """孤字: whatever a paragraph's length, its last line holds at least two characters before the 。."""
    inbox = tmp_path / "收件"
    inbox.mkdir()
    paras = "\n\n".join("验" + "测" * n + "。" for n in range(50, 96))  # every remainder of a ~31-character line
    text = (SAMPLES / "护校安园_南津街街道_织密护校网.md").read_text(encoding="utf-8")
    (inbox / "c.md").write_text(text.replace("（二）基本情况\n\n", f"（二）基本情况\n\n{paras}\n\n", 1), encoding="utf-8")
    out = tmp_path / "汇编.pdf"
    build_brochure([inbox], _config(), out)
    flat = "\n".join(p.extract_text() or "" for p in PdfReader(out).pages)
    endings = [m.group(0).split("\n")[-1].strip() for m in re.finditer(r"验[测\n ]*。", flat)]
    assert len(endings) >= 40 and any(len(e) == 3 for e in endings)  # the wraps did land on every remainder
    assert all(len(e) >= 3 for e in endings), [e for e in endings if len(e) < 3]


def test_no_lone_char_filter_escapes():
    from jlt_cli.outputs.brochure.html import no_lone_char

    assert str(no_lone_char("取得了较好效果。")) == '取得了较好<span class="nobr">效果。</span>'
    assert str(no_lone_char("<b>&效果”。")) == '&lt;b&gt;&amp;<span class="nobr">效果”。</span>'
    assert str(no_lone_char("好。")) == "好。" and str(no_lone_char("a<b")) == 'a<span class="nobr">&lt;b</span>'


def test_case_title_breaks_between_phrases_never_before_a_particle():
    from jlt_cli.outputs.brochure.html import title_lines

    assert title_lines("“莎姐守未”护航困境儿童成长“一人一策一专班”凝聚关护合力", 16) == [
        "“莎姐守未”护航困境儿童成长", "“一人一策一专班”凝聚关护合力"]
    # the only phrase boundary puts 的 at a line start and leaves a 5-character line: it breaks between words
    # near the middle instead (the browser would leave 落地生根 alone on the second line)
    assert title_lines("“家门口”的家长学校让协同育人落地生根", 16) == ["“家门口”的家长学校", "让协同育人落地生根"]
    assert title_lines("建好“家门口”的社区学校 画好家校社协同育人“同心圆”", 16) == [
        "建好“家门口”的社区学校", "画好家校社协同育人“同心圆”"]


def test_characters_without_a_font_are_named_before_printing(tmp_path):
    """An emoji no installed font has would print as an empty box: the build says which and where."""
    from jlt_cli.outputs.brochure.fonts import uncovered_characters

    if uncovered_characters({"📚"}) != ["📚"]:
        pytest.skip("this machine has a font with emoji")
    inbox = tmp_path / "收件"
    inbox.mkdir()
    text = (SAMPLES / "护校安园_南津街街道_织密护校网.md").read_text(encoding="utf-8")
    (inbox / "表情.md").write_text(text.replace("（二）基本情况\n\n", "（二）基本情况\n\n家长纷纷点赞📚。\n\n", 1), encoding="utf-8")
    report = build_brochure([inbox], _config(), tmp_path / "汇编.pdf")
    (warning,) = [w for w in report.warnings if "空方框" in w]
    assert "U+1F4DA" in warning and "表情.md" in warning
    assert uncovered_characters({"中", "a", "。"}) == []


def test_table_caption_stays_with_its_table(tmp_path):
    inbox = tmp_path / "收件"
    inbox.mkdir()
    text = (SAMPLES / "护校安园_南津街街道_织密护校网.md").read_text(encoding="utf-8")
    table = "**表1 护学岗值守情况**\n\n| 学校 | 护学岗 |\n|---|---|\n| 南津街小学 | 3 |\n\n"
    assert "（四）工作成效\n\n" in text
    (inbox / "表格.md").write_text(text.replace("（四）工作成效\n\n", "（四）工作成效\n\n" + table, 1), encoding="utf-8")
    out = tmp_path / "web"
    build_brochure([inbox], _config(), out, format="html")
    index = (out / "index.html").read_text(encoding="utf-8")
    assert '<p class="table-caption">表1 护学岗值守情况</p>' in index


def test_appendix_lists_each_unit_once_in_the_calls_order():
    from jlt_cli.outputs.brochure.html import build_context
    from jlt_cli.outputs.selection import Chapter, Selection
    from jlt_cli.model import Case

    def case(unit: str, title: str) -> Case:
        return Case(path=Path(f"{title}.md"), display_path=f"{title}.md", format="markdown", title=title, unit=unit)

    cases = [case("重庆移通学院", "甲"), case("合川区钱塘镇人民政府", "乙"), case("合川区教委", "丙"),
             case("合川区教育委员会", "丁"), case("中共合川区钱塘镇委员会", "戊"), case("南津街道", "己"),
             case("重庆市合川区官渡中学校", "庚")]
    selection = Selection([Chapter("社区学校", "社区学校建设案例", cases)], [])
    ctx = build_context(selection, _config(), font_css="", stylesheet="", preface_html="", image_hook=lambda *a: None)
    assert ctx.units == [
        ("合川区教育委员会", ["丙", "丁"]),  # district bodies first, one unit however it was written
        ("合川区南津街街道办事处", ["己"]),  # 街道 before 镇, in the call's order, under the unit's one name
        ("合川区钱塘镇人民政府", ["乙", "戊"]),
        ("重庆市合川区官渡中学校", ["庚"]),  # a school is its own submitter, listed with its town (官渡镇)
        ("重庆移通学院", ["甲"]),  # universities after the 镇街
    ]


def test_low_resolution_picture_is_reported(tmp_path):
    from PIL import Image as PILImage

    inbox = tmp_path / "收件"
    inbox.mkdir()
    PILImage.new("RGB", (300, 200), (200, 80, 80)).save(inbox / "小图.png")
    PILImage.new("RGB", (1600, 1200), (80, 80, 200)).save(inbox / "大图.png")
    text = (SAMPLES / "护校安园_南津街街道_织密护校网.md").read_text(encoding="utf-8")
    pictures = "![图1 护学岗](小图.png)\n\n![图2 校门口](大图.png)\n\n"
    (inbox / "图片.md").write_text(text.replace("（四）工作成效\n\n", "（四）工作成效\n\n" + pictures, 1), encoding="utf-8")
    report = build_brochure([inbox], _config(), tmp_path / "汇编.pdf")
    low = [w for w in report.warnings if "发虚" in w]
    assert len(low) == 1 and "小图.png" in low[0] and "300×200" in low[0]


def test_print_text_drops_stray_spaces_in_chinese_and_full_width_digits():
    from jlt_cli.outputs.brochure.html import print_text

    assert print_text("家长占 比约61%，学校\u00a0老师") == "家长占比约61%，学校老师"
    assert print_text("服务5２00余人次，ＡＰＰ上线") == "服务5200余人次，APP上线"
    assert print_text("使用 App 和 5G 网络") == "使用 App 和 5G 网络"  # spaces around Latin words stay
    assert print_text("第一行\n第二行") == "第一行第二行"  # a soft break pasted inside a Chinese sentence


def test_markdown_lists_print_as_lists(tmp_path):
    inbox = tmp_path / "收件"
    inbox.mkdir()
    text = (SAMPLES / "护校安园_南津街街道_织密护校网.md").read_text(encoding="utf-8")
    items = "主要做法包括：\n\n- 建立护学岗值守制度。\n- 开展校园周边环境整治：\n  1. 清理流动摊贩；\n  2. 规范接送车辆停放。\n\n"
    (inbox / "列表.md").write_text(text.replace("（四）工作成效\n\n", "（四）工作成效\n\n" + items, 1), encoding="utf-8")
    out = tmp_path / "web"
    build_brochure([inbox], _config(), out, format="html")
    index = (out / "index.html").read_text(encoding="utf-8")
    assert index.count('<span class="bullet">•</span>') == 2
    assert '<p class="item d2">1.清理流动<span class="nobr">摊贩；</span></p>' in index  # an item, not a sub-heading


def test_preface_heading_is_not_printed_twice(tmp_path):
    from jlt_cli.outputs.brochure.html import render_preface

    preface = tmp_path / "前言.md"
    preface.write_text("# 前言\n\n为总结推广经验，特编印本汇编。\n\n## 编写说明\n\n按单位排列。\n", encoding="utf-8")
    html = render_preface(preface)
    assert "<h1>" not in html and "<h2>编写说明</h2>" in html and "特编印本汇编" in html


def test_print_text_sets_chinese_punctuation_full_width():
    from jlt_cli.outputs.brochure.html import print_text

    assert print_text('开展了"家长课堂",效果很好.') == "开展了“家长课堂”，效果很好。"
    assert print_text("使用 App 和 5G 网络, 3.5 万人参加") == "使用 App 和 5G 网络，3.5 万人参加"
    assert print_text("Family Education Alliance, 2025.") == "Family Education Alliance, 2025."


def test_a_title_with_half_width_punctuation_prints_full_width(tmp_path):
    from casebuilder import case_markdown, write

    write(tmp_path / "收件", "龙市镇.md", case_markdown(title='龙市镇"院坝课堂":把家长学校办到院坝里'))
    out = tmp_path / "汇编.html"
    res = CliRunner().invoke(app, ["build", str(tmp_path / "收件"), "-o", str(out)])
    assert res.exit_code == 0, res.output
    html = re.sub(r"<[^>]+>", "", (tmp_path / "汇编" / "index.html").read_text(encoding="utf-8"))
    assert "龙市镇“院坝课堂”：把家长学校办到院坝里" in html and '"院坝课堂"' not in html
