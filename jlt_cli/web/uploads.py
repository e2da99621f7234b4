"""Storing uploaded files in 收件/: under a name jlt makes, with the type judged from the bytes, never over a file.

The name the browser sent is data (kept in the database); the stored name is the sent name's last part with
every character outside a safe set replaced, the extension the readers' sniffing gives the content, and ``-2``,
``-3``… for later versions of the same name (the duplicate rule reads those as revisions). The bytes go to a
hidden temporary file (never read as a submission), reach the disk, and are then linked to the final name,
which fails rather than replaces when the name is taken: a crash at any moment leaves either no file or the
whole file, and never a half-written or overwritten one.
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import threading
import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from jlt_cli.base.atomic import fsync_dir, usual_mode
from jlt_cli.read import ARCHIVE_SUFFIXES, SUBMISSION_SUFFIXES
from jlt_cli.read.sniff import sniff
from jlt_cli.web.state import Round

TEMP_PREFIX = ".jlt-upload-"
# What a kind of content is saved as, when the sent name's extension says something else (or nothing).
KIND_SUFFIX = {
    "docx": ".docx", "docm": ".docm", "dotx": ".dotx", "markdown": ".md", "text": ".txt", "doc": ".doc",
    "wps": ".wps", "rtf": ".rtf", "odt": ".odt", "pdf": ".pdf", "pages": ".pages", "xlsx": ".xlsx", "zip": ".zip",
}
# Extensions that fit each kind (a .wps stays .wps, a .markdown stays .markdown).
KIND_NAMES = {
    "docx": {".docx"}, "docm": {".docm"}, "dotx": {".dotx"}, "markdown": {".md", ".markdown"}, "text": {".txt"},
    "doc": {".doc", ".dot", ".wps", ".wpt"}, "wps": {".wps", ".wpt"}, "rtf": {".rtf"}, "odt": {".odt"},
    "pdf": {".pdf"}, "pages": {".pages"}, "xlsx": {".xlsx", ".xls", ".et", ".ppt", ".pptx"}, "zip": ARCHIVE_SUFFIXES,
}
# Kept under the sent extension so that the readers' finding explains them (encrypted, damaged, renamed).
KEEP_SENT_NAME = {"encrypted", "mislabeled", "unreadable-zip"}
_UNSAFE = re.compile(r"[^\w\u3000-\u303f\uff00-\uffef（）()【】《》“”‘’·、，。—\-+ ]")
_VERSION = re.compile(r"^(?P<base>.+)-(?P<n>[2-9]|[1-9]\d+)$")
MAX_STEM = 80
_NAMING = threading.Lock()
NOT_A_DOCUMENT = "无法识别的文件内容（不是 Word、WPS、Markdown 或文本文件），未保存。请上传案例的 Word（.docx）文件。"


@dataclass
class Stored:
    """What became of one uploaded file (the API's answer for it)."""

    name: str  # as sent
    stored: str | None = None  # path as the CLI shows it (收件/…), None when refused
    version: int = 0
    size: int = 0
    kind: str = ""
    sha256: str = ""
    same_as: str | None = None  # identical to the latest version already there: not stored twice
    error: str | None = None

    def to_dict(self) -> dict:
        d = {"name": self.name, "stored": self.stored, "version": self.version, "size": self.size, "kind": self.kind,
             "sha256": self.sha256}
        if self.same_as:
            d["same_as"] = self.same_as
        if self.error:
            d["error"] = self.error
        return d


def safe_stem(sent: str) -> str:
    """A file name's stem that is safe anywhere: no folder, no dot at the start, no control or bidi character."""
    parts = [p for p in sent.replace("\\", "/").split("/") if p not in ("", ".", "..")]
    name = unicodedata.normalize("NFC", parts[-1] if parts else "")
    stem = (name[: name.rfind(".")] if name.rfind(".") > 0 else name).lstrip(". ")  # never a hidden file
    folder = unicodedata.normalize("NFC", parts[-2]) if len(parts) > 1 else ""
    if folder and folder not in stem:
        stem = f"{folder}-{stem}"  # a folder per unit: the unit's name stays with the file
    stem = _UNSAFE.sub("_", stem)
    stem = re.sub(r"\s+", " ", stem).strip(" ._-")
    return stem[:MAX_STEM].rstrip(" ._-") or "未命名"


def choose_suffix(kind: str, sent_suffix: str) -> str | None:
    """The extension for content of ``kind`` sent as ``sent_suffix``; None when it is not a document at all."""
    if kind in KEEP_SENT_NAME:
        return sent_suffix if sent_suffix in SUBMISSION_SUFFIXES else ".docx"
    if kind == "binary":
        # a .rar or .7z: kept so that the unit is told to unpack it (a case sent zipped is never lost)
        return sent_suffix if sent_suffix in ARCHIVE_SUFFIXES else None
    if kind in KIND_NAMES:
        return sent_suffix if sent_suffix in KIND_NAMES[kind] else KIND_SUFFIX[kind]
    return None


def base_name(name: str) -> tuple[str, int]:
    """(name of the first version, version number): 案例-3.docx → (案例.docx, 3)."""
    p = Path(name)
    m = _VERSION.match(p.stem)
    if m:
        return m.group("base") + p.suffix, int(m.group("n"))
    return name, 1


def _sent_suffix(sent: str) -> str:
    last = sent.replace("\\", "/").rsplit("/", 1)[-1]
    dot = last.rfind(".")
    return last[dot:].lower() if dot > 0 else ""


def store(rnd: Round, sent: str, data: bytes, limit: int) -> Stored:
    """Keep one uploaded file in 收件/ (see the module's docstring); the answer says where, or why not."""
    sent = (sent or "").strip() or "未命名"
    if len(data) > limit:
        return Stored(sent, error=f"文件超过大小上限 {limit / 1024 / 1024:g} MB，未保存。请压缩图片后重新上传"
                                  "（上限可在 jlt.yaml 的 limits.max_file_mb 中调整）。")
    if not data:
        return Stored(sent, error="文件是空的（0 字节），未保存。请检查是否选对了文件。")
    sent_suffix = _sent_suffix(sent)
    kind = sniff(data, sent_suffix)
    suffix = choose_suffix(kind, sent_suffix)
    if suffix is None:
        return Stored(sent, kind=kind, error=NOT_A_DOCUMENT)
    digest = hashlib.sha256(data).hexdigest()
    stem = safe_stem(sent)
    tmp = durable_temp(rnd.inbox, data)
    try:
        with _NAMING:  # the same file sent twice at once (a double click) is stored once
            latest = _latest_version(rnd, stem + suffix)
            if latest is not None and _same_bytes(rnd.inbox / latest, digest):
                return Stored(sent, stored=_shown(rnd, latest), version=base_name(latest)[1], size=len(data), kind=kind,
                              sha256=digest, same_as=_shown(rnd, latest))
            version, name = _link_free_name(rnd, tmp, stem, suffix)
    finally:
        tmp.unlink(missing_ok=True)
    fsync_dir(rnd.inbox)
    rnd.db.execute("INSERT OR REPLACE INTO uploads (stored, original, sha256, size, kind, uploaded) VALUES (?, ?, ?, ?, ?, ?)",
                   (name, sent, digest, len(data), kind, time.time()))
    return Stored(sent, stored=_shown(rnd, name), version=version, size=len(data), kind=kind, sha256=digest)


def durable_temp(folder: Path, data: bytes | None = None, source: Path | None = None) -> Path:
    """A new temporary file in ``folder`` holding ``data`` (or a copy of ``source``), on disk (fsync) and with the
    usual mode, ready to be linked or moved into its name; the caller removes it. Its name says it is unfinished."""
    tmp = folder / f"{TEMP_PREFIX}{secrets.token_hex(8)}.part"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as fh:
            if source is not None:
                with open(source, "rb") as src:
                    while chunk := src.read(1 << 20):
                        fh.write(chunk)
            else:
                fh.write(data or b"")
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, usual_mode())
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp


def _shown(rnd: Round, name: str) -> str:
    return str(rnd.inputs()[0] / name)


def _link_free_name(rnd: Round, tmp: Path, stem: str, suffix: str) -> tuple[int, str]:
    """Link ``tmp`` to the first free name of stem, stem-2, stem-3…; link() never replaces an existing file."""
    version = 1
    while True:
        name = stem + suffix if version == 1 else f"{stem}-{version}{suffix}"
        try:
            os.link(tmp, rnd.inbox / name)
            return version, name
        except FileExistsError:
            version += 1
            if version > 10_000:
                raise OSError("too many versions") from None


def versions_of(rnd: Round, name: str) -> list[str]:
    """Every version in 收件/ of the file ``name`` (itself included), oldest first."""
    first, _ = base_name(name)
    out = []
    try:
        entries = os.listdir(rnd.inbox)
    except OSError:
        return [name]
    for entry in entries:
        if not entry.startswith(".") and base_name(entry)[0] == first:
            out.append(entry)
    return sorted(out, key=lambda n: base_name(n)[1])


def _latest_version(rnd: Round, first: str) -> str | None:
    names = versions_of(rnd, first)
    names = [n for n in names if (rnd.inbox / n).is_file()]
    return names[-1] if names else None


def _same_bytes(path: Path, digest: str) -> bool:
    h = hashlib.sha256()
    try:
        with open(path, "rb") as fh:
            while chunk := fh.read(1 << 20):
                h.update(chunk)
    except OSError:
        return False
    return h.hexdigest() == digest


def clean_temporary(rnd: Round) -> int:
    """Remove what an interrupted upload left (hidden .part files of our own prefix only)."""
    n = 0
    for entry in rnd.inbox.glob(f"{TEMP_PREFIX}*.part"):
        try:
            entry.unlink()
            n += 1
        except OSError:
            pass
    return n
