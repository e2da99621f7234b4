"""What a unit does through its own link: upload drafts, read the findings, mark one version as its submission.

Where the files live (the CLI and the web agree on it):

- Every version a unit uploads is kept, never overwritten, under the round's hidden state folder:
  ``.jlt/单位上传/<单位>/v001.docx``, ``v002.md``… (a name jlt makes; the name the browser sent is data in the
  database, with the size, SHA-256 and time: the receipt). Hidden folders are never read as submissions, so a
  unit's drafts never appear as duplicates.
- The unit's current version — its 正式报送 once marked, else its latest upload — is copied (atomically) to
  ``收件/<单位>-在线报送.docx``. That one file is what staff's 收件, ``GET /api/cases`` and ``jlt validate 收件``
  see, so the web and the CLI agree; a later draft does not replace a marked submission until it is marked.

A version is checked on its own (``jlt validate`` of that one file) the moment it arrives; what jlt read and
found is kept with the version, so the history and the differences between versions cost nothing to show.
"""

from __future__ import annotations

import collections
import datetime
import difflib
import hashlib
import json
import logging
import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from jlt_cli.actions import ActionError
from jlt_cli.actions.feedback import annotated_copy
from jlt_cli.actions.links import SCHEMA as LINKS_SCHEMA
from jlt_cli.actions.links import Link, find_link
from jlt_cli.actions.validate import validate
from jlt_cli.base.atomic import fsync_dir
from jlt_cli.config import Config
from jlt_cli.model import Case
from jlt_cli.outputs.common import case_status, location_label, status_text, type_text
from jlt_cli.outputs.feedback_letters import problems_of, unit_message
from jlt_cli.pipeline import run_options
from jlt_cli.read.sniff import sniff
from jlt_cli.web.state import Round
from jlt_cli.web.uploads import TEMP_PREFIX, choose_suffix, durable_temp, safe_stem

log = logging.getLogger("jlt.serve.units")

UNITS_DIR = "单位上传"
INBOX_TAG = "-在线报送"
# What a unit may upload: a case in Word or Markdown/text; the kinds a reader explains (a password, a renamed
# or damaged file) are kept too, so that the unit sees the finding that says how to fix it.
ACCEPTED = {"docx", "markdown", "text", "encrypted", "mislabeled", "unreadable-zip"}
REFUSED = {
    "docm": "含宏的 Word 文件（.docm）不予接收，以免带入病毒。请在 Word 中“另存为”Word 文档（.docx）后上传。",
    "zip": "压缩包不予接收。请解压后上传其中的案例 Word 文件（.docx）。",
    "binary": "无法识别的文件内容（可能是压缩包或图片），未保存。请上传案例的 Word（.docx）或 Markdown（.md）文件。",
}
OTHER_FORMAT = "此格式（{kind}）不能在线检查。请在 Word/WPS 中“另存为”Word 文档（.docx）后上传。"

SCHEMA = LINKS_SCHEMA + """
CREATE TABLE IF NOT EXISTS unit_versions (
    id INTEGER PRIMARY KEY,
    unit TEXT NOT NULL,
    number INTEGER NOT NULL,          -- 1, 2, 3… per unit
    stored TEXT NOT NULL,             -- relative to the round: .jlt/单位上传/<单位>/v001.docx
    original TEXT NOT NULL,           -- the name the browser sent (data, never a path)
    sha256 TEXT NOT NULL,
    size INTEGER NOT NULL,
    kind TEXT NOT NULL,
    uploaded REAL NOT NULL,
    client TEXT NOT NULL DEFAULT '',
    summary TEXT NOT NULL DEFAULT '{}', -- what jlt read and found (JSON), computed on arrival
    UNIQUE (unit, number)
);
CREATE TABLE IF NOT EXISTS unit_submissions (
    unit TEXT PRIMARY KEY,
    number INTEGER NOT NULL,          -- the version marked 正式报送
    marked REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS access_log (
    id INTEGER PRIMARY KEY,
    at REAL NOT NULL,
    client TEXT NOT NULL,
    event TEXT NOT NULL,              -- bad-token, rate-limited, refused-file, upload, submit, revoked…
    unit TEXT NOT NULL DEFAULT '',
    detail TEXT NOT NULL DEFAULT ''
);
"""

RATE_LIMITED = "尝试次数过多，请一分钟后再试。如果链接是从修改意见函中复制的，请检查是否复制完整。"
BAD_LINK = "链接无效或已停用。请使用区教委最新发来的专用链接；如仍打不开，请与区教委联系重新获取。"


class UnitError(Exception):
    """A refusal the unit reads (Chinese), with the HTTP status to answer with."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.message, self.status = message, status


# -- the deadline ------------------------------------------------------------------------------------


def parse_deadline(text: str) -> datetime.datetime | None:
    """serve.deadline: "2026-12-31 18:00", "2026-12-31T18:00" or a day ("2026-12-31" = the end of that day)."""
    text = str(text or "").strip()
    if not text:
        return None
    for fmt in ("%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S", "%Y/%m/%d %H:%M"):
        try:
            return datetime.datetime.strptime(text, fmt)
        except ValueError:
            pass
    for fmt in ("%Y-%m-%d", "%Y/%m/%d"):
        try:
            return datetime.datetime.strptime(text, fmt).replace(hour=23, minute=59, second=59)
        except ValueError:
            pass
    raise ValueError(f"截止时间“{text}”的写法无法识别，请写成 2026-12-31 18:00 这样的格式。")


def deadline_of(config: Config) -> datetime.datetime | None:
    try:
        return parse_deadline(config.get("serve", "deadline"))
    except ValueError:
        return None  # reported on the staff's page; a typo must not shut every unit out


def deadline_text(when: datetime.datetime) -> str:
    return f"{when.year}年{when.month}月{when.day}日 {when:%H:%M}"


def closed_message(when: datetime.datetime) -> str:
    return f"报送已于 {deadline_text(when)} 截止，不能再上传或更改报送。如确需补报，请与区教委联系延期。"


# -- guessing ----------------------------------------------------------------------------------------


class Limiter:
    """Failed link attempts per client address in the last minute; over the limit, the address waits."""

    def __init__(self) -> None:
        self._fails: dict[str, collections.deque] = {}
        self._lock = threading.Lock()

    def _recent(self, client: str, now: float) -> collections.deque:
        q = self._fails.setdefault(client, collections.deque())
        while q and q[0] < now - 60:
            q.popleft()
        return q

    def blocked(self, client: str, limit: int) -> bool:
        with self._lock:
            return len(self._recent(client, time.monotonic())) >= limit

    def fail(self, client: str) -> None:
        with self._lock:
            now = time.monotonic()
            self._recent(client, now).append(now)
            if len(self._fails) > 10_000:  # a flood of addresses: forget the quiet ones
                for key in [k for k, q in self._fails.items() if not q]:
                    del self._fails[key]


# -- versions ----------------------------------------------------------------------------------------


@dataclass
class Version:
    unit: str
    number: int
    stored: str
    original: str
    sha256: str
    size: int
    kind: str
    uploaded: float
    summary: dict

    @classmethod
    def of(cls, row) -> "Version":
        return cls(row["unit"], row["number"], row["stored"], row["original"], row["sha256"], row["size"], row["kind"],
                   row["uploaded"], json.loads(row["summary"] or "{}"))

    def receipt(self) -> dict:
        return {"unit": self.unit, "version": self.number, "file": self.original, "size": self.size,
                "sha256": self.sha256, "time": _when(self.uploaded)}

    def to_dict(self) -> dict:
        return {"version": self.number, "file": self.original, "size": self.size, "sha256": self.sha256,
                "uploaded": _when(self.uploaded), "receipt": self.receipt(), "summary": self.summary}


def _when(t: float) -> str:
    return time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(t))


def receipt_text(version: Version, display: str) -> str:
    """The receipt a unit keeps as proof of what it sent and when (CRLF: Windows Notepad)."""
    lines = [
        "教联体建设案例 在线报送回执", "",
        f"报送单位：{display}",
        f"上传时间：{_when(version.uploaded)}",
        f"文件名：{version.original}",
        f"大小：{version.size} 字节",
        f"SHA-256：{version.sha256}",
        f"版本：第 {version.number} 版", "",
        "SHA-256 是文件内容的“指纹”：文件有一个字节不同，指纹就不同。请与所报送的文件一并留存。",
    ]
    return "\r\n".join(lines) + "\r\n"


def summarise(case: Case, config: Config) -> dict:
    """What jlt read and found in one version: shown to the unit, kept for the history and the differences."""
    findings = []
    for f in problems_of(case):
        findings.append({"rule": f.rule, "severity": f.severity.value, "label": f.severity.label,
                         "message": unit_message(f), "where": location_label(case, f),
                         "section": f.section or ""})
    return {
        "readable": case.readable,
        "title": case.title or "",
        "unit": case.unit or "",
        "type": type_text(case, config),
        "status": case_status(case),
        "status_text": status_text(case),
        "chars": case.chars,
        "parts": [{"name": s.name, "heading": s.heading, "chars": len(s.text), "text": s.text} for s in case.sections],
        "missing": [config.part_name(k) for k in config.part_keys if k not in {s.key for s in case.sections}],
        "errors": case.errors,
        "warnings": case.warnings,
        "findings": findings,
    }


def _digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def compare(old: dict, new: dict) -> dict:
    """What changed between two versions: per part a text diff, and the findings fixed and new."""
    parts = []
    old_parts = {p["name"]: p["text"] for p in old.get("parts", [])}
    new_parts = {p["name"]: p["text"] for p in new.get("parts", [])}
    for name in list(dict.fromkeys([*old_parts, *new_parts])):
        a, b = old_parts.get(name), new_parts.get(name)
        if a == b:
            continue
        lines = list(difflib.unified_diff((a or "").splitlines(), (b or "").splitlines(), lineterm="", n=1))[2:]
        parts.append({"name": name, "state": "added" if a is None else "removed" if b is None else "changed",
                      "lines": [{"op": line[:1], "text": line[1:]} for line in lines if not line.startswith("@@")]})
    if old.get("title") != new.get("title"):
        parts.insert(0, {"name": "案例题目", "state": "changed", "lines": [
            {"op": "-", "text": old.get("title") or "（无）"}, {"op": "+", "text": new.get("title") or "（无）"}]})

    def keys(s: dict) -> dict:
        return {(f["rule"], f["message"]): f for f in s.get("findings", [])}

    before, after = keys(old), keys(new)
    return {"parts": parts, "fixed": [f for k, f in before.items() if k not in after],
            "new": [f for k, f in after.items() if k not in before]}


class Desk:
    """The units' side of one round: versions, submissions, the copies in 收件/, the log of refusals."""

    def __init__(self, rnd: Round) -> None:
        self.round = rnd
        self.folder = rnd.state_dir / UNITS_DIR
        self.folder.mkdir(exist_ok=True)
        rnd.db.conn().executescript(SCHEMA)
        try:
            os.chmod(rnd.db_path, 0o600)  # the links' tokens are in it
        except OSError:
            pass
        self.limiter = Limiter()
        self._checking = threading.BoundedSemaphore(max(2, 2 * (os.cpu_count() or 1)))
        self._locks: dict[str, threading.Lock] = collections.defaultdict(threading.Lock)
        self._locks_lock = threading.Lock()
        self._clean()
        for unit in self.units_with_versions():
            self.publish(unit)  # a server stopped between storing and publishing: 收件/ catches up

    @property
    def db(self):
        return self.round.db

    def _lock(self, unit: str) -> threading.Lock:
        with self._locks_lock:
            return self._locks[unit]

    def _clean(self) -> None:
        for entry in self.folder.glob(f"*/{TEMP_PREFIX}*.part"):
            entry.unlink(missing_ok=True)

    # -- who asks ------------------------------------------------------------------------------------

    def link(self, token: str) -> Link | None:
        return find_link(self.db.conn(), token)

    def record(self, client: str, event: str, unit: str = "", detail: str = "") -> None:
        quiet = event in ("upload", "submit")
        (log.info if quiet else log.warning)("%s %s unit=%s %s", client, event, unit, detail)
        try:
            self.db.execute("INSERT INTO access_log (at, client, event, unit, detail) VALUES (?, ?, ?, ?, ?)",
                            (time.time(), client, event, unit, detail[:500]))
        except Exception:  # noqa: BLE001 - a busy database must not turn a refusal into a crash
            pass

    # -- versions ------------------------------------------------------------------------------------

    def versions(self, unit: str) -> list[Version]:
        return [Version.of(r) for r in self.db.all("SELECT * FROM unit_versions WHERE unit = ? ORDER BY number", (unit,))]

    def version(self, unit: str, number: int) -> Version | None:
        row = self.db.one("SELECT * FROM unit_versions WHERE unit = ? AND number = ?", (unit, number))
        return Version.of(row) if row else None

    def submitted(self, unit: str) -> int | None:
        row = self.db.one("SELECT number FROM unit_submissions WHERE unit = ?", (unit,))
        return row["number"] if row else None

    def units_with_versions(self) -> list[str]:
        return [r["unit"] for r in self.db.all("SELECT DISTINCT unit FROM unit_versions")]

    def overview(self) -> dict[str, dict]:
        """unit → count, latest upload time, submitted version (for the staff's list)."""
        out: dict[str, dict] = {}
        for r in self.db.all("SELECT unit, COUNT(*) AS n, MAX(uploaded) AS last, MAX(number) AS latest "
                             "FROM unit_versions GROUP BY unit"):
            out[r["unit"]] = {"versions": r["n"], "last": r["last"], "latest": r["latest"], "submitted": None}
        for r in self.db.all("SELECT unit, number FROM unit_submissions"):
            out.setdefault(r["unit"], {"versions": 0, "last": None, "latest": None})["submitted"] = r["number"]
        return out

    def path_of(self, version: Version) -> Path:
        return self.round.root / version.stored

    def check_open(self, config: Config) -> None:
        when = deadline_of(config)
        if when is not None and datetime.datetime.now() > when:
            raise UnitError(closed_message(when), 403)

    def store(self, unit: str, sent: str, data: bytes, client: str = "") -> tuple[Version, bool]:
        """Keep one uploaded version and check it; (the version, whether it is new). Raises UnitError."""
        config = self.round.config()
        self.check_open(config)
        limit = int(float(config.get("limits", "max_file_mb")) * 1024 * 1024)
        sent = (sent or "").replace("\\", "/").rsplit("/", 1)[-1].strip()[:200] or "未命名"
        if len(data) > limit:
            raise UnitError(f"文件超过大小上限 {limit / 1024 / 1024:g} MB，未保存。请压缩其中的图片后重新上传。", 413)
        if not data:
            raise UnitError("文件是空的（0 字节），未保存。请检查是否选对了文件。")
        dot = sent.rfind(".")
        sent_suffix = sent[dot:].lower() if dot > 0 else ""
        kind = sniff(data, sent_suffix)
        if kind not in ACCEPTED:
            self.record(client, "refused-file", unit, f"{kind} {sent}")
            raise UnitError(REFUSED.get(kind) or OTHER_FORMAT.format(kind=kind), 415)
        suffix = choose_suffix(kind, sent_suffix) or ".docx"
        digest = hashlib.sha256(data).hexdigest()
        folder = self.folder / safe_stem(unit)
        folder.mkdir(exist_ok=True)
        with self._lock(unit):
            versions = self.versions(unit)
            if versions and versions[-1].sha256 == digest:
                return versions[-1], False  # the same file again (a double click): one version
            cap = int(config.get("serve", "unit_max_versions"))
            if len(versions) >= cap:
                raise UnitError(f"已上传 {len(versions)} 个版本，达到上限。请与区教委联系。", 429)
            number = (versions[-1].number if versions else 0) + 1
            tmp = durable_temp(folder, data)
            try:
                while True:  # link() never replaces: a file left by a crash keeps its name, this one takes the next
                    target = folder / f"v{number:03d}{suffix}"
                    try:
                        os.link(tmp, target)
                        break
                    except FileExistsError:
                        number += 1
            finally:
                tmp.unlink(missing_ok=True)
            fsync_dir(folder)
            summary = self._check(target, config)
            stored = str(target.relative_to(self.round.root))
            self.db.execute("INSERT INTO unit_versions (unit, number, stored, original, sha256, size, kind, uploaded, client,"
                            " summary) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                            (unit, number, stored, sent, digest, len(data), kind, time.time(), client,
                             json.dumps(summary, ensure_ascii=False)))
            self._publish_locked(unit)
        self.record(client, "upload", unit, f"v{number} {sent} {digest}")
        return self.version(unit, number), True

    def _run(self, path: Path, config: Config):
        with run_options(cache=self.round.cache, isolation=self.round.isolation(config)):
            return validate([Path(os.path.relpath(path))], config)

    def _check(self, path: Path, config: Config) -> dict:
        try:
            with self._checking:  # a few reading workers at a time: forty at once only thrash two cores
                result = self._run(path, config)
        except ActionError as exc:
            return {"readable": False, "error": exc.message, "findings": [], "parts": []}
        return summarise(result.cases[0], config)

    def case_of(self, version: Version) -> tuple[Case, Config]:
        config = self.round.config()
        return self._run(self.path_of(version), config).cases[0], config

    def annotated(self, version: Version) -> tuple[str, bytes] | None:
        """The version with a comment on each problem (jlt feedback --annotate's copy), named for the unit."""
        case, config = self.case_of(version)
        made = annotated_copy(case, config)
        if made is None:
            return None
        name, data = made
        stem = Path(version.original).stem
        return (f"{stem}（审核批注）.docx" if name.endswith(".docx") else f"{stem}（审核意见）.txt"), data

    def mark(self, unit: str, number: int, client: str = "") -> Version:
        config = self.round.config()
        self.check_open(config)
        with self._lock(unit):
            version = self.version(unit, number)
            if version is None:
                raise UnitError(f"没有第 {number} 版。请在本页的版本列表中选择要正式报送的版本。", 404)
            self.db.execute("INSERT INTO unit_submissions (unit, number, marked) VALUES (?, ?, ?) "
                            "ON CONFLICT(unit) DO UPDATE SET number = excluded.number, marked = excluded.marked",
                            (unit, number, time.time()))
            self._publish_locked(unit)
        self.record(client, "submit", unit, f"v{number}")
        return version

    # -- the copy in 收件/ ------------------------------------------------------------------------------

    def current(self, unit: str) -> Version | None:
        """The version staff see: the one marked 正式报送, else the latest."""
        number = self.submitted(unit)
        if number is not None:
            return self.version(unit, number)
        versions = self.versions(unit)
        return versions[-1] if versions else None

    def inbox_name(self, unit: str, version: Version) -> str:
        return f"{safe_stem(unit)}{INBOX_TAG}{Path(version.stored).suffix}"

    def inbox_copy(self, unit: str) -> Path | None:
        version = self.current(unit)
        if version is None:
            return None
        path = self.round.inbox / self.inbox_name(unit, version)
        return path if path.exists() else None

    def publish(self, unit: str) -> None:
        with self._lock(unit):
            self._publish_locked(unit)

    def _publish_locked(self, unit: str) -> None:
        version = self.current(unit)
        if version is None:
            return
        target = self.round.inbox / self.inbox_name(unit, version)
        source = self.path_of(version)
        ours = {v.sha256 for v in self.versions(unit)}
        present = _digest(target)
        if present == version.sha256:
            return  # already there: the same bytes keep their timestamp (and the cache its entry)
        if present is not None and present not in ours:
            # a file staff put in 收件/ under this name is theirs: never replaced (the unit's versions are all kept)
            self.record("-", "inbox-name-taken", unit, target.name)
            return
        tmp = durable_temp(self.round.inbox, source=source)
        try:
            os.replace(tmp, target)  # the copy of a unit's file, never a file anyone else put in 收件/
        finally:
            tmp.unlink(missing_ok=True)
        for other in self.round.inbox.glob(f"{safe_stem(unit)}{INBOX_TAG}.*"):
            if other != target and _digest(other) in ours:  # the unit moved from .md to .docx: one current file
                other.unlink(missing_ok=True)
        fsync_dir(self.round.inbox)

    def unit_run(self, unit: str):
        """``jlt validate 收件/<单位>-在线报送.docx``: the unit's current file alone, as the CLI checks it."""
        path = self.inbox_copy(unit)
        if path is None:
            return None
        return self._run(path, self.round.config())

    # -- history --------------------------------------------------------------------------------------

    def history(self, unit: str) -> list[dict]:
        """Every version, newest first, each with what changed since the one before."""
        versions = self.versions(unit)
        submitted = self.submitted(unit)
        rows = []
        for i, v in enumerate(versions):
            rows.append({"v": v, "submitted": v.number == submitted,
                         "changes": compare(versions[i - 1].summary, v.summary) if i else None})
        return rows[::-1]
