"""Write small but realistic case files for tests (Markdown and plain text)."""

from __future__ import annotations

from pathlib import Path

BASIC = (
    "钱塘镇位于合川区北部，辖12个村（社区），常住人口约4.2万人，其中中小学生3200余名。近年来，镇党委、政府把社区家长学校"
    "建设作为推进家校社协同育人的重要抓手，依托新时代文明实践站建成社区家长学校8所，形成了覆盖全镇的家庭教育指导网络。"
    "但随着外出务工人员增多，隔代教养比例上升，家长普遍反映缺少科学的家庭教育方法，亟需在家门口获得专业指导。"
)
MEASURES = (
    "以镇家庭教育指导服务站为中心，在各村（社区）设立家长学校教学点，统一挂牌、统一课程、统一管理。每月开设“家长夜校”课程，"
    "邀请区家庭教育研究指导中心专家、骨干教师授课，累计开课96场，覆盖家长5600余人次；组织亲子阅读、家风故事会等活动40余场。"
    "同时建立“学校点单、社区派单、志愿者接单”的服务机制，由镇中心校选派骨干教师担任社区家长学校辅导员，"
    "镇妇联、关工委组织“五老”志愿者开展周末课堂，让家庭教育指导服务延伸到每个村（社区）。"
)
RESULTS = (
    "家长参与家庭教育学习的积极性明显提高，亲子关系得到改善，社区家长学校的阵地作用充分发挥。问卷显示，群众满意度达到98%，"
    "社区教育已成为基层治理的重要载体，两所社区家长学校被评为区级示范家长学校。"
    "不少家长从“旁听者”变为“志愿者”，主动参与社区课堂的组织和宣传，家校社协同育人的氛围日益浓厚。"
    "镇中心校学生行为习惯养成情况明显向好，留守家庭亲子沟通次数较上年增加一倍以上。"
)
PLANS = (
    "下一步，钱塘镇将继续完善社区家长学校运行机制，推动家庭教育指导服务向村组延伸，培育本土家庭教育讲师队伍，"
    "打造更多“家门口”的终身学习阵地。同时探索建立社区家长学校评价机制，把家长满意度、课程参与率纳入考核，"
    "推动社区家长学校从“有阵地”向“有质量”转变，让更多家庭在家门口享受到优质的家庭教育指导服务。"
)
PARTS = {"basic": ("一、基本情况", BASIC), "measures": ("二、具体措施", MEASURES),
         "results": ("三、工作成效", RESULTS), "plans": ("四、下步工作打算", PLANS)}


def case_markdown(
    title: str | None = "办好“家门口”的社区家长学校 打造协同育人新阵地",
    unit: str | None = "合川区钱塘镇人民政府",
    parts: list[str] | None = None,
    texts: dict[str, str] | None = None,
    declared: str | None = None,
    heading_prefix: str = "## ",
) -> str:
    lines = []
    if title:
        lines += [f"# {title}", ""]
    if unit:
        lines += [f"报送单位：{unit}    联系人：张老师    联系电话：023-42751234", ""]
    if declared:
        lines += [f"案例类型：{declared}", ""]
    for key in parts if parts is not None else list(PARTS):
        heading, text = PARTS[key]
        text = (texts or {}).get(key, text)
        lines += [f"{heading_prefix}{heading}", ""]
        if text:
            lines += [text, ""]
    return "\n".join(lines)


def write(folder: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding))
    return path
