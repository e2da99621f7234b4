"""``jlt template``: the blank submission a unit fills in (Word or Markdown)."""

from __future__ import annotations

from pathlib import Path

from jlt_cli.actions import ActionError
from jlt_cli.base.atomic import atomic_write, atomic_write_text
from jlt_cli.config import Config
from jlt_cli.outputs.template import build_template_docx, default_filename, template_markdown
from jlt_cli.understand.classify import type_from_text

TEMPLATE_SUFFIXES = {"docx": {".docx"}, "md": {".md", ".markdown"}}


def resolve_type(type_: str | None, config: Config) -> str | None:
    if not type_:
        return None
    type_name = type_from_text(type_, config)
    if type_name is None:
        raise ActionError(f"未知的案例类型“{type_}”。可用：{'、'.join(config.type_names)}（也可写全名）。")
    return type_name


def template_text(type_: str | None, config: Config) -> str:
    """The Markdown template as text (for standard output)."""
    return template_markdown(resolve_type(type_, config), config) + "\n"


def template(type_: str | None, config: Config, *, fmt: str | None = None, output: Path | None = None,
             force: bool = False) -> Path:
    """Write the template file; returns its path."""
    type_name = resolve_type(type_, config)
    if fmt is None and output is not None:
        fmt = {".md": "md", ".markdown": "md", ".docx": "docx"}.get(output.suffix.lower())
    fmt = fmt or "docx"
    if output is not None and output.suffix.lower() not in TEMPLATE_SUFFIXES[fmt]:
        wanted = ".docx" if fmt == "docx" else ".md"
        raise ActionError(f"输出文件名“{output.name}”与格式不符：{fmt} 模板请用 {wanted} 结尾的文件名（或用 --format 选择格式）。")
    out = output or Path(default_filename(type_name, fmt))
    if out.is_dir():
        raise ActionError(f"“{out}”是一个文件夹，请给出文件名。")
    if out.exists() and not force:
        raise ActionError(f"“{out}”已存在。要覆盖请加 --force，或用 -o 指定其他文件名。")
    try:
        if fmt == "md":
            atomic_write_text(out, template_markdown(type_name, config) + "\n")
        else:
            doc = build_template_docx(type_name, config)
            atomic_write(out, lambda tmp: doc.save(str(tmp)))
    except OSError as exc:
        raise ActionError(f"无法写入“{out}”：{exc.strerror or exc}") from None
    return out
