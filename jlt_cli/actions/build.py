"""``jlt build``: the brochure of the accepted cases, as PDF, an HTML folder or a Word document.

The format follows the output name (``-o 汇编.docx`` is a Word file), ``--format`` when there is none;
a name that contradicts ``--format`` is refused rather than written with the wrong content.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from jlt_cli.actions import ActionError
from jlt_cli.actions.validate import check_inputs
from jlt_cli.config import Config
from jlt_cli.outputs.brochure import BuildError, BuildReport, build_brochure, default_output

FORMATS = ("pdf", "docx", "html")
SUFFIX_FORMATS = {".pdf": "pdf", ".docx": "docx", ".html": "html", ".htm": "html"}


@dataclass(frozen=True)
class Target:
    format: str
    path: Path  # a file for pdf/docx, a folder for html
    shown: Path  # what to tell the user was written (html: the index.html inside the folder)


def plan_output(output: Path | None, fmt: str | None, config: Config) -> Target:
    """Where the brochure goes and in which format, from ``-o`` and ``--format``."""
    if fmt is not None and fmt not in FORMATS:
        raise ActionError(f"不支持的输出格式“{fmt}”，可用：pdf、docx、html。")
    if output is None:
        chosen = fmt or "pdf"
        return _in_folder(default_output(config, "pdf").parent, chosen, config)
    as_folder = str(output).endswith(("/", "\\")) or output.is_dir()
    if as_folder:
        return _in_folder(output, fmt or "pdf", config)
    named = SUFFIX_FORMATS.get(output.suffix.lower())
    if named and fmt and named != fmt:
        raise ActionError(
            f"输出文件名“{output.name}”是 {named.upper()} 文件，但 --format 指定的是 {fmt}。"
            f"请把文件名改为 .{'html' if fmt == 'html' else fmt} 结尾，或去掉 --format（按文件名判断格式）。"
        )
    chosen = named or fmt or "pdf"
    if chosen == "html":
        folder = output.with_suffix("") if named else output
        return Target("html", folder, folder / "index.html")
    path = output if named else output.with_name(output.name + f".{chosen}")
    return Target(chosen, path, path)


def _in_folder(folder: Path, fmt: str, config: Config) -> Target:
    stem = default_output(config, "html").name  # the brochure's title as a file name
    if fmt == "html":
        return Target("html", folder / stem, folder / stem / "index.html")
    path = folder / f"{stem}.{fmt}"
    return Target(fmt, path, path)


def check_named_files(config: Config, templates: Path | None) -> None:
    """A preface or template folder the user named must exist: leaving it out silently prints the wrong book."""
    preface = config.preface_path
    if preface is not None and not preface.is_file():
        where = f"（{config.source} 中的 brochure.preface）" if config.source else ""
        raise ActionError(f"找不到前言文件“{preface}”{where}。请检查文件名，或清空 brochure.preface 不用前言。")
    if templates is not None and not templates.is_dir():
        raise ActionError(f"找不到模板文件夹“{templates}”。请检查 --templates 后的路径。")


def without_print_cap(config: Config) -> Config:
    """The same settings with limits.build_max_pages lifted (0: no cap), as ``--include-long`` asks."""
    limits = {**config.data["limits"], "build_max_pages": 0}
    return Config({**config.data, "limits": limits}, source=config.source, positions=config.positions)


def build(
    paths: list[Path],
    config: Config,
    *,
    output: Path | None = None,
    fmt: str | None = None,
    templates: Path | None = None,
    strict: bool = False,
    redact: bool = False,
    convert: bool = False,
    include_long: bool = False,
    progress: Callable[[int, int, str], None] | None = None,
    on_stage: Callable[[str], None] | None = None,
) -> tuple[Target, BuildReport]:
    """``include_long``: typeset also the too-long cases over limits.build_max_pages (for this run only)."""
    check_inputs(paths)
    if include_long:
        config = without_print_cap(config)
    target = plan_output(output, fmt, config)
    check_named_files(config, templates)
    try:
        if target.format == "docx":
            from jlt_cli.outputs.docx_brochure import build_docx

            report = build_docx(paths, config, target.path, strict=strict, progress=progress, on_stage=on_stage,
                                redact=redact, convert=convert)
        else:
            report = build_brochure(paths, config, target.path, format=target.format, templates_dir=templates,
                                    strict=strict, progress=progress, on_stage=on_stage, redact=redact, convert=convert)
    except BuildError as exc:
        raise ActionError(exc.message, exc.report) from None
    return target, report
