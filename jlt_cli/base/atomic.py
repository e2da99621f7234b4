"""Atomic writes: every output jlt writes appears whole or not at all, and never replaces an input.

Each writer puts the new content in a temporary file (or folder) beside the target and renames it over
the target: a crash, Ctrl-C or a full disk leaves the old file as it was and no half-written one.
"""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from pathlib import Path
from typing import Callable


def usual_mode(directory: bool = False) -> int:
    """The mode a file (or folder) created the ordinary way would get.

    Temporary files are 0600/0700, which would leave the colleagues who share the output folder unable
    to open what jlt wrote.
    """
    umask = os.umask(0)
    os.umask(umask)
    return (0o777 if directory else 0o666) & ~umask


def fsync_dir(path: Path) -> None:
    """Make a rename in ``path`` durable (a power cut after os.replace must not undo it)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def final_mode(target: Path, directory: bool = False) -> int:
    """The mode an output put in place of ``target`` gets: the one ``target`` has when it is replaced (staff may
    have opened it to their group), else the usual mode for the umask."""
    try:
        return stat.S_IMODE(os.stat(target).st_mode)
    except OSError:
        return usual_mode(directory)


def private_tempdir(target: Path) -> Path:
    """A temporary folder beside ``target`` (same file system, so it can be renamed into place), already with the
    mode ``target`` will have: mkdtemp makes it 0700, which would leave the folder unreadable for colleagues."""
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent))
    os.chmod(tmp, final_mode(target, directory=True))
    return tmp


def atomic_write(out: Path, write: Callable[[Path], None]) -> None:
    """Call ``write(tmp)`` on a temporary file beside ``out``, then rename it over ``out``.

    The result keeps the mode of the file it replaces (an output shared by hand, a user's file jlt fix rewrites);
    a new file gets the usual mode.
    """
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".part", dir=out.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        write(tmp)
        os.chmod(tmp, final_mode(out))
        with open(tmp, "rb") as fh:  # the bytes reach the disk before the name points at them
            os.fsync(fh.fileno())
        os.replace(tmp, out)
        fsync_dir(out.parent)
    except BaseException:  # also KeyboardInterrupt: never leave a half-written file behind
        tmp.unlink(missing_ok=True)
        raise


def atomic_write_bytes(out: Path, data: bytes) -> None:
    atomic_write(out, lambda tmp: tmp.write_bytes(data))


def atomic_write_text(out: Path, text: str, encoding: str = "utf-8") -> None:
    def write(tmp: Path) -> None:
        with open(tmp, "w", encoding=encoding, newline="") as fh:
            fh.write(text)

    atomic_write(out, write)


def atomic_write_dir(target: Path, fill: Callable[[Path], None]) -> None:
    """Fill a temporary folder beside ``target``, then put it in place of ``target``.

    A folder cannot be replaced in one rename: an old ``target`` is moved aside first and back on failure.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = private_tempdir(target)
    old: Path | None = None
    try:
        fill(tmp)
        if target.exists():
            old = target.with_name(f".{target.name}.old-{os.getpid()}")
            os.replace(target, old)
        try:
            os.replace(tmp, target)
        except BaseException:
            if old is not None:
                os.replace(old, target)
                old = None
            raise
        fsync_dir(target.parent)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    finally:
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
