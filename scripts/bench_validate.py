"""Time `jlt validate` end to end on N typical DOCX cases (3 pages, one photo), as staff run it.

    .venv/bin/python scripts/bench_validate.py            # 1000 distinct files
    .venv/bin/python scripts/bench_validate.py -n 300 --same-text   # worst case for the duplicate rule

Each file gets its own random text (so the duplicate rule sees a realistic run, not 1,000 copies).
The CLI runs in a subprocess; wall time and the peak RSS of that process tree are printed.
"""

from __future__ import annotations

import argparse
import io
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_read import SENTENCES, base_docx, photo_jpeg  # noqa: E402

EXTRA = [
    "镇街党委把协同育人纳入基层治理重点任务，定期研究部署。", "学校选派骨干教师担任社区家长学校辅导员。",
    "护学岗民警每天上下学时段在校门口值守。", "儿童主任入户走访，逐一核实家庭情况。",
    "区妇联联合高校志愿者开展周末课堂。", "群众满意度调查显示，家长对服务的满意率明显提升。",
]
SUBJECTS = ["街道党工委", "镇中心校", "社区居委会", "区妇联", "团区委", "派出所民警", "儿童主任", "家委会", "志愿者服务队",
            "区关工委", "社区家长学校", "村（社区）网格员", "镇综治办", "高校志愿者", "区法院法官", "学校德育处", "心理辅导教师",
            "镇文化站", "社工机构", "区检察院检察官"]
ACTIONS = ["每月组织开展", "联合学校举办", "持续深化", "创新推出", "定期走访落实", "统筹推进", "精心设计", "常态化开展",
           "牵头建立", "主动对接", "全面推行", "按季度评估", "分层分类实施", "积极探索", "认真梳理", "协同完善",
           "广泛宣传", "精准对接", "逐户摸排", "因地制宜打造"]
OBJECTS = ["亲子共读活动", "防溺水安全教育", "家庭教育公益讲座", "四点半课堂", "护学岗值守制度", "困境儿童关爱台账",
           "心理健康筛查", "周末社区课堂", "家风家训宣讲", "法治进校园活动", "校园周边环境整治", "留守儿童结对帮扶",
           "家长夜校课程", "应急疏散演练", "科普研学实践", "送教上门服务", "暑期托管服务", "交通安全劝导", "网络素养课程",
           "劳动教育基地建设"]
_TEXT = re.compile(rb"(<w:t(?: [^>]*)?>)([^<]{30,})(</w:t>)")
_KEEP = re.compile("案例题目|报送单位".encode())  # the header stays as written


def distinct(base: bytes, folder: Path, count: int, same_text: bool) -> None:
    with zipfile.ZipFile(io.BytesIO(base)) as zf:
        members = [(info, zf.read(info)) for info in zf.infolist()]
    # different units write different text: sentences drawn from ~8,000 combinations of fragments
    pool = SENTENCES + EXTRA + [f"{a}{b}{c}。" for a in SUBJECTS for b in ACTIONS for c in OBJECTS]
    for i in range(count):
        rnd = random.Random(i)
        with zipfile.ZipFile(folder / f"case-{i:04d}.docx", "w", zipfile.ZIP_DEFLATED) as out:
            for info, data in members:
                if info.filename == "word/document.xml":
                    data = data.replace(b"MARKER", f"{i}".encode())
                    if not same_text:
                        data = _TEXT.sub(
                            lambda m, rnd=rnd: m.group(0) if _KEEP.search(m.group(2)) else m.group(1) + "".join(rnd.choice(pool) for _ in range(4)).encode() + f"（{rnd.randrange(10**6)}）".encode() + m.group(3),
                            data,
                        )
                out.writestr(info, data, compress_type=info.compress_type)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=1000)
    parser.add_argument("--same-text", action="store_true", help="all files nearly identical (duplicate-rule worst case)")
    args = parser.parse_args()
    jlt = Path(sys.executable).with_name("jlt")
    with tempfile.TemporaryDirectory(prefix="jlt-bench-validate-") as tmp:
        folder = Path(tmp) / "收件"
        folder.mkdir()
        distinct(base_docx(photo_jpeg()), folder, args.n, args.same_text)
        size = sum(p.stat().st_size for p in folder.iterdir()) / 1024 / 1024
        print(f"{args.n} DOCX files, {size:.0f} MB in all")
        t0 = time.perf_counter()
        proc = subprocess.run([str(jlt), "validate", "--format", "json", str(folder)], capture_output=True)
        wall = time.perf_counter() - t0
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"jlt validate: {wall:.2f} s wall ({args.n / wall:.0f} files/s), exit {proc.returncode}, "
          f"peak RSS of the largest process {peak:.0f} MB")
    if proc.returncode not in (0, 1):
        print(proc.stderr.decode(errors="replace")[-2000:])


if __name__ == "__main__":
    main()
