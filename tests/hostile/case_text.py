"""The one well-formed case every hostile item wraps, so only the hostile part can cause a finding.

Written to pass every content rule: a known unit, five parts in order, a clear 社区学校 type, 500–6000
characters of body, full-width punctuation, no personal data (no names, phones, addresses).
"""

from __future__ import annotations

TITLE = "依托社区学校 打造家门口的终身学习阵地"
UNIT = "合川区南津街街道办事处"
CASE_TYPE = "社区学校建设案例"

SECTIONS: list[tuple[str, list[str]]] = [
    (
        "基本情况",
        [
            "南津街街道地处城区中心，辖区居民众多，外出务工家庭和双职工家庭比例较高，家长普遍反映缺少系统的家庭教育指导，"
            "青少年课后时间缺少看护和陪伴。街道以社区学校建设为抓手，整合学校、社区和社会组织资源，"
            "探索家校社协同育人的新路径，努力让居民在家门口就能享受优质的社区教育服务。",
            "近年来，街道先后建成社区学校教学点八个，配齐专兼职教师队伍，形成了覆盖全体居民的终身学习服务网络。",
        ],
    ),
    (
        "具体措施",
        [
            "一是建强阵地。依托社区党群服务中心、新时代文明实践站和辖区中小学校，统筹设置家长课堂、四点半课堂和亲子阅读角，"
            "做到有场地、有师资、有课程、有制度，让社区学校成为居民身边的学习阵地。",
            "二是丰富课程。围绕家庭教育、心理健康、安全教育和传统文化四个方面，开发菜单式课程三十余门，"
            "邀请学校教师、社区工作者和志愿者轮流授课，根据居民需求动态调整课程内容，提升课程的针对性和吸引力。",
            "三是创新机制。建立街道统筹、社区实施、学校支持、家庭参与的工作机制，定期召开联席会议，"
            "及时研究解决社区学校运行中的困难和问题，推动家庭教育指导服务常态化开展。",
            "四是培育队伍。组建由骨干教师、社区工作者和家长志愿者组成的讲师团，定期开展专题培训和交流研讨，"
            "不断提升家庭教育指导服务的专业化水平。",
        ],
    ),
    (
        "工作成效",
        [
            "社区学校运行以来，累计开展家庭教育讲座和亲子活动两百余场，服务居民上万人次，"
            "家长的家庭教育意识和能力明显提升，亲子关系更加融洽，居民参与社区教育的热情持续高涨。",
            "社区学校已经成为居民身边的终身学习课堂，多所学校与社区结成共建对子，家校社协同育人的氛围日益浓厚，"
            "相关做法得到上级部门肯定，并在全区交流推广。",
        ],
    ),
    (
        "下步工作打算",
        [
            "下一步，街道将继续完善社区学校的课程体系和管理制度，扩大优质教育资源覆盖面，"
            "推动社区学校向小区和楼栋延伸，打造十五分钟终身学习圈，让更多家庭受益。",
            "同时加强经验总结和宣传推广，不断擦亮社区学校品牌，为建设学习型社会贡献街道力量。",
        ],
    ),
]

NUMERALS = "一二三四五六七八九十"


def markdown(title: str = TITLE, extra_paragraphs: dict[str, list[str]] | None = None) -> str:
    """The case as Markdown; ``extra_paragraphs`` appends paragraphs (raw Markdown) to a part by name."""
    extra = extra_paragraphs or {}
    lines = [f"# {title}", "", f"报送单位：{UNIT}", "", f"案例类型：{CASE_TYPE}", ""]
    for i, (name, paragraphs) in enumerate(SECTIONS):
        lines += [f"## {NUMERALS[i]}、{name}", ""]
        for p in paragraphs + extra.get(name, []):
            lines += [p, ""]
    return "\n".join(lines)


def paragraphs(title: str = TITLE) -> list[tuple[str, str]]:
    """The case as (kind, text) pairs for a DOCX: kind is "title", "meta", "heading" or "body"."""
    out = [("title", title), ("meta", f"报送单位：{UNIT}"), ("meta", f"案例类型：{CASE_TYPE}")]
    for i, (name, paras) in enumerate(SECTIONS):
        out.append(("heading", f"{NUMERALS[i]}、{name}"))
        out += [("body", p) for p in paras]
    return out
