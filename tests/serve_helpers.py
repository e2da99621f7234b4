"""A real ``jlt serve`` on a free loopback port, for the browser, load and crash tests of issue 13."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

JLT = [sys.executable, "-m", "jlt_cli"]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """``jlt serve ROUND --port N --token T`` as a child process; stopped (or killed) by the test."""

    def __init__(self, root: Path, token: str = "browser-test-token-42", port: int | None = None) -> None:
        self.root, self.token = root, token
        self.port = port or free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = root.parent / f"serve-{self.port}.log"
        self.proc: subprocess.Popen | None = None

    def start(self) -> "Server":
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        env.pop("JLT_TOKEN", None)
        with open(self.log, "ab") as log:
            self.proc = subprocess.Popen([*JLT, "serve", str(self.root), "--port", str(self.port), "--token", self.token],
                                         stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"jlt serve exited: {self.log.read_text(encoding='utf-8', errors='replace')}")
            try:
                if httpx.get(self.base + "/api/jobs", headers=self.headers, timeout=2).status_code == 200:
                    return self
            except httpx.HTTPError:
                time.sleep(0.1)
        raise RuntimeError("jlt serve did not start in 30 s")

    @property
    def headers(self) -> dict:
        return {"Authorization": f"Bearer {self.token}"}

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.kill()

    def kill(self) -> None:
        """SIGKILL to the server and every process of its session (workers, job processes): a crash."""
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(10)

    def wait_job(self, job: str, seconds: float = 240) -> dict:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            state = httpx.get(f"{self.base}/api/jobs/{job}", headers=self.headers, timeout=10).json()
            if state["state"] != "running":
                return state
            time.sleep(0.5)
        raise AssertionError(f"job {job} still running after {seconds} s")


def cli_validate_json(root: Path) -> str:
    """What ``jlt validate 收件 --format json`` prints, run in the round's folder."""
    res = subprocess.run([*JLT, "validate", "收件", "--format", "json"], cwd=root, capture_output=True, timeout=120)
    assert res.returncode in (0, 1), res.stderr.decode("utf-8", "replace")
    return res.stdout.decode("utf-8")
