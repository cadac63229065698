"""Bytes → text. The only place that guesses encodings.

Chinese government pages are UTF-8 or GBK/GB18030, with or without a BOM or
a declaration (and the declaration is sometimes wrong); Notepad saves
UTF-16. Binary files are refused here, before any parser sees them.
"""

from __future__ import annotations

import codecs
import re

from ..core.errors import InputError
from ..text.lazyre import lazy_compile

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_DECLARED = lazy_compile(rb"""charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_CHINESE_ALIASES = {"gb2312", "gbk", "gb18030", "x-gbk", "cp936", "euc-cn"}
# Declared charsets taken at their word (Python codec names). Others are
# ignored, as browsers ignore them: a page whose <meta> is readable as ASCII
# is not UTF-16, and codecs such as punycode, rot13 or unicode_escape are not
# page encodings at all (some decode in quadratic time).
_DECLARABLE = lazy_compile(
    r"(utf_8|gb18030|gbk|gb2312|big5|big5hkscs|cp950|euc_jp|shift_jis|cp932|euc_kr|cp949"
    r"|iso8859_\d+|cp125\d|latin_1|ascii|koi8_[ru]|mac_roman|cp874|tis_620)"
)
# C0 control bytes other than tab, newline, form feed, carriage return, ESC.
_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27))
_SAMPLE = 65536


def _looks_binary(sample: bytes) -> bool:
    if not sample:
        return False
    controls = len(sample) - len(sample.translate(None, _CONTROL))
    return controls / len(sample) > 0.01


def _plausibility(text: str) -> float:
    """Share of characters that are CJK, ASCII printable, CJK punctuation or
    full-width forms: near 1 for a report, low for bytes read as the wrong
    UTF-16 byte order."""
    if not text:
        return 0.0
    good = 0
    for ch in text:
        code = ord(ch)
        if (
            32 <= code < 127
            or ch in "\t\n\r\f"
            or 0x3000 <= code <= 0x303F
            or 0x3400 <= code <= 0x9FFF
            or 0xFF00 <= code <= 0xFFEF
            or 0x2000 <= code <= 0x206F
        ):
            good += 1
    return good / len(text)


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 without BOM: ASCII characters give a NUL byte, and so do CJK
    characters such as 一 (U+4E00). Both byte orders are tried on a sample;
    the one that reads as CJK and ASCII wins."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    if sample.count(0) < max(2, len(sample) // 200):
        return None  # a stray NUL or two in 8-bit text, not UTF-16
    sample = sample[: len(sample) // 2 * 2]
    scores = {enc: _plausibility(sample.decode(enc, errors="replace")) for enc in ("utf-16-le", "utf-16-be")}
    encoding = max(scores, key=scores.get)
    if scores[encoding] < 0.9:
        return None
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def _utf8_prefix(sample: bytes) -> bool:
    """Whether `sample` (the start of a file, maybe cut inside a character)
    is valid UTF-8."""
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
    except UnicodeDecodeError:
        return False
    return True


def _declared(data: bytes) -> str | None:
    match = _DECLARED.search(data[:8192])
    if not match:
        return None
    name = match.group(1).decode("ascii", "replace").lower()
    if name in _CHINESE_ALIASES:
        return "gb18030"
    try:
        codec = codecs.lookup(name).name.replace("-", "_")
    except LookupError:
        return None
    return codec if _DECLARABLE.fullmatch(codec) else None


# Words every report has: a decoding holding none of them is not the report.
_VOCABULARY = ("信息公开", "政府", "报告", "申请", "公开")
# A UTF-8 page damaged in a few places (a stray byte, a character cut at the
# end) is still UTF-8: read with U+FFFD where the damage is, within this share.
_MAX_DAMAGE = 0.001


def _has_vocabulary(text: str) -> bool:
    return any(word in text for word in _VOCABULARY)


def _damaged_utf8(path: str, data: bytes, notes: list | None) -> str | None:
    """`data` as UTF-8 with replacement characters, when only a few bytes are
    invalid and the rest reads as a report; a note gives the first offset."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        first = exc.start
    else:
        return None
    text = data.decode("utf-8", errors="replace")
    damaged = len(re.findall("\ufffd+", text))  # places, each one or more replaced bytes
    if damaged > max(3, len(data) * _MAX_DAMAGE) or not _has_vocabulary(text):
        return None
    if notes is not None:
        from ..core.model import Location, LoadNote

        where = f"第 {first} 字节处" + (f"等 {damaged} 处" if damaged > 1 else "")
        notes.append(LoadNote("load-problem", f"文件是 UTF-8 文本，但{where}有损坏的字节，已以“\ufffd”代替后继续检查", Location(path, line=text.count("\n", 0, text.find("\ufffd")) + 1)))
    return text


def decode(path: str, data: bytes, declared_search: bool = False, notes: list | None = None) -> str:
    """Decode a text-like input; raises InputError for binary or undecodable data.

    Strict UTF-8 is tried first, whatever the file declares: valid multi-byte
    UTF-8 does not happen by chance, while pages saved as UTF-8 under an old
    `charset=gb2312` declaration do. Then the declaration (`declared_search`:
    an HTML/XML charset), then GB18030. NUL bytes in 8-bit text are dropped.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                raise InputError(path, f"文件以 {encoding} 字节序标记开头，但内容不是有效的 {encoding} 文本") from None
    sample = data[:_SAMPLE]
    if b"\x00" in sample:
        # UTF-16 without BOM, unless the bytes around the NULs are UTF-8 (or
        # ASCII): stray NULs in 8-bit text, or UTF-16 of ASCII only, which
        # reads the same either way.
        if not _utf8_prefix(sample.replace(b"\x00", b"")):
            text = _utf16_without_bom(data)
            if text is not None:
                return text
        if sample.count(0) > len(sample) * 0.55:
            raise InputError(path, "看起来是二进制文件（大部分是 NUL 字节），不是文本报告")
        data = data.replace(b"\x00", b"")  # never content
        sample = data[:_SAMPLE]
    if _looks_binary(sample):
        raise InputError(path, "看起来是二进制文件，不是文本报告")

    candidates = ["utf-8"]
    if declared_search:
        declared = _declared(data)
        if declared:
            candidates.append(declared)
    candidates.append("gb18030")
    fallback = None
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            if encoding == "utf-8":
                damaged = _damaged_utf8(path, data, notes)
                if damaged is not None:
                    return damaged.replace("\x00", "")
            continue
        if encoding != "utf-8" and not _has_vocabulary(text):
            # Decodes, but as no report reads (Cyrillic, Arabic letters…):
            # kept only if no other decoding does better.
            fallback = fallback or text
            continue
        return text.replace("\x00", "")  # NULs past the sample
    # Neither UTF-8, declared nor GB18030: ask charset-normalizer (slow, so last).
    from charset_normalizer import from_bytes

    best = from_bytes(data[:1_000_000]).best()
    if best is None and fallback is not None:
        return fallback.replace("\x00", "")
    if best is None:
        raise InputError(path, "无法识别文本编码（不是 UTF-8、GBK/GB18030 或 UTF-16）")
    try:
        text = data.decode(best.encoding, errors="replace").replace("\x00", "")
    except LookupError:
        raise InputError(path, f"无法识别文本编码（{best.encoding}）") from None
    if fallback is not None and not _has_vocabulary(text):
        return fallback.replace("\x00", "")
    return text
