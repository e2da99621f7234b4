"""Test guard loaded into every ``jlt`` subprocess of the hostile tests (via PYTHONPATH).

An audit hook sees every network call Python makes (connect, DNS, urllib) and every file it opens:
network calls are refused and recorded, opens under a forbidden folder are recorded. The test reads
the record (JLT_GUARD_LOG) after the run. Nothing here changes jlt's behaviour on a clean run.

A C library opening a socket or a file itself (libxml2, Pango) bypasses audit hooks; the tests
cover that with a listening canary server and by searching the output for the secret string.
"""

from __future__ import annotations

import os
import socket
import sys

_LOG = os.environ.get("JLT_GUARD_LOG", "")
_FORBIDDEN = [os.path.realpath(p) for p in os.environ.get("JLT_GUARD_FORBID", "").split(os.pathsep) if p]
_NET_EVENTS = {
    "socket.connect",
    "socket.connect_ex",
    "socket.getaddrinfo",
    "socket.gethostbyname",
    "socket.gethostbyname_ex",
    "socket.gethostbyaddr",
    "socket.sendto",
    "socket.sendmsg",
    "urllib.Request",
    "http.client.connect",
    "ftplib.connect",
    "smtplib.connect",
}
_busy = False


def _record(kind: str, detail: str) -> None:
    if not _LOG:
        return
    # os.open/os.write: no "open" audit event for a raw fd write of our own log
    fd = os.open(_LOG, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(fd, f"{kind}\t{detail}\n".encode("utf-8", "backslashreplace"))
    finally:
        os.close(fd)


def _is_local_unix(args: tuple) -> bool:
    sock = args[0] if args else None
    return isinstance(sock, socket.socket) and sock.family == getattr(socket, "AF_UNIX", object())


def _hook(event: str, args: tuple) -> None:
    global _busy
    if _busy:
        return
    if event in _NET_EVENTS:
        if event.startswith("socket.connect") and _is_local_unix(args):
            return  # a Unix-domain socket is not the network
        _busy = True
        try:
            _record("net", f"{event} {args[1:] if event.startswith('socket.') else args!r}"[:500])
        finally:
            _busy = False
        raise PermissionError(f"jlt test guard: network access refused ({event})")
    if event == "open" and _FORBIDDEN and args:
        path = args[0]
        if isinstance(path, int):
            return
        _busy = True
        try:
            try:
                real = os.path.realpath(os.fsdecode(path))
            except (TypeError, ValueError, OSError):
                return
            for forbidden in _FORBIDDEN:
                if real == forbidden or real.startswith(forbidden + os.sep):
                    _record("open", real)
        finally:
            _busy = False


sys.addaudithook(_hook)
