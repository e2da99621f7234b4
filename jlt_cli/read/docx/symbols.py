"""Symbol and Wingdings glyphs (w:sym, U+F0xx text) mapped to the Unicode characters they show."""

from __future__ import annotations

import re

from lxml import etree

from jlt_cli.read.docx.ooxml import is_hex, w

SYMBOL_FONT = dict(zip(range(0x20, 0x7F), " !∀#∃%&∋()∗+,−./0123456789:;<=>?≅ΑΒΧΔΕΦΓΗΙϑΚΛΜΝΟΠΘΡΣΤΥςΩΞΨΖ[∴]⊥_"
                                           "‾αβχδεφγηιϕκλμνοπθρστυϖωξψζ{|}∼"))
SYMBOL_FONT.update(zip(range(0xA0, 0xE6), "€ϒ′≤⁄∞ƒ♣♦♥♠↔←↑→↓°±″≥×∝∂•÷≠≡≈…⏐⎯↵ℵℑℜ℘⊗⊕∅∩∪⊃⊇⊄⊂⊆∈∉∠∇®©™∏√⋅¬∧∨⇔⇐⇑⇒⇓◊〈®©™∑"))
SYMBOL_FONT.update({0xF1: "〉", 0xF2: "∫"})
WINGDINGS = {0xFC: "✓", 0xFB: "✗", 0xFE: "☑", 0xFD: "☒", 0x6F: "□", 0xA8: "□", 0x6C: "●", 0x9F: "•", 0x6E: "■",
              0xA7: "▪", 0x71: "❑", 0xD8: "➢", 0xE0: "→"}


def sym_text(el: etree._Element) -> str:
    raw = el.get(w("char")) or ""
    if not is_hex(raw):
        return ""
    code = int(raw, 16)
    font = (el.get(w("font")) or "").lower()
    low = code - 0xF000 if 0xF000 <= code <= 0xF0FF else code
    if 0xF000 <= code <= 0xF0FF or code < 0x100:
        if "symbol" in font:
            return SYMBOL_FONT.get(low, "")
        if "wingdings" in font or "webdings" in font:
            return WINGDINGS.get(low, "")
        return chr(low) if 0x20 <= low < 0x7F else ""
    if 0xE000 <= code <= 0xF8FF or code < 0x20 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        return ""
    return chr(code)


SYMBOL_PUA = re.compile("[\uf000-\uf0ff]")


def map_symbol_text(text: str, rpr: etree._Element | None) -> str:
    """Symbol/Wingdings glyphs typed as U+F0xx: map to Unicode where known, else drop (never show PUA boxes)."""
    fonts = ""
    if rpr is not None:
        rfonts = rpr.find(w("rFonts"))
        if rfonts is not None:
            fonts = " ".join(v for v in rfonts.attrib.values()).lower()
    table = SYMBOL_FONT if "symbol" in fonts else WINGDINGS if "wingdings" in fonts else {}
    return SYMBOL_PUA.sub(lambda m: table.get(ord(m.group()) - 0xF000, ""), text)
