"""Character classes every layer agrees on: what is Chinese, what is invisible."""

from __future__ import annotations

import re

# Han ideographs (CJK Unified, Extension A, Compatibility): the characters of Chinese prose.
CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CJK_RE = re.compile(f"[{CJK}]")

# Characters with no width that text copied from WeChat, web pages or Word carries invisibly: zero-width
# spaces and joiners, a stray BOM, and bidi controls (which can also hide a heading from a reader).
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff" "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
DROP_INVISIBLE = dict.fromkeys(map(ord, INVISIBLE))


def drop_invisible(text: str) -> str:
    return text.translate(DROP_INVISIBLE)
