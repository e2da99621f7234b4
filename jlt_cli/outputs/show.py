"""``jlt show``: the case exactly as jlt understood it, as Markdown a person can compare with the file."""

from __future__ import annotations

from jlt_cli.config import Config
from jlt_cli.model import Block, BlockKind, Case
from jlt_cli.outputs.common import decision_text, location_label


def _block_md(b: Block) -> list[str]:
    if b.kind is BlockKind.TABLE and b.rows:
        width = max(len(r) for r in b.rows)
        rows = [[c.replace("|", "\\|").replace("\n", " ") for c in r] + [""] * (width - len(r)) for r in b.rows]
        out = ["| " + " | ".join(rows[0]) + " |", "|" + " --- |" * width]
        out += ["| " + " | ".join(r) + " |" for r in rows[1:]]
        return out
    if b.kind is BlockKind.IMAGE and b.image:
        size = f"{b.image.width}×{b.image.height}" if b.image.width else "尺寸未知"
        caption = f"，题注：{b.image.caption}" if b.image.caption else ""
        return [f"[图片：{b.image.name}，{size}{caption}]"]
    if b.kind is BlockKind.HEADING:
        return [f"#### {b.display_text}"]
    return [b.display_text]


def case_to_markdown(case: Case, config: Config) -> str:
    lines = [f"# {case.title or '（未找到题目）'}", ""]
    meta = [
        ("文件", case.display_path),
        ("格式", case.format),
        ("报送单位", case.unit or "（未找到）"),
        ("联系人", case.contact),
        ("联系电话", case.phone),
        ("声明类型", f"{config.type_full_name(case.declared_type)}（来自{case.declared_type_source}）" if case.declared_type else "（未声明）"),
        ("判断类型", f"{config.type_full_name(case.inferred_type)}（置信度 {case.type_confidence:.0%}）" if case.inferred_type else "（无法判断）"),
        ("类型得分", "，".join(f"{t} {s:g}" for t, s in case.type_scores.items())),
        ("类型依据", "、".join(case.type_evidence)),
        ("正文字数", str(case.chars)),
    ]
    lines += [f"- {k}：{v}" for k, v in meta if v]
    if case.decision:
        lines.append(f"- {decision_text(case, config)}")
    lead = [b for b in case.preamble if (b.line or 0) not in case.metadata_lines]
    if lead:
        lines += ["", "## （题目前后的其他内容）", ""]
        for b in lead:
            lines += _block_md(b) + [""]
    for s in case.sections:
        lines += ["", f"## {s.name}（原标题：{s.heading}）", ""]
        for b in s.blocks:
            lines += _block_md(b) + [""]
    images = [b.image for s in case.sections for b in s.blocks if b.kind is BlockKind.IMAGE and b.image]
    if images:
        lines += ["", "## 图片", ""]
        lines += [f"{i}. {im.name}（{im.width or '?'}×{im.height or '?'}）{im.caption}" for i, im in enumerate(images, 1)]
    if case.findings:
        lines += ["", "## 问题", ""]
        for f in case.findings:
            where = location_label(case, f)
            lines.append(f"- [{f.severity.label}] {f.rule} {where} {f.message}".replace("  ", " "))
    return "\n".join(lines).rstrip() + "\n"
