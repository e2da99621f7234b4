"""``jlt fix FILE.md``: apply the safe punctuation fixes to a Markdown submission.

The input is never changed unless ``--in-place`` is given; by default the fixed text goes to
stdout, or to ``-o OUT``. Writes are atomic (temporary file + rename).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from jlt_cli.fixes import decode, fix_markdown, write_atomic

MARKDOWN_SUFFIXES = {".md", ".markdown", ".txt"}


def fix(
    path: Path = typer.Argument(..., help="Markdown 案例文件", dir_okay=False),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="写入此文件（默认输出到屏幕）", dir_okay=False),
    in_place: bool = typer.Option(False, "--in-place", help="直接修改原文件"),
) -> None:
    """修正 Markdown 案例中的半角标点：中文之间的半角逗号、句号、分号、冒号、问号、叹号、括号和引号。"""
    from jlt_cli.cli import EXIT_FINDINGS, EXIT_OK, fail
    from jlt_cli.outputs.terminal import clean, stderr_console

    if not path.is_file():
        raise fail(f"找不到文件：{path}")
    if path.suffix.lower() not in MARKDOWN_SUFFIXES:
        raise fail(f"jlt fix 只处理 Markdown/文本文件（.md），“{path.name}”不是。Word 文档请在 Word/WPS 中修改。")
    if in_place and output is not None:
        raise fail("--in-place 与 -o 不能同时使用。")
    if output is not None and output.resolve() == path.resolve():
        raise fail("输出文件就是原文件。如需直接修改原文件，请使用 --in-place。")
    try:
        text, encoding = decode(path.read_bytes())
    except (OSError, UnicodeDecodeError) as exc:
        raise fail(f"无法读取 {path}：{exc}") from None
    report = fix_markdown(text)
    console = stderr_console()
    target = path if in_place else output
    try:
        if target is None:
            sys.stdout.write(report.text)
            sys.stdout.flush()
        elif report.text != text or not in_place:
            write_atomic(target, report.text, encoding)
    except OSError as exc:
        raise fail(f"无法写入 {target}：{exc}") from None
    where = f"，已写入 {target}" if target is not None and (report.text != text or not in_place) else ""
    console.print(f"已修正 {report.fixed} 处半角标点{clean(where)}。" if report.fixed else "没有需要自动修正的标点。")
    for line, note in report.manual:
        console.print(f"{clean(str(path))}:{line}: 需人工处理：{clean(note)}", soft_wrap=True)
    raise typer.Exit(EXIT_FINDINGS if report.manual else EXIT_OK)


def register(app: typer.Typer) -> None:
    app.command("fix")(fix)
