"""Word-boundary confirmation for keyword hits: 应急 in 应急预案 is a
mention, in 供应急需 it is not. jieba is loaded only when a hit needs it."""

from __future__ import annotations

import functools

_WINDOW = 12


@functools.cache
def _tokenizer():
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba


def is_word_start(text: str, start: int, end: int) -> bool:
    """True when a jieba token begins where the keyword begins."""
    jieba = _tokenizer()
    lo = max(0, start - _WINDOW)
    window = text[lo : end + _WINDOW]
    offset = start - lo
    for word, s, e in jieba.tokenize(window):
        if s == offset:
            return True
        if s < offset < e:
            return False
    return False
