"""Per-unit links (单位链接): one unguessable address per unit of the call, through which the unit uploads its
drafts, reads the findings and marks its submission (``jlt serve``), and which the letters of ``jlt feedback``
print when links exist.

The links live in the round's own SQLite file (``.jlt/serve.sqlite``, beside the web app's other tables), so
that the server and the CLI in the same round folder see the same links. The token is stored as it is, with
the file made 0600: the letters and the exported list must be able to print a link at any later time (a hash
would allow that only once, at creation), and whoever can read the round folder can already read every
submission the link protects. Lookups go through the token's SHA-256, so comparing tokens never leaks their
characters through timing.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import secrets
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

from jlt_cli.actions import ActionError
from jlt_cli.config import Config
from jlt_cli.pipeline.cache import connect
from jlt_cli.understand.units import addressees, display_name, keys_of

STATE_DIR = ".jlt"
DB_NAME = "serve.sqlite"
LINK_PREFIX = "/u/"

SCHEMA = """
CREATE TABLE IF NOT EXISTS unit_links (
    id INTEGER PRIMARY KEY,
    unit TEXT NOT NULL,               -- the unit's short name as the call lists it (units: in jlt.yaml)
    token TEXT NOT NULL,              -- secrets.token_urlsafe(32); printed in letters and the exported list
    token_hash TEXT NOT NULL UNIQUE,  -- sha256 of the token: what a request is looked up by
    base TEXT NOT NULL DEFAULT '',    -- the address the staff's browser used when the link was made
    created REAL NOT NULL,
    revoked REAL                      -- set when revoked or re-issued; a revoked link opens nothing
);
CREATE INDEX IF NOT EXISTS unit_links_unit ON unit_links(unit);
"""


@dataclass(frozen=True)
class Link:
    id: int
    unit: str
    token: str
    base: str
    created: float

    def path(self) -> str:
        return f"{LINK_PREFIX}{self.token}"

    def url(self, config: Config | None = None) -> str:
        public = str(config.get("serve", "public_url") or "").strip().rstrip("/") if config is not None else ""
        return (public or self.base.rstrip("/")) + self.path()


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


def round_root(config: Config) -> Path | None:
    """The round folder the settings belong to (where jlt.yaml is), or None for the built-in defaults."""
    return Path(config.source).resolve().parent if config.source else None


def db_path(root: Path) -> Path:
    return Path(root) / STATE_DIR / DB_NAME


def open_db(root: Path, create: bool = True) -> sqlite3.Connection | None:
    """The round's SQLite file with the links table; None when it does not exist and ``create`` is False."""
    path = db_path(root)
    if not path.exists():
        if not create:
            return None
        path.parent.mkdir(exist_ok=True)
    conn = connect(path)
    conn.row_factory = sqlite3.Row
    conn.executescript(SCHEMA)
    try:
        os.chmod(path, 0o600)  # it holds the links' tokens: the staff's account only
    except OSError:
        pass
    return conn


def units_of_call(config: Config) -> list[str]:
    """The units a link is made for: the call's addressees (units: in jlt.yaml), in the call's order."""
    return addressees(config)


def _row(row: sqlite3.Row) -> Link:
    return Link(row["id"], row["unit"], row["token"], row["base"], row["created"])


def active_links(conn: sqlite3.Connection) -> dict[str, Link]:
    return {r["unit"]: _row(r) for r in conn.execute("SELECT * FROM unit_links WHERE revoked IS NULL ORDER BY id")}


def _new(conn: sqlite3.Connection, unit: str, base: str) -> Link:
    token = secrets.token_urlsafe(32)
    now = time.time()
    cur = conn.execute("INSERT INTO unit_links (unit, token, token_hash, base, created) VALUES (?, ?, ?, ?, ?)",
                       (unit, token, token_hash(token), base, now))
    return Link(cur.lastrowid, unit, token, base, now)


def create_links(conn: sqlite3.Connection, config: Config, base: str, units: list[str] | None = None) -> list[Link]:
    """A link for every unit of the call (or of ``units``) that has none; the existing ones are kept."""
    call = units_of_call(config)
    wanted = call if units is None else units
    unknown = [u for u in wanted if u not in call]
    if unknown:
        raise ActionError(f"“{'、'.join(unknown)}”不在本轮的单位名单中（jlt.yaml 的 units:），未创建链接。")
    conn.execute("BEGIN IMMEDIATE")
    try:
        have = active_links(conn)
        for unit in wanted:
            if unit not in have:
                have[unit] = _new(conn, unit, base)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return [have[u] for u in call if u in have]


def reissue(conn: sqlite3.Connection, config: Config, unit: str, base: str) -> Link:
    """A new link for ``unit``; the old one stops working at once (the unit's files are kept)."""
    revoke(conn, unit)
    return create_links(conn, config, base, [unit])[0]


def revoke(conn: sqlite3.Connection, unit: str) -> bool:
    return conn.execute("UPDATE unit_links SET revoked = ? WHERE unit = ? AND revoked IS NULL",
                        (time.time(), unit)).rowcount > 0


def find_link(conn: sqlite3.Connection, token: str) -> Link | None:
    """The active link with this token, or None (unknown, revoked or malformed)."""
    if not token or len(token) > 128:
        return None
    row = conn.execute("SELECT * FROM unit_links WHERE token_hash = ? AND revoked IS NULL", (token_hash(token),)).fetchone()
    return _row(row) if row else None


def letter_links(config: Config) -> dict[str, str]:
    """unit (short name) → its link's address, for the letters; empty when the round has no links."""
    root = round_root(config)
    conn = open_db(root, create=False) if root else None
    if conn is None:
        return {}
    try:
        return {unit: link.url(config) for unit, link in active_links(conn).items() if link.base or _public(config)}
    except sqlite3.DatabaseError:
        return {}
    finally:
        conn.close()


def _public(config: Config) -> str:
    return str(config.get("serve", "public_url") or "").strip()


def link_for_unit(links: dict[str, str], unit: str, config: Config) -> str | None:
    """The link of the unit a letter is addressed to (however its name is written), or None."""
    for key in keys_of(unit, config):
        if key in links:
            return links[key]
    return None


# -- the exported list ---------------------------------------------------------------------------------

HEADER = ("单位", "单位全称", "链接")


def link_rows(links: list[Link], config: Config) -> list[tuple[str, str, str]]:
    return [(link.unit, display_name(link.unit, config), link.url(config)) for link in links]


def links_csv(links: list[Link], config: Config) -> bytes:
    """The list as CSV with a BOM (Excel on Windows opens UTF-8 Chinese correctly only with it)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    writer.writerows(link_rows(links, config))
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def links_xlsx(links: list[Link], config: Config) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = "单位链接"
    ws.append(HEADER)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in link_rows(links, config):
        ws.append(row)
    ws.column_dimensions["A"].width = 18
    ws.column_dimensions["B"].width = 36
    ws.column_dimensions["C"].width = 90
    ws.freeze_panes = "A2"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
