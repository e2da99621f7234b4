"""Processed files kept by content: a file read once is not read again until its bytes or the settings change.

The key of a file is the sha256 of its bytes, its name as shown (the unit and the type may come from the name),
the staff decision written for it, how it is read (pictures kept, legacy formats converted) and a fingerprint of
everything else in the configuration and of jlt's version. The value is the Case as ``process_file`` returned it,
before the checks across files: those (duplicates, waivers) run over every case of every run, hit or miss.

``SqliteCaseCache`` keeps them in one SQLite file (WAL, one connection per thread), so that several threads
and processes (the web app, its build jobs) share it safely.
"""

from __future__ import annotations

import hashlib
import json
import pickle
import sqlite3
import threading
import time
from pathlib import Path
from typing import Protocol

from jlt_cli import __version__
from jlt_cli.config import Config
from jlt_cli.model import Case

# Changes whenever the shape of a pickled Case may: a cache written by another jlt version is never read.
FORMAT = 2  # 2: Finding.to_unit, Decision.original_title


class CaseCache(Protocol):
    """Where processed files are kept; a miss is None. Implementations must be safe to call from several threads."""

    def get(self, key: str) -> Case | None: ...

    def put(self, key: str, case: Case) -> None: ...


def config_fingerprint(config: Config) -> str:
    """Everything in the settings that changes how one file is read and checked.

    ``files:`` enters each file's own key (one decision must not invalidate every other file) and ``waivers:``
    are applied after the cache, over the whole run.
    """
    data = {k: v for k, v in config.data.items() if k not in ("files", "waivers")}
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(f"{__version__}|{FORMAT}|{text}".encode()).hexdigest()


def file_key(digest: str, display: str, config: Config, fingerprint: str, *, keep_images: bool, convert: bool) -> str:
    decision = config.file_decision(display)
    parts = [digest, display, json.dumps(decision, sort_keys=True, ensure_ascii=False, default=str),
             f"images={int(keep_images)}", f"convert={int(convert)}", fingerprint]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def content_digest(path: Path, limit: int) -> str | None:
    """sha256 of a regular file's bytes, or None when it cannot be read or is over ``limit`` bytes (never cached:
    the reader's own limits decide what happens to it)."""
    h = hashlib.sha256()
    size = 0
    try:
        with open(path, "rb") as fh:
            while chunk := fh.read(1 << 20):
                size += len(chunk)
                if size > limit:
                    return None
                h.update(chunk)
    except OSError:
        return None
    return h.hexdigest()


class MemoryCaseCache:
    """A dictionary of pickled cases (tests, one-off runs)."""

    def __init__(self) -> None:
        self._data: dict[str, bytes] = {}
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def get(self, key: str) -> Case | None:
        with self._lock:
            blob = self._data.get(key)
        if blob is None:
            self.misses += 1
            return None
        self.hits += 1
        return pickle.loads(blob)

    def put(self, key: str, case: Case) -> None:
        blob = pickle.dumps(case, protocol=pickle.HIGHEST_PROTOCOL)
        with self._lock:
            self._data[key] = blob


SCHEMA = """
CREATE TABLE IF NOT EXISTS case_cache (
    key TEXT PRIMARY KEY,
    value BLOB NOT NULL,
    stored REAL NOT NULL,
    used REAL NOT NULL
);
"""


def connect(path: Path) -> sqlite3.Connection:
    """A connection to an SQLite file shared by threads and processes: WAL, a generous busy wait."""
    conn = sqlite3.connect(str(path), timeout=30, isolation_level=None, check_same_thread=True)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")  # WAL + NORMAL: a crash loses at most the last commits, never the file
    conn.execute("PRAGMA busy_timeout=30000")
    return conn


class SqliteCaseCache:
    """Processed files in a table of an SQLite file; one connection per thread."""

    # Entries not used for this long are dropped when the cache is opened (old versions of changed files).
    KEEP_SECONDS = 30 * 24 * 3600

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._local = threading.local()
        conn = self._conn()
        conn.executescript(SCHEMA)
        conn.execute("DELETE FROM case_cache WHERE used < ?", (time.time() - self.KEEP_SECONDS,))
        self.hits = self.misses = 0

    def _conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._local.conn = connect(self.path)
        return conn

    def get(self, key: str) -> Case | None:
        conn = self._conn()
        row = conn.execute("SELECT value, used FROM case_cache WHERE key = ?", (key,)).fetchone()
        if row is None:
            self.misses += 1
            return None
        try:
            case = pickle.loads(row[0])
        except Exception:  # noqa: BLE001 - a damaged entry is a miss, read the file again
            self.misses += 1
            return None
        self.hits += 1
        now = time.time()
        if now - row[1] > 24 * 3600:  # a write per day per entry, not per read
            conn.execute("UPDATE case_cache SET used = ? WHERE key = ?", (now, key))
        return case

    def put(self, key: str, case: Case) -> None:
        blob = pickle.dumps(case, protocol=pickle.HIGHEST_PROTOCOL)
        now = time.time()
        self._conn().execute(
            "INSERT OR REPLACE INTO case_cache (key, value, stored, used) VALUES (?, ?, ?, ?)", (key, blob, now, now))
