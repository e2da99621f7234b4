"""Chinese fonts for the brochure: which configured families exist, and @font-face for font files.

WeasyPrint finds fonts through fontconfig; with no CJK font known to it, Chinese renders as
empty boxes (WeasyPrint #314, #1386). So before rendering we ask fontconfig itself
(``fc-list :lang=zh``) and stop with a Chinese message when there is nothing to print with.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from jlt_cli.config import Config

ROLES = ("serif", "sans", "kai", "title")
# When none of the configured families of a role is installed, the first installed of these is used.
FALLBACKS = {
    "serif": ["Noto Serif CJK SC", "Source Han Serif SC", "Noto Serif CJK", "AR PL UMing CN", "SimSun"],
    "sans": ["Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Zen Hei", "WenQuanYi Micro Hei", "SimHei"],
    "kai": ["LXGW WenKai", "AR PL KaitiM GB", "AR PL UKai CN", "KaiTi"],
    "title": ["Noto Serif CJK SC", "Source Han Serif SC", "Noto Sans CJK SC"],
}
# Roles a fallback may borrow from when the role's own kind of font is missing (楷体 → 宋体).
BORROW = {"serif": ["sans"], "sans": ["serif"], "kai": ["serif", "sans"], "title": ["serif", "sans"]}
INSTALL_HINT = "sudo apt-get install fonts-noto-cjk"


class FontError(Exception):
    """No usable Chinese font; the message is for the user."""


@dataclass
class FontFace:
    family: str
    path: Path


@dataclass
class FontPlan:
    roles: dict[str, list[str]]  # role -> CSS family list actually used
    faces: list[FontFace] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    fontconfig_families: int = 0

    @property
    def files(self) -> list[Path]:
        return [f.path for f in self.faces]

    def css(self, url_for: "Callable[[Path], str] | None") -> str:
        """The role variables the stylesheet uses, and @font-face rules when ``url_for`` gives URLs."""
        out = []
        for face in self.faces if url_for else []:
            out.append(f'@font-face {{ font-family: {_css_string(face.family)}; src: url({_css_string(url_for(face.path))}); }}')
        generic = {"serif": "serif", "sans": "sans-serif", "kai": "serif", "title": "serif"}
        decls = "; ".join(
            f"--font-{role}: {', '.join(_css_string(f) for f in fams)}, {generic[role]}"
            for role, fams in self.roles.items()
        )
        out.append(f":root {{ {decls}; }}")
        return "\n".join(out)


def _css_string(text: str) -> str:
    """A CSS string literal; < escaped too, so that the text can never close a <style> element."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ").replace("<", "\\3c ")
    return f'"{escaped}"'


def cjk_families(env: dict[str, str] | None = None) -> dict[str, list[Path]] | None:
    """Families fontconfig knows with Chinese coverage → their files; None when fc-list is missing."""
    exe = shutil.which("fc-list")
    if exe is None:
        return None
    try:
        out = subprocess.run(
            [exe, ":lang=zh", "--format", "%{file}\t%{family}\n"],
            capture_output=True, text=True, timeout=30, env=env or os.environ.copy(), check=False,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    found: dict[str, list[Path]] = {}
    for line in out.splitlines():
        path, _, families = line.partition("\t")
        for fam in families.split(","):
            fam = fam.strip().replace("\\-", "-")
            if fam:
                found.setdefault(fam, []).append(Path(path))
    return found


def font_file_families(path: Path) -> tuple[list[str], bool]:
    """Family names in a font file (every language) and whether it covers common Chinese."""
    from fontTools.ttLib import TTCollection, TTFont, TTLibError

    try:
        fonts = TTCollection(str(path)).fonts if path.suffix.lower() in (".ttc", ".otc") else [TTFont(str(path), lazy=True)]
    except (TTLibError, OSError, Exception):  # noqa: BLE001 - any unreadable font file is reported the same way
        return [], False
    names: list[str] = []
    cjk = False
    for font in fonts:
        for rec in font["name"].names:
            if rec.nameID in (1, 16):
                try:
                    name = rec.toUnicode().strip()
                except UnicodeDecodeError:
                    continue
                if name and name not in names:
                    names.append(name)
        try:
            cmap = font.getBestCmap() or {}
            cjk = cjk or all(ord(c) in cmap for c in "中国教育")
        except Exception:  # noqa: BLE001
            pass
    return names, cjk


def plan_fonts(config: Config, env: dict[str, str] | None = None) -> FontPlan:
    """Families per role (configured ones that exist, else installed fallbacks); FontError when none."""
    conf = config.get("brochure", "fonts") or {}
    warnings: list[str] = []
    faces: list[FontFace] = []
    file_families: list[str] = []
    for raw in conf.get("files") or []:
        path = Path(str(raw)).expanduser()
        if not path.is_absolute():
            path = config.base_dir / path
        if not path.is_file():
            warnings.append(f"字体文件不存在，已忽略：{path}")
            continue
        names, covers = font_file_families(path)
        if not names:
            warnings.append(f"无法读取字体文件，已忽略：{path}")
            continue
        if not covers:
            warnings.append(f"字体文件不含常用汉字，已忽略：{path}")
            continue
        for name in names:
            faces.append(FontFace(name, path.resolve()))
            file_families.append(name)

    installed = cjk_families(env)
    if installed is None:
        warnings.append("找不到 fc-list（fontconfig），无法确认已安装的中文字体。")
        known: dict[str, str] = {}
    else:
        known = {name.casefold(): name for name in installed}
    for name in file_families:
        known[name.casefold()] = name

    if installed is not None and not known:
        raise FontError(
            "未找到任何中文字体，无法生成汇编（否则 PDF 中的汉字会显示为方框）。"
            f"请安装思源/Noto 中文字体：{INSTALL_HINT}，"
            "或在 jlt.yaml 的 brochure.fonts.files 中给出字体文件的路径。"
        )

    roles: dict[str, list[str]] = {}
    for role in ROLES:
        wanted = [str(f) for f in conf.get(role) or []]
        if installed is None:
            roles[role] = wanted or FALLBACKS[role]
            continue
        have = [known[f.casefold()] for f in wanted if f.casefold() in known]
        if not have:
            have = [known[f.casefold()] for f in FALLBACKS[role] if f.casefold() in known]
            if have and wanted:
                warnings.append(f"配置的{ROLE_NAMES[role]}字体（{'、'.join(wanted)}）均未安装，改用 {have[0]}。")
        roles[role] = have
    # Roles still empty borrow from another role, or take any installed CJK family.
    for role in ROLES:
        if not roles[role]:
            for other in BORROW[role]:
                if roles.get(other):
                    roles[role] = list(roles[other])
                    if installed is not None:
                        # say so: 楷体 passages (sub-headings, captions) will look like the body text
                        hint = "，可安装 fonts-arphic-ukai" if role == "kai" else ""
                        warnings.append(f"未安装{ROLE_NAMES[role]}字体，改用 {roles[role][0]}{hint}。")
                    break
        if not roles[role] and known:
            roles[role] = [sorted(known.values())[0]]
            warnings.append(f"未找到合适的{ROLE_NAMES[role]}字体，改用 {roles[role][0]}。")
    return FontPlan(roles=roles, faces=faces, warnings=warnings, fontconfig_families=len(installed or {}))


ROLE_NAMES = {"serif": "正文（宋体类）", "sans": "标题（黑体类）", "kai": "楷体", "title": "大标题"}


# Characters every CJK font of the plan covers; only the others are worth asking fontconfig about.
_COMMON = (
    (0x20, 0x7E), (0xA0, 0x24F), (0x2000, 0x206F), (0x2100, 0x27BF), (0x3000, 0x303F), (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0xFE30, 0xFE4F), (0xFF00, 0xFFEF),
)
MAX_GLYPH_QUERIES = 200


def _common(ch: str) -> bool:
    code = ord(ch)
    return ch.isspace() or any(a <= code <= b for a, b in _COMMON)


def uncovered_characters(chars: set[str], env: dict[str, str] | None = None) -> list[str]:
    """Characters no installed font can draw (they would print as empty boxes), sorted; [] when unknown.

    WeasyPrint falls back through fontconfig, so a character is drawable when any font has it.
    """
    exe = shutil.which("fc-list")
    rare = sorted(ch for ch in chars if not _common(ch) and ord(ch) >= 0x20)[:MAX_GLYPH_QUERIES]
    if not exe or not rare:
        return []
    missing = []
    for ch in rare:
        try:
            out = subprocess.run([exe, f":charset={ord(ch):x}", "family"], capture_output=True, text=True,
                                 timeout=10, env={**os.environ, **(env or {})}).stdout
        except (OSError, subprocess.SubprocessError):
            return []
        if not out.strip():
            missing.append(ch)
    return missing
