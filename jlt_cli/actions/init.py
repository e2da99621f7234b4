"""``jlt init [DIR]``: a round's folder — a commented jlt.yaml with every default, 收件/, 输出/ and 前言.md.

The jlt.yaml is the packaged defaults.yaml itself (it is the commented schema) under a short header;
loading it back gives exactly the defaults. Existing files are never overwritten. Every command the
header suggests works as written, from the round's folder or from the folder above it.
"""

from __future__ import annotations

from pathlib import Path

from jlt_cli.actions import ActionError
from jlt_cli.base.atomic import atomic_write_text
from jlt_cli.config import CONFIG_NAME, defaults_text

INBOX = "收件"
OUTBOX = "输出"
PREFACE = "前言.md"

HEADER = """\
# jlt 配置文件（由 jlt init 生成）。这里列出了全部默认值，可直接修改；删去的项目使用默认值。
# 用法：把各单位报送的文件放入 收件/，然后在本目录运行
#   jlt validate 收件/           审核，列出每个文件的问题
#   jlt feedback 收件/ -o 输出/修改意见/   给每个单位生成 Word 修改意见
#   jlt build 收件/ -o 输出/      汇编成册（PDF，有错误的案例不收录）
# 在上一级目录运行时写成 jlt validate 本目录名/收件/，本文件同样生效。
# 前言：本目录的 前言.md 是前言模板；写好后把下面 brochure.preface 改为 前言.md。
# 人工复核后接受的问题写在 waivers 中，例如：
#   waivers:
#     - {file: 某某镇.docx, rule: unknown-unit, reason: 经核实为受邀单位}

"""

PREFACE_TEXT = """\
# 前言

（在此撰写汇编的前言。写好后，在 jlt.yaml 中设置 brochure.preface: 前言.md。）
"""

# The templates for new entries close defaults.yaml; they are schema, not settings a user edits.
_TEMPLATES_MARK = "\n# 以下两项是新增条目的模板"


def config_text() -> str:
    defaults = defaults_text()
    cut = defaults.find(_TEMPLATES_MARK)
    return HEADER + (defaults[:cut].rstrip() + "\n" if cut >= 0 else defaults)


def init(directory: Path) -> tuple[list[str], list[str]]:
    """(created, kept) names, folders ending in /."""
    if directory.exists() and not directory.is_dir():
        raise ActionError(f"“{directory}”已存在且不是文件夹。")
    created: list[str] = []
    kept: list[str] = []
    try:
        directory.mkdir(parents=True, exist_ok=True)
        for name, text in ((CONFIG_NAME, config_text()), (PREFACE, PREFACE_TEXT)):
            target = directory / name
            if target.exists() or target.is_symlink():
                kept.append(name)
                continue
            atomic_write_text(target, text)
            created.append(name)
        for name in (INBOX, OUTBOX):
            folder = directory / name
            if folder.exists() or folder.is_symlink():
                kept.append(name + "/")
                continue
            folder.mkdir()
            created.append(name + "/")
    except OSError as exc:
        raise ActionError(f"无法在 {directory} 中创建文件：{exc.strerror or exc}") from None
    return created, kept
