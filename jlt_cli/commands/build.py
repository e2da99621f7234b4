"""``jlt build``: the brochure (PDF, or an HTML folder) of the cases that pass validation."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import List, Optional

import typer
from rich.console import Console

from jlt_cli.cli import EXIT_FAILURE, EXIT_FINDINGS, EXIT_OK, ConfigOpt, ConvertOpt, PathsArg, check_paths, fail, get_config
from jlt_cli.outputs.terminal import clean, stderr_console


class BuildFormat(str, Enum):
    pdf = "pdf"
    html = "html"
    docx = "docx"


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{n / 1024:.0f} KB"


def print_summary(report, console: Console) -> None:  # report: BuildReport
    """What went in, what was left out and why, and the figures of the result."""
    console.print(f"[bold]已汇编 {report.included} 篇案例[/]")
    for title, cases in report.chapters:
        console.print(f"  {clean(title)}：{len(cases)} 篇")
        for c in cases:
            unit = f"（{clean(c.unit)}）" if c.unit else ""
            console.print(f"    · {clean(c.title)}{unit}", soft_wrap=True)
    if report.excluded:
        console.print(f"[yellow]未收入 {len(report.excluded)} 个文件[/]（有错误，修改后重新生成即可收入）：")
        for ex in report.excluded:
            console.print(f"  [yellow]✗[/] {clean(ex.path)}", soft_wrap=True)
            for reason in ex.reasons:
                console.print(f"      {clean(reason)}", soft_wrap=True)
    if report.redactions:
        console.print(f"[yellow]已遮盖 {len(report.redactions)} 处个人信息[/]（只在汇编中遮盖，原文件未改动）：")
        for r in report.redactions:
            console.print(f"  {clean(r.describe())}", soft_wrap=True)
    for w in report.warnings:
        console.print(f"[yellow]注意：[/]{clean(w)}", soft_wrap=True)


def build(
    paths: List[Path] = PathsArg,
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="输出文件（PDF）或文件夹（HTML）；默认 build/<汇编标题>.pdf"),
    format: BuildFormat = typer.Option(BuildFormat.pdf, "--format", "-f", help="pdf：印刷用 PDF；html：网页文件夹（index.html + assets/）；docx：可编辑的 Word 文档"),
    config_file: Optional[Path] = ConfigOpt,
    templates: Optional[Path] = typer.Option(
        None, "--templates", help="自定义模板文件夹：其中与自带模板同名的文件（brochure.html.j2、case.html.j2、brochure.css）取而代之",
        file_okay=False,
    ),
    strict: bool = typer.Option(False, "--strict", help="有文件因错误未收入时以退出码 1 结束"),
    redact: bool = typer.Option(
        False, "--redact", help="遮盖正文中的个人信息（身份证号、电话、住址、儿童姓名）后收入汇编；默认这类案例不收入"
    ),
    convert: bool = ConvertOpt,
) -> None:
    """生成汇编：审核全部案例，把通过的案例排成印刷用 PDF（封面、目录、三章、附录）。"""
    from jlt_cli.outputs.brochure import BuildError, build_brochure, default_output

    check_paths(paths)
    config = get_config(config_file)
    out = output if output is not None else default_output(config, format.value)
    if format is BuildFormat.docx and output is None:
        out = out.with_name(out.name + ".docx")
    err = stderr_console()
    status = err.status("正在读取") if err.is_terminal else None
    if status:
        status.start()

    def progress(i: int, n: int, name: str) -> None:
        if status:
            status.update(f"正在读取 {i}/{n} {clean(name)}")

    def stage(label: str) -> None:
        if status:
            status.update(f"{label}…（约每秒 40 页）")

    try:
        if format is BuildFormat.docx:  # editable Word copy (jlt_cli/outputs/docx_brochure.py)
            from jlt_cli.outputs.docx_brochure import build_docx

            report = build_docx(
                paths, config, out, strict=strict, progress=progress, on_stage=stage, redact=redact, convert=convert
            )
        else:
            report = build_brochure(
                paths, config, out, format=format.value, templates_dir=templates, strict=strict,
                progress=progress, on_stage=stage, redact=redact, convert=convert,
            )
    except BuildError as exc:
        if status:
            status.stop()
        if exc.report is not None:
            print_summary(exc.report, err)
        raise fail(exc.message) from None
    except KeyboardInterrupt:
        if status:
            status.stop()
        raise
    finally:
        if status:
            status.stop()
    print_summary(report, err)
    pages = f"{report.pages} 页，" if report.pages else ""
    err.print(f"[green]已写入[/] {clean(str(out))}（{pages}{_size(report.size)}，用时 {report.seconds:.1f} 秒）", soft_wrap=True)
    raise typer.Exit(EXIT_FINDINGS if report.strict_failed else EXIT_OK)


def register(app: typer.Typer) -> None:
    app.command(name="build")(build)


__all__ = ["register", "build", "EXIT_FAILURE"]
