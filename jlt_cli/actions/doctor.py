"""``jlt doctor``: is this machine ready to build the brochure? (Python, WeasyPrint, Pango, fonts, LibreOffice)"""

from __future__ import annotations

import platform
import shutil
import sys
from dataclasses import dataclass

from jlt_cli.config import Config


@dataclass(frozen=True)
class Check:
    text: str
    level: str = "ok"  # ok / warning / error


def doctor(config: Config) -> list[Check]:
    from jlt_cli.outputs.brochure.fonts import INSTALL_HINT, ROLE_NAMES, ROLES, FontError, cjk_families, plan_fonts
    from jlt_cli.outputs.brochure.justify import available

    out = [Check(f"Python      {platform.python_version()}（{sys.executable}）")]
    try:
        import weasyprint
        from weasyprint.text.ffi import harfbuzz_subset, pango

        v = int(pango.pango_version())  # e.g. 15006 for 1.50.6
        out.append(Check(f"WeasyPrint  {weasyprint.__version__}"))
        out.append(Check(f"Pango       {v // 10000}.{v // 100 % 100}.{v % 100}"))
        if harfbuzz_subset is None:
            out.append(Check("HarfBuzz-subset 未安装：嵌入字体会改用 fontTools，每次生成多花约 1 分钟。"
                             "修复：sudo apt-get install libharfbuzz-subset0", "warning"))
        else:
            out.append(Check("HarfBuzz-subset 可用"))
    except Exception as exc:  # noqa: BLE001 - report whatever is broken
        out.append(Check(f"WeasyPrint 无法加载：{exc}。请安装 Pango：sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0", "error"))

    out.append(Check("中文两端对齐  可用") if available()
               else Check("中文两端对齐  不可用（此 WeasyPrint 版本未适配，中文行尾会略有参差）", "warning"))
    found = cjk_families()
    out.append(Check(f"fontconfig 中的中文字体族：{len(found)} 个") if found is not None
               else Check("找不到 fc-list（fontconfig），无法列出字体", "warning"))
    try:
        plan = plan_fonts(config)
        for role in ROLES:
            out.append(Check(f"  {ROLE_NAMES[role]}：{'、'.join(plan.roles.get(role) or []) or '—'}"))
        out.extend(Check(f"  注意：{w}", "warning") for w in plan.warnings)
    except FontError as exc:
        out.append(Check(f"{exc} 修复：{INSTALL_HINT}", "error"))
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    out.append(Check(f"LibreOffice {soffice}") if soffice else Check(
        "LibreOffice 未安装（转换 .doc/.wps、生成 Word 汇编的目录页码时需要：sudo apt-get install libreoffice-writer-nogui）", "warning"))
    return out
