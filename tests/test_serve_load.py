"""jlt serve under load and under a crash (slow tier): a smaller run of scripts/load_serve.py, and a server killed
with SIGKILL during uploads and a build, restarted, and compared."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import signal
import sqlite3
import threading
import time
from pathlib import Path

import httpx
import pytest

from conftest import ROOT, SAMPLES
from jlt_cli.actions.init import init
from serve_helpers import Server, cli_validate_json

pytestmark = pytest.mark.slow


def _load_script():
    spec = importlib.util.spec_from_file_location("load_serve", ROOT / "scripts" / "load_serve.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_clients_uploading_at_once_while_a_build_runs(tmp_path):
    figures = _load_script().run_load(tmp_path, clients=12, files_each=3, seconds=240)
    assert figures["failures"] == [], figures["failures"]
    assert figures["files"] == 36 and figures["build"] == "done"
    assert figures["requests"] == 12 * 5


def _group(pgid: int) -> list[int]:
    out = []
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            try:
                with open(f"/proc/{pid}/stat") as fh:
                    fields = fh.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[2]) == pgid and fields[0] != "Z":
                out.append(int(pid))
    return out


def test_a_server_killed_during_uploads_and_a_build_loses_nothing(tmp_path):
    from pypdf import PdfReader

    make_case = _load_script().make_case
    root = tmp_path / "2026征集"
    init(root)
    for sample in ("社区学校_钱塘镇_家门口的社区学校.docx", "护校安园_南津街街道_织密护校网.md", "困境儿童_区检察院_莎姐守未一人一策.docx"):
        (root / "收件" / sample).write_bytes((SAMPLES / sample).read_bytes())
    server = Server(root, token="crash-test-token-99").start()
    import random

    rng = random.Random(7)
    payloads = {f"{i}": make_case(100 + i, rng) for i in range(60)}
    sent_digests = {hashlib.sha256(data).hexdigest() for _, data, _ in payloads.values()}
    answered: dict[str, str] = {}
    lock = threading.Lock()
    stop = threading.Event()

    def uploader(keys: list[str]) -> None:
        with httpx.Client(base_url=server.base, headers=server.headers, timeout=30) as client:
            for key in keys:
                if stop.is_set():
                    return
                name, data, _ = payloads[key]
                try:
                    res = client.post("/api/files", files=[("file", (name, data))])
                except httpx.HTTPError:
                    return  # the server died mid-request: no answer, no promise
                if res.status_code == 200:
                    with lock:
                        answered[res.json()["files"][0]["stored"]] = hashlib.sha256(data).hexdigest()

    job = httpx.post(f"{server.base}/api/build", headers=server.headers, json={"format": "pdf"}, timeout=30).json()["job"]
    keys = list(payloads)
    threads = [threading.Thread(target=uploader, args=(keys[i::6],)) for i in range(6)]
    for t in threads:
        t.start()
    deadline = time.monotonic() + 20
    while len(answered) < 15 and time.monotonic() < deadline:
        time.sleep(0.02)
    assert httpx.get(f"{server.base}/api/jobs/{job}", headers=server.headers, timeout=10).json()["state"] == "running"
    os.kill(server.proc.pid, signal.SIGKILL)  # the server only: its workers and the job must not outlive it
    server.proc.wait(10)
    stop.set()
    for t in threads:
        t.join(30)
    deadline = time.monotonic() + 15
    while _group(server.proc.pid) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _group(server.proc.pid) == [], "processes of the killed server are still running"

    # nothing answered is lost; nothing half-written is visible
    inbox = root / "收件"
    for shown, digest in answered.items():
        assert hashlib.sha256((root / shown).read_bytes()).hexdigest() == digest, shown
    for path in inbox.iterdir():
        if not path.name.startswith(".") and "-案例" in path.name:
            assert hashlib.sha256(path.read_bytes()).hexdigest() in sent_digests, f"{path.name} is not a whole upload"
    for path in (root / "输出").rglob("*.pdf"):
        assert len(PdfReader(str(path)).pages) > 0  # a PDF is whole or absent (atomic writes)

    # restart: the database is usable, the interrupted job says so, the API still equals the CLI
    again = Server(root, token="crash-test-token-99").start()
    try:
        assert not list(inbox.glob(".jlt-upload-*"))
        db = root / ".jlt" / "serve.sqlite"
        with sqlite3.connect(db) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            rows = {r[0] for r in conn.execute("SELECT stored FROM uploads")}
        assert {Path(s).name for s in answered} <= rows
        state = httpx.get(f"{again.base}/api/jobs/{job}", headers=again.headers, timeout=10).json()
        assert state["state"] == "failed" and "服务已停止" in state["message"]
        api = httpx.get(f"{again.base}/api/cases", headers=again.headers, timeout=120).text
        assert api == cli_validate_json(root)
        assert {f["path"] for f in json.loads(api)["files"]} >= set(answered)
        rebuilt = again.wait_job(httpx.post(f"{again.base}/api/build", headers=again.headers, json={"format": "pdf"},
                                            timeout=30).json()["job"])
        assert rebuilt["state"] == "done"
        pdf = httpx.get(again.base + rebuilt["download"], headers=again.headers, timeout=60)
        assert pdf.content.startswith(b"%PDF")
    finally:
        again.stop()
