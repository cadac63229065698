"""Bytes → text. The only place that guesses encodings.

Chinese government pages are UTF-8 or GBK/GB18030, with or without a BOM or
a declaration; Notepad saves UTF-16. Binary files are refused here, before
any parser sees them.
"""

from __future__ import annotations

import codecs
import re

from ..errors import InputError

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_DECLARED = re.compile(rb"""charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_CHINESE_ALIASES = {"gb2312", "gbk", "gb18030", "x-gbk", "cp936", "euc-cn"}
# C0 control bytes other than tab, newline, form feed, carriage return, ESC.
_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27))


def _looks_binary(sample: bytes) -> bool:
    if not sample:
        return False
    controls = len(sample) - len(sample.translate(None, _CONTROL))
    return controls / len(sample) > 0.01


def _utf16_without_bom(data: bytes) -> str | None:
    """Notepad-style UTF-16 without BOM: every other byte is NUL in ASCII runs."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even_nuls = sample[0::2].count(0) / len(sample[0::2])
    odd_nuls = sample[1::2].count(0) / len(sample[1::2])
    encoding = None
    if odd_nuls > 0.3 and even_nuls < 0.05:
        encoding = "utf-16-le"
    elif even_nuls > 0.3 and odd_nuls < 0.05:
        encoding = "utf-16-be"
    if encoding is None:
        return None
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def decode(path: str, data: bytes, declared_search: bool = False) -> str:
    """Decode a text-like input; raises InputError for binary or undecodable data.

    `declared_search`: look for an HTML/XML charset declaration first.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                raise InputError(path, f"文件以 {encoding} 字节序标记开头，但内容不是有效的 {encoding} 文本") from None
    if b"\x00" in data[:4096]:
        text = _utf16_without_bom(data)
        if text is not None:
            return text
        raise InputError(path, "看起来是二进制文件（含 NUL 字节），不是文本报告")
    if _looks_binary(data[:65536]):
        raise InputError(path, "看起来是二进制文件，不是文本报告")

    candidates: list[str] = []
    if declared_search:
        match = _DECLARED.search(data[:8192])
        if match:
            name = match.group(1).decode("ascii", "replace").lower()
            candidates.append("gb18030" if name in _CHINESE_ALIASES else name)
    candidates += ["utf-8", "gb18030"]
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        return text.replace("\x00", "")
    # Neither declared, UTF-8 nor GB18030: ask charset-normalizer (slow, so last).
    from charset_normalizer import from_bytes

    best = from_bytes(data[:1_000_000]).best()
    if best is None:
        raise InputError(path, "无法识别文本编码（不是 UTF-8、GBK/GB18030 或 UTF-16）")
    try:
        return data.decode(best.encoding, errors="replace")
    except LookupError:
        raise InputError(path, f"无法识别文本编码（{best.encoding}）") from None
