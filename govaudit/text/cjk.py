"""What counts as a CJK character: one definition for every stage.

Between two CJK characters a space is never a word boundary (it is line
wrapping or markup), so loaders drop it; the PDF joiner also treats the
curly quotes, dashes and ellipsis of Chinese text as CJK.
"""

from __future__ import annotations

CJK_RANGES = (
    (0x2E80, 0x2FDF),  # radicals
    (0x3000, 0x303F),  # CJK punctuation, ideographic space
    (0x3040, 0x30FF),  # kana (occasionally in fonts' punctuation)
    (0x3100, 0x312F),
    (0x3200, 0x33FF),
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xF900, 0xFAFF),
    (0xFE30, 0xFE4F),  # vertical forms
    (0xFF00, 0xFFEF),  # full-width forms
    (0x20000, 0x2FFFF),
)
# The ideographs alone, as a regular-expression class (similarity, prose figures).
IDEOGRAPHS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# Curly quotes, dashes and ellipsis sit between Chinese characters in
# Chinese text; a gap next to them is layout, not a word boundary.
_SIDE_PUNCT = frozenset("‘’“”…—–·•")


def is_cjk(ch: str) -> bool:
    code = ord(ch)
    for lo, hi in CJK_RANGES:
        if lo <= code <= hi:
            return True
    return False


def joins_without_space(ch: str) -> bool:
    """CJK, or punctuation that Chinese text sets between CJK characters."""
    return ch in _SIDE_PUNCT or is_cjk(ch)
