"""Background jobs: the brochure (PDF, Word, HTML), the review sheet, the letters — each in its own process, so
the pages stay quick while WeasyPrint typesets, and a job that fails takes nothing else with it.

A job is a row of the database; its process writes its progress there and the pages read it. The process calls
the same actions as the CLI (``jlt build``, ``jlt validate --report``, ``jlt feedback``) and writes into 输出/
atomically as they do. A server stopped mid-job finds the row still running when it starts again and marks it
failed: nothing half-written is ever offered for download.
"""

from __future__ import annotations

import inspect
import json
import os
import secrets
import subprocess
import sys
import threading
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

from jlt_cli.actions import ActionError
from jlt_cli.base.atomic import atomic_write
from jlt_cli.pipeline import run_options
from jlt_cli.pipeline.isolate import die_with_parent
from jlt_cli.web.state import Round

# kind → (what it makes, in the words of the 输出 page)
KINDS = {
    "pdf": "汇编（PDF，印刷用）",
    "docx": "汇编（Word，可编辑）",
    "html": "汇编（网页版）",
    "xlsx": "审核结果表（Excel）",
    "letters": "修改意见（每个单位一封 Word）",
    "annotated": "修改意见和批注稿（原文件加批注）",
}
BUILD_KINDS = ("pdf", "docx", "html")
REVIEW_SHEET = "审核结果.xlsx"
LETTERS = "修改意见"
INTERRUPTED = "生成过程中服务已停止，此任务未完成。请重新生成。"
DIED = "生成进程意外退出（可能内存不足），此任务未完成。请重新生成；如仍失败，请把情况告知维护者。"


def _alive(pid: int | None) -> bool:
    if not pid:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def annotate_supported() -> bool:
    """The annotated copies (批注稿) come with ``jlt feedback --annotate``; older versions of the action lack it."""
    from jlt_cli.actions.feedback import feedback

    return "annotate" in inspect.signature(feedback).parameters


def available_kinds() -> list[str]:
    return [k for k in KINDS if k != "annotated" or annotate_supported()]


@dataclass
class JobView:
    """A job as the API and the pages report it."""

    id: str
    kind: str
    state: str  # running, done, failed (a queued job is running, at stage 排队中)
    stage: str
    done: int
    total: int
    message: str
    download: str | None
    summary: dict
    created: float
    finished: float | None
    filename: str | None = None

    @property
    def percent(self) -> int:
        if self.state == "done":
            return 100
        return int(100 * self.done / self.total) if self.total else 0

    def to_dict(self) -> dict:
        return {"job": self.id, "kind": self.kind, "state": self.state,
                "progress": {"stage": self.stage, "done": self.done, "total": self.total, "percent": self.percent},
                "message": self.message or None, "download": self.download, "summary": self.summary}


def view(row) -> JobView:
    state = row["state"]
    stage = row["stage"]
    if state == "queued":
        state, stage = "running", "排队中"
    download = f"/download/{row['id']}" if row["state"] == "done" and row["output"] else None
    name = Path(row["output"]).name if download else None
    return JobView(row["id"], row["kind"], state, stage, row["done"], row["total"], row["message"], download,
                   json.loads(row["summary"] or "{}"), row["created"], row["finished"], name)


class Jobs:
    """Starts queued jobs (at most ``serve.build_jobs`` at once) and watches their processes."""

    def __init__(self, rnd: Round) -> None:
        self.round = rnd
        self._procs: dict[str, subprocess.Popen] = {}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None
        # a job left by a server that was stopped or killed never finished (another server on the same round
        # may be running its own jobs: those are left alone)
        for row in rnd.db.all("SELECT id, owner FROM jobs WHERE state IN ('running', 'queued')"):
            if not _alive(row["owner"]) or row["owner"] == os.getpid():
                rnd.db.execute("UPDATE jobs SET state = 'failed', message = ?, finished = ? WHERE id = ?",
                               (INTERRUPTED, time.time(), row["id"]))

    def start(self) -> None:
        self._thread = threading.Thread(target=self._loop, name="jlt-jobs", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        with self._lock:
            for proc in self._procs.values():
                proc.kill()
            for proc in self._procs.values():
                proc.wait(5)
            self.round.db.execute("UPDATE jobs SET state = 'failed', message = ?, finished = ? "
                                  "WHERE owner = ? AND state IN ('running', 'queued')", (INTERRUPTED, time.time(), os.getpid()))
        if self._thread:
            self._thread.join(5)

    def submit(self, kind: str) -> str:
        if kind not in available_kinds():
            raise ActionError(f"不支持的输出“{kind}”，可用：{'、'.join(available_kinds())}。")
        job_id = secrets.token_hex(8)
        self.round.db.execute("INSERT INTO jobs (id, kind, state, stage, created, owner) VALUES (?, ?, 'queued', '排队中', ?, ?)",
                              (job_id, kind, time.time(), os.getpid()))
        self._wake.set()
        return job_id

    def get(self, job_id: str) -> JobView | None:
        row = self.round.db.one("SELECT * FROM jobs WHERE id = ?", (job_id,))
        return view(row) if row else None

    def recent(self, limit: int = 20) -> list[JobView]:
        return [view(r) for r in self.round.db.all("SELECT * FROM jobs ORDER BY created DESC LIMIT ?", (limit,))]

    def _loop(self) -> None:
        while not self._stop.is_set():
            self._wake.wait(0.5)
            self._wake.clear()
            try:
                self._tick()
            except Exception:  # noqa: BLE001 - the watcher must outlive any one bad moment (a locked database)
                time.sleep(0.5)

    def _tick(self) -> None:
        db = self.round.db
        with self._lock:
            for job_id, proc in list(self._procs.items()):
                if proc.poll() is None:
                    continue
                del self._procs[job_id]
                db.execute("UPDATE jobs SET state = 'failed', message = ?, finished = ? WHERE id = ? AND state = 'running'",
                           (DIED, time.time(), job_id))
            try:
                limit = int(self.round.config().get("serve", "build_jobs"))
            except ActionError:
                limit = 1
            free = max(1, limit) - len(self._procs)
            if free <= 0 or self._stop.is_set():
                return
            rows = db.all("SELECT id, kind FROM jobs WHERE state = 'queued' AND owner = ? ORDER BY created LIMIT ?",
                          (os.getpid(), free))
            for row in rows:
                claimed = db.execute("UPDATE jobs SET state = 'running', stage = '准备中' WHERE id = ? AND state = 'queued'",
                                     (row["id"],)).rowcount
                if not claimed:
                    continue
                # a fresh interpreter, the server's child: it dies with the server (PDEATHSIG), never with a thread
                log = open(self.round.state_dir / "jobs.log", "ab")
                try:
                    proc = subprocess.Popen(
                        [sys.executable, "-m", "jlt_cli.web.jobs", str(self.round.root), os.getcwd(), row["id"],
                         row["kind"], str(os.getpid())],
                        stdin=subprocess.DEVNULL, stdout=log, stderr=log, close_fds=True)
                finally:
                    log.close()
                self._procs[row["id"]] = proc


# -- inside the job's process ---------------------------------------------------------------------


class _Reporter:
    """Progress into the job's row, at most a few writes a second."""

    def __init__(self, rnd: Round, job_id: str) -> None:
        self.round, self.job_id = rnd, job_id
        self.stage_label, self.last = "正在读取", 0.0

    def files(self, i: int, n: int, name: str) -> None:
        now = time.monotonic()
        if now - self.last >= 0.25 or i == n:
            self.last = now
            self.round.db.execute("UPDATE jobs SET stage = ?, done = ?, total = ? WHERE id = ?",
                                  (f"{self.stage_label} {i}/{n}", i, n, self.job_id))

    def stage(self, label: str) -> None:
        self.stage_label = label
        self.round.db.execute("UPDATE jobs SET stage = ? WHERE id = ?", (f"{label}…", self.job_id))


def run_job(root: str, cwd: str, job_id: str, kind: str, server: int | None = None) -> None:
    die_with_parent()
    if server is not None and os.getppid() != server:
        return  # the server died before this process could ask to die with it
    os.chdir(cwd)  # the same relative names as the server's runs (收件/…)
    rnd = Round(Path(root))
    report = _Reporter(rnd, job_id)
    try:
        config = rnd.config()
        with run_options(cache=rnd.cache, isolation=rnd.isolation(config)):
            output, summary = _make(rnd, config, kind, report)
    except ActionError as exc:
        rnd.db.execute("UPDATE jobs SET state = 'failed', message = ?, finished = ? WHERE id = ?",
                       (exc.message, time.time(), job_id))
        return
    except Exception as exc:  # noqa: BLE001 - reported on the page, in Chinese, with what failed
        rnd.db.execute("UPDATE jobs SET state = 'failed', message = ?, finished = ? WHERE id = ?",
                       (f"生成失败（{type(exc).__name__}: {exc}）。请把此信息告知维护者。", time.time(), job_id))
        return
    target = rnd.outbox / output
    if target.is_dir():
        # a folder (the web brochure, the letters) is offered as one zip, made now: a later job may replace it
        output = str(_archive(rnd, job_id, target).relative_to(rnd.root))
    else:
        output = str(target.relative_to(rnd.root))
    rnd.db.execute("UPDATE jobs SET state = 'done', stage = '完成', output = ?, summary = ?, finished = ?, done = total "
                   "WHERE id = ?", (output, json.dumps(summary, ensure_ascii=False), time.time(), job_id))


def _archive(rnd: Round, job_id: str, folder: Path) -> Path:
    archive = rnd.state_dir / "downloads" / job_id / f"{folder.name}.zip"
    archive.parent.mkdir(parents=True, exist_ok=True)

    def write(tmp: Path) -> None:
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zf:
            for path in sorted(folder.rglob("*")):
                if path.is_file() and not path.name.startswith("."):
                    zf.write(path, str(Path(folder.name) / path.relative_to(folder)))

    atomic_write(archive, write)
    return archive


def _make(rnd: Round, config, kind: str, report: _Reporter) -> tuple[str, dict]:
    """Run the action behind ``kind``; (the output's path relative to 输出/, a summary for the page)."""
    from jlt_cli.actions.validate import validate, write_review_sheet

    inputs = rnd.inputs()
    if kind in BUILD_KINDS:
        from jlt_cli.actions.build import build

        target, result = build(inputs, config, output=rnd.outbox, fmt=kind, progress=report.files, on_stage=report.stage)
        summary = {"included": result.included, "excluded": len(result.excluded), "pages": result.pages,
                   "warnings": result.warnings[:10]}
        return str(target.path.relative_to(rnd.outbox)), summary
    if kind == "xlsx":
        run = validate(inputs, config, progress=report.files)
        report.stage("正在写入审核结果表")
        write_review_sheet(run, rnd.outbox / REVIEW_SHEET)
        return REVIEW_SHEET, {"files": len(run.cases)}
    if kind in ("letters", "annotated"):
        from jlt_cli.actions.feedback import feedback

        extra = {"annotate": kind == "annotated"} if annotate_supported() else {}
        _, plans, moved = feedback(inputs, config, rnd.outbox / LETTERS, progress=report.files, **extra)
        return LETTERS, {"letters": len(plans), "moved": len(moved)}
    raise ActionError(f"不支持的输出“{kind}”。")


def download_path(rnd: Round, output: str) -> Path | None:
    """The file to send for a finished job: the path its own process recorded (relative to the round), and only
    when it lies under 输出/ or the app's download folder."""
    target = (rnd.root / output).resolve()
    allowed = (rnd.outbox.resolve(), (rnd.state_dir / "downloads").resolve())
    if not any(folder in target.parents for folder in allowed) or not target.is_file():
        return None
    return target


if __name__ == "__main__":  # python -m jlt_cli.web.jobs ROOT CWD JOB KIND SERVER_PID (started by Jobs above)
    run_job(sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]))
