"""The flow a file takes: discover → read → understand → check → findings. Used by every command.

This is the one place a Problem (from a reader or a rule) becomes a Finding with the severity jlt.yaml
gives its rule, and the one place waivers are applied.
"""

from __future__ import annotations

import difflib
import functools
import multiprocessing
import os
import sys
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from jlt_cli import checks
from jlt_cli.checks.registry import RULES
from jlt_cli.checks.rules.reading import UNSKIPPABLE
from jlt_cli.config import Config, ConfigError, load_config
from jlt_cli.model import STAFF_DECISION, Case, Decision, Finding, Problem, ReadError, Severity
from jlt_cli.pipeline.cache import CaseCache, config_fingerprint, content_digest, file_key
from jlt_cli.pipeline.isolate import Isolation, run_isolated
from jlt_cli.read import Discovered, Ignored, discover, read_document
from jlt_cli.understand import analyze
from jlt_cli.understand.classify import type_from_text
from jlt_cli.understand.units import missing_units, settle_unit, unit_from_path

Progress = Callable[[int, int, str], None]


# -- configuration -------------------------------------------------------------------------------


def check_rule_ids(config: Config) -> None:
    """Every rule id written in jlt.yaml (rules:, waivers:) must exist: a typo would silently do nothing."""
    for key, where in config.positions.items():
        if key.startswith("rules."):
            rule = key[len("rules."):]
        elif key.startswith("waivers."):
            rule = str(config.data["waivers"][int(key.split(".")[1]) - 1]["rule"])
        else:
            continue
        if rule in RULES:
            continue
        close = difflib.get_close_matches(rule.replace("_", "-"), sorted(RULES), n=1)
        hint = f"是否指“{close[0]}”？" if close else ""
        raise ConfigError(f"{where}: 未知的规则“{rule}”。{hint}可运行 jlt rules 查看全部规则编号。")


def load_settings(explicit: Path | None = None, inputs: Iterable[Path] = (), cwd: Path | None = None) -> Config:
    """The configuration in force for a run over ``inputs``, with its rule ids checked."""
    config = load_config(explicit, cwd=cwd, inputs=inputs)
    check_rule_ids(config)
    return config


# -- findings ------------------------------------------------------------------------------------


def apply_decision(case: Case, config: Config) -> None:
    """What staff decided for this file in jlt.yaml (files:) replaces what jlt read: type, unit, title, inclusion.

    Applied before the checks, so that a decided type is final (no unknown-type, no type-mismatch) and every
    output shows the decision with its reason.
    """
    entry = config.file_decision(case.display_path)
    if not entry:
        return
    decision = Decision(
        reason=str(entry["reason"]).strip(),
        type=type_from_text(str(entry["type"]), config) if entry.get("type") else None,
        unit=str(entry["unit"]).strip() or None,
        title=str(entry["title"]).strip() or None,
        include=bool(entry["include"]),
    )
    case.decision = decision
    if decision.type:
        case.declared_type, case.declared_type_source, case.declared_overruled = decision.type, STAFF_DECISION, False
    if decision.unit:
        case.unit, case.unit_line = decision.unit, None
    if decision.title:
        decision.original_title, case.title = case.title, decision.title


def severity_of(rule_id: str, config: Config) -> Severity | None:
    """Severity after jlt.yaml (``rules: {id: off|warning|error}``); None means the rule is off."""
    override = config.rule_severity(rule_id)
    if override == "off":
        return None if rule_id not in UNSKIPPABLE else RULES[rule_id].severity
    if override in ("error", "warning"):
        return Severity(override)
    return RULES[rule_id].severity


def finding_for(problem: Problem, config: Config) -> Finding | None:
    severity = severity_of(problem.rule, config)
    if severity is None:
        return None
    if problem.milder:
        severity = Severity.WARNING
    return Finding(problem.rule, severity, problem.message, line=problem.line, section=problem.section,
                   to_unit=problem.to_unit)


def _add(case: Case, problems: Iterable[Problem], config: Config) -> None:
    for problem in problems:
        finding = finding_for(problem, config)
        if finding is not None:
            case.findings.append(finding)


def _unreadable_case(found: Discovered, rule: str, message: str, config: Config, to_unit: str | None = None) -> Case:
    case = Case(path=found.path, display_path=found.display, format=_format_from_name(found.path), readable=False)
    # whose file it is, for the review sheet and the letters: the file name or the unit's folder may say
    case.unit = unit_from_path(found.path, config) or ""
    apply_decision(case, config)
    settle_unit(case, config)  # the unit's one name, as for a readable file
    _add(case, [Problem(rule, message, to_unit=to_unit)], config)
    return case


def _format_from_name(path: Path) -> str:
    return path.suffix.lower().lstrip(".") or "unknown"


def process_file(found: Discovered, config: Config, keep_images: bool = False, convert: bool = False) -> Case:
    """One file to one Case; never raises for a bad file. ``convert``: legacy formats via LibreOffice."""
    if found.problem:  # a link out of the folder, a pipe: never opened
        return _unreadable_case(found, "unreadable", found.problem, config)
    try:
        doc = read_document(found.path, config, keep_images=keep_images, convert=convert)
    except ReadError as exc:
        return _unreadable_case(found, exc.rule, exc.message, config, exc.to_unit)
    except MemoryError:
        return _unreadable_case(found, "unreadable", "文件过大或结构异常，读取时超出内存限制。", config)
    except RecursionError:
        return _unreadable_case(found, "unreadable", "文件结构嵌套过深，无法解析。", config)
    except Exception as exc:  # noqa: BLE001 - one bad file must not stop the run
        return _unreadable_case(
            found, "unreadable", f"文件无法解析（{type(exc).__name__}）。请用 Word/WPS 重新另存为 .docx 后提交。", config
        )
    if not any(b.text.strip() or any(c.strip() for row in b.rows or [] for c in row) for b in doc.blocks):
        # pictures only: a scanned paper pasted into Word has no text to check or print
        return _unreadable_case(found, "unreadable", "文档里只有图片，没有文字（可能是扫描件或截图），审核时读不出案例内容。"
                                "请提交可编辑的文字版 Word 文件（图片可放在正文中）。", config)
    try:
        case = analyze(doc, found.display, config)
        apply_decision(case, config)
        settle_unit(case, config)  # a unit decided in jlt.yaml prints under its one name too
        _add(case, checks.run_case_checks(case, config), config)
    except Exception as exc:  # noqa: BLE001
        return _unreadable_case(found, "internal-error", f"jlt 内部错误（{type(exc).__name__}: {exc}），请把此文件报告给维护者。", config)
    reading = [f for f in (finding_for(p, config) for p in doc.problems) if f is not None]
    case.findings[:0] = reading
    return case


# -- a run ---------------------------------------------------------------------------------------


@dataclass
class RunResult:
    cases: list[Case]
    config: Config
    ignored: list[Ignored] = field(default_factory=list)
    # one file given on its own (a unit's clerk checking a draft), not a folder: there is no round to chase
    single_file: bool = False

    @property
    def summary(self) -> dict:
        by_type = Counter(c.type for c in self.cases if c.readable and c.type)
        return {
            "files": len(self.cases),
            "cases": sum(1 for c in self.cases if c.readable),
            # files = valid + invalid + excluded: a file staff excluded counts under that alone
            "valid": sum(1 for c in self.cases if c.status == "valid" and not c.excluded_by_staff),
            "invalid": sum(1 for c in self.cases if c.status == "invalid" and not c.excluded_by_staff),
            "excluded": sum(1 for c in self.cases if c.excluded_by_staff),
            "errors": sum(c.errors for c in self.cases),
            "warnings": sum(c.warnings for c in self.cases),
            "by_type": {t: by_type.get(t, 0) for t in self.config.type_names},
            "ignored": len(self.ignored),
            # units of the call with no readable submission, as they print, in the call's order (chasing them up);
            # a file checked on its own (a unit's clerk with one draft) says nothing about who else has sent theirs
            "missing_units": [] if self.single_file else missing_units(self.cases, self.config),
        }

    # A file staff excluded (include: false) is settled: its findings no longer make the run fail.
    def has_errors(self) -> bool:
        return any(c.errors for c in self.cases if not c.excluded_by_staff)

    def has_warnings(self) -> bool:
        return any(c.warnings for c in self.cases if not c.excluded_by_staff)


def finish(cases: list[Case], config: Config) -> None:
    """What a run does once every file is read: the checks across files, waivers, a stable order."""
    for case, problem in checks.run_run_checks(cases, config):
        _add(case, [problem], config)
    apply_waivers(cases, config)
    for case in cases:
        case.findings.sort(key=lambda f: (f.line is None, f.line or 0, f.severity is not Severity.ERROR))


def apply_waivers(cases: list[Case], config: Config) -> None:
    for case in cases:
        for f in case.findings:
            reason = config.waiver_for(case.display_path, f.rule)
            if reason:
                f.waived = reason


def validate_paths(
    paths: list[Path],
    config: Config,
    progress: Progress | None = None,
    keep_images: bool = False,
    jobs: int | None = None,
    convert: bool = False,
    cache: CaseCache | None = None,
    isolation: Isolation | None = None,
) -> RunResult:
    """Read, understand and check every submission under ``paths``.

    ``jobs``: worker processes (default: one per core, once there are enough files to pay for them).
    ``cache``: processed files kept by content (pipeline/cache.py); ``isolation``: each file read in a worker
    with time and memory limits (pipeline/isolate.py). Both default to the ``run_options`` in force.
    """
    options = _RUN_OPTIONS.get()
    cache = cache if cache is not None else options.cache
    isolation = isolation if isolation is not None else options.isolation
    found = discover(paths)
    if cache is None and isolation is None:
        processed = _process_all(found.files, config, keep_images, jobs, convert)
    else:
        processed = _process_cached(found.files, config, keep_images, convert, cache, isolation)
    cases: list[Case] = []
    for i, case in enumerate(processed, 1):
        if progress:
            progress(i, len(found.files), case.display_path)
        cases.append(case)
    finish(cases, config)
    return RunResult(cases, config, found.ignored, single_file=len(paths) == 1 and Path(paths[0]).is_file())


# -- cache and isolation (used by the web app; the CLI reads every file in-process) ---------------


@dataclass(frozen=True)
class RunOptions:
    cache: CaseCache | None = None
    isolation: Isolation | None = None


_RUN_OPTIONS: ContextVar[RunOptions] = ContextVar("jlt_run_options", default=RunOptions())


@contextmanager
def run_options(cache: CaseCache | None = None, isolation: Isolation | None = None) -> Iterator[None]:
    """Every run in this context (of this thread) uses ``cache`` and ``isolation``: the web app wraps the actions
    it calls (build, feedback) in it, so that they need no parameter of their own for it."""
    token = _RUN_OPTIONS.set(RunOptions(cache, isolation))
    try:
        yield
    finally:
        _RUN_OPTIONS.reset(token)


def _isolation_failed(found: Discovered, message: str, config: Config) -> Case:
    return _unreadable_case(found, "unreadable", message, config)


def _process_cached(found: list[Discovered], config: Config, keep_images: bool, convert: bool,
                    cache: CaseCache | None, isolation: Isolation | None) -> Iterator[Case]:
    """The cases of ``found`` in order: hits from ``cache``, misses read (in isolated workers when asked) and kept."""
    fingerprint = config_fingerprint(config)
    limit = int(float(config.get("limits", "max_file_mb")) * 1024 * 1024)
    results: list[Case | None] = [None] * len(found)
    keys: list[str | None] = [None] * len(found)
    misses: list[int] = []
    for i, item in enumerate(found):
        # a build keeps every picture's bytes: not worth a copy in the cache
        digest = None if (cache is None or item.problem or keep_images) else content_digest(item.path, limit)
        if digest is not None:
            keys[i] = file_key(digest, item.display, config, fingerprint, keep_images=keep_images, convert=convert)
            hit = cache.get(keys[i])
            if hit is not None:
                hit.path = item.path  # the same bytes under the same name; the place is today's
                results[i] = hit
                continue
        misses.append(i)
    work = functools.partial(process_file, config=config, keep_images=keep_images, convert=convert)
    if isolation is not None and misses:
        failed = functools.partial(_isolation_failed, config=config)
        done = run_isolated([found[i] for i in misses], work, failed, isolation)
        fresh = ((misses[j], case) for j, case in done)
    else:
        fresh = ((i, work(found[i])) for i in misses)
    for i, case in fresh:
        if cache is not None and keys[i] is not None:
            cache.put(keys[i], case)  # before finish(): the cached case is what one file gives on its own
        results[i] = case
    for case in results:
        yield case


# Files below this count are read in-process: starting workers costs more than it saves.
PARALLEL_THRESHOLD = 24
_worker_state: dict = {}


def _init_worker(config: Config, keep_images: bool, convert: bool = False) -> None:
    _worker_state["config"] = config
    _worker_state["keep_images"] = keep_images
    _worker_state["convert"] = convert


def _work(found: Discovered) -> Case:
    return process_file(found, _worker_state["config"], keep_images=_worker_state["keep_images"],
                        convert=_worker_state.get("convert", False))


def _process_all(
    found: list[Discovered], config: Config, keep_images: bool, jobs: int | None, convert: bool = False
) -> Iterator[Case]:
    workers = jobs if jobs is not None else (os.cpu_count() or 1)
    if workers <= 1 or len(found) < PARALLEL_THRESHOLD:
        for item in found:
            yield process_file(item, config, keep_images=keep_images, convert=convert)
        return
    # fork: workers inherit the imported modules and compiled config instead of re-importing them
    context = multiprocessing.get_context("fork") if sys.platform.startswith("linux") else None
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_init_worker, initargs=(config, keep_images, convert)) as pool:
        yield from pool.map(_work, found, chunksize=8)


def process_single(path: Path, config: Config, keep_images: bool = False, convert: bool = False) -> Case:
    """One file given by the user (``jlt show``), with the same handling as in a folder run."""
    found = discover([path]).files if not path.is_dir() else []  # the same link rule as in a folder run
    item = found[0] if len(found) == 1 else Discovered(path, str(path))
    case = process_file(item, config, keep_images=keep_images, convert=convert)
    apply_waivers([case], config)
    return case
