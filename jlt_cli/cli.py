"""The command line: parse options, call library functions, choose the exit code.

Exit codes (as Vale, ruff and sqlfluff do): 0 no errors, 1 some file has an
error (with --strict, also a warning), 2 usage error or internal failure.
"""

from __future__ import annotations

import os
import signal
import sys
from enum import Enum
from pathlib import Path
from typing import List, Optional

import typer

from jlt_cli import __version__
from jlt_cli.config import Config, ConfigError, load_config
from jlt_cli.outputs.terminal import clean, stderr_console, stdout_console

app = typer.Typer(
    name="jlt",
    help="合川区家校社协同育人“教联体”建设案例的审核（validate）与汇编（build）工具。",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

EXIT_OK, EXIT_FINDINGS, EXIT_FAILURE = 0, 1, 2


class ValidateFormat(str, Enum):
    table = "table"
    json = "json"
    github = "github"
    junit = "junit"
    sarif = "sarif"


def fail(message: str) -> "typer.Exit":
    stderr_console().print(f"[red]错误：[/]{clean(message)}", soft_wrap=True)  # a message is never folded mid-sentence
    return typer.Exit(EXIT_FAILURE)


def get_config(config_file: Optional[Path]) -> Config:
    try:
        return load_config(config_file)
    except ConfigError as exc:
        raise fail(str(exc)) from None


def check_paths(paths: List[Path]) -> None:
    missing = [p for p in paths if not p.exists() and not p.is_symlink()]
    if missing:
        raise fail("找不到：" + "、".join(str(p) for p in missing))


def progress_printer(label: str):
    """A progress callback drawing a rich status line on stderr (silent when stderr is not a terminal)."""
    console = stderr_console()
    if not console.is_terminal:
        return None, None
    status = console.status(label)
    status.start()

    def update(i: int, n: int, name: str) -> None:
        status.update(f"{label} {i}/{n} {clean(name)}")

    return update, status


def run_validation(paths: List[Path], config: Config, **options):
    """validate_paths with a progress line on the terminal; used by every command that validates."""
    from jlt_cli.pipeline import validate_paths

    update, status = progress_printer("正在读取")
    try:
        result = validate_paths(paths, config, progress=update, **options)
    finally:
        if status:
            status.stop()
    if not result.cases:
        # an empty or wrong folder is not a clean run: staff would read "0 problems" as "all fine"
        raise fail("在" + "、".join(str(p) for p in paths) + "中没有找到案例文件（.docx、.md、.txt 等）。请检查文件夹是否选对。")
    return result


ConfigOpt = typer.Option(None, "--config", "-c", help="配置文件（默认：当前目录或上级目录中的 jlt.yaml）", dir_okay=False)
ConvertOpt = typer.Option(
    False, "--convert", help="用 LibreOffice（soffice）把 .doc/.wps/.rtf/.odt 转换为 .docx 后读取（在私有临时文件夹中进行）"
)
PathsArg = typer.Argument(..., help="案例文件或文件夹（文件夹会递归查找）")


@app.command()
def validate(
    paths: List[Path] = PathsArg,
    config_file: Optional[Path] = ConfigOpt,
    format: ValidateFormat = typer.Option(ValidateFormat.table, "--format", "-f", help="输出格式"),
    strict: bool = typer.Option(False, "--strict", help="有警告也以退出码 1 结束"),
    report: Optional[Path] = typer.Option(None, "--report", help="另存审核结果表（.xlsx，不能在输入文件夹之内）", dir_okay=False),
    convert: bool = ConvertOpt,
) -> None:
    """审核案例：读取每个文件，识别题目、单位、类型和五个部分，报告问题。"""
    check_paths(paths)
    if report is not None:
        from jlt_cli.outputs.xlsx_report import inside_inputs

        if report.suffix.lower() != ".xlsx":
            raise fail(f"审核结果表应为 .xlsx 文件：{report}")
        if inside_inputs(report, paths):
            raise fail(inside_inputs(report, paths))
    config = get_config(config_file)
    result = run_validation(paths, config, convert=convert)
    if format is ValidateFormat.json:
        from jlt_cli.outputs.json_report import render_json

        sys.stdout.write(render_json(result) + "\n")
    elif format in (ValidateFormat.github, ValidateFormat.junit, ValidateFormat.sarif):
        from jlt_cli.outputs.ci_formats import render_ci

        sys.stdout.write(render_ci(result, format.value))
    else:
        from jlt_cli.outputs.console import print_report

        print_report(result, stdout_console())
    if report is not None:
        from jlt_cli.outputs.xlsx_report import write_review_xlsx

        try:
            write_review_xlsx(result, report)
        except OSError as exc:
            raise fail(f"无法写入审核结果表“{report}”：{exc.strerror or exc}") from None
        stderr_console().print(f"已写入审核结果表：{clean(str(report))}")
    failed = result.has_errors() or (strict and result.has_warnings())
    raise typer.Exit(EXIT_FINDINGS if failed else EXIT_OK)


class ShowFormat(str, Enum):
    markdown = "markdown"
    json = "json"


@app.command()
def show(
    path: Path = typer.Argument(..., help="一个案例文件"),
    config_file: Optional[Path] = ConfigOpt,
    format: ShowFormat = typer.Option(ShowFormat.markdown, "--format", "-f", help="输出格式"),
    convert: bool = ConvertOpt,
) -> None:
    """显示 jlt 读到的案例：元数据、各部分（规范名与原标题）、全文、图片。"""
    from jlt_cli.outputs.show import case_to_markdown
    from jlt_cli.outputs.json_report import case_to_dict, full_case_dict
    from jlt_cli.pipeline import process_single

    check_paths([path])
    if path.is_dir():
        raise fail(f"“{path}”是文件夹。jlt show 显示一个文件，例如：jlt show {path / '某案例.docx'}；整个文件夹请用 jlt validate。")
    config = get_config(config_file)
    case = process_single(path, config, convert=convert)
    if format is ShowFormat.json:
        import json

        sys.stdout.write(json.dumps(full_case_dict(case), ensure_ascii=False, indent=2) + "\n")
    else:
        from jlt_cli.outputs.terminal import plain

        sys.stdout.write(plain(case_to_markdown(case)) + "\n")
    raise typer.Exit(EXIT_FINDINGS if case.errors else EXIT_OK)


@app.command()
def rules() -> None:
    """列出全部检查规则：编号、默认级别、说明（可在 jlt.yaml 的 rules: 中调整级别）。"""
    from rich.table import Table

    from jlt_cli import checks  # noqa: F401 - registers every rule
    from jlt_cli import pipeline  # noqa: F401 - registers the reader rules
    from jlt_cli.checks.registry import RULES

    table = Table(title="检查规则")
    for col in ("编号", "默认级别", "说明"):
        table.add_column(col)
    for rule in sorted(RULES.values(), key=lambda r: (r.severity.value, r.id)):
        table.add_row(rule.id, rule.severity.label, rule.summary)
    stdout_console().print(table)


def version_callback(value: bool) -> None:
    if value:
        typer.echo(f"jlt {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: bool = typer.Option(False, "--version", callback=version_callback, is_eager=True, help="显示版本"),
) -> None:
    """合川区家校社协同育人“教联体”建设案例的审核与汇编工具。"""


# Further commands live in jlt_cli/commands/<name>.py and register on ``app`` when imported here.
from jlt_cli.commands import register_all  # noqa: E402

register_all(app)


def _terminate(signum: int, frame: object) -> None:
    """SIGTERM (kill, a closing terminal, CI timeouts) unwinds like Ctrl-C, so temporary files are removed."""
    if os.getpid() != _MAIN_PID:
        os._exit(128 + signum)  # a forked worker: nothing of its own to clean up
    raise KeyboardInterrupt


_MAIN_PID = os.getpid()


def main() -> None:
    global _MAIN_PID
    _MAIN_PID = os.getpid()
    signal.signal(signal.SIGTERM, _terminate)
    # not standalone: usage errors and Ctrl-C are reported here, in Chinese, instead of by click in English
    from typer._click import exceptions as click_exc

    try:
        code = app(standalone_mode=False)
    except click_exc.UsageError as exc:
        err = stderr_console()
        err.print(f"[red]用法错误：[/]{clean(usage_message(exc))}", soft_wrap=True)
        path = exc.ctx.command_path if exc.ctx is not None else "jlt"
        err.print(f"运行 {clean(path)} --help 查看用法。", soft_wrap=True)
        sys.exit(EXIT_FAILURE)
    except (KeyboardInterrupt, click_exc.Abort):
        stderr_console().print("[red]已中断：未写入任何输出，原有文件保持不变。[/]")
        sys.exit(130)
    except click_exc.ClickException as exc:
        stderr_console().print(f"[red]错误：[/]{clean(exc.format_message())}", soft_wrap=True)
        sys.exit(exc.exit_code)
    sys.exit(code if isinstance(code, int) else 0)


def usage_message(exc: Exception) -> str:
    """click's English usage errors in the words staff read everywhere else."""
    import re

    message = getattr(exc, "message", "") or str(exc)
    kind = type(exc).__name__
    param = getattr(exc, "param", None)
    hint = "、".join(getattr(param, "opts", []) or []) if param is not None else ""
    if kind == "NoSuchOption":
        near = getattr(exc, "possibilities", None)
        return f"没有选项 {getattr(exc, 'option_name', '')}" + (f"，是不是想用 {'、'.join(near)}？" if near else "。")
    if kind == "MissingParameter":
        if getattr(param, "param_type_name", "") == "argument":
            return "缺少要处理的文件或文件夹，例如：jlt validate 收件/"
        return f"缺少选项 {hint}。"
    m = re.match(r"No such command '(.+)'", message)
    if m:
        return f"没有命令“{m.group(1)}”。"
    m = re.search(r"'(.+)' is not one of (.+)\.$", message)
    if m:
        return f"{hint or '参数'} 的值“{m.group(1)}”无效，可选：{m.group(2).replace(chr(39), '')}。"
    m = re.match(r"Got unexpected extra argument(?:s|\(s\))? \((.+)\)", message)
    if m:
        return f"多余的参数：{m.group(1)}。"
    if kind == "BadParameter" and hint:
        return f"{hint} 的值无效（{message}）。"
    return message
