"""Label normalisation (spec §12): one spelling for what reports write many ways."""

from __future__ import annotations

import re
import unicodedata

_DROP = re.compile(r"[\s\u00a0\u3000\"'“”‘’「」『』〝〞＂＇:：*＊]")
# A parenthetical that explains (more than a few characters and not a
# numbering such as (一) or (1)) is dropped: 部分公开(区分处理的，…) → 部分公开.
_EXPLANATION = re.compile(r"\((?![一二三四五六七八九十\d]{1,2}\))[^()]{3,}\)")
_LEADING_NUMBER = re.compile(r"^(?:[一二三四五六七八九十]+[、.,]|\([一二三四五六七八九十]+\)|\d+[.、,)]|\(\d+\))+")


# Labels nest explanations two deep at most; more passes would make a
# hostile cell nested thousands deep cost quadratic time.
_MAX_PASSES = 3


def normalize_text(text: str) -> str:
    """NFKC (full-width → half-width), no spaces or quotes: for running text."""
    text = unicodedata.normalize("NFKC", text)
    text = text.replace("【", "(").replace("】", ")").replace("〔", "(").replace("〕", ")")
    return _DROP.sub("", text)


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
