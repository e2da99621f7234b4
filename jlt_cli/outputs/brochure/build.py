"""``build_brochure``: read and validate like ``jlt validate``, then typeset the accepted cases.

The output is written atomically: rendered into a temporary file (or folder) beside the target,
synced, then renamed over it, so an interrupted or failed build leaves the previous brochure intact.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from jinja2 import TemplateError

from jlt_cli.base.atomic import atomic_write, atomic_write_dir
from jlt_cli.config import Config
from jlt_cli.model import Block, Case, Severity
from jlt_cli.outputs.brochure import html as html_mod
from jlt_cli.outputs.brochure.fonts import FontError, FontPlan, plan_fonts
from jlt_cli.outputs.brochure.images import ImageSkipped, prepare_image
from jlt_cli.outputs.selection import Selection, select_cases, too_long_to_print

Progress = Callable[[int, int, str], None]
Stage = Callable[[str], None]
FORMATS = ("pdf", "html")


class BuildError(Exception):
    """Nothing could be written; ``message`` is for the user, ``report`` says what was read."""

    def __init__(self, message: str, report: "BuildReport | None" = None) -> None:
        super().__init__(message)
        self.message = message
        self.report = report


@dataclass
class IncludedCase:
    title: str
    unit: str
    path: str


@dataclass
class ExcludedFile:
    path: str
    reasons: list[str]


@dataclass
class BuildReport:
    output: Path
    format: str
    chapters: list[tuple[str, list[IncludedCase]]] = field(default_factory=list)
    excluded: list[ExcludedFile] = field(default_factory=list)
    pages: int | None = None
    size: int = 0
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)
    justified: bool = False
    strict: bool = False
    # What --redact masked (never the original values).
    redactions: list = field(default_factory=list)
    # Seconds per phase: read (read + validate), html (templates + pictures), render (layout), write (PDF).
    timings: dict[str, float] = field(default_factory=dict)
    # PDF: titles of cases set a little tighter so their last few lines did not take a page of their own,
    # and of cases whose last page still holds only a few lines.
    pulled_back: list[str] = field(default_factory=list)
    short_last_pages: list[str] = field(default_factory=list)

    @property
    def included(self) -> int:
        return sum(len(cases) for _, cases in self.chapters)

    @property
    def strict_failed(self) -> bool:
        return self.strict and bool(self.excluded)


def default_output(config: Config, fmt: str = "pdf") -> Path:
    title = str(config.get("brochure", "title") or "案例汇编")
    safe = "".join("_" if c in '/\\:*?"<>|\0' or ord(c) < 32 else c for c in title).strip(" .") or "案例汇编"
    return Path("build") / (f"{safe}.pdf" if fmt == "pdf" else safe)


def _input_folders(paths: list[Path]) -> list[Path]:
    out = []
    for p in paths:
        folder = p if p.is_dir() else p.parent
        out.append(Path(os.path.realpath(folder)))
    return out


def check_output(out: Path, paths: list[Path], fmt: str) -> Path:
    """The resolved output path, or BuildError when it is unusable (inside an input folder…)."""
    target = Path(os.path.realpath(out))
    for folder in _input_folders(paths):
        if target == folder or folder in target.parents:
            raise BuildError(
                f"输出位置“{out}”位于输入文件夹“{folder}”之内。jlt 从不向输入文件夹写入文件，"
                "请用 -o 指定输入文件夹以外的位置（例如 build/案例汇编.pdf）。"
            )
    if fmt == "pdf" and target.is_dir():
        raise BuildError(f"输出位置“{out}”是一个文件夹，请给出 PDF 文件名（例如 {out / '案例汇编.pdf'}）。")
    if fmt == "html" and target.exists() and not target.is_dir():
        raise BuildError(f"输出位置“{out}”已是一个文件；--format html 需要一个文件夹名。")
    return target


def _reasons(case: Case, config: Config) -> list[str]:
    if case.decision and not case.decision.include:
        return [f"工作人员决定不收入汇编（理由：{case.decision.reason}）"]
    errors = [f.message for f in case.active_findings() if f.severity is Severity.ERROR]
    if errors:
        return errors
    too_long = too_long_to_print(case, config)
    if too_long:
        return [too_long]
    return ["未能确定案例类型，无法归入任何一章"]


def _copy_assets(dest: Path, user_dir: Path | None) -> None:
    """Every non-template file of the shipped folder, then of the user's (same name replaces)."""
    for src_dir in [html_mod.templates_dir()] + ([user_dir] if user_dir else []):
        for src in sorted(src_dir.rglob("*")):
            if src.is_file() and not src.name.endswith(".j2") and not src.name.startswith("."):
                target = dest / src.relative_to(src_dir)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(src, target)


def collect_cases(
    paths: list[Path], config: Config, report: BuildReport, progress: Progress | None = None, redact: bool = False,
    convert: bool = False,
) -> Selection:
    """Validate ``paths`` (pictures kept), mask personal data when asked, sort the valid cases into chapters.

    Shared by every brochure format, so PDF, HTML and Word include and leave out the same files.
    """
    from jlt_cli.pipeline import validate_paths

    result = validate_paths(paths, config, progress=progress, keep_images=True, convert=convert)
    masked: dict[int, list] = {}
    if redact:
        from jlt_cli.understand.redact import REDACTED_RULES, redact_case

        for case in result.cases:
            if case.readable and any(f.rule in REDACTED_RULES and not f.waived for f in case.findings):
                masked[id(case)] = redact_case(case, config)
    selection: Selection = select_cases(result.cases, config)
    # what was masked is told for the cases printed, not for a file left out for another reason
    report.redactions = [r for ch in selection.chapters for c in ch.cases for r in masked.get(id(c), [])]
    report.chapters = [
        (ch.title, [IncludedCase(c.title, c.unit, c.display_path) for c in ch.cases]) for ch in selection.chapters
    ]
    report.excluded = [ExcludedFile(c.display_path, _reasons(c, config)) for c in selection.excluded]
    if not selection.included:
        raise BuildError("没有可以汇编的有效案例：所有文件都有错误或未能收入（原因见上方列表），或没有找到案例文件。", report)
    return selection


def build_brochure(
    paths: list[Path],
    config: Config,
    out: Path,
    format: str = "pdf",
    templates_dir: Path | None = None,
    strict: bool = False,
    progress: Progress | None = None,
    *,
    on_stage: Stage | None = None,
    redact: bool = False,
    convert: bool = False,
) -> BuildReport:
    """Validate ``paths`` and write the brochure of the valid cases to ``out``.

    ``redact``: mask personal data (personal-info findings) in the brochure instead of leaving the case out.
    ``convert``: read .doc/.wps/.rtf/.odt through LibreOffice, as ``jlt validate --convert`` does.
    """
    started = time.perf_counter()
    if format not in FORMATS:
        raise BuildError(f"不支持的输出格式“{format}”，可用：pdf、html。")
    if templates_dir is not None and not templates_dir.is_dir():
        raise BuildError(f"模板文件夹不存在：{templates_dir}")
    target = check_output(out, paths, format)
    report = BuildReport(output=out, format=format, strict=strict)

    # Fonts first: no point reading a hundred files to then print boxes.
    try:
        fonts = plan_fonts(config)
    except FontError as exc:
        if format == "pdf":
            raise BuildError(str(exc), report) from None
        fonts = FontPlan(roles={r: [str(f) for f in (config.get("brochure", "fonts", r) or [])] for r in ("serif", "sans", "kai", "title")})
    report.warnings.extend(fonts.warnings)

    t0 = time.perf_counter()
    selection = collect_cases(paths, config, report, progress=progress, redact=redact, convert=convert)
    report.timings["read"] = time.perf_counter() - t0
    if format == "pdf":
        report.warnings.extend(_glyph_warnings(selection))

    if on_stage:
        on_stage("正在排版")
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="jlt-build-") as work_name:
        work = Path(work_name)
        assets = work / "assets"
        assets.mkdir()
        _copy_assets(assets, templates_dir)
        t0 = time.perf_counter()
        try:
            html_text = _make_html(selection, config, fonts, work, templates_dir, report, format)
        except TemplateError as exc:
            # a custom template (--templates) with a mistake: where it is, in words staff can pass on
            where = f"{getattr(exc, 'filename', None) or getattr(exc, 'name', None) or '模板'}"
            line = f"第 {exc.lineno} 行" if getattr(exc, "lineno", None) else ""
            raise BuildError(f"汇编模板有错误（{where}{line}）：{exc.message or exc}。请改正模板后重试，或去掉 --templates 使用自带模板。",
                             report) from None
        report.timings["html"] = time.perf_counter() - t0
        if format == "pdf":
            _write_pdf_atomically(html_text, work, target, fonts, config, report)
        else:
            _write_html_atomically(html_text, work, target)
            report.size = sum(p.stat().st_size for p in target.rglob("*") if p.is_file())
    report.seconds = time.perf_counter() - started
    return report


def _make_html(
    selection: Selection, config: Config, fonts: FontPlan, work: Path, user_dir: Path | None, report: BuildReport, fmt: str
) -> str:
    assets = work / "assets"
    max_px = int(config.get("brochure", "image_max_px") or 1600)
    max_pixels = config.get("limits", "max_image_pixels")
    counters: dict[int, int] = {}
    try:
        paper = html_mod.paper_for(str(config.get("brochure", "paper")))
    except html_mod.PaperError as exc:
        raise BuildError(str(exc), report) from None

    prepared: dict[bytes, tuple[str, int, int] | None] = {}

    def image_hook(case: Case, block: Block, _pos: int) -> tuple[str, int, int] | None:
        # the same picture placed many times is decoded and shrunk once
        key = hashlib.sha1(block.image.data or b"").digest() if block.image else b""  # type: ignore[union-attr]
        if key in prepared:
            return prepared[key]
        n = counters[id(case)] = counters.get(id(case), 0) + 1
        stem = f"case{len(counters):03d}-{n:02d}"
        try:
            got = prepare_image(block.image, assets / "img", stem, max_px, max_pixels)  # type: ignore[arg-type]
        except ImageSkipped as exc:
            report.warnings.append(f"{case.display_path}：图片“{block.image.name}”无法使用，已略去（{exc}）。")  # type: ignore[union-attr]
            prepared[key] = None
            return None
        prepared[key] = (f"assets/img/{got.filename}", got.width, got.height)
        ppi = _print_ppi(got.width, got.height, paper)
        if ppi < LOW_PPI:
            caption = (block.image.caption or "").strip()  # type: ignore[union-attr]
            named = f"图片“{block.image.name}”" + (f"（图题“{caption}”）" if caption else "")  # type: ignore[union-attr]
            report.warnings.append(
                f"{case.display_path}：{named}只有 {got.width}×{got.height} 像素，按印出的大小约 {ppi} ppi"
                f"（每英寸像素数，清晰印刷需 {LOW_PPI} 以上），会发虚。请向报送单位索要原图"
                f"（宽度最好不少于 {_pixels_needed(got.width, got.height, paper)} 像素）后重新生成。"
            )
        return prepared[key]

    # Font files are referenced where they are (the fetcher allows exactly those); the HTML
    # folder names families only, so it holds no absolute path.
    url_for = (lambda p: p.as_uri()) if fmt == "pdf" else None
    (assets / "fonts.css").write_text(fonts.css(url_for), encoding="utf-8")

    preface_html = ""
    preface = str(config.get("brochure", "preface") or "")
    if preface:
        path = Path(preface).expanduser()
        if not path.is_absolute():
            path = config.base_dir / path
        try:
            preface_html = html_mod.render_preface(path)
        except (OSError, UnicodeDecodeError) as exc:
            report.warnings.append(f"无法读取前言文件 {path}（{exc}），汇编中不含前言。")

    ctx = html_mod.build_context(
        selection, config, font_css="", stylesheet="assets/brochure.css", preface_html=preface_html, image_hook=image_hook
    )
    ctx.paper = paper.name
    ctx.paper_css = f"assets/{paper.css}" if paper.css else ""
    ctx.chart = _write_chart(selection, fonts, assets, config)
    env = html_mod.make_environment(user_dir)
    return html_mod.render_html(env, ctx)


# Below this many pixels per inch at its printed size a photo looks soft in print (300 is press quality; 150 is
# what a laser-printed or copy-shop brochure needs).
LOW_PPI = 150


def _shown_mm(width: int, height: int, paper: html_mod.Paper) -> float:
    """A picture's printed width: its 96-px-per-inch CSS size, at most the (portrait-narrowed) column and the
    height brochure.css allows."""
    return min(width / 96 * 25.4, paper.text_width_mm * html_mod.figure_width_pct(width, height) / 100,
               paper.picture_max_mm * width / max(height, 1))


def _print_ppi(width: int, height: int, paper: html_mod.Paper) -> int:
    """Pixels per inch a picture gets in print."""
    shown_mm = _shown_mm(width, height, paper)
    return round(width / (shown_mm / 25.4)) if shown_mm > 0 else 0


def _pixels_needed(width: int, height: int, paper: html_mod.Paper) -> int:
    """The width in pixels that prints this picture, as wide as it can be set, at LOW_PPI (to the next 100)."""
    widest_mm = min(paper.text_width_mm * html_mod.figure_width_pct(width, height) / 100,
                    paper.picture_max_mm * width / max(height, 1))
    return -(-int(widest_mm / 25.4 * LOW_PPI) // 100) * 100


def _case_texts(case: Case) -> Iterator[str]:
    yield case.title
    yield case.unit
    for section in case.sections:
        for block in section.blocks:
            yield block.text
            for row in block.rows or []:
                yield from row
            if block.image is not None:
                yield block.image.caption


def _glyph_warnings(selection: Selection) -> list[str]:
    """Characters no installed font has (emoji, very rare characters): they would print as empty boxes."""
    from jlt_cli.outputs.brochure.fonts import uncovered_characters

    where: dict[str, str] = {}
    for case in selection.included:
        for text in _case_texts(case):
            for ch in text or "":
                where.setdefault(ch, case.display_path)
    missing = uncovered_characters(set(where))
    if not missing:
        return []
    shown = "；".join(f"“{ch}”（U+{ord(ch):04X}，{where[ch]}）" for ch in missing[:10])
    more = f"等 {len(missing)} 个" if len(missing) > 10 else ""
    return [f"以下字符没有可用的字体，印出来会是空方框：{shown}{more}。请在原文中删去或改用文字（表情符号尤其如此），"
            "或安装含这些字符的字体后重新生成。"]


def _write_chart(selection: Selection, fonts: FontPlan, assets: Path, config: Config | None = None) -> str:
    """The appendix chart: the same bars as ``jlt stats --svg``, for the included cases, in the brochure's sans font."""
    from types import SimpleNamespace

    from jlt_cli.outputs.stats import stats_svg

    families = [*fonts.roles.get("sans", []), "sans-serif"]
    family = ", ".join(f if f == "sans-serif" else "'" + f.replace("'", "") + "'" for f in families)
    svg = stats_svg(
        SimpleNamespace(cases=list(selection.included), config=config), "收录案例统计", with_status=False, font_family=family,
        noun="篇案例",
    )
    (assets / "stats.svg").write_text(svg, encoding="utf-8")
    return "assets/stats.svg"


def _write_pdf_atomically(html_text: str, work: Path, target: Path, fonts: FontPlan, config: Config, report: BuildReport) -> None:
    from jlt_cli.outputs.brochure.justify import available
    from jlt_cli.outputs.brochure.pdf import SafeFetcher, write_pdf

    fetcher = SafeFetcher([work], files=fonts.files)
    results = []

    def write(tmp: Path) -> None:
        with open(tmp, "wb") as fh:
            results.append(write_pdf(
                html_text, work, fh, fetcher,
                title=str(config.get("brochure", "title")), author=str(config.get("brochure", "issuer")),
                pull_back_lines=int(config.get("brochure", "pull_back_lines")),
            ))

    atomic_write(target, write)  # also on Ctrl-C: never a half-written file, the previous brochure kept
    rendered = results[0]
    report.pages = rendered.pages
    titles = {f"case-{i}": c.title for i, c in enumerate((c for _, cs in report.chapters for c in cs), start=1)}
    report.pulled_back = [titles.get(a, a) for a in sorted(rendered.pulled_back, key=_anchor_number)]
    report.short_last_pages = [titles.get(a, a) for a in sorted(rendered.spills, key=_anchor_number)]
    report.timings.update(rendered.timings)
    report.size = target.stat().st_size
    report.justified = available()
    from weasyprint.text import ffi as wp_ffi

    if getattr(wp_ffi, "harfbuzz_subset", None) is None:
        report.warnings.append("未安装 HarfBuzz-subset，嵌入字体较慢；安装可提速：sudo apt-get install libharfbuzz-subset0")
    if rendered.refused:
        report.warnings.append(f"已拒绝 {len(rendered.refused)} 个外部资源请求（只使用 jlt 自己准备的文件）。")


def _anchor_number(anchor: str) -> int:
    digits = anchor.rpartition("-")[2]
    return int(digits) if digits.isdigit() else 0


def _write_html_atomically(html_text: str, work: Path, target: Path) -> None:
    def fill(tmp: Path) -> None:
        (tmp / "index.html").write_text(html_text, encoding="utf-8")
        shutil.copytree(work / "assets", tmp / "assets")

    atomic_write_dir(target, fill)
