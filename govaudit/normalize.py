"""Label normalisation (spec §12): one spelling for what reports write many ways."""

from __future__ import annotations

import re
import unicodedata

_DROP = re.compile(r"[\s\u00a0\u3000\"'“”‘’「」『』〝〞＂＇:：*＊]")
# A parenthetical that explains (more than a few characters and not a
# numbering such as (一) or (1)) is dropped: 部分公开(区分处理的，…) → 部分公开.
_EXPLANATION = re.compile(r"\((?![一二三四五六七八九十\d]{1,2}\))[^()]{3,}\)")
_LEADING_NUMBER = re.compile(r"^(?:[一二三四五六七八九十]+[、.,]|\([一二三四五六七八九十]+\)|\d+[.、,)]|\(\d+\))+")


def normalize(text: str) -> str:
    """NFKC (full-width → half-width), no spaces or quotes, no explanatory parentheticals."""
    text = unicodedata.normalize("NFKC", text)
    text = text.replace("【", "(").replace("】", ")").replace("〔", "(").replace("〕", ")")
    text = _DROP.sub("", text)
    previous = None
    while previous != text:  # nested parentheticals, innermost first
        previous = text
        text = _EXPLANATION.sub("", text)
    return text


def strip_numbering(label: str) -> str:
    """`(一)予以公开` → `予以公开`, `一、本年新收…` → `本年新收…` (on normalised text)."""
    return _LEADING_NUMBER.sub("", label)
