"""Label normalisation (spec §12): one spelling for what reports write many ways."""

from __future__ import annotations

import unicodedata
from .lazyre import lazy_compile

# What str.isspace() accepts, which is what \s matches (a test holds them
# equal). Spelled out: a translation table costs nothing to build, where a
# regex class with characters past U+00FF costs half a millisecond.
WHITESPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
    "\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
# Brackets to parentheses; whitespace, quotes, colons and asterisks dropped.
_TEXT_TABLE = str.maketrans(
    {"【": "(", "】": ")", "〔": "(", "〕": ")", **dict.fromkeys(WHITESPACE + "\"'“”‘’「」『』〝〞＂＇:：*＊")}
)
# A parenthetical that explains (more than a few characters and not a
# numbering such as (一) or (1)) is dropped: 部分公开(区分处理的，…) → 部分公开.
_EXPLANATION = lazy_compile(r"\((?![一二三四五六七八九十\d]{1,2}\))[^()]{3,}\)")
_LEADING_NUMBER = lazy_compile(r"^(?:[一二三四五六七八九十]+[、.,]|\([一二三四五六七八九十]+\)|\d+[.、,)]|\(\d+\))+")


# Full-width ASCII and the ideographic space to what NFKC makes of them, and
# the ellipsis too: most of what keeps Chinese text from being NFKC already.
_WIDE = str.maketrans({**{c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}, 0x3000: " ", 0x2026: "..."})


def nfkc(text: str) -> str:
    """unicodedata.normalize("NFKC", text), at a tenth of the cost on Chinese
    text: each replacement above is the character's own compatibility
    decomposition, so the result is NFKC's, and most text is then normalised
    already (a quick check) instead of decomposed and recomposed."""
    text = text.translate(_WIDE)
    return text if unicodedata.is_normalized("NFKC", text) else unicodedata.normalize("NFKC", text)


# Labels nest explanations two deep at most; more passes would make a
# hostile cell nested thousands deep cost quadratic time.
_MAX_PASSES = 3


def normalize_text(text: str) -> str:
    """NFKC (full-width → half-width), no spaces or quotes: for running text."""
    return nfkc(text).translate(_TEXT_TABLE)


def normalize(text: str) -> str:
    """A label: `normalize_text`, and no explanatory parentheticals."""
    text = normalize_text(text)
    for _ in range(_MAX_PASSES):  # nested parentheticals, innermost first
        shorter = _EXPLANATION.sub("", text)
        if shorter == text:
            break
        text = shorter
    return text


def strip_numbering(label: str) -> str:
    """`(一)予以公开` → `予以公开`, `一、本年新收…` → `本年新收…` (on normalised text)."""
    # Numbering is a few characters at the start: only the head is matched,
    # so a hostile label of repeated numbering costs no more than a real one.
    head = _LEADING_NUMBER.match(label[:32])
    return label[head.end():] if head else label
