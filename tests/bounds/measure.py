#!/usr/bin/env python3
"""Time and peak memory of the real CLI on the pathological inputs (issue 15).

    python tests/bounds/measure.py [--only KEY,KEY] [--commands validate,show,build] [--timeout 60]

For each input of tests/bounds/make_inputs.py and each command, one ``jlt`` process: wall time, peak
resident memory (ru_maxrss from os.wait4 of that very process), exit code and the rules ``validate``
reported. The address space is capped (--mem-cap-mb, default 6000) so a runaway input cannot take the
machine down; such a run shows as ``MEM`` (or as an ``unreadable`` finding, jlt's answer to MemoryError).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
LAUNCHER = HERE.parent / "hostile" / "launch.py"
sys.path.insert(0, str(HERE))
import make_inputs  # noqa: E402


def jlt_command(source: Path | None = None) -> list[str]:
    """The installed jlt, or (``source``) the jlt_cli package of another checkout: to measure before and after."""
    if source is not None:
        boot = ("import sys; sys.meta_path[:] = [f for f in sys.meta_path if 'editable' not in repr(f)]; "
                f"sys.path.insert(0, {str(source)!r}); sys.argv[0] = 'jlt'; from jlt_cli.cli import main; main()")
        return [sys.executable, "-c", boot]
    jlt = ROOT / ".venv" / "bin" / "jlt"
    return [str(jlt)] if jlt.exists() else [sys.executable, "-m", "jlt_cli"]


@dataclass
class Measured:
    seconds: float
    max_rss_mb: float
    returncode: int
    timed_out: bool
    stdout: str
    stderr: str

    @property
    def status(self) -> str:
        if self.timed_out:
            return "TIMEOUT"
        if self.returncode < 0:
            return f"SIG{-self.returncode}"
        return f"rc={self.returncode}"


def run(args: list[str], *, timeout: float, mem_cap_mb: int, cwd: Path | None = None, source: Path | None = None) -> Measured:
    """One ``jlt *args`` in its own session: wall time and its own peak memory.

    Started through the hostile harness's small launcher (tests/hostile/launch.py), which reports its
    child's ru_maxrss: Linux carries a process's high-water mark across exec, so a jlt started straight
    from a large test process would report that process's memory as its own.
    """
    def limit() -> None:
        cap = mem_cap_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))

    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, tempfile.TemporaryDirectory() as scratch:
        env = dict(os.environ, COLUMNS="200", PYTHONIOENCODING="utf-8")
        usage_file = Path(scratch) / "usage.json"
        launcher = [sys.executable, str(LAUNCHER), str(usage_file)]
        start = time.monotonic()
        proc = subprocess.Popen([*launcher, *jlt_command(source), *args], stdout=out, stderr=err, stdin=subprocess.DEVNULL,
                                cwd=cwd, env=env, start_new_session=True, preexec_fn=limit if mem_cap_mb else None)
        timed_out = False
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() - start > timeout:
                timed_out = True
                os.killpg(proc.pid, signal.SIGKILL)
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.01)
        seconds = time.monotonic() - start
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        proc.returncode = os.waitstatus_to_exitcode(status)
        max_rss_kb = json.loads(usage_file.read_text())["max_rss_kb"] if usage_file.exists() else usage.ru_maxrss
        out.seek(0)
        err.seek(0)
        return Measured(seconds, max_rss_kb / 1024, proc.returncode, timed_out,
                        out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace"))


def commands_for(path: Path, work: Path) -> dict[str, list[str]]:
    return {
        "validate": ["validate", "--format", "json", str(path.parent)],
        "show": ["show", "--format", "json", str(path)],
        "build": ["build", str(path.parent), "-o", str(work / "out" / "brochure.pdf")],
    }


def rules_of(validate: Measured) -> str:
    try:
        doc = json.loads(validate.stdout)
        return ",".join(sorted({f["rule"] for c in doc["files"] for f in c["findings"]})) or "(clean)"
    except (ValueError, KeyError):
        return "?"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", default="")
    parser.add_argument("--commands", default="validate,show,build")
    parser.add_argument("--timeout", type=float, default=60)
    parser.add_argument("--mem-cap-mb", type=int, default=6000)
    parser.add_argument("--json", type=Path, default=None, help="also write the figures here")
    parser.add_argument("--source", type=Path, default=None, help="a folder holding another jlt_cli package to run")
    args = parser.parse_args(argv)
    keys = [k for k in args.only.split(",") if k] or [i.key for i in make_inputs.INPUTS]
    wanted = args.commands.split(",")
    results = []
    with tempfile.TemporaryDirectory(prefix="jlt-bounds-") as scratch:
        scratch_path = Path(scratch)
        print(f"{'input':26} {'size':>10} " + " ".join(f"{c:>22}" for c in wanted) + "  validate findings", flush=True)
        for key in keys:
            item = make_inputs.BY_KEY[key]
            path = make_inputs.write_input(scratch_path / "in", item)
            size = path.stat().st_size
            cells, row = [], {"key": key, "bytes": size}
            rules = ""
            for name in wanted:
                work = scratch_path / "work" / key / name
                (work / "out").mkdir(parents=True, exist_ok=True)
                m = run(commands_for(path, work)[name], timeout=args.timeout, mem_cap_mb=args.mem_cap_mb,
                      source=args.source)
                if "Traceback" in m.stderr:
                    m.stderr = "TRACEBACK " + m.stderr
                flag = "!" if "Traceback" in m.stderr else ""
                cells.append(f"{m.seconds:6.1f}s {m.max_rss_mb:6.0f}MB {m.status:>7}{flag}")
                row[name] = {"seconds": round(m.seconds, 2), "max_rss_mb": round(m.max_rss_mb), "status": m.status,
                             "traceback": bool(flag)}
                if name == "validate":
                    rules = rules_of(m)
                    row["rules"] = rules
            results.append(row)
            print(f"{key:26} {size:>10,} " + " ".join(f"{c:>22}" for c in cells) + f"  {rules}", flush=True)
            path.unlink()
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
