#!/usr/bin/env python3
"""Benchmark: `jlt build` end to end vs WeasyPrint alone on jlt's own final HTML.

    .venv/bin/python scripts/bench_build.py [--cases 200] [--keep DIR]

Writes N synthetic cases (~2,700 characters of realistic Chinese each) as Markdown into a
temporary folder, then runs, each in its own process:
  1. `jlt build DIR -o out.pdf` with brochure.pull_back_lines: 0 (read + validate + typeset once + write);
     then again with the default, which lays the book out a second time to pull back short last pages
     (its time and the pages it saves are printed beside, not in the ratio)
  2. `jlt build DIR --format html -o web/`           (to get jlt's final HTML; not timed in the ratio)
  3. WeasyPrint alone: HTML("web/index.html").write_pdf()
and reports wall time, the ratio 1/3 (target ≤ 1.2) and peak RSS of each process (target < 800 MB).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable

UNITS = [
    "钓鱼城街道办事处", "南津街街道办事处", "合阳城街道办事处", "盐井街道办事处", "草街街道办事处", "云门街道办事处",
    "大石街道办事处", "钱塘镇人民政府", "沙鱼镇人民政府", "官渡镇人民政府", "涞滩镇人民政府", "龙市镇人民政府",
    "肖家镇人民政府", "古楼镇人民政府", "三庙镇人民政府", "太和镇人民政府", "区教委", "区妇联", "团区委", "区民政局",
    "区公安局", "区检察院", "区法院", "区关工委", "区卫生健康委", "区文化旅游委", "重庆人文科技学院", "重庆移通学院",
]
TYPES = [
    ("社区学校建设案例", ["社区家长学校", "家长夜校", "家庭教育指导服务站", "四点半课堂", "亲子阅读活动", "家风家训宣讲"]),
    ("护校安园工作案例", ["护学岗", "校园周边安全整治", "法治副校长进校园", "防溺水专项行动", "警校联动机制", "交通安全劝导"]),
    ("困境儿童帮扶案例", ["留守儿童结对关爱", "儿童主任走访", "困境儿童一人一档", "心理疏导服务", "送教上门", "随迁子女融入"]),
]
SUBJECTS = ["街道党工委", "镇党委", "社区党组织", "辖区学校", "区教委", "区妇联", "团区委", "派出所", "社工机构", "志愿服务队",
            "家庭教育指导中心", "网格员队伍", "村（社区）儿童主任", "法治副校长", "家委会"]
VERBS = ["牵头制定", "统筹推进", "联合开展", "持续深化", "探索建立", "全面落实", "创新实施", "健全完善", "精心组织", "大力推广"]
OBJECTS = ["工作方案", "联席会议制度", "需求清单", "课程体系", "值守台账", "帮扶机制", "评估办法", "志愿服务项目", "信息共享平台",
           "家校沟通渠道", "安全隐患排查清单", "结对帮扶名册", "家长课堂课程表", "应急处置预案"]
EFFECTS = ["家长参与度明显提高", "学生安全意识显著增强", "困境儿童生活得到有效保障", "家校社协同育人合力逐步形成",
           "群众满意度持续提升", "校园周边秩序明显好转", "儿童心理健康状况明显改善", "社区治理水平进一步提升"]
CLAUSES = [
    "围绕{x}这一重点，{s}{v}{o}，明确责任分工和时间节点，确保各项任务落到实处",
    "针对辖区{n}所学校、{m}名学生的实际情况，{s}{v}{o}，推动资源向基层倾斜",
    "{s}每月召开一次专题会议，研究解决{x}中遇到的困难和问题，形成了“发现问题—研究对策—推动落实—跟踪问效”的闭环",
    "依托{x}，{s}与{s2}签订共建协议，{v}{o}，实现了资源共享和优势互补",
    "截至目前，累计开展各类活动{n}场次，覆盖家庭{m}户，{e}",
    "在实践中，{s}注重把{x}与基层治理结合起来，{v}{o}，让群众在家门口就能享受到优质服务",
    "通过问卷调查和入户走访，{s}收集意见建议{n}条，据此{v}{o}，做到按需施策、精准服务",
    "{s}还邀请专家学者开展专题培训{n}次，培训骨干{m}人次，专业化水平不断提高",
]


def paragraph(rng: random.Random, topic: str, sentences: int) -> str:
    out = []
    for _ in range(sentences):
        c = rng.choice(CLAUSES).format(
            x=topic, s=rng.choice(SUBJECTS), s2=rng.choice(SUBJECTS), v=rng.choice(VERBS), o=rng.choice(OBJECTS),
            n=rng.randint(3, 96), m=rng.randint(120, 9800), e=rng.choice(EFFECTS),
        )
        out.append(c + "。")
    return "".join(out)


def make_case(rng: random.Random, i: int) -> tuple[str, str]:
    type_name, topics = TYPES[i % 3]
    unit = UNITS[i % len(UNITS)]
    topic = rng.choice(topics)
    title = f"{topic}助力协同育人 第{i + 1}号实践探索"
    parts = [f"# {title}", "", f"报送单位：{unit}", "", f"案例类型：{type_name}", "", "## 一、基本情况", ""]
    parts += [paragraph(rng, topic, 4), "", paragraph(rng, topic, 3), "", paragraph(rng, topic, 3), "", "## 二、具体措施", ""]
    for k, head in enumerate(["（一）健全机制，压实责任", "（二）整合资源，搭建平台", "（三）精准施策，注重实效", "（四）强化保障，长效推进"]):
        parts += [f"### {head}", "", paragraph(rng, topic, 4), "", paragraph(rng, topic, 3), ""]
    parts += ["## 三、工作成效", "", paragraph(rng, topic, 4), "", paragraph(rng, topic, 3), ""]
    parts += ["## 四、下步工作打算", "", paragraph(rng, topic, 4), ""]
    return f"{type_name[:4]}_{unit}_{i + 1:03d}.md", "\n".join(parts)


def run(cmd: list[str], cwd: Path) -> tuple[float, float, str, float]:
    """Wall seconds, peak RSS (MB), output and CPU seconds (user + system) of one child process.

    CPU time is reported too because wall time on a shared machine varies by ±20 % or more."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    out = (proc.stdout.read() + proc.stderr.read()).decode(errors="replace") if proc.stdout and proc.stderr else ""
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0, 1):
        sys.exit(f"failed ({proc.returncode}): {' '.join(cmd)}\n{out[-3000:]}")
    return wall, usage.ru_maxrss / 1024, out, usage.ru_utime + usage.ru_stime


WEASYPRINT_ALONE = """
import sys
from weasyprint import HTML
doc = HTML(sys.argv[1]).render()
doc.write_pdf(sys.argv[2])
print(len(doc.pages))
"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cases", type=int, default=200)
    ap.add_argument("--keep", type=Path, help="keep the generated cases and outputs in this folder")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="jlt-bench-")) if args.keep is None else args.keep
    cases, outdir = tmp / "cases", tmp / "out"
    shutil.rmtree(cases, ignore_errors=True)
    shutil.rmtree(outdir, ignore_errors=True)
    cases.mkdir(parents=True)
    outdir.mkdir()
    rng = random.Random(20250707)
    chars = 0
    for i in range(args.cases):
        name, text = make_case(rng, i)
        (cases / name).write_text(text, encoding="utf-8")
        chars += sum(1 for c in text if not c.isspace())
    print(f"{args.cases} 篇合成案例，平均 {chars // args.cases} 字 → {cases}")

    jlt = [PY, "-m", "jlt_cli"]
    pdf = outdir / "汇编.pdf"
    # The same typesetting as WeasyPrint alone: one layout of the book (the pull-back of short last pages off).
    plain_cfg = tmp / "plain.yaml"
    plain_cfg.write_text("brochure:\n  pull_back_lines: 0\n", encoding="utf-8")
    t_jlt, rss_jlt, out, cpu_jlt = run(jlt + ["build", str(cases), "-o", str(pdf), "--config", str(plain_cfg)], ROOT)
    # The default: short last pages pulled back (a second layout of the book, plus probes of the cases concerned).
    pdf_fit = outdir / "汇编-收紧.pdf"
    t_fit, rss_fit, out_fit, cpu_fit = run(jlt + ["build", str(cases), "-o", str(pdf_fit)], ROOT)
    html_dir = outdir / "web"
    run(jlt + ["build", str(cases), "--format", "html", "-o", str(html_dir)], ROOT)
    t_wp, rss_wp, pages, cpu_wp = run(
        [PY, "-c", WEASYPRINT_ALONE, str(html_dir / "index.html"), str(outdir / "weasyprint.pdf")], ROOT
    )

    from pypdf import PdfReader

    n_pages = len(PdfReader(pdf).pages)
    included = next((line for line in out.splitlines() if "已汇编" in line), "").strip()
    print(f"{included}；PDF {n_pages} 页，{pdf.stat().st_size / 1e6:.1f} MB")
    print(f"jlt build（端到端）         {t_jlt:6.1f} s 墙钟  {cpu_jlt:6.1f} s CPU  峰值内存 {rss_jlt:5.0f} MB")
    print(f"WeasyPrint 单独（同一 HTML）{t_wp:6.1f} s 墙钟  {cpu_wp:6.1f} s CPU  峰值内存 {rss_wp:5.0f} MB  {pages.strip()} 页")
    print(f"比值：墙钟 {t_jlt / t_wp:.2f}×，CPU {cpu_jlt / cpu_wp:.2f}×（目标 ≤ 1.2×）；"
          f"峰值内存{'达标' if rss_jlt < 800 else '超标'}（目标 < 800 MB）")
    fit_pages = len(PdfReader(pdf_fit).pages)
    pulled = next((line for line in out_fit.splitlines() if "排回前一页" in line), "无需收紧").strip()
    print(f"默认（收紧尾页）            {t_fit:6.1f} s 墙钟  {cpu_fit:6.1f} s CPU  峰值内存 {rss_fit:5.0f} MB  {fit_pages} 页"
          f"（少 {n_pages - fit_pages} 页；{pulled}）；峰值内存{'达标' if rss_fit < 800 else '超标'}")
    if args.keep is None:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
