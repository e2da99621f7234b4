"""``jlt build``."""

from __future__ import annotations

from pathlib import Path

import click
from rich.console import Console

from jlt_cli.actions import ActionError
from jlt_cli.actions.build import FORMATS, build
from jlt_cli.cli.common import (
    command, ANY_PATH, EXIT_FINDINGS, EXIT_OK, FOLDER, Progress, config_option, convert_option, fail, load, paths_argument,
)
from jlt_cli.outputs.terminal import clean, stderr_console
from jlt_cli.understand.redact import summarise


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{n / 1024:.0f} KB"


def print_summary(report, console: Console) -> None:
    """What went in, what was left out and why, and the figures of the result."""
    console.print(f"[bold]已汇编 {report.included} 篇案例[/]")
    for title, cases in report.chapters:
        console.print(f"  {clean(title)}：{len(cases)} 篇")
        for c in cases:
            unit = f"（{clean(c.unit)}）" if c.unit else ""
            console.print(f"    · {clean(c.title)}{unit}", soft_wrap=True)
    if report.excluded:
        console.print(f"[yellow]未收入 {len(report.excluded)} 个文件[/]（原因如下，修改后重新生成即可收入）：")
        for ex in report.excluded:
            console.print(f"  [yellow]✗[/] {clean(ex.path)}", soft_wrap=True)
            for reason in ex.reasons:
                console.print(f"      {clean(reason)}", soft_wrap=True)
    if report.redactions:
        console.print(f"[yellow]已遮盖 {len(report.redactions)} 处个人信息[/]（只在汇编中遮盖，原文件未改动）：")
        for line in summarise(report.redactions):
            console.print(f"  {clean(line)}", soft_wrap=True)
    if report.pulled_back:
        console.print(f"{len(report.pulled_back)} 篇案例的最后一页只剩几行，已略收紧行距、缩小图片，排回前一页：")
        for title in report.pulled_back:
            console.print(f"  · {clean(title)}", soft_wrap=True)
    if report.short_last_pages:
        console.print(f"[yellow]注意：[/]{len(report.short_last_pages)} 篇案例的最后一页仍只有几行（收紧也排不回）；"
                      "如需节省版面，可请单位压缩篇幅：", soft_wrap=True)
        for title in report.short_last_pages:
            console.print(f"  · {clean(title)}", soft_wrap=True)
    for w in report.warnings:
        console.print(f"[yellow]注意：[/]{clean(w)}", soft_wrap=True)


@command("build")
@paths_argument
@click.option("--output", "-o", type=ANY_PATH, default=None, metavar="位置",
              help="输出位置：x.pdf、x.docx、x.html 按扩展名选择格式；以 / 结尾的文件夹则在其中按汇编标题命名；默认 build/<汇编标题>.pdf")
@click.option("--format", "-f", "fmt", type=click.Choice(FORMATS), default=None,
              help="pdf：印刷用 PDF；docx：可编辑的 Word 文档；html：网页文件夹（index.html + assets/）。不写时按 -o 的扩展名判断")
@config_option
@click.option("--templates", type=FOLDER, default=None, metavar="文件夹",
              help="自定义模板文件夹：其中与自带模板同名的文件（brochure.html.j2、case.html.j2、brochure.css）取而代之")
@click.option("--strict", is_flag=True, help="有文件因错误未收入时以退出码 1 结束")
@click.option("--redact", is_flag=True, help="遮盖正文中的个人信息（身份证号、电话、住址、儿童姓名）后收入汇编；默认这类案例不收入")
@click.option("--include-long", is_flag=True,
              help="也排入印出来超过 limits.build_max_pages 页的过长案例；默认不排入，以免一篇案例占去上百页")
@convert_option
def command(paths: tuple[Path, ...], output: Path | None, fmt: str | None, config_file: Path | None,
            templates: Path | None, strict: bool, redact: bool, include_long: bool, convert: bool) -> None:
    """生成汇编：审核全部案例，把通过的案例排成印刷用 PDF（封面、目录、各章、附录），或 Word、网页版。"""
    err = stderr_console()
    try:
        config = load(config_file, list(paths))
        with Progress() as progress:
            target, report = build(list(paths), config, output=output, fmt=fmt, templates=templates, strict=strict,
                                   redact=redact, convert=convert, include_long=include_long, progress=progress.files, on_stage=progress.stage)
    except ActionError as exc:
        if exc.report is not None:
            print_summary(exc.report, err)
        raise fail(exc.message) from None
    print_summary(report, err)
    pages = f"{report.pages} 页，" if report.pages else ""
    err.print(f"[green]已写入[/] {clean(str(target.shown))}（{pages}{_size(report.size)}，用时 {report.seconds:.1f} 秒）",
              soft_wrap=True)
    raise click.exceptions.Exit(EXIT_FINDINGS if report.strict_failed else EXIT_OK)
