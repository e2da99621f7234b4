"""``jlt init [DIR]``: a commented jlt.yaml with every default, and the folders of one round.

The jlt.yaml is the packaged defaults.yaml itself (it is the commented schema), under a short
header; loading it back gives exactly the defaults. Existing files are never overwritten.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import typer

from jlt_cli.config import CONFIG_NAME
from jlt_cli.fixes import write_atomic

INBOX = "收件"
OUTBOX = "输出"
PREFACE = "前言.md"

HEADER = """\
# jlt 配置文件（由 jlt init 生成）。这里列出了全部默认值，可直接修改；删去的项目使用默认值。
# 用法：把各单位报送的文件放入 收件/，然后在本目录运行
#   jlt validate 收件/          审核，列出每个文件的问题
#   jlt build 收件/ -o 输出/     汇编成册（有错误的案例不收录）
# 前言：本目录的 前言.md 是前言模板；写好后把下面 brochure.preface 改为 前言.md。
# 人工复核后接受的问题写在 waivers 中，例如：
#   waivers:
#     - {file: 某某镇.docx, rule: unknown-unit, reason: 经核实为受邀单位}

"""

PREFACE_TEXT = """\
# 前言

（在此撰写汇编的前言。写好后，在 jlt.yaml 中设置 brochure.preface: 前言.md。）
"""


def config_text() -> str:
    defaults = resources.files("jlt_cli").joinpath("defaults.yaml").read_text(encoding="utf-8")
    return HEADER + defaults


def init(directory: Path = typer.Argument(Path("."), help="新一轮报送的工作目录（默认当前目录）", file_okay=False)) -> None:
    """新建一轮报送的工作目录：带注释的 jlt.yaml（全部默认值）、收件/、输出/ 和 前言.md。"""
    from jlt_cli.cli import EXIT_OK, fail
    from jlt_cli.outputs.terminal import clean, stderr_console

    console = stderr_console()
    if directory.exists() and not directory.is_dir():
        raise fail(f"“{directory}”已存在且不是文件夹。")
    created: list[str] = []
    kept: list[str] = []
    try:
        directory.mkdir(parents=True, exist_ok=True)
        for name, text in ((CONFIG_NAME, config_text()), (PREFACE, PREFACE_TEXT)):
            target = directory / name
            if target.exists() or target.is_symlink():
                kept.append(name)
                continue
            write_atomic(target, text)
            created.append(name)
        for name in (INBOX, OUTBOX):
            folder = directory / name
            if folder.exists() or folder.is_symlink():
                kept.append(name + "/")
                continue
            folder.mkdir()
            created.append(name + "/")
    except OSError as exc:
        raise fail(f"无法在 {directory} 中创建文件：{exc}") from None
    def shown(name: str) -> str:
        return clean(str(directory / name.rstrip("/"))) + ("/" if name.endswith("/") else "")

    for name in created:
        console.print(f"已创建 {shown(name)}")
    for name in kept:
        console.print(f"已存在，未覆盖：{shown(name)}")
    if created:
        console.print(f"下一步：把报送文件放入 {clean(str(directory / INBOX))}/，然后运行 jlt validate {clean(str(directory / INBOX))}")
    raise typer.Exit(EXIT_OK)


def register(app: typer.Typer) -> None:
    app.command("init")(init)
