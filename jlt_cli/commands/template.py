"""``jlt template``: write a blank submission template (Word or Markdown)."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Optional

import typer


class TemplateFormat(str, Enum):
    docx = "docx"
    md = "md"


def register(app: typer.Typer) -> None:
    from jlt_cli.cli import EXIT_OK, ConfigOpt, fail, get_config
    from jlt_cli.outputs.terminal import clean, stdout_console

    @app.command()
    def template(
        type_: Optional[str] = typer.Option(
            None, "--type", "-t", help="案例类型：社区学校 / 护校安园 / 困境儿童（也可写全名）；不写则生成通用模板"
        ),
        format: Optional[TemplateFormat] = typer.Option(
            None, "--format", "-f", help="docx（默认）或 md；不写时按 -o 的扩展名判断"
        ),
        output: Optional[Path] = typer.Option(
            None, "--output", "-o", help="输出文件（默认：当前文件夹下的 案例模板-<类型>.docx；md 格式可用 - 表示标准输出）"
        ),
        force: bool = typer.Option(False, "--force", help="覆盖已存在的文件"),
        config_file: Optional[Path] = ConfigOpt,
    ) -> None:
        """生成空白的案例报送模板：元数据行、案例题目和四个正文部分，附附件1的填写提示。"""
        from jlt_cli.outputs.template import build_template_docx, default_filename, template_markdown
        from jlt_cli.outputs.xlsx_report import atomic_write
        from jlt_cli.understand.classify import type_from_text

        config = get_config(config_file)
        type_name = None
        if type_:
            type_name = type_from_text(type_, config)
            if type_name is None:
                raise fail(f"未知的案例类型“{type_}”。可用：社区学校、护校安园、困境儿童。")
        fmt = format.value if format else None
        if fmt is None and output is not None and str(output) != "-":
            fmt = {".md": "md", ".markdown": "md", ".docx": "docx"}.get(output.suffix.lower())
        fmt = fmt or "docx"
        if output is not None and str(output) != "-" and output.suffix.lower() not in ({".docx"} if fmt == "docx" else {".md", ".markdown"}):
            wanted = ".docx" if fmt == "docx" else ".md"
            raise fail(f"输出文件名“{output.name}”与格式不符：{fmt} 模板请用 {wanted} 结尾的文件名（或用 --format 选择格式）。")
        if str(output) == "-":
            if fmt != "md":
                raise fail("Word 模板不能写到标准输出，请用 -o 指定文件，或加 --format md。")
            sys.stdout.write(template_markdown(type_name, config) + "\n")
            raise typer.Exit(EXIT_OK)
        out = output or Path(default_filename(type_name, fmt))
        if out.exists() and not force:
            raise fail(f"“{out}”已存在。要覆盖请加 --force，或用 -o 指定其他文件名。")
        if out.is_dir():
            raise fail(f"“{out}”是一个文件夹，请给出文件名。")
        try:
            if fmt == "md":
                text = template_markdown(type_name, config)
                atomic_write(out, lambda tmp: tmp.write_text(text + "\n", encoding="utf-8"))
            else:
                doc = build_template_docx(type_name, config)
                atomic_write(out, lambda tmp: doc.save(str(tmp)))
        except OSError as exc:
            raise fail(f"无法写入“{out}”：{exc.strerror or exc}") from None
        stdout_console().print(f"已生成模板：{clean(str(out))}")
        raise typer.Exit(EXIT_OK)
