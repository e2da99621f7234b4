"""``jlt doctor``: is this machine ready to build the brochure? (Python, WeasyPrint, Pango, fonts, soffice)"""

from __future__ import annotations

import platform
import shutil
import sys
from pathlib import Path
from typing import Optional

import typer

from jlt_cli.cli import EXIT_FAILURE, EXIT_OK, ConfigOpt, get_config
from jlt_cli.outputs.terminal import clean, stdout_console


def doctor(config_file: Optional[Path] = ConfigOpt) -> None:
    """检查运行环境：Python、WeasyPrint/Pango 版本、各角色的中文字体、LibreOffice。"""
    from jlt_cli.outputs.brochure.fonts import INSTALL_HINT, ROLES, _ROLE_NAMES, FontError, cjk_families, plan_fonts

    out = stdout_console()
    config = get_config(config_file)
    ok = True
    out.print(f"Python      {platform.python_version()}（{clean(sys.executable)}）")
    try:
        import weasyprint
        from weasyprint.text.ffi import harfbuzz_subset, pango

        v = int(pango.pango_version())  # e.g. 15006 for 1.50.6
        pango_version = f"{v // 10000}.{v // 100 % 100}.{v % 100}"
        out.print(f"WeasyPrint  {weasyprint.__version__}")
        out.print(f"Pango       {pango_version}")
        if harfbuzz_subset is None:
            out.print("[yellow]HarfBuzz-subset 未安装[/]：嵌入字体会改用 fontTools，每次生成多花约 1 分钟。"
                      "修复：sudo apt-get install libharfbuzz-subset0")
        else:
            out.print("HarfBuzz-subset 可用")
    except Exception as exc:  # noqa: BLE001 - report whatever is broken
        ok = False
        out.print(f"[red]WeasyPrint 无法加载[/]：{clean(str(exc))}。请安装 Pango：sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0")

    from jlt_cli.outputs.brochure.justify import available

    out.print("中文两端对齐  " + ("可用" if available() else "[yellow]不可用（此 WeasyPrint 版本未适配，中文行尾会略有参差）[/]"))

    found = cjk_families()
    if found is None:
        out.print("[yellow]找不到 fc-list（fontconfig），无法列出字体[/]")
    else:
        out.print(f"fontconfig 中的中文字体族：{len(found)} 个")
    try:
        plan = plan_fonts(config)
        for role in ROLES:
            fams = plan.roles.get(role) or []
            out.print(f"  {_ROLE_NAMES[role]}：{clean('、'.join(fams)) or '—'}")
        for w in plan.warnings:
            out.print(f"  [yellow]注意：[/]{clean(w)}")
    except FontError as exc:
        ok = False
        out.print(f"[red]{clean(str(exc))}[/]")
        out.print(f"修复：{INSTALL_HINT}")

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    out.print(f"LibreOffice {clean(soffice) if soffice else '未安装（仅在转换 .doc/.wps 时需要：sudo apt-get install libreoffice-writer）'}")
    raise typer.Exit(EXIT_OK if ok else EXIT_FAILURE)


def register(app: typer.Typer) -> None:
    app.command(name="doctor")(doctor)
