"""两端对齐 for Chinese text in WeasyPrint, without putting anything into the text.

Why this exists: WeasyPrint's ``text-align: justify`` only stretches U+0020 and U+00A0
(``layout.inline.count_expandable_spaces``); a line of Chinese has no spaces, so it stays
ragged. Measured alternatives, all rejected:

- U+200B between characters: not counted as an expansion opportunity (only ' ' and NBSP are),
  so nothing stretches.
- U+0020 / U+2009 between characters with negative ``word-spacing``: justifies, but every
  copied line then reads "合 川 区"; pypdf and pdftotext both return the spaces.
- U+00A0: the same, with NBSPs in the copied text.

What we do instead: while jlt renders, WeasyPrint's justification counts the gaps between
the characters of a text box that holds CJK text (not only its spaces), and when the line is
drawn the extra width goes into Pango letter-spacing over that box. Pango puts letter-spacing
between graphemes and removes it at both ends of the line, so (characters − 1) gaps receive
exactly the extra width and the right edge is flush. The PDF text is unchanged: spacing is a
positioning adjustment in the TJ array, not a character (tests/test_build.py checks copy-out).

The patch touches two WeasyPrint internals, so it is guarded: it is applied only when they
have the expected shape, only inside ``cjk_justification()`` (never globally), and a
WeasyPrint that changes them gets the stock (ragged CJK) behaviour instead of an error.
"""

from __future__ import annotations

import contextlib
import re
import threading
import unicodedata
from typing import Iterator

_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\U00020000-\U0002fa1f]")
# A text box of nothing but these marks (a squeezed ” between two spans, see html.squeeze_punctuation) is set
# full-width in Chinese text and is stretched like its neighbours.
_MARKS_ONLY = re.compile(r"[\u2018-\u201d\u2026\u2014\u00b7]+")
_SPACES = " \u00a0\n\t"
_ZERO_WIDTH = set("\u200b\u200c\u200d\u2060\ufeff")
_lock = threading.Lock()
# CSS px (0.5 px = 0.13 mm): a line this close to the measure is not stretched.
MIN_STRETCH = 0.5
# No gap between two characters is widened by more than this fraction of the font size.
MAX_STRETCH_EM = 0.15


def _stretchable(text: str) -> bool:
    return bool(_CJK.search(text) or _MARKS_ONLY.fullmatch(text))


def _gaps(text: str) -> int:
    n = sum(1 for c in text if c not in _ZERO_WIDTH and not unicodedata.combining(c))
    return max(n - 1, 0)


def _internals():
    """WeasyPrint pieces we hook into, or None when this WeasyPrint is not the shape we know."""
    try:
        from weasyprint.formatting_structure import boxes
        from weasyprint.layout import inline
        from weasyprint.text import line_break
        from weasyprint.text.ffi import ffi, pango
    except ImportError:  # pragma: no cover - depends on WeasyPrint's layout
        return None
    layout_cls = getattr(line_break, "Layout", None)
    needed = (
        callable(getattr(inline, "count_expandable_spaces", None))
        and callable(getattr(inline, "justify_line", None))
        and layout_cls is not None
        and callable(getattr(layout_cls, "set_text", None))
        and hasattr(pango, "pango_attr_letter_spacing_new")
        and hasattr(pango, "pango_layout_get_attributes")
    )
    if not needed:
        return None
    return boxes, inline, line_break, ffi, pango


def available() -> bool:
    return _internals() is not None


@contextlib.contextmanager
def cjk_justification() -> Iterator[bool]:
    """Within this block WeasyPrint justifies CJK lines; yields whether the patch is active."""
    parts = _internals()
    if parts is None:
        yield False
        return
    boxes, inline, line_break, ffi, pango = parts
    to_units = getattr(line_break, "TO_UNITS", 1024)
    orig_count = inline.count_expandable_spaces
    orig_justify = inline.justify_line
    orig_set_text = line_break.Layout.set_text

    # Text boxes (ids) of the line being justified that are followed by more text on it: a span (a squeezed
    # mark, a bound line end) splits a line into several boxes, and the gap after each but the last is one
    # more place to stretch. Its share is added to the box's width, after its last character.
    open_ends: set[int] = set()

    def justify_line(context, line, extra_width):  # type: ignore[no-untyped-def]
        # A line short by less than MIN_STRETCH is flush to the eye; stretching it would cost a
        # Pango relayout for nothing (most lines of pure Chinese fill the measure exactly).
        if extra_width < MIN_STRETCH:
            return None
        texts = [b for b in _text_boxes(line) if b.text]
        open_ends.clear()
        open_ends.update(id(b) for b, nxt in zip(texts, texts[1:])
                         if _stretchable(b.text) and b.text[-1] not in _SPACES and nxt.text[0] not in _SPACES)
        try:
            # A line left short by a long Latin word or URL pushed to the next line would be spread to
            # h t t p s : / / — leave it ragged instead, as a typesetter would.
            gaps = count_expandable_spaces(line)
            size = line.style["font_size"] if hasattr(line, "style") else 0
            if gaps and size and extra_width / gaps > MAX_STRETCH_EM * size:
                return None
            return orig_justify(context, line, extra_width)
        finally:
            open_ends.clear()

    def _text_boxes(box):  # type: ignore[no-untyped-def]
        if isinstance(box, boxes.TextBox):
            yield box
        elif isinstance(box, (boxes.LineBox, boxes.InlineBox)):
            for child in box.children:
                yield from _text_boxes(child)

    def count_expandable_spaces(box):  # type: ignore[no-untyped-def]
        if isinstance(box, boxes.TextBox):
            if _stretchable(box.text):
                return _gaps(box.text) + (id(box) in open_ends)
            return orig_count(box)
        if isinstance(box, (boxes.LineBox, boxes.InlineBox)):
            return sum(count_expandable_spaces(child) for child in box.children)
        return 0

    def set_text(self, text, justify=False):  # type: ignore[no-untyped-def]
        spacing = self.justification_spacing
        if not (justify and spacing and _stretchable(text)):
            return orig_set_text(self, text, justify)
        # Let WeasyPrint set up the layout without stretching spaces, then spread the
        # extra width over every grapheme gap as letter-spacing.
        self.justification_spacing = 0
        try:
            orig_set_text(self, text, justify)
        finally:
            self.justification_spacing = spacing
        letter_spacing = self.style["letter_spacing"]
        if letter_spacing == "normal":
            letter_spacing = 0
        length = len(self.text.encode())
        attr_list = pango.pango_layout_get_attributes(self.layout)
        if attr_list == ffi.NULL:
            attr_list = ffi.gc(pango.pango_attr_list_new(), pango.pango_attr_list_unref)
        attr = pango.pango_attr_letter_spacing_new(int((letter_spacing + spacing) * to_units))
        attr.start_index, attr.end_index = 0, length
        pango.pango_attr_list_change(attr_list, attr)
        pango.pango_layout_set_attributes(self.layout, attr_list)
        return None

    with _lock:
        inline.count_expandable_spaces = count_expandable_spaces
        inline.justify_line = justify_line
        line_break.Layout.set_text = set_text
        try:
            yield True
        finally:
            inline.count_expandable_spaces = orig_count
            inline.justify_line = orig_justify
            line_break.Layout.set_text = orig_set_text
