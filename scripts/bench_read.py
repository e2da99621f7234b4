"""Time the DOCX reader on N typical cases (3 pages of Chinese text, one ~150 KB JPEG photo).

    .venv/bin/python scripts/bench_read.py            # 1000 files
    .venv/bin/python scripts/bench_read.py -n 200 --keep-images

One base document is written with python-docx; the N files are copies whose
text is made unique per file (so nothing is cached between them). Reading is
single-process: `read_document` from disk, as `jlt check` does.
"""

from __future__ import annotations

import argparse
import io
import random
import sys
import tempfile
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from jlt_cli.config import Config, load_defaults  # noqa: E402
from jlt_cli.read import read_document  # noqa: E402

SENTENCES = [
    "街道联合辖区学校、社区和家庭，建立了常态化的协同育人机制。",
    "社区家长学校每月开展家庭教育公开课，覆盖家长一千二百余人次。",
    "针对双职工家庭的课后看护难题，社区开设了四点半课堂。",
    "志愿者队伍由退休教师、心理咨询师和社区民警等组成。",
    "通过“家长点单、社区派单、学校接单”的方式，提升了服务的精准度。",
    "困境儿童实行“一人一档”动态管理，每季度更新一次档案信息。",
]


def photo_jpeg(target_kb: int = 150) -> bytes:
    """A noisy photo-like JPEG of about ``target_kb`` KB."""
    from PIL import Image

    rnd = random.Random(7)
    width, height = 1200, 800
    img = Image.effect_noise((width, height), 40).convert("RGB")
    img = Image.blend(img, Image.new("RGB", (width, height), (rnd.randrange(256), 120, 80)), 0.5)
    quality = 90
    while True:
        buf = io.BytesIO()
        img.save(buf, "JPEG", quality=quality)
        if buf.tell() <= target_kb * 1024 or quality <= 20:
            return buf.getvalue()
        quality -= 5


def base_docx(photo: bytes) -> bytes:
    from docx import Document
    from docx.shared import Cm

    rnd = random.Random(1)
    doc = Document()
    doc.add_heading("案例题目：依托“家门口”社区学校 打造十五分钟终身学习圈 MARKER", level=0)
    doc.add_paragraph("报送单位：合川区南津街街道办事处")
    for title in ("一、基本情况", "二、具体措施", "三、工作成效", "四、下步工作打算"):
        doc.add_heading(title, level=1)
        for _ in range(6):  # ≈ 2,700 characters in all: three pages of 仿宋 三号
            doc.add_paragraph("".join(rnd.choice(SENTENCES) for _ in range(4)))
        if title.startswith("二"):
            doc.add_picture(io.BytesIO(photo), width=Cm(12))
            doc.add_paragraph("图1 社区家长学校亲子书法课堂")
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def variants(base: bytes, folder: Path, count: int) -> list[Path]:
    with zipfile.ZipFile(io.BytesIO(base)) as zf:
        members = [(info, zf.read(info)) for info in zf.infolist()]
    paths = []
    for i in range(count):
        path = folder / f"case-{i:04d}.docx"
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
            for info, data in members:
                if info.filename == "word/document.xml":
                    data = data.replace(b"MARKER", f"第{i}号".encode())
                out.writestr(info, data, compress_type=info.compress_type)
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=1000, help="number of files (default 1000)")
    parser.add_argument("--keep-images", action="store_true", help="keep picture bytes as `build` does")
    args = parser.parse_args()
    config = Config(load_defaults())
    with tempfile.TemporaryDirectory(prefix="jlt-bench-") as tmp:
        t0 = time.perf_counter()
        photo = photo_jpeg()
        base = base_docx(photo)
        paths = variants(base, Path(tmp), args.n)
        made = time.perf_counter() - t0
        print(f"generated {args.n} files in {made:.1f} s (each {len(base) / 1024:.0f} KB, photo {len(photo) / 1024:.0f} KB)")
        read_document(paths[0], config, keep_images=args.keep_images)  # imports (lxml, Pillow) out of the timing
        t0 = time.perf_counter()
        blocks = 0
        for path in paths:
            doc = read_document(path, config, keep_images=args.keep_images)
            blocks += len(doc.blocks)
        elapsed = time.perf_counter() - t0
    print(f"read {args.n} files in {elapsed:.2f} s: {args.n / elapsed:.0f} files/s single process "
          f"({elapsed / args.n * 1000:.2f} ms/file, {blocks / args.n:.0f} blocks/file)")


if __name__ == "__main__":
    main()
