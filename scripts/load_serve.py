"""A bounded load test of jlt serve on loopback: N clients upload K files each at once while a PDF build runs.

Checks that every file is stored once with its bytes, that every answer is right (no error page, no 5xx; the
API's document equals what `jlt validate 收件 --format json` prints afterwards; each file with a designed fault
has its finding), and prints the figures: requests per second, p50/p95/max latency, peak memory of the server's
processes (server, readers, build job).

    .venv/bin/python scripts/load_serve.py            # 40 clients × 3 files
    .venv/bin/python scripts/load_serve.py --clients 10 --files 3

Traffic goes only to 127.0.0.1; every loop is bounded in count and time, and the server is stopped at the end.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import httpx  # noqa: E402

from serve_helpers import Server, cli_validate_json  # noqa: E402

PARTS = ["一、基本情况", "二、具体措施", "三、工作成效", "四、下步工作打算"]
TOWNS = ["钱塘镇", "沙鱼镇", "官渡镇", "涞滩镇", "龙市镇", "肖家镇", "古楼镇", "三庙镇", "燕窝镇", "二郎镇", "龙凤镇", "太和镇",
         "隆兴镇", "铜溪镇", "渭沱镇", "双凤镇", "狮滩镇", "清平镇", "土场镇", "小沔镇", "三汇镇", "香龙镇", "双槐镇"]


WORDS = ("家庭教育 社区家长学校 家长课堂 协同育人 志愿服务 亲子阅读 家风建设 课后服务 指导服务站 专家讲座 骨干教师 "
         "网格员 村社区 镇中心校 家长代表 读书分享 心理辅导 劳动实践 文明实践站 周末课堂 家访活动 成长档案 学习小组 "
         "家校沟通 社会资源 妇联 关工委 五老志愿者 服务清单 课程菜单 示范点 长效机制 工作专班 年度计划 满意度 "
         "覆盖面 典型经验 品牌项目 暑期活动 寒假托管 科学素养 阅读推广 体育锻炼 艺术熏陶 红色教育 安全常识").split()


def make_case(n: int, rng: random.Random) -> tuple[str, bytes, str | None]:
    """(file name, bytes, the rule its designed fault must raise or None). Sentences are drawn at random from a
    small vocabulary, so no two cases are near-copies; every fourth case has no title."""
    town = TOWNS[n % len(TOWNS)]
    fault = "missing-title" if n % 4 == 3 else None
    lines = [] if fault else [f"# {town}第{n}号协同育人案例：家校社携手护成长", ""]
    lines += [f"报送单位：合川区{town}人民政府    联系人：李老师    联系电话：023-4275{n:04d}", "",
              "案例类型：社区学校建设案例", ""]
    for part in PARTS:
        sentences = []
        for _ in range(6):
            words = rng.sample(WORDS, 9)
            sentences.append(f"{''.join(words[:3])}，{''.join(words[3:6])}，共开展{rng.randint(2, 99)}次{''.join(words[6:])}。")
        lines += [f"## {part}", "", "".join(sentences), ""]
    return f"{town}-案例{n}.md", "\n".join(lines).encode("utf-8"), fault


class Memory:
    """Peak resident memory of the server's process group (the server, its reader workers, its job processes)."""

    def __init__(self, pgid: int) -> None:
        self.pgid, self.peak, self._stop = pgid, 0, threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _rss(self) -> int:
        total = 0
        for pid in os.listdir("/proc"):
            if not pid.isdigit():
                continue
            try:
                with open(f"/proc/{pid}/stat") as fh:
                    fields = fh.read().rsplit(")", 1)[1].split()
                if int(fields[2]) != self.pgid:  # field 5 of stat: the process group
                    continue
                with open(f"/proc/{pid}/status") as fh:
                    total += next(int(line.split()[1]) for line in fh if line.startswith("VmRSS:")) * 1024
            except (OSError, StopIteration, IndexError, ValueError):
                continue
        return total

    def _run(self) -> None:
        while not self._stop.wait(0.1):
            self.peak = max(self.peak, self._rss())

    def __enter__(self) -> "Memory":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self.thread.join(2)


def run_load(workdir: Path, clients: int = 40, files_each: int = 3, seconds: float = 300) -> dict:
    """Start a server on a fresh round, run the burst, check everything, stop the server; the figures."""
    from jlt_cli.actions.init import init

    root = workdir / "2026征集"
    init(root)
    for sample in ("社区学校_钱塘镇_家门口的社区学校.docx", "护校安园_南津街街道_织密护校网.md", "困境儿童_区检察院_莎姐守未一人一策.docx"):
        (root / "收件" / sample).write_bytes((ROOT / "samples" / sample).read_bytes())
    server = Server(root, token="load-test-token-1234").start()
    rng = random.Random(13)
    plan = [[make_case(c * files_each + k, rng) for k in range(files_each)] for c in range(clients)]
    latencies: list[float] = []
    by_kind: dict[str, list[float]] = {"upload": [], "page": []}
    failures: list[str] = []
    stored: dict[str, tuple[str, str | None]] = {}  # stored name -> (sha256, expected rule)
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def timed(client: httpx.Client, method: str, url: str, **kw) -> httpx.Response | None:
        if time.monotonic() > deadline:
            with lock:
                failures.append(f"{url}: not sent, the run's time was up")
            return None
        t = time.monotonic()
        try:
            res = client.request(method, url, **kw)
        except httpx.HTTPError as exc:
            with lock:
                failures.append(f"{url}: {type(exc).__name__}")
            return None
        with lock:
            latencies.append(time.monotonic() - t)
            by_kind["upload" if method == "POST" else "page"].append(time.monotonic() - t)
            if res.status_code >= 400 or "出错了" in res.text[:2000]:
                failures.append(f"{url}: HTTP {res.status_code} {res.text[:200]}")
        return res

    def one_client(files: list[tuple[str, bytes, str | None]]) -> None:
        with httpx.Client(base_url=server.base, headers=server.headers, timeout=120) as client:
            for name, data, fault in files:
                res = timed(client, "POST", "/api/files", files=[("file", (name, data))])
                if res is None or res.status_code != 200:
                    continue
                answer = res.json()["files"][0]
                with lock:
                    stored[answer["stored"]] = (hashlib.sha256(data).hexdigest(), fault)
            timed(client, "GET", "/inbox")
            timed(client, "GET", "/api/cases")

    try:
        job = httpx.post(f"{server.base}/api/build", headers=server.headers, json={"format": "pdf"}, timeout=30).json()["job"]
        with Memory(server.proc.pid) as memory:
            started = time.monotonic()
            with ThreadPoolExecutor(clients) as pool_:
                list(pool_.map(one_client, plan))
            elapsed = time.monotonic() - started
            build = server.wait_job(job, seconds=max(30.0, deadline - time.monotonic()))
        # everything stored once, with its bytes
        inbox = root / "收件"
        expected = clients * files_each
        on_disk = {p.name for p in inbox.iterdir() if p.name.endswith(".md") and "-案例" in p.name}
        if len(stored) != expected or len(on_disk) != expected:
            failures.append(f"stored {len(stored)} answers and {len(on_disk)} files for {expected} uploads")
        for shown, (digest, _) in stored.items():
            path = root / shown
            if hashlib.sha256(path.read_bytes()).hexdigest() != digest:
                failures.append(f"{shown}: bytes differ from the upload")
        # every result right: the API says what the CLI says, and each designed fault is found
        api = httpx.get(f"{server.base}/api/cases", headers=server.headers, timeout=120).text
        if api != cli_validate_json(root):
            failures.append("GET /api/cases differs from jlt validate 收件 --format json")
        by = {f["path"]: f for f in json.loads(api)["files"]}
        for shown, (_, fault) in stored.items():
            rules = {f["rule"] for f in by[shown]["findings"]}
            if fault and fault not in rules:
                failures.append(f"{shown}: {fault} expected, found {sorted(rules)}")
            if not fault and by[shown]["status"] != "valid":
                failures.append(f"{shown}: expected valid, found {sorted(rules)}")
        if build["state"] != "done":
            failures.append(f"the build running meanwhile: {build}")
    finally:
        server.stop()
    lat = sorted(latencies)

    def pct(p: float, values: list[float] | None = None) -> float:
        values = lat if values is None else sorted(values)
        return values[min(len(values) - 1, int(p * len(values)))] if values else 0.0

    return {
        "clients": clients, "files": clients * files_each, "requests": len(lat), "seconds": round(elapsed, 2),
        "requests_per_second": round(len(lat) / elapsed, 1) if elapsed else 0.0,
        "p50_ms": round(pct(0.50) * 1000), "p95_ms": round(pct(0.95) * 1000), "max_ms": round(pct(1.0) * 1000),
        "upload_p95_ms": round(pct(0.95, by_kind["upload"]) * 1000), "page_p95_ms": round(pct(0.95, by_kind["page"]) * 1000),
        "peak_memory_mb": round(memory.peak / 1024 / 1024), "build": build["state"], "failures": failures,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=40)
    parser.add_argument("--files", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="jlt-load-") as tmp:
        figures = run_load(Path(tmp), args.clients, args.files)
    print(f"{figures['clients']} 个客户端各上传 {args.files} 个文件（共 {figures['files']} 个），同时生成 PDF 汇编：")
    print(f"  请求 {figures['requests']} 次，用时 {figures['seconds']} 秒，{figures['requests_per_second']} 次/秒")
    print(f"  延迟 p50 {figures['p50_ms']} ms，p95 {figures['p95_ms']} ms，最长 {figures['max_ms']} ms"
          f"（上传 p95 {figures['upload_p95_ms']} ms；收件页和 /api/cases p95 {figures['page_p95_ms']} ms，"
          "其中包括读取新到文件的时间）")
    print(f"  服务进程（含读取进程和生成进程）内存峰值 {figures['peak_memory_mb']} MB；汇编：{figures['build']}")
    if figures["failures"]:
        print(f"  失败 {len(figures['failures'])} 项：")
        for f in figures["failures"][:20]:
            print("   ", f)
        return 1
    print("  全部文件各存一次、内容无误，API 与命令行结果一致，无错误页。")
    return 0


if __name__ == "__main__":
    sys.exit(main())
