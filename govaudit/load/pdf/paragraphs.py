"""Lines → paragraphs: whether a line continues the paragraph above it.

The body text's size, margins and line spacing are measured over the
whole document; headings and page numbers are recognised by their text.
"""

from __future__ import annotations

from collections import Counter

from .lines import _Line
from ...text.lazyre import lazy_compile

_PAGE_NUMBER = lazy_compile(r"^(?:[-—–－―_~·•\s]*\d{1,4}[-—–－―_~·•\s]*|第\s*\d+\s*页(?:\s*[，,/]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+)$")
_HEADING = lazy_compile(r"^(?:[一二三四五六七八九十]+[、．.]|[（(][一二三四五六七八九十]+[）)]|[（(]\d{1,2}[）)]|\d{1,2}[、．.](?!\d))")
_SENTENCE_END = "。！？；：!?;:"


class _Layout:
    """Typical geometry of the body text, measured over the whole document."""

    def __init__(self, pages_lines: list[list[_Line]]):
        lines = [ln for page in pages_lines for ln in page]
        sizes = Counter(round(ln.size) for ln in lines)
        self.body_size = float(sizes.most_common(1)[0][0]) if sizes else 12.0
        body = [ln for ln in lines if abs(ln.size - self.body_size) <= 1] or lines
        lefts = Counter(round(ln.x0) for ln in body)
        self.left = float(lefts.most_common(1)[0][0]) if lefts else 0.0
        rights = sorted(ln.x1 for ln in body)
        self.right = rights[int(0.9 * (len(rights) - 1))] if rights else 0.0
        gaps = []
        for page in pages_lines:
            for p, q in zip(page, page[1:]):
                g = q.top - p.bottom
                if abs(p.size - q.size) <= 1 and 0 <= g < 3 * p.size:
                    gaps.append(g)
        gaps.sort()
        self.gap = gaps[len(gaps) // 2] if gaps else 0.5 * self.body_size

    def centered(self, ln: _Line) -> bool:
        lg, rg = ln.x0 - self.left, self.right - ln.x1
        return lg > 1.5 * ln.size and abs(lg - rg) < 1.5 * ln.size

    def indented(self, ln: _Line) -> bool:
        return ln.x0 - self.left > 0.8 * ln.size

    def full(self, ln: _Line) -> bool:
        return ln.x1 >= self.right - 1.5 * ln.size

    def continues(self, p: _Line, q: _Line, same_page: bool) -> bool:
        """Whether line q continues the paragraph whose last line is p."""
        if abs(p.size - q.size) > 0.2 * max(p.size, q.size):
            return False
        if same_page and q.top - p.bottom > self.gap + 0.8 * q.size:
            return False
        if self.centered(p) and self.centered(q):
            return same_page  # a title wrapped over two centred lines
        if self.indented(q):
            return False
        if not self.full(p):
            return False
        if _HEADING.match(q.text) and p.text and p.text[-1] in _SENTENCE_END:
            return False
        return True


def _is_page_number(line: _Line, height: float) -> bool:
    if line.top < 0.1 * height or line.bottom > 0.85 * height:
        return bool(_PAGE_NUMBER.match(line.text.strip()))
    return False
