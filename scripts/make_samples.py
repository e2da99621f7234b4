"""Generate the .docx samples and their pictures in samples/ (deterministic: same input, same bytes).

    .venv/bin/python scripts/make_samples.py

The Markdown samples, the RTF sample and samples/README.md are written by hand; this
script only makes what cannot be typed: Word files and the illustrative pictures. All
people, figures and phone numbers are invented.

Word files are built the way units' staff build them: 仿宋 body text, 黑体/楷体
headings typed as text, or real Heading styles; one uses Word automatic numbering
(the “一、” is drawn by Word, not typed), one keeps the title in a cover table.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt, RGBColor
from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
PICTURES = SAMPLES / "图片"
FIX = SAMPLES / "需修改"

# Fixed so re-running does not change the files (core properties and ZIP entry times).
STAMP = dt.datetime(2025, 7, 18, 9, 0, 0)
ZIP_TIME = (2025, 7, 18, 9, 0, 0)

FANGSONG = "仿宋_GB2312"
HEITI = "黑体"
KAITI = "楷体_GB2312"
XIAOBIAOSONG = "方正小标宋简体"

CJK_FONT_CANDIDATES = [
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/System/Library/Fonts/PingFang.ttc",
    "C:/Windows/Fonts/simhei.ttf",
]


# -- Word helpers ----------------------------------------------------------------------------------


def set_east_asian(target, name: str, ascii_name: str = "Times New Roman") -> None:
    """python-docx's font.name sets only w:ascii/w:hAnsi; Chinese text needs w:eastAsia too."""
    rpr = target.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = parse_xml(f"<w:rFonts {nsdecls('w')}/>")
        rpr.insert(0, fonts)
    fonts.set(qn("w:ascii"), ascii_name)
    fonts.set(qn("w:hAnsi"), ascii_name)
    fonts.set(qn("w:eastAsia"), name)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)


def new_document(title: str) -> Document:
    doc = Document()
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    normal = doc.styles["Normal"]
    normal.font.size = Pt(16)  # 三号
    set_east_asian(normal, FANGSONG)
    normal.paragraph_format.line_spacing = Pt(28)
    for name, font, size in (("Heading 1", HEITI, 16), ("Heading 2", KAITI, 16), ("Title", XIAOBIAOSONG, 22)):
        style = doc.styles[name]
        style.font.size = Pt(size)
        style.font.bold = False
        style.font.italic = False
        style.font.color.rgb = RGBColor(0, 0, 0)
        set_east_asian(style, font)
        style.paragraph_format.space_before = Pt(0)
        style.paragraph_format.space_after = Pt(0)
    # the template's Title has a blue rule under it; Chinese official documents have none
    border = doc.styles["Title"].element.find(qn("w:pPr") + "/" + qn("w:pBdr"))
    if border is not None:
        border.getparent().remove(border)
    caption = doc.styles["Caption"]
    caption.font.size = Pt(12)
    caption.font.color.rgb = RGBColor(0, 0, 0)
    caption.font.bold = False
    set_east_asian(caption, KAITI)
    props = doc.core_properties
    props.title = title
    props.author = "jlt 示例"
    props.last_modified_by = "jlt 示例"
    props.created = STAMP
    props.modified = STAMP
    props.last_printed = STAMP
    props.revision = 1
    props.comments = ""
    return doc


def run(paragraph, text: str, font: str | None = None, bold: bool = False):
    r = paragraph.add_run(text)
    r.bold = bold or None
    if font:
        set_east_asian(r, font)
    return r


def title(doc, text: str, style: str | None = None) -> None:
    p = doc.add_paragraph(style=style)
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run(p, text, XIAOBIAOSONG if style is None else None)
    if style is None:
        p.runs[0].font.size = Pt(22)


def line(doc, text: str, align_center: bool = False, font: str | None = None) -> None:
    p = doc.add_paragraph()
    if align_center:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run(p, text, font)


def body(doc, text: str) -> None:
    p = doc.add_paragraph()
    p.paragraph_format.first_line_indent = Pt(32)  # two characters
    run(p, text)


def typed_heading(doc, text: str, font: str = HEITI, bold: bool = False) -> None:
    """A heading typed as text with its number (一、基本情况), as most units do."""
    p = doc.add_paragraph()
    p.paragraph_format.first_line_indent = Pt(32)
    run(p, text, font, bold=bold)


def lead_in(doc, head: str, rest: str) -> None:
    """“（一）建强阵地。”in 楷体 bold, then the paragraph continues in 仿宋."""
    p = doc.add_paragraph()
    p.paragraph_format.first_line_indent = Pt(32)
    run(p, head, KAITI, bold=True)
    run(p, rest)


def add_table(doc, rows: list[list[str]], widths: list[float] | None = None, header: bool = True):
    table = doc.add_table(rows=len(rows), cols=len(rows[0]))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            cell = table.cell(r, c)
            cell.text = ""
            p = cell.paragraphs[0]
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER if (header and r == 0) or c > 0 and len(rows[0]) > 2 else None
            rr = run(p, value, HEITI if header and r == 0 else None)
            rr.font.size = Pt(12)
            if widths:
                cell.width = Cm(widths[c])
    return table


def caption(doc, text: str) -> None:
    p = doc.add_paragraph(style="Caption")
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run(p, text)


def picture(doc, path: Path, width_cm: float = 14.0) -> None:
    doc.add_picture(str(path), width=Cm(width_cm))
    doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER


def add_chinese_numbering(doc) -> int:
    """A numbering definition drawing “一、二、…” (chineseCounting, “%1、”) and return its numId."""
    numbering = doc.part.numbering_part.element
    abstract_id, num_id = 90, 90
    abstract = parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
        '<w:multiLevelType w:val="singleLevel"/>'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
        '<w:suff w:val="nothing"/><w:lvlText w:val="%1、"/><w:lvlJc w:val="left"/>'
        '<w:pPr><w:ind w:left="0" w:firstLine="640"/></w:pPr></w:lvl>'
        "</w:abstractNum>"
    )
    # Schema order: every w:abstractNum before the first w:num.
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    numbering.append(
        parse_xml(f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/></w:num>')
    )
    return num_id


def numbered_heading(doc, text: str, num_id: int) -> None:
    """Heading 1 whose “一、” comes from Word's automatic numbering (w:numPr), not from the text."""
    p = doc.add_paragraph(text, style="Heading 1")
    ppr = p._p.get_or_add_pPr()
    ppr.append(parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr>'))


def save(doc, path: Path) -> None:
    """Save with fixed ZIP entry times so the bytes do not depend on the clock."""
    buf = io.BytesIO()
    doc.save(buf)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, src.read(info.filename))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(out.getvalue())
    print(f"wrote {path.relative_to(ROOT)}")


# -- pictures --------------------------------------------------------------------------------------


def _font(size: int):
    for candidate in CJK_FONT_CANDIDATES:
        if Path(candidate).exists():
            return ImageFont.truetype(candidate, size)
    return None  # no CJK font: the picture is drawn without labels


def _text(draw, xy, text: str, font, fill=(40, 40, 40), anchor: str = "mm") -> None:
    if font is not None:
        draw.text(xy, text, font=font, fill=fill, anchor=anchor)


def _save_png(img: Image.Image, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    img.save(path, format="PNG", optimize=False)
    print(f"wrote {path.relative_to(ROOT)}")


def make_course_chart(path: Path) -> None:
    """Bar chart: “家长夜校” sessions per course module (figures invented)."""
    modules = [("政策法规", 31), ("习惯养成", 52), ("亲子沟通", 61), ("心理成长", 44), ("科学衔接", 28)]
    w, h = 1200, 700
    img = Image.new("RGB", (w, h), "white")
    d = ImageDraw.Draw(img)
    title_font, label_font = _font(34), _font(24)
    _text(d, (w // 2, 50), "“家长夜校”五大课程模块开课场次（2024年以来）", title_font)
    left, bottom, top = 140, 600, 120
    d.line([(left, top), (left, bottom), (w - 80, bottom)], fill=(60, 60, 60), width=3)
    scale = (bottom - top - 30) / 70
    for tick in range(0, 71, 10):
        y = bottom - tick * scale
        d.line([(left - 8, y), (left, y)], fill=(60, 60, 60), width=2)
        _text(d, (left - 40, y), str(tick), label_font)
    slot = (w - 80 - left) / len(modules)
    for i, (name, value) in enumerate(modules):
        x0 = left + i * slot + slot * 0.22
        x1 = left + (i + 1) * slot - slot * 0.22
        y0 = bottom - value * scale
        d.rectangle([x0, y0, x1, bottom - 2], fill=(178, 34, 34))
        _text(d, ((x0 + x1) / 2, y0 - 22), f"{value}场", label_font)
        _text(d, ((x0 + x1) / 2, bottom + 32), name, label_font)
    _save_png(img, path)


def make_flow_chart(path: Path) -> None:
    """Flow: 发现报告 → 评估建档 → 一人一策 → 专班帮扶 → 跟踪回访 (a drawing, no people)."""
    steps = ["发现报告", "评估建档", "一人一策", "专班帮扶", "跟踪回访"]
    w, h = 1300, 420
    img = Image.new("RGB", (w, h), "white")
    d = ImageDraw.Draw(img)
    title_font, box_font = _font(32), _font(28)
    _text(d, (w // 2, 55), "“莎姐守未”困境儿童关护工作流程", title_font)
    box_w, box_h, gap = 200, 110, 50
    x = (w - (len(steps) * box_w + (len(steps) - 1) * gap)) // 2
    y = 180
    for i, step in enumerate(steps):
        d.rounded_rectangle([x, y, x + box_w, y + box_h], radius=18, outline=(30, 80, 150), width=4, fill=(232, 241, 252))
        _text(d, (x + box_w // 2, y + box_h // 2), step, box_font, fill=(20, 50, 110))
        if i < len(steps) - 1:
            ax0, ax1, ay = x + box_w + 6, x + box_w + gap - 6, y + box_h // 2
            d.line([(ax0, ay), (ax1 - 10, ay)], fill=(30, 80, 150), width=5)
            d.polygon([(ax1, ay), (ax1 - 16, ay - 10), (ax1 - 16, ay + 10)], fill=(30, 80, 150))
        x += box_w + gap
    _text(d, (w // 2, 360), "检察机关 · 民政 · 教育 · 妇联 · 村（社区）儿童主任 协同", box_font, fill=(90, 90, 90))
    _save_png(img, path)


# -- the cases -------------------------------------------------------------------------------------


def qiantang_community_school() -> None:
    """社区学校: Heading 1 with Word automatic numbering (“一、” is not in the text)."""
    name = "建好“家门口”的社区学校 画好家校社协同育人“同心圆”"
    doc = new_document(name)
    num_id = add_chinese_numbering(doc)
    title(doc, name, style="Title")
    line(doc, "报送单位：合川区钱塘镇人民政府", align_center=True, font=KAITI)
    line(doc, "联系人：李春燕　　联系电话：023-42753318", align_center=True, font=KAITI)
    numbered_heading(doc, "基本情况", num_id)
    body(doc, "钱塘镇位于合川区西北部，辖3个社区、14个村，户籍人口7.2万人，常住人口4.1万人，有中小学、幼儿园9所，在校学生5100余人。镇内外出务工人员多，隔代抚养、留守儿童占比高，家长家庭教育意识和能力整体偏弱。2023年开展的家庭教育需求调查显示，68%的家长“不知道怎么教育孩子”，54%的学生放学后和节假日处于“无人看管”状态。")
    body(doc, "针对这些问题，钱塘镇党委、政府把社区学校建设作为推进基层治理、服务群众的重要抓手，按照“党建引领、镇村主办、学校主导、家庭尽责、社会参与”的思路，以镇社区学校为龙头、村（社区）家长学校为支点，推动家庭教育指导服务全覆盖，着力构建家校社协同育人的“同心圆”。")
    numbered_heading(doc, "具体措施", num_id)
    lead_in(doc, "（一）建强阵地，让社区学校“有地方”。", "镇里腾退原农技站办公楼，改建成面积860平方米的镇社区学校，设家长课堂、亲子阅读室、心理咨询室、“四点半课堂”活动室4个功能区；17个村（社区）依托党群服务中心全部建成社区家长学校，挂牌设立“家庭教育指导服务站”，做到统一标识、统一制度、统一台账。")
    lead_in(doc, "（二）配强队伍，让社区学校“有人教”。", "建立“专家+教师+志愿者”三支队伍：邀请合川区家庭教育研究指导中心专家担任顾问，选派镇中心校12名骨干教师担任兼职教师，吸纳村（社区）干部、退休教师、“五老”人员和返乡大学生组成志愿者队伍86人。镇里每年安排专项经费18万元，用于课程开发、师资培训和志愿服务补贴。")
    lead_in(doc, "（三）丰富课程，让社区学校“有内容”。", "围绕家长最关心的问题，开发“家长课堂”“亲子活动”“假日成长营”三类课程。“家长课堂”每月集中授课1次，内容涵盖家庭教育促进法、青春期沟通、学习习惯培养、网络沉迷预防等；“亲子活动”结合传统节日开展包粽子、做月饼、家风故事会等活动，传承良好家风；寒暑假依托“合你童行”青少年假日关爱行动举办“假日成长营”，开设阅读、书法、科学实验、体育等兴趣课程。")
    lead_in(doc, "（四）联动共建，让社区学校“有合力”。", "镇社区学校与镇中心校、钱塘中学结成共建对子，学校教师定期到村（社区）开展家访和家庭教育讲座；派出所、司法所、卫生院分别认领法治教育、心理健康、卫生保健课程；区妇联、区关工委将钱塘镇纳入家庭教育“送教下乡”重点镇。对外出务工家长，通过“云上家长会”和微信群开展线上指导，让“隔着屏幕”的家长也能参与孩子成长。")
    numbered_heading(doc, "工作成效", num_id)
    body(doc, "社区学校建起来、活起来以后，家长学、孩子乐、社区和的良好局面逐步形成。一是覆盖面显著扩大。镇、村两级社区学校实现全覆盖，2024年共举办家长课堂142场、亲子活动96场，参与家长1.2万人次，“四点半课堂”和“假日成长营”服务学生3800余人次。二是家长能力明显提升。跟踪调查显示，能够主动与孩子沟通学习情况的家长比例从41%提高到79%，参加学校家长会的比例从63%提高到91%。三是育人环境持续改善。学生课后和节假日“无人看管”比例下降到12%，校外安全事故同比下降，镇内中小学学生违纪事件明显减少。四是基层治理更有温度。社区学校成为党委政府联系群众的“连心桥”，群众对镇村公共服务满意度达97.2%，钱塘镇社区学校被评为区级示范社区学校。")
    numbered_heading(doc, "下步工作打算", num_id)
    body(doc, "下一步，钱塘镇将持续在“提质、扩面、长效”上下功夫：一是打造精品课程，结合本土农耕文化和红色资源，开发10门具有钱塘特色的家庭教育课程；二是推动数字赋能，建设“钱塘家长学堂”线上平台，方便外出务工家长随时学习；三是健全长效机制，把社区学校建设纳入村（社区）年度目标考核，完善经费保障和志愿者激励办法，让社区学校真正成为群众身边的“家庭教育加油站”。")
    save(doc, SAMPLES / "社区学校_钱塘镇_家门口的社区学校.docx")


def police_campus_safety() -> None:
    """护校安园: title, unit and contact only in a cover table (项目 | 内容)."""
    name = "“校家警”同心护学 平安校园有“警”相随"
    doc = new_document(name)
    add_table(
        doc,
        [
            ["项目", "内容"],
            ["案例题目", name],
            ["报送单位", "重庆市公安局合川区分局"],
            ["联系人", "吴建波"],
            ["联系电话", "023-42752110"],
            ["案例类型", "护校安园工作案例"],
        ],
        widths=[3.5, 12.0],
    )
    doc.add_paragraph()
    typed_heading(doc, "一、基本情况")
    body(doc, "合川区现有中小学、幼儿园312所，在校学生14.6万人，城区学校相对集中，农村学校点多面广，校园周边交通、治安环境复杂。近年来，涉校涉生矛盾纠纷、校园欺凌、电信网络诈骗侵害学生等问题时有发生，上下学高峰时段学校门口拥堵严重，群众对校园安全高度关注。")
    body(doc, "区公安局认真落实公安部和市局关于护校安园工作部署，主动联合区教委、区检察院、区消防救援局及各镇街，全面推行“校家警护学模式”，深化“护学岗”建设，构建内外结合、整体防控的校园安全防控体系，守护师生平安。")
    typed_heading(doc, "二、具体措施")
    lead_in(doc, "（一）警校联动，健全责任体系。", "成立由局党委书记任组长的护校安园工作领导小组，建立“一校一警”联系制度，全区312所学校全部明确联系民警，选派86名民警担任中小学法治副校长。公安、教育部门建立季度联席会议和信息通报制度，共享涉校警情、学生安全风险等信息，做到早发现、早预警、早处置。")
    lead_in(doc, "（二）设立护学岗，守牢校门“第一道防线”。", "在城区学校和农村寄宿制学校门口设置“护学岗”128个，落实“高峰勤务”机制，每天上下学时段组织民警、辅警、学校保安、家长志愿者“四方联勤”，开展交通疏导和巡逻防控。在护学岗配备“一键报警”装置和视频监控，并与派出所指挥室联网，实现“1分钟响应、3分钟到场”。")
    lead_in(doc, "（三）综合治理，净化校园周边环境。", "联合区教委、区市场监管局、区消防救援局和属地镇街，每季度开展一次校园周边环境集中整治，重点排查治安乱点、交通隐患、消防安全隐患和违规经营场所，建立问题清单、责任清单、整改清单，整改一处、销号一处。对涉校涉生风险隐患实行“日排查、周研判、月通报”。")
    lead_in(doc, "（四）法治护航，开展安全法治教育。", "法治副校长每学期为学生上好“开学第一课”和“法治教育课”，以防欺凌、防诈骗、防溺水、交通安全为重点，运用真实案例、情景剧、互动问答等形式开展教育。联合区检察院开展“莎姐”法治宣讲，联合区消防救援局组织应急疏散演练，全年开展各类安全教育活动1100余场次。")
    lead_in(doc, "（五）家警协同，帮扶重点家庭。", "对排查发现的监护缺失、家庭矛盾突出、有不良行为倾向的学生家庭，由社区民警、学校、社区共同建立帮扶台账，开展家访和家庭教育指导，督促家长履行监护职责，从源头上预防涉校涉生案事件发生。")
    typed_heading(doc, "三、工作成效")
    body(doc, "一是校园周边更安全。2024年全区校园周边发案数同比下降42.6%，未发生影响恶劣的涉校涉生案事件，上下学高峰时段学校门口交通秩序明显好转。二是风险隐患化解更及时。累计排查整治校园周边风险隐患537处，调处涉校涉生矛盾纠纷213起，化解率98.1%。三是师生安全素养更高。学生安全知识知晓率达96%以上，电信网络诈骗侵害学生案件同比下降58%。四是群众满意度更高。在全区平安建设群众满意度调查中，校园及周边安全满意率达98.3%，“校家警护学模式”被市级媒体专题报道。")
    typed_heading(doc, "四、下一步工作打算")
    body(doc, "一是推进智慧护校，推动学校视频监控与公安视频专网全面联网，运用大数据开展涉校风险智能预警。二是深化护学岗建设，将护学岗向农村小规模学校和幼儿园延伸，扩大家长志愿者队伍。三是完善协作机制，进一步加强与教育、检察、消防、市场监管等部门和镇街的协同配合，推动护校安园工作常态化、制度化，全力打造平安校园。")
    save(doc, SAMPLES / "护校安园_区公安局_校家警同心护学.docx")


def procuratorate_children() -> None:
    """困境儿童: typed bold headings, a table with its caption and a picture with its caption."""
    name = "“莎姐守未”护航困境儿童成长 “一人一策一专班”凝聚关护合力"
    doc = new_document(name)
    title(doc, name)
    line(doc, "报送单位：重庆市合川区人民检察院　　联系人：罗倩　　联系电话：023-42759026", align_center=True, font=KAITI)
    typed_heading(doc, "一、基本情况", bold=True)
    body(doc, "“莎姐”是重庆检察机关未成年人检察工作品牌。近年来，合川区人民检察院在办理涉未成年人案件中发现，部分涉案未成年人和被害未成年人来自留守、单亲、事实无人抚养等特殊家庭，存在监护缺位、心理创伤、学业中断等问题，仅靠司法办案难以从根本上解决。")
    body(doc, "为此，区检察院依托合川区家庭教育检察服务中心，迭代升级“莎姐守未”行动，联合区民政局、区教委、区妇联、团区委和各镇街，对困境儿童实行“一人一策一专班”关护制度，推动困境儿童帮扶从“办案一件”向“关护一人”“治理一片”延伸。")
    typed_heading(doc, "二、具体措施", bold=True)
    lead_in(doc, "（一）精准发现，建立线索移送机制。", "检察机关在办案中发现困境儿童线索，及时通过“莎姐守未”协作平台推送民政、教育部门；民政部门依托镇街儿童督导员、村（社区）儿童主任摸排，教育部门依托班主任日常观察，发现后统一报送，实现线索“多源汇聚、一口受理”。")
    lead_in(doc, "（二）一人一策，开展个案评估帮扶。", "对每名纳入关护的困境儿童，由检察官、社工、心理咨询师、班主任组成评估小组，从监护状况、心理健康、学业情况、生活保障四个方面开展评估，制定个性化帮扶方案，明确帮扶目标、措施、责任人和时限。")
    lead_in(doc, "（三）一人一专班，凝聚多部门合力。", "为每名困境儿童组建由1名检察官、1名儿童主任、1名教师、1名社工组成的关护专班，检察官负责督促监护和法律援助，儿童主任负责生活保障和入户走访，教师负责学业帮扶，社工负责心理疏导和家庭关系修复。对监护人不履行监护职责的，依法发出督促监护令，并责令其接受家庭教育指导。")
    lead_in(doc, "（四）全程跟踪，确保帮扶见效。", "专班每月至少走访一次，每季度对帮扶效果进行评估，根据儿童情况变化动态调整方案；对帮扶目标已实现的，经评估后转入常态关爱。相关工作流程见图1，2024年帮扶情况见表1。")
    picture(doc, PICTURES / "莎姐守未关护流程.png")
    caption(doc, "图1　“莎姐守未”困境儿童关护工作流程")
    caption(doc, "表1　2024年“莎姐守未”困境儿童帮扶情况")
    add_table(
        doc,
        [
            ["帮扶类别", "纳入关护（人）", "组建专班（个）", "帮扶完成（人）"],
            ["留守儿童", "46", "46", "39"],
            ["事实无人抚养儿童", "21", "21", "17"],
            ["单亲及特殊家庭儿童", "38", "38", "31"],
            ["涉案未成年人", "27", "27", "22"],
            ["合计", "132", "132", "109"],
        ],
        widths=[5.0, 3.5, 3.5, 3.5],
    )
    typed_heading(doc, "三、取得成效", bold=True)
    body(doc, "一是帮扶更加精准有效。2024年共将132名困境儿童纳入“莎姐守未”关护，组建关护专班132个，已有109人达到帮扶目标，转入常态关爱。二是监护责任有效落实。发出督促监护令58份，对63名监护人开展家庭教育指导，监护人履职情况明显改善。三是孩子成长更加阳光。帮扶对象中辍学返校14人，心理状况明显好转的占87%，无一人再次涉案。四是协作机制更加健全。与区民政局、区教委、区妇联会签《困境儿童关护协作办法》，“一人一策一专班”工作法被市检察院推广。")
    typed_heading(doc, "四、下步工作打算", bold=True)
    body(doc, "一是扩大关护覆盖，推动“莎姐守未”关护专班向全区30个镇街全面延伸。二是提升专业能力，联合区卫生健康委、在合高校组建心理健康专家团队，提升心理疏导和家庭关系修复的专业水平。三是强化数字赋能，建设困境儿童关护信息系统，实现线索移送、评估帮扶、跟踪回访全流程线上管理，让每一名困境儿童都能得到及时、持续、专业的关护。")
    save(doc, SAMPLES / "困境儿童_区检察院_莎姐守未一人一策.docx")


# -- samples that should be sent back for revision ---------------------------------------------------


def fire_no_plans() -> None:
    """Missing part: no 下步工作打算."""
    name = "消防安全进校园 筑牢校园“防火墙”"
    doc = new_document(name)
    title(doc, name)
    line(doc, "报送单位：合川区消防救援支队　　联系人：邓志强　　联系电话：023-42754119", align_center=True, font=KAITI)
    typed_heading(doc, "一、基本情况")
    body(doc, "校园人员密集，消防安全责任重大。合川区消防救援支队在日常检查中发现，部分学校存在消防设施维护不及时、疏散通道被占用、师生火场逃生技能不足等问题。支队联合区教委，以“消防安全进校园”为抓手，推动校园消防安全治理从“被动检查”转向“主动防范”，全力做好护校安园工作。")
    typed_heading(doc, "二、具体措施")
    lead_in(doc, "（一）开展隐患排查。", "每学期开学前，消防监督员会同教育部门对全区中小学、幼儿园开展消防安全检查，重点检查宿舍、食堂、实验室，建立隐患清单，督促学校限期整改，整改情况纳入学校安全工作考核。")
    lead_in(doc, "（二）建设微型消防站。", "指导寄宿制学校建成校园微型消防站42个，配齐灭火器材和防护装备，由保安、后勤人员组成义务消防队，消防救援站每月上门开展一次联合训练。")
    lead_in(doc, "（三）上好消防安全课。", "组建由消防员、宣传员组成的宣讲团，走进校园开展消防安全教育和应急疏散演练，组织学生走进消防救援站参观体验，开展“小手拉大手”活动，引导学生带动家长排查家庭火灾隐患。")
    typed_heading(doc, "三、工作成效")
    body(doc, "2024年，全区共排查整改校园消防安全隐患326处，开展消防安全教育和应急疏散演练580余场次，覆盖师生12万人次，全区中小学、幼儿园未发生一起火灾事故。学生火场逃生技能考核合格率达95%，通过“小手拉大手”带动5万余个家庭开展家庭火灾隐患自查，校园消防安全水平明显提升。")
    save(doc, FIX / "缺少部分_区消防救援局_消防安全进校园.docx")


def sanhui_empty_results() -> None:
    """Empty part: 工作成效 has one short line."""
    name = "“周末课堂”让三汇镇社区学校热起来"
    doc = new_document(name)
    title(doc, name)
    line(doc, "报送单位：三汇镇人民政府", align_center=True, font=KAITI)
    line(doc, "联系人：杨丽　　联系电话：023-42756035", align_center=True, font=KAITI)
    typed_heading(doc, "一、基本情况")
    body(doc, "三汇镇地处合川东部，辖2个社区、11个村，留守在家的多为老人和孩子。过去，镇社区家长学校活动以讲座为主，家长“坐不住”、孩子“不愿来”，阵地利用率不高。2024年起，镇里以“周末课堂”为突破口，推动社区学校从“开会的地方”变成“学习的地方”。")
    typed_heading(doc, "二、具体措施")
    lead_in(doc, "（一）时间跟着群众走。", "把社区学校活动集中安排在周六上午，方便在家的老人带孩子参加；外出务工家长返乡集中的春节、国庆期间加开专场。")
    lead_in(doc, "（二）内容跟着需求走。", "每月通过村民小组长收集需求，开设家庭教育、亲子阅读、手工制作、农技培训等课程，家长和孩子可以“点单”，镇里根据点单情况邀请镇中心校教师、镇卫生院医生和区妇联讲师授课。")
    lead_in(doc, "（三）队伍跟着活动建。", "动员镇中心校教师、村干部、返乡大学生和退休干部组成30人的志愿者队伍，实行排班授课，镇里对志愿者给予交通补贴和年度表彰。")
    lead_in(doc, "（四）制度跟着阵地定。", "制定社区学校管理办法，明确场地开放时间、课程登记、安全管理等要求，每次活动留存签到表和照片，年底对各村（社区）家长学校开展评比。")
    typed_heading(doc, "三、工作成效")
    body(doc, "成效明显。")
    typed_heading(doc, "四、下步工作打算")
    body(doc, "下一步，三汇镇将继续办好“周末课堂”，把课程开到11个村的院坝里，推动社区学校由“有”到“优”；同时争取区级部门支持，开发适合隔代抚养家庭的家庭教育课程，让更多家长和孩子受益。")
    save(doc, FIX / "成效为空_三汇镇_周末课堂.docx")


def notice_not_a_case() -> None:
    """Not a case: a notice with no case parts."""
    name = "关于开展2025年暑期中小学生安全教育活动的通知"
    doc = new_document(name)
    title(doc, "合川区渭沱镇人民政府")
    title(doc, name)
    line(doc, "各村（社区），镇属各中小学校：")
    body(doc, "暑假将至，为切实加强我镇中小学生暑期安全教育，有效预防溺水、交通、用电等安全事故发生，确保广大学生度过一个平安、健康、快乐的假期，经研究，决定在全镇开展2025年暑期中小学生安全教育活动。现将有关事项通知如下。")
    typed_heading(doc, "一、活动时间")
    body(doc, "2025年7月10日至8月31日。")
    typed_heading(doc, "二、活动内容")
    body(doc, "（一）上好假前安全教育课。各学校在放假前召开一次安全教育主题班会，围绕防溺水、交通安全、用电用气、食品卫生、防范电信网络诈骗等内容开展教育，向家长发放《致家长的一封信》，提醒家长切实履行监护责任，做到“放假不放松、离校不离教”。")
    body(doc, "（二）做好危险水域巡查。各村（社区）在河道、山坪塘、水库等危险水域设置警示标志和救生设施，安排网格员和志愿者在午后、傍晚等重点时段加强巡查，发现学生私自下水的及时劝离并告知家长。")
    body(doc, "（三）加强假期家访联系。各学校组织班主任通过电话、微信或上门等方式，对每名学生开展至少一次假期家访，重点关注父母不在身边、家庭监护较弱的学生，了解其假期生活和安全情况。")
    body(doc, "（四）开展集中宣传活动。镇派出所、镇卫生院、镇司法所等单位根据各自职责，利用赶场天在场镇开展暑期安全集中宣传，发放宣传资料，营造全社会共同守护学生安全的良好氛围。")
    typed_heading(doc, "三、有关要求")
    body(doc, "各单位要高度重视，明确专人负责，把暑期学生安全教育活动作为当前一项重要工作抓紧抓实，确保各项措施落实到位。活动中发现的问题要及时处置并报告，遇有重大情况要第一时间报镇政府。各单位于8月31日前将活动开展情况书面报镇教育办。")
    line(doc, "合川区渭沱镇人民政府", align_center=False)
    line(doc, "2025年7月4日", align_center=False)
    save(doc, FIX / "不是案例_渭沱镇_暑期安全教育通知.docx")


def gulou_type_mismatch() -> None:
    """Declared 护校安园, but the content is clearly about 留守儿童 / 困境儿童."""
    name = "“爱心妈妈”结对帮扶 留守儿童不再孤单"
    doc = new_document(name)
    title(doc, name)
    line(doc, "报送单位：古楼镇人民政府　　联系人：黄敏　　联系电话：023-42755208", align_center=True, font=KAITI)
    line(doc, "案例类型：护校安园工作案例", align_center=True, font=KAITI)
    typed_heading(doc, "一、基本情况")
    body(doc, "古楼镇是劳务输出大镇，全镇有留守儿童860余名，其中父母双方均外出务工的有412名，另有事实无人抚养儿童、孤儿和残疾儿童37名。这些孩子大多由祖辈照顾，亲情陪伴缺失，部分孩子性格孤僻、学习困难，亟需关爱帮扶。")
    typed_heading(doc, "二、具体措施")
    lead_in(doc, "（一）摸底建档。", "镇儿童督导员和13名村（社区）儿童主任逐户走访，为每名留守儿童和困境儿童建立“一人一档”，记录家庭、监护、学业、健康和心理状况，每季度更新。")
    lead_in(doc, "（二）结对关爱。", "联合镇妇联发动机关干部、教师和热心群众担任“爱心妈妈”，与留守儿童、困境儿童“一对一”结对，每月至少见面一次、每周通一次电话，开展陪伴、辅导作业和心理疏导。")
    lead_in(doc, "（三）亲情连线。", "在镇社工站设立“亲情视频室”，每周末组织留守儿童与在外务工的父母视频通话，对家庭关系紧张的，由社工开展家庭教育指导和个案服务。")
    lead_in(doc, "（四）兜底保障。", "对事实无人抚养儿童和孤儿，及时落实基本生活保障和教育资助；对残疾儿童，协调学校开展送教上门，确保应帮尽帮。")
    typed_heading(doc, "三、工作成效")
    body(doc, "目前全镇已有128名“爱心妈妈”与396名留守儿童、困境儿童结对，开展陪伴活动2100余次，亲情视频通话4800余人次，发放各类资助资金46万元。结对儿童中，学习成绩进步明显的有183人，心理测评异常比例由19%下降到7%，困境儿童义务教育阶段无一人辍学。")
    typed_heading(doc, "四、下步工作打算")
    body(doc, "一是扩大“爱心妈妈”队伍，实现留守儿童、困境儿童结对全覆盖；二是加强专业培训，提升“爱心妈妈”和儿童主任的心理疏导能力；三是争取社会爱心企业支持，设立留守儿童关爱基金，让关爱帮扶更可持续。")
    save(doc, FIX / "类型不符_古楼镇_爱心妈妈结对帮扶.docx")


def rtf_sample() -> None:
    """Unsupported format: a real (tiny) RTF file, Chinese written as RTF \\uN escapes."""
    lines = [
        "“院坝课堂”进农家 家庭教育零距离",
        "报送单位：官渡镇人民政府",
        "一、基本情况",
        "官渡镇把家庭教育课堂开到村民院坝里，方便留在村里的家长就近学习。",
    ]

    def escape(text: str) -> str:
        return "".join(ch if ord(ch) < 128 else f"\\u{ord(ch) if ord(ch) < 32768 else ord(ch) - 65536}?" for ch in text)

    body = "".join(f"{escape(t)}\\par\n" for t in lines)
    rtf = "{\\rtf1\\ansi\\ansicpg936\\deff0{\\fonttbl{\\f0\\fnil\\fcharset134 SimSun;}}\n\\f0\\fs32\n" + body + "}\n"
    path = FIX / "格式不支持_官渡镇_院坝课堂.rtf"
    path.write_bytes(rtf.encode("ascii"))
    print(f"wrote {path.relative_to(ROOT)}")


def main() -> None:
    make_course_chart(PICTURES / "家长夜校课程模块.png")
    make_flow_chart(PICTURES / "莎姐守未关护流程.png")
    qiantang_community_school()
    police_campus_safety()
    procuratorate_children()
    fire_no_plans()
    sanhui_empty_results()
    notice_not_a_case()
    gulou_type_mismatch()
    rtf_sample()


if __name__ == "__main__":
    main()
