"""One round folder as the web app sees it: its settings, its files, the last run over 收件/, and the app's own
small database (uploads and their original names, build jobs, the cache of processed files).

The database is one SQLite file inside the round (``.jlt/serve.sqlite``; a hidden folder, never read as a
submission), in WAL mode with one connection per thread, so two tabs, a build job and the CLI can work at once.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from jlt_cli.actions import ActionError
from jlt_cli.actions.init import INBOX, OUTBOX
from jlt_cli.actions.links import DB_NAME, STATE_DIR
from jlt_cli.actions.validate import settings, validate
from jlt_cli.config import CONFIG_NAME, Config
from jlt_cli.config.load import ConfigError
from jlt_cli.pipeline import RunResult, run_options
from jlt_cli.pipeline.cache import SqliteCaseCache, connect
from jlt_cli.pipeline.isolate import Isolation
from jlt_cli.read import discover

SCHEMA = """
CREATE TABLE IF NOT EXISTS uploads (
    id INTEGER PRIMARY KEY,
    stored TEXT NOT NULL UNIQUE,      -- the file's name in 收件/ (made by jlt, never taken from a request)
    original TEXT NOT NULL,           -- the name the browser sent, kept as data
    sha256 TEXT NOT NULL,
    size INTEGER NOT NULL,
    kind TEXT NOT NULL,               -- what the readers' sniffing says the bytes are
    uploaded REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS uploads_original ON uploads(original);
CREATE TABLE IF NOT EXISTS jobs (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,               -- pdf, docx, html, xlsx, letters, annotated
    state TEXT NOT NULL,              -- queued, running, done, failed
    stage TEXT NOT NULL DEFAULT '',
    done INTEGER NOT NULL DEFAULT 0,
    total INTEGER NOT NULL DEFAULT 0,
    message TEXT NOT NULL DEFAULT '',
    output TEXT NOT NULL DEFAULT '',  -- relative to 输出/
    summary TEXT NOT NULL DEFAULT '',
    created REAL NOT NULL,
    finished REAL,
    owner INTEGER                     -- the server process that runs it (two servers may share a round)
);
"""


class Database:
    """The app's SQLite file; one connection per thread (sqlite3 connections are not shared between threads)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._local = threading.local()
        self.conn().executescript(SCHEMA)

    def conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._local.conn = connect(self.path)
            conn.row_factory = sqlite3.Row
        return conn

    def execute(self, sql: str, args: tuple = ()) -> sqlite3.Cursor:
        return self.conn().execute(sql, args)

    def one(self, sql: str, args: tuple = ()) -> sqlite3.Row | None:
        return self.conn().execute(sql, args).fetchone()

    def all(self, sql: str, args: tuple = ()) -> list[sqlite3.Row]:
        return self.conn().execute(sql, args).fetchall()


@dataclass
class Snapshot:
    """The last run over 收件/ and what it was computed from."""

    key: str
    result: RunResult
    seconds: float


class Round:
    """A round folder (the layout ``jlt init`` makes: jlt.yaml, 收件/, 输出/)."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root).resolve()
        self.inbox = self.root / INBOX
        self.outbox = self.root / OUTBOX
        self.config_file = self.root / CONFIG_NAME
        self.state_dir = self.root / STATE_DIR
        self.inbox.mkdir(exist_ok=True)
        self.outbox.mkdir(exist_ok=True)
        self.state_dir.mkdir(exist_ok=True)
        self.db_path = self.state_dir / DB_NAME
        self.db = Database(self.db_path)
        self.cache = SqliteCaseCache(self.db_path)
        self._run_lock = threading.Lock()
        self._snapshot: Snapshot | None = None
        self._config_memo: tuple[tuple, Config] | None = None

    # -- settings -------------------------------------------------------------------------------

    def inputs(self) -> list[Path]:
        """收件/ as the CLI would name it from the current folder (``jlt validate 收件``): the same names in
        every output, so that ``GET /api/cases`` is what ``jlt validate 收件 --format json`` prints."""
        return [Path(os.path.relpath(self.inbox))]

    def config(self) -> Config:
        """The settings in force for 收件/, re-read when jlt.yaml changes (staff may edit it by hand)."""
        from jlt_cli.config import config_for

        source = config_for(self.inputs())
        try:
            st = source.stat() if source else None
            stamp = (str(source), st.st_mtime_ns, st.st_size) if st else (None,)
        except OSError:
            stamp = (None,)
        memo = self._config_memo
        if memo is not None and memo[0] == stamp:
            return memo[1]
        config = settings(None, self.inputs())
        self._config_memo = (stamp, config)
        return config

    def config_error(self) -> str | None:
        try:
            self.config()
        except ActionError as exc:
            return exc.message
        return None

    def isolation(self, config: Config) -> Isolation:
        return Isolation(seconds=float(config.get("serve", "read_seconds")),
                         memory_mb=int(config.get("serve", "read_memory_mb")),
                         workers=max(1, min(2, os.cpu_count() or 1)))

    # -- the run over 收件/ -------------------------------------------------------------------------

    def _key(self, config: Config) -> str:
        found = discover(self.inputs())
        listing = []
        for item in found.files:
            try:
                st = item.path.lstat()
                listing.append((item.display, st.st_size, st.st_mtime_ns, st.st_ino))
            except OSError:
                listing.append((item.display, -1, -1, -1))
        listing.append(("ignored", [i.display for i in found.ignored]))
        text = json.dumps([listing, config.data, str(config.source)], ensure_ascii=False, sort_keys=True, default=str)
        return hashlib.sha256(text.encode()).hexdigest()

    def run(self) -> RunResult:
        """Every file of 收件/, read and checked: new or changed files are read (each in a worker process with
        limits), the others come from the cache; the checks across files run over all of them."""
        config = self.config()
        with self._run_lock:
            key = self._key(config)
            snap = self._snapshot
            if snap is not None and snap.key == key:
                return snap.result
            started = time.monotonic()
            with run_options(cache=self.cache, isolation=self.isolation(config)):
                result = validate(self.inputs(), config, allow_empty=True)
            self._snapshot = Snapshot(key, result, time.monotonic() - started)
            return result

    def find_case(self, result: RunResult, display: str):
        for case in result.cases:
            if case.display_path == display:
                return case
        return None

    # -- uploads --------------------------------------------------------------------------------

    def originals(self) -> dict[str, sqlite3.Row]:
        """name in 收件/ → its upload record (files dropped in by other means have none)."""
        return {row["stored"]: row for row in self.db.all("SELECT * FROM uploads")}

    def last_build(self) -> sqlite3.Row | None:
        return self.db.one("SELECT * FROM jobs WHERE kind IN ('pdf', 'docx', 'html') AND state = 'done' "
                           "ORDER BY finished DESC LIMIT 1")


def check_round(root: Path) -> None:
    """A folder that can be served: it exists and is not a file; 收件/ and 输出/ are made when missing."""
    if not root.exists():
        raise ActionError(f"找不到本轮文件夹“{root}”。可先运行 jlt init {root} 创建。")
    if not root.is_dir():
        raise ActionError(f"“{root}”不是文件夹。请给出本轮文件夹（其中有 jlt.yaml、收件/、输出/）。")
    for name in (INBOX, OUTBOX):
        if (root / name).exists() and not (root / name).is_dir():
            raise ActionError(f"“{root / name}”应是文件夹。")


__all__ = ["ConfigError", "Database", "Round", "check_round"]
