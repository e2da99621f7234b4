"""Finding the submissions in the folders staff name, and saying what was left aside and why.

Links out of a folder, pipes and devices are never opened; a file that is not a submission (a README, a
photo, a spreadsheet of contacts) is listed as ignored, never dropped silently.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from jlt_cli.read.registry import readable_extensions

# Files picked up by their name: what a reader reads, the formats units send by mistake (each reported as
# unsupported with how to fix it), and archives (a case sent zipped is reported, never lost).
SUBMISSION_SUFFIXES = {
    *readable_extensions(),
    ".doc", ".wps", ".rtf", ".odt", ".pdf", ".pages", ".wpt", ".dot",
    *(ARCHIVE_SUFFIXES := {".zip", ".rar", ".7z", ".tar", ".gz", ".tgz"}),  # a case sent as an archive is reported, never lost
}
NOT_REGULAR = "这不是普通文件（可能是管道、设备或特殊文件），未读取。请提交 Word 或 Markdown 文件本身。"
LINK_OUTSIDE = "这是指向输入文件夹之外的符号链接（快捷方式），为安全起见未读取。请把文件本身复制到文件夹中后重新运行。"
LINK_BROKEN = "这是一个无法打开的符号链接（快捷方式）：目标不存在或链接循环。请把文件本身放进文件夹后重新提交。"


@dataclass
class Discovered:
    path: Path
    display: str  # as shown to the user
    # Why the file must not be opened (a link out of the folder, a pipe): reported as ``unreadable``.
    problem: str | None = None


def _display(path: Path, given: Path) -> str:
    if given.is_file() or path == given:
        return str(given)
    try:
        return str(given / path.relative_to(given))
    except ValueError:
        return str(path)


README_NAMES = {"readme.md", "readme.txt", "readme.markdown"}


def _skip_reason(name: str) -> str | None:
    """Why a file or folder is never a submission, or None."""
    lower = name.lower()
    if name.startswith("~$"):
        return "Word/WPS 打开文件时留下的临时文件"
    if name.startswith(".") or name.endswith("~") or lower in {"thumbs.db", "desktop.ini"}:
        return "隐藏文件或系统文件"
    if lower in README_NAMES:
        return "说明文件（README），不是报送材料"
    return None


@dataclass
class Ignored:
    display: str
    reason: str


@dataclass
class Discovery:
    """What a run reads, and what it looked at and left aside (listed in the summary and the JSON)."""

    files: list[Discovered] = field(default_factory=list)
    ignored: list[Ignored] = field(default_factory=list)

    def __iter__(self):
        return iter(self.files)

    def __len__(self) -> int:
        return len(self.files)


NOT_A_SUBMISSION = "不是案例文件（案例请用 .docx 或 .md 报送）"
PICTURE_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".bmp", ".webp", ".tif", ".tiff", ".heic"}
TABLE_SUFFIXES = {".csv", ".xls", ".xlsx", ".et", ".ods"}
SLIDE_SUFFIXES = {".ppt", ".pptx", ".dps", ".odp"}


def _not_a_submission(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in PICTURE_SUFFIXES:
        return "图片文件（Markdown 案例引用的图片随案例读取；单独的照片不是报送材料）"
    if suffix in TABLE_SUFFIXES:
        return "表格文件，不是案例（名单、统计表请勿随案例报送）"
    if suffix in SLIDE_SUFFIXES:
        return "演示文稿，不是案例（案例请用 Word 撰写后报送 .docx）"
    return NOT_A_SUBMISSION


def discover(paths: list[Path]) -> Discovery:
    """Every candidate submission under ``paths``, sorted, without following links out of a folder."""
    result = Discovery()
    found, ignored = result.files, result.ignored
    seen: set[Path] = set()
    for given in paths:
        if given.is_dir() and not given.is_symlink() or (given.is_dir() and given.suffix.lower() not in SUBMISSION_SUFFIXES):
            root = given.resolve()
            for dirpath, dirnames, filenames in os.walk(given, followlinks=False):
                here = Path(dirpath)
                for d in sorted(dirnames):
                    reason = _skip_reason(d)
                    if reason:
                        ignored.append(Ignored(_display(here / d, given) + "/", reason))
                dirnames[:] = sorted(d for d in dirnames if not _skip_reason(d))
                # a directory named like a document (x.docx/) is reported, not walked
                for d in list(dirnames):
                    if Path(d).suffix.lower() in SUBMISSION_SUFFIXES:
                        dirnames.remove(d)
                        p = here / d
                        found.append(Discovered(p, _display(p, given)))
                for name in sorted(filenames):
                    p = here / name
                    reason = _skip_reason(name)
                    if reason:
                        ignored.append(Ignored(_display(p, given), reason))
                        continue
                    named_like_doc = p.suffix.lower() in SUBMISSION_SUFFIXES
                    if p.is_symlink():
                        problem = _link_problem(p, root)
                        if problem:
                            # never followed out of the folder; reported (not silently lost) when it looks like a case
                            if named_like_doc:
                                found.append(Discovered(p, _display(p, given), problem))
                            else:
                                ignored.append(Ignored(_display(p, given), "指向文件夹之外或无法打开的快捷方式，未读取"))
                            continue
                    if not _is_regular(p):
                        # a FIFO or device would block or never end: reported by name, never opened
                        if named_like_doc:
                            found.append(Discovered(p, _display(p, given), NOT_REGULAR))
                        else:
                            ignored.append(Ignored(_display(p, given), "不是普通文件，未读取"))
                        continue
                    if not named_like_doc and not _looks_like_document(p):
                        ignored.append(Ignored(_display(p, given), _not_a_submission(p)))
                        continue
                    key = p.resolve()
                    if key in seen:
                        continue
                    seen.add(key)
                    found.append(Discovered(p, _display(p, given)))
        else:
            key = given.resolve() if given.exists() else given
            if key not in seen:
                seen.add(key)
                # a link named on the command line obeys the folder rule too: its target must lie beside it
                problem = _link_problem(given, given.parent.resolve()) if given.is_symlink() else None
                found.append(Discovered(given, str(given), problem))
    return result


def _link_problem(path: Path, root: Path) -> str | None:
    """Why a symbolic link inside the folder must not be followed, or None when its target is inside ``root``."""
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError):  # dangling or a loop
        return LINK_BROKEN
    if target != root and root not in target.parents:
        return LINK_OUTSIDE
    return None


def _is_regular(path: Path) -> bool:
    try:
        return stat.S_ISREG(path.stat().st_mode)
    except OSError:
        return False


def _looks_like_document(path: Path) -> bool:
    """Files without a known suffix are still considered when their content is a document."""
    if path.suffix:
        return False
    try:
        with path.open("rb") as fh:
            head = fh.read(8)
    except OSError:
        return False
    return head.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0", b"%PDF", b"{\\rtf"))


