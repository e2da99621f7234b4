"""The Word brochure's 目录 page numbers, from one layout run of LibreOffice.

python-docx cannot paginate, so the 目录 of a fresh document is a field Word fills when asked. When LibreOffice
is installed, jlt asks it instead, once, at build time: a Basic macro (Basic ships with every LibreOffice, unlike
Python-UNO) loads the document hidden, updates its indexes and saves it; the page numbers are then read from the
updated 目录 and written into jlt's own document, which is otherwise left as jlt made it.

LibreOffice runs fenced in, as for ``--convert``: a private throw-away profile in a private temporary folder
(HOME and TMPDIR point there too, so nothing touches a shared home — the session may run as root), its own
process group killed after the run or on timeout, the folder removed. Any failure is a reason in Chinese, and
the build goes on with a 目录 for Word/WPS to fill.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import signal
import subprocess
import tempfile
import zipfile
from pathlib import Path

from lxml import etree

from jlt_cli.read.convert import soffice_path

TIMEOUT_SECONDS = 120.0
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

_MACRO = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">
<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Module1" script:language="StarBasic">
Sub UpdateToc(sIn As String, sOut As String)
  Dim load(0) As New com.sun.star.beans.PropertyValue
  load(0).Name = &quot;Hidden&quot;
  load(0).Value = True
  oDoc = StarDesktop.loadComponentFromURL(ConvertToURL(sIn), &quot;_blank&quot;, 0, load())
  oIndexes = oDoc.getDocumentIndexes()
  For i = 0 To oIndexes.getCount() - 1
    oIndexes.getByIndex(i).update()
  Next i
  Dim save(0) As New com.sun.star.beans.PropertyValue
  save(0).Name = &quot;FilterName&quot;
  save(0).Value = &quot;MS Word 2007 XML&quot;
  oDoc.storeToURL(ConvertToURL(sOut), save())
  oDoc.close(True)
End Sub
</script:module>
"""


def _kill_group(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)  # soffice starts soffice.bin: kill both
    except (ProcessLookupError, PermissionError):
        pass


def _run(cmd: list[str], work: Path, timeout: float) -> bool:
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(work),
        "TMPDIR": str(work),
        "LANG": "C.UTF-8",
        "SAL_USE_VCLPLUGIN": "svp",  # headless, no display needed
    }
    proc = subprocess.Popen(cmd, cwd=work, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        proc.wait(timeout=timeout)
        return proc.returncode == 0
    except subprocess.TimeoutExpired:
        return False
    finally:
        _kill_group(proc)  # also on Ctrl-C: never leave LibreOffice running
        proc.wait()


def layout_with_libreoffice(data: bytes, *, timeout: float = TIMEOUT_SECONDS,
                            soffice: str | None = None) -> tuple[bytes | None, str]:
    """``data`` (a .docx) with its indexes updated by LibreOffice, or (None, the reason in Chinese)."""
    binary = soffice or soffice_path()
    if not binary:
        return None, "未找到 LibreOffice（soffice）"
    work = Path(tempfile.mkdtemp(prefix="jlt-toc-"))  # 0700, private to this user
    try:
        profile = work / "profile"
        base = [os.path.realpath(binary), f"-env:UserInstallation={profile.as_uri()}", "--headless", "--invisible",
                "--norestore", "--nologo", "--nodefault", "--nolockcheck"]
        # a first start creates the profile; the macro goes into it afterwards (a first start would replace it)
        _run([*base, "--terminate_after_init"], work, timeout)
        module = profile / "user" / "basic" / "Standard" / "Module1.xba"
        if not module.parent.is_dir():
            return None, "LibreOffice 无法启动"
        module.write_text(_MACRO, encoding="utf-8")
        source, result = work / "in.docx", work / "out.docx"
        source.write_bytes(data)
        ok = _run([*base, f'macro:///Standard.Module1.UpdateToc("{source}","{result}")'], work, timeout)
        if not result.is_file() or result.stat().st_size == 0:
            return None, "LibreOffice 排版超时" if not ok else "LibreOffice 未能更新目录"
        return result.read_bytes(), ""
    finally:
        shutil.rmtree(work, ignore_errors=True)


def toc_entries(docx: bytes) -> list[tuple[str, int]]:
    """(text, page) of each entry of the first TOC field of a .docx (as LibreOffice writes an updated one)."""
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    entries: list[tuple[str, int]] = []
    inside = False
    for p in root.iter(f"{W}p"):
        instr = "".join(t.text or "" for t in p.iter(f"{W}instrText"))
        if not inside and "TOC" in instr:
            inside = True
        if not inside:
            continue
        parts = []
        for el in p.iter(f"{W}t", f"{W}tab"):
            parts.append("\t" if el.tag == f"{W}tab" else (el.text or ""))
        text = "".join(parts)
        # the page number after the last tab (a split, not a search: linear on a line of tabs)
        title, tab, number = text.rstrip().rpartition("\t")
        if tab and number.strip().isdigit():
            entries.append((title.strip(), int(number.strip())))
        ends = [f.get(f"{W}fldCharType") for f in p.iter(f"{W}fldChar")]
        if entries and "end" in ends:
            break
    return entries


def _same(a: str, b: str) -> bool:
    a, b = re.sub(r"\s+", "", a), re.sub(r"\s+", "", b)
    return bool(a) and bool(b) and a[:6] == b[:6]


def toc_page_numbers(docx: bytes, headings: list[tuple[int, str]], *,
                     timeout: float = TIMEOUT_SECONDS) -> tuple[list[int] | None, str]:
    """The page of each heading (level, text) as LibreOffice lays ``docx`` out, or (None, why not)."""
    laid_out, reason = layout_with_libreoffice(docx, timeout=timeout)
    if laid_out is None:
        return None, reason
    try:
        entries = toc_entries(laid_out)
    except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError):
        return None, "LibreOffice 输出的文件无法读取"
    if len(entries) != len(headings) or not all(_same(e[0], h[1]) for e, h in zip(entries, headings)):
        return None, "LibreOffice 生成的目录与标题对不上"
    return [page for _, page in entries], ""
