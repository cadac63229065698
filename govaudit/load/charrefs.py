"""Character references (&nbsp; &#20013; &ldquo; …), resolved as html.unescape
resolves them, and, for text runs, where each resolved character stood in
the source, so that a figure after a reference is still located exactly."""

from __future__ import annotations

import re
from ..text.lazyre import lazy_compile

# html.unescape's own pattern: resolving each match alone gives what
# unescaping the whole text does.
_CHARREF = lazy_compile(r"&(#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[^\t\n\f <&#;]{1,32};?)")
# A numeric reference with many digits: html.unescape calls int() on all of
# them (ValueError past 4300 digits), so they are cut down first.
_LONG_CHARREF = lazy_compile(r"&#(?:([xX])([0-9a-fA-F]{8,})|([0-9]{8,}))(;?)")

# The references real pages use, and what html.unescape makes of them (a
# test holds the two equal): text holding only these is resolved without
# importing the standard library's table of 2,231 entities (1 ms).
COMMON = {
    "&nbsp;": "\xa0", "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#39;": "'", "&apos;": "'",
    "&ldquo;": "“", "&rdquo;": "”", "&lsquo;": "‘", "&rsquo;": "’", "&mdash;": "—", "&ndash;": "–",
    "&hellip;": "…", "&middot;": "·", "&times;": "×", "&emsp;": "\u2003", "&ensp;": "\u2002",
}


def _shorten(m: re.Match) -> str:
    hexa = m.group(1)
    digits = (m.group(2) or m.group(3)).lstrip("0") or "0"
    if len(digits) > (6 if hexa else 7):  # past U+10FFFF: what html.unescape gives
        return "\ufffd"
    return "&#" + (hexa or "") + digits + m.group(4)


def resolve(ref: str) -> str:
    """What one reference (a whole match of the pattern) stands for."""
    common = COMMON.get(ref)
    if common is not None:
        return common
    if ref.startswith("&#"):
        ref = _LONG_CHARREF.sub(_shorten, ref)
    from html import unescape

    return unescape(ref)


def _resolve_match(m: re.Match) -> str:
    return resolve(m.group())


def unescape(text: str) -> str:
    if "&" not in text:
        return text
    return _CHARREF.sub(_resolve_match, text)


def unescape_with_widths(text: str) -> tuple[str, dict[int, int] | None]:
    """`unescape(text)`, and the source characters each resolved character
    covers beyond its own: {index in the result: extra}. A reference that
    resolves to nothing adds its length to the character before it (index
    -1 when it opens the text). None when nothing was resolved."""
    if "&" not in text:
        return text, None
    parts: list[str] = []
    widths: dict[int, int] = {}
    last = length = 0
    for m in _CHARREF.finditer(text):
        parts.append(text[last : m.start()])
        length += m.start() - last
        ref = m.group()
        resolved = resolve(ref)
        parts.append(resolved)
        extra = len(ref) - len(resolved)
        if extra:
            at = length if resolved else length - 1
            widths[at] = widths.get(at, 0) + extra
        length += len(resolved)
        last = m.end()
    parts.append(text[last:])
    return "".join(parts), widths or None


def source_offset(widths: dict[int, int] | None, index: int) -> int:
    """Where character `index` of a resolved run starts in its source."""
    if not widths:
        return index
    return index + sum(extra for at, extra in widths.items() if at < index)
