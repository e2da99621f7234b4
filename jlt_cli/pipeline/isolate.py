"""Files read in worker processes with a time and a memory limit: a zip bomb or a file that hangs a reader costs
one finding, never the process that asked (the web app's server, a build job).

A worker reads a batch of files one after another and says when it starts each one, so the parent knows which
file to blame when the worker runs out of time (it is killed) or memory (it dies); the rest of the batch goes to
a fresh worker. The work itself and the Case for a failure are passed in, so this module knows nothing of
readers or findings.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import signal
import sys
import threading
import time
from collections import deque
from dataclasses import dataclass
from multiprocessing.connection import wait
from typing import Callable, Iterator, Sequence, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

TIMEOUT_MESSAGE = ("读取此文件超过 {seconds:g} 秒仍未完成，已停止读取（文件可能已损坏或结构异常）。"
                   "请用 Word/WPS 打开后另存为 .docx 再提交。")
MEMORY_MESSAGE = ("读取此文件时超出内存上限（{memory_mb} MB）或读取进程意外退出，已停止读取（可能是压缩炸弹或结构异常的文件）。"
                  "请用 Word/WPS 打开后另存为 .docx 再提交。")


@dataclass(frozen=True)
class Isolation:
    """Limits for one file: wall-clock seconds, and the address space of the worker in MB."""

    seconds: float = 60.0
    memory_mb: int = 2048
    workers: int = 1


def _context():
    # fork is cheapest, but forking a process that runs threads (the web server) can copy a held lock;
    # the fork server is a clean single-threaded process that forks workers with jlt already imported
    if sys.platform.startswith("linux") and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(["jlt_cli.pipeline", "jlt_cli.pipeline.warm"])  # warm: tables every worker needs
    return ctx


def die_with_parent() -> None:
    """Linux: the kernel kills this process when its parent dies (a killed server leaves no workers behind)."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def limit_memory(memory_mb: int) -> None:
    try:
        import resource

        limit = int(memory_mb) * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ImportError, ValueError, OSError):
        pass


def _worker(conn, work: Callable, batch: list, memory_mb: int) -> None:
    die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    limit_memory(memory_mb)
    for index, item in batch:
        conn.send(("start", index))
        try:
            result = work(item)
            blob = pickle.dumps(("done", index, result), protocol=pickle.HIGHEST_PROTOCOL)
        except MemoryError:
            os._exit(3)  # the parent reports the file; nothing useful can be sent without memory
        conn.send_bytes(blob)
    conn.close()


@dataclass
class _Slot:
    process: multiprocessing.process.BaseProcess
    conn: object
    pending: deque
    current: int | None = None
    deadline: float = 0.0


def run_isolated(items: Sequence[Item], work: Callable[[Item], Result], failed: Callable[[Item, str], Result],
                 limits: Isolation) -> Iterator[tuple[int, Result]]:
    """(index, result) for every item, in the order they finish. ``work`` must be picklable (a module-level
    function or a functools.partial of one); ``failed(item, message)`` makes the result of an item whose worker
    ran out of time or memory."""
    ctx = _context()
    queue = deque(enumerate(items))
    slots: list[_Slot] = []

    def start(batch: deque) -> None:
        parent, child = ctx.Pipe(duplex=False)
        process = ctx.Process(target=_worker, args=(child, work, list(batch), limits.memory_mb), daemon=True)
        process.start()
        child.close()
        slots.append(_Slot(process, parent, deque(batch)))

    n = max(1, min(limits.workers, len(queue)))
    if queue:
        batches = [deque(list(queue)[i::n]) for i in range(n)]
        for batch in batches:
            start(batch)
    try:
        while slots:
            now = time.monotonic()
            waits = [s.deadline - now for s in slots if s.current is not None]
            timeout = max(0.0, min(waits)) if waits else None
            ready = wait([s.conn for s in slots], timeout=timeout)
            for slot in list(slots):
                if slot.conn in ready:
                    try:
                        message = slot.conn.recv_bytes()
                    except (EOFError, OSError):
                        yield from _lost(slot, slots, start, failed, items, MEMORY_MESSAGE.format(memory_mb=limits.memory_mb))
                        continue
                    kind, index, *rest = pickle.loads(message)
                    if kind == "start":
                        slot.current, slot.deadline = index, time.monotonic() + limits.seconds
                    else:
                        slot.current = None
                        if slot.pending and slot.pending[0][0] == index:
                            slot.pending.popleft()
                        yield index, rest[0]
                elif slot.current is not None and time.monotonic() >= slot.deadline:
                    slot.process.kill()
                    yield from _lost(slot, slots, start, failed, items, TIMEOUT_MESSAGE.format(seconds=limits.seconds))
    finally:
        for slot in slots:
            slot.process.kill()
            slot.process.join(5)
            slot.conn.close()


def _lost(slot: _Slot, slots: list, start: Callable, failed: Callable, items: Sequence, message: str):
    """A worker that died or was killed: its current item fails with ``message``, the rest go to a new worker."""
    slot.process.join(5)
    slot.conn.close()
    slots.remove(slot)
    pending = slot.pending
    if slot.current is not None:
        if pending and pending[0][0] == slot.current:
            pending.popleft()
        yield slot.current, failed(items[slot.current], message)
    elif pending:
        # died before saying which file it started: blame the next one (it is the only candidate)
        index, item = pending.popleft()
        yield index, failed(item, message)
    if pending:
        start(pending)
