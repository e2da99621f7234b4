"""Running the real ``jlt`` on hostile inputs, fenced and measured.

Each run is a subprocess with:
- the audit-hook guard (guard/sitecustomize.py) on PYTHONPATH: network calls refused and recorded,
  opens under forbidden folders recorded;
- its own process group, killed on timeout;
- peak memory taken from ``os.wait4`` by a small launcher (launch.py) for that very child: ru_maxrss
  covers jlt and the processes it waited for (worker pools, LibreOffice), and, because the launcher is
  small, not the pages of this large test process that a direct fork would carry.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import socket
import stat
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
JLT = ROOT / ".venv" / "bin" / "jlt"
GUARD_DIR = HERE / "guard"


def jlt_command() -> list[str]:
    if JLT.exists():
        return [str(JLT)]
    return [sys.executable, "-m", "jlt_cli"]


@dataclass
class Run:
    args: list[str]
    returncode: int
    stdout: str
    stderr: str
    seconds: float
    max_rss_mb: float
    guard: list[tuple[str, str]] = field(default_factory=list)
    timed_out: bool = False

    @property
    def net_events(self) -> list[str]:
        return [d for k, d in self.guard if k == "net"]

    @property
    def forbidden_opens(self) -> list[str]:
        return [d for k, d in self.guard if k == "open"]

    def describe(self) -> str:
        return (f"jlt {' '.join(self.args)} → rc={self.returncode} in {self.seconds:.1f}s, {self.max_rss_mb:.0f} MB\n"
                f"stderr: {self.stderr[-2000:]}")


def run_jlt(
    args: list[str],
    *,
    cwd: Path | None = None,
    timeout: float = 120,
    forbid: list[Path] = (),
    env: dict[str, str] | None = None,
    signal_after: tuple[float, int] | None = None,
) -> Run:
    """Run ``jlt *args`` under the guard; ``signal_after=(seconds, signum)`` interrupts it mid-run."""
    with tempfile.TemporaryDirectory(prefix="jlt-guard-") as scratch:
        log = Path(scratch) / "guard.log"
        out_path, err_path = Path(scratch) / "out", Path(scratch) / "err"
        full_env = dict(os.environ)
        full_env.update(env or {})
        full_env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(GUARD_DIR), full_env.get("PYTHONPATH", "")]))
        full_env["JLT_GUARD_LOG"] = str(log)
        full_env["JLT_GUARD_FORBID"] = os.pathsep.join(str(p) for p in forbid)
        full_env.setdefault("COLUMNS", "400")  # no folding of names in rich tables
        full_env["PYTHONIOENCODING"] = "utf-8"
        full_env.pop("FORCE_COLOR", None)
        start = time.monotonic()
        with open(out_path, "wb") as out, open(err_path, "wb") as err:
            usage_file = Path(scratch) / "usage.json"
            launcher = [sys.executable, str(HERE / "launch.py"), str(usage_file)]
            proc = subprocess.Popen([*launcher, *jlt_command(), *args], cwd=cwd, env=full_env,
                                    stdin=subprocess.DEVNULL, stdout=out, stderr=err, start_new_session=True)
            timed_out = False
            signalled = False
            status, usage = 0, None
            while True:
                pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
                if pid:
                    break
                elapsed = time.monotonic() - start
                if signal_after and not signalled and elapsed >= signal_after[0]:
                    signalled = True
                    try:
                        os.kill(proc.pid, signal_after[1])
                    except ProcessLookupError:
                        pass
                if elapsed > timeout:
                    timed_out = True
                    os.killpg(proc.pid, signal.SIGKILL)
                    pid, status, usage = os.wait4(proc.pid, 0)
                    break
                time.sleep(0.02)
            proc.returncode = os.waitstatus_to_exitcode(status)
        try:
            os.killpg(proc.pid, signal.SIGKILL)  # leftovers (converters, workers) of this run
        except (ProcessLookupError, PermissionError):
            pass
        guard = []
        if log.exists():
            for line in log.read_text("utf-8", "replace").splitlines():
                kind, _, detail = line.partition("\t")
                guard.append((kind, detail))
        max_rss_kb = 0.0
        if usage_file.exists():
            max_rss_kb = json.loads(usage_file.read_text())["max_rss_kb"]
        return Run(
            args=list(args),
            returncode=proc.returncode,
            stdout=out_path.read_bytes().decode("utf-8", "replace"),
            stderr=err_path.read_bytes().decode("utf-8", "replace"),
            seconds=time.monotonic() - start,
            max_rss_mb=max_rss_kb / 1024,
            guard=guard,
            timed_out=timed_out,
        )


def snapshot(folder: Path) -> dict[str, str]:
    """Every entry under ``folder`` without following links: content hash, link target or kind."""
    result: dict[str, str] = {}
    for dirpath, dirnames, filenames in os.walk(folder, followlinks=False):
        for name in dirnames + filenames:
            p = Path(dirpath) / name
            rel = str(p.relative_to(folder))
            st = p.lstat()
            if stat.S_ISLNK(st.st_mode):
                result[rel] = "link:" + os.readlink(p)
            elif stat.S_ISDIR(st.st_mode):
                result[rel] = "dir"
            elif stat.S_ISREG(st.st_mode):
                h = hashlib.sha256()
                with open(p, "rb") as fh:
                    for block in iter(lambda: fh.read(1 << 20), b""):
                        h.update(block)
                result[rel] = f"sha256:{h.hexdigest()}:{oct(st.st_mode)}"
            else:
                result[rel] = f"special:{oct(st.st_mode)}"
    return result


class Canary:
    """A TCP listener on 127.0.0.1: hostile files point their URLs here; any connection is a leak."""

    def __init__(self) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.hits: list[str] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, addr = self.sock.accept()
            except (socket.timeout, OSError):
                continue
            try:
                conn.settimeout(0.5)
                try:
                    first = conn.recv(200).split(b"\r\n", 1)[0].decode("latin-1")
                except OSError:
                    first = ""
                self.hits.append(f"{addr} {first}")
            finally:
                conn.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2)
        self.sock.close()
