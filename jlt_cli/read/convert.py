"""Legacy formats (.doc/.wps/.rtf/.odt) read through LibreOffice, only when asked (``--convert``).

Untrusted bytes go to a large C++ program that follows links inside documents (an RTF/DOC
``INCLUDEPICTURE "/home/…/x.png"`` field or an ODT linked picture is loaded from disk and embedded
into the output), so the conversion is fenced in:

- the input *bytes* already read by jlt are written to a private temporary folder (mode 0700) under a
  fixed name: LibreOffice never sees the original path, so it cannot write a lock file or output next to
  the input, and a file name like ``-rf.doc`` is never an argument;
- on Linux, where user namespaces are allowed, LibreOffice runs in a sandbox (``unshare -rmn``): no
  network, and a private root holding only the system folders (/usr, /etc, /lib…, read-only) and the
  job folder, so no user file (home, the input folder, /tmp) can be linked into the output;
- without that sandbox, files that link to outside content (INCLUDEPICTURE/INCLUDETEXT fields, ODT
  links to files) are refused rather than converted;
- a private, throw-away profile (``-env:UserInstallation``): no user settings or macros are used or
  changed, parallel conversions do not collide;
- a timeout after which the whole process group is killed; the temporary folder is always removed.
"""

from __future__ import annotations

import functools
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from jlt_cli.config import Config
from jlt_cli.model import Problem, ReadError, SourceDocument
from jlt_cli.read.base import RESAVE_HINT, Reader, Source

TIMEOUT_SECONDS = 60.0
# A converted DOCX larger than this is not read (the DOCX reader has its own zip limits beyond).
MAX_OUTPUT_BYTES = 200 * 1024 * 1024
CONVERTIBLE = {"doc": ".doc", "wps": ".wps", "rtf": ".rtf", "odt": ".odt"}
NO_SOFFICE = "未找到 LibreOffice（soffice），无法用 --convert 自动转换"


def soffice_path() -> str | None:
    """The LibreOffice binary on PATH, or None."""
    return shutil.which("soffice") or shutil.which("libreoffice")


# Runs inside new user+mount+network namespaces: builds a root of read-only system folders plus the
# job folder, then chroots into it. $1 = work folder (holds job/ and an empty root/), rest = command.
_SANDBOX_SCRIPT = r"""
set -e
W="$1"; shift
R="$W/root"
mount -t tmpfs -o size=64m,mode=0755 jlt-sandbox "$R"
for d in usr bin sbin lib lib32 lib64 libx32 etc opt; do
  if [ -L "/$d" ]; then ln -s "$(readlink "/$d")" "$R/$d"
  elif [ -d "/$d" ]; then
    mkdir -p "$R/$d"; mount --rbind "/$d" "$R/$d"; mount -o remount,bind,ro "$R/$d" 2>/dev/null || true
  fi
done
mkdir -p "$R/dev" "$R/proc" "$R/tmp" "$R/job" "$R/var/cache/fontconfig"
mount --rbind /dev "$R/dev"
mount --rbind /proc "$R/proc"
if [ -d /var/cache/fontconfig ]; then mount --rbind /var/cache/fontconfig "$R/var/cache/fontconfig"; fi
mount --bind "$W/job" "$R/job"
cd /
exec chroot "$R" "$@"
"""


def _sandbox_prefix(work: Path) -> list[str]:
    unshare = shutil.which("unshare")
    return [unshare, "-rmn", "--propagation", "private", "sh", "-c", _SANDBOX_SCRIPT, "jlt-sandbox", str(work)]


@functools.lru_cache(maxsize=1)
def sandbox_available() -> bool:
    """Whether this system lets an unprivileged process build the sandbox (tried once per run)."""
    if not shutil.which("unshare") or not shutil.which("chroot"):
        return False
    probe = Path(tempfile.mkdtemp(prefix="jlt-sandbox-probe-"))
    try:
        (probe / "job").mkdir()
        (probe / "root").mkdir()
        result = subprocess.run([*_sandbox_prefix(probe), "/bin/sh", "-c", "test -d /job && ! test -e /home/.jlt-none"],
                                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                timeout=10)
        return result.returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False
    finally:
        shutil.rmtree(probe, ignore_errors=True)


# Field codes and ODF attributes that make LibreOffice load other files or URLs while converting.
_EXTERNAL_MARKERS = (b"INCLUDEPICTURE", b"INCLUDETEXT", b"IMPORT ", b"DDEAUTO", b"DDE ", b"LINK ")


def _links_outside(data: bytes, kind: str) -> bool:
    """Heuristic pre-scan used only without the sandbox: does the file pull in outside content?"""
    if kind == "odt":
        import io
        import re
        import zipfile

        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                for name in ("content.xml", "styles.xml"):
                    if name in zf.namelist() and zf.getinfo(name).file_size < 50 * 1024 * 1024:
                        xml = zf.read(name)
                        for href in re.findall(rb'xlink:href="([^"]*)"', xml):
                            if href.startswith((b"/", b"..", b"file:", b"http:", b"https:", b"ftp:", b"smb:")) \
                                    and not href.startswith(b"#"):
                                return True
        except (zipfile.BadZipFile, OSError, ValueError, KeyError):
            return False
        return False
    upper = data.upper()
    utf16 = data.decode("utf-16-le", "ignore").upper().encode("ascii", "ignore")
    return any(m in upper or m in utf16 for m in _EXTERNAL_MARKERS)


def _kill_group(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)  # soffice starts soffice.bin: kill both
    except (ProcessLookupError, PermissionError):
        pass


def convert_to_docx(data: bytes, kind: str, *, timeout: float = TIMEOUT_SECONDS, soffice: str | None = None) -> bytes:
    """The DOCX LibreOffice makes of ``data`` (a file of ``kind``); raises ReadError when it cannot.

    The caller has checked that ``kind`` is convertible; a missing soffice is reported as unsupported-format.
    """
    suffix = CONVERTIBLE[kind]
    binary = soffice or soffice_path()
    if not binary:
        raise ReadError("unsupported-format", f"这是 {suffix} 格式，{NO_SOFFICE}。{RESAVE_HINT}。")
    sandboxed = sandbox_available()
    if not sandboxed and _links_outside(data, kind):
        raise ReadError(
            "unsupported-format",
            f"这是 {suffix} 格式，且文件中含有引用外部文件或网址的域/链接（如 INCLUDEPICTURE），"
            f"本机无法在隔离环境中转换，为安全起见未自动转换。{RESAVE_HINT}。",
        )
    work = Path(tempfile.mkdtemp(prefix="jlt-convert-"))  # 0700, private to this user
    try:
        job = work / "job"  # the only folder LibreOffice sees in the sandbox (as /job)
        (job / "in").mkdir(parents=True)
        (job / "out").mkdir()
        (work / "root").mkdir()
        (job / "in" / f"input{suffix}").write_bytes(data)
        out_dir = job / "out"
        inner = Path("/job") if sandboxed else job
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(inner),  # nothing written to the user's home
            "TMPDIR": str(inner),
            "LANG": "C.UTF-8",
            "SAL_USE_VCLPLUGIN": "svp",  # headless, no display needed
        }
        cmd = [
            *(_sandbox_prefix(work) if sandboxed else ()),
            os.path.realpath(binary),
            f"-env:UserInstallation={(inner / 'profile').as_uri()}",
            "--headless", "--invisible", "--norestore", "--nologo", "--nodefault", "--nolockcheck",
            "--convert-to", "docx:MS Word 2007 XML",
            "--outdir", str(inner / "out"),
            str(inner / "in" / f"input{suffix}"),
        ]
        # own session: the timeout kills the whole group (soffice → soffice.bin); output is not needed
        proc = subprocess.Popen(cmd, cwd=work, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, start_new_session=True)
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill_group(proc)
            proc.wait()
            raise ReadError(
                "unreadable",
                f"用 LibreOffice 转换该 {suffix} 文件超时（{timeout:g} 秒），文件可能已损坏或过于复杂。{RESAVE_HINT}。",
            ) from None
        except BaseException:  # Ctrl-C while converting: do not leave LibreOffice running
            _kill_group(proc)
            raise
        finally:
            _kill_group(proc)  # stray helper processes of this conversion, if any
        result = out_dir / "input.docx"
        try:
            size = result.stat().st_size
        except OSError:
            size = 0
        if size == 0:
            raise ReadError(
                "unreadable",
                f"LibreOffice 无法转换该 {suffix} 文件（可能已损坏、加密或不是该格式）。{RESAVE_HINT}。",
            )
        if size > MAX_OUTPUT_BYTES:
            raise ReadError("unreadable", f"该 {suffix} 文件转换后的体积异常（{size // 1024 // 1024} MB）。{RESAVE_HINT}。")
        return result.read_bytes()
    finally:
        shutil.rmtree(work, ignore_errors=True)


def read_converted(path: Path, data: bytes, kind: str, config: Config, keep_images: bool = False) -> SourceDocument:
    """Convert ``data`` to DOCX, read it with the DOCX reader, and say so."""
    from jlt_cli.read.docx import read_docx

    docx_data = convert_to_docx(data, kind)
    doc = read_docx(path, docx_data, config, kind="docx", keep_images=keep_images)
    doc.format = kind
    suffix = CONVERTIBLE[kind]
    doc.problems.insert(0, Problem("converted", f"该文件由 LibreOffice 从 {suffix} 转换后读取，请核对内容；建议另存为 .docx 后提交。"))
    return doc


class ConvertingReader(Reader):
    """Legacy formats through LibreOffice, only when the user asks for it (``--convert``)."""

    name = "convert"
    kinds = tuple(CONVERTIBLE)
    file_extensions = tuple(CONVERTIBLE.values())
    rules = ("converted", "unreadable", "unsupported-format")
    on_request = True

    def read(self, source: Source) -> SourceDocument:
        return read_converted(source.path, source.data, source.kind, source.config, keep_images=source.keep_images)
