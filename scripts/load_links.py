"""A bounded load test of the per-unit links on loopback: N units each upload K versions at once through their own
links, read the findings, and mark one version as their submission.

Checks that every version is stored once and byte-identical (the database, the files under .jlt/单位上传/), that
every unit has its submission in 收件/ with the marked version's bytes, that staff's GET /api/cases equals what
`jlt validate 收件 --format json` prints, and prints the figures: p50/p95/max of upload→findings (the upload's
answer carries the findings), the submissions, peak memory of the server's processes.

    .venv/bin/python scripts/load_links.py              # 40 units × 3 versions
    .venv/bin/python scripts/load_links.py --units 10 --versions 3

Traffic goes only to 127.0.0.1; every loop is bounded in count and time, and the server is stopped at the end.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sqlite3
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "scripts"))

import httpx  # noqa: E402

from load_serve import Memory, WORDS  # noqa: E402
from serve_helpers import Server, cli_validate_json  # noqa: E402

PARTS = ["一、基本情况", "二、具体措施", "三、工作成效", "四、下步工作打算"]


def unit_case(unit: str, version: int, rng: random.Random) -> tuple[str, bytes]:
    """A unit's draft: version 1 lacks 下步工作打算, later versions have every part (and differ in wording)."""
    lines = [f"# {unit}家校社协同育人案例（第{version}稿）", "", f"报送单位：{unit}    联系人：李老师    联系电话：023-42751234", "",
             "案例类型：社区学校建设案例", ""]
    for part in PARTS if version > 1 else PARTS[:3]:
        sentences = []
        for _ in range(6):
            words = rng.sample(WORDS, 9)
            sentences.append(f"{''.join(words[:3])}，{''.join(words[3:6])}，共开展{rng.randint(2, 99)}次{''.join(words[6:])}。")
        lines += [f"## {part}", "", "".join(sentences), ""]
    return f"{unit}-案例-第{version}稿.md", "\n".join(lines).encode("utf-8")


def run_links_load(workdir: Path, units: int = 40, versions: int = 3, seconds: float = 300) -> dict:
    from jlt_cli.actions.init import init

    root = workdir / "2026征集"
    init(root)
    server = Server(root).start()
    failures: list[str] = []
    latencies: list[float] = []
    sent: dict[tuple[str, int], str] = {}  # (unit, version) → sha256 of what was acknowledged
    marked: dict[str, int] = {}
    lock = threading.Lock()
    deadline = time.monotonic() + seconds
    try:
        links = httpx.post(f"{server.base}/api/links", headers=server.headers, timeout=60).json()[:units]
        if len(links) < units:
            raise SystemExit(f"only {len(links)} units in the call")

        def one_unit(i: int, link: dict) -> None:
            rng = random.Random(i)
            with httpx.Client(timeout=60) as client:  # a script with its link: no cookie, no staff token
                for v in range(1, versions + 1):
                    if time.monotonic() > deadline:
                        failures.append(f"{link['unit']}: out of time")
                        return
                    name, data = unit_case(link["unit"], v, rng)
                    started = time.monotonic()
                    res = client.post(link["url"] + "/api/files", files={"file": (name, data)})
                    took = time.monotonic() - started
                    if res.status_code != 200:
                        failures.append(f"{link['unit']} v{v}: HTTP {res.status_code} {res.text[:200]}")
                        continue
                    got = res.json()["files"][0]
                    with lock:
                        latencies.append(took)
                        sent[(link["unit"], got["version"])] = hashlib.sha256(data).hexdigest()
                    if got["receipt"]["sha256"] != hashlib.sha256(data).hexdigest() or got["version"] != v:
                        failures.append(f"{link['unit']} v{v}: receipt {got['receipt']}")
                    missing = got["summary"].get("missing", [])
                    if (v == 1) != (missing == ["下步工作打算"]):
                        failures.append(f"{link['unit']} v{v}: findings say missing={missing}")
                choice = rng.randint(1, versions)
                res = client.post(link["url"] + "/api/submit", json={"version": choice})
                if res.status_code != 200:
                    failures.append(f"{link['unit']}: submit HTTP {res.status_code} {res.text[:200]}")
                else:
                    with lock:
                        marked[link["unit"]] = choice

        with Memory(server.proc.pid) as memory:
            started = time.monotonic()
            with ThreadPoolExecutor(max_workers=units) as pool:
                for f in [pool.submit(one_unit, i, link) for i, link in enumerate(links)]:
                    f.result()
            elapsed = time.monotonic() - started
            api = httpx.get(f"{server.base}/api/cases", headers=server.headers, timeout=300).json()
    finally:
        server.stop()

    # what is on disk and in the database, after the server has stopped
    db = sqlite3.connect(root / ".jlt" / "serve.sqlite")
    rows = db.execute("SELECT unit, number, stored, sha256 FROM unit_versions").fetchall()
    stored = {(u, n): (p, h) for u, n, p, h in rows}
    for key, digest in sent.items():
        if key not in stored:
            failures.append(f"{key}: acknowledged but not in the database")
            continue
        path, h = stored[key]
        on_disk = hashlib.sha256((root / path).read_bytes()).hexdigest() if (root / path).exists() else None
        if h != digest or on_disk != digest:
            failures.append(f"{key}: stored bytes differ")
    submissions = dict(db.execute("SELECT unit, number FROM unit_submissions").fetchall())
    if submissions != marked:
        failures.append(f"submissions differ: {len(submissions)} stored, {len(marked)} marked")
    inbox = {p.name: p for p in (root / "收件").iterdir() if not p.name.startswith(".")}
    for unit, number in marked.items():
        path, h = stored.get((unit, number), ("", ""))
        copy = inbox.get(f"{unit}-在线报送.md")
        if copy is None or hashlib.sha256(copy.read_bytes()).hexdigest() != h:
            failures.append(f"{unit}: 收件 copy is not the submitted version {number}")
    if len(inbox) != len(marked):
        failures.append(f"收件 has {len(inbox)} files for {len(marked)} units")
    if json.loads(cli_validate_json(root)) != api:
        failures.append("GET /api/cases differs from jlt validate 收件 --format json")
    lat = sorted(latencies)

    def pct(p: float) -> float:
        return lat[min(len(lat) - 1, int(p * len(lat)))] if lat else 0.0

    return {"units": units, "versions": len(stored), "acknowledged": len(sent), "submissions": len(submissions),
            "seconds": round(elapsed, 2), "p50_ms": round(pct(0.5) * 1000), "p95_ms": round(pct(0.95) * 1000),
            "max_ms": round(pct(1.0) * 1000), "peak_memory_mb": round(memory.peak / 1024 / 1024), "failures": failures}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=40)
    parser.add_argument("--versions", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="jlt-links-load-") as tmp:
        f = run_links_load(Path(tmp), args.units, args.versions)
    print(f"{f['units']} 个单位同时通过各自的链接各上传 {args.versions} 个版本，再各自正式报送：")
    print(f"  保存版本 {f['versions']} 个（确认 {f['acknowledged']} 个），正式报送 {f['submissions']} 个，用时 {f['seconds']} 秒")
    print(f"  上传→审核意见 p50 {f['p50_ms']} ms，p95 {f['p95_ms']} ms，最长 {f['max_ms']} ms"
          f"（目标 p95 < 2000 ms：{'达到' if f['p95_ms'] < 2000 else '未达到'}）")
    print(f"  服务进程（含读取进程）内存峰值 {f['peak_memory_mb']} MB")
    if f["failures"]:
        print(f"  失败 {len(f['failures'])} 项：")
        for line in f["failures"][:20]:
            print("   ", line)
        return 1
    print("  每个版本各存一次、字节一致；收件中是各单位正式报送的一版；API 与命令行结果一致。")
    return 0


if __name__ == "__main__":
    sys.exit(main())
