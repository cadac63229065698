"""Characters → lines of text, and text runs joined without stray spaces.

Characters are clustered into lines by vertical position; a line's text
gets spaces only where Latin words meet, never next to CJK.
"""

from __future__ import annotations

from ...text.cjk import joins_without_space as _is_cjk


def _join_text(a: str, b: str) -> str:
    """Join two text runs (wrapped lines, or halves of a cell split by a
    page break): no space next to CJK, one space between Latin words."""
    if not a:
        return b
    if not b:
        return a
    x, y = a[-1], b[0]
    if _is_cjk(x) or _is_cjk(y):
        return a + b
    if x.isdigit() and y.isdigit():
        return a + b  # a number wrapped in a narrow cell
    if (x.isalnum() or x in ",.;:!?") and y.isalnum():
        return a + " " + b
    return a + b


class _Line:
    __slots__ = ("text", "x0", "x1", "top", "bottom", "size")

    def __init__(self, chars: list[dict]):  # the characters are not kept: a document's lines live until assembly
        ink = [c for c in chars if not c["text"].isspace()]
        self.x0 = min(c["x0"] for c in ink)
        self.x1 = max(c["x1"] for c in ink)
        self.top = min(c["top"] for c in ink)
        self.bottom = max(c["bottom"] for c in ink)
        sizes = sorted(c["size"] for c in ink)
        self.size = sizes[len(sizes) // 2] or 1.0
        self.text = _line_text(chars)


def _line_text(chars: list[dict]) -> str:
    """Text of one line of characters sorted left to right.

    Spaces come from explicit space characters or from gaps, and only
    between two non-CJK characters: justified Chinese text and Word's
    CJK/Latin auto-spacing leave gaps that are not word boundaries.
    """
    out: list[str] = []
    prev = None  # last ink char
    pending_space = False
    for c in chars:
        t = c["text"]
        if t.isspace():
            pending_space = prev is not None
            continue
        if prev is not None:
            # Fake bold: the same glyph drawn twice a fraction of a point apart.
            if t == prev["text"] and abs(c["x0"] - prev["x0"]) < max(1.0, 0.1 * c["size"]) and abs(c["top"] - prev["top"]) < 1.0:
                continue
            gap = c["x0"] - prev["x1"]
            if (pending_space or gap > 0.3 * (c["size"] or 1.0)) and not (_is_cjk(out[-1][-1]) or _is_cjk(t[0])):
                out.append(" ")
        out.append(t)
        prev = c
        pending_space = False
    return "".join(out)


def _group_lines(chars: list[dict]) -> list[_Line]:
    """Cluster characters into lines by vertical position, top to bottom."""
    ink = [c for c in chars if c["text"] and not c["text"].isspace()]
    if not ink:
        return []
    items = sorted(chars, key=lambda c: (c["top"] + c["bottom"]) / 2)
    lines: list[list[dict]] = []
    cur: list[dict] = []
    hi = 0.0
    for c in items:
        mid = (c["top"] + c["bottom"]) / 2
        if cur and mid <= hi:
            cur.append(c)
            if not c["text"].isspace():
                hi = max(hi, c["bottom"] - 0.25 * (c["bottom"] - c["top"]))
            continue
        if cur:
            lines.append(cur)
        cur = [c]
        # A line reaches down to three quarters of its tallest glyph: the
        # next line's middle is always below that, a neighbour's is not.
        hi = c["bottom"] - 0.25 * (c["bottom"] - c["top"])
    if cur:
        lines.append(cur)
    out = []
    for group in lines:
        if all(c["text"].isspace() for c in group):
            continue
        group.sort(key=lambda c: c["x0"])
        line = _Line(group)
        if line.text:
            out.append(line)
    out.sort(key=lambda ln: ln.top)
    return out


def _chars_text(chars: list[dict]) -> str:
    text = ""
    for line in _group_lines(chars):
        text = _join_text(text, line.text)
    return text.strip()
